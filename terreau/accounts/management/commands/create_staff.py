import getpass
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a staff account whose e-mail address counts as confirmed, so that it can "
        "log in before the site can send mail (createsuperuser's account cannot: it must "
        "confirm its address first). The password is typed, or read from standard input "
        "when it is not a terminal; it never goes on the command line. The account sets "
        "up its second factor on its first visit to the back-office."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--name", default="", help="Display name (default: the e-mail's local part)."
        )

    def handle(self, *args, email, name, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError("Adresse e-mail invalide : %s" % email) from error
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError("Un compte existe déjà pour %s (rien n'a été modifié)." % email)
        password = self.read_password()
        user = User(email=email, display_name=name or email.partition("@")[0])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Mot de passe refusé : " + " ".join(error.messages)) from error
        with transaction.atomic():
            user = User.objects.create_superuser(
                email=email, password=password, display_name=user.display_name
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(
            "Compte d'équipe créé pour %s. À la première visite de /back-office/, il "
            "configurera son second facteur (TOTP)." % email
        )

    def read_password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Mot de passe : ")
        if first != getpass.getpass("Mot de passe (encore) : "):
            raise CommandError("Les deux mots de passe diffèrent (rien n'a été créé).")
        return first
