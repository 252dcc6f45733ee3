"""Registrations: seats per part, waiting lists, cancellation, check-in."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit

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


def _seats_taken_in_part(part: EventPart) -> int:
    return RegistrationPart.objects.filter(
        part=part,
        waiting_position__isnull=True,
        registration__cancelled_at__isnull=True,
    ).count()


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
    duplicate = RegistrationError(
        _(
            "This e-mail address is already registered for this event. Use the "
            "link in your confirmation e-mail to cancel or change your "
            "registration."
        ),
        field="email",
        code="duplicate",
    )
    # No look-up first: the unique constraint on active e-mails decides, and
    # e-mails are stored lower-case, so a second registration fails at insert.
    now = timezone.now()
    values = {f: data[f] for f in REGISTRATION_FIELDS if f in data}
    values["email"] = email
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                **values,
                consent_at=now,
                charter_version=charter_version,
                charter_accepted_at=now if charter_version else None,
                confirmation_pending=True,
            )
            choices = RegistrationPart.objects.bulk_create(
                RegistrationPart(registration=registration, part=part) for part in parts
            )
            _settle_seats(registration, event, choices)
    except IntegrityError as error:
        # Two requests with the same e-mail at once: the unique constraint wins.
        raise duplicate from error
    return registration


def _claim_seat_sql() -> str:
    seat = Seat._meta
    quote = connection.ops.quote_name
    table, holder, part, number = (
        quote(name)
        for name in (
            seat.db_table,
            seat.get_field("holder").column,
            seat.get_field("part").column,
            seat.get_field("number").column,
        )
    )
    skip_locked = (
        " FOR UPDATE SKIP LOCKED"
        if connection.features.has_select_for_update_skip_locked
        else ""
    )
    # Identifiers from the model's meta, quoted; values are parameters.
    pk = quote(seat.pk.column)
    free = f"{part} = %s AND {holder} IS NULL ORDER BY {number} LIMIT 1{skip_locked}"
    return f"UPDATE {table} SET {holder} = %s WHERE {pk} = (SELECT {pk} FROM {table} WHERE {free})"  # noqa: S608, E501


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
    for choice in choices:
        if choice.part.capacity is None or claim_seat(choice):
            continue
        EventPart.objects.select_for_update().filter(pk=choice.part_id).values_list(
            "pk", flat=True
        ).get()
        choice.waiting_position = _next_waiting_position_in_part(choice.part)
        choice.save(update_fields=["waiting_position", "updated_at"])
    if not choices and event.capacity is not None:
        Event.objects.select_for_update().filter(pk=event.pk).values_list(
            "pk", flat=True
        ).get()
        if _seats_taken_in_event(event) > event.capacity:
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

    Returns the registrations promoted (each gets an e-mail after commit).
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
        promoted.extend(_promote_in_part(part))
    promoted.extend(_promote_in_event(event))
    from ..tasks import send_promotion_email_task

    for promoted_registration in {r.pk: r for r in promoted}.values():
        enqueue_on_commit(
            send_promotion_email_task, registration_id=promoted_registration.pk
        )
    return promoted


def set_attended(
    *, registration: Registration, attended: bool, by=None
) -> Registration:
    """Tick (or untick) a registrant as present on the day."""
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at", "updated_at"])
    return registration
