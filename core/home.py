"""The coordinator's week: what the home page holds (issue 14).

One reader for the home page, gathering from each app what a coordinator
deals with this week: the next events and their seats, the actions of the
minutes due or late, the partners' proposals, the open questionnaires and
the documents just rendered or failed. Every panel is read through its
app's own selector, so the scope of each row is its model's ``for_user``;
every panel costs a fixed number of queries (its rows, its total, and at
most one prefetch), whatever the number of rows.

The home page is the one place that reads across apps, hence this module in
``core`` imports the domain apps' selectors inside ``coordinator_week``
(never at import time, so ``core`` still loads before them).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

# Rows shown per panel; the panel's total and its list page tell the rest.
PANEL_SIZE = 6
# "This week": actions due within these days, documents of these last days.
WEEK = dt.timedelta(days=7)


@dataclass
class Panel:
    """Some rows of a panel and how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class CoordinatorWeek:
    events: Panel
    actions: Panel
    change_requests: Panel
    questionnaires: Panel
    documents: Panel
    today: dt.date


def _panel(queryset, size: int = PANEL_SIZE) -> Panel:
    return Panel(rows=list(queryset[:size]), total=queryset.count())


def next_events(*, user, now):
    """Events not over yet (meetings and cancelled ones aside), soonest
    first, with their seats: ``registration_count`` (active),
    ``confirmed_count`` (holding a seat), ``waiting_count`` (the event's own
    waiting list) and their parts with ``seats_taken`` and
    ``waiting_count``."""
    from events.models import Event, EventPart
    from events.selectors import events_for_organiser, with_seat_counts

    active = Q(registrations__cancelled_at__isnull=True)
    parts = with_seat_counts(EventPart.objects.all())
    return (
        events_for_organiser(user=user)
        .filter(ends_at__gte=now)
        .exclude(kind__in=Event.MEETING_KINDS)
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            confirmed_count=Count(
                "registrations",
                filter=active & Q(registrations__waiting_position__isnull=True),
            ),
            waiting_count=Count(
                "registrations",
                filter=active & Q(registrations__waiting_position__isnull=False),
            ),
        )
        .prefetch_related(Prefetch("parts", queryset=parts))
        .order_by("starts_at", "pk")
    )


def actions_due(*, user, today):
    """Open actions of the minutes due within a week or late, the most
    overdue first, with their meeting and owners loaded."""
    from events.models import Action, Event

    return (
        Action.objects.open()
        .filter(event__in=Event.objects.for_user(user), due_on__lte=today + WEEK)
        .select_related("event", "person", "organisation")
        .order_by("due_on", "pk")
    )


def recent_documents(*, user, now):
    """Documents rendered or failed in the last week, the latest first."""
    from reports.models import ReportJob
    from reports.selectors import jobs_for_user

    done = (ReportJob.Status.READY, ReportJob.Status.FAILED)
    return (
        jobs_for_user(user=user)
        .filter(status__in=done, finished_at__gte=now - WEEK)
        .order_by("-finished_at", "pk")
    )


def coordinator_week(*, user) -> CoordinatorWeek:
    """What the coordinator's home page shows: five panels, read in a fixed
    number of queries (two per panel, plus the events' parts)."""
    from evaluations.selectors import questionnaires_for_organiser
    from partners.models import ChangeRequest

    now = timezone.now()
    today = timezone.localdate(now)
    proposals = (
        ChangeRequest.objects.for_user(user)
        .filter(status=ChangeRequest.Status.PENDING)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    questionnaires = (
        questionnaires_for_organiser(user=user)
        .open_at(now)
        .order_by(F("closes_at").asc(nulls_last=True), "pk")
    )
    events = _panel(next_events(user=user, now=now))
    for event in events.rows:
        # The event's own waiting list and those of its parts, together.
        event.waiting_total = event.waiting_count + sum(
            part.waiting_count for part in event.parts.all()
        )
    return CoordinatorWeek(
        events=events,
        actions=_panel(actions_due(user=user, today=today)),
        change_requests=_panel(proposals),
        questionnaires=_panel(questionnaires),
        documents=_panel(recent_documents(user=user, now=now)),
        today=today,
    )
