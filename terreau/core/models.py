from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """One of the six themes of the founding documents, shared by places,
    events and défis. The rows are created by a data migration."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


# The six themes named in the founding call for applications, in its order.
FOUNDING_THEMES = [
    ("implication-citoyenne", "Implication citoyenne"),
    ("souverainete-inclusion-numerique", "Souveraineté et inclusion numérique"),
    ("developpement-durable", "Développement durable"),
    ("cohesion-des-territoires", "Cohésion des territoires"),
    ("transition-ecologique-sociale", "Transition écologique et sociale"),
    ("faire-societe", "Faire société et vivre ensemble"),
]


class OutgoingEmail(models.Model):
    """An e-mail to send, written in the transaction of the change that
    causes it and delivered by the worker (`core.mail`): never lost when the
    SMTP server is down, sent once for its cause."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("abandonné")

    # What caused it, e.g. « event-cancelled:12:34 »: the same cause queues
    # one e-mail, however many times the code that causes it runs.
    cause = models.CharField(_("cause"), max_length=150, unique=True)
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("texte"))
    # Attachments: [{"name": …, "content": text, "mimetype": …}].
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("état"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail sortant")
        verbose_name_plural = _("e-mails sortants")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status"], name="outgoing_email_status")]

    def __str__(self):
        return "%s — %s" % (self.to, self.subject)


class LegalPage(models.Model):
    """What a French public service page must say, written by staff in the
    back-office (Markdown, sanitised): the legal notice, the personal-data
    notice and the accessibility statement. A data migration creates the
    three with a first text to complete (`core.legal`)."""

    class Kind(models.TextChoices):
        NOTICE = "mentions-legales", _("Mentions légales")
        PERSONAL_DATA = "donnees-personnelles", _("Données personnelles")
        ACCESSIBILITY = "accessibilite", _("Accessibilité")

    kind = models.CharField(_("page"), max_length=30, choices=Kind.choices, unique=True)
    title = models.CharField(_("titre"), max_length=150)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "En Markdown : ## pour un intertitre, - pour une liste, [texte](adresse) pour un "
            "lien. Le HTML n'est pas accepté."
        ),
    )
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("legal", args=[self.kind])
