"""The copy of a person's data (GDPR articles 15 and 20): a ZIP with one JSON
file per kind of the inventory and a README in French. Always prepared by
the worker (`tasks.build_export`): a person with years of presences should
not hold a web process for it, and the same path serves everyone. The file
is downloadable by its owner alone, from their session, for 7 days; the link
carries no secret."""

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused

from . import inventory
from .models import DataExport

# One export in preparation at a time, and at most this many a day.
EXPORTS_PER_DAY = 3


class ExportRefused(Refused):
    pass


def request_export(person, *, at=None) -> DataExport:
    at = at or timezone.now()
    from .tasks import build_export

    with transaction.atomic():
        mine = DataExport.objects.select_for_update().filter(person=person)
        if mine.filter(status=DataExport.Status.PENDING).exists():
            raise ExportRefused(
                _(
                    "Une copie est déjà en préparation : vous recevrez un e-mail quand elle sera prête."
                ),
                code="pending",
            )
        if mine.filter(requested_at__gt=at - datetime.timedelta(days=1)).count() >= EXPORTS_PER_DAY:
            raise ExportRefused(
                _("Trois copies par jour au plus : réessayez demain."), code="too-many"
            )
        export = DataExport.objects.create(person=person, requested_at=at)
        build_export.enqueue(export.pk)
    return export


def zip_bytes(person, *, at) -> bytes:
    buffer = io.BytesIO()
    sections = inventory.inventory(person)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "LISEZ-MOI.md",
            render_to_string(
                "privacy/export_readme.md",
                {"person": person, "at": at, "sections": sections, "site_url": settings.SITE_URL},
            ),
        )
        for kind, rows in sections:
            document = {
                "type": str(kind.title),
                "pourquoi": str(kind.why),
                "conservation": str(kind.kept),
                "qui_voit": str(kind.seen_by),
                "elements": rows,
            }
            archive.writestr(
                "%s.json" % kind.key,
                json.dumps(document, ensure_ascii=False, indent=2, default=inventory.as_json),
            )
    return buffer.getvalue()


def build(export_id: int) -> None:
    """Run by the worker: write the ZIP, mark it ready, tell the person."""
    export = DataExport.objects.select_related("person").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return  # deleted with its account, or already built
    at = timezone.now()
    content = zip_bytes(export.person, at=at)
    with transaction.atomic():
        export.file.save("terreau-%s.zip" % get_random_string(24), ContentFile(content), save=False)
        export.size = len(content)
        export.status = DataExport.Status.READY
        export.ready_at = at
        export.save(update_fields=["file", "size", "status", "ready_at"])
        mail.queue_rendered(
            cause="data-export:%d" % export.pk,
            recipients=[export.person.email],
            subject=_("Votre copie de vos données Terreau est prête"),
            template="privacy/email/export_ready.txt",
            context={
                "export": export,
                "url": settings.SITE_URL + reverse("privacy:trace"),
            },
        )
