# Terreau — the two set-up commands are `make run` and `make test`.
# Everything they need is installed from this repository's own files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install install-dev system-libs browser deploy-tools demo lock check-deploy clean backup restore backup-drill upgrade-drill db-down-drill scale-drill bench messages

## make run: install, migrate the SQLite database under var/, import the
## territories, load the demo and serve it on http://127.0.0.1:8000
run: install .env
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) import_territories --if-empty
	$(MANAGE) load_challenges
	$(MANAGE) load_demo
	@# The worker that sends e-mails runs beside the server and stops with it.
	$(MANAGE) db_worker --no-reload -v 0 & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: install the development dependencies and run every test
test: install-dev browser deploy-tools .env
	$(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: system-libs $(VENV)/.installed
install-dev: system-libs $(VENV)/.installed-dev

## Debian's Pango and a font, for the PDF of a Boussole report (WeasyPrint)
system-libs:
	@scripts/install-system-libs.sh

$(BIN)/python:
	@scripts/make-venv.sh "$(PYTHON)" "$(VENV)"

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

## Debian's nginx, to check the shipped site file (deploy/nginx/)
deploy-tools:
	@scripts/install-deploy-tools.sh

## Debian's chromium for the browser tests (never a downloaded browser)
browser:
	@scripts/install-chromium.sh

## A local .env with a generated secret; never committed.
.env:
	@printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env (local settings, with a new secret key)."

## Regenerate the lock files after changing pyproject.toml (needs network).
## Production commands read the environment only, never the development
## .env (TERREAU_NO_DOTENV): run from cron without the service's variables,
## they fail loudly rather than back up a laptop's empty SQLite file.
## docs/administration.md: `set -a; . /etc/terreau/terreau.env; set +a` first.
PRODUCTION := TERREAU_NO_DOTENV=1

## make backup: the database (pg_dump custom format, or SQLite's online
## backup) and the uploaded documents, 0600, into TERREAU_BACKUP_DIR
backup: install
	$(PRODUCTION) $(MANAGE) backup

## make restore FILE=…/terreau-….dump [MEDIA=…/media-….tar.gz]: into the
## configured database and uploads folder, which must both be empty
restore: install
	$(PRODUCTION) $(MANAGE) restore $(FILE) $(if $(MEDIA),--media $(MEDIA))

## make backup-drill: back up, restore into a fresh database and uploads
## folder, migrate --check, compare every table's row count and every
## document's checksum; leaves nothing behind
backup-drill: install
	$(PRODUCTION) $(MANAGE) backup_drill

## make upgrade-drill [OLD=commit] [DATABASE_URL=postgres://…]: an older
## version's database, with its demo, upgraded by this checkout's steps
## (docs/administration.md, section 8); every table keeps its rows
upgrade-drill: install
	$(BIN)/python scripts/upgrade_drill.py

## make db-down-drill (root, DATABASE_URL=postgres://…): PostgreSQL stops under
## load; Terreau must answer 503 in French, recover, and keep its data whole
db-down-drill: install
	$(BIN)/python scripts/db_down_drill.py

## make scale-drill (root): two app nodes behind nginx, a PostgreSQL primary and
## its streaming replica (ports 5441, 5442); stops a node, then the replica,
## under load: every answer served or a French 503, no write lost or doubled
scale-drill: install deploy-tools
	$(BIN)/python scripts/scale_drill.py

## recompile Terreau's corrections to the libraries' French (django.mo is committed)
messages:
	msgfmt -c -o terreau/locale/fr/LC_MESSAGES/django.mo terreau/locale/fr/LC_MESSAGES/django.po

lock:
	$(PYTHON) -m pip install --quiet --user uv 2>/dev/null || true
	$(PYTHON) -m uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements-dev.lock

check-deploy: install
	$(PRODUCTION) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=terreau.example.org TERREAU_SITE_URL=https://terreau.example.org \
	EMAIL_URL=smtp://127.0.0.1:25 DJANGO_DEFAULT_FROM_EMAIL=ne-pas-repondre@terreau.example.org \
	TERREAU_SECURITY_CONTACT=mailto:securite@terreau.example.org DJANGO_BEHIND_PROXY=1 \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/static

## make bench: France-scale data in PostgreSQL (BENCH_DATABASE_URL), gunicorn
## under wrk at 1, 4, 16 and 64 clients, beside nginx serving the same pages;
## figures in var/bench/results.md (BENCH_SECONDS per run, 5 by default)
bench: install
	@scripts/install-bench-tools.sh
	$(BIN)/python scripts/bench.py
