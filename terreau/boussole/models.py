"""The Boussole des cinq lois: an `Assessment` of a digital project asks one
question per adopted decree (`Answer`, which records the exact decree version
it answered); once published, members of the cooperative review it with
`Remark`s, which its authors answer. Nothing is ever a score or a badge."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import verdict as rule


class Assessment(models.Model):
    class Kind(models.TextChoices):
        WEBSITE = "site", _("site web")
        APP = "application", _("application mobile")
        PLATFORM = "plateforme", _("plateforme")
        AI = "ia", _("service d'intelligence artificielle")
        INTERNAL = "interne", _("outil interne")
        OTHER = "autre", _("autre")

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("brouillon")
        PUBLISHED = "publiee", _("publiée")

    name = models.CharField(_("nom du projet"), max_length=150)
    organisation = models.CharField(_("qui le porte"), max_length=150)
    authority = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité qui le porte"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="boussole_assessments",
        verbose_name=_("territoire"),
    )
    url = models.URLField(_("adresse publique"), blank=True)
    users = models.TextField(_("qui l'utilise"), max_length=1000)
    # Law 1, the why: asked before any criterion.
    need = models.TextField(_("quel besoin, exprimé par qui"), max_length=2000, blank=True)
    action = models.TextField(_("ce qu'il fait faire"), max_length=2000, blank=True)
    replaces = models.TextField(_("ce qu'il remplace"), max_length=2000, blank=True)
    without_it = models.TextField(_("ce qui se passerait sans lui"), max_length=2000, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="boussole_assessments",
        verbose_name=_("autrice ou auteur"),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("commencée le"))
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # The verdict frozen at publication (answers are frozen then too).
    verdict_law = models.PositiveSmallIntegerField(_("première loi non respectée"), null=True)
    verdict_status = models.CharField(_("verdict"), max_length=15, blank=True)
    # The report as published, rendered by the worker (pdf.py).
    report_pdf = models.FileField(_("rapport PDF"), upload_to="boussole/", blank=True)
    report_pdf_at = models.DateTimeField(_("PDF rendu le"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        verbose_name=_("reprise de"),
    )

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="brouillon", published_at__isnull=True)
                | models.Q(status="publiee", published_at__isnull=False),
                name="assessment_published_has_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    verdict_status__in=["", rule.RESPECTED, rule.TO_IMPROVE, rule.NOT_RESPECTED]
                ),
                name="assessment_verdict_is_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="boussole_published")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boussole:assessment", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def verdict_text(self) -> str:
        """The verdict frozen at publication, in words."""
        return rule.summary(self.verdict_law, self.verdict_status) if self.is_published else ""

    def verdict(self) -> rule.Verdict:
        """The rule applied to the answers; an unanswered criterion counts as
        « je ne sais pas » (what is not known is not proven)."""
        by_law: dict[int, list[str]] = {}
        for answer in self.answers.select_related("decree__law"):
            by_law.setdefault(answer.decree.law.number, []).append(answer.value or rule.UNKNOWN)
        return rule.verdict(by_law)


class Answer(models.Model):
    """The answer to one decree, in the version the assessment used."""

    class Value(models.TextChoices):
        YES = rule.YES, _("oui")
        PARTLY = rule.PARTLY, _("en partie")
        NO = rule.NO, _("non")
        UNKNOWN = rule.UNKNOWN, _("je ne sais pas")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    decree = models.ForeignKey(
        "governance.Decree", models.PROTECT, related_name="+", verbose_name=_("décret")
    )
    decree_version = models.ForeignKey(
        "governance.DecreeVersion",
        models.PROTECT,
        related_name="boussole_answers",
        verbose_name=_("version du décret"),
    )
    value = models.CharField(_("réponse"), max_length=15, choices=Value.choices, blank=True)
    evidence = models.TextField(_("ce qui l'établit"), max_length=3000, blank=True)
    link = models.URLField(_("lien vers une preuve"), max_length=500, blank=True)
    measurement = models.CharField(_("mesure"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["decree__law__number", "decree__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "decree"], name="one_answer_per_decree"),
            models.CheckConstraint(
                condition=models.Q(value__in=["", rule.YES, rule.PARTLY, rule.NO, rule.UNKNOWN]),
                name="answer_value_is_known",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.assessment, self.decree)

    @property
    def is_met(self) -> bool:
        return self.value == rule.YES


class Remark(models.Model):
    """A reviewer's remark on a published assessment, or its authors' answer.
    Never edited nor deleted by its writer: the history stays visible."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="remarks")
    answer = models.ForeignKey(
        Answer,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="remarks",
        verbose_name=_("critère"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="boussole_remarks",
        verbose_name=_("personne"),
    )
    by_authors = models.BooleanField(_("réponse des auteurs"), default=False)
    unsupported = models.BooleanField(_("réponse non étayée"), default=False)
    text = models.TextField(_("remarque"), max_length=3000)
    created_at = models.DateTimeField(_("écrite le"))

    class Meta:
        verbose_name = _("remarque")
        verbose_name_plural = _("remarques")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(by_authors=True, unsupported=True),
                name="authors_do_not_flag_their_own_answers",
            )
        ]

    def __str__(self):
        return self.text[:60]
