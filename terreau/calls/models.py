"""The call for applications (*AMI marathon coopératif*): a territory applies,
carried by its local authority and/or its citizens and/or its places."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ApplicationQuerySet, SupportQuerySet


class Call(models.Model):
    title = models.CharField(_("titre"), max_length=150)
    text = models.TextField(_("texte de l'appel"), max_length=20000)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture des candidatures et des soutiens"))
    announced_at = models.DateTimeField(_("annonce des lauréats"))
    laureate_count = models.PositiveSmallIntegerField(_("nombre de lauréats"), default=18)
    citizen_threshold = models.PositiveIntegerField(_("seuil de soutiens d'habitants"), default=350)
    place_threshold = models.PositiveIntegerField(_("seuil de soutiens de lieux"), default=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appel à manifestation d'intérêt")
        verbose_name_plural = _("appels à manifestation d'intérêt")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at"))
                & models.Q(closes_at__lte=models.F("announced_at")),
                name="call_opens_closes_then_announces",
            ),
            models.CheckConstraint(
                condition=models.Q(citizen_threshold__gt=0, place_threshold__gt=0),
                name="call_thresholds_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(laureate_count__gt=0), name="call_has_laureates"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:detail", kwargs={"pk": self.pk})

    def is_open(self, at) -> bool:
        return self.opens_at <= at < self.closes_at

    def is_closed(self, at) -> bool:
        return at >= self.closes_at

    def is_announced(self, at) -> bool:
        return at >= self.announced_at


class Criterion(models.Model):
    """One line of the jury's grid."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="criteria")
    title = models.CharField(_("critère"), max_length=150)
    description = models.TextField(_("ce qui est regardé"), max_length=2000)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de la grille")
        verbose_name_plural = _("grille du jury")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            )
        ]

    def __str__(self):
        return self.title


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("déposée")

    call = models.ForeignKey(Call, models.PROTECT, related_name="applications")
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="applications",
        verbose_name=_("territoire"),
    )
    why = models.TextField(_("pourquoi ce territoire"), max_length=6000, blank=True)
    who = models.TextField(_("qui est déjà impliqué"), max_length=6000, blank=True)
    plan = models.TextField(_("le plan pour 18 mois"), max_length=10000, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="applications", verbose_name=_("co-auteurs")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time its co-authors wrote, invited or joined: a draft left
    # without activity for DRAFT_LAPSE no longer holds its territory.
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)

    DRAFT_LAPSE = datetime.timedelta(days=30)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["territory__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "territory"], name="one_application_per_territory_per_call"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.territory, self.call)

    def get_absolute_url(self):
        return reverse("calls:application", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def lapses_at(self) -> datetime.datetime | None:
        """When a draft stops holding its territory, unless its team writes."""
        return None if self.is_submitted else self.last_activity_at + self.DRAFT_LAPSE


class AuthorInvitation(models.Model):
    """An invitation, sent by e-mail, to become a co-author of an application.
    Nobody becomes a co-author, and so a juror's conflict of interest,
    without accepting. The answer to whoever invites does not say whether the
    address has an account. Single use; the token is random and stored only
    here."""

    VALIDITY = datetime.timedelta(days=14)

    application = models.ForeignKey(Application, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail invitée"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation de co-auteur·e")
        verbose_name_plural = _("invitations de co-auteur·es")

    def __str__(self):
        return "%s → %s" % (self.email, self.application)

    def is_usable(self, at: datetime.datetime) -> bool:
        return self.accepted_at is None and at < self.created_at + self.VALIDITY


class JoinRequest(models.Model):
    """A person whose team was refused a territory (it already has an
    application) asks its co-authors to join; they are told and may invite
    them. The requester agrees that the co-authors see their name and e-mail
    address."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("demande à rejoindre")
        verbose_name_plural = _("demandes à rejoindre")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "person"], name="one_join_request_per_person"
            )
        ]

    def __str__(self):
        return "%s → %s" % (self.person, self.application)


class Support(models.Model):
    """A support for an application, counted only for its territory. The
    constraints are the guarantee against double counting, double clicks
    included."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("habitant·e")
        PLACE = "place", _("lieu")
        AUTHORITY = "authority", _("collectivité")

    application = models.ForeignKey(Application, models.CASCADE, related_name="supports")
    call = models.ForeignKey(Call, models.PROTECT, related_name="+")
    kind = models.CharField(_("type de soutien"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="call_supports"
    )
    place = models.ForeignKey(
        "places.Place", models.CASCADE, null=True, blank=True, related_name="call_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "person"],
                condition=models.Q(kind="citizen"),
                name="one_citizen_support_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "place"],
                condition=models.Q(kind="place"),
                name="one_place_support_per_call",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="authority"),
                name="one_authority_support_per_application",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="place", place__isnull=False)
                | (~models.Q(kind="place") & models.Q(place__isnull=True)),
                name="support_place_only_for_places",
            ),
        ]

    def __str__(self):
        return "%s → %s" % (self.get_kind_display(), self.application)


