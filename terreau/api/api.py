"""The read-only API. Every route answers what a public page already shows,
to anyone, in JSON: no route needs an account, none reveals a person.

- Pagination: `?page=` and `?page_size=` (at most 100), with `count`.
- Caching: an ETag on every answer (ConditionalGetMiddleware); send it back
  in If-None-Match and get 304 without a body.
- Limits: TERREAU_API_RATE requests per client address (120 a minute by
  default), counted in the shared cache; the 429 answer says when to retry.
- Other sites may read it from a browser (CORS, GET only, no cookies).
"""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import Throttled, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import AnonRateThrottle

from terreau.calls.models import Application, Call
from terreau.causes.models import Cause, Round
from terreau.challenges import factors, progress
from terreau.challenges.models import Challenge, Marathon
from terreau.events.models import Event
from terreau.governance.models import Resolution
from terreau.places.models import Place
from terreau.territories.models import Territory


class ClientRateThrottle(AnonRateThrottle):
    """Every client, signed in or not, by address; the rate is read from the
    settings at each request, so that a deployment (or a test) can change it."""

    def __init__(self):
        super().__init__(settings.TERREAU_API_RATE)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": "api", "ident": self.get_ident(request)}

    def allow_request(self, request):
        self.rate = settings.TERREAU_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="API de Terreau",
    version="1",
    description=__doc__,
    docs_url=None,  # the documentation is /api/, rendered here: no script from elsewhere
    openapi_url="/openapi.json",
    urls_namespace="api",
    throttle=[ClientRateThrottle()],
)


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="Numéro de page, à partir de 1")
        page_size: int = Field(20, ge=1, le=100, description="Éléments par page (100 au plus)")

    def __init__(self, **kwargs):
        super().__init__(page_size=20, max_page_size=100, **kwargs)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class TerritoryOut(Schema):
    kind: str
    code: str
    name: str
    population: int | None
    url: str

    @staticmethod
    def resolve_url(territory):
        return absolute(territory.get_absolute_url())


class PlaceOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    postcode: str
    commune: str
    commune_code: str
    latitude: float | None
    longitude: float | None
    website: str
    url: str

    @staticmethod
    def resolve_commune(place):
        return place.commune.name

    @staticmethod
    def resolve_commune_code(place):
        return place.commune.code

    @staticmethod
    def resolve_url(place):
        return absolute(place.get_absolute_url())


class EventOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    place_id: int
    place: str
    commune: str
    registration_required: bool
    capacity: int | None
    seats_taken: int
    is_free: bool
    cancelled: bool
    url: str

    @staticmethod
    def resolve_time_zone(event):
        return event.place.commune.time_zone

    @staticmethod
    def resolve_place(event):
        return event.place.name

    @staticmethod
    def resolve_commune(event):
        return event.place.commune.name

    @staticmethod
    def resolve_cancelled(event):
        return event.is_cancelled

    @staticmethod
    def resolve_url(event):
        return absolute(event.get_absolute_url())


class ChallengeOut(Schema):
    slug: str
    title: str
    theme: str
    quantity: str
    factor: str
    factor_version: int
    url: str


class FactorOut(Schema):
    key: str
    version: int
    value: str
    unit: str
    scope: str
    source: str
    reference: str
    year: int


class MarathonOut(Schema):
    id: int
    title: str
    territory: TerritoryOut
    starts_on: datetime.date
    ends_on: datetime.date | None
    url: str

    @staticmethod
    def resolve_url(marathon):
        return absolute(marathon.get_absolute_url())


class BadgeOut(Schema):
    name: str
    meaning: str
    earned: bool


