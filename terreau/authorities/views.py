from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.accounts.decorators import staff_required
from terreau.accounts.permissions import has_staff_powers
from terreau.territories.models import AuthorityRepresentative, Territory
from terreau.territories.roles import represented_territory_ids, represents

from . import permissions, services
from .forms import AnimationForm, CodeForm, DecisionForm, RepresentationForm
from .models import AnimationRequest, RepresentationRequest


@login_required
def ask(request):
    form = RepresentationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.ask_to_represent(person=request.user, **form.values())
        except services.RepresentationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Demande envoyée.")
                + (
                    " " + _("Saisissez le code reçu sur votre adresse professionnelle.")
                    if asked.email
                    else ""
                ),
            )
            return redirect(asked)
    return render(request, "authorities/ask.html", {"form": form})


@login_required
def request_list(request):
    """My requests and roles; the requests I may decide (staff: all; a
    representative: their authorities')."""
    to_decide = RepresentationRequest.objects.filter(status="pending").exclude(person=request.user)
    if not has_staff_powers(request.user):
        to_decide = to_decide.filter(territory__in=represented_territory_ids(request.user))
    animations = AnimationRequest.objects.none()
    if has_staff_powers(request.user):
        animations = AnimationRequest.objects.filter(status="pending").exclude(person=request.user)
    context = {
        "animations_to_decide": animations.select_related("territory", "person")[:100],
        "my_animations": AnimationRequest.objects.filter(person=request.user).select_related(
            "territory"
        ),
        "decision_form": DecisionForm(),
        "mine": RepresentationRequest.objects.filter(person=request.user).select_related(
            "territory"
        ),
        "roles": AuthorityRepresentative.objects.filter(person=request.user).select_related(
            "territory"
        ),
        "to_decide": to_decide.select_related("territory", "person")[:100],
    }
    return render(request, "authorities/request_list.html", context)


def _visible_request(request, pk) -> RepresentationRequest:
    asked = get_object_or_404(
        RepresentationRequest.objects.select_related("territory", "person", "decided_by"), pk=pk
    )
    if not permissions.can_view(request.user, asked):
        raise Http404
    return asked


@login_required
def request_detail(request, pk):
    asked = _visible_request(request, pk)
    context = {
        "asked": asked,
        "mine": asked.person_id == request.user.pk,
        "can_decide": permissions.can_decide(request.user, asked),
        "code_form": CodeForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "authorities/request_detail.html", context)


@require_POST
@login_required
def confirm_code(request, pk):
    asked = _visible_request(request, pk)
    if asked.person_id != request.user.pk:
        raise Http404
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["code"]))
        return redirect(asked)
    try:
        services.confirm_email(request=asked, code=form.cleaned_data["code"])
    except services.RepresentationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Adresse confirmée. Votre demande attend maintenant sa vérification.")
        )
    return redirect(asked)


@require_POST
@login_required
def new_code(request, pk):
    asked = _visible_request(request, pk)
    if asked.person_id != request.user.pk:
        raise Http404
    try:
        services.send_new_code(request=asked)
    except services.RepresentationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Un nouveau code part vers votre adresse professionnelle."))
    return redirect(asked)


@require_POST
@login_required
def decide(request, pk):
    asked = _visible_request(request, pk)
    if not permissions.can_decide(request.user, asked):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d'accepter ou de refuser."))
        return redirect(asked)
    try:
        services.decide(
            request=asked,
            by=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except services.RepresentationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Décision enregistrée ; la personne est prévenue par e-mail."))
    return redirect(asked)


@require_POST
@login_required
def withdraw(request, pk):
    asked = _visible_request(request, pk)
    try:
        services.withdraw(request=asked, person=request.user)
    except services.RepresentationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Demande retirée ; son document est supprimé."))
    return redirect("authorities:requests")


@login_required
def document(request, pk):
    """The proof, to its author and to who may decide; never cached."""
    asked = _visible_request(request, pk)
    if not asked.document:
        raise Http404
    response = FileResponse(
        asked.document.open("rb"), content_type="application/pdf", filename="justificatif.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def visibility(request, pk):
    role = get_object_or_404(AuthorityRepresentative, pk=pk, person=request.user)
    show = request.POST.get("show") == "1"
    services.set_visibility(role=role, show=show)
    messages.success(
        request,
        _("Vous apparaissez sur la page de la collectivité.")
        if show
        else _("Vous n'apparaissez plus sur la page de la collectivité."),
    )
    return redirect("authorities:requests")


@login_required
def ask_animation(request, territory_pk):
    """A verified representative asks to animate the authority's territory."""
    territory = get_object_or_404(Territory, pk=territory_pk)
    if not represents(request.user, territory):
        raise Http404
    form = AnimationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_animate(person=request.user, territory=territory, **form.cleaned_data)
        except services.RepresentationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Demande envoyée à l'équipe de la coopérative."))
            return redirect("authorities:requests")
    return render(request, "authorities/ask_animation.html", {"form": form, "territory": territory})


@require_POST
@staff_required
def decide_animation(request, pk):
    asked = get_object_or_404(AnimationRequest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d'accepter ou de refuser."))
        return redirect("authorities:requests")
    try:
        services.decide_animation(
            request=asked,
            by=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except services.RepresentationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Décision enregistrée ; la personne est prévenue par e-mail."))
    return redirect("authorities:requests")
