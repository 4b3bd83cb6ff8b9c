import datetime

from django.core.management import call_command
from django.utils import timezone

from terreau.challenges.models import Challenge, Marathon, Participant, Stage
from terreau.territories.models import Territory

HERAULT_MEDITERRANEE = "243400819"  # the EPCI of Pézenas


def marathon_with_stage(*slugs, epci=HERAULT_MEDITERRANEE):
    """A running marathon on an EPCI of the test territories, with one
    current stage holding the given défis."""
    if not Challenge.objects.exists():
        call_command("load_challenges")
    today = timezone.localdate()
    marathon = Marathon.objects.create(
        territory=Territory.objects.get(kind="epci", code=epci),
        title="Marathon de test",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=500),
    )
    stage = Stage.objects.create(
        marathon=marathon,
        title="Étape 1",
        goal=3,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=30),
    )
    stage.challenges.set(Challenge.objects.filter(slug__in=slugs))
    return marathon, stage


def participant(marathon, person, show_name=False):
    Participant.objects.create(marathon=marathon, person=person, show_name=show_name)
    return person


def complete_challenge(*, person, token, stage, challenge, at):
    """What the presence page does: read the code at `at`, then record the défi."""
    from terreau.challenges import services
    from terreau.checkins.services import presence_of

    return services.complete_challenge(
        person=person, presence=presence_of(token, at), stage=stage, challenge=challenge
    )


def done_by_a_new_participant(marathon, stage, place, slug, *, at):
    """A new participant does défi `slug` at `place`, read from its screen code."""
    from terreau.checkins import tokens
    from tests.accounts.factories import UserFactory

    return complete_challenge(
        person=participant(marathon, UserFactory()),
        token=tokens.sign(tokens.screen_claim(place_id=place.pk, at=at)),
        stage=stage,
        challenge=Challenge.objects.get(slug=slug),
        at=at,
    )