class MarathonProgressOut(MarathonOut):
    """Read from `progress.marathon_progress`, attached as `state`."""

    participants: int
    defis_done: int
    stage: str | None
    stage_goal: int | None
    stage_done: int
    badges: list[BadgeOut]

    @staticmethod
    def resolve_participants(marathon):
        return marathon.state.participants

    @staticmethod
    def resolve_defis_done(marathon):
        return marathon.state.done

    @staticmethod
    def resolve_stage(marathon):
        return marathon.state.stage.title if marathon.state.stage else None

    @staticmethod
    def resolve_stage_goal(marathon):
        return marathon.state.stage.goal if marathon.state.stage else None

    @staticmethod
    def resolve_stage_done(marathon):
        return marathon.state.stage_done

    @staticmethod
    def resolve_badges(marathon):
        return [
            {"name": b.title, "meaning": b.rule, "earned": b.earned} for b in marathon.state.badges
        ]


class ApplicationCountsOut(Schema):
    id: int
    territory: TerritoryOut
    citizen_supports: int
    place_supports: int
    authority_supports: bool
    url: str

    @staticmethod
    def resolve_citizen_supports(application):
        return application.citizen_count

    @staticmethod
    def resolve_place_supports(application):
        return application.place_count

    @staticmethod
    def resolve_authority_supports(application):
        return application.authority_count > 0

    @staticmethod
    def resolve_url(application):
        return absolute(application.get_absolute_url())


class CauseOut(Schema):
    id: int
    title: str
    commune: str
    association: str
    rank: int
    supports_at_closing: int | None
    selected: bool
    url: str


class ResolutionResultOut(Schema):
    assembly: str
    number: int
    title: str
    secret: bool
    adopted: bool
    votes: int | None
    weighted_result: str | None
    url: str


class Message(Schema):
    detail: str


class ParameterError(Schema):
    parameter: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[ParameterError]


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    """A parameter of the wrong type or out of bounds: said in French, per parameter."""
    errors = [
        {"parameter": str(e["loc"][-1]) if e.get("loc") else "?", "message": "valeur invalide"}
        for e in error.errors
    ]
    return api.create_response(
        request, {"detail": "Paramètres invalides.", "errors": errors}, status=422
    )


@api.exception_handler(Throttled)
def too_many(request, error):
    response = api.create_response(
        request, {"detail": "Trop de requêtes : réessayez dans une minute."}, status=429
    )
    response["Retry-After"] = "60"
    return response


# What every route may answer besides its 200, declared in the schema.
ERRORS = {400: Message, 422: Invalid, 429: Message}
NOT_FOUND = {404: Message, **ERRORS}


@api.get(
    "/territoires/{kind}/{code}", response={200: TerritoryOut, **NOT_FOUND}, tags=["territoires"]
)
def territory(request, kind: str, code: str):
    """Une division officielle : commune, epci, departement ou region."""
    return get_object_or_404(Territory, kind=kind, code=code)


# A commune's INSEE code (« 34199 », « 2A004 », « 97101 »): the schema says
# so, and a value of another shape is answered 422 with the reason.
COMMUNE = Query(None, pattern=r"^(\d{2}|2[AB])\d{3}$", description="Code INSEE d'une commune")


@api.get("/lieux", response={200: list[PlaceOut], **ERRORS}, tags=["lieux"])
@paginate(Pages)
def places(request, commune: str | None = COMMUNE):
    """Les lieux publiés, par nom ; `commune` : code INSEE pour n'en garder qu'une."""
    found = Place.objects.published().select_related("commune").order_by("name", "pk")
    if commune:
        found = found.filter(commune__code=commune)
    return found


@api.get("/lieux/{place_id}", response={200: PlaceOut, **NOT_FOUND}, tags=["lieux"])
def place(request, place_id: int):
    return get_object_or_404(Place.objects.published().select_related("commune"), pk=place_id)


@api.get("/evenements", response={200: list[EventOut], **ERRORS}, tags=["agenda"])
@paginate(Pages)
def events(request, commune: str | None = COMMUNE):
    """Les événements à venir, par date ; `commune` : code INSEE."""
    found = Event.objects.visible().upcoming(timezone.now()).select_related("place__commune")
    if commune:
        found = found.filter(place__commune__code=commune)
    return found


