"""Assigning an event's registrants to its ateliers, saved; the command's JSON."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    PersonFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)
from workshops.assignment import AssignmentError
from workshops.models import WorkshopPlace
from workshops.services import assign_workshops, current_assignment, set_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """Two ateliers, each in the morning and the afternoon, 2 seats a session."""
    event = EventFactory(slug="journee-ateliers")
    morning = AgendaItemFactory(
        event=event,
        kind="atelier",
        starts_at=event.starts_at + dt.timedelta(hours=1),
        ends_at=event.starts_at + dt.timedelta(hours=3),
    )
    afternoon = AgendaItemFactory(
        event=event,
        kind="atelier",
        starts_at=event.starts_at + dt.timedelta(hours=5),
        ends_at=event.starts_at + dt.timedelta(hours=7),
    )
    morning_b = AgendaItemFactory(
        event=event,
        kind="atelier",
        starts_at=morning.starts_at,
        ends_at=morning.ends_at,
    )
    afternoon_b = AgendaItemFactory(
        event=event,
        kind="atelier",
        starts_at=afternoon.starts_at,
        ends_at=afternoon.ends_at,
    )
    a = WorkshopFactory(event=event, title="Bénévolat", capacity=2)
    b = WorkshopFactory(event=event, title="Numérique", capacity=2)
    sessions = {
        "Am": WorkshopSessionFactory(workshop=a, agenda_item=morning),
        "Aa": WorkshopSessionFactory(workshop=a, agenda_item=afternoon),
        "Bm": WorkshopSessionFactory(workshop=b, agenda_item=morning_b),
        "Ba": WorkshopSessionFactory(workshop=b, agenda_item=afternoon_b),
    }
    return event, a, b, sessions


def test_assignment_is_saved_and_replaces_the_previous_one(day):
    event, a, b, sessions = day
    people = [RegistrationFactory(event=event) for _ in range(4)]
    for person in people:
        set_choices(registration=person, ranked=[a, b])
    stale = WorkshopPlaceFactory(session=sessions["Am"], registration=people[0], rank=2)
    outcome = assign_workshops(event=event, seed=1)
    assert not WorkshopPlace.objects.filter(pk=stale.pk).exists()
    # 4 people x 2 times of the day, 8 seats: everyone sees both ateliers.
    assert outcome.figures == {
        "first_choice": 4,
        "second_choice": 4,
        "third_choice": 0,
        "no_choice": 0,
        "locked": 0,
        "unplaced": 0,
        "without_place": 0,
    }
    assert WorkshopPlace.objects.filter(session__workshop__event=event).count() == 8
    assert current_assignment(event).figures == outcome.figures


def test_more_people_than_seats_says_who_is_left_out(day):
    event, a, b, sessions = day
    for _ in range(5):
        set_choices(registration=RegistrationFactory(event=event), ranked=[a])
    outcome = assign_workshops(event=event)
    # 8 seats for 10 places wanted: two missing, never both for one person
    # (everyone it can holds a place first).
    assert outcome.figures["unplaced"] == 2
    assert outcome.figures["without_place"] == 0
    missing = outcome.as_json()["unplaced"]
    assert {m["reason"] for m in missing} == {"full"}
    assert len({m["name"] for m in missing}) == 2


def test_facilitators_registered_are_kept_in_their_atelier(day):
    event, a, b, sessions = day
    leader = PersonFactory(email="Anim@Example.org")
    a.facilitators.add(leader)
    registered_leader = RegistrationFactory(event=event, email="anim@example.org")
    others = [RegistrationFactory(event=event) for _ in range(3)]
    for person in others:
        set_choices(registration=person, ranked=[a, b])
    assign_workshops(event=event)
    places = WorkshopPlace.objects.filter(registration=registered_leader)
    assert {p.session_id for p in places} == {sessions["Am"].pk, sessions["Aa"].pk}
    assert all(p.locked for p in places)
    for session in sessions.values():
        assert session.places.count() <= 2


def test_a_place_locked_by_hand_stays_after_a_new_run(day):
    event, a, b, sessions = day
    person = RegistrationFactory(event=event)
    set_choices(registration=person, ranked=[a, b])
    WorkshopPlaceFactory(
        session=sessions["Bm"], registration=person, rank=2, locked=True
    )
    assign_workshops(event=event)
    assert person.workshop_places.get(locked=True).session == sessions["Bm"]
    assert person.workshop_places.get(locked=False).session == sessions["Aa"]


def test_contradictory_locks_save_nothing(day):
    event, a, b, sessions = day
    person = RegistrationFactory(event=event)
    WorkshopPlaceFactory(session=sessions["Am"], registration=person, locked=True)
    WorkshopPlaceFactory(session=sessions["Bm"], registration=person, locked=True)
    with pytest.raises(AssignmentError):
        assign_workshops(event=event)
    assert WorkshopPlace.objects.count() == 2


def test_command_prints_the_contract_json(day):
    event, a, b, sessions = day
    marie = RegistrationFactory(event=event, first_name="Marie", last_name="Curie")
    set_choices(registration=marie, ranked=[b, a])
    out = StringIO()
    call_command("assign_workshops", "journee-ateliers", "--seed", "3", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["first_choice"] == 1
    assert data["figures"]["second_choice"] == 1
    assert data["figures"]["unplaced"] == 0
    # Morning or afternoon in Numérique cost the same: either is optimal.
    assert {(a["name"], a["workshop"], a["rank"]) for a in data["assignments"]} == {
        ("Marie Curie", "Numérique", 1),
        ("Marie Curie", "Bénévolat", 2),
    }
    assert all(a["session"].count(":") == 2 for a in data["assignments"])
    assert marie.workshop_places.count() == 2


def test_command_refuses_an_unknown_event_and_contradictory_locks(day):
    event, a, b, sessions = day
    with pytest.raises(CommandError, match="nope"):
        call_command("assign_workshops", "nope", stdout=StringIO())
    person = RegistrationFactory(event=event, first_name="Léa", last_name="Roy")
    WorkshopPlaceFactory(session=sessions["Am"], registration=person, locked=True)
    WorkshopPlaceFactory(session=sessions["Bm"], registration=person, locked=True)
    with pytest.raises(CommandError, match="Léa Roy"):
        call_command("assign_workshops", event.slug, stdout=StringIO())
