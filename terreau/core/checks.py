"""Deployment checks of Terreau's own settings, run by `check --deploy` and
by `manage.py deploy_check` (which a systemd unit runs before starting).

Each names a mistake seen in a real deployment: links in e-mails and on
posters pointing at 127.0.0.1, e-mails printed on a console nobody reads, a
sender domain every relay rejects, no one to tell about a vulnerability, and
per-address limits that silently become one limit for the whole site behind
a proxy nobody declared.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}  # noqa: S104 - names, not binds
NO_DELIVERY_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
UNROUTABLE_DOMAINS = (".localhost", ".local", ".test", ".invalid", ".example", ".internal")


def sender_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].lower()


@register(Tags.security, deploy=True)
def terreau_deployment(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []  # Django's own check already refuses DEBUG in production.
    errors = []
    site = urlsplit(settings.SITE_URL)
    if site.hostname in LOCAL_HOSTS or site.hostname is None or site.scheme != "https":
        errors.append(
            Error(
                "TERREAU_SITE_URL vaut %s : les liens des e-mails, des flux et des affiches "
                "mèneraient là." % settings.SITE_URL,
                hint="Donnez l'adresse publique en https, par exemple https://terreau.example.org.",
                id="terreau.E001",
            )
        )
    if settings.EMAIL_BACKEND in NO_DELIVERY_BACKENDS:
        errors.append(
            Error(
                "Les e-mails ne partent pas (%s)." % settings.EMAIL_BACKEND.rsplit(".", 2)[-2],
                hint="Réglez EMAIL_URL, par exemple smtp://127.0.0.1:25 ou smtp+tls://…:587.",
                id="terreau.E002",
            )
        )
    domain = sender_domain()
    if not domain or "." not in domain or domain.endswith(UNROUTABLE_DOMAINS):
        errors.append(
            Error(
                "L'expéditeur %s n'est pas une adresse qu'un relais accepte."
                % settings.DEFAULT_FROM_EMAIL,
                hint="Réglez DJANGO_DEFAULT_FROM_EMAIL, par exemple "
                "« Terreau <ne-pas-repondre@terreau.example.org> ».",
                id="terreau.E003",
            )
        )
    contact = settings.TERREAU_SECURITY_CONTACT
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if not contact or (sender and contact.lower() == "mailto:" + sender):
        errors.append(
            Error(
                "Aucun contact de sécurité lu par une personne (security.txt).",
                hint="Réglez TERREAU_SECURITY_CONTACT (mailto:securite@… ou https://…), "
                "distinct de l'expéditeur qui ne lit rien, ou DJANGO_ADMINS.",
                id="terreau.E004",
            )
        )
    if not settings.BEHIND_PROXY_DECLARED:
        errors.append(
            Error(
                "DJANGO_BEHIND_PROXY n'est pas réglé : derrière un proxy, toutes les requêtes "
                "viendraient de son adresse et les limites par adresse deviendraient une "
                "limite pour tout le site.",
                hint="DJANGO_BEHIND_PROXY=1 derrière nginx (avec DJANGO_TRUSTED_PROXY_COUNT "
                "si plusieurs proxys se suivent), DJANGO_BEHIND_PROXY=0 sinon.",
                id="terreau.E005",
            )
        )
    return errors
