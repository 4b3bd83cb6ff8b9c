import datetime
import json
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.core import versions
from terreau.places.models import Place
from terreau.places.permissions import can_view_place
from terreau.territories import freshness
from terreau.territories.models import Territory

from . import feeds, permissions, services
from .feeds import calendar_response
from .forms import AgendaFilterForm, CancelEventForm, EventForm
from .models import CalendarToken, Event, Registration

PAGE_SIZE = 20
FEED_SIZE = 500


class _CountedPaginator(Paginator):
    """A paginator told its count rather than asking the database."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def _upcoming_count(cache_name: str, scope: str, events, now) -> int:
    """How many events are still to come: a count over every upcoming event
    of France on the national agenda (30 ms on the bench's data), kept in the
    shared cache until an event is published, moved or cancelled there
    (`freshness.listing_changed`) or the first of them ends."""

    def compute():
        return events.aggregate(count=Count("pk"), first_end=Min("ends_at"))

    def until_the_first_ends(counted) -> float:
        if counted["first_end"] is None:
            return versions.MAX_AGE
        return versions.seconds_until(counted["first_end"], now)

    return versions.remember(
        cache_name, [scope, freshness.TERRITORIES], compute, timeout=until_the_first_ends
    )["count"]


def _filtered(request, events, time_zone: zoneinfo.ZoneInfo, *, counted=None):
    """Apply the agenda filters of the query string; upcoming by default.
    `counted` (a cache name and a scope): the unfiltered list's count is
    read from the shared cache."""
    now = timezone.now()
    filters = AgendaFilterForm(request.GET or None)
    past = False
    filtered = False
    if filters.is_valid():
        data = filters.cleaned_data
        start = (
            datetime.datetime.combine(data["du"], datetime.time.min, time_zone)
            if data["du"]
            else None
        )
        end = (
            datetime.datetime.combine(
                data["au"] + datetime.timedelta(days=1), datetime.time.min, time_zone
            )
            if data["au"]
            else None
        )
        events = events.between(start, end)
        if data["theme"]:
            events = events.filter(themes=data["theme"])
        past = data["passes"]
        filtered = bool(start or end or data["theme"])
    events = events.past(now) if past else events.upcoming(now)
    if counted and not past and not filtered:
        count = _upcoming_count(*counted, events.order_by(), now)
        paginator = _CountedPaginator(events, PAGE_SIZE, count=count)
    else:
        paginator = Paginator(events, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "filters": filters, "query": query.urlencode(), "past": past}


def _feed_urls(path: str) -> dict:
    """The feed to download, and the same as webcal://, which calendar
    applications open as a subscription."""
    return {
        "ical_url": path,
        "webcal_url": "webcal://%s%s" % (settings.SITE_URL.split("//")[-1], path),
    }


def agenda(request):
    context = _filtered(
        request,
        Event.objects.visible().for_listing(),
        zoneinfo.ZoneInfo(settings.TIME_ZONE),
        counted=("agenda-count", freshness.AGENDA_EVERYWHERE),
    )
    return render(request, "events/agenda.html", context)


def territory_agenda(request, kind, code):
    territory = get_object_or_404(Territory, kind=kind, code=code)
    events = Event.objects.visible().in_territory(territory).for_listing()
    context = _filtered(
        request,
        events,
        zoneinfo.ZoneInfo(territory.time_zone),
        counted=("agenda-count:%d" % territory.pk, freshness.agenda(territory.pk)),
    )
    context.update(
        territory=territory,
        **_feed_urls(reverse("events:territory_ical", kwargs={"kind": kind, "code": code})),
    )
    return render(request, "events/agenda.html", context)


def place_agenda(request, pk):
    place = get_object_or_404(Place.objects.select_related("commune"), pk=pk)
    if not can_view_place(request.user, place):
        raise Http404
    events = Event.objects.filter(place=place).for_listing()
    context = _filtered(request, events, zoneinfo.ZoneInfo(place.commune.time_zone))
    context.update(
        place=place,
        can_publish=permissions.can_publish_event(request.user, place),
        **_feed_urls(reverse("events:place_ical", kwargs={"pk": place.pk})),
    )
    return render(request, "events/agenda.html", context)


@login_required
def near_me(request):
    """The agenda of my intercommunality (or my commune when it has none)."""
    commune = request.user.home_commune
    if commune is None:
        messages.info(request, _("Indiquez votre commune pour voir l'agenda près de chez vous."))
        return redirect("accounts:profile")
    area = commune.epci or commune
    return redirect("events:territory_agenda", kind=area.kind, code=area.code)


def _get_event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("place__commune__departement"), pk=pk)
    if not can_view_place(request.user, event.place):
        raise Http404
    return event


def event_context(request, pk) -> dict:
    """What the event page shows of the event; the page is composed in
    `pages` (pages:event), which adds the presence tools for hosts."""
    event = _get_event(request, pk)
    now = timezone.now()
    registration = None
    if request.user.is_authenticated:
        registration = event.registrations.filter(person=request.user).first()
    return {
        "event": event,
        "themes": list(event.themes.all()),
        "registration": registration,
        "waiting_position": _waiting_position(registration),
        "can_register": permissions.can_register(request.user, event, now),
        "can_manage": permissions.can_manage_event(request.user, event),
        "is_past": event.is_past(now),
        "json_ld": json.dumps(_json_ld(event), ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES),
    }


# What Django's `json_script` escapes: inside <script>, "<!--" or "</script"
# in a title or description would otherwise end or blank the page.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _waiting_position(registration: Registration | None) -> int | None:
    if registration is None or registration.status != Registration.Status.WAITING:
        return None
    return (
        Registration.objects.waiting()
        .filter(event_id=registration.event_id, created_at__lte=registration.created_at)
        .count()
    )


def _json_ld(event: Event) -> dict:
    """schema.org Event, for search engines and calendar tools."""
    place = event.place
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description[:500],
        "startDate": event.starts_at.astimezone(event.time_zone).isoformat(),
        "endDate": event.ends_at.astimezone(event.time_zone).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": settings.SITE_URL + event.get_absolute_url(),
        "isAccessibleForFree": event.is_free,
        "location": {
            "@type": "Place",
            "name": place.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": place.address,
                "addressLocality": place.commune.name,
                "addressCountry": "FR",
            },
        },
        "organizer": {
            "@type": "Organization",
            "name": place.name,
            "url": settings.SITE_URL + place.get_absolute_url(),
        },
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    if not event.is_free:
        data["offers"] = {"@type": "Offer", "price": str(event.price), "priceCurrency": "EUR"}
    return data


@login_required
def event_create(request, place_pk):
    place = get_object_or_404(Place.objects.select_related("commune"), pk=place_pk)
    if not permissions.can_publish_event(request.user, place):
        raise PermissionDenied
    form = EventForm(request.POST or None, place=place, now=timezone.now())
    if request.method == "POST" and form.is_valid():
        event = services.publish_event(place=place, person=request.user, **form.cleaned_data)
        messages.success(request, _("L'événement est publié."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "place": place, "event": None})


@login_required
def event_edit(request, pk):
    event = _get_event(request, pk)
    if not permissions.can_manage_event(request.user, event) or event.is_cancelled:
        raise PermissionDenied
    form = EventForm(request.POST or None, instance=event, place=event.place, now=timezone.now())
    if request.method == "POST" and form.is_valid():
        services.update_event(event=event, **form.cleaned_data)
        messages.success(request, _("Les modifications sont enregistrées."))
        return redirect(event)
    return render(
        request, "events/event_form.html", {"form": form, "place": event.place, "event": event}
    )


@login_required
def event_cancel(request, pk):
    event = _get_event(request, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services.cancel_event(
                event=event, reason=form.cleaned_data["reason"], at=timezone.now()
            )
        except services.EventRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("L'événement est annulé ; %(count)s personne(s) prévenue(s) par e-mail.")
                % {"count": told},
            )
        return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


@login_required
def event_registrations(request, pk):
    event = _get_event(request, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    registrations = list(event.registrations.select_related("person"))
    return render(
        request,
        "events/event_registrations.html",
        {
            "event": event,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        },
    )


@require_POST
@login_required
def register(request, pk):
    event = _get_event(request, pk)
    try:
        registration = services.register_for_event(
            event=event, person=request.user, at=timezone.now()
        )
    except services.EventRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("C'est noté : votre place est réservée."))
        else:
            messages.info(
                request,
                _(
                    "L'événement est complet : vous êtes sur la liste d'attente et serez prévenu·e par e-mail si une place se libère."
                ),
            )
    return redirect(event)


@require_POST
@login_required
def unregister(request, pk):
    event = _get_event(request, pk)
    try:
        services.unregister_from_event(event=event, person=request.user)
    except services.EventRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(event)


@login_required
def my_agenda(request):
    """My registrations and my personal calendar feed."""
    now = timezone.now()
    registrations = (
        Registration.objects.filter(person=request.user, event__ends_at__gt=now)
        .select_related("event__place__commune")
        .order_by("event__starts_at")
    )
    token = CalendarToken.objects.filter(person=request.user).first()
    feed_url = (
        settings.SITE_URL + reverse("events:personal_ical", kwargs={"token": token.token})
        if token
        else None
    )
    return render(
        request, "events/my_agenda.html", {"registrations": registrations, "feed_url": feed_url}
    )


@require_POST
@login_required
def renew_feed(request):
    services.renew_calendar_token(person=request.user)
    messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
    return redirect("events:mine")


def territory_ical(request, kind, code):
    territory = get_object_or_404(Territory, kind=kind, code=code)
    now = timezone.now()
    events = Event.objects.visible().in_territory(territory).upcoming(now)
    body = _feed(
        "territory-ical:%d" % territory.pk,
        [freshness.agenda(territory.pk), freshness.TERRITORIES],
        name=_("Agenda — %(name)s") % {"name": territory.name},
        events=events,
        now=now,
    )
    return feeds.calendar_file(body, filename="terreau-%s-%s.ics" % (kind, code))


def place_ical(request, pk):
    place = get_object_or_404(Place, pk=pk, status=Place.Status.PUBLISHED)
    now = timezone.now()
    body = _feed(
        "place-ical:%d" % place.pk,
        [freshness.agenda(place.commune_id)],
        name=_("Agenda — %(name)s") % {"name": place.name},
        events=Event.objects.filter(place=place).upcoming(now),
        now=now,
    )
    return feeds.calendar_file(body, filename="terreau-lieu-%s.ics" % place.pk)


def _feed(cache_name: str, scopes, *, name: str, events, now) -> bytes:
    """An agenda feed's text, kept in the shared cache until an event or a
    place changes in the territory (`freshness.listing_changed`; a seat
    taken does not change a feed) or the first
    of its events ends. Calendar applications ask again every hour, all of
    them, for the largest territories' hundreds of events."""

    def compute():
        shown = feeds.stamps(events[:FEED_SIZE])
        first_end = min((event.ends_at for event in shown), default=None)
        return {"body": feeds.calendar_bytes(name=name, events=shown), "first_end": first_end}

    def until_the_first_ends(feed) -> float:
        if feed["first_end"] is None:
            return versions.MAX_AGE
        return versions.seconds_until(feed["first_end"], now)

    return versions.remember(cache_name, scopes, compute, timeout=until_the_first_ends)["body"]


def event_ical(request, pk):
    """One event, for « ajouter à mon agenda »: a file the calendar imports,
    which a later download (with a higher SEQUENCE) replaces."""
    event = get_object_or_404(
        Event.objects.visible().select_related("place__commune").prefetch_related("themes"), pk=pk
    )
    return calendar_response(
        name=event.title, events=[event], filename="terreau-evenement-%s.ics" % event.pk
    )


def personal_ical(request, token):
    token = get_object_or_404(CalendarToken.objects.select_related("person"), token=token)
    now = timezone.now()
    events = Event.objects.filter(
        registrations__person=token.person,
        registrations__status=Registration.Status.CONFIRMED,
        ends_at__gt=now - datetime.timedelta(days=30),
    ).order_by("starts_at")[:FEED_SIZE]
    return calendar_response(
        name=_("Mes événements Terreau"), events=feeds.stamps(events), filename="terreau-perso.ics"
    )
