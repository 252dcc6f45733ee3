"""Indicators computed from Maillage's own data, refreshed on demand.

Each period of an indicator with a ``computation`` measures a set of events:
the period's edition (``IndicatorPeriod.event``); without one, the project's
events and its series' editions held in the period's ``year``; without a
year, all of them. ``refresh_indicators`` writes, for each such period, the
``actual``, a French sentence saying how it was obtained
(``computation_note``), the ``breakdown`` asked by the indicator's
disaggregation, the ``source`` and ``computed_at``.

Every figure is counted or averaged by the database (``GROUP BY`` and
aggregates): the number of queries depends on the number of periods, never on
the number of participants or answers. Python only adds up rows grouped by
event, session or category.

A breakdown is ``{"dimension": "statut" | "type_structure", "rows": [{"key":
…, "label": …, "value": number}, …]}`` (``{}`` without disaggregation).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events.models import (
    Action,
    Attendance,
    Event,
    Registration,
    Stand,
)
from partners.models import Organisation, Partnership

from .models import FundedProject, Indicator, IndicatorPeriod
from .models.questionnaires import Answer, Question, Questionnaire, Response
from .volunteering import hours_between, total_hours, volunteering

C = Indicator.Computation
D = Indicator.Disaggregation
HUNDRED = Decimal(100)
# The dimension of a breakdown, as a field of the registration.
GROUPS = {D.STATUS: "status", D.ORGANISATION_KIND: "organisation__kind"}
NOT_BROKEN_DOWN = "comptage"


# -- What a period measures ------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    participant_count: int | None
    series_id: int | None

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at).year

    @property
    def hours(self) -> Decimal:
        return hours_between(self.starts_at, self.ends_at)

    @property
    def is_activity(self) -> bool:
        return self.kind == Event.Kind.ACTIVITY


EVENT_FIELDS = (
    "pk",
    "title",
    "starts_at",
    "ends_at",
    "kind",
    "participant_count",
    "series_id",
)


def _row(event: Event) -> EventRow:
    return EventRow(*(getattr(event, name) for name in EVENT_FIELDS))


@dataclass(frozen=True)
class Scope:
    """The events a period measures, and the dates it covers."""

    events: tuple[EventRow, ...]
    starts_on: dt.date
    ends_on: dt.date
    year: int | None = None
    edition: EventRow | None = None

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(event.pk for event in self.events)

    def phrase(self) -> str:
        """The events, with their preposition: « à « X » », « aux 3 … »."""
        if len(self.events) == 1:
            return _("at « %(title)s »") % {"title": self.events[0].title}
        titles = ", ".join(f"«\u00a0{event.title}\u00a0»" for event in self.events[:5])
        if len(self.events) > 5:
            titles += ", …"
        if self.year:
            return _(
                "at the %(count)s events of the project in %(year)s (%(titles)s)"
            ) % {"count": len(self.events), "year": self.year, "titles": titles}
        return _("at the %(count)s events of the project (%(titles)s)") % {
            "count": len(self.events),
            "titles": titles,
        }


def project_events(project: FundedProject) -> list[EventRow]:
    """The project's events and its series' editions, in date order.

    Wider on purpose than ``budget.project_events`` (editions within the
    project's period only): a period may measure an edition held before the
    project, e.g. the baseline year of a series (2011 for a 2013 subsidy).
    A cancelled edition of a series is not one of its editions; an event
    linked by hand stays, whatever its status."""
    events = Event.objects.filter(
        Q(pk__in=project.events.values("pk"))
        | (
            Q(series_id__in=project.series.values("pk"))
            & ~Q(status=Event.Status.CANCELLED)
        )
    ).order_by("starts_at", "pk")
    return [EventRow(*values) for values in events.values_list(*EVENT_FIELDS)]


def period_scope(
    project: FundedProject, period: IndicatorPeriod, events: list[EventRow]
) -> Scope:
    """What ``period`` measures, given the project's events."""
    starts_on, ends_on = project.starts_on, project.ends_on
    if period.event_id:
        edition = _row(period.event)
        day = timezone.localtime(edition.starts_at).date()
        return Scope(
            events=(edition,),
            starts_on=max(starts_on, day),
            ends_on=max(ends_on, day),
            edition=edition,
        )
    if period.year:
        return Scope(
            events=tuple(e for e in events if e.year == period.year),
            starts_on=max(starts_on, dt.date(period.year, 1, 1)),
            ends_on=min(ends_on, dt.date(period.year, 12, 31)),
            year=period.year,
        )
    return Scope(events=tuple(events), starts_on=starts_on, ends_on=ends_on)


# -- Small helpers --------------------------------------------------------


def _quantize(value, places=2) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def _n(value, places=0) -> str:
    """A number written the French way (grouped thousands, decimal comma)."""
    if isinstance(value, Decimal | float):
        value = _quantize(value, places)
        if places and value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True, force_grouping=True)


