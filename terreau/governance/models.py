"""The cooperative (SCIC): colleges, members and their shares, general
assemblies and ballots, the five laws and their decrees, consultations, and the
audit trail that chains every governance event.

Two tables are append-only, refused by the database itself (triggers, see
migration 0002): the member register (`ShareMovement`) and the audit trail
(`AuditEntry`). A correction is a new row.
"""

import datetime
import secrets
import uuid
from decimal import Decimal
from fractions import Fraction

import pypdf
import stdnum.exceptions
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import bic, iban

from . import tally
from .querysets import MemberQuerySet, MembershipApplicationQuerySet, ProxyQuerySet


def validate_fraction(value: str) -> None:
    try:
        fraction = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValidationError(_("Écrivez une fraction, par exemple 1/2 ou 2/3.")) from None
    if not 0 < fraction < 1:
        raise ValidationError(_("La majorité doit être strictement comprise entre 0 et 1."))


def validate_quorum(value: str) -> None:
    """A quorum: a fraction of the members entitled to vote, 0 for none."""
    try:
        fraction = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValidationError(
            _("Écrivez une fraction, par exemple 1/5, ou 0 pour aucun quorum.")
        ) from None
    if not 0 <= fraction <= 1:
        raise ValidationError(_("Le quorum doit être compris entre 0 et 1."))


# The defaults of the rules of assemblies, with their legal reference, shown
# on the settings page. A SCIC in the form of a société anonyme follows the
# code de commerce where its statutes say nothing, counted per member (one
# member, one vote: loi n° 47-1775 du 10 septembre 1947, art. 9).
QUORUM_REFERENCE = _(
    "Par défaut, le code de commerce pour une société anonyme, compté par sociétaire : assemblée "
    "ordinaire, un cinquième sur première convocation, aucun sur deuxième (art. L. 225-98) ; "
    "extraordinaire, un quart sur première convocation, un cinquième sur deuxième (art. L. 225-96). "
    "Vos statuts peuvent exiger davantage."
)
NOTICE_REFERENCE = _(
    "Par défaut, quinze jours sur première convocation et dix jours sur convocation suivante "
    "entre la convocation et la séance (art. R. 225-69 du code de commerce)."
)


def validate_iban(value: str) -> None:
    try:
        iban.validate(value)
    except stdnum.exceptions.ValidationError:
        raise ValidationError(
            _("Cet IBAN n'est pas valide (vérifiez les chiffres et la clé).")
        ) from None


def validate_bic(value: str) -> None:
    try:
        bic.validate(value)
    except stdnum.exceptions.ValidationError:
        raise ValidationError(_("Ce BIC n'est pas valide (8 ou 11 caractères).")) from None


