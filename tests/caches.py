"""Shared-cache settings for tests that need one outside the database."""

# A cache in the process's memory, as Redis is outside the database: reading
# it costs no SQL query.
IN_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Nothing listens there: Redis is down.
UNREACHABLE = {
    "default": {
        "BACKEND": "terreau.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    }
}
