import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret

from . import mednum
from .querysets import PlaceQuerySet


def valid_siret(value: str) -> None:
    """Fourteen digits whose Luhn key is right (python-stdnum)."""
    if not siret.is_valid(value):
        raise ValidationError(
            _("Ce SIRET n'est pas valide : quatorze chiffres, par exemple 43493312300029."),
            code="siret",
        )


RNA_NUMBER = RegexValidator(
    r"^W\d{9}$", _("Un numéro RNA s'écrit W suivi de neuf chiffres, par exemple W343012345.")
)


def known_services(value: str) -> None:
    unknown = set(mednum.services_of(value)) - set(mednum.SERVICES)
    if unknown:
        raise ValidationError(_("Service inconnu : %(s)s") % {"s": ", ".join(sorted(unknown))})


class Place(models.Model):
    """A *lieu*: where people meet and act. Proposed by a signed-in person,
    published after staff moderation, then edited by its hosts."""

    class Kind(models.TextChoices):
        TIERS_LIEU = "tiers-lieu", _("Tiers-lieu")
        ASSOCIATION = "association", _("Association")
        MEDIATHEQUE = "mediatheque", _("Médiathèque")
        RESSOURCERIE = "ressourcerie", _("Ressourcerie")
        ECOLE = "ecole", _("École")
        MAIRIE = "mairie", _("Mairie")
        CAFE_ASSOCIATIF = "cafe-associatif", _("Café associatif")
        JARDIN_PARTAGE = "jardin-partage", _("Jardin partagé")
        AUTRE = "autre", _("Autre")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("En attente de modération")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")

    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type de lieu"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=4000)
    address = models.CharField(_("adresse"), max_length=250)
    # One of the commune's La Poste postcodes (checked by PlaceForm); filled
    # in on save when the commune has only one.
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="places",
        limit_choices_to={"kind": "commune"},
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("site web"), blank=True, max_length=300)
    # Who the place is in the registers: SIRET (SIRENE) or, for an association
    # without one, RNA. Public registers; shown only in the open data.
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[valid_siret])
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[RNA_NUMBER])
    # The digital mediation services it offers (mednum.SERVICES, joined by « | »).
    digital_services = models.CharField(
        _("médiation numérique"), max_length=500, blank=True, validators=[known_services]
    )
    # The local authority that runs it, if any, named by its level above the
    # place's commune (so that it follows the commune): its verified
    # representatives may publish events here.
    authority_level = models.CharField(
        _("porté par une collectivité"),
        max_length=12,
        blank=True,
        choices=[
            ("", _("aucune collectivité")),
            ("commune", _("la commune")),
            ("epci", _("son intercommunalité")),
            ("departement", _("son département")),
            ("region", _("sa région")),
        ],
        help_text=_(
            "Un lieu d'une collectivité (mairie, médiathèque intercommunale…) : ses représentant·es "
            "vérifié·es pourront y publier des événements."
        ),
    )
    themes = models.ManyToManyField("core.Theme", verbose_name=_("thèmes"), related_name="places")
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposé par"),
    )
    created_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        # The home page's "latest places": without it, every visit sorted them all.
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status="published"),
                name="place_latest_published",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="place_coordinates_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.postcode and self.commune_id:
            codes = list(self.commune.postcodes.values_list("code", flat=True)[:2])
            if len(codes) == 1:
                self.postcode = codes[0]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:place", kwargs={"pk": self.pk})

    @property
    def authority_territory_id(self) -> int | None:
        """The id of the local authority that runs the place, if any."""
        if not self.authority_level:
            return None
        if self.authority_level == "commune":
            return self.commune_id
        return getattr(self.commune, "%s_id" % self.authority_level)

    @property
    def digital_services_list(self) -> list[str]:
        return mednum.services_of(self.digital_services)

    @property
    def full_address(self) -> str:
        """« 3 place du Foirail, 81100 Castres »: for a letter, a map or a calendar."""
        town = " ".join(part for part in (self.postcode, self.commune.name) if part)
        return "%s, %s" % (self.address, town)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class OpeningHours(models.Model):
    """One opening slot in the week, in the place's local time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    place = models.ForeignKey(Place, models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouvre à"))
    closes = models.TimeField(_("ferme à"))

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="opening_before_closing"
            ),
            models.UniqueConstraint(
                fields=["place", "weekday", "opens"], name="one_slot_per_start"
            ),
        ]

    def __str__(self):
        return "%s %s–%s" % (
            self.get_weekday_display(),
            self.opens.strftime("%H:%M"),
            self.closes.strftime("%H:%M"),
        )


class PlaceHost(models.Model):
    """A person who hosts a place: its proposer, then the co-hosts they invite."""

    place = models.ForeignKey(Place, models.CASCADE, related_name="hosts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="hosted_places"
    )
    since = models.DateTimeField(_("depuis"), default=timezone.now)

    class Meta:
        verbose_name = _("hôte")
        verbose_name_plural = _("hôtes")
        constraints = [
            models.UniqueConstraint(fields=["place", "person"], name="one_host_role_per_person")
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.place)


INVITATION_VALIDITY = datetime.timedelta(days=14)


class HostInvitation(models.Model):
    """An invitation, sent by e-mail, to become a co-host. Single use; the
    token is random and stored only here."""

    place = models.ForeignKey(Place, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail invitée"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation de co-hôte")
        verbose_name_plural = _("invitations de co-hôtes")

    def __str__(self):
        return "%s → %s" % (self.email, self.place)

    def is_usable(self, at: datetime.datetime) -> bool:
        return self.accepted_at is None and at < self.created_at + INVITATION_VALIDITY


class PlaceReport(models.Model):
    """A problem with a place, reported by a visitor, for staff to handle."""

    class Reason(models.TextChoices):
        CLOSED = "closed", _("Le lieu a fermé ou déménagé")
        WRONG_INFO = "wrong-info", _("Une information est fausse")
        INAPPROPRIATE = "inappropriate", _("Contenu inapproprié")
        OTHER = "other", _("Autre problème")

    place = models.ForeignKey(Place, models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    message = models.TextField(_("précisions"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_report_per_person_per_place",
            ),
        ]

    def __str__(self):
        return "%s : %s" % (self.place, self.get_reason_display())


class PlaceToModerate(Place):
    """The moderation queue in the back-office: places awaiting review."""

    class Meta:
        proxy = True
        verbose_name = _("lieu à modérer")
        verbose_name_plural = _("lieux à modérer")
