from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set. Sits above every app and nobody imports it."""

    name = "terreau.demo"
    verbose_name = "Démo"
