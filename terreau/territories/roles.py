"""Who animates which territory (`TerritoryAnimator`) and who speaks for a
local authority (`AuthorityRepresentative`), read by the apps above:
challenges (who runs a marathon), governance (who publishes a consultation),
calls (supports, a juror's conflicts), events (who publishes at an
authority's places)."""

from django.db.models import Q

from .models import AuthorityRepresentative, TerritoryAnimator


def animated_territory_ids(user):
    """The ids of the territories `user` animates (none when signed out)."""
    if user is None or not user.is_authenticated:
        return TerritoryAnimator.objects.none().values_list("territory", flat=True)
    return TerritoryAnimator.objects.filter(person=user).values_list("territory", flat=True)


def animates(user, territory) -> bool:
    """Whether `user` animates this very territory (a Territory or its id)."""
    if user is None or not user.is_authenticated or territory is None:
        return False
    territory_id = getattr(territory, "pk", territory)
    return TerritoryAnimator.objects.filter(person=user, territory_id=territory_id).exists()


def appoint(person, territory) -> TerritoryAnimator:
    """Make `person` (a user or a user's id) an animator of `territory`
    (once: the role is unique)."""
    role, _created = TerritoryAnimator.objects.get_or_create(
        person_id=getattr(person, "pk", person), territory=territory
    )
    return role


def represents(user, territory) -> bool:
    """Whether `user` is a verified representative of this very authority."""
    if user is None or not user.is_authenticated or territory is None:
        return False
    territory_id = getattr(territory, "pk", territory)
    return AuthorityRepresentative.objects.filter(person=user, territory_id=territory_id).exists()


def represented_territory_ids(user):
    """The ids of the authorities `user` is a verified representative of."""
    if user is None or not user.is_authenticated:
        return AuthorityRepresentative.objects.none().values_list("territory", flat=True)
    return AuthorityRepresentative.objects.filter(person=user).values_list("territory", flat=True)


def animated_area(user, commune_path: str):
    """A filter on objects whose commune (at `commune_path`) lies in a
    territory `user` animates, at any level; None when they animate none."""
    ids = list(animated_territory_ids(user))
    if not ids:
        return None
    return (
        Q(**{"%s__in" % commune_path: ids})
        | Q(**{"%s__epci__in" % commune_path: ids})
        | Q(**{"%s__departement__in" % commune_path: ids})
        | Q(**{"%s__region__in" % commune_path: ids})
    )
