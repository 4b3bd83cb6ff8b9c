import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from terreau.challenges import services
from terreau.challenges.models import Challenge, Completion, Participant, TeamMember, TeamRequest
from terreau.checkins import tokens
from terreau.checkins.models import CheckIn
from terreau.territories import roles
from tests.accounts.factories import UserFactory, sign_in, sign_in_with_second_factor
from tests.challenges.factories import complete_challenge, marathon_with_stage, participant
from tests.checkins.factories import screen_token
from tests.html import squeeze
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def test_joining_needs_to_live_or_act_in_the_territory(territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    with pytest.raises(services.MarathonRefused, match="vivent ou agissent"):
        services.join_marathon(person=UserFactory(home_commune=commune("81163")), marathon=marathon)
    assert services.join_marathon(
        person=UserFactory(home_commune=commune("34199")), marathon=marathon
    )
    host = UserFactory()
    PlaceFactory(host=host, commune=commune("34199"))
    assert services.join_marathon(person=host, marathon=marathon)
    with pytest.raises(services.MarathonRefused, match="déjà"):
        services.join_marathon(person=host, marathon=marathon)
    assert Participant.objects.count() == 2


def test_one_team_per_person_per_marathon(territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    services.create_team(person=person, marathon=marathon, name="Les Voisins", kind="neighbourhood")
    with pytest.raises(services.MarathonRefused, match="déjà partie"):
        services.create_team(person=person, marathon=marathon, name="Autre", kind="family")
    assert TeamMember.objects.filter(person=person).count() == 1


def test_invitation_link_makes_a_neighbour_join_team_and_marathon(territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    founder = participant(marathon, UserFactory(home_commune=commune("34199")))
    team = services.create_team(
        person=founder, marathon=marathon, name="École Jules-Ferry", kind="school"
    )
    neighbour = UserFactory(home_commune=commune("34199"))
    services.join_team_by_link(person=neighbour, token=team.invite_token)
    assert TeamMember.objects.filter(team=team, person=neighbour).exists()
    assert Participant.objects.filter(marathon=marathon, person=neighbour).exists()
    with pytest.raises(services.MarathonRefused) as refusal:
        services.join_team_by_link(person=UserFactory(), token="inconnu")
    assert refusal.value.code == "invalid"


def test_joining_on_request_once_accepted(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    founder = participant(marathon, UserFactory(home_commune=commune("34199")))
    team = services.create_team(
        person=founder, marathon=marathon, name="Collègues", kind="workplace"
    )
    asker = participant(marathon, UserFactory(home_commune=commune("34199")))
    client.force_login(asker)
    client.post(reverse("challenges:team_request", args=[team.pk]))
    join_request = TeamRequest.objects.get()
    # only the founder (or animators) may answer
    assert (
        client.post(reverse("challenges:team_accept", args=[team.pk, join_request.pk])).status_code
        == 403
    )
    client.force_login(founder)
    client.post(reverse("challenges:team_accept", args=[team.pk, join_request.pk]))
    assert TeamMember.objects.filter(team=team, person=asker).exists()


def test_a_defi_done_at_the_right_place_counts_once_per_place_and_stage(territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean", "ressourcerie-tshirt")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    team = services.create_team(
        person=person, marathon=marathon, name="Les Castors", kind="neighbourhood"
    )
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    token = screen_token(place)
    jean = Challenge.objects.get(slug="ressourcerie-jean")
    tshirt = Challenge.objects.get(slug="ressourcerie-tshirt")
    done = complete_challenge(
        person=person, token=token, stage=stage, challenge=jean, at=timezone.now()
    )
    assert (done.team, done.quantity, done.factor_key) == (team, jean.quantity, "jeans-new")
    with pytest.raises(services.MarathonRefused, match="déjà relevé"):
        complete_challenge(
            person=person, token=token, stage=stage, challenge=jean, at=timezone.now()
        )
    # a second défi at the same place the same day rests on the same presence
    complete_challenge(person=person, token=token, stage=stage, challenge=tshirt, at=timezone.now())
    assert Completion.objects.count() == 2
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong-kind", "ne se valide pas ici"),
        ("not-in-stage", "ne se valide pas ici"),
        ("not-participant", "ne se valide pas ici"),
        ("outside-territory", "ne se valide pas ici"),
        ("stage-over", "ne se valide pas ici"),
    ],
)
def test_defis_refused_change_nothing(territories, case, message):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    person = UserFactory(home_commune=commune("34199"))
    if case != "not-participant":
        participant(marathon, person)
    kind = "jardin-partage" if case == "wrong-kind" else "ressourcerie"
    place = PlaceFactory(
        kind=kind, commune=commune("81163" if case == "outside-territory" else "34199")
    )
    slug = "fresque-du-climat" if case == "not-in-stage" else "ressourcerie-jean"
    at = timezone.now() + (
        datetime.timedelta(days=45) if case == "stage-over" else datetime.timedelta()
    )
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=at))
    with pytest.raises(services.MarathonRefused, match=message):
        complete_challenge(
            person=person,
            token=token,
            stage=stage,
            challenge=Challenge.objects.get(slug=slug),
            at=at,
        )
    assert not Completion.objects.exists()
    assert not CheckIn.objects.exists()


