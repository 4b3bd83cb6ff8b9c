import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from terreau.territories import sources
from terreau.territories.models import TerritoryImport
from terreau.territories.services import import_divisions

KNOWN_VINTAGES = {"6.0.0": 2026, "5.3.0": 2025, "4.1.0": 2024, "3.1.1": 2023}


class Command(BaseCommand):
    help = (
        "Import (or re-import) the official French divisions from the bundled Etalab "
        "decoupage-administratif copy, or from a newer package tarball or folder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            type=Path,
            default=sources.BUNDLED,
            help="A .json.xz bundle, an npm .tgz of @etalab/decoupage-administratif, "
            "or its folder.",
        )
        parser.add_argument("--vintage", type=int, help="The year the data describes (millésime).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when an import already ran (used by `make run`).",
        )

    def handle(self, *args, source: Path, vintage: int | None, if_empty: bool, **options):
        if if_empty and TerritoryImport.objects.exists():
            last = TerritoryImport.objects.latest()
            self.stdout.write(f"Territories already imported (vintage {last.vintage}); skipped.")
            return
        started = time.monotonic()
        try:
            divisions = sources.load(source)
        except sources.SourceError as error:
            raise CommandError(str(error)) from None
        vintage = vintage or divisions.vintage or KNOWN_VINTAGES.get(divisions.source_version)
        if vintage is None:
            raise CommandError(
                f"Unknown vintage for version {divisions.source_version}: pass --vintage YEAR."
            )
        report = import_divisions(divisions, vintage=vintage)
        self.stdout.write(
            self.style.SUCCESS(
                f"Vintage {report.vintage} ({report.source} {report.source_version}): "
                f"{report.created} created, {report.updated} updated, {report.retired} retired "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
