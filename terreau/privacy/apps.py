from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """« Ma trace »: what Terreau keeps about a person, its export and its
    deletion, and the purge of what has outlived its purpose. A top-floor app
    like `pages`: it reads every app, and nothing imports it."""

    name = "terreau.privacy"
    verbose_name = _("Données personnelles")
