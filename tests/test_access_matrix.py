"""Every URL that names an object and needs a right, across the apps, walked
by each kind of person who lacks that right: a signed-out visitor, a signed-in
stranger, the animator of another territory's marathon, the member of another
team, and staff whose session did not pass the second factor (TOTP active but
signed in with the password only, or TOTP never activated). Each is refused
(403 or 404; a signed-out visitor is sent to the log-in page, staff to the
second factor) and nothing in the database changes. The rightful person, walked last,
is let through: a mistyped URL cannot pass for a refusal.

Some views answer a refusal the way a person expects it on a form (a message
and the page again) rather than with 403: for those ("told") the intruders'
requests must change nothing, and the rightful person's request must change
something.

The per-app tests say what each role may do; this one makes sure no URL was
forgotten: every URL of the apps, read from the URL resolver, is either in
the matrix or in one of the lists below that say why it needs no right."""

import datetime
from typing import Any, NamedTuple

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from terreau.authorities.services import ask_to_animate, ask_to_represent
from terreau.calls.models import Application, Support
from terreau.causes.models import Cause
from terreau.challenges.models import Team, TeamMember, TeamRequest
from terreau.checkins import screens as screen_devices
from terreau.editorial import images as story_images
from terreau.editorial import services as story_services
from terreau.governance import services as governance
from terreau.governance.models import Amendment, Consultation, Law
from terreau.privacy.models import DataExport
from terreau.support import services as support_services
from terreau.territories import roles
from terreau.territories.models import AuthorityRepresentative, Territory
from tests.accounts.factories import UserFactory, sign_in
from tests.boussole.factories import adopt_founding_set
from tests.boussole.factories import published as published_assessment
from tests.boussole.factories import start as start_assessment
from tests.calls.factories import (
    appoint,
    closed_call,
    eligible_application,
    open_call,
    submitted_application,
)
from tests.causes.factories import open_round
from tests.challenges.factories import HERAULT_MEDITERRANEE, marathon_with_stage
from tests.editorial.factories import (
    editor,
    jpeg_with_gps,
    make_episode,
    make_story,
    make_video,
)
from tests.events.factories import EventFactory
from tests.governance.factories import assembly, cooperative, member
from tests.places.factories import PlaceFactory
from tests.support.factories import make_expert

pytestmark = pytest.mark.django_db

INTRUDERS = [
    "anonymous",
    "stranger",
    "other_territory_animator",
    "other_team_member",
    "staff_password_only",
    "staff_without_totp",
]
WATCHED_APPS = [
    "authorities",
    "places",
    "events",
    "checkins",
    "challenges",
    "governance",
    "calls",
    "causes",
    "privacy",
    "boussole",
    "support",
    "editorial",
]


