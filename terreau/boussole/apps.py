from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoussoleConfig(AppConfig):
    name = "terreau.boussole"
    verbose_name = _("Boussole des cinq lois")
