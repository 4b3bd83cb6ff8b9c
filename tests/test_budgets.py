"""Sobriety budgets, as tests: every page of the demo fits the first network
round trip, loads nothing from another origin, keeps its DOM small, and does
not run more SQL queries when there is more data."""

import datetime
import gzip
import io
import re
from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.models import User
from terreau.boussole.models import Assessment as BoussoleAssessment
from terreau.calls.models import Call, Review
from terreau.causes.models import Round
from terreau.challenges.models import Marathon
from terreau.checkins import tokens
from terreau.core.models import Theme
from terreau.demo import data as demo
from terreau.editorial.models import Episode, Story, Video
from terreau.events.models import Event
from terreau.governance.models import Assembly, Consultation, Member
from terreau.places.models import Place
from terreau.support.models import Diagnostic, ExpertProfile, HelpRequest
from tests.accounts.factories import sign_in
from tests.calls.factories import pending_invitation
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

AWA = "habitante@demo.terreau.localhost"
NADIA = "nadia.benali@demo.terreau.localhost"  # the demo's first expert
HTML_BUDGET = 14_000
HTML_AND_CSS_BUDGET = 28_000
DOM_BUDGET = 400

# The error page is measured too, and must be the one answered.
NOT_FOUND_PAGES = ["/page-qui-n-existe-pas/"]
PUBLIC_PAGES = [
    "/media/",
    "/media/?theme=developpement-durable",
    "{story}",
    "{stage_story}",
    "/media/portrait-jo-reparateur-de-lampes/",
    "/podcast/",
    "{episode}",
    "/media/videos/le-repair-cafe-en-une-minute/",
    "{authority_diagnostic}",
    "{place_diagnostic}",
    "/diagnostic/",
    "/",
    "/recherche/?q=st+etienne",
    "/algorithmes/",
    "/donnees/",
    "/api/",
    "/legal/mentions-legales/",
    "/legal/donnees-personnelles/",
    "/legal/accessibilite/",
    "/territoires/",
    "/territoires/?q=peze",
    "/territoires/?q=81200",
    "/territoires/commune/81163/",
    "/territoires/commune/81002/",
    "/collectivites/commune/81004/",
    "/territoires/epci/248100430/",
    "/territoires/departement/34/",
    "/territoires/region/76/",
    "/territoires/departement/34/communes/",
    "/territoires/departement/81/lieux/",
    "/lieux/",
    "/lieux/?type=ressourcerie",
    "{place}",
    "{place}agenda/",
    "/agenda/",
    "/agenda/?passes=on",
    "/territoires/epci/248100430/agenda/",
    "{event}",
    "{presence}",
    "/compte/signup/",
    "/compte/login/",
    "/compte/login/code/",
    "/compte/password/reset/",
    "/contrepartie/",
    "/defis/",
    "/defis/venir-en-train/",
    "/defis/ressourcerie-jean/?commune=Aiguefonde",
    "/defis/ressourcerie-jean/?commune=Lyon",
    "/defis/facteurs/",
    "/marathons/",
    "{marathon}",
    "{team}",
    "/a-propos/",
    "/page-qui-n-existe-pas/",
    "/cooperative/",
    "/cooperative/assemblees/",
    "{past_assembly}",
    "{open_assembly}",
    "{past_assembly}proces-verbal/",
    "{secret_ballots}",
    "{public_ballots}",
    "/cooperative/journal/",
    "/lois/",
    "/lois/4/",
    "/consultations/",
    "{consultation}",
    "/appels/",
    "{first_call}",
    "{open_call}",
    "{eligible_application}",
    "{laureate_application}",
    "{open_application}",
    "/causes/",
    "/boussole/",
    "/boussole/?verdict=1",
    "{terreau_assessment}",
    "{futile_assessment}",
    "{closed_round}",
    "{selected_cause}",
    "{open_cause}",
    "/accompagnement/",
    "/experts/",
    "/experts/?domaine=mobility",
    "/territoires/commune/81163/experts/",
    "{expert}",
]
SIGNED_IN_PAGES = [
    "/media/redaction/",
    "/media/redaction/nouveau/",
    "{story_edit}",
    "{story_revision}",
    "{story_links}",
    "{episode_edit}",
    "/media/redaction/episodes/nouveau/",
    "{video_edit}",
    "/media/redaction/videos/nouvelle/",
    "{scheduled_story}",
    "{place_diagnostic_take}",
    "{place_diagnostic}",
    "/diagnostic/person/",
    "/accompagnement/demander/",
    "/collectivites/representer/",
    "/collectivites/demandes/",
    "{place}evenements/nouveau/",
    "{event}modifier/",
    "{event}annuler/",
    "{event}inscrits/",
    "/agenda/mes-inscriptions/",
    "{place}affiche/",
    "{place}ecran/",
    "{place}presence/?q=Awa",
    "{event}presence/",
    "/presence/mes-presences/",
    "/moi/",
    "{marathon}etapes/nouvelle/",
    "{marathon}animation/",
    "/lieux/proposer/",
    "/boussole/nouvelle/",
    "{terreau_assessment}",
    "{place}modifier/",
    "{place}hotes/",
    "{place}signaler/",
    "/lieux/mes-lieux/",
    "/compte/profil/",
    "/cooperative/adherer/",
    "{consultation}",
    "{open_call}candidater/?q=albi",
    "{draft_application}",
    "{draft_application}modifier/",
    "{open_application}",
    "{open_round}proposer/",
    "{open_cause}",
    "/experts/mon-profil/",
]
# Awa is a member of the demo cooperative; the team's account is staff.
MEMBER_PAGES = [
    "/diagnostic/person/",
    "{diagnostic}",
    "/accompagnement/demandes/",
    "{help_request}",
    "/compte/ma-trace/",
    "/boussole/",
    "{draft_assessment}",
    "{draft_assessment}projet/",
    "{draft_assessment}loi/1/",
    "{draft_assessment}loi/5/",
    "{futile_assessment}",
    "/compte/ma-trace/supprimer/",
    "{draft_application}rejoindre/",
    "{author_invitation}",
    "/cooperative/adherer/",
    "{certificate}",
    "{open_assembly}",
    "{consultation}",
    "{open_application}",
]
# Nadia is one of the demo's experts.
EXPERT_PAGES = [
    "/accompagnement/demandes/",
    "{help_request}",
    "/experts/mon-profil/",
    "/experts/mon-profil/conflits/",
    "{expert}",
]
STAFF_PAGES = [
    "/accompagnement/sans-expert/",
    "/experts/moderation/",
    "{jury_board}",
    "{review}",
    "{ranking}",
    "/lieux/moderation/",
    "{open_call}soutiens/",
    "{open_assembly}convoquer/",
    "/causes/moderation/",
    "/cooperative/registre/",
    "/cooperative/reglages/",
    "/consultations/nouvelle/",
    "{past_assembly}",
]


