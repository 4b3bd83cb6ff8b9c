"""django-tasks' database backend under a French name in the back-office
(in its own module: terreau.core.apps must hold one AppConfig only)."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class QueueConfig(TasksAppConfig):
    """django-tasks' database backend, named in French in the back-office."""

    verbose_name = _("File d'attente (e-mails, PDF, exports)")
