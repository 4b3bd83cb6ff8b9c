from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.events.models import Event, Registration
from terreau.places.models import Place

from . import permissions, services, tokens
from .models import CheckIn
from .qr import qr_svg

# The screen reloads a little more often than its code changes, so that the
# code shown is always valid for several minutes.
SCREEN_RELOAD_SECONDS = 150
SEARCH_RESULTS = 10


def host_place(request, pk) -> Place:
    """The place whose presence codes the request's person may show (403 otherwise)."""
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not permissions.can_show_presence_codes(request.user, place):
        raise PermissionDenied
    return place


@login_required
def screen(request, pk):
    """For a tablet at the place: the code changes every few minutes and the
    page reloads itself (a meta refresh, no script)."""
    place = host_place(request, pk)
    now = timezone.now()
    claim = tokens.screen_claim(place_id=place.pk, at=now)
    url = services.presence_url(claim)
    response = render(
        request,
        "checkins/screen.html",
        {
            "place": place,
            "qr": qr_svg(url, label=_("Code de présence, renouvelé toutes les 5 minutes")),
            "short_url": services.short_url(services.short_code_for(claim, now)),
            "reload_seconds": SCREEN_RELOAD_SECONDS,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def event_presence(request, pk):
    """The event's code and its registrants, for hosts to validate on the spot."""
    event = get_object_or_404(Event.objects.select_related("place__commune"), pk=pk)
    if not permissions.can_validate_presence(request.user, event.place):
        raise PermissionDenied
    claim = tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    url = services.presence_url(claim)
    present = set(CheckIn.objects.filter(event=event).values_list("person_id", flat=True))
    registrations = list(
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("person")
    )
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


@require_POST
@login_required
def validate_at_event(request, pk):
    event = get_object_or_404(Event.objects.select_related("place__commune"), pk=pk)
    if not permissions.can_validate_presence(request.user, event.place):
        raise PermissionDenied
    registration = Registration.objects.filter(
        event=event, person_id=_int(request.POST.get("person"))
    ).first()
    if registration is None:
        messages.error(request, _("Cette personne n'est pas inscrite à l'événement."))
    else:
        _validate(request, person=registration.person, place=event.place, event=event)
    return redirect("checkins:event_presence", pk=event.pk)


@login_required
def place_presence(request, pk):
    """Validate someone at the place, found by their display name."""
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not permissions.can_validate_presence(request.user, place):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:60]
    people = []
    if len(query) >= 2:
        people = list(
            get_user_model().objects.filter(display_name__icontains=query, is_active=True)[
                :SEARCH_RESULTS
            ]
        )
    today = timezone.now().astimezone(ZoneInfo(place.commune.time_zone)).date()
    present = set(
        CheckIn.objects.filter(place=place, day=today, event__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    return render(
        request,
        "checkins/place_presence.html",
        {
            "place": place,
            "query": query,
            "people": people,
            "present": present,
            "present_count": len(present),
        },
    )


@require_POST
@login_required
def validate_at_place(request, pk):
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not permissions.can_validate_presence(request.user, place):
        raise PermissionDenied
    person = (
        get_user_model().objects.filter(pk=_int(request.POST.get("person")), is_active=True).first()
    )
    if person is None:
        messages.error(request, _("Personne introuvable."))
    else:
        _validate(request, person=person, place=place, event=None)
    return redirect("checkins:place_presence", pk=place.pk)


def _validate(request, *, person, place, event):
    try:
        services.validate_presence(
            host=request.user, person=person, place=place, event=event, at=timezone.now()
        )
    except services.CheckInRefused as refusal:
        messages.info(request, refusal.message)
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
