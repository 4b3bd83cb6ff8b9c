from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import TerritoryQuerySet


class Territory(models.Model):
    """An official French administrative division from the Code officiel
    géographique: a région, a département, an EPCI or a commune.

    One table for the four kinds, so that an event, a marathon or a place can
    point at "a territory" with one foreign key. A commune knows its
    département, région and EPCI; a département knows its région. Divisions
    that disappear from a newer vintage (merged communes) are kept with
    `is_current=False`, so nothing that points at them breaks.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("région")
        DEPARTEMENT = "departement", _("département")
        EPCI = "epci", _("intercommunalité")
        COMMUNE = "commune", _("commune")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # INSEE code for régions, départements and communes; SIREN for EPCI.
    code = models.CharField(_("code officiel"), max_length=9)
    name = models.CharField(_("nom"), max_length=150)
    search_name = models.CharField(max_length=150, db_index=True, editable=False)
    # The name's key plus former names (communes déléguées), for search.
    search_text = models.TextField(editable=False, default="")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    time_zone = models.CharField(_("fuseau horaire"), max_length=40, default="Europe/Paris")
    epci_type = models.CharField(_("nature de l'EPCI"), max_length=10, blank=True)
    region = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("région")
    )
    departement = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    epci = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intercommunalité"),
    )
    is_current = models.BooleanField(_("en vigueur"), default=True)
    vintage = models.PositiveSmallIntegerField(_("millésime"))

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], name="one_territory_per_kind_and_code"
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_current"], name="territory_kind_current")]

    def __str__(self):
        if self.kind == self.Kind.COMMUNE and self.departement_id:
            return "%s (%s)" % (self.name, self.departement_code)
        return self.name

    def get_absolute_url(self):
        return reverse("pages:territory", kwargs={"kind": self.kind, "code": self.code})

    @property
    def departement_code(self) -> str:
        # Commune codes start with their département's: 34199 → 34, 97105 → 971.
        return self.code[:3] if self.code.startswith("97") else self.code[:2]

    def communes(self):
        """Current communes in this territory (itself, for a commune)."""
        communes = Territory.objects.current().communes()
        return {
            self.Kind.COMMUNE: communes.filter(pk=self.pk),
            self.Kind.EPCI: communes.filter(epci=self),
            self.Kind.DEPARTEMENT: communes.filter(departement=self),
            self.Kind.REGION: communes.filter(region=self),
        }[self.kind]


class PostalCode(models.Model):
    """A La Poste postcode served to a commune; a commune may have several and
    a postcode may serve several communes (81200: Mazamet, Aussillon…)."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Territory, models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="one_postcode_per_commune"),
        ]

    def __str__(self):
        return self.code


class TerritoryImport(models.Model):
    """One run of the import: which vintage of which source, and what changed."""

    vintage = models.PositiveSmallIntegerField(_("millésime"))
    source = models.CharField(_("source"), max_length=200)
    source_version = models.CharField(_("version de la source"), max_length=40)
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    created = models.PositiveIntegerField(_("créés"), default=0)
    updated = models.PositiveIntegerField(_("mis à jour"), default=0)
    retired = models.PositiveIntegerField(_("retirés"), default=0)

    class Meta:
        verbose_name = _("import du découpage administratif")
        verbose_name_plural = _("imports du découpage administratif")
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self):
        return "%s %s (%s)" % (self.source, self.vintage, self.imported_at)


class TerritoryAnimator(models.Model):
    """A person who animates a territory for the cooperative: runs its
    marathons (stages, défis, teams) and publishes and answers its
    consultations. Appointed by staff in the back-office, or, for a laureate
    territory, its application's co-authors when its marathon is created.
    The role is the territory's, so that every app above learns it here."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="animator_roles",
        verbose_name=_("personne"),
    )
    territory = models.ForeignKey(
        Territory, models.PROTECT, related_name="animators", verbose_name=_("territoire")
    )
    since = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("animateur·rice de territoire")
        verbose_name_plural = _("animateur·rices de territoire")
        ordering = ["territory__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "territory"], name="one_animator_role_per_person_and_territory"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.territory)


class AuthorityRepresentative(models.Model):
    """An account verified as speaking for a local authority (a commune, an
    EPCI, a département or a région): by staff, or by a colleague already
    verified for it, after a `RepresentationRequest`. Read by the apps above
    through `roles.py`: supports to a call, events at the authority's places,
    Boussole assessments in its name, a juror's conflicts."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="authority_roles",
        verbose_name=_("personne"),
    )
    territory = models.ForeignKey(
        Territory,
        models.PROTECT,
        related_name="representatives",
        verbose_name=_("collectivité"),
    )
    role = models.CharField(_("fonction"), max_length=150, help_text=_("Maire, président·e…"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vérifié par"),
    )
    verified_at = models.DateTimeField(_("vérifié le"), auto_now_add=True)
    # Consent to appear on the authority's public page (name and role), dated.
    show_publicly = models.BooleanField(_("apparaît sur la page de la collectivité"), default=False)
    shown_since = models.DateTimeField(_("apparaît depuis le"), null=True, blank=True)

    class Meta:
        # Born in the calls app; the table keeps its name so that no row moves.
        db_table = "calls_authorityrepresentative"
        verbose_name = _("représentant·e d'une collectivité")
        verbose_name_plural = _("représentant·es des collectivités")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "territory"], name="one_representative_role_per_territory"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.territory)
