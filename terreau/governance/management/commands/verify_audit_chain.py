from django.core.management.base import BaseCommand, CommandError

from terreau.governance import audit


class Command(BaseCommand):
    help = "Recompute every hash of the governance audit trail and say where the chain breaks."

    def handle(self, *args, **options):
        result = audit.verify()
        if not result.intact:
            raise CommandError(
                "Chaîne rompue à l'entrée n° %d : %s (%d entrée(s) lues)."
                % (result.broken_at, result.reason, result.entries)
            )
        self.stdout.write("Chaîne intacte : %d entrée(s) vérifiée(s)." % result.entries)