@api.get("/evenements/{event_id}", response={200: EventOut, **NOT_FOUND}, tags=["agenda"])
def event(request, event_id: int):
    return get_object_or_404(Event.objects.visible().select_related("place__commune"), pk=event_id)


@api.get("/marathons", response={200: list[MarathonOut], **ERRORS}, tags=["marathons"])
@paginate(Pages)
def marathons(request):
    return Marathon.objects.select_related("territory").order_by("pk")


@api.get(
    "/marathons/{marathon_id}", response={200: MarathonProgressOut, **NOT_FOUND}, tags=["marathons"]
)
def marathon(request, marathon_id: int):
    """Un marathon et ses chiffres collectifs (jamais de classement individuel)."""
    found = get_object_or_404(Marathon.objects.select_related("territory"), pk=marathon_id)
    found.state = progress.marathon_progress(found, timezone.localdate())
    return found


@api.get("/defis", response={200: list[ChallengeOut], **ERRORS}, tags=["défis"])
@paginate(Pages)
def challenges(request):
    found = Challenge.objects.filter(is_published=True).select_related("theme").order_by("slug")
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "theme": c.theme.name if c.theme else "",
            "quantity": format(c.quantity.normalize(), "f"),
            "factor": c.factor_key,
            "factor_version": c.factor_version,
            "url": absolute(c.get_absolute_url()),
        }
        for c in found
    ]


@api.get("/facteurs", response={200: list[FactorOut], **ERRORS}, tags=["défis"])
def factor_table(request):
    """La table des facteurs d'impact, chaque version avec sa source."""
    return [
        {
            "key": key,
            "version": version,
            "value": format(f.value.normalize(), "f"),
            "unit": f.unit,
            "scope": f.scope,
            "source": f.source,
            "reference": f.reference,
            "year": f.year,
        }
        for (key, version), f in sorted(factors.table().items())
    ]


@api.get(
    "/appels/{call_id}/candidatures",
    response={200: list[ApplicationCountsOut], **NOT_FOUND},
    tags=["appels"],
)
def call_applications(request, call_id: int):
    """Les candidatures déposées à un appel et leurs soutiens comptés."""
    call = get_object_or_404(Call, pk=call_id)
    found = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .select_related("territory")
        .with_support_counts()
        .order_by("pk")
    )
    return found


@api.get("/causes/selection", response={200: list[CauseOut], **ERRORS}, tags=["causes"])
def causes(request):
    """Les causes de la dernière session close, dans l'ordre de la sélection."""
    last = Round.objects.filter(causes__rank__isnull=False).order_by("-closes_at").first()
    found = Cause.objects.filter(round=last, rank__isnull=False).select_related("territory")
    return [
        {
            "id": c.pk,
            "title": c.title,
            "commune": c.territory.name,
            "association": c.association,
            "rank": c.rank,
            "supports_at_closing": c.supports_at_closing,
            "selected": c.is_selected,
            "url": absolute(c.get_absolute_url()),
        }
        for c in found.order_by("rank")
    ]


@api.get(
    "/assemblees/resultats",
    response={200: list[ResolutionResultOut], **ERRORS},
    tags=["coopérative"],
)
@paginate(Pages)
def assembly_results(request):
    """Les résultats publiés des résolutions, les plus récentes d'abord."""
    found = (
        Resolution.objects.exclude(result=None)
        .select_related("assembly")
        .order_by("-assembly__voting_opens_at", "number")
    )
    return [
        {
            "assembly": str(r.assembly),
            "number": r.number,
            "title": r.title,
            "secret": r.is_secret,
            "adopted": bool(r.result.get("adopted")),
            "votes": r.result.get("votes"),
            "weighted_result": r.result.get("result"),
            "url": absolute(r.assembly.get_absolute_url()),
        }
        for r in found
    ]


def operations() -> list[dict]:
    """The routes, for the documentation page, read from the OpenAPI schema."""
    schema = api.get_openapi_schema(path_prefix="/api")
    listed = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            listed.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "tags": operation.get("tags", []),
                }
            )
    return listed
