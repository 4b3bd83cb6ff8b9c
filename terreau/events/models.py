import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import LONGEST_EVENT, EventQuerySet, RegistrationQuerySet


class Event(models.Model):
    """Something that happens at a place, at a time. Times are stored in UTC
    and entered and shown in the place's own time zone."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Prévu")
        CANCELLED = "cancelled", _("Annulé")

    place = models.ForeignKey(
        "places.Place", models.PROTECT, related_name="events", verbose_name=_("lieu")
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=6000)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si le nombre est illimité."),
    )
    # Confirmed registrations, kept by conditional UPDATEs so that two people
    # can never take the last seat (see services.register_for_event).
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    registration_required = models.BooleanField(_("inscription nécessaire"), default=True)
    themes = models.ManyToManyField("core.Theme", verbose_name=_("thèmes"), related_name="events")
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        max_length=1000,
        help_text=_("Accès en fauteuil, boucle magnétique, langue des signes, garde d'enfants…"),
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.DecimalField(
        _("tarif (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Un tarif ne peut pas être négatif."))],
    )
    price_note = models.CharField(
        _("précisions sur le tarif"),
        max_length=200,
        blank=True,
        help_text=_("Prix libre, tarif réduit… Le paiement se fait sur place, pas sur Terreau."),
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.TextField(_("motif de l'annulation"), blank=True, max_length=1000)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("publié par"),
    )
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    # What a calendar reads as the event's last revision (DTSTAMP): a feed
    # changes, and its ETag with it, only when an event in it does.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # RFC 5545's SEQUENCE: one more each time the time or the status changes,
    # so that calendars replace their copy instead of keeping both.
    sequence = models.PositiveIntegerField(_("révision"), default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["ends_at"], name="event_ends_at"),
            # Upcoming events in order (querysets.LONGEST_EVENT): the end is
            # in the index so that those already over are skipped there.
            models.Index(fields=["starts_at", "id", "ends_at"], name="event_start_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="event_starts_before_it_ends",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(seats_taken__lte=models.F("capacity")),
                name="event_seats_within_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(is_free=True, price__isnull=True)
                | models.Q(is_free=False, price__isnull=False),
                name="event_price_when_paid",
            ),
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="event_price_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:event", kwargs={"pk": self.pk})

    def clean(self):
        # The listings rely on it (querysets.LONGEST_EVENT); the host's form
        # and the back-office both call this.
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > LONGEST_EVENT:
            raise ValidationError(
                {
                    "ends_at": _(
                        "Un événement dure au plus 31 jours : pour plus long, publiez plusieurs "
                        "dates, ou dites-le dans les horaires du lieu."
                    )
                }
            )

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.place.commune.time_zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    def is_past(self, now) -> bool:
        return self.ends_at <= now


class Registration(models.Model):
    """A person's seat at an event, or their place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscrit·e")
        WAITING = "waiting", _("En liste d'attente")

    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_registration_per_person")
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.event)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret part of a person's personal iCalendar URL. Revoking it
    replaces it: the old URL stops working at once."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return str(self.person)
