"""Registrations: seats per part, waiting lists, cancellation, check-in."""

import functools
from contextlib import nullcontext

from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models import Field, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import prepared_cursor

from ..models import Event, EventPart, Registration, RegistrationPart, Seat
from .errors import RegistrationError

REGISTRATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "organisation_name",
    "status",
    "wants_lunch",
    "dietary_needs",
    "language",
)


def _next_waiting_position_in_part(part: EventPart) -> int:
    last = RegistrationPart.objects.filter(part=part).aggregate(
        last=Max("waiting_position")
    )["last"]
    return (last or 0) + 1


def _seats_taken_in_event(event: Event) -> int:
    return Registration.objects.filter(event=event).confirmed().count()


def _next_waiting_position_in_event(event: Event) -> int:
    last = Registration.objects.filter(event=event).aggregate(
        last=Max("waiting_position")
    )["last"]
    return (last or 0) + 1


def register_participant(
    *,
    event: Event,
    data: dict,
    parts=(),
    consent: bool,
    accept_charter: bool = False,
    by=None,
) -> Registration:
    """Register someone, giving a seat in each part or a waiting-list rank.

    ``data`` holds the ``Registration`` fields of the form. Raises
    ``RegistrationError`` (with ``field``) for a closed event, a missing
    consent or charter acceptance, a part of another event, or an e-mail
    already registered. The confirmation e-mail leaves through an outbox
    (``confirmation_pending``, sent by ``send_pending_confirmations``): the
    request does not wait on the broker, and a broker outage loses nothing.

    Concurrency: the registration is written first, holding a seat; only
    then are the capped parts (or the event, when it has no parts) locked
    with ``select_for_update`` and their seats counted. Whoever finds the
    count over capacity moves to the waiting list. The lock is held for two
    statements and the commit, so concurrent registrations never exceed a
    capacity and still run mostly in parallel. (On SQLite the IMMEDIATE
    transactions serialise writers anyway.)
    """
    email = (data.get("email") or "").strip().lower()
    if not consent:
        raise RegistrationError(
            _("Please agree to the processing of your data to register."),
            field="consent",
        )
    if not event.is_registration_open or event.status != Event.Status.PUBLISHED:
        raise RegistrationError(
            _("Registration for this event is closed."), code="closed"
        )
    charter_version = None
    if event.charter_id:
        charter_version = event.charter.current_version
        if charter_version is not None and not accept_charter:
            raise RegistrationError(
                _("Please accept the charter to register."), field="accept_charter"
            )
    parts = sorted({part.pk: part for part in parts}.values(), key=lambda p: p.pk)
    if any(part.event_id != event.pk for part in parts):
        raise RegistrationError(
            _("Please choose among this event's parts."), field="parts"
        )
    has_parts = bool(parts) or event.parts.exists()
    if has_parts and not parts:
        raise RegistrationError(
            _("Please choose at least one part of the day."), field="parts"
        )
    # No look-up first: the unique constraint on active e-mails decides, and
    # e-mails are stored lower-case, so a second registration fails at insert.
    now = timezone.now()
    values = {f: data[f] for f in REGISTRATION_FIELDS if f in data}
    values["email"] = email
    registration = Registration(
        event=event,
        **values,
        consent_at=now,
        charter_version=charter_version,
        charter_accepted_at=now if charter_version else None,
        confirmation_pending=True,
    )
    try:
        if _fits_in_one_statement(event, parts) and _insert_in_one_statement(
            registration, parts
        ):
            return registration
        with transaction.atomic():
            registration.save(force_insert=True)
            choices = RegistrationPart.objects.bulk_create(
                RegistrationPart(registration=registration, part=part) for part in parts
            )
            _settle_seats(registration, event, choices)
    except IntegrityError as error:
        # Two requests with the same e-mail at once: the unique constraint wins.
        raise RegistrationError(
            _(
                "This e-mail address is already registered for this event. Use "
                "the link in your confirmation e-mail to cancel or change your "
                "registration."
            ),
            field="email",
            code="duplicate",
        ) from error
    return registration


def _fits_in_one_statement(event: Event, parts) -> bool:
    # An event without parts but with a capacity counts its places under a
    # lock (_settle_seats): the statement would write nothing for it (it
    # checks the capacity as saved), so the copy's is enough to skip it.
    return connection.vendor == "postgresql" and (bool(parts) or event.capacity is None)


