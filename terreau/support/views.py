from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.challenges.models import Challenge, Completion
from terreau.places.models import Place
from terreau.territories.models import Territory

from . import diagnostics, figures, permissions, routing, services
from .consent import CONSENT_TEXT, CONSENT_VERSION
from .domains import BY_KEY, DOMAINS
from .forms import (
    CloseForm,
    ConflictForm,
    DiagnosticForm,
    DirectoryForm,
    ExpertForm,
    FeedbackForm,
    HelpRequestForm,
    MeetingForm,
)
from .models import (
    Diagnostic,
    ExpertArea,
    ExpertConsent,
    ExpertProfile,
    HelpRequest,
    KnowledgeSheet,
    Offer,
)

PAGE_SIZE = 20
LEVELS = ("commune", "epci", "departement", "region")


def _with_details(profiles):
    """Profiles with what a list or a page shows, in a constant number of
    queries: their territories and the consent in force."""
    return profiles.prefetch_related(
        Prefetch("areas", queryset=ExpertArea.objects.select_related("territory")),
        Prefetch("consents", queryset=ExpertConsent.objects.order_by("-given_at", "-pk")),
    )


def index(request):
    """The accompaniment's front page: find an expert, become one."""
    return render(
        request,
        "support/index.html",
        {
            "form": DirectoryForm(),
            "domains": DOMAINS,
            "experts": ExpertProfile.objects.public().count(),
        },
    )


def directory(request, kind=None, code=None):
    """The experts of a territory, with those covering it from above (its
    EPCI, département, région); nationwide, the latest published."""
    territory = None
    if kind is not None:
        territory = get_object_or_404(Territory, kind=kind, code=code)
    form = DirectoryForm(request.GET or None)
    domain = ""
    if form.is_valid():
        domain = form.cleaned_data["domaine"]
        commune = form.cleaned_data["commune"]
        if commune is not None and commune != territory:
            url = reverse(
                "support:territory_directory", kwargs={"kind": commune.kind, "code": commune.code}
            )
            return redirect(url + ("?domaine=%s" % domain if domain else ""))
    profiles = ExpertProfile.objects.public()
    if territory is not None:
        profiles = profiles.covering(territory)
    if domain:
        # Domains are a short JSON list of fixed keys: matching the quoted key
        # in its text works alike on SQLite and PostgreSQL.
        profiles = profiles.filter(domains__icontains='"%s"' % domain)
    profiles = _with_details(profiles).order_by("-published_at", "pk")
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/directory.html",
        {
            "territory": territory,
            "form": form,
            "domain": BY_KEY.get(domain),
            "page": page,
            "profiles": page.object_list,
            "query": query.urlencode(),
        },
    )


def _visible_profile(request, pk) -> ExpertProfile:
    profile = get_object_or_404(
        _with_details(ExpertProfile.objects.select_related("person")), pk=pk
    )
    if not permissions.can_view_expert(request.user, profile):
        raise Http404
    return profile


def expert_detail(request, pk):
    profile = _visible_profile(request, pk)
    return render(
        request,
        "support/expert_detail.html",
        {
            "profile": profile,
            "shown": profile.shown,
            "is_owner": request.user.is_authenticated and profile.person_id == request.user.pk,
        },
    )


def expert_photo(request, pk):
    """The photo, from our own origin, only while its consent says so."""
    profile = _visible_profile(request, pk)
    if not profile.photo or "photo" not in profile.shown:
        raise Http404
    response = FileResponse(profile.photo.open("rb"), content_type="image/jpeg")
    # Short: a withdrawn consent must not live on in caches for long.
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def my_profile(request):
    profile = (
        _with_details(ExpertProfile.objects.filter(person=request.user))
        .prefetch_related("conflicts__place__commune", "conflicts__authority")
        .first()
    )
    form = ExpertForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        initial={"display_name": request.user.display_name, "contact": request.user.email}
        if profile is None
        else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_profile(person=request.user, **form.values())
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if saved.status == ExpertProfile.Status.PROPOSED:
                messages.success(
                    request,
                    _("Profil enregistré : il sera publié après relecture par la coopérative."),
                )
            else:
                messages.success(request, _("Profil enregistré."))
            return redirect("support:my_profile")
    return render(
        request,
        "support/my_profile.html",
        {
            "profile": profile,
            "form": form,
            "consent_text": CONSENT_TEXT,
            "consent_version": CONSENT_VERSION,
        },
    )


