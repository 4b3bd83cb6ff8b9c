"""A person asks to speak for a local authority; staff, or a colleague
already verified for it, decide. The role itself, once granted, is
`territories.AuthorityRepresentative`, which every app reads."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_VALIDITY = datetime.timedelta(hours=24)
CODE_ATTEMPTS = 5
DOCUMENT_MAX_BYTES = 2 * 1024 * 1024


def looks_like_a_pdf(file) -> None:
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Le document dépasse 2 Mo."), code="too-big")
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Le document doit être un PDF."), code="not-pdf")


class Decided(models.Model):
    """A request that someone decides: when it was asked, who decided, when,
    and why not."""

    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)

    class Meta:
        abstract = True


class RepresentationRequest(Decided):
    """Someone asks to represent a commune, an EPCI, a département or a
    région. They prove it by a professional e-mail address on which they
    receive a code (the verifier judges the domain), or by a document (a
    delegation order, a letter on letterhead), kept only until the decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        REFUSED = "refused", _("refusée")
        WITHDRAWN = "withdrawn", _("retirée")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("personne"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="representation_requests",
        verbose_name=_("collectivité"),
    )
    role = models.CharField(
        _("fonction"),
        max_length=150,
        help_text=_("Maire, adjointe à la transition, DGS, chargé de mission…"),
    )
    email = models.EmailField(_("adresse e-mail professionnelle"), blank=True)
    email_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    email_code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    email_confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    document = models.FileField(
        _("document (PDF)"),
        upload_to="representation/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), looks_like_a_pdf],
    )
    note = models.TextField(_("message pour la personne qui vérifie"), max_length=1000, blank=True)
    show_publicly = models.BooleanField(
        _("apparaître sur la page de la collectivité"),
        default=False,
        help_text=_(
            "Votre nom affiché et votre fonction. Vous pourrez changer d'avis à tout moment."
        ),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    class Meta(Decided.Meta):
        verbose_name = _("demande de représentation d'une collectivité")
        verbose_name_plural = _("demandes de représentation des collectivités")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "territory"],
                condition=models.Q(status="pending"),
                name="one_pending_representation_request",
            ),
            # The document is deleted once decided: a proof is required while pending.
            models.CheckConstraint(
                condition=~models.Q(status="pending") | ~models.Q(email="", document=""),
                name="pending_representation_request_has_a_proof",
            ),
        ]

    def __str__(self):
        return "%s → %s" % (self.person, self.territory)

    def get_absolute_url(self):
        return reverse("authorities:request", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2]


@receiver(post_delete, sender=RepresentationRequest)
def _delete_document(sender, instance, **kwargs):
    """A request deleted with its account takes its document with it."""
    if instance.document:
        instance.document.delete(save=False)


class AnimationRequest(Decided):
    """A verified representative asks that someone of the authority (often
    themself) animate its territory's marathon; staff appoint
    (`territories.TerritoryAnimator`) or refuse with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        REFUSED = "refused", _("refusée")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="animation_requests",
        verbose_name=_("personne"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="animation_requests",
        verbose_name=_("territoire"),
    )
    motivation = models.TextField(_("ce que vous voulez y faire"), max_length=1000)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    class Meta(Decided.Meta):
        verbose_name = _("demande d'animation d'un territoire")
        verbose_name_plural = _("demandes d'animation des territoires")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "territory"],
                condition=models.Q(status="pending"),
                name="one_pending_animation_request",
            )
        ]

    def __str__(self):
        return "%s → %s" % (self.person, self.territory)
