from django.core.management.base import BaseCommand

from terreau.support import services
from terreau.support.models import HelpRequest


class Command(BaseCommand):
    help = (
        "Expire overdue offers and offer waiting requests again (a new expert may have come): "
        "nightly, besides the queue's own expiry of each offer."
    )

    def handle(self, *args, **options):
        expired = services.expire_offers()
        offered = 0
        for help_request in HelpRequest.objects.filter(status=HelpRequest.Status.UNMATCHED):
            offered += len(services.route(help_request=help_request))
        self.stdout.write(
            "%d offre(s) expirée(s), %d nouvelle(s) proposition(s)." % (expired, offered)
        )