def new_payment_reference() -> str:
    """What an applicant writes on their transfer or cheque: ADH- and six
    characters without look-alikes, typed by a person from a bank's form."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "ADH-" + "".join(secrets.choice(alphabet) for _ in range(6))


def validate_pdf(file) -> None:
    """A PDF that pypdf reads to its last page: five magic bytes followed by
    anything else are refused (members download these documents)."""
    if file.size > 10 * 1024 * 1024:
        raise ValidationError(_("Le document dépasse 10 Mo."))
    try:
        file.seek(0)
        reader = pypdf.PdfReader(file)
        pages = len(reader.pages)
        for page in reader.pages:
            page.get_contents()
    except Exception:  # pypdf raises many kinds on malformed files
        pages = 0
    finally:
        file.seek(0)
    if not pages:
        raise ValidationError(_("Le document doit être un PDF lisible."))


PDF_VALIDATORS = [FileExtensionValidator(["pdf"]), validate_pdf]


class Cooperative(models.Model):
    """The cooperative's settings: one row (pk 1)."""

    name = models.CharField(_("nom"), max_length=150, default="SCIC Terreau")
    share_price = models.DecimalField(
        _("prix d'une part (€)"), max_digits=8, decimal_places=2, default=Decimal("20.00")
    )
    minimum_shares = models.PositiveSmallIntegerField(
        _("nombre minimal de parts"), default=1, validators=[MinValueValidator(1)]
    )
    member_goal = models.PositiveIntegerField(_("objectif de sociétaires"), default=2000)
    proxy_cap = models.PositiveSmallIntegerField(
        _("procurations détenues au plus par un sociétaire"),
        default=2,
        help_text=_("Le plafond que fixent les statuts."),
    )
    ordinary_majority = models.CharField(
        _("majorité de l'assemblée ordinaire"),
        max_length=7,
        default="1/2",
        validators=[validate_fraction],
    )
    ordinary_inclusive = models.BooleanField(
        _("seuil atteint suffit (ordinaire)"),
        default=False,
        help_text=_("Décoché : il faut dépasser le seuil (« plus de la moitié »)."),
    )
    extraordinary_majority = models.CharField(
        _("majorité de l'assemblée extraordinaire"),
        max_length=7,
        default="2/3",
        validators=[validate_fraction],
    )
    extraordinary_inclusive = models.BooleanField(
        _("seuil atteint suffit (extraordinaire)"),
        default=True,
        help_text=_("Coché : « au moins les deux tiers »."),
    )

    ordinary_quorum_first = models.CharField(
        _("quorum de l'assemblée ordinaire, première convocation"),
        max_length=7,
        default="1/5",
        validators=[validate_quorum],
        help_text=_("Part des sociétaires ayant le droit de vote qui doivent voter (0 : aucun)."),
    )
    ordinary_quorum_second = models.CharField(
        _("quorum de l'assemblée ordinaire, deuxième convocation"),
        max_length=7,
        default="0",
        validators=[validate_quorum],
    )
    extraordinary_quorum_first = models.CharField(
        _("quorum de l'assemblée extraordinaire, première convocation"),
        max_length=7,
        default="1/4",
        validators=[validate_quorum],
    )
    extraordinary_quorum_second = models.CharField(
        _("quorum de l'assemblée extraordinaire, deuxième convocation"),
        max_length=7,
        default="1/5",
        validators=[validate_quorum],
    )
    notice_days_first = models.PositiveSmallIntegerField(
        _("délai de convocation, première convocation (jours)"), default=15
    )
    notice_days_second = models.PositiveSmallIntegerField(
        _("délai de convocation, convocation suivante (jours)"), default=10
    )
    # How to pay for shares: shown to applicants with their amount and
    # reference, and in the e-mail that acknowledges their application.
    payee = models.CharField(_("bénéficiaire des paiements"), max_length=150, blank=True)
    iban = models.CharField(_("IBAN"), max_length=42, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    cheque_address = models.TextField(_("adresse d'envoi des chèques"), max_length=400, blank=True)
    payment_url = models.URLField(
        _("service de paiement en ligne (lien)"),
        blank=True,
        help_text=_("Une page de paiement d'un service associatif ; Terreau n'encaisse rien."),
    )
    contact_email = models.EmailField(_("adresse de contact pour l'adhésion"), blank=True)
    secrecy_minimum = models.PositiveSmallIntegerField(
        _("votants au moins par collège pour publier ses chiffres (scrutin secret)"),
        default=3,
        validators=[MinValueValidator(2)],
        help_text=_(
            "En dessous, les chiffres du collège sont regroupés avec ceux d'autres petits "
            "collèges, ou non publiés, pour qu'on ne puisse pas déduire le vote d'une personne."
        ),
    )

    class Meta:
        verbose_name = _("coopérative")
        verbose_name_plural = _("coopérative")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_cooperative"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def load(cls) -> "Cooperative":
        cooperative, _created = cls.objects.get_or_create(pk=1)
        return cooperative

    def majority(self, kind: str) -> tally.Majority:
        if kind == Assembly.Kind.EXTRAORDINARY:
            return tally.Majority(
                Fraction(self.extraordinary_majority), self.extraordinary_inclusive
            )
        return tally.Majority(Fraction(self.ordinary_majority), self.ordinary_inclusive)

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as banks print it."""
        return iban.format(self.iban) if self.iban else ""

    def quorum(self, kind: str, convocation: str) -> Fraction:
        second = convocation == Assembly.Convocation.SECOND
        if kind == Assembly.Kind.EXTRAORDINARY:
            value = self.extraordinary_quorum_second if second else self.extraordinary_quorum_first
        else:
            value = self.ordinary_quorum_second if second else self.ordinary_quorum_first
        return Fraction(value)

    def notice(self, convocation: str) -> datetime.timedelta:
        days = (
            self.notice_days_second
            if convocation == Assembly.Convocation.SECOND
            else self.notice_days_first
        )
        return datetime.timedelta(days=days)


class College(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    description = models.CharField(_("qui en fait partie"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("poids (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(10), MaxValueValidator(50)],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=10, weight__lte=50),
                name="college_weight_between_10_and_50",
            ),
        ]

    def __str__(self):
        return self.name


class StatutesQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> "Statutes | None":
        """The latest statutes adopted on or before `on` (today): statutes
        uploaded ahead of their date do not apply before it."""
        on = on or timezone.localdate()
        return self.filter(adopted_on__lte=on).order_by("-adopted_on", "-pk").first()


class Statutes(models.Model):
    """A version of the statutes, which applicants accept."""

    title = models.CharField(_("titre"), max_length=150, default="Statuts de la SCIC")
    file = models.FileField(_("document (PDF)"), upload_to="statuts/", validators=PDF_VALIDATORS)
    adopted_on = models.DateField(_("adoptés le"))
    uploaded_at = models.DateTimeField(_("déposés le"), auto_now_add=True)

    objects = StatutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("statuts")
        verbose_name_plural = _("statuts")
        ordering = ["-adopted_on", "-pk"]
        get_latest_by = ["adopted_on", "pk"]

    def __str__(self):
        return "%s (%s)" % (self.title, self.adopted_on.strftime("%d/%m/%Y"))


class MembershipApplication(models.Model):
    """A request to join, waiting for the payment that staff record."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente du paiement")
        ADMITTED = "admitted", _("admise")
        CANCELLED = "cancelled", _("annulée")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership_applications"
    )
    college = models.ForeignKey(College, models.PROTECT, verbose_name=_("collège"))
    shares = models.PositiveIntegerField(_("nombre de parts"), validators=[MinValueValidator(1)])
    legal_name = models.CharField(_("nom et prénom à l'état civil"), max_length=150)
    postal_address = models.TextField(_("adresse postale"), max_length=400)
    show_name = models.BooleanField(_("apparaître sur la page de la campagne"), default=False)
    statutes = models.ForeignKey(Statutes, models.PROTECT, verbose_name=_("statuts acceptés"))
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The amount due (shares × the share's price when applying) and the
    # reference that lets staff match a payment to the application.
    amount = models.DecimalField(_("montant dû (€)"), max_digits=10, decimal_places=2)
    payment_reference = models.CharField(
        _("référence de paiement"), max_length=12, unique=True, default=new_payment_reference
    )
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_person",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.legal_name, self.college)


class Member(models.Model):
    """A *sociétaire*. The number of shares is the sum of the register."""

    # Empty once the person deleted their account: the cooperative must keep
    # its register of members (number, legal name, address, shares) as long
    # as the law requires; it keeps no account (privacy.deletion).
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("personne"),
    )
    number = models.PositiveIntegerField(_("numéro de sociétaire"), unique=True)
    college = models.ForeignKey(
        College, models.PROTECT, related_name="members", verbose_name=_("collège")
    )
    legal_name = models.CharField(_("nom à l'état civil"), max_length=150)
    postal_address = models.TextField(_("adresse postale"), max_length=400)
    show_name = models.BooleanField(_("apparaît sur la page de la campagne"), default=False)
    admitted_on = models.DateField(_("admis le"))
    left_on = models.DateField(_("sorti le"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("sociétaire")
        verbose_name_plural = _("sociétaires")
        ordering = ["number"]

    def __str__(self):
        return "n° %d — %s" % (self.number, self.legal_name)

    def get_absolute_url(self):
        return reverse("governance:certificate", kwargs={"number": self.number})

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    @property
    def shares(self) -> int:
        return self.movements.aggregate(total=models.Sum("shares"))["total"] or 0


class ShareMovement(models.Model):
    """One line of the member register. Append-only (database triggers)."""

    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", _("souscription")
        TRANSFER_IN = "transfer_in", _("cession reçue")
        TRANSFER_OUT = "transfer_out", _("cession consentie")
        WITHDRAWAL = "withdrawal", _("retrait")

    member = models.ForeignKey(Member, models.PROTECT, related_name="movements")
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    shares = models.IntegerField(_("parts (+ entrée, − sortie)"))
    unit_price = models.DecimalField(_("valeur d'une part (€)"), max_digits=8, decimal_places=2)
    occurred_on = models.DateField(_("date du mouvement"))
    reference = models.CharField(_("référence (paiement, acte)"), max_length=120, blank=True)
    counterpart = models.ForeignKey(
        Member,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contrepartie"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )
    recorded_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("mouvement de parts")
        verbose_name_plural = _("registre des sociétaires")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["subscription", "transfer_in"], shares__gt=0)
                    | models.Q(kind__in=["transfer_out", "withdrawal"], shares__lt=0)
                ),
                name="share_movement_sign_matches_kind",
            ),
        ]

    def __str__(self):
        return "%s %+d — %s" % (self.get_kind_display(), self.shares, self.member)

    @property
    def amount(self) -> Decimal:
        return self.shares * self.unit_price


