from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from terreau.core.formatting import moment_fr
from terreau.events.models import Event, Registration
from terreau.places.models import Place

from . import limits, permissions, services, tokens
from . import screens as screen_devices
from .forms import PairingForm, ScreenLabelForm
from .models import CheckIn, ScreenDevice
from .qr import qr_svg

# The screen reloads a little more often than its code changes, so that the
# code shown is always valid for several minutes.
SCREEN_RELOAD_SECONDS = 150


def host_place(request, pk) -> Place:
    """The place whose presence codes the request's person may show (403 otherwise)."""
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not permissions.can_show_presence_codes(request.user, place):
        raise PermissionDenied
    return place


def _screen_response(request, place: Place, *, device=None):
    """The rotating code, alone on the page: no menu, no link, nothing but
    the code (a meta refresh, no script)."""
    now = timezone.now()
    claim = tokens.screen_claim(place_id=place.pk, at=now)
    url = services.presence_url(claim)
    response = render(
        request,
        "checkins/screen.html",
        {
            "place": place,
            "device": device,
            "qr": qr_svg(url, label=_("Code de présence, renouvelé toutes les 5 minutes")),
            "short_url": services.short_url(services.short_code_for(claim, now)),
            "reload_seconds": SCREEN_RELOAD_SECONDS,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def screen(request, pk):
    """The host's own preview of the screen. A tablet left at the place is
    installed without the host's session (`screens`, `device_screen`)."""
    return _screen_response(request, host_place(request, pk))


@login_required
def screens(request, pk):
    """The place's tablets: install one (a code shown once), revoke one."""
    place = host_place(request, pk)
    pairing = None
    form = ScreenLabelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, code = screen_devices.start_pairing(
            place=place, host=request.user, label=form.cleaned_data["label"], at=timezone.now()
        )
        pairing = {"device": device, "code": code}
        form = ScreenLabelForm()
    response = render(
        request,
        "checkins/screens.html",
        {
            "place": place,
            "form": form,
            "pairing": pairing,
            "devices": list(place.screen_devices.filter(revoked_at__isnull=True)),
            "screen_url": settings.SITE_URL + reverse("checkins:device_screen"),
        },
    )
    response["Cache-Control"] = "no-store"  # the pairing code is shown once
    return response


@require_POST
@login_required
def revoke_screen(request, pk, device_pk):
    place = host_place(request, pk)
    device = get_object_or_404(ScreenDevice, pk=device_pk, place=place)
    screen_devices.revoke(device=device, at=timezone.now())
    messages.success(
        request,
        _("L'écran « %(label)s » est retiré : il n'affiche plus rien.") % {"label": device.label},
    )
    return redirect("checkins:screens", pk=place.pk)


@csrf_protect
def device_screen(request):
    """/ecran/ on a tablet: the code of the place it was installed for, or
    the form that installs it with the host's code."""
    now = timezone.now()
    secret = request.COOKIES.get(screen_devices.COOKIE)
    device = screen_devices.screen_of(secret, now)
    if device is not None:
        response = _screen_response(request, device.place, device=device)
        _set_screen_cookie(response, secret)
        return response
    form = PairingForm(request.POST or None)
    status = 200
    if request.method == "POST" and limits.blocked(request, limits.INSTALLATION_CODES):
        form.is_valid()  # bound, so that the error shows
        form.add_error(
            None,
            _("Trop de codes inconnus tapés depuis cette adresse : réessayez dans dix minutes."),
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            device, secret = screen_devices.pair(typed_code=form.cleaned_data["code"], at=now)
        except screen_devices.ScreenRefused as refusal:
            limits.record_failure(request, limits.INSTALLATION_CODES)
            form.add_error("code", refusal.message)
        else:
            response = redirect("checkins:device_screen")
            _set_screen_cookie(response, secret)
            return response
    response = render(
        request,
        "checkins/device_pairing.html",
        {"form": form, "was_installed": bool(secret)},
        status=status,
    )
    if secret:  # revoked, or its place is gone
        response.delete_cookie(screen_devices.COOKIE)
    response["Cache-Control"] = "no-store"
    return response


def _set_screen_cookie(response, secret: str) -> None:
    response.set_cookie(
        screen_devices.COOKIE,
        secret,
        max_age=screen_devices.COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
    )


@login_required
def event_presence(request, pk):
    """The event's code and its registrants, for hosts to validate on the spot."""
    event = _validating_host_event(request, pk)
    claim = tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    url = services.presence_url(claim)
    present = set(CheckIn.objects.filter(event=event).values_list("person_id", flat=True))
    registrations = [
        (registration, _registrant_details(registration, event.time_zone))
        for registration in Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("person__home_commune")
    ]
    context = {
        "event": event,
        "qr": qr_svg(url, label=_("Code de présence de %(event)s") % {"event": event.title}),
        "short_url": services.short_url(services.short_code_for(claim, timezone.now())),
        "claim": claim,
        "registrations": registrations,
        "present": present,
        "present_count": len(present),
    }
    return render(request, "checkins/event_presence.html", context)


def _registration(event: Event, value) -> Registration | None:
    return (
        Registration.objects.filter(
            event=event, person_id=_int(value), status=Registration.Status.CONFIRMED
        )
        .select_related("person__home_commune")
        .first()
    )


def _validating_host_event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("place__commune"), pk=pk)
    if not permissions.can_validate_presence(request.user, event.place):
        raise PermissionDenied
    return event


@login_required
def confirm_event_presence(request, pk):
    """Names the registrant and when they registered before anything is
    recorded: two people of the same name must not be one click apart."""
    event = _validating_host_event(request, pk)
    registration = _registration(event, request.GET.get("personne"))
    if registration is None:
        messages.error(request, _("Cette personne n'est pas inscrite à l'événement."))
        return redirect("checkins:event_presence", pk=event.pk)
    return render(
        request,
        "checkins/confirm_presence.html",
        {
            "where": event,
            "candidate": {
                "person": registration.person,
                "link": _("inscrit·e à l'événement"),
                "details": _registrant_details(registration, event.time_zone),
            },
            "action": reverse("checkins:validate_at_event", args=[event.pk]),
            "back": reverse("checkins:event_presence", args=[event.pk]),
        },
    )


def _registrant_details(registration: Registration, zone) -> list[str]:
    details = [
        _("inscrit·e le %(when)s") % {"when": moment_fr(registration.created_at.astimezone(zone))}
    ]
    if registration.person.home_commune_id:
        details.append(_("habite %(commune)s") % {"commune": registration.person.home_commune.name})
    return details


@require_POST
@login_required
def validate_at_event(request, pk):
    event = _validating_host_event(request, pk)
    registration = _registration(event, request.POST.get("person"))
    if registration is None:
        messages.error(request, _("Cette personne n'est pas inscrite à l'événement."))
    else:
        _validate(request, person=registration.person, place=event.place, event=event)
    return redirect("checkins:event_presence", pk=event.pk)


def _validate(request, *, person, place, event):
    try:
        services.validate_presence(
            host=request.user, person=person, place=place, event=event, at=timezone.now()
        )
    except services.CheckInRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Présence de %(name)s enregistrée.") % {"name": person})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def my_checkins(request):
    checkins = CheckIn.objects.filter(person=request.user).select_related("place", "event")[:100]
    return render(request, "checkins/my_checkins.html", {"checkins": checkins})
