"""make upgrade-drill: the upgrade procedure of docs/administration.md, from
an older commit to this checkout, on a scratch database.

1. The older commit's code (`git archive`, no change to this repository)
   migrates a fresh database, imports the territories and loads the défis
   catalogue and the demo, as a cooperative running that version would have.
2. This checkout's code runs the upgrade steps on that database: migrate,
   load_challenges, then its checks.
3. Every table that existed before keeps its rows (a migration that loses
   data fails the drill), `migrate --check` has nothing left to do, and the
   main pages answer 200 under the new code.

OLD (a commit) and DATABASE_URL (postgres://…, a scratch database named
terreau_upgrade_drill is created and dropped beside it; SQLite otherwise).
Uses this checkout's virtual environment for both versions.
"""

import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))

# Tables whose rows the upgrade may legitimately change.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "terreau_cache"}
PAGES = ["/", "/lieux/", "/agenda/", "/marathons/", "/defis/", "/cooperative/", "/lois/"]
CHECK_PAGES = """
from django.test import Client
from terreau.places.models import Place
client = Client()
pages = %r + [Place.objects.filter(status="published").first().get_absolute_url()]
for page in pages:
    status = client.get(page).status_code
    print("  %%s %%s" %% (status, page))
    assert status == 200, page
"""


def log(message):
    print("==> " + message, flush=True)


def run(code_dir, *args, env):
    log("%s: manage.py %s" % ("ancien" if code_dir != ROOT else "nouveau", " ".join(args)))
    subprocess.run([PYTHON, "manage.py", *args], cwd=code_dir, env=env, check=True)


def postgres(url, statement):
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(statement)


def main():
    from terreau.core.backups import Database, row_counts

    old = os.environ.get("OLD") or "97dfc89"
    base_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        old_dir = folder / "ancien"
        old_dir.mkdir()
        archive = subprocess.run(
            ["git", "archive", "--format=tar", old],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        (folder / "ancien.tar").write_bytes(archive)
        with tarfile.open(folder / "ancien.tar") as tar:
            tar.extractall(old_dir, filter="data" if hasattr(tarfile, "data_filter") else None)  # noqa: S202
        if base_url.startswith("postgres"):
            url = base_url.rsplit("/", 1)[0] + "/terreau_upgrade_drill"
            postgres(url, "DROP DATABASE IF EXISTS terreau_upgrade_drill")
            postgres(url, "CREATE DATABASE terreau_upgrade_drill")
            database = Database("postgresql", "terreau_upgrade_drill")
        else:
            url = "sqlite:///%s" % (folder / "drill.sqlite3")
            database = Database("sqlite", str(folder / "drill.sqlite3"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TERREAU_"))}
        env.update(
            DATABASE_URL=url,
            DJANGO_DEBUG="1",
            DJANGO_SECRET_KEY="upgrade-drill-" + "k" * 40,
            DJANGO_ALLOWED_HOSTS="testserver",
            TERREAU_NO_DOTENV="1",
            TERREAU_MEDIA_ROOT=str(folder / "media"),
            EMAIL_URL="consolemail://",
        )
        try:
            log("Version %s, telle qu'une coopérative l'aurait fait tourner" % old)
            for step in (
                ["migrate", "--no-input", "-v", "0"],
                ["createcachetable"],
                ["import_territories", "--if-empty"],
                ["load_challenges"],
                ["load_demo"],
            ):
                run(old_dir, *step, env=env)
            before = counts(url, database, row_counts)
            log("Mise à niveau vers ce dépôt")
            for step in (["migrate", "--no-input"], ["load_challenges"]):
                run(ROOT, *step, env=env)
            run(ROOT, "migrate", "--check", env=env)
            after = counts(url, database, row_counts)
            lost = {
                table: (n, after.get(table))
                for table, n in before.items()
                if table not in BOOKKEEPING and after.get(table) != n
            }
            if lost:
                raise SystemExit(
                    "Des lignes ont changé pendant la mise à niveau : "
                    + ", ".join("%s %s → %s" % (t, a, b) for t, (a, b) in sorted(lost.items()))
                )
            log("Les pages répondent sous le nouveau code")
            run(ROOT, "shell", "-c", CHECK_PAGES % PAGES, env=env)
            log(
                "Mise à niveau réussie depuis %s : %d tables, %d lignes, toutes gardées ; "
                "%d tables nouvelles."
                % (old, len(before), sum(before.values()), len(set(after) - set(before)))
            )
        finally:
            if base_url.startswith("postgres"):
                postgres(url, "DROP DATABASE IF EXISTS terreau_upgrade_drill")


def counts(url, database, row_counts):
    if database.vendor == "postgresql":
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        database = type(database)(
            "postgresql",
            parts.path.lstrip("/"),
            parts.username or "",
            parts.password or "",
            parts.hostname or "",
            str(parts.port or ""),
        )
    return row_counts(database)


if __name__ == "__main__":
    main()
