"""Accompaniment: the experts who help, with their consent, and (below)
the requests for help routed to them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .domains import HELP_MODE_LABELS, labels


def photo_path(instance, filename):
    # A random name: the file is only ever served through the profile's view.
    return "experts/%s.jpg" % uuid.uuid4().hex


class ExpertQuerySet(models.QuerySet):
    def public(self):
        """Profiles anyone may see: published by moderation, with a consent
        in force (withdrawing it sets the status to withdrawn)."""
        return self.filter(status=ExpertProfile.Status.PUBLISHED)

    def covering(self, territory):
        """Public profiles covering `territory` or a division it lies in
        (a commune's EPCI, département and région)."""
        ids = [territory.pk] + [
            pk for pk in (territory.epci_id, territory.departement_id, territory.region_id) if pk
        ]
        return self.public().filter(areas__territory__in=ids).distinct()


class ExpertProfile(models.Model):
    """A person who offers their help in one or more domains, on some
    territories. Shown only once moderated and with a consent in force,
    and only the fields the consent names."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("en attente de relecture")
        PUBLISHED = "published", _("publié")
        REJECTED = "rejected", _("refusé")
        WITHDRAWN = "withdrawn", _("accord retiré")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("personne"),
    )
    display_name = models.CharField(_("nom affiché"), max_length=80)
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True)
    presentation = models.TextField(
        _("présentation"),
        max_length=1200,
        help_text=_("Qui vous êtes, ce que vous savez faire, pour qui (1 200 caractères au plus)."),
    )
    domains = models.JSONField(_("domaines"), default=list)
    modes = models.JSONField(_("comment j'aide"), default=list)
    monthly_capacity = models.PositiveSmallIntegerField(
        _("demandes acceptées par mois, au plus"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    is_paid = models.BooleanField(_("payant"), default=False)
    price_note = models.CharField(
        _("tarif"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « 60 € la demi-journée, gratuit pour les associations »."),
    )
    affiliations = models.TextField(
        _("liens d'intérêts"),
        max_length=600,
        blank=True,
        help_text=_(
            "Votre employeur, une entreprise dont vous vendez les solutions, un mandat… "
            "Laissez vide si vous n'en avez aucun."
        ),
    )
    contact = models.CharField(
        _("contact donné à qui vous aidez"),
        max_length=200,
        help_text=_(
            "Un téléphone ou une adresse, montré seulement aux personnes dont vous avez accepté "
            "la demande."
        ),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    paused = models.BooleanField(
        _("en pause"), default=False, help_text=_("En pause, vous ne recevez pas de demande.")
    )
    created_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relu par"),
    )
    rejection_reason = models.CharField(_("motif du refus"), max_length=1000, blank=True)
    # Fictitious profiles of the demo data set, marked as such on every page.
    is_demo = models.BooleanField(_("profil de démonstration"), default=False)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil d'expert")
        verbose_name_plural = _("profils d'experts")
        ordering = ["display_name", "pk"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("support:expert", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @cached_property
    def consent_in_force(self):
        """The newest consent unless withdrawn (reads prefetched consents)."""
        latest = next(iter(self.consents.all()), None)
        return latest if latest is not None and latest.withdrawn_at is None else None

    @property
    def shown(self) -> set[str]:
        """The fields the consent in force lets a page show."""
        consent = self.consent_in_force
        return set(consent.public_fields) if consent else set()

    @property
    def domain_labels(self) -> list[str]:
        return labels(self.domains)

    @property
    def mode_labels(self) -> list[str]:
        return [HELP_MODE_LABELS[key] for key in self.modes if key in HELP_MODE_LABELS]


class ExpertArea(models.Model):
    """A territory an expert covers: a commune, an EPCI, a département or a
    région."""

    profile = models.ForeignKey(ExpertProfile, models.CASCADE, related_name="areas")
    territory = models.ForeignKey(
        "territories.Territory", models.PROTECT, related_name="+", verbose_name=_("territoire")
    )

    class Meta:
        verbose_name = _("territoire couvert")
        verbose_name_plural = _("territoires couverts")
        constraints = [
            models.UniqueConstraint(fields=["profile", "territory"], name="one_area_per_territory")
        ]

    def __str__(self):
        return str(self.territory)


class ExpertConsent(models.Model):
    """An expert's dated agreement to show the listed fields, with the
    version of the text they read. The newest row is the one in force;
    `withdrawn_at` set means the profile is hidden."""

    profile = models.ForeignKey(ExpertProfile, models.CASCADE, related_name="consents")
    public_fields = models.JSONField(_("informations rendues publiques"), default=list)
    text_version = models.CharField(_("version du texte"), max_length=20)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("accord d'expert")
        verbose_name_plural = _("accords d'experts")
        ordering = ["-given_at", "-pk"]
        get_latest_by = ["given_at", "pk"]

    def __str__(self):
        return "%s — %s" % (self.profile, self.text_version)


class ExpertConflict(models.Model):
    """A conflict of interest an expert declares, with a place (they work
    there, sell to it…) or a local authority (their employer, a mandate):
    requests from it are never offered to them."""

    profile = models.ForeignKey(ExpertProfile, models.CASCADE, related_name="conflicts")
    place = models.ForeignKey(
        "places.Place",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu"),
    )
    authority = models.ForeignKey(
        "territories.Territory",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    note = models.CharField(_("nature du lien"), max_length=200)

    class Meta:
        verbose_name = _("conflit d'intérêts déclaré")
        verbose_name_plural = _("conflits d'intérêts déclarés")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(place__isnull=True) ^ models.Q(authority__isnull=True),
                name="conflict_with_a_place_or_an_authority",
            ),
            models.UniqueConstraint(fields=["profile", "place"], name="one_conflict_per_place"),
            models.UniqueConstraint(
                fields=["profile", "authority"], name="one_conflict_per_authority"
            ),
        ]

    def __str__(self):
        return str(self.place or self.authority)


@receiver(post_delete, sender=ExpertProfile)
def _delete_photo(sender, instance, **kwargs):
    """A profile deleted with its account takes its photo with it."""
    if instance.photo:
        instance.photo.delete(save=False)


class HelpRequest(models.Model):
    """A person, a place's host or an authority's representative asks for
    help in a domain, on a territory. Offered to experts by the rule of
    `routing.py`; private to its requester, the experts it is offered to
    (without the contact) and, once accepted, its expert."""

    class Status(models.TextChoices):
        OPEN = "open", _("en recherche d'un expert")
        UNMATCHED = "unmatched", _("aucun expert disponible pour l'instant")
        ACCEPTED = "accepted", _("acceptée par un expert")
        CLOSED = "closed", _("close")
        WITHDRAWN = "withdrawn", _("retirée")

    class OnBehalf(models.TextChoices):
        PERSON = "person", _("moi-même, ou mon foyer")
        PLACE = "place", _("un lieu dont je suis hôte")
        AUTHORITY = "authority", _("une collectivité que je représente")

    class Helped(models.TextChoices):
        YES = "yes", _("oui")
        PARTLY = "partly", _("en partie")
        NO = "no", _("non")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="help_requests",
        verbose_name=_("demandé par"),
    )
    on_behalf = models.CharField(
        _("au nom de"), max_length=10, choices=OnBehalf.choices, default=OnBehalf.PERSON
    )
    place = models.ForeignKey(
        "places.Place",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu"),
    )
    authority = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    territory = models.ForeignKey(
        "territories.Territory", models.PROTECT, related_name="+", verbose_name=_("territoire")
    )
    domain = models.CharField(_("domaine"), max_length=30)
    description = models.TextField(_("ce que vous souhaitez"), max_length=2000)
    modes = models.JSONField(_("comment être aidé"), default=list)
    share_name = models.BooleanField(_("donner mon nom"), default=True)
    share_email = models.BooleanField(_("donner mon adresse e-mail"), default=True)
    share_phone = models.CharField(_("donner ce téléphone"), max_length=30, blank=True)
    # The random draw of the routing rule: kept to replay and check it.
    seed = models.BigIntegerField(_("graine du tirage"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    expert = models.ForeignKey(
        ExpertProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_requests",
        verbose_name=_("expert"),
    )
    preferred = models.ForeignKey(
        ExpertProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandée depuis la page de"),
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    meeting = models.CharField(_("rendez-vous"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    outcome = models.TextField(_("ce qui a été fait"), max_length=2000, blank=True)
    helped = models.CharField(
        _("cela a-t-il aidé ?"), max_length=6, choices=Helped.choices, blank=True
    )
    feedback = models.TextField(_("commentaire"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("demande d'aide")
        verbose_name_plural = _("demandes d'aide")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_at__isnull=False),
                name="accepted_request_has_a_date",
            ),
        ]

    def __str__(self):
        return _("Demande n° %(n)s") % {"n": self.pk}

    def get_absolute_url(self):
        return reverse("support:request", kwargs={"pk": self.pk})

    @property
    def domain_label(self) -> str:
        return labels([self.domain])[0] if labels([self.domain]) else self.domain

    @property
    def mode_labels(self) -> list[str]:
        return [HELP_MODE_LABELS[key] for key in self.modes if key in HELP_MODE_LABELS]


class Offer(models.Model):
    """A request offered to one expert, who accepts or declines before it
    expires. At most one offer of a request is ever accepted."""

    class State(models.TextChoices):
        PENDING = "pending", _("en attente de réponse")
        ACCEPTED = "accepted", _("acceptée")
        DECLINED = "declined", _("déclinée")
        EXPIRED = "expired", _("expirée")
        TAKEN = "taken", _("prise par un autre expert")
        CLOSED = "closed", _("retirée par la personne")

    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="offers")
    expert = models.ForeignKey(ExpertProfile, models.CASCADE, related_name="offers")
    rank = models.PositiveSmallIntegerField(_("rang dans l'ordre de la règle"))
    offered_at = models.DateTimeField(_("proposée le"))
    expires_at = models.DateTimeField(_("expire le"))
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition à un expert")
        verbose_name_plural = _("propositions aux experts")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "expert"], name="one_offer_per_expert_and_request"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="accepted"),
                name="one_accepted_offer_per_request",
            ),
        ]

    def __str__(self):
        return "%s → %s" % (self.request, self.expert)


class RequestEvent(models.Model):
    """The history of a request, as its requester and its expert read it
    (an offer is counted there, never named)."""

    class Kind(models.TextChoices):
        ASKED = "asked", _("demande envoyée")
        OFFERED = "offered", _("proposée à des experts")
        DECLINED = "declined", _("déclinée par un expert")
        EXPIRED = "expired", _("sans réponse d'un expert, passée aux suivants")
        UNMATCHED = "unmatched", _("aucun expert disponible pour l'instant")
        ACCEPTED = "accepted", _("acceptée")
        MEETING = "meeting", _("rendez-vous prévu")
        CLOSED = "closed", _("close")
        FEEDBACK = "feedback", _("avis donné")
        WITHDRAWN = "withdrawn", _("retirée par la personne")

    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("étape d'une demande")
        verbose_name_plural = _("étapes des demandes")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class Diagnostic(models.Model):
    """One take of a questionnaire: the answers as given, and the totals
    they gave then, so that a later take shows what changed. Private to its
    author; a place's or an authority's may be published by its people."""

    class Subject(models.TextChoices):
        PERSON = "person", _("une personne ou un foyer")
        PLACE = "place", _("un lieu")
        AUTHORITY = "authority", _("une collectivité")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="diagnostics",
        verbose_name=_("fait par"),
    )
    questionnaire = models.CharField(_("questionnaire"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version du questionnaire"))
    subject = models.CharField(_("pour"), max_length=10, choices=Subject.choices)
    place = models.ForeignKey(
        "places.Place",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("lieu"),
    )
    authority = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    # Where its levers are looked for: the person's commune, the place's,
    # or the authority itself.
    territory = models.ForeignKey(
        "territories.Territory", models.PROTECT, related_name="+", verbose_name=_("territoire")
    )
    answers = models.JSONField(_("réponses"), default=dict)
    totals = models.JSONField(_("estimations par domaine"), default=dict)
    created_at = models.DateTimeField(_("fait le"), default=timezone.now)
    is_public = models.BooleanField(_("publié"), default=False)

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_public=False) | ~models.Q(subject="person"),
                name="a_persons_diagnostic_stays_private",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.get_subject_display(), self.created_at.date())

    def get_absolute_url(self):
        return reverse("support:diagnostic", kwargs={"pk": self.pk})


class KnowledgeSheet(models.Model):
    """The « comprendre / agir » text of a lever, rewritten by staff; the
    questionnaire's own text is shown until one is written."""

    lever = models.CharField(_("levier"), max_length=60, unique=True)
    understand = models.TextField(_("comprendre"), max_length=2000)
    act = models.TextField(_("agir"), max_length=2000)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("fiche savoir")
        verbose_name_plural = _("fiches savoir")
        ordering = ["lever"]

    def __str__(self):
        return self.lever
