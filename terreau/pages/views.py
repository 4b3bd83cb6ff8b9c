"""Pages that gather several apps: home, the territory, place and event
pages, the presence page a code opens (and the défi it validates), the
printable poster.

They sit above every app (like the API will), so that no lower app has to
import a higher one to show, say, the places of a territory. Lower apps give
these pages their reads (`place_context`, `event_context`) and partial
templates; the pages' own templates live here, under `pages/`.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.boussole.models import Assessment
from terreau.calls.models import Call, Support
from terreau.challenges import plausibility, progress, weekly, where
from terreau.challenges import services as challenges
from terreau.challenges.forms import JoinForm
from terreau.challenges.models import Completion, Marathon, Participant, TeamMember
from terreau.challenges.views import challenge_context, marathon_context
from terreau.checkins import limits, tokens
from terreau.checkins import services as checkins
from terreau.checkins.models import CheckIn
from terreau.checkins.permissions import can_show_presence_codes, can_validate_presence
from terreau.checkins.qr import qr_svg
from terreau.checkins.views import host_place
from terreau.core import versions
from terreau.editorial.models import Story, about_territory
from terreau.events.models import Event
from terreau.events.permissions import can_publish_event
from terreau.events.views import event_context
from terreau.places import structured_data
from terreau.places.models import Place
from terreau.places.permissions import can_moderate_places
from terreau.places.views import place_context
from terreau.support.models import Diagnostic
from terreau.territories import freshness
from terreau.territories.forms import TerritorySearchForm
from terreau.territories.models import AuthorityRepresentative, Territory, TerritoryImport
from terreau.territories.roles import represents

from . import algorithms, hosting, search
from .forms import DefiChoiceForm, SearchForm

PLACES_ON_TERRITORY_PAGE = 10
EVENTS_ON_PAGE = 5
STORIES_ON_PAGE = 3
CHILDREN_ON_TERRITORY_PAGE = 30


def home(request):
    home_commune = None
    if request.user.is_authenticated and request.user.home_commune_id:
        home_commune = Territory.objects.select_related("departement", "epci").get(
            pk=request.user.home_commune_id
        )
    recent_places = Place.objects.published().for_listing().order_by("-published_at", "-pk")
    events = Event.objects.visible().upcoming(timezone.now()).for_listing()
    if home_commune is not None:
        events = events.in_territory(home_commune.epci or home_commune)
    context = {
        "form": TerritorySearchForm(),
        "home_commune": home_commune,
        "recent_places": list(recent_places[:5]),
        "events": list(events[:EVENTS_ON_PAGE]),
        "latest_story": Story.objects.visible(timezone.now()).select_related("territory").first(),
    }
    return render(request, "pages/home.html", context)


def algorithms_page(request):
    """Every rule that orders, selects, counts or decides, from its module."""
    return render(request, "pages/algorithms.html", {"algorithms": algorithms.algorithms()})


def search_page(request):
    """Places and events by name, description or commune (pages.search)."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "places": None, "events": None}
    if form.is_valid():
        query = form.cleaned_data["q"]
        context["places"] = list(search.places(query)[: search.RESULTS])
        context["events"] = list(search.events(query)[: search.RESULTS])
        context["query"] = query
    return render(request, "pages/search.html", context)


def marathons(request):
    """Every marathon, and the calls through which a territory gets one
    (those open now first)."""
    now = timezone.now()
    calls = list(Call.objects.filter(closes_at__gt=now).order_by("closes_at"))
    context = {
        "marathons": list(Marathon.objects.select_related("territory").order_by("-starts_on")),
        "open_calls": [call for call in calls if call.is_open(now)],
        "coming_calls": [call for call in calls if not call.is_open(now)],
    }
    return render(request, "pages/marathons.html", context)


@login_required
def my_page(request):
    """My marathons, teams and défis done: only I see this page."""
    participations = Participant.objects.filter(person=request.user).select_related("marathon")
    memberships = TeamMember.objects.filter(person=request.user).select_related("team__marathon")
    completions = Completion.objects.filter(person=request.user).select_related(
        "challenge", "place", "stage__marathon"
    )[:100]
    lines = progress.impact_of(Completion.objects.filter(person=request.user))
    context = {
        "participations": list(participations),
        "memberships": list(memberships),
        "completions": list(completions),
        "totals": progress.totals_by_unit(lines),
        "can_moderate_places": can_moderate_places(request.user),
    }
    return render(request, "pages/me.html", context)


