from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.places.models import Place

from . import factors


class Challenge(models.Model):
    """A *défi*: a concrete action done in the physical world, with an
    estimated impact of `quantity` × a factor of the versioned table."""

    class TakenBy(models.TextChoices):
        PERSON = "person", _("une personne")
        TEAM = "team", _("une équipe")
        PLACE = "place", _("un lieu")
        AUTHORITY = "authority", _("une collectivité")

    class Validation(models.TextChoices):
        PLACE = "place", _("présence dans un lieu")
        EVENT = "event", _("présence à un événement")
        HOST = "host", _("validation par un hôte, sur place")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=150)
    why = models.TextField(_("pourquoi c'est important"))
    how = models.TextField(_("comment faire"))
    theme = models.ForeignKey(
        "core.Theme", models.PROTECT, related_name="challenges", verbose_name=_("thème")
    )
    taken_by = models.CharField(
        _("relevé par"), max_length=10, choices=TakenBy.choices, default=TakenBy.PERSON
    )
    validation = models.CharField(_("validation"), max_length=10, choices=Validation.choices)
    place_kinds = models.CharField(
        _("types de lieux où il se valide"),
        max_length=200,
        blank=True,
        help_text=_(
            "Identifiants séparés par des virgules (ressourcerie, jardin-partage…) ; vide : tout lieu."
        ),
    )
    quantity = models.DecimalField(_("quantité"), max_digits=9, decimal_places=3)
    quantity_note = models.CharField(
        _("hypothèse sur la quantité"),
        max_length=300,
        help_text=_("D'où vient la quantité retenue."),
    )
    factor_key = models.CharField(_("facteur d'impact"), max_length=60)
    factor_version = models.PositiveSmallIntegerField(_("version du facteur"), default=1)
    is_published = models.BooleanField(_("publié"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("défi")
        verbose_name_plural = _("défis")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="challenge_quantity_positive"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenges:detail", kwargs={"slug": self.slug})

    def clean(self):
        unknown = set(self.place_kind_list) - set(Place.Kind.values)
        if unknown:
            raise ValidationError(
                {
                    "place_kinds": _("Types de lieux inconnus : %(kinds)s.")
                    % {"kinds": ", ".join(sorted(unknown))}
                }
            )
        try:
            factors.get(self.factor_key, self.factor_version)
        except KeyError:
            raise ValidationError(
                {
                    "factor_version": _(
                        "Ce facteur n'existe pas dans cette version de la table des facteurs."
                    )
                }
            ) from None

    @property
    def factor(self) -> factors.Factor:
        return factors.get(self.factor_key, self.factor_version)

    @property
    def impact(self) -> Decimal:
        """Estimated impact of doing this défi once, in the factor's result unit."""
        return self.quantity * self.factor.value

    @property
    def place_kind_list(self) -> list[str]:
        return [kind.strip() for kind in self.place_kinds.split(",") if kind.strip()]
