from django.core.management.base import BaseCommand
from django.utils import timezone

from terreau.privacy import retention


class Command(BaseCommand):
    help = (
        "Erase what has outlived its purpose, on the schedule of the personal-data notice "
        "(terreau/privacy/retention.py). Run every night."
    )

    def handle(self, *args, **options):
        removed = retention.purge(at=timezone.now())
        self.stdout.write(
            "Effacés : " + ", ".join("%s %d" % (what, n) for what, n in removed.items()) + "."
        )
