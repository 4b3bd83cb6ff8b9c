import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.places.models import Place

from . import factors, plausibility


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
    # Plausibility (`plausibility.py` says them in words on the défi's page):
    # each défi once a day whatever the place, at most `max_per_stage` times
    # a stage, and one défi of an exclusive group a day.
    exclusive_group = models.CharField(
        _("groupe de défis qui s'excluent"),
        max_length=20,
        blank=True,
        choices=[("", _("aucun")), *plausibility.GROUPS.items()],
        help_text=_(
            "Une personne ne relève qu'un défi du groupe par jour : un trajet se fait à vélo "
            "ou en bus, pas les deux."
        ),
    )
    max_per_stage = models.PositiveSmallIntegerField(
        _("au plus, par personne et par étape"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Tous lieux confondus ; et jamais plus d'une fois par jour ni par lieu."),
    )
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
        return reverse("pages:challenge", kwargs={"slug": self.slug})

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

    @property
    def place_kind_labels(self) -> list[str]:
        return [Place.Kind(kind).label for kind in self.place_kind_list if kind in Place.Kind]


def eighteen_months_after(day: datetime.date) -> datetime.date:
    month = day.month - 1 + 18
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


class Marathon(models.Model):
    """A *marathon coopératif*: about 18 months of défis on one territory."""

    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="marathons",
        verbose_name=_("territoire"),
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("présentation"), blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(
        _("fin"), blank=True, help_text=_("Par défaut, 18 mois après le début.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("marathon coopératif")
        verbose_name_plural = _("marathons coopératifs")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lt=models.F("ends_on")),
                name="marathon_starts_before_it_ends",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:marathon", kwargs={"pk": self.pk})

    def clean(self):
        if self.territory_id and self.territory.kind not in ("commune", "epci", "departement"):
            raise ValidationError(
                {
                    "territory": _(
                        "Un marathon se tient sur une commune, une intercommunalité ou un département."
                    )
                }
            )
        if self.starts_on and not self.ends_on:
            self.ends_on = eighteen_months_after(self.starts_on)


class Stage(models.Model):
    """A stage (*étape*) of a marathon, with its own dates, défis and goal."""

    marathon = models.ForeignKey(Marathon, models.CASCADE, related_name="stages")
    title = models.CharField(_("titre"), max_length=150)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    goal = models.PositiveIntegerField(_("objectif collectif (défis relevés)"), default=100)
    challenges = models.ManyToManyField(Challenge, related_name="stages", verbose_name=_("défis"))
    # A programme drawn from a template stays a draft, seen by its animators
    # only, until they publish it (`services.publish_programme`).
    is_published = models.BooleanField(_("publiée"), default=True)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="stage_starts_before_it_ends",
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.marathon, self.title)

    def is_current(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Participant(models.Model):
    """A person taking part in a marathon."""

    marathon = models.ForeignKey(Marathon, models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="marathon_participations"
    )
    show_name = models.BooleanField(
        _("apparaître sous mon nom affiché"),
        default=False,
        help_text=_("Sinon, vos actions comptent dans les jauges sans que votre nom apparaisse."),
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        constraints = [
            models.UniqueConstraint(
                fields=["marathon", "person"], name="one_participation_per_marathon"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.marathon)


def new_invite_token() -> str:
    return secrets.token_urlsafe(16)


class Team(models.Model):
    """An *équipe*: neighbours, a school, an association, colleagues, a family."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("quartier")
        SCHOOL = "school", _("école")
        ASSOCIATION = "association", _("association")
        WORKPLACE = "workplace", _("lieu de travail")
        FAMILY = "family", _("famille")

    marathon = models.ForeignKey(Marathon, models.CASCADE, related_name="teams")
    name = models.CharField(_("nom"), max_length=80)
    kind = models.CharField(_("type d'équipe"), max_length=15, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    invite_token = models.CharField(
        max_length=40, unique=True, default=new_invite_token, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["marathon", "name"], name="one_team_name_per_marathon")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("challenges:team", kwargs={"pk": self.pk})


class TeamMember(models.Model):
    """Membership of a team; `marathon` is repeated so that the database
    itself holds "at most one team per person per marathon"."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="members")
    marathon = models.ForeignKey(Marathon, models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="team_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membre d'équipe")
        verbose_name_plural = _("membres d'équipe")
        constraints = [
            models.UniqueConstraint(fields=["marathon", "person"], name="one_team_per_marathon")
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.team)


class TeamRequest(models.Model):
    """A request to join a team, answered by the person who created it."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="requests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("demande pour rejoindre une équipe")
        verbose_name_plural = _("demandes pour rejoindre une équipe")
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="one_request_per_team")
        ]

    def __str__(self):
        return "%s → %s" % (self.person, self.team)


class Completion(models.Model):
    """A défi done, proven by a check-in. One person counts once per défi per
    place per stage; the quantity and factor are copied so that the impact
    stays what it was when the défi was done."""

    # Empty once the person deleted their account: the défi still counts,
    # anonymously, in its team's and territory's gauges (privacy.deletion).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="completions"
    )
    challenge = models.ForeignKey(Challenge, models.PROTECT, related_name="completions")
    stage = models.ForeignKey(Stage, models.PROTECT, related_name="completions")
    place = models.ForeignKey("places.Place", models.PROTECT, related_name="completions")
    checkin = models.ForeignKey("checkins.CheckIn", models.PROTECT, related_name="completions")
    team = models.ForeignKey(
        Team, models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    quantity = models.DecimalField(max_digits=9, decimal_places=3)
    factor_key = models.CharField(max_length=60)
    factor_version = models.PositiveSmallIntegerField()
    # The local day of the check-in and the défi's exclusive group, copied
    # so that the database itself holds the daily rules below.
    day = models.DateField()
    exclusive_group = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("défi relevé")
        verbose_name_plural = _("défis relevés")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "challenge", "place", "stage"],
                name="one_completion_per_challenge_place_stage",
            ),
            models.UniqueConstraint(
                fields=["person", "challenge", "day"], name="one_completion_per_challenge_day"
            ),
            models.UniqueConstraint(
                fields=["person", "exclusive_group", "day"],
                condition=~models.Q(exclusive_group=""),
                name="one_exclusive_completion_per_day",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.challenge)
