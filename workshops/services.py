"""What changes ateliers, choices and places: the views and the command call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Registration

from . import assignment
from .models import (
    RANK_LABELS,
    Workshop,
    WorkshopChoice,
    WorkshopPlace,
    WorkshopSession,
)


@dataclass
class Assignment:
    """An event's assignment, with the names the screens and the command print."""

    result: assignment.Result
    people: dict[str, Registration]
    sessions: dict[str, WorkshopSession]

    @property
    def figures(self) -> dict[str, int]:
        return self.result.figures

    def as_json(self) -> dict:
        """The ``assign_workshops`` command's JSON (PRODUCT.md)."""
        places = sorted(
            self.result.places,
            key=lambda p: (self.sessions[p.session].agenda_item.starts_at, p.workshop),
        )
        return {
            "assignments": [
                {
                    "name": self.people[place.person].full_name,
                    "session": session_label(self.sessions[place.session]),
                    "workshop": self.sessions[place.session].workshop.title,
                    "rank": place.rank,
                    "locked": place.locked,
                }
                for place in places
            ],
            "figures": self.figures,
            "unplaced": [
                {
                    "name": self.people[missing.person].full_name,
                    "sessions": [
                        session_label(self.sessions[key]) for key in missing.sessions
                    ],
                    "reason": missing.reason,
                }
                for missing in self.result.unplaced
            ],
        }


def time_range(item) -> str:
    """ "09:30–11:00": when a programme item runs, in local time."""
    starts, ends = timezone.localtime(item.starts_at), timezone.localtime(item.ends_at)
    return f"{starts:%H:%M}–{ends:%H:%M}"


def session_label(session: WorkshopSession) -> str:
    return time_range(session.agenda_item)


def item_label(item) -> str:
    """A programme item as a coordinator picks it: its title and its times."""
    return f"{item.title} ({time_range(item)})"


def event_sessions(event: Event) -> list[WorkshopSession]:
    return list(
        WorkshopSession.objects.filter(workshop__event=event)
        .select_related("workshop", "agenda_item")
        .order_by("agenda_item__starts_at", "workshop__title", "pk")
    )


def assignable_registrations(event: Event):
    # Ordered, so that the solver sees the same day in the same order on
    # every database (ties are broken by that order).
    return (
        event.registrations.confirmed()
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "workshop_choices",
                queryset=WorkshopChoice.objects.only(
                    "registration_id", "workshop_id", "rank"
                ).order_by("rank", "pk"),
            )
        )
    )


def _inputs(event: Event, *, locks: dict[int, set[int]]):
    sessions = event_sessions(event)
    registrations = list(assignable_registrations(event))
    core_sessions = [
        assignment.Session(
            key=str(s.pk),
            workshop=str(s.workshop_id),
            starts_at=s.agenda_item.starts_at,
            ends_at=s.agenda_item.ends_at,
            capacity=s.workshop.capacity,
        )
        for s in sessions
    ]
    people = [
        assignment.Person(
            key=str(r.pk),
            choices={str(c.workshop_id): c.rank for c in r.workshop_choices.all()},
            locked=frozenset(str(pk) for pk in locks.get(r.pk, ())),
        )
        for r in registrations
    ]
    return (
        people,
        core_sessions,
        {str(r.pk): r for r in registrations},
        {str(s.pk): s for s in sessions},
    )


def _locks(event: Event) -> dict[int, set[int]]:
    """Who stays where: places locked by hand, and the ateliers' facilitators
    and rapporteurs (registrants with their e-mail) in every session of theirs."""
    locks: dict[int, set[int]] = {}
    for registration_id, session_id in WorkshopPlace.objects.filter(
        session__workshop__event=event,
        locked=True,
        registration__cancelled_at__isnull=True,
    ).values_list("registration_id", "session_id"):
        locks.setdefault(registration_id, set()).add(session_id)
    by_email = {
        r.email.casefold(): r.pk
        for r in event.registrations.confirmed().only("pk", "email")
    }
    workshops = event.workshops.prefetch_related(
        "facilitators", "sessions"
    ).select_related("rapporteur")
    for workshop in workshops:
        leaders = list(workshop.facilitators.all()) + [workshop.rapporteur]
        for person in leaders:
            pk = by_email.get((person.email or "").casefold()) if person else None
            if pk is not None:
                locks.setdefault(pk, set()).update(
                    s.pk for s in workshop.sessions.all()
                )
    return locks


