from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.accounts.decorators import staff_required
from terreau.accounts.permissions import has_staff_powers
from terreau.places.models import Place
from terreau.territories.models import AuthorityRepresentative, Territory

from . import eligibility, jury, permissions, services
from .forms import (
    AbandonForm,
    ApplicationForm,
    CoAuthorForm,
    ConflictForm,
    ReviewForm,
    TerritoryQueryForm,
)
from .models import (
    Application,
    AuthorInvitation,
    Call,
    Juror,
    Laureate,
    Support,
)

ROUTE_LABELS = {
    eligibility.AUTHORITY: gettext_lazy("par la collectivité"),
    eligibility.CITIZENS: gettext_lazy("par les habitant·es"),
    eligibility.PLACES: gettext_lazy("par les lieux"),
}


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


APPLICATIONS_PER_PAGE = 20


def call_detail(request, pk):
    call = get_object_or_404(Call, pk=pk)
    applications = list(
        call.applications.filter(status=Application.Status.SUBMITTED)
        .with_support_counts()
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
    context = {
        "call": call,
        "applications": applications,
        # The table of supports, by pages: a call may receive a hundred applications.
        "table": Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "mine": mine,
        "is_open": call.is_open(now),
        "is_announced": call.is_announced(now),
        "form": TerritoryQueryForm(),
    }
    if request.user.is_authenticated:
        context["is_juror"] = jury.juror_of(request.user, call) is not None
        context["checks_supports"] = has_staff_powers(request.user)
    if context["is_announced"]:
        # Results, grid and totals are public from the announcement, not before.
        context["laureates"] = list(
            call.laureates.select_related("application__territory", "marathon")
        )
        context["criteria"] = list(call.criteria.all())
        context["totals"] = Support.objects.filter(call=call).aggregate(
            citizens=Count("pk", filter=Q(kind=Support.Kind.CITIZEN)),
            places=Count("pk", filter=Q(kind=Support.Kind.PLACE)),
            authorities=Count("pk", filter=Q(kind=Support.Kind.AUTHORITY)),
        )
        context["eligible_count"] = sum(1 for a in applications if a.routes)
    context["max_drafts"] = services.MAX_DRAFTS_PER_PERSON
    context["lapse_days"] = Application.DRAFT_LAPSE.days
    return render(request, "calls/call_detail.html", context)


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
            if refusal.code == "duplicate":
                holder = Application.objects.get(call=call, territory=territory)
                return redirect("calls:join", pk=holder.pk)
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
        application.supports.counts()
    )
    now = timezone.now()
    context = {
        "application": application,
        "call": application.call,
        "routes": _routes(application),
        "is_open": application.call.is_open(now),
        "is_author": permissions.is_author(request.user, application),
        "lapse_days": Application.DRAFT_LAPSE.days,
        "authors": list(application.authors.all()),
        "laureate": Laureate.objects.filter(application=application).first()
        if application.call.is_announced(now)
        else None,
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
        context["join_requests"] = (
            list(application.join_requests.select_related("person").order_by("created_at"))
            if context["is_author"]
            else []
        )
        context["pending_invitations"] = list(
            application.invitations.filter(
                accepted_at__isnull=True, created_at__gt=timezone.now() - AuthorInvitation.VALIDITY
            ).order_by("created_at")
        )
        context["abandon_form"] = AbandonForm()
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
def invite_author(request, pk):
    application = _own_application(request, pk)
    form = CoAuthorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une adresse e-mail valide."))
        return redirect(application)
    email = form.cleaned_data["email"]
    try:
        services.invite_author(
            application=application, invited_by=request.user, email=email, at=timezone.now()
        )
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        # The same words whether the address has an account or not.
        messages.success(
            request,
            _(
                "Invitation envoyée à %(email)s : la personne rejoint l'équipe en l'acceptant, "
                "avec un compte Terreau."
            )
            % {"email": email},
        )
    return redirect(application)


@login_required
def request_to_join(request, pk):
    """A team refused a territory asks the team that holds it to join: the
    page says only that an application exists, a draft's content and authors
    stay private."""
    application = get_object_or_404(Application.objects.select_related("call", "territory"), pk=pk)
    if permissions.is_author(request.user, application):
        return redirect(application)
    if request.method == "POST":
        try:
            services.request_to_join(
                application=application, person=request.user, at=timezone.now()
            )
        except services.CallRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Votre demande est transmise à l'équipe : si elle vous invite, vous recevrez "
                    "un lien par e-mail."
                ),
            )
        return redirect("calls:join", pk=application.pk)
    return render(
        request,
        "calls/join_request.html",
        {
            "application": application,
            "call": application.call,
            "asked": application.join_requests.filter(person=request.user).exists(),
            "is_open": not application.call.is_closed(timezone.now()),
        },
    )


