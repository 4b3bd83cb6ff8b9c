from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "terreau.calls"
    verbose_name = _("Appels à manifestation d'intérêt")