def current_assignment(event: Event) -> Assignment:
    """The places saved for the event, with the figures and who has none."""
    people, sessions, registrations, by_key = _inputs(event, locks={})
    core_by_key = {s.key: s for s in sessions}
    places = [
        assignment.Place(
            person=str(registration_id),
            session=str(session_id),
            workshop=core_by_key[str(session_id)].workshop,
            rank=rank,
            locked=locked,
        )
        for registration_id, session_id, rank, locked in WorkshopPlace.objects.filter(
            session__workshop__event=event, registration__in=[p.key for p in people]
        ).values_list("registration_id", "session_id", "rank", "locked")
    ]
    result = assignment.Result(
        places=places,
        unplaced=assignment.missing_places(people, sessions, places),
        cost=sum(
            assignment.RANK_COST.get(p.rank, assignment.UNCHOSEN_COST)
            for p in places
            if not p.locked
        ),
    )
    return Assignment(result, registrations, by_key)


@transaction.atomic
def assign_workshops(*, event: Event, seed: int | None = 0) -> Assignment:
    """Place the event's registrants in its ateliers' sessions (an exact
    optimum) and save the places; raises ``assignment.AssignmentError`` on
    contradictory locks, saving nothing."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    locks = _locks(event)
    people, sessions, registrations, by_key = _inputs(event, locks=locks)
    result = assignment.assign(people, sessions, seed=seed)
    WorkshopPlace.objects.filter(session__workshop__event=event).delete()
    WorkshopPlace.objects.bulk_create(
        WorkshopPlace(
            session_id=int(place.session),
            registration_id=int(place.person),
            rank=place.rank,
            locked=place.locked,
        )
        for place in result.places
    )
    return Assignment(result, registrations, by_key)


@transaction.atomic
def save_workshop(*, workshop: Workshop, facilitators, agenda_items) -> Workshop:
    """Save an atelier with its facilitators and its sessions (programme items)."""
    workshop.save()
    workshop.facilitators.set(facilitators)
    keep = {item.pk for item in agenda_items}
    workshop.sessions.exclude(agenda_item_id__in=keep).delete()
    existing = set(workshop.sessions.values_list("agenda_item_id", flat=True))
    WorkshopSession.objects.bulk_create(
        WorkshopSession(workshop=workshop, agenda_item_id=pk)
        for pk in sorted(keep - existing)
    )
    return workshop


def delete_workshop(*, workshop: Workshop) -> None:
    """Remove an atelier, its sessions, the choices and places it holds (the
    programme items stay)."""
    workshop.delete()


@transaction.atomic
def choices_may_change(registration: Registration) -> bool:
    """Whether a registrant may still change their ateliers' choices: until
    the ateliers are assigned (a place holds them) and never once cancelled.
    The choice page and the registration's confirmation both ask this."""
    return not registration.is_cancelled and not registration.workshop_places.exists()


def ranked_choices(registration: Registration) -> list[tuple[str, str]]:
    """``(rank label, atelier title)`` of a registrant's choices, in order."""
    return [
        (RANK_LABELS[rank - 1], title)
        for rank, title in registration.workshop_choices.order_by("rank").values_list(
            "rank", "workshop__title"
        )
    ]


def set_choices(*, registration: Registration, ranked: list[Workshop | None]) -> None:
    """Replace a registrant's choices: ``ranked[0]`` is the 1st choice, etc."""
    registration.workshop_choices.all().delete()
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(registration=registration, workshop=workshop, rank=rank)
        for rank, workshop in enumerate(ranked, start=1)
        if workshop is not None
    )


