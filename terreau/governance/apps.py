from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "terreau.governance"
    verbose_name = "Gouvernance coopérative"
