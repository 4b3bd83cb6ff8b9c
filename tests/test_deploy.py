"""Production settings, checked as a deployment would start them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7-" + "k" * 60 + "-a-long-random-production-secret",
    "DJANGO_ALLOWED_HOSTS": "terreau.example.org",
    "TERREAU_SITE_URL": "https://terreau.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "DJANGO_DEFAULT_FROM_EMAIL": "Terreau <ne-pas-repondre@terreau.example.org>",
    "TERREAU_SECURITY_CONTACT": "mailto:securite@terreau.example.org",
    "DJANGO_BEHIND_PROXY": "1",
}


def manage(*args, clean=False, **env):
    """`clean`: the production environment alone, without the development `.env`."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "TERREAU_", "DATABASE_URL", "EMAIL_URL", "CACHE_URL"))
    }
    if clean:
        environment["TERREAU_NO_DOTENV"] = "1"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def session_engine(**env) -> str:
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after « N objects imported »


def test_with_redis_sessions_are_read_from_it():
    assert session_engine(**PRODUCTION) == "terreau.core.sessions"
    without = {**PRODUCTION, "CACHE_URL": "dbcache://terreau_cache"}
    assert session_engine(**without) == "django.contrib.sessions.backends.db"


def test_production_refuses_to_start_without_a_secret_key():
    settings = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = manage("check", **settings)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
