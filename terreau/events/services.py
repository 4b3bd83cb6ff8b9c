"""Writes on the agenda: publishing, registering, the waiting list, cancelling."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused
from terreau.territories import freshness

from . import feeds, tasks
from .models import CalendarToken, Event, Registration, new_calendar_token


class EventRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


# What a host writes about an event (the form's fields); the seats taken
# belong to the registrations and are never written from here.
EVENT_FIELDS = [
    "title",
    "description",
    "starts_at",
    "ends_at",
    "registration_required",
    "capacity",
    "accessibility",
    "is_free",
    "price",
    "price_note",
]


@transaction.atomic
def publish_event(
    *,
    place,
    person,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    themes,
    registration_required: bool = False,
    capacity: int | None = None,
    accessibility: str = "",
    is_free: bool = True,
    price=None,
    price_note: str = "",
) -> Event:
    event = Event.objects.create(
        place=place,
        created_by=person,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_required=registration_required,
        capacity=capacity,
        accessibility=accessibility,
        is_free=is_free,
        price=price,
        price_note=price_note,
    )
    event.themes.set(themes)
    _listings_changed(event)
    return event


def _listings_changed(event: Event) -> None:
    """The lists and feeds that show `event` are stale."""
    freshness.listing_changed(event.place.commune)


def _seats_changed(event: Event) -> None:
    """The lists that show `event`'s seats left are stale (not the feeds)."""
    freshness.seats_changed(event.place.commune)


@transaction.atomic
def update_event(
    *,
    event: Event,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    themes,
    registration_required: bool = False,
    capacity: int | None = None,
    accessibility: str = "",
    is_free: bool = True,
    price=None,
    price_note: str = "",
) -> Event:
    """Save the host's changes. A capacity below the confirmed registrations is
    refused by the form; a larger one promotes people from the waiting list."""
    moved = (event.starts_at, event.ends_at) != (starts_at, ends_at)
    event.title, event.description = title, description
    event.starts_at, event.ends_at = starts_at, ends_at
    event.registration_required, event.capacity = registration_required, capacity
    event.accessibility = accessibility
    event.is_free, event.price, event.price_note = is_free, price, price_note
    # Only these fields: a stale copy of `seats_taken` must never overwrite it.
    event.save(update_fields=[*EVENT_FIELDS, "updated_at"])
    event.themes.set(themes)
    if moved:
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db(fields=["sequence"])
        # Everyone registered or waiting is told, once per new time.
        mail.queue_rendered(
            cause="event-moved:%d:%d" % (event.pk, event.sequence),
            recipients=event.registrations.values_list("person__email", flat=True),
            subject=_("Nouvel horaire : « %(event)s »") % {"event": event.title},
            template="events/email/moved.txt",
            context={"event": event},
        )
    while not Event.objects.get(pk=event.pk).is_full and _promote_next(event):
        pass
    event.refresh_from_db()
    _listings_changed(event)
    return event


