"""Volunteers' hours at events: the one count behind both the budget's
contribution in kind (accounts 86 and 87, ``evaluations.budget``) and the
"volunteer hours" indicator (``evaluations.indicators``), so that the two
always agree.

A volunteer (a non-cancelled registration with the bénévole status) marked
present (``attended``) at an event gives the event's length; at an activity
in sessions, each session they are marked present at gives that session's
length (their registration's ``attended`` is then not looked at). Hours are
exact until the total, which is rounded to the hundredth.

``volunteering`` reads everything in two aggregate queries at most (counts
grouped by event, and by session), whatever the number of volunteers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events.models import Event, Registration, SessionAttendance

ZERO = Decimal("0")
CENT = Decimal("0.01")
HOUR = Decimal(3600)


def format_hours(hours: Decimal) -> str:
    """``7`` or ``1,67``: whole hours without decimals, else two."""
    hours = Decimal(hours).quantize(CENT, ROUND_HALF_UP)
    decimals = 0 if hours == hours.to_integral_value() else 2
    return number_format(hours, decimal_pos=decimals, use_l10n=True)


def _seconds(starts_at, ends_at) -> Decimal:
    return Decimal(str(max((ends_at - starts_at).total_seconds(), 0)))


def hours_between(starts_at, ends_at) -> Decimal:
    """The exact length in hours (never negative)."""
    return _seconds(starts_at, ends_at) / HOUR


@dataclass
class VolunteerRow:
    """Volunteers' time at one event. ``event`` is an ``Event`` or anything
    with its ``pk``, ``kind``, ``starts_at`` and ``ends_at`` (the indicators'
    ``EventRow``). Time is added up in seconds, so that thirds of an hour add
    up exactly."""

    event: object
    presences: int = 0
    sessions: int = 0
    seconds: Decimal = ZERO
    seconds_by_group: dict = field(default_factory=dict)

    def add(self, presences: int, seconds: Decimal, key=None, grouped=False) -> None:
        self.presences += presences
        self.seconds += presences * seconds
        if grouped:
            self.seconds_by_group[key] = (
                self.seconds_by_group.get(key, ZERO) + presences * seconds
            )

    @property
    def hours(self) -> Decimal:
        return self.seconds / HOUR

    @property
    def by_group(self) -> dict:
        """The hours per value of the grouping field, when one was asked."""
        return {key: seconds / HOUR for key, seconds in self.seconds_by_group.items()}

    @property
    def computation(self) -> str:
        if self.sessions:
            return _(
                "%(presences)s volunteer attendances over %(sessions)s sessions: "
                "%(hours)s h"
            ) % {
                "presences": self.presences,
                "sessions": self.sessions,
                "hours": format_hours(self.hours),
            }
        duration = self.hours / self.presences if self.presences else ZERO
        return _("%(presences)s volunteers present × %(duration)s h: %(hours)s h") % {
            "presences": self.presences,
            "duration": format_hours(duration),
            "hours": format_hours(self.hours),
        }


def _is_activity(event) -> bool:
    return event.kind == Event.Kind.ACTIVITY


def volunteering(events, *, group: str | None = None) -> list[VolunteerRow]:
    """The volunteers' presences, sessions and hours at each of ``events``
    that has any, in the order of ``events``; with ``group`` (a field of the
    registration, e.g. ``"organisation__kind"``), each row's hours per value
    of that field too. Two aggregate queries at most."""
    by_pk = {event.pk: event for event in events}
    rows: dict[int, VolunteerRow] = {}
    days = [pk for pk, event in by_pk.items() if not _is_activity(event)]
    activities = [pk for pk, event in by_pk.items() if _is_activity(event)]
    grouped = group is not None

    def row_of(pk: int) -> VolunteerRow:
        return rows.setdefault(pk, VolunteerRow(by_pk[pk]))

    if days:
        present = (
            Registration.objects.active()
            .filter(
                event_id__in=days,
                status=Registration.Status.VOLUNTEER,
                attended=True,
            )
            .order_by()
            .values("event_id", *([group] if grouped else []))
            .annotate(n=Count("pk"))
        )
        for count in present:
            event = by_pk[count["event_id"]]
            row_of(event.pk).add(
                count["n"],
                _seconds(event.starts_at, event.ends_at),
                count.get(group),
                grouped,
            )
    if activities:
        field_name = f"registration__{group}" if grouped else None
        attended = (
            SessionAttendance.objects.filter(
                session__event_id__in=activities,
                is_present=True,
                registration__status=Registration.Status.VOLUNTEER,
                registration__cancelled_at__isnull=True,
            )
            .order_by()
            .values(
                "session_id",
                "session__event_id",
                "session__starts_at",
                "session__ends_at",
                *([field_name] if grouped else []),
            )
            .annotate(n=Count("pk"))
        )
        sessions: dict[int, set] = {}
        for count in attended:
            pk = count["session__event_id"]
            sessions.setdefault(pk, set()).add(count["session_id"])
            row_of(pk).add(
                count["n"],
                _seconds(count["session__starts_at"], count["session__ends_at"]),
                count.get(field_name),
                grouped,
            )
        for pk, ids in sessions.items():
            rows[pk].sessions = len(ids)
    return [rows[pk] for pk in by_pk if pk in rows]


def total_hours(rows: list[VolunteerRow]) -> Decimal:
    """The hours of ``rows``, rounded to the hundredth."""
    seconds = sum((row.seconds for row in rows), ZERO)
    return (seconds / HOUR).quantize(CENT, ROUND_HALF_UP)