def _own_profile(request) -> ExpertProfile:
    profile = ExpertProfile.objects.filter(person=request.user).first()
    if profile is None:
        raise Http404
    return profile


@require_POST
@login_required
def pause(request):
    profile = _own_profile(request)
    paused = request.POST.get("paused") == "1"
    services.set_paused(profile=profile, paused=paused)
    messages.success(
        request,
        _("Vous êtes en pause : aucune demande ne vous sera proposée.")
        if paused
        else _("Pause terminée : les demandes peuvent à nouveau vous être proposées."),
    )
    return redirect("support:my_profile")


@require_POST
@login_required
def withdraw(request):
    profile = _own_profile(request)
    services.withdraw_consent(profile=profile)
    messages.success(
        request, _("Accord retiré : votre profil n'est plus visible et votre photo est supprimée.")
    )
    return redirect("support:my_profile")


@login_required
def conflicts(request):
    profile = _own_profile(request)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declare_conflict(
                profile=profile, note=data["note"], place=data["place"], authority=data["authority"]
            )
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Lien déclaré : ses demandes ne vous seront pas proposées.")
            )
            return redirect("support:my_profile")
    return render(request, "support/conflict_form.html", {"form": form})


@require_POST
@login_required
def conflict_remove(request, pk):
    services.remove_conflict(profile=_own_profile(request), pk=pk)
    messages.success(request, _("Lien retiré."))
    return redirect("support:my_profile")


@login_required
def moderation(request):
    if not permissions.can_moderate_experts(request.user):
        raise PermissionDenied
    waiting = _with_details(
        permissions.moderated_experts(request.user)
        .filter(status=ExpertProfile.Status.PROPOSED)
        .distinct()
    ).order_by("updated_at", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        waiting = waiting.filter(
            Q(display_name__icontains=query) | Q(presentation__icontains=query)
        )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/moderation.html",
        {
            "page": page,
            "waiting": page.object_list,
            "q": query,
            "query": "q=%s" % query if query else "",
        },
    )


def _moderated(request, pk) -> ExpertProfile:
    if not permissions.can_moderate_experts(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.moderated_experts(request.user).distinct(),
        pk=pk,
        status=ExpertProfile.Status.PROPOSED,
    )


@require_POST
@login_required
def moderation_publish(request, pk):
    profile = _moderated(request, pk)
    services.publish_profile(profile=profile, by=request.user)
    messages.success(
        request, _("Le profil de %(name)s est publié.") % {"name": profile.display_name}
    )
    return redirect("support:moderation")


@require_POST
@login_required
def moderation_reject(request, pk):
    profile = _moderated(request, pk)
    reason = request.POST.get("reason", "").strip()[:1000]
    if not reason:
        messages.error(request, _("Dites pourquoi le profil est refusé : son auteur le lira."))
        return redirect("support:moderation")
    services.reject_profile(profile=profile, by=request.user, reason=reason)
    messages.success(
        request, _("Le profil de %(name)s est refusé.") % {"name": profile.display_name}
    )
    return redirect("support:moderation")


# --- Requests for help -----------------------------------------------------


