"""iCalendar, CSV and XLSX builders for events data."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import csv_bytes, xlsx_bytes

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _ical_event(event, item, *, uid, dtstamp):
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", dtstamp)
    vevent.add("dtstart", item.starts_at.astimezone(PARIS))
    vevent.add("dtend", item.ends_at.astimezone(PARIS))
    vevent.add("summary", item.title)
    description = item.description
    speakers = ", ".join(
        " — ".join(x for x in (s.display_name, s.title) if x)
        for s in item.speakers.all()
    )
    if speakers:
        description = f"{description}\n\n{speakers}".strip()
    if description:
        vevent.add("description", description)
    location = ", ".join(
        x
        for x in (
            item.room.name if item.room_id else "",
            event.venue_name,
            event.venue_address,
        )
        if x
    )
    if location:
        vevent.add("location", location)
    return vevent


def programme_ics(event, items) -> bytes:
    """The programme as an iCalendar file: one VEVENT per item, Paris time."""
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", "Europe/Paris")
    starts = [item.starts_at for item in items] or [event.starts_at]
    ends = [item.ends_at for item in items] or [event.ends_at]
    calendar.add_component(
        Timezone.from_tzinfo(
            PARIS,
            first_date=min(starts).astimezone(PARIS).date() - dt.timedelta(days=1),
            last_date=max(ends).astimezone(PARIS).date() + dt.timedelta(days=1),
        )
    )
    dtstamp = timezone.now()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "maillage"
    if not items:
        item = _Whole(event)
        calendar.add_component(
            _ical_event(event, item, uid=f"event-{event.pk}@{host}", dtstamp=dtstamp)
        )
    for item in items:
        calendar.add_component(
            _ical_event(event, item, uid=f"item-{item.pk}@{host}", dtstamp=dtstamp)
        )
    return calendar.to_ical()


class _Whole:
    """The event itself, shaped like an item, for a programme still empty."""

    def __init__(self, event):
        self.title = event.title
        self.description = event.description
        self.starts_at = event.starts_at
        self.ends_at = event.ends_at
        self.room_id = None

        class _NoSpeakers:
            def all(self):
                return []

        self.speakers = _NoSpeakers()


def attendee_rows(registrations):
    """Header and rows of the attendee list, in the active language."""
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Organisation"),
        _("Organisation kind"),
        _("Status"),
        _("Parts"),
        _("Waiting list"),
        _("Lunch"),
        _("Dietary needs"),
        _("Present"),
        _("Registered on"),
    ]
    yes, no = _("yes"), _("no")
    rows = []
    for registration in registrations:
        choices = registration.part_choices.all()
        parts = ", ".join(
            choice.part.title + (" " + _("(waiting list)") if choice.is_waiting else "")
            for choice in choices
        )
        waiting = registration.is_waiting or any(c.is_waiting for c in choices)
        organisation = registration.organisation
        rows.append(
            [
                registration.last_name,
                registration.first_name,
                registration.email,
                registration.organisation_label,
                organisation.get_kind_display() if organisation else "",
                registration.get_status_display(),
                parts,
                yes if waiting else no,
                yes if registration.wants_lunch else no,
                registration.dietary_needs,
                yes if registration.attended else no,
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    return header, rows


def attendees_csv(registrations) -> bytes:
    """``;``-separated UTF-8 with a BOM, injection-safe (``core.spreadsheets``)."""
    header, rows = attendee_rows(registrations)
    return csv_bytes([header, *rows])


def attendees_xlsx(registrations, *, title: str) -> bytes:
    header, rows = attendee_rows(registrations)
    return xlsx_bytes([header, *rows], title=_("Registrations"))