def _group_label(group: str, key) -> str:
    if group == "status":
        if key in Registration.Status.values:
            return str(Registration.Status(key).label)
        return _("Not stated")
    if key in Organisation.Kind.values:
        return str(Organisation.Kind(key).label)
    return _("No organisation from the directory")


def _breakdown(dimension: str, rows: list[dict]) -> dict:
    return {"dimension": dimension, "rows": rows} if rows else {}


def _json_number(value):
    if isinstance(value, Decimal):
        value = _quantize(value)
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Value:
    actual: Decimal | None
    note: str
    breakdown: dict = field(default_factory=dict)


# -- The computations -----------------------------------------------------


class Computer:
    """Computes a project's indicators; remembers the grouped counts it has
    already read, so that indicators sharing events share queries."""

    def __init__(self, project: FundedProject):
        self.project = project
        self.events = project_events(project)
        self._cache: dict = {}
        self._meetings = None

    def _cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def registrations(self, ids, group=None) -> list[dict]:
        """Non-cancelled registrations per event (and per ``group``):
        ``registered`` and ``attended`` counts."""

        def read():
            fields = ["event_id", *([group] if group else [])]
            return list(
                Registration.objects.filter(event_id__in=ids, cancelled_at__isnull=True)
                .order_by()
                .values(*fields)
                .annotate(
                    registered=Count("pk"),
                    attended=Count("pk", filter=Q(attended=True)),
                )
            )

        return self._cached(("registrations", ids, group), read)

    def per_event(self, ids) -> dict[int, dict]:
        totals = {}
        for row in self.registrations(ids):
            totals[row["event_id"]] = row
        return totals

    def compute(self, indicator: Indicator, period: IndicatorPeriod) -> Value:
        scope = period_scope(self.project, period, self.events)
        if indicator.computation != C.PARTNERSHIPS and not scope.events:
            return Value(
                None, _("No event of the project in this period: nothing to compute.")
            )
        method = getattr(self, f"_{indicator.computation}")
        return method(scope, indicator.disaggregation)

    # Participants and attendance ---------------------------------------

    def _headcounts(self, scope, counted: dict[int, int]) -> list[EventRow]:
        """Events without any registration whose head count was recorded."""
        return [
            event
            for event in scope.events
            if not counted.get(event.pk) and event.participant_count
        ]

    def _people(self, scope, disaggregation, *, present: bool) -> tuple:
        measure = "attended" if present else "registered"
        group = GROUPS.get(disaggregation)
        totals = self.per_event(scope.ids)
        counted = {pk: row["registered"] for pk, row in totals.items()}
        total = sum(row[measure] for row in totals.values())
        by_group: dict = {}
        if group:
            for row in self.registrations(scope.ids, group):
                by_group[row[group]] = by_group.get(row[group], 0) + row[measure]
        meetings = 0
        if present:
            rows = (
                Attendance.objects.filter(
                    event_id__in=scope.ids, status=Attendance.Status.PRESENT
                )
                .order_by()
                .values("event_id", *(["organisation__kind"] if group else []))
                .annotate(n=Count("pk"))
            )
            for row in rows:
                meetings += row["n"]
                counted[row["event_id"]] = counted.get(row["event_id"], 0) + row["n"]
                if group:
                    key = row["organisation__kind"] if group != "status" else None
                    by_group[key] = by_group.get(key, 0) + row["n"]
        headcounts = self._headcounts(scope, counted)
        counted_on_site = sum(event.participant_count for event in headcounts)
        rows = [
            {"key": key or "", "label": _group_label(group, key), "value": n}
            for key, n in sorted(by_group.items(), key=lambda kv: (-kv[1], kv[0] or ""))
            if n
        ]
        if group and counted_on_site:
            rows.append(
                {
                    "key": NOT_BROKEN_DOWN,
                    "label": _("Counted on site (not broken down)"),
                    "value": counted_on_site,
                }
            )
        return total + meetings, meetings, headcounts, counted_on_site, rows

    def _headcount_note(self, headcounts, counted_on_site) -> str:
        if not headcounts:
            return ""
        return " " + _(
            "Including %(count)s people counted on site at %(events)s, "
            "where no registration was recorded."
        ) % {
            "count": _n(counted_on_site),
            "events": ", ".join(f"«\u00a0{event.title}\u00a0»" for event in headcounts),
        }

    def _participants(self, scope, disaggregation) -> Value:
        total, _m, headcounts, on_site, rows = self._people(
            scope, disaggregation, present=False
        )
        value = total + on_site
        note = _("Non-cancelled registrations %(scope)s: %(value)s") % {
            "scope": scope.phrase(),
            "value": _n(value),
        }
        note += self._headcount_note(headcounts, on_site)
        return Value(
            Decimal(value),
            note,
            _breakdown(disaggregation, rows),
        )

    def _presences(self, scope, disaggregation) -> Value:
        total, meetings, headcounts, on_site, rows = self._people(
            scope, disaggregation, present=True
        )
        value = total + on_site
        note = _("Registered people marked present %(scope)s: %(value)s") % {
            "scope": scope.phrase(),
            "value": _n(value),
        }
        if meetings:
            note += " " + _(
                "Including %(count)s people present at meetings (minutes)."
            ) % {"count": _n(meetings)}
        note += self._headcount_note(headcounts, on_site)
        return Value(
            Decimal(value),
            note,
            _breakdown(disaggregation, rows),
        )

    # Organisations -------------------------------------------------------

    def _present_organisations(self, ids):
        return Organisation.objects.filter(
            Q(
                pk__in=Registration.objects.filter(
                    event_id__in=ids, cancelled_at__isnull=True, attended=True
                ).values("organisation_id")
            )
            | Q(pk__in=Stand.objects.filter(event_id__in=ids).values("organisation_id"))
            | Q(
                pk__in=Attendance.objects.filter(
                    event_id__in=ids, status=Attendance.Status.PRESENT
                ).values("organisation_id")
            )
        )

    def _organisations(self, scope, disaggregation) -> Value:
        rows = list(
            self._present_organisations(scope.ids)
            .order_by()
            .values("kind")
            .annotate(n=Count("pk"))
        )
        total = sum(row["n"] for row in rows)
        note = _(
            "Distinct organisations of the directory present %(scope)s "
            "(registered people marked present, stands, meeting attendance): "
            "%(value)s"
        ) % {"scope": scope.phrase(), "value": _n(total)}
        breakdown = {}
        if disaggregation == D.ORGANISATION_KIND:
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": row["kind"],
                        "label": _group_label("kind", row["kind"]),
                        "value": row["n"],
                    }
                    for row in sorted(rows, key=lambda r: (-r["n"], r["kind"]))
                ],
            )
        return Value(Decimal(total), note, breakdown)

    # Share of volunteers -------------------------------------------------

    def _part_benevoles(self, scope, disaggregation) -> Value:
        volunteer = Registration.Status.VOLUNTEER
        rows = self.registrations(scope.ids, "status")
        registered = sum(row["registered"] for row in rows)
        volunteers = sum(
            row["registered"] for row in rows if row["status"] == volunteer
        )
        if not registered:
            return Value(
                None,
                _("No registration %(scope)s: no share can be computed.")
                % {"scope": scope.phrase()},
            )
        share = _quantize(HUNDRED * volunteers / registered, 1)
        note = _(
            "Volunteers among the non-cancelled registrations %(scope)s: "
            "%(volunteers)s out of %(registered)s, that is %(share)s %%"
        ) % {
            "scope": scope.phrase(),
            "volunteers": _n(volunteers),
            "registered": _n(registered),
            "share": _n(share, 1),
        }
        breakdown = {}
        if disaggregation == D.STATUS:
            counts: dict = {}
            for row in rows:
                counts[row["status"]] = counts.get(row["status"], 0) + row["registered"]
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": key,
                        "label": _group_label("status", key),
                        "value": _json_number(_quantize(HUNDRED * n / registered, 1)),
                    }
                    for key, n in sorted(counts.items(), key=lambda kv: -kv[1])
                ],
            )
        elif disaggregation == D.ORGANISATION_KIND:
            by_kind: dict = {}
            for row in (
                Registration.objects.filter(
                    event_id__in=scope.ids, cancelled_at__isnull=True
                )
                .order_by()
                .values("organisation__kind")
                .annotate(n=Count("pk"), v=Count("pk", filter=Q(status=volunteer)))
            ):
                by_kind[row["organisation__kind"]] = (row["n"], row["v"])
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": key or "",
                        "label": _group_label("kind", key),
                        "value": _json_number(_quantize(HUNDRED * v / n, 1)),
                    }
                    for key, (n, v) in sorted(by_kind.items(), key=lambda kv: -kv[1][0])
                    if n
                ],
            )
        return Value(share, note, breakdown)

    # Questionnaires -------------------------------------------------------

    def _satisfaction(self, scope, disaggregation) -> Value:
        answers = Answer.objects.filter(
            question__questionnaire__event_id__in=scope.ids,
            question__questionnaire__audience=Questionnaire.Audience.PARTICIPANTS,
            question__kind=Question.Kind.SATISFACTION,
            int_value__isnull=False,
        ).order_by()
        by_segment = disaggregation == D.STATUS
        if by_segment:
            rows = list(
                answers.values("response__segment").annotate(
                    avg=Avg("int_value"), n=Count("pk")
                )
            )
        else:
            rows = [answers.aggregate(avg=Avg("int_value"), n=Count("pk"))]
        count = sum(row["n"] for row in rows)
        if not count:
            return Value(
                None,
                _(
                    "No answer to a satisfaction question of the participants' "
                    "questionnaires %(scope)s yet."
                )
                % {"scope": scope.phrase()},
            )
        average = sum(Decimal(str(row["avg"])) * row["n"] for row in rows) / count
        average = _quantize(average)
        note = _(
            "Average of the answers to the satisfaction questions (1 to 5) of the "
            "participants' questionnaires %(scope)s: %(value)s out of 5 "
            "(%(count)s answers)"
        ) % {
            "scope": scope.phrase(),
            "value": _n(average, 2),
            "count": _n(count),
        }
        breakdown = {}
        if by_segment:
            from .models.questionnaires import Segment

            labels = dict(Segment.choices)
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": row["response__segment"],
                        "label": str(
                            labels.get(row["response__segment"], _("Not stated"))
                        ),
                        "value": _json_number(_quantize(row["avg"])),
                    }
                    for row in sorted(rows, key=lambda r: -r["n"])
                ],
            )
        return Value(average, note, breakdown)

    def _taux_reponse(self, scope, disaggregation) -> Value:
        responses = {
            row["event_id"]: row["n"]
            for row in Questionnaire.objects.filter(
                event_id__in=scope.ids,
                audience=Questionnaire.Audience.PARTICIPANTS,
                workshop__isnull=True,
            )
            .order_by()
            .values("event_id")
            .annotate(n=Count("responses"))
        }
        if not responses:
            return Value(
                None,
                _("No participants' questionnaire %(scope)s.")
                % {"scope": scope.phrase()},
            )
        totals = self.per_event(scope.ids)
        answered = people = 0
        bases = set()
        for event in scope.events:
            if event.pk not in responses:
                continue
            row = totals.get(event.pk, {"registered": 0, "attended": 0})
            if row["attended"]:
                base, bases_key = row["attended"], "attended"
            elif row["registered"]:
                base, bases_key = row["registered"], "registered"
            else:
                base, bases_key = event.participant_count or 0, "counted"
            answered += responses[event.pk]
            people += base
            bases.add(bases_key)
        if not people:
            return Value(
                None,
                _(
                    "%(responses)s responses %(scope)s, but nobody registered "
                    "or counted: no rate can be computed."
                )
                % {"responses": _n(answered), "scope": scope.phrase()},
            )
        raw = HUNDRED * answered / people
        rate = _quantize(min(raw, HUNDRED), 1)
        base_label = {
            "attended": _("people marked present"),
            "registered": _("registered people"),
            "counted": _("people counted on site"),
        }
        note = _(
            "Responses to the participants' questionnaires %(scope)s: "
            "%(responses)s for %(people)s %(base)s, that is %(rate)s %%"
        ) % {
            "scope": scope.phrase(),
            "responses": _n(answered),
            "people": _n(people),
            "base": " / ".join(str(base_label[key]) for key in sorted(bases)),
            "rate": _n(rate, 1),
        }
        if raw > HUNDRED:
            note += " " + _(
                "(more answers than people: some came through the open link; "
                "the rate is capped at 100 %)"
            )
        breakdown = {}
        if disaggregation == D.STATUS:
            by_segment = dict(
                Response.objects.filter(
                    questionnaire__event_id__in=list(responses),
                    questionnaire__audience=Questionnaire.Audience.PARTICIPANTS,
                    questionnaire__workshop__isnull=True,
                )
                .order_by()
                .values_list("segment")
                .annotate(n=Count("pk"))
                .values_list("segment", "n")
            )
            by_status: dict = {}
            for row in self.registrations(scope.ids, "status"):
                if row["event_id"] in responses:
                    n = row["attended"] or row["registered"]
                    by_status[row["status"]] = by_status.get(row["status"], 0) + n
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": key,
                        "label": _group_label("status", key),
                        "value": _json_number(
                            _quantize(
                                min(HUNDRED * by_segment.get(key, 0) / n, HUNDRED), 1
                            )
                        ),
                    }
                    for key, n in sorted(by_status.items(), key=lambda kv: -kv[1])
                    if n
                ],
            )
        return Value(rate, note, breakdown)

    # Partnerships ---------------------------------------------------------

    def _partenariats(self, scope, disaggregation) -> Value:
        partnerships = (
            Partnership.objects.annotate(
                recorded_on=Coalesce("convention_signed_on", TruncDate("created_at"))
            )
            .filter(recorded_on__gte=scope.starts_on, recorded_on__lte=scope.ends_on)
            .order_by()
        )
        restricted = bool(self.events) or scope.edition is not None
        if restricted:
            ids = scope.ids
            involved = Organisation.objects.filter(
                Q(
                    pk__in=Registration.objects.filter(
                        event_id__in=ids, cancelled_at__isnull=True
                    ).values("organisation_id")
                )
                | Q(
                    pk__in=Stand.objects.filter(event_id__in=ids).values(
                        "organisation_id"
                    )
                )
                | Q(
                    pk__in=Attendance.objects.filter(
                        event_id__in=ids, status=Attendance.Status.PRESENT
                    ).values("organisation_id")
                )
            ).values("pk")
            partnerships = partnerships.filter(
                Q(first_id__in=involved) | Q(second_id__in=involved)
            )
        total = partnerships.aggregate(n=Count("pk"))["n"]
        dates = {
            "start": scope.starts_on.strftime("%d/%m/%Y"),
            "end": scope.ends_on.strftime("%d/%m/%Y"),
        }
        if restricted:
            note = _(
                "Partnerships recorded in the directory between %(start)s and "
                "%(end)s (convention signature, else recording date) involving an "
                "organisation that took part %(scope)s: %(value)s"
            ) % {**dates, "scope": scope.phrase(), "value": _n(total)}
        else:
            note = _(
                "Partnerships recorded in the directory between %(start)s and "
                "%(end)s (convention signature, else recording date): %(value)s"
            ) % {**dates, "value": _n(total)}
        return Value(Decimal(total), note)

    # Actions from minutes --------------------------------------------------

    def committee_meetings(self) -> list[tuple[int, int]]:
        """(meeting id, year) of the committees steering the project's series."""
        if self._meetings is None:
            self._meetings = [
                (pk, timezone.localtime(starts_at).year)
                for pk, starts_at in Event.objects.filter(
                    committee__series__in=self.project.series.values("pk")
                )
                .order_by()
                .values_list("pk", "starts_at")
            ]
        return self._meetings

    def _actions_realisees(self, scope, disaggregation) -> Value:
        if scope.edition is not None:
            years = {scope.edition.year}
        elif scope.year:
            years = {scope.year}
        else:
            years = None  # the whole project
        ids = set(scope.ids) | {
            pk
            for pk, year in self.committee_meetings()
            if years is None or year in years
        }
        counts = dict(
            Action.objects.filter(event_id__in=ids)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        done = counts.get(Action.Status.DONE, 0)
        decided = sum(counts.values())
        note = _(
            "Actions of the minutes %(scope)s and of the meetings of the committees "
            "steering the series, marked done: %(done)s out of %(decided)s decided "
            "(%(dropped)s dropped, %(open)s still open)"
        ) % {
            "scope": scope.phrase(),
            "done": _n(done),
            "decided": _n(decided),
            "dropped": _n(counts.get(Action.Status.DROPPED, 0)),
            "open": _n(
                counts.get(Action.Status.TO_DO, 0)
                + counts.get(Action.Status.IN_PROGRESS, 0)
            ),
        }
        return Value(Decimal(done), note)

    # Volunteer hours -------------------------------------------------------

    def _heures_benevoles(self, scope, disaggregation) -> Value:
        hours, by_group, details = volunteer_hours(
            scope.events,
            group="organisation__kind"
            if disaggregation == D.ORGANISATION_KIND
            else None,
        )
        hours = _quantize(hours)
        note = _(
            "Volunteer hours %(scope)s: volunteers marked present × the length of "
            "the event (of each session they attended, for an activity in "
            "sessions) = %(value)s h"
        ) % {"scope": scope.phrase(), "value": _n(hours, 2)}
        if details and len(details) <= 5:
            note += " (" + "; ".join(details) + ")"
        breakdown = {}
        if by_group:
            breakdown = _breakdown(
                disaggregation,
                [
                    {
                        "key": key or "",
                        "label": _group_label("kind", key),
                        "value": _json_number(value),
                    }
                    for key, value in sorted(by_group.items(), key=lambda kv: -kv[1])
                    if value
                ],
            )
        return Value(hours, note, breakdown)


def volunteer_hours(events, *, group=None):
    """Hours given by volunteers at ``events`` (``EventRow``s), counted by
    ``evaluations.volunteering`` as the budget's contribution in kind is.
    Returns ``(hours, hours per group, one detail per event)`` in at most two
    queries."""
    rows = volunteering(events, group=group)
    by_group: dict = {}
    for row in rows:
        for key, hours in row.by_group.items():
            by_group[key] = by_group.get(key, 0) + hours
    details = [
        _("« %(title)s »: %(people)s × %(hours)s h")
        % {
            "title": row.event.title,
            "people": _n(row.presences),
            "hours": _n(row.event.hours, 2),
        }
        for row in rows
        if not row.event.is_activity
    ] + [
        _("« %(title)s »: %(hours)s h of sessions attended")
        % {"title": row.event.title, "hours": _n(row.hours, 2)}
        for row in rows
        if row.event.is_activity
    ]
    return total_hours(rows), by_group, details


def source_of(computation: str) -> str:
    """Where a computed value comes from, as its period's source shows it."""
    registrations = _("Maillage — registrations")
    questionnaires = _("Maillage — satisfaction questionnaires")
    return {
        C.PARTICIPANTS: registrations,
        C.ATTENDANCE: _("Maillage — attendance (check-in and minutes)"),
        C.ORGANISATIONS: _("Maillage — attendance, stands and directory"),
        C.VOLUNTEER_SHARE: registrations,
        C.SATISFACTION: questionnaires,
        C.RESPONSE_RATE: questionnaires,
        C.PARTNERSHIPS: _("Maillage — directory (partnerships)"),
        C.ACTIONS_DONE: _("Maillage — minutes of meetings (actions)"),
        C.VOLUNTEER_HOURS: _("Maillage — attendance of volunteers"),
    }[computation]


def compute_indicators(project: FundedProject) -> list[tuple[IndicatorPeriod, Value]]:
    """Every computed indicator's periods of ``project`` with their new value
    (nothing written)."""
    periods = (
        IndicatorPeriod.objects.filter(
            indicator__result__sub_objective__project=project
        )
        .exclude(indicator__computation=C.MANUAL)
        .select_related("indicator", "event")
        .order_by("indicator_id", "position", "pk")
    )
    computer = Computer(project)
    return [(period, computer.compute(period.indicator, period)) for period in periods]


@transaction.atomic
def refresh_indicators(project: FundedProject) -> int:
    """Recompute and store every computed indicator of ``project``; returns
    how many periods were refreshed. Notes are written in the site's language."""
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        computed = compute_indicators(project)
        periods = []
        for period, value in computed:
            period.actual = value.actual
            period.computation_note = value.note
            period.breakdown = value.breakdown
            period.source = source_of(period.indicator.computation)
            period.computed_at = now
            periods.append(period)
    IndicatorPeriod.objects.bulk_update(
        periods,
        ["actual", "computation_note", "breakdown", "source", "computed_at"],
        batch_size=200,
    )
    return len(periods)