# General assemblies ---------------------------------------------------------


class Assembly(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinaire")
        EXTRAORDINARY = "extraordinary", _("extraordinaire")

    class Convocation(models.TextChoices):
        FIRST = "first", _("première convocation")
        SECOND = "second", _("deuxième convocation (la première n'a pas atteint le quorum)")

    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    convocation = models.CharField(
        _("convocation"), max_length=6, choices=Convocation.choices, default=Convocation.FIRST
    )
    title = models.CharField(_("titre"), max_length=150)
    starts_at = models.DateTimeField(_("date et heure de la séance"))
    place = models.ForeignKey(
        "places.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assemblies",
        verbose_name=_("lieu"),
    )
    online = models.CharField(
        _("en ligne"),
        max_length=300,
        blank=True,
        help_text=_("Comment suivre la séance à distance, le cas échéant."),
    )
    voting_opens_at = models.DateTimeField(_("ouverture du vote"))
    voting_closes_at = models.DateTimeField(_("clôture du vote"))
    # Snapshot taken at convocation, so that later changes to the colleges or
    # majorities never alter an assembly already called.
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True, editable=False)
    college_weights = models.JSONField(_("poids des collèges"), default=dict, editable=False)
    majority = models.CharField(max_length=7, blank=True, editable=False)
    majority_inclusive = models.BooleanField(default=False, editable=False)
    # The quorum (a fraction of `electorate`, the members entitled to vote at
    # convocation) and the secrecy threshold, frozen at convocation too.
    quorum = models.CharField(max_length=7, blank=True, editable=False)
    electorate = models.PositiveIntegerField(null=True, editable=False)
    secrecy_minimum = models.PositiveSmallIntegerField(null=True, editable=False)
    opening_recorded = models.BooleanField(default=False, editable=False)
    results_published_at = models.DateTimeField(
        _("résultats publiés le"), null=True, blank=True, editable=False
    )
    # The journal's head (position and hash) as printed in the convocation and
    # in the minutes: copies that members hold, which a rewritten or
    # shortened chain would contradict (`audit.verify` checks them).
    # The key pair of its secret ballots (`ballot_box`): the private key is
    # sealed with a key derived from SECRET_KEY, and erased at the count.
    ballot_public_key = models.CharField(max_length=64, blank=True, editable=False)
    ballot_private_key = models.BinaryField(null=True, editable=False)
    convocation_head_number = models.PositiveBigIntegerField(null=True, editable=False)
    convocation_head_hash = models.CharField(max_length=64, blank=True, editable=False)
    minutes_head_number = models.PositiveBigIntegerField(null=True, editable=False)
    minutes_head_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("assemblée générale")
        verbose_name_plural = _("assemblées générales")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="assembly_vote_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:assembly", kwargs={"pk": self.pk})

    def clean(self):
        if not self.place_id and not self.online.strip():
            raise ValidationError(_("Indiquez un lieu, une participation en ligne, ou les deux."))
        if (
            self.voting_opens_at
            and self.voting_closes_at
            and self.voting_closes_at <= self.voting_opens_at
        ):
            raise ValidationError(
                {"voting_closes_at": _("La clôture du vote doit suivre son ouverture.")}
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.convened_at is not None and self.voting_opens_at <= now < self.voting_closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.voting_closes_at

    def get_majority(self) -> tally.Majority:
        return tally.Majority(Fraction(self.majority), self.majority_inclusive)


class AssemblyDocument(models.Model):
    assembly = models.ForeignKey(Assembly, models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=150)
    file = models.FileField(_("document (PDF)"), upload_to="assemblees/", validators=PDF_VALIDATORS)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Resolution(models.Model):
    assembly = models.ForeignKey(Assembly, models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte soumis au vote"))
    is_secret = models.BooleanField(
        _("scrutin secret"),
        default=False,
        help_text=_(
            "Secret : la liste d'émargement est séparée de l'urne ; chaque votant reçoit un reçu."
        ),
    )
    # A resolution may adopt a decree: a new article of a law, or a new
    # version of an existing decree.
    decree = models.ForeignKey(
        "Decree",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décret modifié"),
    )
    decree_law = models.ForeignKey(
        "Law",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loi du nouveau décret"),
    )
    decree_title = models.CharField(_("titre du décret"), max_length=200, blank=True)
    decree_text = models.TextField(_("texte du décret"), blank=True)
    consultation = models.ForeignKey(
        "Consultation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("consultation d'origine"),
    )
    result = models.JSONField(_("résultat publié"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("résolution")
        verbose_name_plural = _("résolutions")
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "number"], name="one_resolution_number_per_assembly"
            ),
        ]

    def __str__(self):
        return "Résolution n° %d — %s" % (self.number, self.title)

    def clean(self):
        if self.decree_id and self.decree_law_id:
            raise ValidationError(
                _("Une résolution modifie un décret existant ou en crée un nouveau, pas les deux.")
            )
        if (self.decree_id or self.decree_law_id) and not self.decree_text.strip():
            raise ValidationError({"decree_text": _("Donnez le texte du décret.")})
        if self.decree_law_id and not self.decree_title.strip():
            raise ValidationError({"decree_title": _("Donnez un titre au nouveau décret.")})

    @property
    def adopts_decree(self) -> bool:
        return bool(self.decree_id or self.decree_law_id)


class Choice(models.TextChoices):
    POUR = tally.POUR, _("pour")
    CONTRE = tally.CONTRE, _("contre")
    ABSTENTION = tally.ABSTENTION, _("abstention")
    BLANC = tally.BLANC, _("vote blanc")


class Proxy(models.Model):
    """A member lets another member of the same college vote for them."""

    assembly = models.ForeignKey(Assembly, models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(Member, models.PROTECT, related_name="proxies_given")
    holder = models.ForeignKey(Member, models.PROTECT, related_name="proxies_held")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ProxyQuerySet.as_manager()

    class Meta:
        verbose_name = _("procuration")
        verbose_name_plural = _("procurations")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "giver"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_proxy_per_member",
            ),
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("holder")), name="proxy_to_someone_else"
            ),
        ]

    def __str__(self):
        return "%s → %s" % (self.giver, self.holder)


