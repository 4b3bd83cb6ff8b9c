import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How long a prepared export can be downloaded before it is deleted.
EXPORT_VALIDITY = datetime.timedelta(days=7)


class DataExport(models.Model):
    """A copy of everything Terreau keeps about a person (GDPR articles 15
    and 20), prepared by the worker and downloadable by that person alone,
    for EXPORT_VALIDITY; then the file is deleted (privacy.retention)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en préparation")
        READY = "ready", _("prête")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("demandée le"))
    ready_at = models.DateTimeField(_("prête le"), null=True, blank=True)
    # Under MEDIA_ROOT/exports/, served only by privacy.views.download.
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export de données")
        verbose_name_plural = _("exports de données")

    def __str__(self):
        return "Export %s" % self.pk

    @property
    def expires_at(self) -> datetime.datetime | None:
        return self.ready_at + EXPORT_VALIDITY if self.ready_at else None

    def is_downloadable(self, at: datetime.datetime) -> bool:
        return self.status == self.Status.READY and bool(self.file) and at < self.expires_at

    def remove_file(self) -> None:
        if self.file:
            self.file.delete(save=False)