class Juror(models.Model):
    """A member of a call's jury, appointed by staff."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="jurors")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="juror_roles",
        verbose_name=_("personne"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nommé par"),
    )
    appointed_at = models.DateTimeField(_("nommé le"), default=timezone.now)

    class Meta:
        verbose_name = _("juré·e")
        verbose_name_plural = _("jury")
        constraints = [
            models.UniqueConstraint(fields=["call", "person"], name="one_juror_seat_per_call")
        ]

    def __str__(self):
        return str(self.person)


class Conflict(models.Model):
    """A conflict of interest a juror declares on one application: they will
    not score it."""

    juror = models.ForeignKey(Juror, models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("nature du lien"), max_length=1000)
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("conflit d'intérêts déclaré")
        verbose_name_plural = _("conflits d'intérêts déclarés")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application"], name="one_conflict_per_juror_and_application"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.juror, self.application)


class Review(models.Model):
    """One juror's scoring of one application on the whole grid, submitted
    once and for all (it exists only once submitted)."""

    juror = models.ForeignKey(Juror, models.CASCADE, related_name="reviews")
    application = models.ForeignKey(Application, models.CASCADE, related_name="reviews")
    submitted_at = models.DateTimeField(_("soumise le"), default=timezone.now)

    class Meta:
        verbose_name = _("notation")
        verbose_name_plural = _("notations")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application"], name="one_review_per_juror_and_application"
            )
        ]

    def __str__(self):
        return "%s — %s" % (self.juror, self.application)


class Score(models.Model):
    """A mark from 0 to 5 on one criterion, with the juror's comment."""

    MAX = 5

    review = models.ForeignKey(Review, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), max_length=2000)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="score_between_0_and_5"),
        ]

    def __str__(self):
        return "%s : %d/5" % (self.criterion, self.value)


class Laureate(models.Model):
    """A territory the call selected, confirmed by staff from the jury's
    ranking; published on the call's announcement date."""

    call = models.ForeignKey(Call, models.PROTECT, related_name="laureates")
    application = models.OneToOneField(
        Application, models.PROTECT, related_name="laureate", verbose_name=_("candidature")
    )
    rank = models.PositiveSmallIntegerField(_("rang"))
    score = models.DecimalField(_("moyenne du jury, sur 5"), max_digits=4, decimal_places=2)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("confirmé par"),
    )
    confirmed_at = models.DateTimeField(_("confirmé le"))
    marathon = models.OneToOneField(
        "challenges.Marathon",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="laureate",
        verbose_name=_("marathon"),
    )

    class Meta:
        verbose_name = _("lauréat")
        verbose_name_plural = _("lauréats")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["call", "rank"], name="one_laureate_per_rank")
        ]

    def __str__(self):
        return "%d. %s" % (self.rank, self.application.territory)
