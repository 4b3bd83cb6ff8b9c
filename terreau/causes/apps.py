from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CausesConfig(AppConfig):
    name = "terreau.causes"
    verbose_name = _("Causes #çanetientplus")