@functools.cache
def _one_statement_sql() -> tuple[str, tuple[Field, ...]]:
    """The statement of ``_insert_in_one_statement``, and the registration
    fields whose values it takes, in order (built once: it only depends on
    the models).

    Each value is cast to its column's type (typing a ``NULL`` above all, in
    ``INSERT … SELECT``); lengths are dropped (``varchar``, not
    ``varchar(100)``) so that a value too long fails on assignment, as with
    the ORM, instead of being cut.
    """
    quote = connection.ops.quote_name
    fields = tuple(
        field for field in Registration._meta.concrete_fields if not field.primary_key
    )
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(
        f"%s::{field.db_type(connection).split('(')[0]}" for field in fields
    )
    registration_table = quote(Registration._meta.db_table)
    choice = RegistrationPart._meta
    seat = Seat._meta
    choice_table, seat_table = quote(choice.db_table), quote(seat.db_table)
    registration_id = quote(Registration._meta.pk.column)
    choice_id = quote(choice.pk.column)
    choice_columns = [
        quote(choice.get_field(name).column)
        for name in ("registration", "part", "created_at", "updated_at")
    ]
    seat_id, seat_holder = (
        quote(seat.get_field(name).column) for name in ("id", "holder")
    )
    part_table, part_pk, capacity = (
        quote(EventPart._meta.db_table),
        quote(EventPart._meta.pk.column),
        quote(EventPart._meta.get_field("capacity").column),
    )
    event_table, event_pk, event_capacity = (
        quote(Event._meta.db_table),
        quote(Event._meta.pk.column),
        quote(Event._meta.get_field("capacity").column),
    )
    sql = (
        # Table and column names from the models' meta, quoted; every value
        # is a parameter.
        # The capacities are the database's, not the caller's copy of the
        # event and parts; read under FOR KEY SHARE, they wait for a change
        # being saved (Event.save and EventPart.save lock FOR UPDATE).
        "WITH event AS MATERIALIZED ("  # noqa: S608
        f" SELECT e.{event_capacity} AS capacity FROM {event_table} AS e"
        f" WHERE e.{event_pk} = %s FOR KEY SHARE"
        "), chosen AS MATERIALIZED ("
        f" SELECT c.{part_pk} AS id, c.{capacity} AS capacity FROM {part_table} AS c"
        f" WHERE c.{part_pk} = ANY(%s::bigint[]) FOR KEY SHARE"
        "), free AS MATERIALIZED ("
        f" SELECT chosen.id AS part_id, ({_free_seat_sql('chosen.id')}) AS seat_id"
        " FROM chosen WHERE chosen.capacity IS NOT NULL"
        f"), registration AS (INSERT INTO {registration_table} ({columns})"
        f" SELECT {values}"
        " WHERE NOT EXISTS (SELECT 1 FROM free WHERE seat_id IS NULL)"
        # Without parts, only an event without a capacity (counted under
        # its lock otherwise, in _settle_seats).
        " AND (EXISTS (SELECT 1 FROM chosen) OR (SELECT capacity FROM event) IS NULL)"
        f" RETURNING {registration_id} AS id"
        f"), choices AS (INSERT INTO {choice_table} ({', '.join(choice_columns)})"
        " SELECT registration.id, p.part_id, %s, %s"
        " FROM registration CROSS JOIN unnest(%s::bigint[]) AS p(part_id)"
        f" RETURNING {choice_id} AS id, {choice_columns[1]} AS part_id"
        f"), seated AS (UPDATE {seat_table} SET {seat_holder} = choices.id"
        " FROM free JOIN choices ON choices.part_id = free.part_id"
        f" WHERE {seat_table}.{seat_id} = free.seat_id RETURNING 1"
        ") SELECT id FROM registration"
    )
    return sql, fields


