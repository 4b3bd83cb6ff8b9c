from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """`/donnees/`: the datasets anyone may reuse, under the Licence Ouverte
    2.0. A top-floor app: it reads every app, and nothing imports it."""

    name = "terreau.opendata"
    verbose_name = _("Données ouvertes")
