import datetime

import factory
from django.utils import timezone

from terreau.core.models import Theme
from terreau.events.models import Event
from tests.places.factories import PlaceFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Réparer ensemble plutôt que jeter."
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=2))
    capacity = 10
    registration_required = True

    @factory.post_generation
    def themes(event, create, extracted, **kwargs):
        if create:
            event.themes.set(extracted or [Theme.objects.get(slug="developpement-durable")])