def _insert_in_one_statement(registration: Registration, parts) -> bool:
    """PostgreSQL: the registration, its parts and their seats in one statement.

    Registration is the public hot path (bench/bench_registration.py). One
    statement is atomic on its own: no BEGIN and COMMIT round trips, and the
    ORM's compilation of three writes is skipped; it is prepared, so
    PostgreSQL plans it once per connection (core.db). It first locks the
    lowest free seat of each part that has a capacity in the database (not
    in the caller's copy of the parts, which may be the public form's cached
    one), with ``SKIP LOCKED`` as ``claim_seat``, and writes only if every
    such part has one; it then inserts the registration and its parts, and
    gives each capped part its seat.

    Returns False, having written nothing, when a capped part has no free
    seat left, or when an event without parts has a capacity: the caller
    then takes the transaction that counts and queues on the waiting list.
    An e-mail already registered raises ``IntegrityError``.
    As with ``bulk_create``, no model signal is sent for these rows.
    """
    sql, fields = _one_statement_sql()
    now = registration.created_at = registration.updated_at = timezone.now()
    # The connection itself, not the proxy: every field reads its features
    # and operations, each a look-up in the proxy's context-local storage.
    db = connections[DEFAULT_DB_ALIAS]
    part_ids = [part.pk for part in parts]
    params = [
        registration.event_id,
        part_ids,
        *(
            field.get_db_prep_save(getattr(registration, field.attname), db)
            for field in fields
        ),
        now,
        now,
        part_ids,
    ]
    # Inside a caller's transaction, a savepoint keeps it usable after a
    # duplicate e-mail; on its own, the statement is its own transaction.
    savepoint = transaction.atomic() if db.in_atomic_block else nullcontext()
    with savepoint, prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk = row[0]
    registration._state.adding = False
    registration._state.db = db.alias
    return True


def _free_seat_sql(part: str) -> str:
    """``SELECT`` the lowest free seat of the part ``part`` names (a
    parameter or a column), locking it, skipping seats others are claiming.

    Identifiers come from the model's meta, quoted; values are parameters.
    """
    seat = Seat._meta
    quote = connection.ops.quote_name
    table, pk, holder, part_column, number = (
        quote(seat.db_table),
        *(
            quote(seat.get_field(name).column)
            for name in ("id", "holder", "part", "number")
        ),
    )
    parts, part_pk, capacity = (
        quote(EventPart._meta.db_table),
        quote(EventPart._meta.pk.column),
        quote(EventPart._meta.get_field("capacity").column),
    )
    skip_locked = (
        f" FOR UPDATE OF {table} SKIP LOCKED"
        if connection.features.has_select_for_update_skip_locked
        else ""
    )
    # Seats above a lowered capacity are held until freed, never claimed
    # (EventPart.fit_seats_to_capacity).
    return (
        f"SELECT {table}.{pk} FROM {table} WHERE {table}.{part_column} = {part} "  # noqa: S608
        f"AND {table}.{holder} IS NULL AND {table}.{number} <= (SELECT {capacity} "
        f"FROM {parts} WHERE {parts}.{part_pk} = {table}.{part_column}) "
        f"ORDER BY {table}.{number} LIMIT 1{skip_locked}"
    )


@functools.cache
def _claim_seat_sql() -> str:
    seat = Seat._meta
    quote = connection.ops.quote_name
    table, pk, holder = (
        quote(seat.db_table),
        quote(seat.get_field("id").column),
        quote(seat.get_field("holder").column),
    )
    return f"UPDATE {table} SET {holder} = %s WHERE {pk} = ({_free_seat_sql('%s')})"  # noqa: S608


def claim_seat(choice: RegistrationPart) -> bool:
    """Give ``choice`` the lowest free seat of its capped part, if one is left.

    One statement, ``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED
    LIMIT 1)``: ``SKIP LOCKED`` makes concurrent claims take different seats
    instead of queueing on one lock. (SQLite has no row locks; its IMMEDIATE
    transactions serialise writers.) Written in SQL because it runs once per
    registration and the ORM's compilation of the locked subquery cost more
    than the rest of the claim (bench/bench_registration.py).
    """
    with connection.cursor() as cursor:
        cursor.execute(_claim_seat_sql(), [choice.pk, choice.part_id])
        return cursor.rowcount == 1


