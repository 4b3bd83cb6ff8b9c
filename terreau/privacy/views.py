import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import deletion, export, inventory
from .models import DataExport


@login_required
def trace(request):
    """« Ma trace »: everything kept about the signed-in person, and the two
    doors: a copy (export) and the deletion of the account."""
    sections = inventory.inventory(request.user)
    now = timezone.now()
    context = {
        "sections": sections,
        "total": sum(len(rows) for _kind, rows in sections),
        # What the person's data weighs, written as the copy writes it.
        "size": len(
            json.dumps(
                [rows for _kind, rows in sections], ensure_ascii=False, default=inventory.as_json
            ).encode()
        ),
        "exports": [
            (e, e.is_downloadable(now)) for e in DataExport.objects.filter(person=request.user)
        ],
    }
    return render(request, "privacy/trace.html", context)


@login_required
@require_POST
def request_export(request):
    try:
        export.request_export(request.user)
    except export.ExportRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Votre copie est en préparation : vous recevrez un e-mail quand elle sera prête."),
        )
    return redirect("privacy:trace")


@login_required
def download(request, pk):
    """The file, to its owner alone, while it is valid. Another person's
    export answers 404, as an absent one does."""
    data_export = get_object_or_404(DataExport, pk=pk, person=request.user)
    if not data_export.is_downloadable(timezone.now()):
        raise Http404
    response = FileResponse(
        data_export.file.open("rb"), as_attachment=True, filename="terreau-mes-donnees.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


class DeletionForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Tapez votre mot de passe pour confirmer.")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("Ce n'est pas votre mot de passe."), code="wrong")
        return password


@login_required
def delete_account(request):
    """What goes, what stays and why, then the deletion itself."""
    form = DeletionForm(request.POST or None, person=request.user)
    refusal = None
    try:
        deletion.refuse_if_impossible(request.user)
    except deletion.DeletionRefused as refused:
        refusal = refused.message
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            deletion.delete_account(request.user)
        except ProtectedError:
            # A link no rule above foresaw: nothing was deleted (one transaction).
            messages.error(request, _("Ce compte ne peut pas être supprimé ici : écrivez-nous."))
            return redirect("privacy:trace")
        logout(request)
        messages.success(request, _("Votre compte est supprimé. Merci d'avoir agi avec Terreau."))
        return redirect("pages:home")
    return render(request, "privacy/delete.html", {"form": form, "refusal": refusal})
