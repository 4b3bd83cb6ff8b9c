from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "Refuse a production start that would misbehave: Django's deployment checks and "
        "Terreau's (site URL, e-mail, sender, security contact, proxy), then the database "
        "reachable and migrated, and the static files collected. Exit status 1 if not."
    )

    def handle(self, *args, **options):
        # Raises CommandError, listing every problem, at the first warning.
        call_command("check", deploy=True, fail_level="WARNING", stdout=self.stdout)
        problems = []
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            executor = MigrationExecutor(connection)
            waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as error:  # any failure is reported, in French
            problems.append("Base de données injoignable : %s" % type(error).__name__)
        else:
            if waiting:
                problems.append(
                    "%d migrations ne sont pas appliquées : lancez manage.py migrate "
                    "(rôle propriétaire), puis grant_app_role." % len(waiting)
                )
        if not settings.DEBUG:
            manifest = getattr(staticfiles_storage, "manifest_name", None)
            if manifest and not staticfiles_storage.exists(manifest):
                problems.append(
                    "Les fichiers statiques ne sont pas rassemblés : lancez "
                    "manage.py collectstatic --no-input."
                )
        if problems:
            raise CommandError("Démarrage refusé :\n- " + "\n- ".join(problems))
        # Not a reason to refuse a start, but a legal obligation to meet soon.
        from terreau.core.legal import TO_COMPLETE
        from terreau.core.models import LegalPage

        for page in LegalPage.objects.filter(body__contains=TO_COMPLETE):
            self.stdout.write(
                "À faire : la page « %s » contient encore « %s » (back-office, Pages légales)."
                % (page.title, TO_COMPLETE)
            )
        self.stdout.write("Prêt pour la production.")