def _settle_seats(registration, event, choices) -> None:
    """Claim a seat in each capped part, or take a waiting-list rank.

    Only the waiting list is serialised (a row lock on the full part);
    seats are claimed in parallel. An event without parts locks its own row,
    counts, and queues whoever comes over its capacity.
    """
    # The capacities that count are the database's: the caller's parts may
    # be a cached copy (the public form's).
    capped = (
        set(
            EventPart.objects.filter(
                pk__in=[choice.part_id for choice in choices], capacity__isnull=False
            ).values_list("pk", flat=True)
        )
        if choices
        else set()
    )
    for choice in choices:
        if choice.part_id not in capped or claim_seat(choice):
            continue
        EventPart.objects.select_for_update().filter(pk=choice.part_id).values_list(
            "pk", flat=True
        ).get()
        choice.waiting_position = _next_waiting_position_in_part(choice.part)
        choice.save(update_fields=["waiting_position", "updated_at"])
    if not choices:
        # Counted under the event's lock, against its capacity as saved.
        capacity = (
            Event.objects.select_for_update()
            .filter(pk=event.pk)
            .values_list("capacity", flat=True)
            .get()
        )
        if capacity is not None and _seats_taken_in_event(event) > capacity:
            registration.waiting_position = _next_waiting_position_in_event(event)
            registration.save(update_fields=["waiting_position", "updated_at"])


def _promote_in_part(part: EventPart) -> list[Registration]:
    """Give the freed seats of ``part`` to its waiting list, in order."""
    waiting = (
        RegistrationPart.objects.filter(
            part=part,
            waiting_position__isnull=False,
            registration__cancelled_at__isnull=True,
        )
        .select_related("registration", "part")
        .order_by("waiting_position")
    )
    promoted = []
    for choice in waiting:
        if part.capacity is not None and not claim_seat(choice):
            break
        choice.waiting_position = None
        choice.save(update_fields=["waiting_position", "updated_at"])
        promoted.append(choice.registration)
    return promoted


def _promote_in_event(event: Event) -> list[Registration]:
    if event.parts.exists():
        return []
    waiting = Registration.objects.filter(
        event=event, cancelled_at__isnull=True, waiting_position__isnull=False
    ).order_by("waiting_position")
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _seats_taken_in_event(event)
    promoted = []
    for registration in waiting:
        if free is not None and free <= 0:
            break
        registration.waiting_position = None
        registration.save(update_fields=["waiting_position", "updated_at"])
        promoted.append(registration)
        if free is not None:
            free -= 1
    return promoted


@transaction.atomic
def cancel_registration(*, registration: Registration, by=None) -> list[Registration]:
    """Cancel a registration and give its seats to the waiting list.

    Returns the registrations promoted (each gets an e-mail through the outbox).
    Raises ``RegistrationError`` if it was already cancelled.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.cancelled_at is not None:
        raise RegistrationError(
            _("This registration was already cancelled."), code="cancelled"
        )
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at", "updated_at"])
    Seat.objects.filter(holder__registration=registration).update(holder=None)
    promoted = []
    parts = list(
        EventPart.objects.select_for_update()
        .filter(choices__registration=registration)
        .order_by("pk")
    )
    for part in parts:
        if part.capacity is not None:
            part.fit_seats_to_capacity()
        promoted.extend(_promote_in_part(part))
    promoted.extend(_promote_in_event(event))
    _announce_promotions(promoted)
    return promoted


def promote_waiting_list(part: EventPart) -> list[Registration]:
    """Seat ``part``'s waiting list, in order, while places are free: after
    its capacity was raised or removed (``EventPart.save``, under the part's
    lock). Each registrant promoted gets an e-mail after commit."""
    promoted = _promote_in_part(part)
    _announce_promotions(promoted)
    return promoted


@transaction.atomic
def promote_event_waiting_list(event: Event) -> list[Registration]:
    """Seat the waiting list of an event without parts, in order, while
    places are free: after its capacity was raised or removed
    (``Event.save``, under the event's lock). Each registrant promoted gets
    an e-mail after commit."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    promoted = _promote_in_event(event)
    _announce_promotions(promoted)
    return promoted


def _announce_promotions(promoted) -> None:
    # The e-mails are outbox rows of this transaction: a broker down at
    # commit delays them, never loses them.
    from .emails import send_promotion_email

    for registration in {r.pk: r for r in promoted}.values():
        send_promotion_email(registration_id=registration.pk)


def set_attended(
    *, registration: Registration, attended: bool, by=None
) -> Registration:
    """Tick (or untick) a registrant as present on the day."""
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at", "updated_at"])
    return registration
