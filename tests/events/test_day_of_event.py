"""Programme moves that leave the day alone, undo, walk-ins and check-in per
part, registration closed once the event is over (issue 14)."""

import datetime as dt
import zoneinfo

import pytest
from django.core import signing
from django.utils import translation

from events.models import Registration
from events.selectors import checkin_counts, checkin_part
from events.services import (
    ProgrammeMoveError,
    RegistrationError,
    change_item_duration,
    move_agenda_item,
    programme_snapshot,
    register_participant,
    restore_programme,
)
from events.services.registrations import (
    register_by_hand,
    registration_closed_message,
    set_part_attended,
)
from events.services.rows import add_speaker_named, directory_person_named
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartFactory,
    PersonFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    registration_data,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0):
    return dt.datetime(2031, 10, 8, hour, minute, tzinfo=PARIS)


def rencontre(**kwargs):
    return EventFactory(starts_at=at(10), ends_at=at(20), **kwargs)


def item(event, title, start, end, **kwargs):
    return AgendaItemFactory(
        event=event, title=title, starts_at=at(*start), ends_at=at(*end), **kwargs
    )


def timetable(event):
    return [
        (i.title, i.starts_at.astimezone(PARIS).strftime("%H:%M"))
        for i in event.agenda_items.order_by("starts_at", "position", "pk")
    ]


# --- Moves -------------------------------------------------------------------


def test_moving_a_parallel_item_down_joins_the_next_run_and_shifts_nothing_else():
    event = rencontre()
    item(event, "Atelier A", (14,), (15,), position=0)
    b = item(event, "Atelier B", (14,), (15,), position=1)
    item(event, "Pause", (15,), (15, 30), position=2)
    item(event, "Table ronde", (15, 30), (17,), position=3)

    move_agenda_item(item=b, offset=1)

    assert timetable(event) == [
        ("Atelier A", "14:00"),
        ("Atelier B", "15:00"),
        ("Pause", "15:00"),
        ("Table ronde", "15:30"),
    ]


def test_moving_a_parallel_item_inside_its_run_changes_only_the_order():
    event = rencontre()
    item(event, "Atelier A", (14,), (15,), position=0)
    b = item(event, "Atelier B", (14,), (15,), position=1)
    item(event, "Pause", (15,), (15, 30), position=2)

    move_agenda_item(item=b, offset=-1)

    assert timetable(event) == [
        ("Atelier B", "14:00"),
        ("Atelier A", "14:00"),
        ("Pause", "15:00"),
    ]


def test_moving_an_item_swaps_it_with_its_neighbour_within_their_span():
    event = rencontre()
    item(event, "Accueil", (13,), (14,))
    item(event, "Conférence", (14, 15), (15, 30))
    pause = item(event, "Pause", (15, 30), (16, 30))
    item(event, "Table ronde", (16, 30), (18,))

    move_agenda_item(item=pause, offset=-1)

    assert timetable(event) == [
        ("Accueil", "13:00"),
        ("Pause", "14:15"),
        ("Conférence", "15:15"),
        ("Table ronde", "16:30"),
    ]


def test_an_item_with_a_fixed_time_does_not_move_and_is_not_swapped():
    event = rencontre()
    accueil = item(event, "Accueil", (13,), (14,))
    ouverture = item(event, "Ouverture par le Maire", (14,), (14, 15), fixed_time=True)
    before = timetable(event)

    with pytest.raises(ProgrammeMoveError, match="Ouverture par le Maire"):
        move_agenda_item(item=ouverture, offset=-1)
    with pytest.raises(ProgrammeMoveError, match="Ouverture par le Maire"):
        move_agenda_item(item=accueil, offset=1)

    assert timetable(event) == before


def test_a_longer_duration_does_not_push_an_item_with_a_fixed_time():
    event = rencontre()
    accueil = item(event, "Accueil", (13,), (13, 30))
    item(event, "Ouverture", (14,), (14, 15), fixed_time=True)
    item(event, "Conférence", (14, 15), (15, 30))

    change_item_duration(item=accueil, minutes=60)

    assert timetable(event) == [
        ("Accueil", "13:00"),
        ("Ouverture", "14:00"),
        ("Conférence", "14:45"),
    ]


def test_restore_programme_puts_back_the_times_before_a_move():
    event = rencontre()
    item(event, "A", (10,), (11,))
    b = item(event, "B", (11,), (12,))
    before = timetable(event)
    snapshot = programme_snapshot(event=event)
    move_agenda_item(item=b, offset=-1)
    assert timetable(event) != before

    restored = restore_programme(event=event, snapshot=snapshot)

    assert (restored, timetable(event)) == (2, before)


def test_restore_programme_refuses_another_events_or_a_forged_snapshot():
    event, other = rencontre(), rencontre()
    item(event, "A", (10,), (11,))
    forged = signing.dumps({"event": event.pk, "items": []}, salt="autre")

    for snapshot in (programme_snapshot(event=other), forged, "n'importe quoi"):
        with pytest.raises(ProgrammeMoveError):
            restore_programme(event=event, snapshot=snapshot)


