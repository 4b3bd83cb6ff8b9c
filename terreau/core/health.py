"""/sante/ for load balancers and monitoring (django-health-check): the
database, the cache, the uploads' storage and its disk, and the queue of
e-mails. It answers without a session; 500 when a check fails."""

import dataclasses
import datetime
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from . import replica
from .models import OutgoingEmail

# E-mails waiting longer than this mean the worker is not running or the
# SMTP server refuses them; fewer than this much free disk and uploads fail.
QUEUE_LATE = datetime.timedelta(minutes=15)
DISK_FREE_MINIMUM = 0.05


@dataclasses.dataclass
class EmailQueue(HealthCheck):
    """The worker keeps up: no e-mail waits past QUEUE_LATE, none given up."""

    def run(self):
        late = OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, created_at__lt=timezone.now() - QUEUE_LATE
        ).count()
        if late:
            raise ServiceUnavailable("%d e-mail(s) en attente depuis plus de 15 minutes" % late)
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        if failed:
            raise ServiceUnavailable("%d e-mail(s) abandonné(s) après 12 essais" % failed)


@dataclasses.dataclass
class UploadsDisk(HealthCheck):
    """Room left on the disk of the uploads."""

    def run(self):
        folder = Path(settings.MEDIA_ROOT)
        while not folder.exists():  # before the first upload, its parent's disk
            folder = folder.parent
        usage = shutil.disk_usage(folder)
        if usage.free / usage.total < DISK_FREE_MINIMUM:
            raise ServiceUnavailable("moins de 5 %% d'espace libre pour les documents")


@dataclasses.dataclass
class ReplicaLag(HealthCheck):
    """How far the read replica is behind, shown as `ReplicaLag(lag='0.0 s')`.
    It never fails /sante/: a replica stopped or late only sends the reads
    back to the primary (core/replica.py), and this node still serves.
    Watch the figure; alert when it is not a few tenths of a second."""

    lag: str = "?"

    def run(self):
        try:
            seconds = replica.lag_seconds()
        except DatabaseError as error:
            self.lag = "injoignable (%s) : lectures sur le primaire" % type(error).__name__
            return
        self.lag = "%.1f s" % seconds
        if seconds > replica.MAX_LAG_SECONDS:
            self.lag += " : lectures sur le primaire"


class ClosingExecutor(ThreadPoolExecutor):
    """Runs the synchronous checks in threads that close their database
    connections when a check ends, rather than when the thread is collected:
    a monitor calls /sante/ every few seconds."""

    def submit(self, fn, /, *args, **kwargs):
        def run():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        return super().submit(run)


class Health(HealthCheckView):
    def get_executor(self):
        return ClosingExecutor(max_workers=5)


CHECKS = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
    EmailQueue,
    UploadsDisk,
]


_without_replica = Health.as_view(checks=CHECKS)
_with_replica = Health.as_view(checks=[*CHECKS, ReplicaLag])


async def health(request):
    view = _with_replica if replica.configured() else _without_replica
    return await view(request)