def test_marathon_page_shows_collective_gauges_with_the_calculation(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    services.create_team(person=person, marathon=marathon, name="Zèbres", kind="family")
    other = participant(marathon, UserFactory(home_commune=commune("34199")))
    services.create_team(person=other, marathon=marathon, name="Abeilles", kind="family")
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    complete_challenge(
        person=person,
        token=screen_token(place),
        stage=stage,
        challenge=Challenge.objects.get(slug="ressourcerie-jean"),
        at=timezone.now(),
    )
    page = client.get(marathon.get_absolute_url()).content.decode()
    assert "22,7 kg CO2e" in page
    assert "1 vêtement × 22,6744 kg CO2e par vêtement = 22,7 kg CO2e" in squeeze(page)
    assert '<progress id="jauge" max="3" value="1">' in squeeze(page)
    # teams side by side, alphabetically, never ranked
    assert page.index("Abeilles") < page.index("Zèbres")


def test_team_page_names_only_members_who_chose_to_appear(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    shy = participant(marathon, UserFactory(display_name="Discrète", home_commune=commune("34199")))
    team = services.create_team(person=shy, marathon=marathon, name="Famille", kind="family")
    proud = participant(
        marathon, UserFactory(display_name="Fier", home_commune=commune("34199")), show_name=True
    )
    services.join_team_by_link(person=proud, token=team.invite_token)
    page = client.get(team.get_absolute_url()).content.decode()
    assert "Fier" in page
    assert "Discrète" not in page
    assert "rejoindre/" not in page  # the invitation link is for members only


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("animator-here", True),
        ("animator-elsewhere", False),
        ("staff", True),
        ("staff-password-only", False),
    ],
)
def test_who_may_run_a_marathons_stages(client, territories, staff, who, allowed):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    elsewhere, _other_stage = marathon_with_stage("ressourcerie-jean", epci="248100430")
    animator_here, animator_elsewhere = UserFactory(), UserFactory()
    roles.appoint(animator_here, marathon.territory)
    roles.appoint(animator_elsewhere, elsewhere.territory)
    users = {
        "anonymous": None,
        "participant": participant(marathon, UserFactory(home_commune=commune("34199"))),
        "animator-here": animator_here,
        "animator-elsewhere": animator_elsewhere,
        "staff": staff,
        "staff-password-only": staff,
    }
    if who == "staff-password-only":
        client.force_login(staff)
    elif users[who]:
        sign_in(client, users[who])
    data = {
        "title": "Étape revue",
        "starts_on": stage.starts_on.isoformat(),
        "ends_on": stage.ends_on.isoformat(),
        "goal": "50",
        "challenges": [str(c.pk) for c in stage.challenges.all()],
    }
    client.post(reverse("challenges:stage_edit", args=[marathon.pk, stage.pk]), data)
    stage.refresh_from_db()
    assert (stage.title == "Étape revue") is allowed


def test_a_stage_outside_the_marathon_dates_is_refused(client, territories, staff):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    sign_in_with_second_factor(client, staff)
    data = {
        "title": "Trop tard",
        "starts_on": (marathon.ends_on + datetime.timedelta(days=1)).isoformat(),
        "ends_on": (marathon.ends_on + datetime.timedelta(days=30)).isoformat(),
        "goal": "5",
        "challenges": [str(c.pk) for c in stage.challenges.all()],
    }
    response = client.post(reverse("challenges:stage_create", args=[marathon.pk]), data)
    assert "les dates du marathon" in response.content.decode()
    assert marathon.stages.count() == 1


def test_my_page_is_mine_only(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    complete_challenge(
        person=person,
        token=screen_token(place),
        stage=stage,
        challenge=Challenge.objects.get(slug="ressourcerie-jean"),
        at=timezone.now(),
    )
    client.force_login(person)
    assert "Trouver un jean d" in client.get(reverse("pages:me")).content.decode()
    client.force_login(UserFactory())
    assert "Trouver un jean d" not in client.get(reverse("pages:me")).content.decode()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("member", False), ("animator-here", True), ("animator-elsewhere", False), ("staff", True)],
)
def test_who_may_remove_a_team(client, territories, staff, who, allowed):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    elsewhere, _other = marathon_with_stage("ressourcerie-jean", epci="248100430")
    member = participant(marathon, UserFactory(home_commune=commune("34199")))
    team = services.create_team(person=member, marathon=marathon, name="Bruyants", kind="family")
    here, there = UserFactory(), UserFactory()
    roles.appoint(here, marathon.territory)
    roles.appoint(there, elsewhere.territory)
    sign_in(
        client,
        {"member": member, "animator-here": here, "animator-elsewhere": there, "staff": staff}[who],
    )
    client.post(reverse("challenges:team_remove", args=[team.pk]))
    assert (not marathon.teams.exists()) is allowed


def test_a_marathon_lasts_eighteen_months_by_default(territories):
    from terreau.challenges.models import Marathon
    from terreau.territories.models import Territory

    marathon = Marathon(
        territory=Territory.objects.get(kind="epci", code="243400819"),
        title="M",
        starts_on=datetime.date(2026, 10, 16),
    )
    marathon.full_clean()
    assert marathon.ends_on == datetime.date(2028, 4, 16)  # fixed date: 18 months on
    marathon.territory = Territory.objects.get(kind="region", code="76")
    with pytest.raises(ValidationError, match="commune, une intercommunalité ou un département"):
        marathon.full_clean()


def test_the_poster_lists_the_defis_it_validates(client, territories):
    marathon_with_stage("ressourcerie-jean", "fresque-du-climat")
    host = UserFactory()
    place = PlaceFactory(host=host, kind="ressourcerie", commune=commune("34199"))
    client.force_login(host)
    page = client.get(reverse("pages:poster", args=[place.pk])).content.decode()
    assert "Trouver un jean d&#x27;occasion à la ressourcerie" in page
    assert "Fresque du Climat" not in page  # validated at events, not by the poster
