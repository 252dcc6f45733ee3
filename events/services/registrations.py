"""Places: registrations, seats, capacities, waiting lists, parts, check-in.

Every write that decides who holds a place is in this module, and keeps one
invariant:

* For each part with a capacity ``n``, every active choice of it
  (``RegistrationPart`` of a registration not cancelled) either holds one
  ``Seat`` (``waiting_position`` null) or has a waiting position, never
  both. Seats are numbered 1..n; a seat above ``n`` exists only while held,
  after the capacity was lowered, and goes once freed. Only seats within
  ``n`` are ever claimed, so a waiting position exists only while every
  seat within ``n`` is held (``_promote_in_part`` gives freed ones away).
* A part without a capacity has no seats and no waiting list.
* An event without parts counts its places: at most ``capacity`` active
  registrations without a waiting position (more only after the capacity
  was lowered), the others waiting in order; without a capacity, none waits.
* Waiting lists are served in order of position; each registrant promoted
  gets an e-mail after commit.

Concurrency: a change of capacity locks its part or event ``FOR UPDATE``
(``change_capacity``, ``change_event_capacity``); a registration reads them
``FOR KEY SHARE`` and so waits for it. Seats are claimed with ``SKIP
LOCKED``, in parallel; waiting positions are given under the part's (or the
event's) row lock. ``Model.save()`` writes its own row only: nothing here
happens unless one of these services is called.
"""

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

from core.consent import consent_in_force
from core.db import prepared_cursor
from core.models import ConsentText

from ..models import (
    Event,
    EventPart,
    Registration,
    RegistrationPart,
    Seat,
    SessionAttendance,
)
from .errors import RegistrationError

# What a registrant may type into ``data`` (a whitelist of input, not the
# columns written: those come from ``Registration._meta``, see
# ``_one_statement_sql``).
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
    "submission_key",
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
    consent_text=None,
    accept_charter: bool = False,
    by_hand: bool = False,
    by=None,
) -> Registration:
    """Register someone, giving a seat in each part or a waiting-list rank.

    ``consent_text``: the version of the consent text the person accepted
    (the one in force when None), stored with the time.

    ``by_hand``: a coordinator types in a phone call or a walk-in. The
    registration may then have no e-mail and is taken even when the public
    form is closed; the charter is not asked.

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
    if not by_hand and (closed := registration_closed_message(event)):
        raise RegistrationError(closed, code="closed")
    charter_version = None
    if event.charter_id and not by_hand:
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
    if consent_text is None:
        consent_text = consent_in_force(ConsentText.Purpose.REGISTRATION)
    now = timezone.now()
    values = {f: data[f] for f in REGISTRATION_FIELDS if f in data}
    values["email"] = email
    registration = Registration(
        event=event,
        **values,
        consent_at=now,
        consent_text=consent_text,
        charter_version=charter_version,
        charter_accepted_at=now if charter_version else None,
        confirmation_pending=bool(email),
    )
    # The audit history (django-simple-history) records a registration
    # typed in by a coordinator, not one the person made on the public
    # form: PostgreSQL's one statement sends no signal, and SQLite's path
    # keeps the same rule and the hot path's query count.
    registration.skip_history_when_saving = True
    try:
        if _fits_in_one_statement(event, parts) and _insert_in_one_statement(
            registration, parts
        ):
            return _created(registration, by_hand=by_hand, by=by)
        with transaction.atomic():
            registration.save(force_insert=True)
            choices = RegistrationPart.objects.bulk_create(
                RegistrationPart(registration=registration, part=part) for part in parts
            )
            _settle_seats(registration, event, choices)
    except IntegrityError as error:
        # A part removed (remove_part) while this registration waited for it.
        if EventPart.objects.filter(pk__in=[p.pk for p in parts]).count() < len(parts):
            raise RegistrationError(
                _(
                    "A part you chose was just removed from the programme. "
                    "Please choose again."
                ),
                field="parts",
                code="part_removed",
            ) from error
        # The same form sent twice (a double tap): the first one counts.
        if key := values.get("submission_key"):
            first = Registration.objects.filter(
                event=event, email=email, submission_key=key, cancelled_at__isnull=True
            ).first()
            if first is not None:
                return first
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
    return _created(registration, by_hand=by_hand, by=by)


def _created(registration: Registration, *, by_hand: bool, by) -> Registration:
    del registration.skip_history_when_saving
    if by_hand:
        Registration.history.bulk_history_create(
            [registration], default_user=by if by and by.is_authenticated else None
        )
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
        # being saved (change_capacity and change_event_capacity lock them
        # FOR UPDATE).
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
    # (_fit_seats_to_capacity).
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
            _fit_seats_to_capacity(part)
        promoted.extend(_promote_in_part(part))
    promoted.extend(_promote_in_event(event))
    _announce_promotions(promoted)
    return promoted


# --- Parts and capacities -----------------------------------------------------

PART_FIELDS = ("title", "description", "starts_at", "ends_at", "position")


@transaction.atomic
def add_part(
    *, event: Event, title: str, capacity: int | None = None, by=None, **fields
):
    """Add a part to ``event``, with one seat per place when it is capped.

    ``fields`` are the part's other fields (``description``, ``starts_at``,
    ``ends_at``, ``position``); without a position, it goes last.
    """
    unknown = set(fields) - set(PART_FIELDS)
    if unknown:
        raise TypeError(f"Unknown part fields: {sorted(unknown)}")
    if "position" not in fields:
        last = event.parts.aggregate(last=Max("position"))["last"]
        fields["position"] = 0 if last is None else last + 1
    part = EventPart.objects.create(
        event=event, title=title, capacity=capacity, **fields
    )
    _sync_seats(part)
    return part


@transaction.atomic
def update_part(
    *, part: EventPart, capacity: int | None, by=None, **fields
) -> list[Registration]:
    """Change a part's title, times or description, and its capacity through
    ``change_capacity``. Returns the registrations promoted."""
    unknown = set(fields) - set(PART_FIELDS)
    if unknown:
        raise TypeError(f"Unknown part fields: {sorted(unknown)}")
    part = EventPart.objects.select_for_update().get(pk=part.pk)
    for name, value in fields.items():
        setattr(part, name, value)
    part.save(update_fields=[*fields, "updated_at"])
    return change_capacity(part=part, capacity=capacity, by=by)


@transaction.atomic
def change_capacity(
    *, part: EventPart, capacity: int | None, by=None
) -> list[Registration]:
    """Set a part's capacity, keep its seats to it and seat its waiting list.

    Locks the part ``FOR UPDATE`` first: a registration reads it ``FOR KEY
    SHARE`` and waits, so none is decided on the old capacity. Raised or
    removed, the waiting list is seated in order while places are free (each
    promoted registrant gets an e-mail after commit); lowered, those seated
    keep their places (seats above the capacity, given back as they free
    up) and newcomers wait. Returns the registrations promoted.
    """
    part = EventPart.objects.select_for_update().get(pk=part.pk)
    if part.capacity != capacity:
        part.capacity = capacity
        part.save(update_fields=["capacity", "updated_at"])
    _sync_seats(part)
    promoted = _promote_in_part(part)
    _announce_promotions(promoted)
    return promoted


@transaction.atomic
def change_event_capacity(
    *, event: Event, capacity: int | None, by=None
) -> list[Registration]:
    """Set the capacity of an event (counted when it has no parts) and seat
    its waiting list in order while places are free.

    Locks the event ``FOR UPDATE`` first, as ``change_capacity`` locks a
    part. Each registrant promoted gets an e-mail after commit. Returns them.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.capacity != capacity:
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
    promoted = _promote_in_event(event)
    _announce_promotions(promoted)
    return promoted


