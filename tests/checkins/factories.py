import datetime

from terreau.places.models import OpeningHours


def open_every_day(place, opens=datetime.time(0, 0), closes=datetime.time(23, 59)):
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=d, opens=opens, closes=closes) for d in range(7)
    )
