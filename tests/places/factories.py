import factory
from django.utils import timezone

from terreau.core.models import Theme
from terreau.places.models import Place, PlaceHost
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lieu {n}")
    kind = Place.Kind.TIERS_LIEU
    description = "Un lieu pour agir ensemble."
    address = "1 place de la Mairie"
    commune = factory.LazyFunction(lambda: Territory.objects.get(kind="commune", code="34199"))
    status = Place.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def host(place, create, extracted, **kwargs):
        if create:
            PlaceHost.objects.create(place=place, person=extracted or UserFactory())

    @factory.post_generation
    def themes(place, create, extracted, **kwargs):
        if create:
            place.themes.set(extracted or [Theme.objects.get(slug="faire-societe")])