class Inspector(HTMLParser):
    RESOURCE_ATTRS = {"src", "srcset", "action", "poster", "data", "formaction"}
    # Links a browser never fetches: the page's canonical (public) address.
    NOT_FETCHED = {"canonical"}

    def __init__(self):
        super().__init__()
        self.elements = 0
        self.resources = []

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            fetched_link = tag == "link" and attrs.get("rel") not in self.NOT_FETCHED
            if name in self.RESOURCE_ATTRS or (fetched_link and name == "href"):
                self.resources.append(value or "")
        if "style" in attrs:
            self.resources.extend(re.findall(r"url\(([^)]*)\)", attrs["style"]))

    handle_startendtag = handle_starttag


def is_other_origin(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


@pytest.fixture
def demo_site(territories):
    call_command("load_challenges")
    demo.load()
    # a host of the demo marathon's territory, so that the animator pages open
    return Place.objects.filter(
        status="published", events__isnull=False, name="La Filature partagée"
    ).first()


def css_bytes() -> int:
    with open(finders.find("terreau/terreau.css"), "rb") as f:
        return len(gzip.compress(f.read()))


def measure(client, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    # Every page of the lists is a page of the demo: it answers 200, never an
    # error or a redirect that would be measured in its place.
    expected = 404 if url in NOT_FOUND_PAGES else 200
    assert response.status_code == expected, (url, response.status_code)
    body = response.content
    html = (
        gzip.decompress(body).decode()
        if response.get("Content-Encoding") == "gzip"
        else body.decode()
    )
    inspector = Inspector()
    inspector.feed(html)
    return len(body), inspector, html


def problems_of(client, url) -> list[str]:
    """What is wrong with one page, in words; nothing when it fits."""
    sent, inspector, html = measure(client, url)
    problems = []
    if sent > HTML_BUDGET:
        problems.append(f"{url}: {sent} bytes compressed")
    if sent + css_bytes() > HTML_AND_CSS_BUDGET:
        problems.append(f"{url}: {sent + css_bytes()} bytes with the stylesheet")
    if inspector.elements > DOM_BUDGET:
        problems.append(f"{url}: {inspector.elements} elements")
    if [r for r in inspector.resources if is_other_origin(r)]:
        problems.append(f"{url}: asks another origin")
    # Structured data (JSON-LD) is data, not a script that runs.
    scripts = re.findall(r"<script([^>]*)>", html)
    if not all('type="application/ld+json"' in attrs for attrs in scripts):
        problems.append(f"{url}: runs a script")
    return problems


def test_every_demo_page_fits_its_budget(demo_site):
    """One demo, every page as each kind of visitor sees it: anonymous, a
    host, a member (Awa), the team (staff, a juror of the first call). The
    demo is loaded once (once per page took minutes); each problem is named."""
    team = User.objects.get(email="equipe@demo.terreau.localhost")
    Authenticator.objects.create(user=team, type=Authenticator.Type.TOTP, data={"secret": "X"})
    visitors = [
        (None, PUBLIC_PAGES),
        (demo_site.hosts.get().person, SIGNED_IN_PAGES),
        (User.objects.get(email=AWA), MEMBER_PAGES),
        (User.objects.get(email=NADIA), EXPERT_PAGES),
        (Diagnostic.objects.get(subject="authority").author, ["{authority_diagnostic_take}"]),
        (team, STAFF_PAGES),
    ]
    problems = []
    for person, urls in visitors:
        client = Client()
        if person is not None:
            sign_in(client, person)
        for url in urls:
            problems.extend(problems_of(client, fill(url, demo_site)))
    assert problems == []


def fill(url, place):
    event = place.events.order_by("starts_at").last()
    claim = tokens.screen_claim(place_id=place.pk, at=timezone.now())
    presence = reverse("pages:presence", args=[tokens.sign(claim)])
    marathon = Marathon.objects.first()
    _founding, past, current = Assembly.objects.order_by("starts_at")
    secret = past.resolutions.get(is_secret=True)
    first_call, open_call = Call.objects.order_by("opens_at")
    closed_round, open_round = Round.objects.order_by("closes_at")
    laureate = first_call.laureates.select_related("application").first()
    reviewed = Review.objects.filter(juror__person__email="equipe@demo.terreau.localhost").first()
    return url.format(
        jury_board=reverse("calls:jury", args=[first_call.pk]),
        review=reverse("calls:review", args=[reviewed.application_id]),
        ranking=reverse("calls:ranking", args=[first_call.pk]),
        laureate_application=laureate.application.get_absolute_url(),
        closed_round=closed_round.get_absolute_url(),
        open_round=open_round.get_absolute_url(),
        selected_cause=closed_round.causes.get(rank=1).get_absolute_url(),
        open_cause=open_round.causes.filter(status="published").first().get_absolute_url(),
        first_call=first_call.get_absolute_url(),
        open_call=open_call.get_absolute_url(),
        eligible_application=first_call.applications.filter(status="submitted")
        .annotate(n=Count("supports"))
        .order_by("-n")
        .first()
        .get_absolute_url(),
        open_application=open_call.applications.get().get_absolute_url(),
        draft_application=first_call.applications.get(status="draft").get_absolute_url(),
        author_invitation=reverse(
            "calls:accept_invitation", args=[pending_invitation(first_call, AWA)]
        ),
        past_assembly=past.get_absolute_url(),
        open_assembly=current.get_absolute_url(),
        secret_ballots=reverse("governance:ballots", args=[secret.pk]),
        public_ballots=reverse("governance:ballots", args=[past.resolutions.first().pk]),
        consultation=Consultation.objects.first().get_absolute_url(),
        certificate=Member.objects.get(person__email=AWA).get_absolute_url(),
        place=place.get_absolute_url(),
        event=event.get_absolute_url(),
        presence=presence,
        marathon=marathon.get_absolute_url(),
        team=marathon.teams.first().get_absolute_url(),
        terreau_assessment=BoussoleAssessment.objects.get(name="Terreau").get_absolute_url(),
        futile_assessment=BoussoleAssessment.objects.get(verdict_law=1).get_absolute_url(),
        draft_assessment=BoussoleAssessment.objects.get(status="brouillon").get_absolute_url(),
        expert=ExpertProfile.objects.get(person__email=NADIA).get_absolute_url(),
        help_request=HelpRequest.objects.get(requester__email=AWA).get_absolute_url(),
        diagnostic=Diagnostic.objects.filter(author__email=AWA).first().get_absolute_url(),
        place_diagnostic=Diagnostic.objects.get(place=place).get_absolute_url(),
        authority_diagnostic=Diagnostic.objects.get(subject="authority").get_absolute_url(),
        authority_diagnostic_take=reverse(
            "support:diagnostic_authority",
            args=[Diagnostic.objects.get(subject="authority").authority_id],
        ),
        place_diagnostic_take=reverse("support:diagnostic_place", args=[place.pk]),
        story=Story.objects.get(slug="un-an-de-repair-cafe-a-la-filature").get_absolute_url(),
        stage_story=Story.objects.get(
            slug="premiere-etape-du-marathon-castres-mazamet"
        ).get_absolute_url(),
        scheduled_story=Story.objects.get(
            slug="fresque-du-climat-a-la-filature"
        ).get_absolute_url(),
        story_edit=reverse("editorial:edit", args=[Story.objects.order_by("pk").first().pk]),
        episode=Episode.objects.order_by("number").first().get_absolute_url(),
        episode_edit=reverse(
            "editorial:episode_edit", args=[Episode.objects.order_by("number").first().pk]
        ),
        video_edit=reverse("editorial:video_edit", args=[Video.objects.get().pk]),
        story_links=reverse("editorial:links", args=[Story.objects.order_by("pk").first().pk]),
        story_revision=reverse(
            "editorial:revision", args=[Story.objects.order_by("pk").first().pk, 1]
        ),
    )


def queries(client, url):
    """The SQL queries of a page computed afresh: the cached reads
    (`core.versions`) are emptied first, so that they are counted too."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/lieux/",
        "/territoires/commune/34199/",
        "/territoires/departement/34/",
        "/territoires/commune/34199/lieux/",
        "/territoires/commune/34199/agenda/",
        "/agenda/",
        "{place}",
        "{place}agenda/",
        # A village with no place: its EPCI's places and events instead.
        "{village}",
        "/defis/venir-en-bus/?commune=Pézenas",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, territories, url):
    call_command("load_challenges", stdout=io.StringIO())
    pezenas = commune("34199")
    places = PlaceFactory.create_batch(10, commune=pezenas)
    for place in places:
        EventFactory(place=place)
    village = pezenas.epci.communes().exclude(pk=pezenas.pk).order_by("code").first()
    url = url.format(place=places[0].get_absolute_url(), village=village.get_absolute_url())
    with_ten = queries(client, url)
    more = Place.objects.bulk_create(
        Place(
            name=f"Lieu {n}",
            kind="autre",
            description="…",
            address="…",
            commune=pezenas,
            status="published",
        )
        for n in range(990)
    )
    start = timezone.now() + datetime.timedelta(days=3)
    Event.objects.bulk_create(
        Event(
            place=p,
            title="Atelier",
            description="…",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
        for p in more
    )
    assert queries(client, url) == with_ten


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/agenda/",
        "/territoires/commune/34199/",
        "/territoires/commune/34199/agenda/",
        "{place}",
    ],
)
def test_lists_of_events_do_not_read_their_themes(client, territories, url):
    """Only an event's own page shows its themes: a list reading them would
    cost a query and an object per theme for nothing."""
    place = PlaceFactory(commune=commune("34199"))
    themes = list(Theme.objects.all()[:2])
    events = [EventFactory(place=place) for _n in range(3)]
    for event in events:
        event.themes.set(themes)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        page = client.get(url.format(place=place.get_absolute_url()))
    assert page.status_code == 200
    for event in events:
        assert 'href="%s"' % event.get_absolute_url() in page.content.decode()
    assert not [q["sql"] for q in context.captured_queries if "events_event_themes" in q["sql"]]
