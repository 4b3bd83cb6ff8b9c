"""What stops a production start that would misbehave (issue 13, section 6):
Terreau's deployment checks, `deploy_check`, staff creation before mail
works, a Redis that is down, and a secret key being rotated."""

import io
import subprocess
import sys

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.management import CommandError, call_command
from django.urls import reverse

from terreau.accounts.models import User
from terreau.checkins import tokens
from terreau.core import backups
from terreau.core.cache import ResilientRedisCache
from tests.accounts.factories import PASSWORD, UserFactory
from tests.places.factories import PlaceFactory
from tests.test_deploy import PRODUCTION, ROOT, manage


@pytest.mark.parametrize(
    ("mistake", "code", "words"),
    [
        ({"TERREAU_SITE_URL": "http://127.0.0.1:8000"}, "terreau.E001", "TERREAU_SITE_URL vaut"),
        ({"EMAIL_URL": "consolemail://"}, "terreau.E002", "Les e-mails ne partent pas"),
        (
            {"DJANGO_DEFAULT_FROM_EMAIL": "Terreau <ne-pas-repondre@terreau.localhost>"},
            "terreau.E003",
            "qu'un relais accepte",
        ),
        (
            {"TERREAU_SECURITY_CONTACT": "mailto:ne-pas-repondre@terreau.example.org"},
            "terreau.E004",
            "contact de sécurité",
        ),
        ({"DJANGO_BEHIND_PROXY": None}, "terreau.E005", "DJANGO_BEHIND_PROXY n'est pas réglé"),
    ],
)
def test_the_deployment_checks_refuse_each_known_mistake(mistake, code, words):
    environment = {**PRODUCTION, **mistake}
    environment = {k: v for k, v in environment.items() if v is not None}
    result = manage("check", "--deploy", "--fail-level", "WARNING", clean=True, **environment)
    assert result.returncode != 0
    assert code in result.stderr
    assert words in result.stderr


def test_deploy_check_refuses_an_unmigrated_database(tmp_path):
    result = manage(
        "deploy_check", clean=True, **PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/vide.sqlite3"
    )
    assert result.returncode != 0
    assert "Démarrage refusé" in result.stderr
    assert "migrations ne sont pas appliquées" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_deploy_check_accepts_a_complete_deployment(
    territories, append_only_tables_flushable, tmp_path
):
    PlaceFactory()
    database = backups.Database.from_settings()
    if database.vendor == "sqlite":  # the suite's in-memory database, copied to a file
        database = database.with_name(str(backups.backup(database, tmp_path / "copie")[0]))
    static = tmp_path / "static"
    settings = {**PRODUCTION, "DATABASE_URL": database.url, "TERREAU_STATIC_ROOT": str(static)}
    refused = manage("deploy_check", clean=True, **settings)
    assert "Les fichiers statiques ne sont pas rassemblés" in refused.stderr
    assert manage("collectstatic", "--no-input", clean=True, **settings).returncode == 0
    result = manage("deploy_check", clean=True, **settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Prêt pour la production." in result.stdout


@pytest.mark.django_db
def test_staff_created_before_mail_works_can_log_in_at_once(client, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    call_command("create_staff", "Admin@Cooperative.example.org", stdout=io.StringIO())
    user = User.objects.get(email="admin@cooperative.example.org")
    assert user.is_staff
    assert user.is_superuser
    response = client.post(
        reverse("account_login"), {"login": "admin@cooperative.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_create_staff_refuses_a_weak_password_and_an_existing_address(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="Mot de passe refusé"):
        call_command("create_staff", "admin@example.org")
    assert not User.objects.filter(email="admin@example.org").exists()
    UserFactory(email="deja@example.org")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_staff", "deja@example.org")


def unreachable(backend):
    # Nothing listens on port 9 (discard) on these machines.
    return backend("redis://127.0.0.1:9/1", {"OPTIONS": {}})


def test_a_redis_that_is_down_answers_as_an_empty_cache():
    cache = unreachable(ResilientRedisCache)
    assert cache.get("clé", "défaut") == "défaut"
    assert cache.add("verrou", True) is True
    cache.set("clé", 1)
    assert cache.get_many(["clé"]) == {}
    # Django's own backend raises, which is what turned every log-in into a 500.
    with pytest.raises(Exception, match=r"Connection refused|Error 111"):
        unreachable(RedisCache).get("clé")


def test_the_redis_cache_builds_one_client_per_connection_pool():
    """Django's backend builds one per call (54 µs each, several a page)."""
    backend = unreachable(ResilientRedisCache)._cache
    assert backend.get_client() is backend.get_client(write=True)


@pytest.mark.django_db
def test_people_log_in_while_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "terreau.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/1",
        }
    }
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_rotated_secret_key_keeps_printed_posters_valid(settings):
    settings.SECRET_KEY = "ancienne-clé-" + "a" * 50
    claim = tokens.Claim("place", 7, "poster", 0, 2**31)
    poster = tokens.sign(claim)
    settings.SECRET_KEY = "nouvelle-clé-" + "b" * 50
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign(poster)
    settings.SECRET_KEY_FALLBACKS = ["ancienne-clé-" + "a" * 50]
    assert tokens.unsign(poster) == claim


def test_production_commands_never_read_the_development_env_file():
    """`make backup` from cron, without the service's environment, must fail
    rather than back up the development SQLite file of a `.env`."""
    environment = {"PATH": "/usr/bin:/bin", "TERREAU_NO_DOTENV": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "--to", "/nonexistent"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_make_targets_never_write_a_development_env_file(tmp_path):
    (tmp_path / "Makefile").write_text((ROOT / "Makefile").read_text())
    (tmp_path / "requirements.lock").touch()  # `make -n` plans the install too
    for target in ["backup", "restore", "backup-drill", "check-deploy"]:
        plan = subprocess.run(
            ["make", "-n", target, "FILE=x.dump"],  # noqa: S607 - Debian's make, on PATH
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        assert "DJANGO_DEBUG=1" not in plan, target
        assert "TERREAU_NO_DOTENV=1" in plan, target