class Vote(models.Model):
    """A vote in a public ballot: who voted what is part of the minutes."""

    resolution = models.ForeignKey(Resolution, models.PROTECT, related_name="votes")
    member = models.ForeignKey(Member, models.PROTECT, related_name="votes")
    college = models.ForeignKey(College, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_by = models.ForeignKey(Member, models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote (scrutin public)")
        verbose_name_plural = _("votes (scrutins publics)")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "member"], name="one_vote_per_member_per_resolution"
            ),
        ]

    def __str__(self):
        return "%s : n° %d" % (self.resolution, self.member.number)


class Signature(models.Model):
    """The roll of a secret ballot: who voted, never what."""

    resolution = models.ForeignKey(Resolution, models.PROTECT, related_name="signatures")
    member = models.ForeignKey(Member, models.PROTECT, related_name="signatures")
    cast_by = models.ForeignKey(Member, models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("émargement (scrutin secret)")
        verbose_name_plural = _("émargements (scrutins secrets)")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "member"], name="one_signature_per_member_per_resolution"
            ),
        ]

    def __str__(self):
        return "Émargement n° %d" % self.member.number


def new_receipt() -> str:
    """Referenced by migration 0001 (receipts were random codes before the
    box was sealed); trackers are now digests (`ballot_box.tracker`)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    code = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


class Ballot(models.Model):
    """A sealed ballot in the box of a secret ballot (`ballot_box`). Nothing
    here names a person or dates the ballot: a random key, the college (the
    tally is per college), the choice sealed with the assembly's public key,
    and the tracker, a digest of the sealed choice, which the voter keeps as
    a receipt. At the count the choice is opened into `CountedBallot`, in a
    shuffled order, and `sealed` is erased."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, models.PROTECT, related_name="ballots")
    college = models.ForeignKey(College, models.PROTECT, related_name="+")
    sealed = models.BinaryField(editable=False, default=b"")
    tracker = models.CharField(max_length=14, unique=True)

    class Meta:
        verbose_name = _("bulletin scellé (scrutin secret)")
        verbose_name_plural = _("urne scellée (scrutins secrets)")
        ordering = ["tracker"]

    def __str__(self):
        return self.tracker