def registrations_in_part(part: EventPart):
    """The active registrations that chose ``part``, seated or waiting."""
    return Registration.objects.active().filter(
        pk__in=RegistrationPart.objects.filter(part=part).values("registration_id")
    )


@transaction.atomic
def remove_part(*, part: EventPart, by=None) -> list[Registration]:
    """Remove a part and tell each active registrant of it by e-mail.

    A registration left without any part is cancelled; the others keep their
    other parts. Seats and waiting ranks of other parts are untouched.
    Returns the registrations concerned (each e-mailed after commit, in its
    language, with the part's title).
    """
    event = Event.objects.select_for_update().get(pk=part.event_id)
    part = EventPart.objects.select_for_update().get(pk=part.pk, event=event)
    concerned = list(registrations_in_part(part).select_for_update().order_by("pk"))
    title = part.title
    part.delete()
    kept = set(
        RegistrationPart.objects.filter(registration__in=concerned).values_list(
            "registration_id", flat=True
        )
    )
    now = timezone.now()
    Registration.objects.filter(
        pk__in=[
            registration.pk for registration in concerned if registration.pk not in kept
        ]
    ).update(cancelled_at=now, updated_at=now)
    # Outbox rows of this transaction, as for promotions.
    from .emails import send_part_removed_email

    for registration in concerned:
        send_part_removed_email(registration_id=registration.pk, part_title=title)
    return concerned


