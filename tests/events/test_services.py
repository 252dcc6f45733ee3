import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from events.models import (
    Action,
    AgendaPoint,
    Event,
    EventPart,
    Registration,
    RegistrationPart,
)
from events.services import (
    EventStateError,
    RegistrationError,
    add_part,
    cancel_registration,
    change_capacity,
    change_event_capacity,
    change_item_duration,
    duplicate_event,
    move_agenda_item,
    publish_event,
    register_participant,
    remove_part,
    schedule_next_meeting,
    update_event,
    update_part,
)
from events.services.emails import send_pending_confirmations
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BudgetLineFactory,
    CharterVersionFactory,
    EventFactory,
    EventPartFactory,
    MeetingFactory,
    RegistrationFactory,
    RoomFactory,
    SpeakerFactory,
    StandFactory,
    registration_data,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0, day=5):
    return dt.datetime(2017, 12, day, hour, minute, tzinfo=PARIS)


def day_event(**kwargs):
    return EventFactory(starts_at=at(9), ends_at=at(18), **kwargs)


def item(event, start, end, **kwargs):
    return AgendaItemFactory(event=event, starts_at=start, ends_at=end, **kwargs)


def times(event):
    return [
        (
            i.title,
            i.starts_at.astimezone(PARIS).strftime("%H:%M"),
            i.ends_at.astimezone(PARIS).strftime("%H:%M"),
        )
        for i in event.agenda_items.order_by("starts_at", "position")
    ]


def test_a_drop_moves_the_item_step_by_step_keeping_durations():
    event = day_event()
    a = item(event, at(9, 30), at(10), title="Accueil")
    item(event, at(10), at(11), title="Présentation")
    c = item(event, at(11), at(11, 15), title="Pause")

    move_agenda_item(item=c, index=0)

    assert times(event) == [
        ("Pause", "09:30", "09:45"),
        ("Accueil", "09:45", "10:15"),
        ("Présentation", "10:15", "11:15"),
    ]
    move_agenda_item(item=a, index=2)
    assert [t[0] for t in times(event)] == ["Pause", "Présentation", "Accueil"]


def test_a_drop_where_the_item_already_is_changes_nothing():
    event = day_event()
    lunch = item(event, at(12, 30), at(14), title="Déjeuner")
    item(event, at(14), at(16), title="Atelier A", position=1)
    item(event, at(14), at(16), title="Atelier B", position=2)
    item(event, at(17), at(17, 30), title="Restitution")
    before = times(event)

    move_agenda_item(item=lunch, index=0)

    assert times(event) == before


def test_move_agenda_item_down_swaps_with_the_next_one():
    event = day_event()
    a = item(event, at(10), at(10, 30), title="A")
    item(event, at(10, 30), at(11), title="B")

    move_agenda_item(item=a, offset=1)

    assert times(event) == [("B", "10:00", "10:30"), ("A", "10:30", "11:00")]


def test_change_item_duration_shifts_every_following_item():
    event = day_event()
    a = item(event, at(10), at(10, 30), title="Présentation")
    item(event, at(10), at(10, 30), title="En parallèle")
    item(event, at(10, 30), at(11), title="Ice-breaking")
    item(event, at(11), at(12, 30), title="Ateliers")

    change_item_duration(item=a, minutes=45)

    assert times(event) == [
        ("Présentation", "10:00", "10:45"),
        ("En parallèle", "10:00", "10:30"),
        ("Ice-breaking", "10:45", "11:15"),
        ("Ateliers", "11:15", "12:45"),
    ]


def test_duplicate_event_shifts_programme_to_the_new_date():
    event = day_event(title="Rencontres 2012")
    room = RoomFactory(event=event, name="Hall")
    part = EventPartFactory(event=event, title="Matinée bénévoles", capacity=80)
    talk = item(event, at(10), at(12), title="Débat", room=room, part=part)
    SpeakerFactory(agenda_item=talk, name="Jean-François Serres", title="Petits frères")
    StandFactory(event=event)
    BudgetLineFactory(event=event, actual=500)
    RegistrationFactory(event=event)

    copy = duplicate_event(
        event=event, starts_at=at(9, day=12), title="Rencontres 2013"
    )

    copied = copy.agenda_items.get()
    assert (copy.status, copy.slug, copy.registrations.count()) == (
        Event.Status.DRAFT,
        "rencontres-2013",
        0,
    )
    assert (copied.starts_at, copied.ends_at) == (at(10, day=12), at(12, day=12))
    assert (copied.room.name, copied.room.event, copied.part.title) == (
        "Hall",
        copy,
        "Matinée bénévoles",
    )
    assert [s.name for s in copied.speakers.all()] == ["Jean-François Serres"]
    assert (copy.stands.count(), copy.budget_lines.get().actual) == (1, None)


