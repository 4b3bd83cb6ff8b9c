from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from terreau.demo import data
from terreau.territories.models import TerritoryImport


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DJANGO_DEBUG off (never in production).",
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo has well-known passwords: refused with DJANGO_DEBUG off.")
        if not TerritoryImport.objects.exists():
            raise CommandError("Import the territories first: manage.py import_territories")
        # The demo people are fictional: the e-mails that loading sends
        # (a cancellation, say) go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            logins = data.load()
        self.stdout.write(
            self.style.SUCCESS("Demo ready. Logins (password: %s):" % data.DEMO_PASSWORD)
        )
        for email, name, staff in logins:
            role = (
                "staff: back-office at /back-office/, TOTP set up on first visit"
                if staff
                else "person"
            )
            self.stdout.write(f"  {email:36} {name} ({role})")
