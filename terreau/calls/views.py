from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.places.models import Place
from terreau.territories.models import Territory

from . import eligibility, permissions, services
from .forms import ApplicationForm, CoAuthorForm, TerritoryQueryForm
from .models import Application, AuthorityRepresentative, Call, Support

ROUTE_LABELS = {
    eligibility.AUTHORITY: gettext_lazy("par la collectivité"),
    eligibility.CITIZENS: gettext_lazy("par les habitant·es"),
    eligibility.PLACES: gettext_lazy("par les lieux"),
}


def _with_counts(applications):
    return applications.annotate(
        citizen_count=Count("supports", filter=Q(supports__kind=Support.Kind.CITIZEN)),
        place_count=Count("supports", filter=Q(supports__kind=Support.Kind.PLACE)),
        authority_count=Count("supports", filter=Q(supports__kind=Support.Kind.AUTHORITY)),
    )


def _routes(application):
    counts = eligibility.Counts(
        citizens=application.citizen_count,
        places=application.place_count,
        authority=application.authority_count > 0,
    )
    return [ROUTE_LABELS[r] for r in services.routes_of(application, counts)]


def call_list(request):
    calls = Call.objects.annotate(
        submitted=Count("applications", filter=Q(applications__status="submitted"))
    )
    return render(request, "calls/call_list.html", {"calls": calls, "now": timezone.now()})


def call_detail(request, pk):
    call = get_object_or_404(Call, pk=pk)
    applications = list(
        _with_counts(call.applications.filter(status=Application.Status.SUBMITTED))
        .select_related("territory")
        .order_by("territory__name")
    )
    for application in applications:
        application.call = call
        application.routes = _routes(application)
    mine = []
    if request.user.is_authenticated:
        mine = list(call.applications.filter(authors=request.user).select_related("territory"))
    now = timezone.now()
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "applications": applications,
            "mine": mine,
            "is_open": call.is_open(now),
            "form": TerritoryQueryForm(),
        },
    )


@login_required
def application_start(request, pk):
    """Find the territory (GET ?q=), then start its application (POST)."""
    call = get_object_or_404(Call, pk=pk)
    if request.method == "POST":
        territory = Territory.objects.filter(
            pk=_int(request.POST.get("territory")), kind__in=services.APPLICANT_KINDS
        ).first()
        if territory is None:
            messages.error(request, _("Choisissez un territoire dans la liste."))
            return redirect("calls:start", pk=call.pk)
        try:
            application = services.start_application(
                call=call, territory=territory, person=request.user, at=timezone.now()
            )
        except services.CallRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(call)
        messages.success(request, _("Le brouillon est créé : il reste privé jusqu'à son dépôt."))
        return redirect("calls:edit", pk=application.pk)
    form = TerritoryQueryForm(request.GET or None)
    territories = []
    if form.is_valid():
        territories = list(
            Territory.objects.search(form.cleaned_data["q"])
            .filter(kind__in=services.APPLICANT_KINDS)
            .select_related("departement")[:20]
        )
    return render(
        request,
        "calls/application_start.html",
        {"call": call, "form": form, "territories": territories},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _application(request, pk) -> Application:
    application = get_object_or_404(Application.objects.select_related("call", "territory"), pk=pk)
    if not permissions.can_view_application(request.user, application):
        raise Http404
    return application


def _own_application(request, pk) -> Application:
    application = _application(request, pk)
    if not permissions.can_edit_application(request.user, application):
        raise PermissionDenied
    return application


def application_detail(request, pk):
    application = _application(request, pk)
    application.citizen_count, application.place_count, application.authority_count = _counts_tuple(
        services.counts_of(application)
    )
    now = timezone.now()
    context = {
        "application": application,
        "call": application.call,
        "routes": _routes(application),
        "is_open": application.call.is_open(now),
        "is_author": permissions.is_author(request.user, application),
        "authors": list(application.authors.all()),
    }
    if request.user.is_authenticated:
        mine = list(
            Support.objects.filter(call=application.call, person=request.user).select_related(
                "place", "application__territory"
            )
        )
        context["my_supports"] = [s for s in mine if s.application_id == application.pk]
        context["supported_elsewhere"] = [
            s for s in mine if s.application_id != application.pk and s.kind == "citizen"
        ]
        context["my_places"] = list(
            Place.objects.filter(hosts__person=request.user, status=Place.Status.PUBLISHED)
        )
        context["represents"] = AuthorityRepresentative.objects.filter(
            person=request.user, territory=application.territory
        ).exists()
        context["author_form"] = CoAuthorForm()
    return render(request, "calls/application_detail.html", context)


def _counts_tuple(counts):
    return counts.citizens, counts.places, int(counts.authority)


@login_required
def application_edit(request, pk):
    application = _own_application(request, pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application=application, at=timezone.now(), **form.cleaned_data
            )
        except services.CallRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("La candidature est enregistrée."))
        return redirect(application)
    return render(
        request, "calls/application_form.html", {"application": application, "form": form}
    )


@require_POST
@login_required
def add_author(request, pk):
    application = _own_application(request, pk)
    form = CoAuthorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une adresse e-mail valide."))
        return redirect(application)
    try:
        person = services.add_author(
            application=application, email=form.cleaned_data["email"], at=timezone.now()
        )
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(name)s est co-auteur·e.") % {"name": person})
    return redirect(application)


@require_POST
@login_required
def submit(request, pk):
    application = _own_application(request, pk)
    try:
        services.submit_application(application=application, at=timezone.now())
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("La candidature est déposée : elle est publique et peut être soutenue.")
        )
    return redirect(application)


@require_POST
@login_required
def support(request, pk):
    application = _application(request, pk)
    kind = request.POST.get("kind")
    now = timezone.now()
    try:
        if kind == Support.Kind.CITIZEN:
            services.support_as_citizen(application=application, person=request.user, at=now)
        elif kind == Support.Kind.PLACE:
            place = Place.objects.filter(pk=_int(request.POST.get("place"))).first()
            if place is None:
                raise services.CallRefused(_("Choisissez l'un de vos lieux."), code="no-place")
            services.support_as_place(
                application=application, person=request.user, place=place, at=now
            )
        elif kind == Support.Kind.AUTHORITY:
            services.support_as_authority(application=application, person=request.user, at=now)
        else:
            raise services.CallRefused(_("Ce type de soutien n'existe pas."), code="kind")
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre soutien est compté. Merci !"))
    return redirect(application)


@require_POST
@login_required
def withdraw(request, pk):
    application = _application(request, pk)
    support = Support.objects.filter(
        pk=_int(request.POST.get("support")), application=application, person=request.user
    ).first()
    if support is None:
        messages.error(request, _("Ce soutien n'existe pas ou n'est pas le vôtre."))
        return redirect(application)
    try:
        services.withdraw_support(support=support, person=request.user, at=timezone.now())
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre soutien est retiré."))
    return redirect(application)