def open_event(**kwargs):
    return EventFactory(is_registration_open=True, **kwargs)


def test_register_participant_gives_a_seat_then_the_waiting_list():
    event = open_event()
    part = EventPartFactory(event=event, capacity=1)

    first = register_participant(
        event=event, data=registration_data("a@example.org"), parts=[part], consent=True
    )
    second = register_participant(
        event=event, data=registration_data("b@example.org"), parts=[part], consent=True
    )

    assert [
        (c.registration, c.waiting_position)
        for c in RegistrationPart.objects.order_by("pk")
    ] == [(first, None), (second, 1)]


def test_register_participant_refuses_the_same_email_twice():
    event = open_event()
    register_participant(
        event=event, data=registration_data("Marie@Example.org"), consent=True
    )

    with pytest.raises(RegistrationError) as error:
        register_participant(
            event=event, data=registration_data("marie@example.org"), consent=True
        )

    assert (error.value.field, Registration.objects.count()) == ("email", 1)


def test_register_participant_needs_consent():
    event = open_event()

    with pytest.raises(RegistrationError) as error:
        register_participant(event=event, data=registration_data(), consent=False)

    assert (error.value.field, Registration.objects.count()) == ("consent", 0)


def test_register_participant_keeps_the_charter_version_accepted():
    version = CharterVersionFactory(number=3)
    event = open_event(charter=version.charter)

    registration = register_participant(
        event=event, data=registration_data(), consent=True, accept_charter=True
    )

    assert registration.charter_version == version


def test_register_participant_refuses_without_charter_acceptance():
    version = CharterVersionFactory()
    event = open_event(charter=version.charter)

    with pytest.raises(RegistrationError) as error:
        register_participant(event=event, data=registration_data(), consent=True)

    assert (error.value.field, Registration.objects.count()) == ("accept_charter", 0)


def test_register_participant_refuses_a_closed_event():
    event = EventFactory(is_registration_open=False)

    with pytest.raises(RegistrationError) as error:
        register_participant(event=event, data=registration_data(), consent=True)

    assert error.value.code == "closed"


def test_register_participant_refuses_a_part_of_another_event():
    event = open_event()
    other_part = EventPartFactory()

    with pytest.raises(RegistrationError) as error:
        register_participant(
            event=event, data=registration_data(), parts=[other_part], consent=True
        )

    assert (error.value.field, Registration.objects.count()) == ("parts", 0)


def test_register_participant_uses_event_capacity_without_parts():
    event = open_event(capacity=1)
    register_participant(
        event=event, data=registration_data("a@example.org"), consent=True
    )

    second = register_participant(
        event=event, data=registration_data("b@example.org"), consent=True
    )

    assert second.waiting_position == 1