def place_page(request, pk):
    context = place_context(request, pk)
    place = context["place"]
    context.update(_place_activity(place, timezone.now()))
    context["can_publish_event"] = can_publish_event(request.user, place)
    if place.authority_territory_id:
        context["authority"] = Territory.objects.filter(pk=place.authority_territory_id).first()
    context["can_show_presence_codes"] = can_show_presence_codes(request.user, place)
    context["can_validate_presence"] = can_validate_presence(request.user, place)
    context["stories"] = list(
        Story.objects.visible(timezone.now()).filter(places=place)[:STORIES_ON_PAGE]
    )
    context["is_host"] = any(host.person_id == request.user.pk for host in context["hosts"])
    if place.is_published:
        context["structured_data"] = structured_data.as_script_content(
            structured_data.place_data(
                place, context["opening_hours"], settings.SITE_URL + place.get_absolute_url()
            )
        )
    return render(request, "pages/place.html", context)


def _place_activity(place: Place, now) -> dict:
    """Its next events, the défis done there and its public diagnostic, kept
    in the shared cache until an event, a seat or a défi changes in its
    commune, its diagnostic is published or withdrawn, or the first listed
    event ends."""

    def compute():
        events = Event.objects.filter(place=place).upcoming(now).for_listing()
        lines = progress.impact_of(Completion.objects.filter(place=place))
        return {
            "events": list(events[:EVENTS_ON_PAGE]),
            "defis_done": sum(line.count for line in lines),
            "impact_totals": progress.totals_by_unit(lines),
            "diagnostic": Diagnostic.objects.filter(place=place, is_public=True).first(),
        }

    def until_an_event_ends(activity) -> float:
        ends = (versions.seconds_until(event.ends_at, now) for event in activity["events"])
        return min(ends, default=versions.MAX_AGE)

    scopes = [
        freshness.listing(place.commune_id),
        freshness.done(place.commune_id),
        freshness.place(place.pk),
    ]
    name = "place-activity:%d" % place.pk
    return versions.remember(name, scopes, compute, timeout=until_an_event_ends)


def event_page(request, pk):
    context = event_context(request, pk)
    context["can_validate_presence"] = can_validate_presence(request.user, context["event"].place)
    context["stories"] = list(
        Story.objects.visible(timezone.now()).filter(events=context["event"])[:STORIES_ON_PAGE]
    )
    return render(request, "pages/event.html", context)


def challenge_page(request, slug):
    context = challenge_context(request, slug)
    context["stories"] = list(
        Story.objects.visible(timezone.now()).filter(challenges=context["challenge"])[
            :STORIES_ON_PAGE
        ]
    )
    return render(request, "pages/challenge.html", context)


def marathon_page(request, pk):
    """The marathon, and the stories about it or showing its live figures."""
    context = marathon_context(request, pk)
    marathon = context["marathon"]
    about = Q(marathons=marathon) | Q(figures_of_marathon=marathon)
    context["stories"] = list(
        Story.objects.visible(timezone.now()).filter(about).distinct()[:STORIES_ON_PAGE]
    )
    return render(request, "pages/marathon.html", context)


def territory_page(request, kind, code):
    territory = get_object_or_404(
        Territory.objects.select_related("region", "departement", "epci"), kind=kind, code=code
    )
    now = timezone.now()
    context = {
        "territory": territory,
        **_territory_figures(territory, timezone.localdate()),
        **_territory_listing(territory, now),
        "stories": list(
            Story.objects.visible(now).filter(about_territory(territory))[:STORIES_ON_PAGE]
        ),
    }
    return render(request, "pages/territory.html", context)


def _territory_figures(territory: Territory, today) -> dict:
    """The défis done in the territory, their impact and weekly chart:
    aggregates over every completion of its communes, kept in the shared
    cache until a défi is done there (`freshness.done_changed`) or the day
    turns."""

    def compute():
        completions = Completion.objects.filter(place__in=territory.communes().values("places"))
        lines = progress.impact_of(completions)
        defis_done = sum(line.count for line in lines)
        return {
            "defis_done": defis_done,
            "impact_totals": progress.totals_by_unit(lines),
            # The chart only where something was done (one query fewer otherwise).
            **(weekly.chart(completions, today) if defis_done else {}),
        }

    name = "territory-figures:%d:%s" % (territory.pk, today.isoformat())
    return versions.remember(name, [freshness.done(territory.pk)], compute)


