from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CheckIn(models.Model):
    """A person stood at a place, or at an event, on a given day.

    It records where and when, never the person's location: the proof is the
    code shown at the place, or a host who saw them. One check-in per person
    per event, and per place and local day outside events.
    """

    class Source(models.TextChoices):
        POSTER = "poster", _("affiche du lieu")
        SCREEN = "screen", _("écran du lieu")
        EVENT = "event", _("code de l'événement")
        HOST = "host", _("validé par un hôte")

    # Empty once the person deleted their account: the presence still counts,
    # anonymously, in collective figures (privacy.deletion).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="checkins"
    )
    place = models.ForeignKey(
        "places.Place", models.PROTECT, related_name="checkins", verbose_name=_("lieu")
    )
    event = models.ForeignKey(
        "events.Event",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("événement"),
    )
    source = models.CharField(_("preuve"), max_length=10, choices=Source.choices)
    day = models.DateField(_("jour (heure du lieu)"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=models.Q(event__isnull=False),
                name="one_checkin_per_event",
            ),
            models.UniqueConstraint(
                fields=["person", "place", "day"],
                condition=models.Q(event__isnull=True),
                name="one_place_checkin_per_day",
            ),
        ]

    def __str__(self):
        return "%s — %s (%s)" % (self.person, self.event or self.place, self.day)


class ShortCode(models.Model):
    """The short form of a presence code, for a person who types it from the
    paper: six characters of an alphabet without look-alikes (no 0/O, 1/I/L,
    U) stand for one claim — place or event, how it is shown, its window. It
    is accepted by the same rules as the code it stands for, and holds no
    personal data."""

    code = models.CharField(_("code court"), max_length=6, unique=True)
    kind = models.CharField(max_length=5)  # "place" or "event", as in the claim
    target_id = models.PositiveIntegerField()
    source = models.CharField(max_length=10)
    not_before = models.BigIntegerField()  # Unix timestamps, as in the claim
    not_after = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("code court de présence")
        verbose_name_plural = _("codes courts de présence")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "source", "not_before", "not_after"],
                name="one_short_code_per_claim",
            )
        ]

    def __str__(self):
        return self.code


class ScreenDevice(models.Model):
    """A tablet left at a place, showing its rotating presence code without
    anyone's session: a host starts a pairing (a code shown once, valid ten
    minutes), the tablet types it at /ecran/ and keeps a secret in a cookie.
    Only hashes are stored; the host revokes the tablet at any time."""

    place = models.ForeignKey(
        "places.Place", models.CASCADE, related_name="screen_devices", verbose_name=_("lieu")
    )
    label = models.CharField(_("nom de l'écran"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    pairing_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    paired_at = models.DateTimeField(_("installé le"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("vu pour la dernière fois"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("écran de présence")
        verbose_name_plural = _("écrans de présence")
        ordering = ["-created_at"]

    def __str__(self):
        return "%s — %s" % (self.label, self.place)