def test_register_participant_sends_confirmation_with_ics_and_cancel_link(
    django_capture_on_commit_callbacks,
):
    event = open_event(title="Journée inter-associative")
    item(event, event.starts_at, event.starts_at + dt.timedelta(hours=1))

    registration = register_participant(
        event=event, data=registration_data(), consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_pending_confirmations()

    message = mail.outbox[0]
    assert message.to == ["marie@example.org"]
    assert str(registration.token) in message.body
    assert [(name, mimetype) for name, _content, mimetype in message.attachments] == [
        (f"{event.slug}.ics", "text/calendar")
    ]


def test_cancel_registration_promotes_the_first_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    event = open_event()
    part = EventPartFactory(event=event, capacity=1)
    seated = register_participant(
        event=event, data=registration_data("a@example.org"), parts=[part], consent=True
    )
    waiting = register_participant(
        event=event, data=registration_data("b@example.org"), parts=[part], consent=True
    )
    register_participant(
        event=event, data=registration_data("c@example.org"), parts=[part], consent=True
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(registration=seated)

    assert promoted == [waiting]
    assert RegistrationPart.objects.get(registration=waiting).waiting_position is None
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_a_promotion_e_mail_is_an_outbox_row_of_the_cancellation(
    django_capture_on_commit_callbacks,
):
    """Written with the promotion, so a broker down at commit loses nothing."""
    from core.models import OutboundMail

    event = open_event(capacity=1, title="Journée")
    seated = register_participant(
        event=event, data=registration_data("a@example.org"), consent=True
    )
    register_participant(
        event=event,
        data=registration_data("b@example.org", language="en"),
        consent=True,
    )

    with django_capture_on_commit_callbacks() as callbacks:
        cancel_registration(registration=seated)

    assert list(OutboundMail.objects.values_list("to", "language", "subject")) == [
        ("b@example.org", "en", "A seat is yours: Journée")
    ]
    assert len(callbacks) == 1


def test_cancel_registration_promotes_on_the_event_waiting_list():
    event = open_event(capacity=1)
    seated = register_participant(
        event=event, data=registration_data("a@example.org"), consent=True
    )
    waiting = register_participant(
        event=event, data=registration_data("b@example.org"), consent=True
    )

    cancel_registration(registration=seated)

    waiting.refresh_from_db()
    assert waiting.waiting_position is None


def test_cancel_registration_twice_is_refused():
    registration = RegistrationFactory()
    cancel_registration(registration=registration)

    with pytest.raises(RegistrationError) as error:
        cancel_registration(registration=registration)

    assert error.value.code == "cancelled"


def test_cancelled_email_can_register_again():
    event = open_event()
    first = register_participant(event=event, data=registration_data(), consent=True)
    cancel_registration(registration=first)

    again = register_participant(event=event, data=registration_data(), consent=True)

    assert list(event.registrations.active()) == [again]


def test_schedule_next_meeting_carries_open_actions_into_its_agenda():
    meeting = MeetingFactory(title="Groupe bénévoles / professionnels")
    open_action = ActionFactory(event=meeting, description="Faire une fiche projet")
    ActionFactory(
        event=meeting, description="Envoyer l'évaluation", status=Action.Status.DONE
    )

    next_meeting = schedule_next_meeting(
        meeting=meeting,
        starts_at=at(14, 30, day=15),
        ends_at=at(16, 30, day=15),
        venue_name="Résidence les Servins AEDE",
    )

    meeting.refresh_from_db()
    assert meeting.next_meeting == next_meeting
    assert (next_meeting.kind, next_meeting.venue_name) == (
        Event.Kind.GROUP_MEETING,
        "Résidence les Servins AEDE",
    )
    assert [
        (p.title, p.carried_action)
        for p in AgendaPoint.objects.filter(event=next_meeting)
    ] == [("Suivi\u00a0: Faire une fiche projet", open_action)]


def test_schedule_next_meeting_twice_is_refused():
    meeting = MeetingFactory()
    schedule_next_meeting(
        meeting=meeting, starts_at=at(14, day=20), ends_at=at(16, day=20)
    )

    with pytest.raises(EventStateError):
        schedule_next_meeting(
            meeting=meeting, starts_at=at(14, day=27), ends_at=at(16, day=27)
        )

    assert Event.objects.count() == 2


def test_schedule_next_meeting_carries_still_open_carried_actions():
    first = MeetingFactory()
    action = ActionFactory(event=first)
    second = schedule_next_meeting(
        meeting=first, starts_at=at(14, day=20), ends_at=at(16, day=20)
    )

    third = schedule_next_meeting(
        meeting=second, starts_at=at(14, day=27), ends_at=at(16, day=27)
    )

    assert [p.carried_action for p in third.agenda_points.all()] == [action]


def test_event_part_seats_follow_its_capacity():
    part = EventPartFactory(capacity=3)

    change_capacity(part=part, capacity=2)

    assert list(part.seats.values_list("number", flat=True)) == [1, 2]


def test_cancel_registration_frees_the_seat_for_the_next_registrant():
    event = open_event()
    part = EventPartFactory(event=event, capacity=1)
    first = register_participant(
        event=event, data=registration_data("a@example.org"), parts=[part], consent=True
    )

    cancel_registration(registration=first)
    second = register_participant(
        event=event, data=registration_data("b@example.org"), parts=[part], consent=True
    )

    assert [c.waiting_position for c in second.part_choices.all()] == [None]
    assert part.seats.get().holder.registration == second


def _register(event, email, part):
    return register_participant(
        event=event, data=registration_data(email), parts=[part], consent=True
    )


def _waiting(registration):
    return [choice.waiting_position for choice in registration.part_choices.all()]


@pytest.mark.parametrize("leaving", (0, 1), ids=("seat-1", "seat-2"))
def test_a_lowered_capacity_holds_after_a_cancellation(leaving):
    # Two seats held, the capacity lowered to one: whichever leaves, the
    # one who stays fills the part and the next registrant waits.
    event = open_event()
    part = EventPartFactory(event=event, capacity=2)
    registered = [_register(event, f"{n}@example.org", part) for n in "ab"]
    change_capacity(part=part, capacity=1)

    cancel_registration(registration=registered[leaving])
    late = _register(event, "c@example.org", part)

    assert _waiting(late) == [1]
    assert list(part.seats.values_list("number", "holder__registration")) == [
        (1, registered[1 - leaving].pk)
    ]


def test_a_seat_above_a_lowered_capacity_freed_by_a_deletion_is_not_claimed():
    # Deleting a registration (the admin's) frees its seat without a
    # cancellation's tidying: the claim itself stays within the capacity.
    event = open_event()
    part = EventPartFactory(event=event, capacity=2)
    _register(event, "a@example.org", part)
    second = _register(event, "b@example.org", part)
    change_capacity(part=part, capacity=1)

    second.delete()
    late = _register(event, "c@example.org", part)

    assert _waiting(late) == [1]


def test_capping_a_part_gives_seats_to_those_already_registered():
    event = open_event()
    part = EventPartFactory(event=event, capacity=None)
    first = _register(event, "a@example.org", part)
    second = _register(event, "b@example.org", part)

    change_capacity(part=part, capacity=2)
    third = _register(event, "c@example.org", part)

    assert _waiting(third) == [1]
    assert sorted(
        part.seats.filter(holder__isnull=False).values_list(
            "holder__registration", flat=True
        )
    ) == sorted([first.pk, second.pk])


def test_capping_a_part_below_those_registered_keeps_them_and_queues_the_next():
    event = open_event()
    part = EventPartFactory(event=event, capacity=None)
    registered = [_register(event, f"{n}@example.org", part) for n in "abc"]

    change_capacity(part=part, capacity=2)
    cancel_registration(registration=registered[0])
    late = _register(event, "d@example.org", part)

    # Three registered for two places: a cancellation frees no place yet.
    assert [_waiting(r) for r in registered[1:]] == [[None], [None]]
    assert _waiting(late) == [1]
    assert part.seats.filter(holder__isnull=True).count() == 0


def test_a_stale_copy_of_an_uncapped_part_still_claims_a_seat():
    # The public form works from a cached copy of the event's parts; the
    # capacity that counts is the database's.
    event = open_event()
    part = EventPartFactory(event=event, capacity=None)
    stale = EventPart.objects.get(pk=part.pk)
    change_capacity(part=part, capacity=1)

    first = _register(event, "a@example.org", stale)
    second = _register(event, "b@example.org", stale)

    assert (_waiting(first), _waiting(second)) == ([None], [1])


@pytest.mark.parametrize("capacity", (2, None), ids=("raised", "removed"))
def test_raising_a_capacity_seats_the_waiting_list_in_order(
    capacity, django_capture_on_commit_callbacks
):
    event = open_event()
    part = EventPartFactory(event=event, capacity=1)
    _register(event, "a@example.org", part)
    first = _register(event, "b@example.org", part)
    second = _register(event, "c@example.org", part)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_capacity(part=part, capacity=capacity)

    promoted = [first] if capacity == 2 else [first, second]
    # Ranks are kept, not renumbered: the second in line stays second.
    assert [_waiting(first), _waiting(second)] == [
        [None] if r in promoted else [2] for r in (first, second)
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [r.email for r in promoted]


def test_add_part_gives_a_capped_part_one_seat_per_place_and_goes_last():
    event = open_event()
    EventPartFactory(event=event, position=4)

    part = add_part(event=event, title="Matinée bénévoles", capacity=3)

    assert (part.position, list(part.seats.values_list("number", flat=True))) == (
        5,
        [1, 2, 3],
    )


def test_change_capacity_lowered_keeps_those_seated_and_queues_the_next(
    django_capture_on_commit_callbacks,
):
    event = open_event()
    part = EventPartFactory(event=event, capacity=3)
    seated = [_register(event, f"{n}@example.org", part) for n in "ab"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = change_capacity(part=part, capacity=1)
    late = _register(event, "c@example.org", part)

    assert promoted == []
    assert [_waiting(r) for r in seated] == [[None], [None]]
    assert _waiting(late) == [1]
    assert list(part.seats.values_list("number", flat=True)) == [1, 2]
    assert mail.outbox == []


def test_change_capacity_to_the_same_value_promotes_nobody():
    event = open_event()
    part = EventPartFactory(event=event, capacity=1)
    _register(event, "a@example.org", part)
    waiting = _register(event, "b@example.org", part)

    promoted = change_capacity(part=part, capacity=1)

    assert (promoted, _waiting(waiting)) == ([], [1])


def test_change_event_capacity_raised_seats_the_event_waiting_list_in_order(
    django_capture_on_commit_callbacks,
):
    event = open_event(capacity=1)
    register_participant(event=event, data=registration_data("a@x.org"), consent=True)
    first, second = (
        register_participant(event=event, data=registration_data(e), consent=True)
        for e in ("b@x.org", "c@x.org")
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = change_event_capacity(event=event, capacity=2)

    first.refresh_from_db()
    second.refresh_from_db()
    assert promoted == [first]
    assert (first.waiting_position, second.waiting_position) == (None, 2)
    assert [m.to for m in mail.outbox] == [["b@x.org"]]


def test_update_part_renames_it_and_changes_its_capacity_through_the_service():
    event = open_event()
    part = EventPartFactory(event=event, title="Matin", capacity=1)
    _register(event, "a@example.org", part)
    waiting = _register(event, "b@example.org", part)

    promoted = update_part(
        part=part, title="Matinée", capacity=2, starts_at=None, ends_at=None
    )

    part.refresh_from_db()
    assert (part.title, part.capacity, promoted) == ("Matinée", 2, [waiting])
    assert _waiting(waiting) == [None]


def test_remove_part_tells_each_registrant_and_cancels_those_left_without_a_part(
    django_capture_on_commit_callbacks,
):
    event = open_event(title="Journée 2013")
    morning = EventPartFactory(event=event, title="Matinée", capacity=5)
    afternoon = EventPartFactory(event=event, title="Après-midi")
    both = register_participant(
        event=event,
        data=registration_data("both@example.org"),
        parts=[morning, afternoon],
        consent=True,
    )
    only = _register(event, "only@example.org", morning)
    elsewhere = _register(event, "pm@example.org", afternoon)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        concerned = remove_part(part=morning)

    both.refresh_from_db()
    only.refresh_from_db()
    elsewhere.refresh_from_db()
    assert concerned == [both, only]
    assert (both.is_cancelled, only.is_cancelled, elsewhere.is_cancelled) == (
        False,
        True,
        False,
    )
    assert list(event.parts.values_list("title", flat=True)) == ["Après-midi"]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("both@example.org", "Un temps a été retiré\u00a0: Journée 2013"),
        ("only@example.org", "Un temps a été retiré\u00a0: Journée 2013"),
    ]
    assert "Matinée" in mail.outbox[0].body


def test_publish_event_makes_a_draft_public():
    event = EventFactory(status=Event.Status.DRAFT)

    publish_event(event=event)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


@pytest.mark.parametrize(
    "status", (Event.Status.PUBLISHED, Event.Status.FINISHED, Event.Status.CANCELLED)
)
def test_publish_event_refuses_an_event_that_is_not_a_draft(status):
    event = EventFactory(status=status)

    with pytest.raises(
        EventStateError, match="Seul un événement en brouillon peut être publié"
    ):
        publish_event(event=event)

    event.refresh_from_db()
    assert event.status == status


def test_update_event_raising_the_capacity_seats_the_waiting_list():
    event = open_event(capacity=1, title="Avant")
    register_participant(event=event, data=registration_data("a@x.org"), consent=True)
    waiting = register_participant(
        event=event, data=registration_data("b@x.org"), consent=True
    )

    promoted = update_event(event=event, data={"title": "Après", "capacity": 2})

    event.refresh_from_db()
    assert (event.title, event.capacity, promoted) == ("Après", 2, [waiting])