@login_required
def ask(request):
    """Ask for help; from an expert's page (?expert=), that expert is
    offered the request first if the rule allows it."""
    preferred = None
    expert_id = request.GET.get("expert") or request.POST.get("expert")
    if expert_id and expert_id.isdigit():
        preferred = ExpertProfile.objects.public().filter(pk=expert_id).first()
    initial = {}
    if request.GET.get("domaine") in BY_KEY:
        initial["domain"] = request.GET["domaine"]
    elif preferred is not None and preferred.domains:
        initial["domain"] = preferred.domains[0]
    form = HelpRequestForm(request.POST or None, person=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.ask_for_help(person=request.user, preferred=preferred, **form.values())
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if asked.status == HelpRequest.Status.OPEN:
                messages.success(
                    request,
                    _("Demande envoyée : elle est proposée à des experts de votre territoire."),
                )
            else:
                messages.warning(
                    request,
                    _("Demande enregistrée, mais aucun expert n'est disponible pour l'instant."),
                )
            return redirect(asked)
    return render(
        request,
        "support/ask.html",
        {"form": form, "preferred": preferred, "rule": routing.RULE},
    )


@login_required
def my_requests(request):
    """My requests, and, as an expert, the requests offered to me and those
    I accepted."""
    mine = HelpRequest.objects.filter(requester=request.user).select_related("territory")
    profile = ExpertProfile.objects.filter(person=request.user).first()
    offered = accepted = []
    if profile is not None:
        offered = (
            Offer.objects.filter(expert=profile, state=Offer.State.PENDING)
            .select_related("request__territory")
            .order_by("expires_at")
        )
        accepted = HelpRequest.objects.filter(expert=profile).select_related("territory")
    return render(
        request,
        "support/my_requests.html",
        {"mine": mine[:100], "offered": offered, "accepted": accepted[:100], "profile": profile},
    )


def _visible_request(request, pk) -> HelpRequest:
    help_request = get_object_or_404(
        HelpRequest.objects.select_related(
            "requester", "territory", "place", "authority", "expert__person"
        ),
        pk=pk,
    )
    if not permissions.can_view_request(request.user, help_request):
        raise Http404
    return help_request


@login_required
def request_detail(request, pk):
    help_request = _visible_request(request, pk)
    my_offer = Offer.objects.filter(
        request=help_request, expert__person=request.user, state=Offer.State.PENDING
    ).first()
    is_expert = permissions.is_accepted_expert(request.user, help_request)
    is_requester = help_request.requester_id == request.user.pk
    accepted = help_request.status in (HelpRequest.Status.ACCEPTED, HelpRequest.Status.CLOSED)
    return render(
        request,
        "support/request_detail.html",
        {
            "help_request": help_request,
            "events": help_request.events.all(),
            "my_offer": my_offer,
            "is_expert": is_expert,
            "is_requester": is_requester,
            "show_contact": permissions.can_see_requester_contact(request.user, help_request),
            "show_expert": accepted and (is_requester or is_expert),
            "show_feedback": permissions.can_see_feedback(request.user, help_request),
            "meeting_form": MeetingForm(initial={"meeting": help_request.meeting}),
            "close_form": CloseForm(),
            "feedback_form": FeedbackForm(
                initial={"helped": help_request.helped, "comment": help_request.feedback}
            ),
            "rule": routing.RULE,
        },
    )


def _answer(request, refusal_or_none, success, pk):
    if refusal_or_none is not None:
        messages.error(request, refusal_or_none.message)
    else:
        messages.success(request, success)
    return redirect("support:request", pk=pk)


def _my_offer(request, pk) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("expert", "request"), pk=pk)
    if offer.expert.person_id != request.user.pk:
        raise Http404
    return offer


@require_POST
@login_required
def accept(request, pk):
    offer = _my_offer(request, pk)
    try:
        services.accept_offer(offer=offer, person=request.user)
    except services.SupportRefused as refusal:
        return _answer(request, refusal, "", offer.request_id)
    return _answer(
        request, None, _("Demande acceptée : voici le contact de la personne."), offer.request_id
    )


@require_POST
@login_required
def decline(request, pk):
    offer = _my_offer(request, pk)
    try:
        services.decline_offer(offer=offer, person=request.user)
    except services.SupportRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Demande déclinée : elle passe à un autre expert."))
    return redirect("support:requests")


