from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no unaccent: the search's fallback needs `terreau_plain`."""
    if connection.vendor == "sqlite":
        from .search import plain

        connection.connection.create_function(
            "terreau_plain",
            1,
            lambda text: plain(text) if text is not None else None,
            deterministic=True,
        )


class PagesConfig(AppConfig):
    name = "terreau.pages"
    verbose_name = "Pages"

    def ready(self):
        connection_created.connect(register_sqlite_functions)
