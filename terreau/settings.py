"""Terreau's one settings module.

Every difference between a laptop, CI and production is an environment
variable (see the README's "Configuration" table). Local defaults are safe:
SQLite under var/, e-mails on the console, a database-backed cache that every
process shares. `make` writes an untracked `.env` with a generated secret.
"""

from email.utils import getaddresses
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# The development `.env` (written by `make run` and `make test`) is read unless
# TERREAU_NO_DOTENV is set: production commands (`make backup`, `make restore`,
# `make backup-drill`, `make check-deploy`, the systemd units) set it, so that
# a command run without the production environment fails instead of quietly
# using a laptop's settings. It never overrides variables already set.
if not env.bool("TERREAU_NO_DOTENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (production). "
            "Run `make .env` for local work, or set it in the service's environment."
        )
    SECRET_KEY = "insecure-local-only-key-never-use-in-production"  # noqa: S105
# Earlier keys, still accepted during a rotation (sessions, signed links and
# printed posters keep working); the new key signs everything from now on.
# Remove them once the transition is over (docs/administration.md).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Absolute address of the site, used where no request is at hand (e-mails,
# QR codes, feeds). No trailing slash.
SITE_URL = env.str("TERREAU_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "terreau.core",
    "terreau.accounts",
    "terreau.territories",
    "terreau.authorities",
    "terreau.places",
    "terreau.events",
    "terreau.checkins",
    "terreau.challenges",
    "terreau.support",
    "terreau.governance",
    "terreau.calls",
    "terreau.causes",
    "terreau.boussole",
    "terreau.editorial",
    "terreau.pages",
    "terreau.privacy",
    "terreau.opendata",
    "terreau.api",
    "terreau.demo",
    "terreau.accounts.backoffice.BackOfficeConfig",  # django.contrib.admin, second factor required
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "health_check",
    "ninja",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "terreau.core.queue_app.QueueConfig",  # django_tasks_db, with a French name
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for the read-only API only (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on the final (compressed) body, 304 when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "terreau.core.middleware.PageWeightMiddleware",
    "terreau.core.middleware.NulByteMiddleware",
    # Before anything reads the database (the session first).
    "terreau.core.replica.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "terreau.accounts.middleware.SecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "terreau.core.middleware.PermissionsPolicyMiddleware",
    "terreau.core.middleware.PrivateCacheMiddleware",
    "terreau.core.logs.RequestLogMiddleware",
]

ROOT_URLCONF = "terreau.urls"
WSGI_APPLICATION = "terreau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "terreau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "terreau.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'terreau.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a management command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

# A PostgreSQL streaming replica for the anonymous reads (core/replica.py):
# DATABASE_REPLICA_URL=postgres://…@replica-host/terreau. Without it, all on one.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    # Tests read the same database through both names.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["terreau.core.replica.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every process: rate limits must hold across gunicorn
# workers. The database cache needs no extra service; production sets
# CACHE_URL=redis://… (or memcached).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://terreau_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Logs in without rate limits rather than answering 500 while Redis is down.
    CACHES["default"]["BACKEND"] = "terreau.core.cache.ResilientRedisCache"
    # Sessions read from Redis, written to the database too (`core.sessions`).
    SESSION_ENGINE = "terreau.core.sessions"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "pages:home"
LOGIN_URL = "account_login"

# django-allauth: e-mail only, verified before first use, no enumeration.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_SIGNUP_FORM_CLASS = "terreau.accounts.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Terreau] "
ACCOUNT_ADAPTER = "terreau.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Counted in the shared cache above. "ip" limits per address, "key" per
# e-mail address targeted.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Behind a reverse proxy every request comes from the proxy's address: the
# per-address limits above would become one limit for the whole site. The
# client's address is then the one the last N proxies appended to
# X-Forwarded-For (nginx: proxy_add_x_forwarded_for; one proxy by default).
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
# Production must say it, either way (terreau/core/checks.py).
BEHIND_PROXY_DECLARED = "DJANGO_BEHIND_PROXY" in env.ENVIRON
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=int(BEHIND_PROXY))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Terreau"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Terreau <ne-pas-repondre@terreau.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who answers for the podcast to the directories (itunes:owner,
# podcast:locked): a mailbox the cooperative reads.
TERREAU_PODCAST_OWNER_EMAIL = env.str(
    "TERREAU_PODCAST_OWNER_EMAIL", default="podcast@terreau.localhost"
)
# A silent SMTP server must not hold the worker for minutes.
EMAIL_TIMEOUT = 10