def _territory_listing(territory: Territory, now) -> dict:
    """Its places, next events, divisions and marathons, kept in the shared
    cache until one of them changes (a place, an event, a seat taken in the
    territory or, for a village with no place, its intercommunality; a
    marathon; an import of the territories) or the first listed event ends."""

    def compute():
        places = (
            Place.objects.published().in_territory(territory).for_listing().order_by("name", "pk")
        )
        places_count = places.count()
        children, children_count = _children(territory)
        events = Event.objects.visible().in_territory(territory).upcoming(now).for_listing()
        around = [territory] + [t for t in (territory.epci, territory.departement) if t]
        return {
            "marathons": list(Marathon.objects.filter(territory__in=around).order_by("-starts_on")),
            # Events happen at places: none to look for where no place is published.
            "events": list(events[:EVENTS_ON_PAGE]) if places_count else [],
            "places": list(places[:PLACES_ON_TERRITORY_PAGE]) if places_count else [],
            "places_count": places_count,
            **(_nearby(territory, now) if not places_count else {}),
            "children": children,
            "children_count": children_count,
            "source": TerritoryImport.objects.order_by("-imported_at").first(),
        }

    def until_an_event_ends(listing) -> float:
        shown = listing["events"] + listing.get("nearby_events", [])
        return min(
            (versions.seconds_until(e.ends_at, now) for e in shown), default=versions.MAX_AGE
        )

    scopes = [freshness.listing(territory.pk), freshness.MARATHONS, freshness.TERRITORIES]
    if territory.epci_id:
        scopes.append(freshness.listing(territory.epci_id))  # its places when it has none
    name = "territory-listing:%d" % territory.pk
    return versions.remember(name, scopes, compute, timeout=until_an_event_ends)


def authority_page(request, kind, code):
    """The local authority itself: who speaks for it (those who agreed to
    appear), what it supported, its marathons, its Boussole assessments and
    the places on its territory."""
    territory = get_object_or_404(Territory.objects.current(), kind=kind, code=code)
    places = Place.objects.published().in_territory(territory).for_listing().order_by("name", "pk")
    context = {
        "territory": territory,
        "representatives": list(
            AuthorityRepresentative.objects.filter(territory=territory, show_publicly=True)
            .select_related("person")
            .order_by("shown_since", "pk")
        ),
        "supports": list(
            Support.objects.filter(kind=Support.Kind.AUTHORITY, application__territory=territory)
            .select_related("application__call")
            .order_by("-created_at")
        ),
        "marathons": list(Marathon.objects.filter(territory=territory).order_by("-starts_on")),
        "assessments": list(
            Assessment.objects.filter(
                authority=territory, status=Assessment.Status.PUBLISHED
            ).order_by("-published_at")[:20]
        ),
        # The places it runs itself, where its representatives publish events.
        "own_places": list(places.filter(authority_level=territory.kind)[:50]),
        "places": list(places[:PLACES_ON_TERRITORY_PAGE]),
        "places_count": places.count(),
        "represents": represents(request.user, territory),
        "diagnostic": Diagnostic.objects.filter(authority=territory, is_public=True).first(),
    }
    return render(request, "pages/authority.html", context)


def _nearby(territory: Territory, now) -> dict:
    """A village with no place yet: what its intercommunality offers, so that
    its page still leads somewhere to act."""
    if territory.kind != Territory.Kind.COMMUNE or territory.epci is None:
        return {}
    epci = territory.epci
    places = Place.objects.published().in_territory(epci).for_listing().order_by("name", "pk")
    nearby_places = list(places[: PLACES_ON_TERRITORY_PAGE + 1])
    if not nearby_places:
        return {"nearby_area": epci}
    events = Event.objects.visible().in_territory(epci).upcoming(now).for_listing()
    return {
        "nearby_area": epci,
        "nearby_places": nearby_places[:PLACES_ON_TERRITORY_PAGE],
        "nearby_more": len(nearby_places) > PLACES_ON_TERRITORY_PAGE,
        "nearby_events": list(events[:EVENTS_ON_PAGE]),
    }


