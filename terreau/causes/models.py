"""The causes #çanetientplus: people propose and support causes; when the
round closes, the most supported are selected for the cooperative's gala."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Répertoire national des associations: W followed by nine digits.
RNA_NUMBER = RegexValidator(
    r"^W\d{9}$", _("Un numéro RNA s'écrit W suivi de neuf chiffres, par exemple W343012345.")
)


class Round(models.Model):
    """One selection: causes proposed until it closes, then the `selection_size`
    most supported are selected."""

    title = models.CharField(_("titre"), max_length=150)
    text = models.TextField(_("présentation"), max_length=6000)
    closes_at = models.DateTimeField(_("clôture des soutiens"))
    selection_size = models.PositiveSmallIntegerField(_("causes retenues"), default=10)
    selected_at = models.DateTimeField(_("sélection arrêtée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("sélection de causes")
        verbose_name_plural = _("sélections de causes")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selection_size__gt=0), name="round_selects_some"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("causes:round", kwargs={"pk": self.pk})

    def is_closed(self, at) -> bool:
        return at >= self.closes_at


class Cause(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("En attente de modération")
        PUBLISHED = "published", _("Publiée")
        REJECTED = "rejected", _("Refusée")

    round = models.ForeignKey(Round, models.PROTECT, related_name="causes")
    title = models.CharField(_("la cause"), max_length=150)
    stake = models.TextField(_("ce qui est en jeu, ici"), max_length=3000)
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="causes",
        verbose_name=_("territoire"),
    )
    association = models.CharField(_("l'association qui la porte"), max_length=150)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[RNA_NUMBER])
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Written once, when staff stop the selection (see services.select_causes).
    supports_at_closing = models.PositiveIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rang"), null=True, blank=True)
    is_selected = models.BooleanField(_("retenue"), default=False)

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("causes:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CauseSupport(models.Model):
    cause = models.ForeignKey(Cause, models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="cause_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("soutien à une cause")
        verbose_name_plural = _("soutiens aux causes")
        constraints = [
            models.UniqueConstraint(fields=["cause", "person"], name="one_support_per_cause")
        ]

    def __str__(self):
        return "%s → %s" % (self.person, self.cause)