def _take_seat(event: Event) -> bool:
    """One more confirmed seat, if one is left. The conditional UPDATE is the
    guarantee: of two people racing for the last seat, one update matches."""
    if event.capacity is None:
        Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
        return True
    return bool(
        Event.objects.filter(pk=event.pk, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def register_for_event(*, event: Event, person, at: datetime.datetime) -> Registration:
    """Give `person` a seat, or a place on the waiting list when it is full.

    One registration per person and event: the `one_registration_per_person`
    constraint is the guarantee; the IntegrityError only becomes a message,
    and the seat taken just before it is given back by the rollback.
    """
    if event.is_cancelled:
        raise EventRefused(_("Cet événement est annulé."), code="cancelled")
    if event.is_past(at):
        raise EventRefused(_("Cet événement est terminé."), code="past")
    if not event.registration_required:
        raise EventRefused(_("Cet événement est en entrée libre, sans inscription."), code="open")
    try:
        with transaction.atomic():
            status = (
                Registration.Status.CONFIRMED if _take_seat(event) else Registration.Status.WAITING
            )
            registration = Registration.objects.create(
                event=event, person=person, status=status, created_at=at
            )
            if status == Registration.Status.CONFIRMED:
                _seats_changed(event)
            if person.notify_registrations:
                # The row of a task, in this transaction: the e-mail itself is
                # written by the worker, out of the request.
                tasks.confirm_registration.enqueue(registration.pk)
            return registration
    except IntegrityError:
        raise EventRefused(
            _("Vous êtes déjà inscrit·e à cet événement."), code="duplicate"
        ) from None


def confirm_registration(registration_id: int) -> bool:
    """Tell the person their seat (or place on the waiting list), with the
    event's .ics to add to their calendar; run by the worker a moment after
    they registered. Nothing when they left the event or turned these
    e-mails off in between; the status is the one at that moment (a place
    on the waiting list already turned into a seat says « confirmée »)."""
    registration = (
        Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
    )
    if registration is None or not registration.person.notify_registrations:
        return False
    event = registration.event
    waiting = registration.status == Registration.Status.WAITING
    subject = (
        _("Liste d'attente : « %(event)s »")
        if waiting
        else _("Inscription confirmée : « %(event)s »")
    ) % {"event": event.title}
    mail.queue_email(
        cause="registration:%d" % registration.pk,
        to=registration.person.email,
        subject=subject,
        body=render_to_string(
            "events/email/registered.txt",
            {"event": event, "waiting": waiting, "site_url": settings.SITE_URL},
        ),
        attachments=[
            {
                "name": "terreau-evenement-%d.ics" % event.pk,
                "content": feeds.event_ics(event),
                "mimetype": "text/calendar",
            }
        ],
    )
    return True


@transaction.atomic
def unregister_from_event(*, event: Event, person) -> Registration | None:
    """Remove `person`'s registration. A confirmed seat that frees up goes to
    the first person on the waiting list, who is told by e-mail; returns the
    promoted registration, if any."""
    # The row lock makes the status read here the one the DELETE removes: a
    # simultaneous departure of a confirmed person may promote this very
    # registration, and a status read before that promotion would leave its
    # seat counted for nobody (PostgreSQL; SQLite serialises writers).
    registration = (
        Registration.objects.select_for_update().filter(event=event, person=person).first()
    )
    # Counting what the DELETE removed keeps a double click from freeing two seats.
    removed = Registration.objects.filter(pk=registration.pk).delete()[0] if registration else 0
    if not removed:
        raise EventRefused(_("Vous n'étiez pas inscrit·e à cet événement."), code="not-registered")
    if registration.status != Registration.Status.CONFIRMED:
        return None
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    _seats_changed(event)
    if event.is_cancelled:
        return None
    return _promote_next(event)


def _promote_next(event: Event) -> Registration | None:
    """Move the longest-waiting person to a free seat, if there is one.

    The row lock keeps two simultaneous promotions from picking the same
    person on PostgreSQL (SQLite serialises writing transactions anyway);
    the seat itself is taken by the conditional UPDATE.
    """
    waiting = Registration.objects.waiting().filter(event=event)
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True)
    promoted = waiting.select_related("person").first()
    if promoted is None or not _take_seat(event):
        return None
    Registration.objects.filter(pk=promoted.pk).update(status=Registration.Status.CONFIRMED)
    promoted.status = Registration.Status.CONFIRMED
    mail.queue_rendered(
        cause="waiting-list-promoted:%d" % promoted.pk,
        recipients=[promoted.person.email],
        subject=_("Une place s'est libérée : « %(event)s »") % {"event": event.title},
        template="events/email/promoted.txt",
        context={"event": event},
    )
    return promoted


@transaction.atomic
def cancel_event(*, event: Event, reason: str, at: datetime.datetime) -> int:
    """Mark the event cancelled (it stays visible as such) and tell everyone
    registered or waiting; returns how many people were told."""
    updated = Event.objects.filter(pk=event.pk, status=Event.Status.SCHEDULED).update(
        status=Event.Status.CANCELLED,
        cancellation_reason=reason,
        cancelled_at=at,
        updated_at=at,
        sequence=F("sequence") + 1,
    )
    if not updated:
        raise EventRefused(_("Cet événement est déjà annulé."), code="already-cancelled")
    event.refresh_from_db()
    _listings_changed(event)
    recipients = list(event.registrations.values_list("person__email", flat=True))
    # Queued with the cancellation, a few statements for any number of
    # registrants: the request never waits for an SMTP server.
    mail.queue_rendered(
        cause="event-cancelled:%d" % event.pk,
        recipients=recipients,
        subject=_("Annulé : « %(event)s »") % {"event": event.title},
        template="events/email/cancelled.txt",
        context={"event": event},
    )
    return len(recipients)


def renew_calendar_token(*, person) -> CalendarToken:
    """Create the personal feed URL, or replace it (the old one stops working)."""
    token, created = CalendarToken.objects.get_or_create(person=person)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token"])
    return token
