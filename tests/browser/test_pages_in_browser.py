"""Every page kind of the demo as a visitor's browser really receives it
(Debian's chromium): bytes, requests cold and warm, DOM size, JavaScript, and
axe-core's WCAG 2.1 A and AA rules."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.models import User
from terreau.boussole.models import Assessment as BoussoleAssessment
from terreau.calls.models import Call, Review
from terreau.causes.models import Round
from terreau.challenges.models import Marathon
from terreau.checkins import tokens
from terreau.demo import data as demo
from terreau.editorial.models import Episode, Story, Video
from terreau.governance.models import Assembly, Consultation, Member
from terreau.pages import hosting
from terreau.places.models import Place
from terreau.support.models import Diagnostic, ExpertProfile, HelpRequest
from tests.browser.test_checkin_journey import session_of
from tests.calls.factories import pending_invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AWA = "habitante@demo.terreau.localhost"
NADIA = "nadia.benali@demo.terreau.localhost"  # the demo's first expert
DOCUMENT_BUDGET = 14_000
COLD_TOTAL_BUDGET = 30_000
COLD_REQUESTS = 3
# Experts' photos are content the reader came for (the directory is a wall of
# faces): counted apart, lazy-loaded, 320 px JPEGs of a few kilobytes.
IMAGES_BUDGET = 40_000
WARM_REQUESTS = 1
DOM_BUDGET = 300
PHONE = 320
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The rotating screen reloads itself every 150 s: WCAG 2.2.1's "essential"
# exception — the rotation is what makes the code worthless once copied, the
# page offers nothing to read or fill in, and the printed poster and host
# validation are the alternatives. Only this rule, only on this page.
EXCEPTIONS = {"{place}ecran/": {"meta-refresh"}}

ANONYMOUS = [
    # What nginx answers while an application node is stopped (deploy/nginx).
    "/static/terreau/indisponible.html",
    "/media/",
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
    "/territoires/?q=peze",
    "/territoires/commune/81163/",
    "/territoires/commune/81002/",
    "/collectivites/commune/81004/",
    "/territoires/epci/248100430/",
    "/territoires/departement/81/",
    "/territoires/departement/81/communes/",
    "/lieux/",
    "/recherche/?q=st+etienne",
    "/algorithmes/",
    "/donnees/",
    "/api/",
    "{place}",
    "{place}agenda/",
    "/agenda/",
    "{event}",
    "/marathons/",
    "{marathon}",
    "{team}",
    "/defis/",
    "/defis/ressourcerie-jean/",
    "/defis/ressourcerie-jean/?commune=Aiguefonde",
    "/defis/facteurs/",
    "{presence}",
    "/compte/signup/",
    "/compte/login/",
    "/compte/password/reset/",
    "/contrepartie/",
    "/a-propos/",
    "/legal/mentions-legales/",
    "/legal/donnees-personnelles/",
    "/legal/accessibilite/",
    "/ecran/",
    "/page-absente/",
    "/cooperative/",
    "/cooperative/assemblees/",
    "{past_assembly}",
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
    "{eligible_application}",
    "{laureate_application}",
    "{open_call}",
    "/causes/",
    "/boussole/",
    "{futile_assessment}",
    "{closed_round}",
    "{open_cause}",
    "/accompagnement/",
    "/experts/",
    "/territoires/commune/81163/experts/",
    "{expert}",
]
SIGNED_IN = [
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
    "/moi/",
    "/collectivites/representer/",
    "/collectivites/demandes/",
    "/compte/profil/",
    "/lieux/proposer/",
    "/boussole/nouvelle/",
    "{place}modifier/",
    "{place}hotes/",
    "{place}affiche/",
    "{place}ecran/",
    "{place}ecrans/",
    "{place}presence/",
    "{place}presence/confirmer/?personne={linked_person}",
    "{place}evenements/nouveau/",
    "{event}inscrits/",
    "{event}presence/",
    "{event}presence/confirmer/?personne={registrant}",
    "/agenda/mes-inscriptions/",
    "/presence/mes-presences/",
    "{marathon}etapes/nouvelle/",
    "{marathon}animation/",
    "/cooperative/adherer/",
    "{open_call}candidater/?q=albi",
    "{draft_application}",
    "{draft_application}modifier/",
    "{open_round}proposer/",
    "/experts/mon-profil/",
]
# Awa, a member of the demo cooperative; then the cooperative's team (staff).
MEMBER = [
    "/diagnostic/person/",
    "{diagnostic}",
    "/accompagnement/demandes/",
    "{help_request}",
    "/compte/ma-trace/",
    "{draft_assessment}loi/1/",
    "{draft_assessment}",
    "/compte/ma-trace/supprimer/",
    "{draft_application}rejoindre/",
    "{author_invitation}",
    "{open_assembly}",
    "{certificate}",
    "/cooperative/adherer/",
    "{consultation}",
    "{open_application}",
]
EXPERT = [
    "/accompagnement/demandes/",
    "{help_request}",
    "/experts/mon-profil/",
    "/experts/mon-profil/conflits/",
]
STAFF = [
    "/accompagnement/sans-expert/",
    "/experts/moderation/",
    "{open_assembly}convoquer/",
    "/lieux/moderation/",
    "{open_call}soutiens/",
    "/causes/moderation/",
    "/collectivites/demandes/",
    "/cooperative/registre/",
    "/cooperative/reglages/",
    "/consultations/nouvelle/",
    "{jury_board}",
    "{review}",
    "{ranking}",
]


@pytest.fixture
def demo_urls(territories):
    call_command("load_challenges")
    demo.load()
    place = Place.objects.get(name="La Filature partagée")
    marathon = Marathon.objects.get()
    claim = tokens.screen_claim(place_id=place.pk, at=timezone.now())
    _founding, past, current = Assembly.objects.order_by("starts_at")
    first_call, open_call = Call.objects.order_by("opens_at")
    eligible = (
        first_call.applications.filter(status="submitted")
        .annotate(n=Count("supports"))
        .order_by("-n")
        .first()
    )
    closed_round, open_round = Round.objects.order_by("closes_at")
    reviewed = Review.objects.filter(juror__person__email="equipe@demo.terreau.localhost").first()
    values = {
        "jury_board": reverse("calls:jury", args=[first_call.pk]),
        "review": reverse("calls:review", args=[reviewed.application_id]),
        "ranking": reverse("calls:ranking", args=[first_call.pk]),
        "laureate_application": first_call.laureates.first().application.get_absolute_url(),
        "closed_round": closed_round.get_absolute_url(),
        "open_round": open_round.get_absolute_url(),
        "open_cause": open_round.causes.filter(status="published").first().get_absolute_url(),
        "first_call": first_call.get_absolute_url(),
        "open_call": open_call.get_absolute_url(),
        "eligible_application": eligible.get_absolute_url(),
        "open_application": open_call.applications.get().get_absolute_url(),
        "draft_application": first_call.applications.get(status="draft").get_absolute_url(),
        "author_invitation": reverse(
            "calls:accept_invitation", args=[pending_invitation(first_call, AWA)]
        ),
        "past_assembly": past.get_absolute_url(),
        "open_assembly": current.get_absolute_url(),
        "secret_ballots": reverse(
            "governance:ballots", args=[past.resolutions.get(is_secret=True).pk]
        ),
        "public_ballots": reverse("governance:ballots", args=[past.resolutions.first().pk]),
        "consultation": Consultation.objects.get().get_absolute_url(),
        "certificate": Member.objects.get(person__email=AWA).get_absolute_url(),
        "place": place.get_absolute_url(),
        "event": place.events.order_by("starts_at").last().get_absolute_url(),
        "marathon": marathon.get_absolute_url(),
        "team": marathon.teams.first().get_absolute_url(),
        "presence": reverse("pages:presence", args=[tokens.sign(claim)]),
        "futile_assessment": BoussoleAssessment.objects.get(verdict_law=1).get_absolute_url(),
        "draft_assessment": BoussoleAssessment.objects.get(status="brouillon").get_absolute_url(),
        "expert": ExpertProfile.objects.get(person__email=NADIA).get_absolute_url(),
        "help_request": HelpRequest.objects.get(requester__email=AWA).get_absolute_url(),
        "diagnostic": Diagnostic.objects.filter(author__email=AWA).first().get_absolute_url(),
        "place_diagnostic": Diagnostic.objects.get(place=place).get_absolute_url(),
        "authority_diagnostic": Diagnostic.objects.get(subject="authority").get_absolute_url(),
        "authority_diagnostic_take": reverse(
            "support:diagnostic_authority",
            args=[Diagnostic.objects.get(subject="authority").authority_id],
        ),
        "place_diagnostic_take": reverse("support:diagnostic_place", args=[place.pk]),
        "story": Story.objects.get(slug="un-an-de-repair-cafe-a-la-filature").get_absolute_url(),
        "stage_story": Story.objects.get(
            slug="premiere-etape-du-marathon-castres-mazamet"
        ).get_absolute_url(),
        "scheduled_story": Story.objects.get(
            slug="fresque-du-climat-a-la-filature"
        ).get_absolute_url(),
        "story_edit": reverse("editorial:edit", args=[Story.objects.order_by("pk").first().pk]),
        "episode": Episode.objects.order_by("number").first().get_absolute_url(),
        "episode_edit": reverse(
            "editorial:episode_edit", args=[Episode.objects.order_by("number").first().pk]
        ),
        "video_edit": reverse("editorial:video_edit", args=[Video.objects.get().pk]),
        "story_links": reverse("editorial:links", args=[Story.objects.order_by("pk").first().pk]),
        "story_revision": reverse(
            "editorial:revision", args=[Story.objects.order_by("pk").first().pk, 1]
        ),
    }
    event = place.events.order_by("starts_at").last()
    values["registrant"] = event.registrations.filter(status="confirmed").first().person_id
    today = timezone.now().astimezone(ZoneInfo(place.commune.time_zone)).date()
    values["linked_person"] = hosting.linked_people(place, day=today)[0].person.pk
    return values, place.hosts.get().person


def measure(browser, live_server, url, cookies=None):
    # A small phone's width: no page may scroll sideways at 320 px.
    context = browser.new_context(locale="fr-FR", viewport={"width": PHONE, "height": 640})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    answer = page.goto(live_server.url + url)
    # What is measured is the page asked for: its own status, no redirect
    # (a log-in page or an error page would otherwise be measured instead).
    expected = 404 if url == "/page-absente/" else 200
    assert answer.status == expected, (url, answer.status)
    assert page.url == live_server.url + url, (url, page.url)
    # Lazy images in view do not hold the load event: wait for them.
    page.wait_for_load_state("networkidle")
    fetched = [r for r in responses if not r.url.startswith("data:")]
    images = [r for r in fetched if r.request.resource_type == "image"]
    cold = [r for r in fetched if r not in images]
    figures = {
        "images": sum(r.request.sizes()["responseBodySize"] for r in images),
        "document": cold[0].request.sizes()["responseBodySize"],
        "total": sum(r.request.sizes()["responseBodySize"] for r in cold),
        "requests": len(cold),
        "scripts": sum(
            r.request.sizes()["responseBodySize"]
            for r in cold
            if r.request.resource_type == "script"
        ),
        "dom": page.evaluate("document.getElementsByTagName('*').length"),
        "width": page.evaluate("document.documentElement.scrollWidth"),
    }
    responses.clear()
    page.goto(live_server.url + url)  # warm: the stylesheet comes from the cache
    # Chromium reports a body size below zero for what it took from its cache.
    figures["warm_requests"] = len(
        [
            r
            for r in responses
            if r.request.sizes()["responseBodySize"] >= 0 and r.request.resource_type != "image"
        ]
    )
    violations = (
        Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}}).response["violations"]
    )
    context.close()
    return figures, violations


FIGURES: dict[str, dict] = {}
REPORT = Path(__file__).resolve().parents[2] / "var" / "browser-pages.md"


def record(url, figures, signed_in):
    """Keep the figures for the README's table (var/browser-pages.md)."""
    FIGURES[url] = {**figures, "signed_in": signed_in}
    rows = [
        "| page | signed in | document (B) | cold total (B) | cold requests | images (B) "
        "| warm requests | DOM | JS (B) | width at 320 px |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, f in FIGURES.items():
        rows.append(
            "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
            % (
                name,
                "yes" if f["signed_in"] else "no",
                f["document"],
                f["total"],
                f["requests"],
                f["images"],
                f["warm_requests"],
                f["dom"],
                f["scripts"],
                f["width"],
            )
        )
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(rows) + "\n")