def _act(request, pk, action, form_class, success):
    help_request = _visible_request(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(help_request)
    try:
        action(help_request, form.cleaned_data if form else {})
    except services.SupportRefused as refusal:
        return _answer(request, refusal, "", pk)
    return _answer(request, None, success, pk)


@require_POST
@login_required
def meeting(request, pk):
    return _act(
        request,
        pk,
        lambda r, data: services.plan_meeting(
            help_request=r, person=request.user, meeting=data["meeting"]
        ),
        MeetingForm,
        _("Rendez-vous noté ; la personne est prévenue."),
    )


@require_POST
@login_required
def close(request, pk):
    return _act(
        request,
        pk,
        lambda r, data: services.close_request(
            help_request=r, person=request.user, outcome=data["outcome"]
        ),
        CloseForm,
        _("Demande close. Merci !"),
    )


@require_POST
@login_required
def feedback(request, pk):
    return _act(
        request,
        pk,
        lambda r, data: services.give_feedback(
            help_request=r, person=request.user, helped=data["helped"], comment=data["comment"]
        ),
        FeedbackForm,
        _("Merci pour votre avis : seuls l'expert et la coopérative le lisent."),
    )


@require_POST
@login_required
def withdraw_request(request, pk):
    return _act(
        request,
        pk,
        lambda r, data: services.withdraw_request(help_request=r, person=request.user),
        None,
        _("Demande retirée."),
    )


@login_required
def gaps(request):
    """Requests waiting without an expert in this person's scope, the gaps
    to fill; and figures per territory and domain, for the reports. No
    person and no description appear: what, where and since when."""
    if not permissions.can_see_gaps(request.user):
        raise PermissionDenied
    scope = permissions.requests_in_scope(request.user)
    waiting = (
        scope.filter(status=HelpRequest.Status.UNMATCHED)
        .select_related("territory")
        .order_by("created_at", "pk")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/gaps.html",
        {"page": page, "waiting": page.object_list, "figures": figures.by_area_and_domain(scope)},
    )


# --- Diagnostics -----------------------------------------------------------


def diagnostic_index(request):
    mine = []
    if request.user.is_authenticated:
        mine = Diagnostic.objects.filter(author=request.user).select_related("territory", "place")
    return render(
        request,
        "support/diagnostic_index.html",
        {"questionnaires": diagnostics.available(), "mine": mine[:50], "rule": diagnostics.RULE},
    )


def _questionnaire(key):
    try:
        return diagnostics.load(key)
    except FileNotFoundError:
        raise Http404 from None


@login_required
def diagnostic_take(request, key):
    if key not in {q.key for q in diagnostics.available()}:
        raise Http404
    questionnaire = _questionnaire(key)
    if questionnaire.audience != Diagnostic.Subject.PERSON:
        raise Http404  # a place's and an authority's are taken from their pages
    previous = Diagnostic.objects.filter(author=request.user, questionnaire=key).first()
    form = DiagnosticForm(
        request.POST or None, questionnaire=questionnaire, person=request.user, previous=previous
    )
    if request.method == "POST" and form.is_valid():
        try:
            taken = services.take_diagnostic(
                person=request.user,
                questionnaire=key,
                answers=form.answers(),
                commune=form.cleaned_data.get("commune"),
            )
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(taken)
    return render(
        request,
        "support/diagnostic_take.html",
        {"questionnaire": questionnaire, "form": form, "previous": previous},
    )


@login_required
def diagnostic_take_place(request, place_pk):
    """A place's diagnostic, taken by one of its hosts; the previous one
    (by any host) is offered again."""
    place = get_object_or_404(Place, pk=place_pk, hosts__person=request.user)
    questionnaire = _questionnaire("place")
    previous = Diagnostic.objects.filter(place=place, questionnaire="place").first()
    form = DiagnosticForm(
        request.POST or None, questionnaire=questionnaire, person=request.user, previous=previous
    )
    if request.method == "POST" and form.is_valid():
        try:
            taken = services.take_diagnostic(
                person=request.user, questionnaire="place", answers=form.answers(), place=place
            )
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(taken)
    return render(
        request,
        "support/diagnostic_take.html",
        {"questionnaire": questionnaire, "form": form, "previous": previous, "subject": place},
    )


@login_required
def diagnostic_take_authority(request, territory_pk):
    """An authority's diagnostic, taken by one of its verified
    representatives; the previous one (by any of them) is offered again."""
    territory = get_object_or_404(Territory, pk=territory_pk, representatives__person=request.user)
    questionnaire = _questionnaire("authority")
    previous = Diagnostic.objects.filter(authority=territory, questionnaire="authority").first()
    form = DiagnosticForm(
        request.POST or None, questionnaire=questionnaire, person=request.user, previous=previous
    )
    if request.method == "POST" and form.is_valid():
        try:
            taken = services.take_diagnostic(
                person=request.user,
                questionnaire="authority",
                answers=form.answers(),
                authority=territory,
            )
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(taken)
    return render(
        request,
        "support/diagnostic_take.html",
        {"questionnaire": questionnaire, "form": form, "previous": previous, "subject": territory},
    )


@require_POST
@login_required
def diagnostic_publish(request, pk):
    taken = get_object_or_404(Diagnostic, pk=pk)
    if not permissions.can_view_diagnostic(request.user, taken):
        raise Http404
    public = request.POST.get("public") == "1"
    try:
        services.set_diagnostic_public(diagnostic=taken, person=request.user, public=public)
    except services.SupportRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Diagnostic publié sur sa page.") if public else _("Diagnostic retiré de sa page."),
        )
    return redirect(taken)