def lock_problems_message(event: Event, error: assignment.AssignmentError) -> str:
    """Contradictory locks, in words a coordinator reads."""
    sessions = {str(s.pk): s for s in event_sessions(event)}
    names = {
        str(r.pk): r.full_name
        for r in event.registrations.filter(
            pk__in=[k for k, what in error.problems if what == "overlap"]
        )
    }
    lines = []
    for key, what in error.problems:
        if what == "overlap":
            lines.append(
                _("%(name)s is kept in two sessions at the same time.")
                % {"name": names.get(key, key)}
            )
        else:
            session = sessions[key]
            lines.append(
                _(
                    "“%(workshop)s” (%(time)s) keeps more people in place than "
                    "its capacity."
                )
                % {"workshop": session.workshop.title, "time": session_label(session)}
            )
    return " ".join(lines)


# --- The coordinator's board, the registrants' choice links, "Répartir" by a
# worker (issue 15).


class PlaceMoveError(Exception):
    """A move the board refuses; ``str()`` is the French message shown."""


def _rank_of(place: WorkshopPlace, workshop_id: int) -> int | None:
    return (
        WorkshopChoice.objects.filter(
            registration_id=place.registration_id, workshop_id=workshop_id
        )
        .values_list("rank", flat=True)
        .first()
    )


@transaction.atomic
def move_place(*, place_id: int, session_id: int, event: Event) -> WorkshopPlace:
    """Move one place of ``event`` to another session of its ateliers.

    Refused (``PlaceMoveError``, nothing saved) for a locked place, a session
    of another event or the one it is in, a session where the person already
    is, or a full one. The session row is locked so that two moves at once
    cannot both take its last seat."""
    place = (
        WorkshopPlace.objects.select_for_update()
        .select_related("registration", "session__workshop")
        .filter(pk=place_id, session__workshop__event=event)
        .first()
    )
    target = (
        WorkshopSession.objects.select_for_update()
        .select_related("workshop", "agenda_item")
        .filter(pk=session_id, workshop__event=event)
        .first()
    )
    if place is None or target is None:
        raise PlaceMoveError(_("This place or this atelier is not of this event."))
    name = place.registration.full_name
    if place.locked:
        raise PlaceMoveError(
            _("%(name)s is locked in “%(workshop)s”: unlock the place first.")
            % {"name": name, "workshop": place.session.workshop.title}
        )
    if target.pk == place.session_id:
        raise PlaceMoveError(_("%(name)s is already in this atelier.") % {"name": name})
    if WorkshopPlace.objects.filter(
        session=target, registration_id=place.registration_id
    ).exists():
        raise PlaceMoveError(
            _("%(name)s already has a place in this session.") % {"name": name}
        )
    capacity = target.workshop.capacity
    if capacity is not None and target.places.count() >= capacity:
        raise PlaceMoveError(
            _("“%(workshop)s” (%(time)s) is full: %(capacity)s places taken.")
            % {
                "workshop": target.workshop.title,
                "time": session_label(target),
                "capacity": capacity,
            }
        )
    place.session = target
    place.rank = _rank_of(place, target.workshop_id)
    place.save(update_fields=["session", "rank", "updated_at"])
    return place


def set_place_locked(*, place: WorkshopPlace, locked: bool) -> WorkshopPlace:
    """Lock a place (kept by the next "Répartir", not movable) or unlock it."""
    place.locked = locked
    place.save(update_fields=["locked", "updated_at"])
    return place