@login_required
def accept_invitation(request, token):
    """The invited person, signed in, reads what they join (GET), then
    accepts (POST)."""
    if request.method == "POST":
        try:
            application = services.accept_author_invitation(
                token=token, person=request.user, at=timezone.now()
            )
        except services.CallRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("calls:list")
        messages.success(request, _("Vous êtes co-auteur·e de cette candidature."))
        return redirect(application)
    invitation = (
        AuthorInvitation.objects.select_related("application__call", "application__territory")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_usable(timezone.now()):
        raise Http404
    return render(request, "calls/accept_invitation.html", {"invitation": invitation})


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
def abandon(request, pk):
    application = _own_application(request, pk)
    form = AbandonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect(application)
    try:
        services.abandon_draft(application=application)
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(application)
    messages.success(
        request,
        _("Le brouillon pour %(territory)s est supprimé.") % {"territory": application.territory},
    )
    return redirect(application.call)


@require_POST
@login_required
def leave(request, pk):
    application = _own_application(request, pk)
    try:
        services.leave_application(application=application, person=request.user)
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(application)
    messages.success(
        request,
        _("Vous ne portez plus la candidature de %(territory)s.")
        % {"territory": application.territory},
    )
    return redirect(application.call)


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


# The jury ---------------------------------------------------------------


def _juror(request, call) -> Juror:
    juror = jury.juror_of(request.user, call)
    if juror is None:
        raise PermissionDenied
    return juror


@login_required
def jury_board(request, pk):
    """A juror's list: every eligible application, scored, to score, or set
    aside for a conflict of interest."""
    call = get_object_or_404(Call, pk=pk)
    juror = _juror(request, call)
    now = timezone.now()
    reviewed = set(juror.reviews.values_list("application", flat=True))
    applications = jury.eligible_applications(call) if call.is_closed(now) else []
    conflicts = jury.Conflicts(juror)
    for application in applications:
        application.is_reviewed = application.pk in reviewed
        application.conflict = None if application.is_reviewed else conflicts.of(application)
    return render(
        request,
        "calls/jury_board.html",
        {
            "call": call,
            "applications": applications,
            "is_closed": call.is_closed(now),
            "is_confirmed": call.laureates.exists(),
            "left": sum(1 for a in applications if not a.is_reviewed and not a.conflict),
        },
    )


@login_required
def review(request, pk):
    """Score one application on the grid (POST), or read the scores: the
    juror's own, and the others' once their own is submitted."""
    application = get_object_or_404(
        Application.objects.select_related("call", "territory"),
        pk=pk,
        status=Application.Status.SUBMITTED,
    )
    call = application.call
    juror = _juror(request, call)
    criteria = list(call.criteria.all())
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if form.is_valid():
            try:
                jury.submit_review(
                    juror=juror, application=application, marks=form.marks(), at=timezone.now()
                )
            except services.CallRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _("Votre notation est enregistrée : vous voyez maintenant celles des autres."),
                )
                return redirect("calls:review", pk=application.pk)
        else:
            messages.error(request, _("La notation n'est pas enregistrée : voyez les erreurs."))
    reviews = jury.visible_reviews(juror, application)
    return render(
        request,
        "calls/review.html",
        {
            "application": application,
            "call": call,
            "criteria": criteria,
            "form": form,
            "conflict_form": ConflictForm(),
            "reviews": reviews,
            "mine": next((r for r in reviews if r.juror_id == juror.pk), None),
            "conflict": None if reviews else jury.conflict_of(juror, application),
            "is_eligible": bool(services.routes_of(application)),
            "can_score": call.is_closed(timezone.now()) and not call.laureates.exists(),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


@require_POST
@login_required
def declare_conflict(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call", "territory"),
        pk=pk,
        status=Application.Status.SUBMITTED,
    )
    juror = _juror(request, application.call)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites en quelques mots la nature du lien."))
        return redirect("calls:review", pk=application.pk)
    try:
        jury.declare_conflict(
            juror=juror,
            application=application,
            reason=form.cleaned_data["reason"],
            at=timezone.now(),
        )
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("calls:review", pk=application.pk)
    messages.success(
        request,
        _("Le conflit d'intérêts est déclaré : vous ne notez pas %(t)s.")
        % {"t": application.territory},
    )
    return redirect("calls:jury", pk=application.call_id)


@staff_required
def ranking(request, pk):
    """Staff only: the jury's ranking, the laureates to confirm, then the
    marathons to create."""
    call = get_object_or_404(Call, pk=pk)
    if jury.scores_hidden_from(request.user, call):
        messages.info(
            request,
            _(
                "Vous êtes membre du jury de cet appel : le classement, qui montre les "
                "notes des autres, s'ouvre quand vous avez noté toutes vos candidatures."
            ),
        )
        return redirect("calls:jury", pk=call.pk)
    ranked, unscored = jury.ranking_of(call)
    laureates = list(call.laureates.select_related("application__territory", "marathon"))
    now = timezone.now()
    return render(
        request,
        "calls/ranking.html",
        {
            "call": call,
            "ranked": ranked,
            "unscored": unscored,
            "laureates": laureates,
            "is_closed": call.is_closed(now),
            "is_announced": call.is_announced(now),
            "jurors": list(call.jurors.select_related("person").annotate(n=Count("reviews"))),
        },
    )


@require_POST
@staff_required
def confirm_laureates(request, pk):
    call = get_object_or_404(Call, pk=pk)
    try:
        laureates = jury.confirm_laureates(call=call, by=request.user, at=timezone.now())
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(n)d lauréats confirmés : ils seront publics le %(date)s.")
            % {
                "n": len(laureates),
                "date": timezone.localtime(call.announced_at).strftime("%d/%m/%Y"),
            },
        )
    return redirect("calls:ranking", pk=call.pk)


@require_POST
@staff_required
def create_marathons(request, pk):
    call = get_object_or_404(Call, pk=pk)
    try:
        created = jury.create_marathons(call=call, at=timezone.now())
    except services.CallRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(n)d marathons créés.") % {"n": len(created)})
    return redirect("calls:ranking", pk=call.pk)


SUPPORTS_PER_PAGE = 50


@staff_required
def call_supports(request, pk):
    """For the cooperative's team: the supports given in an institution's
    name (local authorities, places), who gave them and when, to check
    them; residents' supports only as counts, never by name."""
    call = get_object_or_404(Call, pk=pk)
    supports = (
        Support.objects.filter(call=call)
        .exclude(kind=Support.Kind.CITIZEN)
        .select_related("application__territory", "place__commune", "person")
        .order_by("application__territory__name", "kind", "created_at")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        supports = supports.filter(application__territory__name__icontains=query)
    page = Paginator(supports, SUPPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "call": call,
        "page": page,
        "q": query,
        "query": urlencode({"q": query}) if query else "",
        "citizens": Support.objects.filter(call=call, kind=Support.Kind.CITIZEN).count(),
    }
    return render(request, "calls/call_supports.html", context)