# The durable queue (terreau/core/mail.py): tasks are rows of the database,
# written in the transaction that causes them, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "terreau" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("TERREAU_STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "terreau" / "static"]
# Documents staff upload (statutes, assembly documents). Served by Terreau's own
# views, which check who may read them; back this folder up with the database.
MEDIA_ROOT = env.path("TERREAU_MEDIA_ROOT", default=VAR_DIR / "media")
# Never served as such (nginx answers 404): « /media/ » is the Régénérer section.
MEDIA_URL = "/televersements/"
# Where `make backup` writes (created 0700, files 0600): outside the checkout
# in production, and copied off the machine (docs/administration.md).
TERREAU_BACKUP_DIR = env.path("TERREAU_BACKUP_DIR", default=VAR_DIR / "backups")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Refuse bodies no form here needs (uploads come later, with their own limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# A strict Content-Security-Policy: everything from this origin, no inline
# script or style, nothing embedded elsewhere. `data:` images are the empty
# favicon and allauth's TOTP QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Features no page here needs: the presence codes are read by the phone's
# own camera app, never by a page.
TERREAU_PERMISSIONS_POLICY = "geolocation=(), camera=(), microphone=(), payment=(), usb=()"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    if BEHIND_PROXY:
        # The reverse proxy terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a decision, not a default

# Who is told of errors: « Nom <adresse>, autre@exemple.org » (the e-mails go
# through the durable queue, with the route and the traceback only).
ADMINS = getaddresses([env.str("DJANGO_ADMINS", default="")])
ADMINS = [(name, address) for name, address in ADMINS if address]
# Whom to tell about a vulnerability (/.well-known/security.txt): a mailto: or
# https: address that a person reads; the first of ADMINS when unset.
TERREAU_SECURITY_CONTACT = env.str("TERREAU_SECURITY_CONTACT", default="") or (
    "mailto:" + ADMINS[0][1] if ADMINS else ""
)
if "@" in TERREAU_SECURITY_CONTACT and ":" not in TERREAU_SECURITY_CONTACT:
    TERREAU_SECURITY_CONTACT = "mailto:" + TERREAU_SECURITY_CONTACT
# An optional error tracker (Sentry, or a self-hosted GlitchTip): off without
# a DSN; it receives no personal data (no IP, no cookie, no user).
SENTRY_DSN = env.str("TERREAU_SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "admins": {"class": "terreau.core.logs.QueuedAdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Replaces Django's default handlers of "django" (its AdminEmailHandler
        # would send from the request, with the request's data).
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["admins"], "level": "ERROR"},
        "terreau": {"level": env.str("TERREAU_LOG_LEVEL", default="INFO")},
    },
}

# The RGAA's mention in every footer: « non conforme » until an audit says
# « partiellement conforme » or « totalement conforme » (then update the
# accessibility statement in the back-office too).
TERREAU_ACCESSIBILITY_STATUS = env.str("TERREAU_ACCESSIBILITY_STATUS", default="non conforme")

# The read-only API (/api/, terreau/api/api.py): requests per client address,
# counted in the shared cache; other sites may read it, GET only, no cookies.
TERREAU_API_RATE = env.str("TERREAU_API_RATE", default="120/m")
NINJA_NUM_PROXIES = ALLAUTH_TRUSTED_PROXY_COUNT
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Footprint of a page (terreau/core/footprint.py explains every number).
TERREAU_SHOW_PAGE_WEIGHT = True
