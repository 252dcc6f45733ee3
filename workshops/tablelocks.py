"""Pins to tables: a coordinator seats a person at a table for one round.

The pins are rows (``TableLock``); every table plan of the event honours
them: ``tables.plan_tables`` (the service and the ``plan_tables`` command)
and the documents (``documents_wsdocs.seat_event``). A pin for a round the
plan does not have is left aside (a plan of one round keeps the pins of
round 1); a pin to a table the plan does not have, or more pins at a table
than its seats, is refused by the plan with ``TablePlanError``, whose French
sentence is ``error_message``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event, Registration
from partners.validators import normalise_text

from .models import TableLock
from .tables import TablePlanError


def event_locks(event: Event):
    """The event's pins, of confirmed registrants only, with their people."""
    return TableLock.objects.filter(
        registration__in=event.registrations.confirmed()
    ).select_related("registration")


def stored_locks(event: Event, rounds: int | None = None) -> dict[int, dict[int, int]]:
    """``{registration pk: {round: table}}`` for the rounds up to ``rounds``
    (every round when None)."""
    locks: dict[int, dict[int, int]] = {}
    rows = event_locks(event)
    if rounds is not None:
        rows = rows.filter(round__lte=rounds)
    for registration_id, number, table in rows.values_list(
        "registration_id", "round", "table"
    ):
        locks.setdefault(registration_id, {})[number] = table
    return locks


@transaction.atomic
def pin_to_table(*, registration: Registration, round: int, table: int) -> TableLock:
    """Seat ``registration`` at ``table`` in ``round``; a pin the person
    already has in that round is moved."""
    lock, _created = TableLock.objects.update_or_create(
        registration=registration, round=round, defaults={"table": table}
    )
    return lock


@transaction.atomic
def pin_many_to_table(*, registrations, round: int, table: int) -> list[TableLock]:
    """Seat every one of ``registrations`` at ``table`` in ``round``, all or
    none (``pin_to_table`` each)."""
    return [
        pin_to_table(registration=registration, round=round, table=table)
        for registration in registrations
    ]


def matching_registrants(event: Event, query: str, limit: int) -> list[Registration]:
    """Up to ``limit`` confirmed registrants of ``event`` whose name or
    organisation holds every word of ``query``, accents and case ignored.

    Registrations have no folded column to search: an event's registrants
    (hundreds) are read in one query and matched here."""
    words = normalise_text(query).split()
    if not words:
        return []
    matches = []
    registrants = (
        event.registrations.confirmed()
        .select_related("organisation")
        .only(
            "first_name",
            "last_name",
            "organisation_name",
            "organisation__name",
            "organisation__acronym",
        )
        .order_by("last_name", "first_name", "pk")
    )
    for registration in registrants:
        text = normalise_text(
            f"{registration.full_name} {registration.organisation_label}"
        )
        if all(word in text for word in words):
            matches.append(registration)
            if len(matches) == limit:
                break
    return matches


def unpin(*, lock: TableLock) -> None:
    lock.delete()


def error_message(error: TablePlanError) -> str:
    """The French sentence for what is wrong with a table plan's input."""
    messages = {
        "size_too_small": _("--size: a table seats at least 2 people."),
        "size_too_large": _(
            "--size: %(size)s is larger than the group (%(people)s people)."
        ),
        "no_people": _("No confirmed registrant to seat."),
        "duplicate_id": _("The same person appears twice."),
        "rounds_too_small": _("--rounds: at least 1 round."),
        "lock_round": _(
            "%(person)s is locked in round %(round)s, but there are %(rounds)s rounds."
        ),
        "lock_table": _(
            "%(person)s is locked at table %(table)s, but there are %(tables)s tables."
        ),
        "lock_overfull": _(
            "Round %(round)s, table %(table)s: %(locked)s people locked for %(size)s seats."
        ),
    }
    return messages[error.code] % error.params