def check(figures, violations, url):
    assert figures["document"] <= DOCUMENT_BUDGET, (url, figures)
    assert figures["total"] <= COLD_TOTAL_BUDGET, (url, figures)
    assert figures["requests"] <= COLD_REQUESTS, (url, figures)
    assert figures["images"] <= IMAGES_BUDGET, (url, figures)
    assert figures["warm_requests"] <= WARM_REQUESTS, (url, figures)
    assert figures["scripts"] == 0, (url, figures)
    assert figures["dom"] <= DOM_BUDGET, (url, figures)
    assert not violations, (url, [(v["id"], v["help"], len(v["nodes"])) for v in violations])


def too_wide(figures) -> bool:
    """Wider than the phone: the page scrolls sideways."""
    return figures["width"] > PHONE


def test_every_anonymous_page_kind_in_a_real_browser(browser, live_server, demo_urls):
    values, _host = demo_urls
    wide = []
    for url in ANONYMOUS:
        figures, violations = measure(browser, live_server, url.format(**values))
        record(url, figures, signed_in=False)
        check(figures, violations, url)
        wide += [(url, figures["width"])] if too_wide(figures) else []
    assert wide == [], "pages wider than %d px" % PHONE


def test_every_signed_in_page_kind_in_a_real_browser(browser, live_server, demo_urls):
    values, host = demo_urls
    cookies = session_of(host, live_server)
    wide = []
    for url in SIGNED_IN:
        figures, violations = measure(browser, live_server, url.format(**values), cookies)
        record(url, figures, signed_in=True)
        allowed = EXCEPTIONS.get(url, set())
        check(figures, [v for v in violations if v["id"] not in allowed], url)
        wide += [(url, figures["width"])] if too_wide(figures) else []
    assert wide == [], "pages wider than %d px" % PHONE


def test_every_member_and_staff_page_kind_in_a_real_browser(browser, live_server, demo_urls):
    values, _host = demo_urls
    team = User.objects.get(email="equipe@demo.terreau.localhost")
    Authenticator.objects.create(user=team, type=Authenticator.Type.TOTP, data={"secret": "X"})
    wide = []
    visitors = (
        (User.objects.get(email=AWA), MEMBER, " (member)"),
        (User.objects.get(email=NADIA), EXPERT, " (expert)"),
        (
            Diagnostic.objects.get(subject="authority").author,
            ["{authority_diagnostic_take}"],
            " (representative)",
        ),
        (team, STAFF, " (staff)"),
    )
    for person, urls, who in visitors:
        cookies = session_of(person, live_server)
        for url in urls:
            figures, violations = measure(browser, live_server, url.format(**values), cookies)
            record(url + who, figures, signed_in=True)
            check(figures, violations, url)
            wide += [(url, figures["width"])] if too_wide(figures) else []
    assert wide == [], "pages wider than %d px" % PHONE