def _children(territory: Territory):
    """The divisions just below `territory` that a visitor would browse."""
    Kind = Territory.Kind
    current = Territory.objects.current()
    if territory.kind == Kind.REGION:
        children = current.filter(kind=Kind.DEPARTEMENT, region=territory).order_by("code")
    elif territory.kind == Kind.DEPARTEMENT:
        # EPCI are not tied to one département in the data: those with a
        # member commune here.
        children = current.filter(
            kind=Kind.EPCI,
            pk__in=current.communes().filter(departement=territory).values("epci"),
        ).order_by("name")
    elif territory.kind == Kind.EPCI:
        children = territory.communes().select_related("departement").order_by("name")
    else:
        return [], 0
    return list(children[:CHILDREN_ON_TERRITORY_PAGE]), children.count()


def _presence_or_refusal(request, token, now):
    """The presence a code stands for, or the page that says why not."""
    try:
        return checkins.presence_of(token, now), None
    except checkins.CheckInRefused as refusal:
        status = {"tampered": 400, "expired": 410}.get(refusal.code, 409)
        page = render(
            request, "pages/presence_refused.html", {"message": refusal.message}, status=status
        )
        return None, page


def _offered_defis(request, presence):
    if not request.user.is_authenticated:
        return []
    return challenges.open_challenges(
        person=request.user, place=presence.place, source=presence.source, day=presence.day
    )


def _invitations(request, presence):
    """The marathons running here that the person has not joined yet."""
    person = request.user if request.user.is_authenticated else None
    return where.marathons_to_join(person=person, place=presence.place, day=presence.day)


def short_presence(request, code):
    """A short code typed from the paper: the presence page of the code it
    stands for, where the same rules apply."""
    if limits.blocked(request, limits.SHORT_CODES):
        message = _(
            "Trop de codes inconnus tapés depuis cette adresse : réessayez dans dix minutes."
        )
        return render(request, "pages/presence_refused.html", {"message": message}, status=429)
    try:
        claim = checkins.claim_of_short_code(code)
    except checkins.CheckInRefused as refusal:
        limits.record_failure(request, limits.SHORT_CODES)
        return render(
            request, "pages/presence_refused.html", {"message": refusal.message}, status=404
        )
    return redirect("pages:presence", token=tokens.sign(claim))


def presence_page(request, token):
    """What the phone's camera opens: shows what will be validated, and the
    défis this presence validates; a signed-in person confirms with one tap
    (POST)."""
    presence, refused = _presence_or_refusal(request, token, timezone.now())
    if refused:
        return refused
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("%s?next=%s" % (reverse("account_login"), request.path))
        try:
            checkin = checkins.check_in(person=request.user, presence=presence)
        except checkins.CheckInRefused as refusal:
            context = {"message": refusal.message, "code": refusal.code, "presence": presence}
            return render(request, "pages/presence_refused.html", context, status=409)
        context = {
            "checkin": checkin,
            "presence": presence,
            "invitations": _invitations(request, presence),
            "join_form": JoinForm(),
        }
        return render(request, "pages/presence_done.html", context)
    offered = _offered_defis(request, presence)
    rules = plausibility.rules_of(challenge for _stage, challenge in offered)
    context = {
        "presence": presence,
        "token": token,
        "invitations": _invitations(request, presence),
        "join_form": JoinForm(),
        "defi_form": DefiChoiceForm(offered=offered),
        # Said before the person chooses: what a défi counts, and what it excludes.
        "defi_rules": [
            (challenge.title, rules[challenge.pk])
            for challenge in dict.fromkeys(challenge for _stage, challenge in offered)
        ],
    }
    return render(request, "pages/presence.html", context)


@require_POST
@login_required
def complete_defi(request, token):
    """Record the défi chosen on the presence page."""
    presence, refused = _presence_or_refusal(request, token, timezone.now())
    if refused:
        return refused
    form = DefiChoiceForm(request.POST, offered=_offered_defis(request, presence))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["defi"]))
        return redirect("pages:presence", token=token)
    stage, challenge = form.chosen()
    try:
        completion = challenges.complete_challenge(
            person=request.user, presence=presence, stage=stage, challenge=challenge
        )
    except (challenges.MarathonRefused, checkins.CheckInRefused) as refusal:
        messages.error(request, refusal.message)
        return redirect("pages:presence", token=token)
    messages.success(
        request,
        _("Défi relevé : « %(title)s ». Merci !") % {"title": completion.challenge.title},
    )
    return redirect(stage.marathon)


