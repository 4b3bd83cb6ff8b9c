from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "terreau.challenges"
    verbose_name = _("Défis")

    def ready(self):
        from terreau.places.signals import place_moved

        from . import receivers

        place_moved.connect(
            receivers.recheck_hosts_participations,
            dispatch_uid="challenges.recheck_hosts_participations",
        )