def board_conflicts(sessions, places) -> dict:
    """What is wrong on the board, by session and by place.

    ``sessions``: the event's sessions (with workshop and agenda_item);
    ``places``: its places. Returns ``{"over": {session pk: excess},
    "clash": {place pk}, "twice": {place pk}}``: sessions over capacity, a
    person in two sessions running at the same time, and a person in the
    same atelier twice in the day."""
    by_pk = {s.pk: s for s in sessions}
    counts: dict[int, int] = {}
    by_person: dict[int, list] = {}
    for place in places:
        counts[place.session_id] = counts.get(place.session_id, 0) + 1
        by_person.setdefault(place.registration_id, []).append(place)
    over = {
        pk: counts.get(pk, 0) - s.workshop.capacity
        for pk, s in by_pk.items()
        if s.workshop.capacity is not None and counts.get(pk, 0) > s.workshop.capacity
    }
    clash, twice = set(), set()
    for own in by_person.values():
        for i, a in enumerate(own):
            for b in own[i + 1 :]:
                sa, sb = by_pk[a.session_id], by_pk[b.session_id]
                if sa.workshop_id == sb.workshop_id:
                    twice.update((a.pk, b.pk))
                if (
                    sa.agenda_item.starts_at < sb.agenda_item.ends_at
                    and sb.agenda_item.starts_at < sa.agenda_item.ends_at
                ):
                    clash.update((a.pk, b.pk))
    return {"over": over, "clash": clash, "twice": twice}


def registrations_without_choices(event: Event):
    return event.registrations.confirmed().filter(workshop_choices__isnull=True)


def choice_url(registration: Registration) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(
        "workshops:public_choice", args=[registration.token]
    )


@transaction.atomic
def send_choice_links(*, event: Event) -> int:
    """Queue, through the outbox, the choice link to every confirmed
    registrant without choices, in their language; returns how many."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from core.mail import queue_mail

    count = 0
    for registration in registrations_without_choices(event).exclude(email=""):
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            queue_mail(
                to=registration.email,
                subject=_("Your ateliers: %(event)s") % {"event": event.title},
                body=render_to_string(
                    "workshops/board/choice_email.txt",
                    {
                        "registration": registration,
                        "event": event,
                        "url": choice_url(registration),
                    },
                ),
                language=translation.get_language(),
                kind="workshops.choice_link",
            )
        count += 1
    return count


def unplaced_rows(outcome: Assignment) -> list[dict]:
    """Who has no place, when, and why, as the screens show it."""
    return [
        {
            "name": outcome.people[m.person].full_name,
            "when": session_label(outcome.sessions[m.sessions[0]]),
            "reason": m.reason,
        }
        for m in outcome.result.unplaced
    ]


def start_assignment(*, event: Event, user=None):
    """Record a "Répartir" and queue it for a worker once this commits; an
    already waiting run is returned instead of a second one."""
    from core.queue import enqueue_on_commit

    from .models import AssignmentJob
    from .tasks import run_assignment_task

    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        pending = AssignmentJob.objects.filter(
            event=event,
            status__in=[AssignmentJob.Status.QUEUED, AssignmentJob.Status.RUNNING],
        ).first()
        if pending is not None:
            return pending
        job = AssignmentJob.objects.create(event=event, requested_by=user)
        enqueue_on_commit(run_assignment_task, job_id=job.pk)
    return job


def run_assignment_job(*, job_id: int):
    """The worker's part: claim a queued run, assign, store the figures."""
    from .models import AssignmentJob

    claimed = AssignmentJob.objects.filter(
        pk=job_id, status=AssignmentJob.Status.QUEUED
    ).update(status=AssignmentJob.Status.RUNNING, updated_at=timezone.now())
    if not claimed:
        return None
    job = AssignmentJob.objects.select_related("event").get(pk=job_id)
    try:
        outcome = assign_workshops(event=job.event)
    except assignment.AssignmentError as error:
        job.status = AssignmentJob.Status.FAILED
        job.error = lock_problems_message(job.event, error)
    except Exception:
        job.status = AssignmentJob.Status.FAILED
        job.error = _("The assignment failed unexpectedly; try again.")
        job.finished_at = timezone.now()
        job.save()
        raise
    else:
        job.status = AssignmentJob.Status.DONE
        job.figures = outcome.figures
        job.unplaced = unplaced_rows(outcome)
    job.finished_at = timezone.now()
    job.save()
    return job
