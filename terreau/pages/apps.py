from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "terreau.pages"
    verbose_name = "Pages"
