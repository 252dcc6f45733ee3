import datetime as dt
import zoneinfo

import pytest

from events.selectors import (
    attendee_counts,
    programme_conflicts,
    programme_items,
    series_statistics,
)
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartFactory,
    EventSeriesFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    RoomFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0):
    return dt.datetime(2013, 10, 8, hour, minute, tzinfo=PARIS)


def day_event():
    return EventFactory(starts_at=at(9), ends_at=at(20))


def conflicts_of(event):
    return [
        (c.kind, len(c.item_ids))
        for c in programme_conflicts(event=event, items=programme_items(event=event))
    ]


def test_programme_conflicts_parallel_items_in_different_rooms_are_fine():
    event = day_event()
    AgendaItemFactory(
        event=event, room=RoomFactory(event=event), starts_at=at(14), ends_at=at(16)
    )
    AgendaItemFactory(
        event=event, room=RoomFactory(event=event), starts_at=at(14), ends_at=at(16)
    )

    assert conflicts_of(event) == []


def test_programme_conflicts_same_room_overlapping():
    event = day_event()
    room = RoomFactory(event=event)
    AgendaItemFactory(event=event, room=room, starts_at=at(14), ends_at=at(16))
    AgendaItemFactory(event=event, room=room, starts_at=at(15), ends_at=at(17))

    assert conflicts_of(event) == [("room", 2)]


def test_programme_conflicts_back_to_back_in_the_same_room_are_fine():
    event = day_event()
    room = RoomFactory(event=event)
    AgendaItemFactory(event=event, room=room, starts_at=at(14), ends_at=at(15))
    AgendaItemFactory(event=event, room=room, starts_at=at(15), ends_at=at(16))

    assert conflicts_of(event) == []


def test_programme_conflicts_same_directory_speaker_overlapping():
    event = day_event()
    person = PersonFactory()
    first = AgendaItemFactory(event=event, starts_at=at(14), ends_at=at(16))
    second = AgendaItemFactory(event=event, starts_at=at(15), ends_at=at(17))
    SpeakerFactory(agenda_item=first, person=person, name="")
    SpeakerFactory(agenda_item=second, person=person, name="")

    assert conflicts_of(event) == [("speaker", 2)]


def test_programme_conflicts_same_guest_name_overlapping():
    event = day_event()
    first = AgendaItemFactory(event=event, starts_at=at(14), ends_at=at(16))
    second = AgendaItemFactory(event=event, starts_at=at(15), ends_at=at(17))
    SpeakerFactory(agenda_item=first, name="Martin Hirsch")
    SpeakerFactory(agenda_item=second, name="martin hirsch ")

    assert conflicts_of(event) == [("speaker", 2)]


def test_programme_conflicts_item_outside_event_hours():
    event = day_event()
    AgendaItemFactory(event=event, starts_at=at(19, 30), ends_at=at(21))

    assert conflicts_of(event) == [("outside", 1)]


def test_attendee_counts_per_part_status_and_organisation_kind():
    event = EventFactory()
    part = EventPartFactory(event=event, capacity=1)
    foundation = OrganisationFactory(kind="fondation")
    seated = RegistrationFactory(
        event=event, status="benevole", organisation=foundation
    )
    waiting = RegistrationFactory(event=event, status="elu")
    RegistrationPartFactory(registration=seated, part=part)
    RegistrationPartFactory(registration=waiting, part=part, waiting_position=1)
    RegistrationFactory(event=event, status="elu", cancelled_at=event.starts_at)

    counts = attendee_counts(event=event)

    assert [(p.seats_taken, p.waiting_count) for p in counts["parts"]] == [(1, 1)]
    assert dict(counts["statuses"]) == {
        "Bénévole": 1,
        "Professionnel·le": 0,
        "Élu·e": 1,
        "Autre": 0,
    }
    assert [n for _label, n in counts["kinds"]] == [0, 0, 0, 1, 0, 0, 1]
    assert counts["total"] == 2


def test_series_statistics_prefer_head_count_then_attended_then_registrations():
    series = EventSeriesFactory()
    y2011 = EventFactory(
        series=series, starts_at=at(10) - dt.timedelta(days=730), participant_count=322
    )
    y2012 = EventFactory(series=series, starts_at=at(10) - dt.timedelta(days=365))
    y2013 = EventFactory(series=series, starts_at=at(10))
    RegistrationFactory(event=y2012, attended=True)
    RegistrationFactory(event=y2012, attended=False)
    RegistrationFactory.create_batch(3, event=y2013)

    rows = series_statistics(series=series)

    assert [(r["event"], r["participants"]) for r in rows] == [
        (y2011, 322),
        (y2012, 1),
        (y2013, 3),
    ]


def test_series_statistics_unknown_edition_is_none():
    series = EventSeriesFactory()
    edition = EventFactory(series=series)

    rows = series_statistics(series=series)

    assert [(r["event"], r["participants"]) for r in rows] == [(edition, None)]
