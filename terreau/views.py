"""Pages that gather several apps: home, the territory, place and event pages.

They sit above every app (like the API will), so that no lower app has to
import a higher one to show, say, the places of a territory.
"""

from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from terreau.challenges import progress
from terreau.challenges.models import Completion, Marathon
from terreau.challenges.services import open_challenges, poster_challenges
from terreau.checkins.permissions import can_show_presence_codes, can_validate_presence
from terreau.checkins.views import confirm, poster
from terreau.events.models import Event
from terreau.events.permissions import can_publish_event
from terreau.events.views import event_context
from terreau.places.models import Place
from terreau.places.views import place_context
from terreau.territories.forms import TerritorySearchForm
from terreau.territories.models import Territory, TerritoryImport

PLACES_ON_TERRITORY_PAGE = 10
EVENTS_ON_PAGE = 5
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
    }
    return render(request, "home.html", context)


def place_page(request, pk):
    context = place_context(request, pk)
    place = context["place"]
    events = Event.objects.filter(place=place).upcoming(timezone.now()).for_listing()
    context["events"] = list(events[:EVENTS_ON_PAGE])
    context["can_publish_event"] = can_publish_event(request.user, place)
    lines = progress.impact_of(Completion.objects.filter(place=place))
    context["defis_done"] = sum(line.count for line in lines)
    context["impact_totals"] = progress.totals_by_unit(lines)
    context["can_show_presence_codes"] = can_show_presence_codes(request.user, place)
    context["can_validate_presence"] = can_validate_presence(request.user, place)
    return render(request, "places/place_detail.html", context)


def event_page(request, pk):
    context = event_context(request, pk)
    context["can_validate_presence"] = can_validate_presence(request.user, context["event"].place)
    return render(request, "events/event_detail.html", context)


def territory_page(request, kind, code):
    territory = get_object_or_404(
        Territory.objects.select_related("region", "departement", "epci"), kind=kind, code=code
    )
    places = Place.objects.published().in_territory(territory).for_listing().order_by("name", "pk")
    children, children_count = _children(territory)
    events = Event.objects.visible().in_territory(territory).upcoming(timezone.now()).for_listing()
    around = [territory] + [t for t in (territory.epci, territory.departement) if t is not None]
    lines = progress.impact_of(
        Completion.objects.filter(place__in=territory.communes().values("places"))
    )
    context = {
        "territory": territory,
        "marathons": list(Marathon.objects.filter(territory__in=around).order_by("-starts_on")),
        "defis_done": sum(line.count for line in lines),
        "impact_totals": progress.totals_by_unit(lines),
        "events": list(events[:EVENTS_ON_PAGE]),
        "places": list(places[:PLACES_ON_TERRITORY_PAGE]),
        "places_count": places.count(),
        "children": children,
        "children_count": children_count,
        "source": TerritoryImport.objects.order_by("-imported_at").first(),
    }
    return render(request, "territories/territory_detail.html", context)


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


def presence_page(request, token):
    """The page a presence code opens, with the défis this presence validates."""

    def defis(request, claim, target):
        day = timezone.now().astimezone(ZoneInfo(target.place.commune.time_zone)).date()
        return {
            "open_challenges": open_challenges(
                person=request.user, place=target.place, source=claim.source, day=day
            )
        }

    return confirm(request, token, extra_context=defis)


def poster_page(request, pk):
    """The printable poster, with the défis that scanning it validates today."""

    def defis(place):
        day = timezone.now().astimezone(ZoneInfo(place.commune.time_zone)).date()
        return {
            "challenges": sorted(
                {c for _stage, c in poster_challenges(place=place, day=day)}, key=str
            )
        }

    return poster(request, pk, extra_context=defis)
