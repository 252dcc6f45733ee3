"""Reads of events reused by several callers."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.templatetags.maillage import heure

from .models import (
    Action,
    AgendaItem,
    AgendaPoint,
    Attendance,
    Event,
    EventPart,
    Registration,
    RegistrationPart,
    Speaker,
)


def events_for_organiser(*, user) -> QuerySet[Event]:
    return (
        Event.objects.for_user(user)
        .select_related("organiser", "series")
        .annotate(
            registration_count=Count(
                "registrations", filter=Q(registrations__cancelled_at__isnull=True)
            )
        )
        .order_by("-starts_at", "pk")
    )


def events_for_funder(*, user) -> QuerySet[Event]:
    """The events of a funder's or a partner's portal: its ``for_user`` scope
    (what it funds, organises or co-organises, once public)."""
    return (
        Event.objects.for_user(user)
        .select_related("organiser", "series")
        .order_by("-starts_at", "pk")
    )


def programme_items(*, event: Event) -> list[AgendaItem]:
    """The programme in time order, with rooms, parts and speakers loaded."""
    return list(
        event.agenda_items.select_related("room", "part").prefetch_related(
            Prefetch(
                "speakers",
                queryset=Speaker.objects.select_related("person").order_by(
                    "position", "pk"
                ),
            )
        )
    )


def public_event(*, slug: str) -> Event:
    """A published event by slug, or ``Event.DoesNotExist`` (drafts included)."""
    return (
        Event.objects.published()
        .select_related("organiser")
        .prefetch_related("co_organisers", "funders")
        .get(slug=slug)
    )


# The registration page's event and parts, cached (busted by signals.py on
# any change to an event, its parts or its charter).
REGISTRATION_SNAPSHOT_SECONDS = 300


def registration_snapshot_key(slug: str) -> str:
    return f"events:registration:{slug}"


def event_for_registration(*, slug: str) -> tuple[Event, list[EventPart]]:
    """A published event by slug and its parts, from the cache or one query.

    Registration is the hot path (bench/bench_registration.py): the event
    and its parts change rarely, so they are cached; the seats are counted
    by the service under a lock, never from here. ``Event.DoesNotExist`` for
    an unknown slug or a draft (not cached).
    """
    return cache.get_or_set(
        registration_snapshot_key(slug),
        lambda: _load_event_for_registration(slug),
        REGISTRATION_SNAPSHOT_SECONDS,
    )


def _load_event_for_registration(slug: str) -> tuple[Event, list[EventPart]]:
    # The parts with their event (and its charter) joined: one query when
    # the event has parts.
    parts = list(
        EventPart.objects.select_related("event__charter")
        .filter(event__slug=slug, event__status__in=Event.PUBLIC_STATUSES)
        .order_by("position", "starts_at", "pk")
    )
    if parts:
        event = parts[0].event
        for part in parts:
            part.event = event
    else:
        event = Event.objects.published().select_related("charter").get(slug=slug)
    if event.charter_id:
        event.charter.current_version  # noqa: B018 - cached with the snapshot
    return event, parts


def programme_by_part(*, items):
    """``[(part or None, [items])]`` in order of first appearance."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item.part, []).append(item)
    return list(groups.items())


def with_seat_counts(parts: QuerySet[EventPart]) -> QuerySet[EventPart]:
    """``parts`` with ``seats_taken`` and ``waiting_count`` annotated."""
    active = Q(choices__registration__cancelled_at__isnull=True)
    return parts.annotate(
        seats_taken=Count(
            "choices",
            filter=active & Q(choices__waiting_position__isnull=True),
        ),
        waiting_count=Count(
            "choices",
            filter=active & Q(choices__waiting_position__isnull=False),
        ),
    )


def parts_with_seats(*, event: Event) -> list[EventPart]:
    """The event's parts with ``seats_taken`` and ``waiting_count`` annotated."""
    return list(with_seat_counts(event.parts.all()))


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "speaker", "outside"
    item_ids: tuple
    message: str


def _overlaps(a, b) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _speaker_key(speaker):
    if speaker.person_id:
        return ("person", speaker.person_id)
    return ("name", speaker.name.strip().casefold())


def programme_conflicts(*, event: Event, items) -> list[Conflict]:
    """Same room or same speaker at overlapping times; items outside the event.

    Works on already loaded items (``programme_items``): no query of its own.
    """
    conflicts = []
    for item in items:
        if item.starts_at < event.starts_at or item.ends_at > event.ends_at:
            conflicts.append(
                Conflict(
                    "outside",
                    (item.pk,),
                    _("“%(item)s” is outside the event’s hours (%(start)s–%(end)s).")
                    % {
                        "item": item.title,
                        "start": heure(event.starts_at),
                        "end": heure(event.ends_at),
                    },
                )
            )
    by_room = defaultdict(list)
    by_speaker = defaultdict(list)
    names = {}
    for item in items:
        if item.room_id:
            by_room[item.room_id].append(item)
        for speaker in item.speakers.all():
            key = _speaker_key(speaker)
            names[key] = speaker.display_name
            if item not in by_speaker[key]:
                by_speaker[key].append(item)
    for room_items in by_room.values():
        for index, first in enumerate(room_items):
            for second in room_items[index + 1 :]:
                if _overlaps(first, second):
                    conflicts.append(
                        Conflict(
                            "room",
                            (first.pk, second.pk),
                            _(
                                "“%(first)s” and “%(second)s” use the room "
                                "%(room)s at the same time."
                            )
                            % {
                                "first": first.title,
                                "second": second.title,
                                "room": first.room.name,
                            },
                        )
                    )
    for key, speaker_items in by_speaker.items():
        for index, first in enumerate(speaker_items):
            for second in speaker_items[index + 1 :]:
                if _overlaps(first, second):
                    conflicts.append(
                        Conflict(
                            "speaker",
                            (first.pk, second.pk),
                            _(
                                "%(speaker)s speaks at “%(first)s” and "
                                "“%(second)s” at the same time."
                            )
                            % {
                                "speaker": names[key],
                                "first": first.title,
                                "second": second.title,
                            },
                        )
                    )
    return conflicts


