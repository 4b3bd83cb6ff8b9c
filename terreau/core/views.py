import datetime
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from . import footprint, markdown
from . import legal as legal_texts
from .models import LegalPage


def footprint_page(request):
    """La contrepartie: how each page's weight and footprint are computed."""
    example_bytes = 10_000
    context = {
        "energy": footprint.ENERGY_PER_GB,
        "carbon": footprint.CARBON_INTENSITY,
        "example_bytes": example_bytes,
        "example_energy_wh": footprint.energy_kwh(example_bytes) * 1000,
        "example_grams": footprint.carbon_grams(example_bytes),
    }
    return render(request, "core/footprint.html", context)


def about(request):
    return render(request, "core/about.html")


def legal(request, kind):
    """A legal page, as staff last wrote it (created from its first text if
    it is missing, so that the footer's links never lead nowhere)."""
    if kind not in LegalPage.Kind.values:
        raise Http404
    title, body = legal_texts.DEFAULTS[kind]
    page, _ = LegalPage.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})
    return render(
        request, "core/legal_page.html", {"page": page, "body": markdown.render(page.body)}
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 when the database is out of reach (it restarts, the
    network fails): a French page that says to retry, never a traceback."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    # Only what is true: « signalée » when someone is told (ADMINS, a tracker).
    reported = bool(settings.ADMINS or settings.SENTRY_DSN)
    return render(request, "500.html", {"reported": reported}, status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    # The read-only API (terreau/api) answers in JSON, as its schema says.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Requête invalide."}, status=400)
    return render(request, "400.html", status=400)


def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability. Expires a year ahead.

    The contact is TERREAU_SECURITY_CONTACT, or the first of DJANGO_ADMINS:
    never the no-reply sender, which nobody reads.
    """
    contact = settings.TERREAU_SECURITY_CONTACT
    if not contact:
        return HttpResponse(
            "Aucun contact de sécurité n'est configuré (TERREAU_SECURITY_CONTACT).\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    lines = [
        "Contact: %s" % contact,
        "Expires: %s" % expires.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Preferred-Languages: fr, en",
        "Canonical: %s/.well-known/security.txt" % settings.SITE_URL,
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