# --- Speakers typed in the programme ----------------------------------------------


def test_a_speaker_typed_with_a_directory_name_is_linked_to_the_person():
    person = PersonFactory(first_name="Serge", last_name="Paugam")
    talk = item(rencontre(), "Conférence", (14, 15), (15, 30))

    speaker = add_speaker_named(item=talk, text="  serge   PAUGAM ", title="sociologue")

    assert (speaker.person, speaker.name, speaker.title) == (person, "", "sociologue")


def test_a_speaker_with_an_unknown_or_shared_name_is_kept_as_typed():
    PersonFactory(first_name="Marie", last_name="Martin")
    PersonFactory(first_name="Marie", last_name="Martin")
    talk = item(rencontre(), "Débat", (18,), (19,))

    shared = add_speaker_named(item=talk, text="Marie Martin")
    guest = add_speaker_named(item=talk, text="Martin Hirsch")

    assert [(s.person, s.name) for s in (shared, guest)] == [
        (None, "Marie Martin"),
        (None, "Martin Hirsch"),
    ]
    assert directory_person_named("Martin Marie") is None


# --- Registration closes by itself -------------------------------------------------


def test_registration_closes_by_itself_once_the_event_is_over():
    event = rencontre(is_registration_open=True)

    assert registration_closed_message(event, now=at(19)) == ""
    with translation.override("fr"):
        assert registration_closed_message(event, now=at(20, 1)) == (
            "Les inscriptions sont closes\u00a0: cet événement est terminé."
        )


def test_register_participant_refuses_an_event_that_is_over():
    past = EventFactory(
        is_registration_open=True,
        starts_at=dt.datetime(2013, 10, 8, 10, tzinfo=PARIS),
        ends_at=dt.datetime(2013, 10, 8, 20, tzinfo=PARIS),
    )

    with pytest.raises(RegistrationError) as error:
        register_participant(event=past, data=registration_data(), consent=True)

    assert error.value.code == "closed"
    assert Registration.objects.count() == 0


# --- Walk-ins and check-in per part --------------------------------------------------


def test_register_by_hand_takes_a_walk_in_without_e_mail_even_when_closed():
    event = rencontre(is_registration_open=False)
    data = {"first_name": "Jean", "last_name": "Dupont", "email": ""}

    first = register_by_hand(event=event, data=data, present=True)
    second = register_by_hand(event=event, data={**data, "first_name": "Paul"})

    assert (first.attended, second.attended) == (True, False)
    assert (first.confirmation_pending, first.consent_at is not None) == (False, True)


def test_register_by_hand_in_a_full_part_goes_on_its_waiting_list():
    event = rencontre()
    morning = EventPartFactory(event=event, capacity=1)
    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=morning)

    walk_in = register_by_hand(
        event=event,
        data={"first_name": "Jean", "last_name": "Dupont", "email": ""},
        parts=[morning],
        present=True,
        door=morning,
    )

    choice = walk_in.part_choices.get()
    assert (choice.is_waiting, choice.checked_in_at is not None) == (True, True)


def test_register_by_hand_refuses_an_e_mail_already_registered():
    event = rencontre()
    RegistrationFactory(event=event, email="jean@example.org")

    with pytest.raises(RegistrationError) as error:
        register_by_hand(
            event=event,
            data={"first_name": "J", "last_name": "D", "email": "jean@example.org"},
        )

    assert error.value.field == "email"


def test_part_check_in_ticks_the_event_and_counts_present_against_seats():
    event = rencontre()
    morning = EventPartFactory(event=event, capacity=2)
    afternoon = EventPartFactory(event=event)
    seated = [
        RegistrationPartFactory(registration=RegistrationFactory(event=event), part=p)
        for p in (morning, morning, afternoon)
    ]
    RegistrationPartFactory(
        registration=RegistrationFactory(event=event), part=morning, waiting_position=1
    )

    set_part_attended(choice=seated[0], attended=True)

    seated[0].registration.refresh_from_db()
    assert seated[0].registration.attended is True
    assert checkin_counts(event=event, part=morning) == (1, 2)
    assert checkin_counts(event=event, part=afternoon) == (0, 1)
    assert checkin_counts(event=event) == (1, 4)


def test_checkin_part_is_the_one_asked_else_the_one_under_way():
    event = rencontre()
    morning = EventPartFactory(event=event, starts_at=at(10), ends_at=at(12))
    afternoon = EventPartFactory(event=event, starts_at=at(13), ends_at=at(20))
    parts = [morning, afternoon]

    assert checkin_part(event=event, parts=parts, wanted="", now=at(14)) == afternoon
    assert checkin_part(event=event, parts=parts, wanted="", now=at(9)) == morning
    assert checkin_part(
        event=event, parts=parts, wanted=str(morning.pk), now=at(14)
    ) == (morning)
    assert checkin_part(event=event, parts=parts, wanted="tout", now=at(14)) is None
    assert checkin_part(event=event, parts=parts, wanted="9" * 40, now=at(21)) == (
        afternoon
    )
