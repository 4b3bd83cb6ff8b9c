from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "terreau.calls"
    verbose_name = _("Appels à manifestation d'intérêt")

    def ready(self):
        from terreau.places.signals import place_moved

        from . import receivers

        place_moved.connect(
            receivers.withdraw_supports_outside_the_place,
            dispatch_uid="calls.withdraw_supports_outside_the_place",
        )