class CountedBallot(models.Model):
    """An opened ballot: the choice, its college, a random key. Written at
    the count, every ballot of a resolution in one shuffled statement, with
    no tracker: nothing links it to the sealed ballot or to the roll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, models.PROTECT, related_name="counted_ballots")
    college = models.ForeignKey(College, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("bulletin dépouillé (scrutin secret)")
        verbose_name_plural = _("bulletins dépouillés (scrutins secrets)")

    def __str__(self):
        return self.get_choice_display()


# The five laws, their decrees, consultations --------------------------------


class Law(models.Model):
    number = models.PositiveSmallIntegerField(_("rang"), unique=True)
    title = models.CharField(_("titre"), max_length=100)
    statement = models.TextField(_("énoncé"))

    class Meta:
        verbose_name = _("loi")
        verbose_name_plural = _("lois")
        ordering = ["number"]

    def __str__(self):
        return "Loi %d — %s" % (self.number, self.title)

    def get_absolute_url(self):
        return reverse("governance:law", kwargs={"number": self.number})


class Decree(models.Model):
    """An article that makes a law concrete; its text lives in versions."""

    law = models.ForeignKey(Law, models.PROTECT, related_name="decrees")
    number = models.PositiveSmallIntegerField(_("article"))
    title = models.CharField(_("titre"), max_length=200)

    class Meta:
        verbose_name = _("décret")
        verbose_name_plural = _("décrets")
        ordering = ["law", "number"]
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="one_decree_number_per_law"),
        ]

    def __str__(self):
        return "Décret %d.%d — %s" % (self.law.number, self.number, self.title)


class DecreeVersion(models.Model):
    decree = models.ForeignKey(Decree, models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("texte"))
    resolution = models.OneToOneField(
        Resolution, models.PROTECT, related_name="decree_version", verbose_name=_("résolution")
    )
    adopted_on = models.DateField(_("adopté le"))

    class Meta:
        verbose_name = _("version de décret")
        verbose_name_plural = _("versions de décrets")
        ordering = ["decree", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decree", "version"], name="one_decree_version_number"),
        ]

    def __str__(self):
        return "%s (v%d)" % (self.decree, self.version)


class Consultation(models.Model):
    """A text put to everyone: amendments, supports, comments, answers."""

    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte proposé"))
    law = models.ForeignKey(
        Law,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("loi concernée"),
    )
    decree = models.ForeignKey(
        Decree,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("décret à modifier"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territoire"),
        help_text=_("Vide : consultation de toute la coopérative."),
    )
    # Empty once the author deleted their account: the text stays, unsigned.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    closes_on = models.DateField(_("amendements jusqu'au"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:consultation", kwargs={"pk": self.pk})

    def is_open(self, today=None) -> bool:
        return (today or timezone.localdate()) <= self.closes_on


class Amendment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de réponse")
        ACCEPTED = "accepted", _("accepté")
        MERGED = "merged", _("fusionné")
        REJECTED = "rejected", _("rejeté")

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="amendments")
    # Empty once the author deleted their account: the amendment was put to
    # the members and answered; it stays, unsigned.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    proposal = models.TextField(_("modification proposée"), max_length=4000)
    reason = models.TextField(_("pourquoi"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("réponse"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("motif de la réponse"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("amendement")
        verbose_name_plural = _("amendements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected", answer=""),
                name="rejected_amendment_has_a_reason",
            ),
        ]

    def __str__(self):
        return "Amendement n° %d" % self.pk


class AmendmentSupport(models.Model):
    amendment = models.ForeignKey(Amendment, models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "person"], name="one_support_per_person_per_amendment"
            ),
        ]

    def __str__(self):
        return "Soutien à l'amendement n° %d" % self.amendment_id


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="comments")
    amendment = models.ForeignKey(
        Amendment, models.CASCADE, null=True, blank=True, related_name="comments"
    )
    # A comment is its author's words: it goes with their account.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    text = models.TextField(_("commentaire"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


# The audit trail -------------------------------------------------------------


class AuditEntry(models.Model):
    """One governance event. Each entry carries the hash of the previous one,
    so that changing or removing any entry breaks every hash after it; the
    database refuses updates and deletes (migration 0002)."""

    GENESIS = "0" * 64

    class Action(models.TextChoices):
        MEMBER_ADMITTED = "member_admitted", _("sociétaire admis")
        SHARES_MOVED = "shares_moved", _("mouvement de parts")
        ASSEMBLY_CONVENED = "assembly_convened", _("assemblée convoquée")
        BALLOT_OPENED = "ballot_opened", _("vote ouvert")
        VOTE_CAST = "vote_cast", _("vote enregistré")
        BALLOT_CLOSED = "ballot_closed", _("vote clos")
        TALLY_PUBLISHED = "tally_published", _("résultats publiés")
        DECREE_ADOPTED = "decree_adopted", _("décret adopté")
        RULES_CHANGED = "rules_changed", _("règles de vote modifiées")
        CONSULTATION_OPENED = "consultation_opened", _("consultation publiée")

    number = models.PositiveBigIntegerField(_("n°"), unique=True)
    at = models.DateTimeField(_("date"))
    action = models.CharField(_("événement"), max_length=20, choices=Action.choices)
    summary = models.CharField(_("résumé"), max_length=300)
    data = models.JSONField(_("données"), default=dict)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal de la gouvernance")
        ordering = ["number"]

    def __str__(self):
        return "%d. %s" % (self.number, self.summary)