@pytest.fixture
def world(territories, staff):
    host = UserFactory()
    place = PlaceFactory(host=host)
    event = EventFactory(place=place)
    screen, _code = screen_devices.start_pairing(
        place=place, host=host, label="Accueil", at=timezone.now()
    )
    marathon, stage = marathon_with_stage("repair-cafe")
    animator = UserFactory()
    roles.appoint(animator, marathon.territory)
    other_epci = Territory.objects.filter(kind="epci").exclude(code=HERAULT_MEDITERRANEE).first()
    other_marathon, _ = marathon_with_stage("repair-cafe", epci=other_epci.code)
    other_animator = UserFactory()
    roles.appoint(other_animator, other_marathon.territory)
    captain, other_captain, newcomer = UserFactory(), UserFactory(), UserFactory()
    team = Team.objects.create(marathon=marathon, name="Les Rapiéceurs", created_by=captain)
    other_team = Team.objects.create(
        marathon=marathon, name="Les Voisins", created_by=other_captain
    )
    TeamMember.objects.create(team=team, marathon=marathon, person=captain)
    TeamMember.objects.create(team=other_team, marathon=marathon, person=other_captain)
    join_request = TeamRequest.objects.create(team=team, person=newcomer)
    # Another request, for the refusal (the first one is accepted).
    other_request = TeamRequest.objects.create(team=team, person=UserFactory())
    colleges = cooperative()
    alice, bob = member(colleges[0]), member(colleges[2])
    pending_membership = governance.apply_for_membership(
        person=UserFactory(),
        college=colleges[2],
        shares=1,
        legal_name="Nom Légal",
        postal_address="1 rue de la République\n34120 Pézenas",
        show_name=False,
        accepts_statutes=True,
    )
    consultation = Consultation.objects.create(
        title="Consultation",
        text="Texte.",
        law=Law.objects.get(number=1),
        author=UserFactory(),  # staff answer by their powers, not as its author
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    amendment = Amendment.objects.create(
        consultation=consultation, author=UserFactory(), proposal="Ajouter un article."
    )
    applicant = UserFactory()
    call = open_call()
    draft = Application.objects.create(call=call, territory=place.commune)
    draft.authors.add(applicant)
    submitted = submitted_application(call, author=applicant)
    supporter = UserFactory()
    support = Support.objects.create(
        application=submitted, call=call, kind=Support.Kind.CITIZEN, person=supporter
    )
    judged_call = closed_call(title="Appel clos")
    scored = eligible_application(judged_call)
    juror = appoint(judged_call).person
    proposer = UserFactory()
    pending_cause = Cause.objects.create(
        round=open_round(),
        title="En attente",
        stake="…",
        territory=place.commune,
        association="…",
        proposed_by=proposer,
    )
    # Causes waiting in the marathon's territory, which its animator moderates.
    cause_to_publish, cause_to_refuse = (
        Cause.objects.create(
            round=pending_cause.round,
            title=title,
            stake="…",
            territory=place.commune,
            association="…",
            proposed_by=proposer,
        )
        for title in ("À publier", "À refuser")
    )
    # Alice's copy of her data, ready to download: hers alone.
    export = DataExport.objects.create(
        person=alice.person, requested_at=timezone.now(), ready_at=timezone.now(), status="ready"
    )
    export.file.save("matrice.zip", ContentFile(b"PK"), save=True)
    # The Boussole: a draft is its author's alone; members review what is published.
    adopt_founding_set()
    assessor = UserFactory()
    boussole_draft, doomed_draft = start_assessment(assessor), start_assessment(assessor)
    boussole_published = published_assessment(assessor)
    # A request to represent the place's commune, with its proof: seen by its
    # author and by who may decide (staff with their powers, a colleague).
    asker = UserFactory()
    pdf = ContentFile(b"%PDF-1.4\n%%EOF\n", name="preuve.pdf")
    representation_request = ask_to_represent(
        person=asker, territory=place.commune, role="Maire", document=pdf
    )
    withdrawn_request = ask_to_represent(
        person=asker, territory=place.commune.epci, role="Vice-présidente", email="a@agglo.fr"
    )
    representative = UserFactory()
    authority_role = AuthorityRepresentative.objects.create(
        person=representative, territory=place.commune.departement, role="Présidente"
    )
    # Places waiting for moderation in the marathon's territory, which its
    # animator moderates (one to publish, one to refuse).
    to_publish = PlaceFactory(status="proposed", commune=place.commune)
    to_refuse = PlaceFactory(status="proposed", commune=place.commune)
    # Expert profiles waiting for moderation in the marathon's territory:
    # their pages and photo are their author's and its moderators' alone.
    expert = UserFactory()
    expert_to_publish = make_expert(person=expert, areas=[place.commune], photo=True, publish=False)
    expert_to_refuse = make_expert(areas=[place.commune], publish=False)
    # Requests for help, private to their requester, the experts offered
    # them and the expert who accepts; the helper covers the place's commune.
    helper = make_expert(areas=[place.commune], capacity=5)
    help_requester = UserFactory()

    def help_request():
        return support_services.ask_for_help(
            person=help_requester,
            domain="energy-housing",
            description="Froid.",
            modes=[],
            commune=place.commune,
        )

    to_accept, to_decline, accepted_request = help_request(), help_request(), help_request()
    support_services.accept_offer(offer=accepted_request.offers.get(), person=helper.person)
    # A person's diagnostic: its author's alone, staff included.
    diagnosed = UserFactory()
    diagnostic = support_services.take_diagnostic(
        person=diagnosed, questionnaire="person", answers={}, commune=place.commune
    )
    place_diagnostic = support_services.take_diagnostic(
        person=host, questionnaire="place", answers={}, place=place
    )
    # Régénérer: an editor of the place's commune, a draft with a photo and a
    # published story there. The other territory's animator also edits the
    # stories of their own territory: an editor, but not of these.
    story_editor = editor(place.commune)
    editor(other_marathon.territory, person=other_animator)
    draft_story = make_story(place.commune, published=False, slug="brouillon")
    published_story = make_story(place.commune, slug="publie", title="Publié")
    draft_episode = make_episode(place.commune, published=False)
    draft_video = make_video(place.commune)
    portrait = make_story(place.commune, published=False, slug="portrait", is_portrait=True)
    published_portrait = make_story(place.commune, slug="portrait-publie", is_portrait=True)
    portrait_consent = story_services.record_consent(
        published_portrait,
        story_editor,
        name="Josiane",
        how="paper",
        given_on=timezone.localdate(),
        shown=["name"],
    )
    story_image = story_services.add_image(
        draft_story, story_images.decode(jpeg_with_gps(400, 300)), "Un atelier", ""
    )
    animation_request = ask_to_animate(
        person=representative, territory=authority_role.territory, motivation="Avec les lieux."
    )
    return {
        "objects": {
            "cause_to_publish": cause_to_publish,
            "cause_to_refuse": cause_to_refuse,
            "to_publish": to_publish,
            "to_refuse": to_refuse,
            "animation_request": animation_request,
            "expert_to_publish": expert_to_publish,
            "offer_to_accept": to_accept.offers.get(),
            "offer_to_decline": to_decline.offers.get(),
            "to_decline": to_decline,
            "accepted_request": accepted_request,
            "diagnostic": diagnostic,
            "place_diagnostic": place_diagnostic,
            "expert_to_refuse": expert_to_refuse,
            "representation_request": representation_request,
            "withdrawn_request": withdrawn_request,
            "authority_role": authority_role,
            "export": export,
            "place": place,
            "screen": screen,
            "event": event,
            "marathon": marathon,
            "stage": stage,
            "team": team,
            "join_request": join_request,
            "other_request": other_request,
            "member": alice,
            "other_member": bob,
            "pending_membership": pending_membership,
            "amendment": amendment,
            "support": support,
            "open_assembly": assembly(),
            "draft_assembly": assembly(convene=False),
            "draft_application": draft,
            "submitted_application": submitted,
            "pending_cause": pending_cause,
            "judged_call": judged_call,
            "scored_application": scored,
            "boussole_draft": boussole_draft,
            "doomed_draft": doomed_draft,
            "boussole_published": boussole_published,
            "draft_story": draft_story,
            "published_story": published_story,
            "story_image": story_image,
            "draft_episode": draft_episode,
            "draft_video": draft_video,
            "portrait": portrait,
            "portrait_consent": portrait_consent,
        },
        "people": {
            "anonymous": None,
            "stranger": UserFactory(),
            "other_territory_animator": other_animator,
            "other_team_member": other_captain,
            "host": host,
            "animator": animator,
            "captain": captain,
            "member": alice.person,
            "applicant": applicant,
            "proposer": proposer,
            "supporter": supporter,
            "juror": juror,
            "assessor": assessor,
            "asker": asker,
            "representative": representative,
            "expert": expert,
            "helper": helper.person,
            "help_requester": help_requester,
            "diagnosed": diagnosed,
            "editor": story_editor,
            "staff": staff,
            "staff_password_only": staff,
            "staff_without_totp": UserFactory(is_staff=True, is_superuser=True),
        },
    }


def _place(o):
    return [o["place"].pk]


def _event(o):
    return [o["event"].pk]


def _story(o):
    return {
        "title": "Le repair café a un an",
        "standfirst": "Cent objets réparés.",
        "body": "Tout a commencé un samedi.",
        "credits": "Texte : Awa",
        "commune": "%s (%s)" % (o["place"].commune.name, o["place"].commune.departement_code),
        "reach": "commune",
    }


def _episode(o):
    return {**_story(o), "summary": "…", "transcript": "Bonjour.", "chapters_text": ""}


def _links(o):
    return {"places": [o["place"].pk]}


def _image(o):
    return {"image": jpeg_with_gps(400, 300), "alt": "Des bénévoles"}


class Entry(NamedTuple):
    name: str
    args: Any  # objects -> URL arguments
    method: str
    data: Any  # form data, or objects -> form data
    owner: str  # who has the right
    refusal: str = "forbidden"  # or "told": a message or the form again


def _vote(o):
    """Alice's voice on the open assembly: intruders try to use it."""
    number, resolution = o["member"].number, o["open_assembly"].resolutions.get()
    return {"v%d-voice" % number: "on", "v%d-r%d" % (number, resolution.pk): "pour"}


def _consultation(o):
    return {
        "title": "Consultation du territoire",
        "text": "Texte.",
        "law": Law.objects.get(number=1).pk,
        "territory": o["marathon"].territory_id,
        "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }


def _draft(o):
    return [o["boussole_draft"].pk]


def _boussole_answer(o):
    first = o["boussole_draft"].answers.filter(decree__law__number=2).first()
    return {"value_%d" % first.pk: "non"}


def _asked(o):
    return [o["representation_request"].pk]


URLS = [
    ("calls:supports", lambda o: [o["submitted_application"].call_id], "get", None, "staff"),
    ("governance:convocation", lambda o: [o["draft_assembly"].pk], "get", None, "staff"),
    (
        "governance:convocation",
        lambda o: [o["draft_assembly"].pk],
        "post",
        {"confirm": "1"},
        "staff",
    ),
    ("governance:publish_results", lambda o: [o["open_assembly"].pk], "post", {}, "staff"),
    ("causes:moderation_publish", lambda o: [o["cause_to_publish"].pk], "post", {}, "animator"),
    (
        "causes:moderation_reject",
        lambda o: [o["cause_to_refuse"].pk],
        "post",
        {"reason": "Hors du territoire."},
        "animator",
    ),
    ("support:expert", lambda o: [o["expert_to_publish"].pk], "get", None, "expert"),
    ("support:request", lambda o: [o["accepted_request"].pk], "get", None, "help_requester"),
    ("support:request", lambda o: [o["accepted_request"].pk], "get", None, "helper"),
    ("support:diagnostic", lambda o: [o["diagnostic"].pk], "get", None, "diagnosed"),
    ("support:diagnostic", lambda o: [o["place_diagnostic"].pk], "get", None, "host"),
    ("support:diagnostic_place", _place, "get", None, "host"),
    (
        "support:diagnostic_authority",
        lambda o: [o["authority_role"].territory_id],
        "get",
        None,
        "representative",
    ),
    (
        "support:diagnostic_publish",
        lambda o: [o["place_diagnostic"].pk],
        "post",
        {"public": "1"},
        "host",
    ),
    ("support:accept", lambda o: [o["offer_to_accept"].pk], "post", {}, "helper"),
    ("support:decline", lambda o: [o["offer_to_decline"].pk], "post", {}, "helper"),
    (
        "support:meeting",
        lambda o: [o["accepted_request"].pk],
        "post",
        {"meeting": "Jeudi 17 h"},
        "helper",
    ),
    (
        "support:feedback",
        lambda o: [o["accepted_request"].pk],
        "post",
        {"helped": "yes", "comment": ""},
        "help_requester",
    ),
    (
        "support:close",
        lambda o: [o["accepted_request"].pk],
        "post",
        {"outcome": "Visite faite."},
        "helper",
    ),
    ("support:withdraw_request", lambda o: [o["to_decline"].pk], "post", {}, "help_requester"),
    ("support:photo", lambda o: [o["expert_to_publish"].pk], "get", None, "expert"),
    (
        "support:moderation_publish",
        lambda o: [o["expert_to_publish"].pk],
        "post",
        {},
        "animator",
    ),
    (
        "support:moderation_reject",
        lambda o: [o["expert_to_refuse"].pk],
        "post",
        {"reason": "Présentation publicitaire."},
        "animator",
    ),
    ("places:moderation_publish", lambda o: [o["to_publish"].pk], "post", {}, "animator"),
    (
        "places:moderation_reject",
        lambda o: [o["to_refuse"].pk],
        "post",
        {"reason": "Adresse introuvable."},
        "animator",
    ),
    ("challenges:dashboard", lambda o: [o["marathon"].pk], "get", None, "animator"),
    (
        "challenges:dashboard_csv",
        lambda o: [o["marathon"].pk, "semaines"],
        "get",
        None,
        "animator",
    ),
    (
        "challenges:programme",
        lambda o: [o["marathon"].pk],
        "post",
        {"source": "default"},
        "animator",
    ),
    ("challenges:publish_programme", lambda o: [o["marathon"].pk], "post", {}, "animator"),
    (
        "authorities:ask_animation",
        lambda o: [o["authority_role"].territory_id],
        "get",
        None,
        "representative",
    ),
    (
        "authorities:decide_animation",
        lambda o: [o["animation_request"].pk],
        "post",
        {"decision": "accept"},
        "staff",
    ),
    ("authorities:request", _asked, "get", None, "asker"),
    ("authorities:document", _asked, "get", None, "asker"),
    (
        "authorities:confirm_code",
        lambda o: [o["withdrawn_request"].pk],
        "post",
        {"code": "123456"},
        "asker",
    ),
    ("authorities:new_code", lambda o: [o["withdrawn_request"].pk], "post", {}, "asker"),
    ("authorities:decide", _asked, "post", {"decision": "accept"}, "staff"),
    ("authorities:withdraw", lambda o: [o["withdrawn_request"].pk], "post", {}, "asker"),
    (
        "authorities:visibility",
        lambda o: [o["authority_role"].pk],
        "post",
        {"show": "1"},
        "representative",
    ),
    ("boussole:assessment", _draft, "get", None, "assessor"),
    ("boussole:describe", _draft, "get", None, "assessor"),
    ("boussole:law", lambda o: [o["boussole_draft"].pk, 2], "get", None, "assessor"),
    ("boussole:law", lambda o: [o["boussole_draft"].pk, 2], "post", _boussole_answer, "assessor"),
    ("boussole:json", _draft, "get", None, "assessor"),
    ("boussole:csv", _draft, "get", None, "assessor"),
    ("boussole:publish", _draft, "post", {}, "assessor"),
    ("boussole:delete", lambda o: [o["doomed_draft"].pk], "post", {"confirm": "on"}, "assessor"),
    ("boussole:rerun", lambda o: [o["boussole_published"].pk], "post", {}, "assessor"),
    (
        "boussole:remark",
        lambda o: [o["boussole_published"].pk],
        "post",
        {"text": "Quelle source ?"},
        "member",
    ),
    ("privacy:download", lambda o: [o["export"].pk], "get", None, "member"),
    ("places:edit", _place, "get", None, "host"),
    ("places:edit", _place, "post", {"name": "Pris"}, "host"),
    ("places:hosts", _place, "get", None, "host"),
    ("places:hosts", _place, "post", {"email": "intrus@example.org"}, "host"),
    ("pages:poster", _place, "get", None, "host"),
    ("checkins:screen", _place, "get", None, "host"),
    ("checkins:screens", _place, "get", None, "host"),
    ("checkins:screens", _place, "post", {"label": "Pris"}, "host"),
    ("checkins:revoke_screen", lambda o: [o["place"].pk, o["screen"].pk], "post", None, "host"),
    ("pages:place_presence", _place, "get", None, "host"),
    ("pages:confirm_place_presence", _place, "get", None, "host"),
    ("pages:validate_at_place", _place, "post", {"person": "1"}, "host"),
    ("events:create", _place, "get", None, "host"),
    ("events:create", _place, "post", {"title": "Pris"}, "host"),
    ("events:edit", _event, "get", None, "host"),
    ("events:edit", _event, "post", {"title": "Pris"}, "host"),
    ("events:cancel", _event, "post", {"reason": "Pris"}, "host"),
    ("events:registrations", _event, "get", None, "host"),
    ("checkins:event_presence", _event, "get", None, "host"),
    ("checkins:confirm_event_presence", _event, "get", None, "host"),
    ("checkins:validate_at_event", _event, "post", {"person": "1"}, "host"),
    ("challenges:stage_create", lambda o: [o["marathon"].pk], "get", None, "animator"),
    (
        "challenges:stage_create",
        lambda o: [o["marathon"].pk],
        "post",
        {"title": "Pris"},
        "animator",
    ),
    ("challenges:stage_edit", lambda o: [o["marathon"].pk, o["stage"].pk], "get", None, "animator"),
    (
        "challenges:stage_edit",
        lambda o: [o["marathon"].pk, o["stage"].pk],
        "post",
        {"title": "Pris"},
        "animator",
    ),
    (
        "challenges:team_accept",
        lambda o: [o["team"].pk, o["join_request"].pk],
        "post",
        {},
        "captain",
    ),
    (
        "challenges:team_refuse",
        lambda o: [o["team"].pk, o["other_request"].pk],
        "post",
        {},
        "captain",
    ),
    ("challenges:team_remove", lambda o: [o["team"].pk], "post", {}, "animator"),
    ("calls:application", lambda o: [o["draft_application"].pk], "get", None, "applicant"),
    ("calls:edit", lambda o: [o["draft_application"].pk], "get", None, "applicant"),
    ("calls:edit", lambda o: [o["submitted_application"].pk], "post", {"why": "Pris"}, "applicant"),
    (
        "calls:invite_author",
        lambda o: [o["draft_application"].pk],
        "post",
        {"email": "x@example.org"},
        "applicant",
    ),
    ("calls:submit", lambda o: [o["draft_application"].pk], "post", {}, "applicant"),
    (
        "calls:support",
        lambda o: [o["draft_application"].pk],
        "post",
        {"kind": "citizen"},
        "applicant",
    ),
    ("calls:leave", lambda o: [o["draft_application"].pk], "post", {}, "applicant"),
    # Last of the draft's rows: the rightful request deletes it.
    (
        "calls:abandon",
        lambda o: [o["draft_application"].pk],
        "post",
        {"confirm": "on"},
        "applicant",
    ),
    ("editorial:story", lambda o: [o["draft_story"].slug], "get", None, "editor"),
    ("editorial:edit", lambda o: [o["draft_story"].pk], "get", None, "editor"),
    ("editorial:edit", lambda o: [o["draft_story"].pk], "post", _story, "editor"),
    ("editorial:links", lambda o: [o["draft_story"].pk], "get", None, "editor"),
    ("editorial:links", lambda o: [o["draft_story"].pk], "post", _links, "editor"),
    ("editorial:revision", lambda o: [o["draft_story"].pk, 1], "get", None, "editor"),
    (
        "editorial:image",
        lambda o: [o["story_image"].key, o["story_image"].widths[0]],
        "get",
        None,
        "editor",
    ),
    ("editorial:add_image", lambda o: [o["draft_story"].pk], "post", _image, "editor"),
    (
        "editorial:remove_image",
        lambda o: [o["draft_story"].pk, o["story_image"].pk],
        "post",
        {},
        "editor",
    ),
    ("editorial:submit", lambda o: [o["draft_story"].pk], "post", {}, "editor"),
    ("editorial:publish", lambda o: [o["draft_story"].pk], "post", {"publish_at": ""}, "editor"),
    (
        "editorial:correct",
        lambda o: [o["published_story"].pk],
        "post",
        {"correction": "Une date était fausse."},
        "editor",
    ),
    ("editorial:unpublish", lambda o: [o["published_story"].pk], "post", {}, "editor"),
    (
        "editorial:record_consent",
        lambda o: [o["portrait"].pk],
        "post",
        lambda o: {
            "name": "Josiane",
            "how": "paper",
            "given_on": timezone.localdate().isoformat(),
            "shown": ["name"],
            "agreed": "on",
        },
        "editor",
    ),
    (
        "editorial:withdraw_consent",
        lambda o: [o["portrait_consent"].pk],
        "post",
        {},
        "editor",
    ),
    ("editorial:video", lambda o: [o["draft_video"].slug], "get", None, "editor"),
    ("editorial:video_file", lambda o: [o["draft_video"].slug, "webm"], "get", None, "editor"),
    ("editorial:video_captions", lambda o: [o["draft_video"].slug], "get", None, "editor"),
    ("editorial:video_poster", lambda o: [o["draft_video"].slug], "get", None, "editor"),
    ("editorial:video_edit", lambda o: [o["draft_video"].pk], "get", None, "editor"),
    (
        "editorial:video_edit",
        lambda o: [o["draft_video"].pk],
        "post",
        lambda o: {
            **_story(o),
            "summary": "…",
            "transcript": "…",
            "source": "file",
            "poster_alt": "…",
        },
        "editor",
    ),
    (
        "editorial:video_publish",
        lambda o: [o["draft_video"].pk],
        "post",
        {"publish_at": ""},
        "editor",
    ),
    ("editorial:video_unpublish", lambda o: [o["draft_video"].pk], "post", {}, "editor"),
    ("editorial:episode", lambda o: [o["draft_episode"].slug], "get", None, "editor"),
    (
        "editorial:episode_audio",
        lambda o: [o["draft_episode"].slug, "mp3"],
        "get",
        None,
        "editor",
    ),
    (
        "editorial:episode_transcript",
        lambda o: [o["draft_episode"].slug],
        "get",
        None,
        "editor",
    ),
    ("editorial:episode_chapters", lambda o: [o["draft_episode"].slug], "get", None, "editor"),
    ("editorial:episode_edit", lambda o: [o["draft_episode"].pk], "get", None, "editor"),
    ("editorial:episode_edit", lambda o: [o["draft_episode"].pk], "post", _episode, "editor"),
    (
        "editorial:episode_publish",
        lambda o: [o["draft_episode"].pk],
        "post",
        {"publish_at": ""},
        "editor",
    ),
    ("editorial:episode_unpublish", lambda o: [o["draft_episode"].pk], "post", {}, "editor"),
    ("calls:jury", lambda o: [o["judged_call"].pk], "get", None, "juror"),
    ("calls:review", lambda o: [o["scored_application"].pk], "get", None, "juror"),
    ("calls:review", lambda o: [o["scored_application"].pk], "post", {"value_1": "4"}, "juror"),
    ("calls:conflict", lambda o: [o["scored_application"].pk], "post", {"reason": "Pris"}, "juror"),
    ("calls:ranking", lambda o: [o["judged_call"].pk], "get", None, "staff"),
    ("calls:confirm", lambda o: [o["judged_call"].pk], "post", {}, "staff"),
    ("calls:marathons", lambda o: [o["judged_call"].pk], "post", {}, "staff"),
    ("causes:detail", lambda o: [o["pending_cause"].pk], "get", None, "proposer"),
    ("causes:support", lambda o: [o["pending_cause"].pk], "post", {}, "proposer"),
    ("governance:certificate", lambda o: [o["member"].number], "get", None, "member"),
    ("governance:assembly", lambda o: [o["draft_assembly"].pk], "get", None, "staff"),
    ("governance:register", lambda o: [], "get", None, "staff"),
    ("governance:register_csv", lambda o: [], "get", None, "staff"),
    ("governance:settings", lambda o: [], "get", None, "staff"),
    ("governance:record_movement", lambda o: [], "post", {"member": "1"}, "staff"),
    (
        "governance:record_payment",
        lambda o: [o["pending_membership"].pk],
        "post",
        {"paid_on": timezone.localdate().isoformat(), "reference": "VIR-1"},
        "staff",
    ),
    (
        "governance:answer",
        lambda o: [o["amendment"].pk],
        "post",
        {"status": "accepted", "answer": "Pris"},
        "staff",
    ),
    ("governance:vote", lambda o: [o["open_assembly"].pk], "post", _vote, "member", "told"),
    ("governance:consultation_create", lambda o: [], "post", _consultation, "animator", "told"),
    (
        "calls:withdraw",
        lambda o: [o["submitted_application"].pk],
        "post",
        lambda o: {"support": o["support"].pk},
        "supporter",
        "told",
    ),
]
URLS = [Entry(*entry) for entry in URLS]

# URLs that need no right of their own, and why. A new URL goes in the matrix
# above or in one of these lists; `test_every_url_is_in_the_matrix` checks it.
OPEN_TO_ALL = {
    # Régénérer's published stories and their Atom feeds (a draft's page and
    # photos are in the matrix above).
    "editorial:list",
    "editorial:feed",
    "editorial:territory_feed",
    "editorial:podcast",
    "editorial:podcast_feed",
    # Public pages and feeds (an unpublished object answers 404 to all but
    # its people, checked by each app's tests).
    "pages:home",
    "pages:robots",
    "health",
    "pages:sitemap",
    # A tablet's screen: its right is the secret of its cookie, set when a
    # host's installation code was typed (tests/checkins/test_screens.py).
    "checkins:device_screen",
    "about",
    "legal",
    "pages:search",
    "pages:algorithms",
    "opendata:index",
    "opendata:datapackage",
    "opendata:catalogue",
    "opendata:csv",
    "opendata:json",
    "opendata:schema",
    # The read-only API: public data only, every route (tests/api/ checks
    # that unpublished places, hidden events and drafts stay out).
    "api_documentation",
    "api:api-root",
    "api:openapi-json",
    "api:territory",
    "api:places",
    "api:place",
    "api:events",
    "api:event",
    "api:marathons",
    "api:marathon",
    "api:challenges",
    "api:factor_table",
    "api:call_applications",
    "api:causes",
    "api:assembly_results",
    "footprint",
    "security_txt",
    "places:territory_list",
    "territories:search",
    "territories:communes",
    "pages:territory",
    "events:agenda",
    "events:event_ical",
    "pages:event",
    "events:place_agenda",
    "events:place_ical",
    "events:territory_agenda",
    "events:territory_ical",
    "places:list",
    "pages:place",
    "challenges:list",
    "challenges:factors",
    "pages:challenge",
    "pages:marathons",
    "pages:marathon",
    "challenges:team",
    "governance:campaign",
    "governance:statutes",
    "governance:assemblies",
    "governance:minutes",
    "governance:ballots",
    "governance:document",
    "governance:audit",
    "governance:laws",
    "governance:law",
    "governance:consultations",
    "governance:consultation",
    "calls:list",
    "calls:detail",
    "causes:current",
    "causes:round",
    "boussole:index",
    "pages:authority",
    # A published report's PDF; a draft has none, even for its author (tests/boussole/test_pdf.py).
    "boussole:pdf",
    "support:index",
    "support:directory",
    "support:territory_directory",
    "support:diagnostics",
}
ACTS_ON_ONESELF = {
    # Signed-in pages and actions whose only effect is on the person's own
    # rows (their registrations, presences, places proposed, membership,
    # supports, team, proxy); the URL's object is what they act towards.
    "accounts:profile",
    "privacy:trace",
    "privacy:request_export",
    "privacy:delete",
    "events:near_me",
    "events:mine",
    "events:renew_feed",
    "events:register",
    "events:unregister",
    "checkins:mine",
    "places:propose",
    "places:mine",
    "places:report",
    "challenges:join",
    "challenges:team_create",
    "challenges:team_request",
    "challenges:team_leave",
    "pages:me",
    "governance:apply",
    "governance:cancel_application",
    "governance:proxy_give",
    "governance:proxy_revoke",
    "governance:amend",
    "governance:comment",
    "governance:support",
    "calls:start",
    "calls:join",
    "causes:propose",
    "causes:withdraw",
    "boussole:start",
    "authorities:ask",
    "authorities:requests",
    # The expert's own profile, consent, pause and conflicts.
    "support:my_profile",
    "support:pause",
    "support:withdraw",
    "support:conflicts",
    "support:conflict_remove",
    "support:ask",
    "support:requests",
    "support:diagnostic_take",
}
# Lists whose rows depend on the person's role: each role sees its own
# territory's rows, and a person with no role is refused (the permission
# matrix of tests/places/test_moderation.py).
SCOPED_TO_A_ROLE = {
    "places:moderation",
    "causes:moderation",  # tests/causes/test_moderation.py
    "support:moderation",  # tests/support/test_expert_views.py
    "support:gaps",  # tests/support/test_request_views.py
    # An editor's desk and new story: of their own territories
    # (tests/editorial/test_permissions.py).
    "editorial:desk",
    "editorial:create",
    "editorial:episode_create",
    "editorial:video_create",
}
SECRET_IN_THE_URL = {
    # The right is the secret token in the URL (tested with wrong, expired
    # and reused tokens by each app).
    "events:personal_ical",
    "pages:presence",
    "pages:short_presence",
    "pages:complete_defi",
    "challenges:team_join",
    "places:accept_invitation",
    "calls:accept_invitation",
}
# Accounts (allauth) and the back-office (Django's admin behind
# has_staff_powers, tests/accounts/test_two_factor.py) have their own tests.
NOT_WALKED = ("admin", "account_", "mfa_", "socialaccount_")  # fmt: skip


def snapshot():
    """Every row of every model of the apps that hold what these URLs act on."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for name in WATCHED_APPS
        for model in apps.get_app_config(name).get_models()
    }


def request(world, role, entry):
    client = Client()
    person = world["people"][role]
    if role == "staff_password_only":
        client.force_login(person)  # the password, no TOTP code in this session
    elif person is not None:
        sign_in(client, person)
    objects = world["objects"]
    url = reverse(entry.name, args=entry.args(objects))
    data = entry.data(objects) if callable(entry.data) else entry.data
    return getattr(client, entry.method)(url, data or {})


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def is_second_factor_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("mfa_reauthenticate"), reverse("mfa_activate_totp"))
    )


def test_no_right_no_access_and_nothing_changes(world):
    """One world, every URL: the intruders first (nothing may change), then
    the rightful people, whose requests do change things."""
    before = snapshot()
    for entry in URLS:
        for role in INTRUDERS:
            response = request(world, role, entry)
            where = (entry.method.upper(), entry.name, role, response.status_code)
            if role == "anonymous":
                assert is_login_redirect(response) or response.status_code in (403, 404), where
            elif entry.refusal == "told":
                assert response.status_code in (200, 302, 403, 404), where
                assert not is_login_redirect(response), where
            elif role.startswith("staff"):
                assert is_second_factor_redirect(response) or response.status_code in (
                    403,
                    404,
                ), where
            else:
                assert response.status_code in (403, 404), where
    assert snapshot() == before

    for entry in URLS:
        before = snapshot() if entry.refusal == "told" else None
        response = request(world, entry.owner, entry)
        where = (entry.method.upper(), entry.name, entry.owner, response.status_code)
        assert response.status_code not in (403, 404, 405), where
        assert not is_login_redirect(response), where
        if entry.refusal == "told":
            assert snapshot() != before, where


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner:
                inner = "%s:%s" % (namespace, inner) if namespace else inner
            yield from url_names(pattern.url_patterns, inner or namespace)
        elif pattern.name:
            yield "%s:%s" % (namespace, pattern.name) if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    """Read from the URL resolver: a URL added without a place in the matrix
    or in a list saying why it needs no right fails here, and so does a
    listed name that no longer exists."""
    walked = {
        name for name in url_names(get_resolver().url_patterns) if not name.startswith(NOT_WALKED)
    }
    in_matrix = {entry.name for entry in URLS}
    listed = in_matrix | OPEN_TO_ALL | ACTS_ON_ONESELF | SECRET_IN_THE_URL | SCOPED_TO_A_ROLE
    assert sorted(walked - listed) == [], "URLs missing from the access matrix"
    assert sorted(listed - walked) == [], "listed URLs that no longer exist"
    overlap = (in_matrix & (OPEN_TO_ALL | ACTS_ON_ONESELF)) | (OPEN_TO_ALL & ACTS_ON_ONESELF)
    assert sorted(overlap) == []
