from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """`/api/`: a read-only JSON API of what the public pages show
    (django-ninja, OpenAPI 3.1). A top-floor app: it reads every app, and
    nothing imports it."""

    name = "terreau.api"
    verbose_name = _("API")