def attendees(*, event: Event, filters: dict | None = None) -> QuerySet[Registration]:
    """Active registrations with organisation and parts loaded, filtered."""
    filters = filters or {}
    registrations = (
        event.registrations.active()
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "part_choices",
                queryset=RegistrationPart.objects.select_related("part"),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    if query := (filters.get("q") or "").strip():
        registrations = registrations.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    if status := filters.get("status"):
        registrations = registrations.filter(status=status)
    if part := filters.get("part"):
        registrations = registrations.filter(part_choices__part=part)
    if kind := filters.get("organisation_kind"):
        registrations = registrations.filter(organisation__kind=kind)
    if filters.get("attended") in ("yes", "no"):
        registrations = registrations.filter(attended=filters["attended"] == "yes")
    if filters.get("waiting") == "yes":
        registrations = registrations.filter(
            Q(waiting_position__isnull=False)
            | Q(part_choices__waiting_position__isnull=False)
        ).distinct()
    return registrations


def attendee_counts(*, event: Event) -> dict:
    """Counts per part, status and organisation kind: three grouped queries."""
    active = event.registrations.active()
    by_status = dict(
        active.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    by_kind = dict(
        active.values_list("organisation__kind")
        .annotate(n=Count("pk"))
        .order_by("organisation__kind")
    )
    statuses = [
        (label, by_status.get(value, 0)) for value, label in Registration.Status.choices
    ]
    from partners.models import Organisation

    kinds = [
        (label, by_kind.get(value, 0)) for value, label in Organisation.Kind.choices
    ]
    kinds.append((_("Typed / none"), by_kind.get(None, 0)))
    totals = active.aggregate(
        total=Count("pk"),
        attended=Count("pk", filter=Q(attended=True)),
        lunch=Count("pk", filter=Q(wants_lunch=True)),
        waiting=Count("pk", filter=Q(waiting_position__isnull=False)),
    )
    return {
        "parts": parts_with_seats(event=event),
        "statuses": statuses,
        "kinds": kinds,
        **totals,
    }


def meeting_for_minutes(*, meeting_id: int, user) -> Event:
    """A meeting with everything its minutes show, or ``Event.DoesNotExist``."""
    return (
        Event.objects.for_user(user)
        .meetings()
        .select_related("organiser", "committee", "next_meeting")
        .prefetch_related(
            Prefetch(
                "agenda_points",
                queryset=AgendaPoint.objects.select_related(
                    "carried_action__person", "carried_action__organisation"
                ).prefetch_related("decisions"),
            ),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person", "organisation"),
            ),
            "decisions",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related(
                    "person", "organisation", "agenda_point"
                ),
            ),
        )
        .get(pk=meeting_id)
    )


def series_statistics(*, series) -> list[dict]:
    """One row per edition, in date order: participants (head count, else
    attendees, else registrations; ``None`` when nothing is known)."""
    editions = series.editions.annotate(
        active_count=Count(
            "registrations", filter=Q(registrations__cancelled_at__isnull=True)
        ),
        attended_count=Count(
            "registrations",
            filter=Q(
                registrations__cancelled_at__isnull=True, registrations__attended=True
            ),
        ),
    ).order_by("starts_at")
    return [
        {
            "event": edition,
            "participants": participants_figure(
                head_count=edition.participant_count,
                attended=edition.attended_count,
                registered=edition.active_count,
            ),
            "registrations": edition.active_count,
        }
        for edition in editions
    ]


def participants_figure(*, head_count, attended, registered) -> int | None:
    """How many took part: the head count of the day when one was entered
    (past editions, a village's visitors), otherwise the people checked in,
    otherwise the registrations; ``None`` when nothing is known."""
    if head_count is not None:
        return head_count
    return attended or registered or None


def checkin_counts(*, event: Event, part=None) -> tuple[int, int]:
    """``(present, expected)`` at the door, in one query.

    For a part: ticked at that part / holding a seat in it. For the whole
    event: ticked present / holding a place (the waiting list is not
    expected). Cancelled registrations count for neither.
    """
    if part is not None:
        counts = RegistrationPart.objects.filter(
            part=part, registration__cancelled_at__isnull=True
        ).aggregate(
            present=Count("pk", filter=Q(checked_in_at__isnull=False)),
            expected=Count("pk", filter=Q(waiting_position__isnull=True)),
        )
    else:
        counts = event.registrations.active().aggregate(
            present=Count("pk", filter=Q(attended=True)),
            expected=Count("pk", filter=Q(waiting_position__isnull=True)),
        )
    return counts["present"], counts["expected"]


def checkin_part(*, event: Event, parts, wanted: str, now) -> object | None:
    """The part the door is checking: the one asked for (``wanted``, an id),
    ``None`` for the whole event ("tout" or no part), else the part under
    way or next, else the last one."""
    if not parts or wanted == "tout":
        return None
    if wanted.isdigit():
        for part in parts:
            if str(part.pk) == wanted:
                return part
    for part in parts:
        if part.ends_at is None or part.ends_at >= now:
            return part
    return parts[-1]