def _sync_seats(part: EventPart) -> None:
    """One ``Seat`` row per place: registrations claim them concurrently.

    A part without a capacity has no seats. Otherwise: adds the missing
    numbers up to the capacity; gives a seat to each confirmed place that
    has none (taken while the part had no capacity), above the capacity if
    they outnumber it; then ``_fit_seats_to_capacity``. Run under the
    part's lock.
    """
    if part.capacity is None:
        part.seats.all().delete()
        return
    existing = set(
        part.seats.filter(number__lte=part.capacity).values_list("number", flat=True)
    )
    Seat.objects.bulk_create(
        Seat(part=part, number=number)
        for number in range(1, part.capacity + 1)
        if number not in existing
    )
    seatless = list(
        RegistrationPart.objects.filter(
            part=part,
            waiting_position__isnull=True,
            registration__cancelled_at__isnull=True,
            seat__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if seatless:
        free = list(
            part.seats.filter(holder__isnull=True, number__lte=part.capacity).order_by(
                "number"
            )[: len(seatless)]
        )
        for seat, holder in zip(free, seatless, strict=False):
            seat.holder_id = holder
        Seat.objects.bulk_update(free, ["holder"])
        top = part.seats.aggregate(top=Max("number"))["top"] or 0
        Seat.objects.bulk_create(
            Seat(part=part, number=top + rank, holder_id=holder)
            for rank, holder in enumerate(seatless[len(free) :], start=1)
        )
    _fit_seats_to_capacity(part)


def _fit_seats_to_capacity(part: EventPart) -> None:
    """Move the holders of seats above the capacity (left by lowering it)
    into the free seats within it, then drop the free seats above it.

    Only seats within the capacity are ever claimed (``_free_seat_sql``);
    this keeps a place freed within the capacity from being given while
    others still sit above it. Run under the part's lock.
    """
    above = list(
        part.seats.filter(number__gt=part.capacity, holder__isnull=False).order_by(
            "-number"
        )
    )
    if above:
        free = list(
            part.seats.filter(number__lte=part.capacity, holder__isnull=True).order_by(
                "number"
            )[: len(above)]
        )
        moves = list(zip(free, above, strict=False))
        for target, source in moves:
            target.holder_id, source.holder_id = source.holder_id, None
        # A place holds one seat at a time: free the sources first.
        Seat.objects.bulk_update([source for _, source in moves], ["holder"])
        Seat.objects.bulk_update([target for target, _ in moves], ["holder"])
    part.seats.filter(number__gt=part.capacity, holder__isnull=True).delete()


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


@transaction.atomic
def set_session_attendance(*, event: Event, present, by=None) -> int:
    """Record who came to each session of an activity cycle.

    ``present`` holds ``(session_id, registration_id)`` pairs; those of this
    event's sessions and active registrations are marked present, every
    other pair absent. Other ids are ignored. Returns the number present.
    """
    sessions = set(event.sessions.values_list("pk", flat=True))
    registrations = set(event.registrations.active().values_list("pk", flat=True))
    SessionAttendance.objects.filter(session__event=event).delete()
    rows = SessionAttendance.objects.bulk_create(
        SessionAttendance(
            session_id=session_id, registration_id=registration_id, is_present=True
        )
        for session_id, registration_id in sorted(set(present))
        if session_id in sessions and registration_id in registrations
    )
    return len(rows)


def registration_closed_message(event: Event, *, now=None) -> str:
    """Why the public form refuses a registration, or ``""`` when it is open.

    Registration closes by itself once the event is over: no task needed.
    """
    if not event.is_registration_open or event.status != Event.Status.PUBLISHED:
        return _("Registration for this event is closed.")
    if event.ends_at <= (now or timezone.now()):
        return _("Registration is closed: this event is over.")
    return ""


@transaction.atomic
def set_part_attended(
    *, choice: RegistrationPart, attended: bool, by=None
) -> RegistrationPart:
    """Tick (or untick) someone present at one part of the event.

    Present at a part is present at the event: the registration is ticked
    too (unticking a part leaves the event's tick alone).
    """
    choice.checked_in_at = timezone.now() if attended else None
    choice.save(update_fields=["checked_in_at", "updated_at"])
    if attended and not choice.registration.attended:
        set_attended(registration=choice.registration, attended=True, by=by)
    return choice


@transaction.atomic
def register_by_hand(
    *, event: Event, data: dict, parts=(), present: bool = False, door=None, by=None
) -> Registration:
    """Register someone who phoned or walked in (``register_participant``
    with ``by_hand``). ``present``: ticked present at once, at the event and
    at ``door`` (the part being checked in) when they chose it."""
    registration = register_participant(
        event=event, data=data, parts=parts, consent=True, by_hand=True, by=by
    )
    if present:
        set_attended(registration=registration, attended=True, by=by)
        if door is not None:
            choice = registration.part_choices.filter(part=door).first()
            if choice is not None:
                set_part_attended(choice=choice, attended=True, by=by)
    return registration
