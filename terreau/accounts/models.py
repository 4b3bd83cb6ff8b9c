from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.accounts.permissions import has_staff_powers


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Identified by an e-mail address, shown by a display name that
    may be a pseudonym; the home commune is optional and only used to suggest
    what happens nearby."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=60,
        help_text=_("Un prénom, un pseudonyme : c'est ce que les autres verront."),
    )
    home_commune = models.ForeignKey(
        "territories.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "commune"},
        verbose_name=_("commune de résidence"),
    )
    is_staff = models.BooleanField(
        _("équipe de la coopérative"),
        default=False,
        help_text=_("Accès au back-office (double authentification obligatoire)."),
    )
    # The e-mails a person may turn off in their profile. None is a nudge:
    # each answers something the person did or something done for them.
    notify_registrations = models.BooleanField(
        _("la confirmation de mes inscriptions, avec le fichier pour mon agenda"), default=True
    )
    notify_teams = models.BooleanField(
        _("les demandes pour rejoindre mes équipes, et les réponses à mes demandes"),
        default=True,
    )
    notify_governance = models.BooleanField(
        _("les procurations qui me sont données, et la suite donnée à mes amendements"),
        default=True,
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    # Set on the request's user by `SecondFactorMiddleware`; never stored. A
    # user loaded anywhere else (a command, a service) has not passed it.
    passed_second_factor = False

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name or self.email.split("@")[0]

    def get_short_name(self):
        return str(self)

    def get_full_name(self):
        return str(self)

    @property
    def has_staff_powers(self):
        """Staff status with a session that passed the second factor; see
        `accounts.permissions.has_staff_powers`."""
        return has_staff_powers(self)


class SecondFactor(Authenticator):
    """allauth's authenticators (TOTP, recovery codes), named in French in
    the back-office; no table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("moyen de double authentification")
        verbose_name_plural = _("moyens de double authentification")