def diagnostic_detail(request, pk):
    taken = get_object_or_404(
        Diagnostic.objects.select_related("territory", "place", "authority"), pk=pk
    )
    if not permissions.can_view_diagnostic(request.user, taken):
        raise Http404
    questionnaire = _questionnaire(taken.questionnaire)
    result = diagnostics.evaluate(questionnaire, taken.answers)
    sheets = {
        sheet.lever: sheet
        for sheet in KnowledgeSheet.objects.filter(lever__in=[lv.key for lv, _w in result.levers])
    }
    slugs = {slug for lever, _weight in result.levers for slug in lever.challenges}
    challenges = {c.slug: c for c in Challenge.objects.filter(slug__in=slugs, is_published=True)}
    experts = list(
        _with_details(ExpertProfile.objects.covering(taken.territory)).order_by("display_name")
    )
    levers = []
    for lever, weight in result.levers:
        sheet = sheets.get(lever.key)
        levers.append(
            {
                "lever": lever,
                "weight": weight,
                "share": weight * 100 / result.total if result.total else 0,
                "domain": BY_KEY.get(lever.domain),
                "understand": sheet.understand if sheet else lever.understand,
                "act": sheet.act if sheet else lever.act,
                "challenges": [challenges[s] for s in lever.challenges if s in challenges],
                "experts": [e for e in experts if lever.domain in e.domains][:3],
            }
        )
    previous, changes, done_since = None, [], []
    if permissions.is_diagnostic_author(request.user, taken) or permissions.speaks_for_subject(
        request.user, taken
    ):
        history = Diagnostic.objects.filter(
            questionnaire=taken.questionnaire, created_at__lt=taken.created_at
        )
        if taken.place_id:
            history = history.filter(place=taken.place_id)
            done = Completion.objects.filter(place=taken.place_id)
        elif taken.authority_id:
            history = history.filter(authority=taken.authority_id)
            done = Completion.objects.filter(
                place__commune__in=taken.authority.communes().values("pk")
            )
        else:
            history = history.filter(author=taken.author_id, subject=taken.subject)
            done = Completion.objects.filter(person=taken.author_id)
        previous = history.first()
    if previous is not None:
        for domain in result.domains:
            before = previous.totals.get(domain.domain)
            now = taken.totals.get(domain.domain)
            if before and now:
                changes.append(
                    {
                        "domain": BY_KEY.get(domain.domain),
                        "before": Decimal(before["value"]),
                        "now": Decimal(now["value"]),
                        "difference": Decimal(now["value"]) - Decimal(before["value"]),
                    }
                )
        done_since = list(
            done.filter(created_at__gte=previous.created_at, created_at__lt=taken.created_at)
            .select_related("challenge", "place")
            .order_by("created_at")[:50]
        )
    return render(
        request,
        "support/diagnostic_detail.html",
        {
            "taken": taken,
            "questionnaire": questionnaire,
            "result": result,
            "domains": [(BY_KEY.get(d.domain), d) for d in result.domains],
            "levers": levers,
            "previous": previous,
            "changes": changes,
            "done_since": done_since,
            "is_author": permissions.is_diagnostic_author(request.user, taken),
            "can_publish": permissions.can_publish_diagnostic(request.user, taken),
            "outdated": taken.version != questionnaire.version,
            "rule": diagnostics.RULE,
        },
    )
