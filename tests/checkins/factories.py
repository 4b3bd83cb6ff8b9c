import datetime

from terreau.places.models import OpeningHours


def open_every_day(place, opens=datetime.time(0, 0), closes=datetime.time(23, 59)):
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=d, opens=opens, closes=closes) for d in range(7)
    )


def screen_token(place):
    """The code a place's screen shows now."""
    from django.utils import timezone

    from terreau.checkins import tokens

    return tokens.sign(tokens.screen_claim(place_id=place.pk, at=timezone.now()))


def check_in(*, person, token, at):
    """What the presence page does: read the code at `at`, then check in."""
    from terreau.checkins import services

    return services.check_in(person=person, presence=services.presence_of(token, at))