@login_required
def poster_page(request, pk):
    """A printable A4 poster: valid for the quarter, during opening hours,
    with the défis that scanning it validates today."""
    place = host_place(request, pk)
    now = timezone.now()
    zone = ZoneInfo(place.commune.time_zone)
    claim = tokens.poster_claim(place_id=place.pk, at=now, zone=zone)
    url = checkins.presence_url(claim)
    short_url = checkins.short_url(checkins.short_code_for(claim, now))
    day = now.astimezone(zone).date()
    context = {
        "place": place,
        "qr": qr_svg(url, label=_("Code de présence de %(place)s") % {"place": place.name}),
        "short_url": short_url,
        "claim": claim,
        "opening_hours": list(place.opening_hours.all()),
        "challenges": sorted(
            {c for _stage, c in challenges.poster_challenges(place=place, day=day)}, key=str
        ),
    }
    return render(request, "pages/poster.html", context)


def _validating_host_place(request, pk) -> Place:
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not can_validate_presence(request.user, place):
        raise PermissionDenied
    return place


def _local_today(place: Place):
    return timezone.now().astimezone(ZoneInfo(place.commune.time_zone)).date()


@login_required
def place_presence(request, pk):
    """A host validates someone at the place, found by name among the people
    who have a link to it (`hosting.linked_people`)."""
    place = _validating_host_place(request, pk)
    today = _local_today(place)
    query = request.GET.get("q", "").strip()[:60]
    candidates = hosting.linked_people(place, day=today, name=query) if len(query) >= 2 else []
    present = set(
        CheckIn.objects.filter(place=place, day=today, event__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    return render(
        request,
        "pages/place_presence.html",
        {
            "place": place,
            "query": query,
            "candidates": candidates,
            "present": present,
            "present_count": len(present),
        },
    )


def _candidate(request, place: Place, value):
    """The one linked person the form names, or None."""
    person_id = _int(value)
    if person_id is None:
        return None
    found = hosting.linked_people(place, day=_local_today(place), person_id=person_id)
    return found[0] if found else None


@login_required
def confirm_place_presence(request, pk):
    """Names the person and what distinguishes them before anything is
    recorded: three « Léa » must not be one click apart."""
    place = _validating_host_place(request, pk)
    candidate = _candidate(request, place, request.GET.get("personne"))
    if candidate is None:
        messages.error(request, _("Cette personne n'a pas de lien avec ce lieu."))
        return redirect("pages:place_presence", pk=place.pk)
    return render(
        request,
        "checkins/confirm_presence.html",
        {
            "where": place,
            "candidate": candidate,
            "action": reverse("pages:validate_at_place", args=[place.pk]),
            "back": reverse("pages:place_presence", args=[place.pk]),
        },
    )


@require_POST
@login_required
def validate_at_place(request, pk):
    place = _validating_host_place(request, pk)
    candidate = _candidate(request, place, request.POST.get("person"))
    if candidate is None:
        messages.error(
            request,
            _(
                "Cette personne n'a pas de lien avec ce lieu (ni inscrite à un événement "
                "d'aujourd'hui, ni participante d'un marathon du territoire, ni déjà venue) : "
                "rien n'a été enregistré."
            ),
        )
        return redirect("pages:place_presence", pk=place.pk)
    try:
        checkins.validate_presence(
            host=request.user, person=candidate.person, place=place, event=None, at=timezone.now()
        )
    except checkins.CheckInRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Présence de %(name)s enregistrée.") % {"name": candidate.person}
        )
    return redirect("pages:place_presence", pk=place.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def robots_txt(request):
    """Crawlers may read the public pages; accounts, presence codes, the
    back-office and personal feeds are no business of theirs."""
    lines = [
        "User-agent: *",
        "Disallow: /compte/",
        "Disallow: /back-office/",
        "Disallow: /presence/",
        "Disallow: /p/",
        "Disallow: /ecran/",
        "Disallow: /moi/",
        "Disallow: /agenda/perso/",
        "Disallow: /media/redaction/",
        "",
        "Sitemap: %s%s" % (settings.SITE_URL, reverse("pages:sitemap")),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
