"""A drag and drop in the programme moves the item by the keyboard's steps:
an item that runs in parallel leaves the rest of the day where it was
(issue 14, "Programme and day of the event")."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from events.services import ProgrammeMoveError, move_agenda_item
from tests.factories import AgendaItemFactory, EventFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0):
    return dt.datetime(2031, 10, 8, hour, minute, tzinfo=PARIS)


def item(event, title, start, end, position=0, **kwargs):
    return AgendaItemFactory(
        event=event,
        title=title,
        starts_at=at(*start),
        ends_at=at(*end),
        position=position,
        **kwargs,
    )


def timetable(event):
    return [
        (
            i.title,
            i.starts_at.astimezone(PARIS).strftime("%H:%M"),
            i.ends_at.astimezone(PARIS).strftime("%H:%M"),
        )
        for i in event.agenda_items.order_by("starts_at", "position", "pk")
    ]


@pytest.fixture
def afternoon():
    """Accueil, two workshops side by side, a pause, a round table."""
    event = EventFactory(starts_at=at(10), ends_at=at(20))
    items = {
        "accueil": item(event, "Accueil", (13,), (14,), 0),
        "atelier_a": item(event, "Atelier A", (14,), (15,), 1),
        "atelier_b": item(event, "Atelier B", (14,), (14, 45), 2),
        "pause": item(event, "Pause", (15,), (15, 30), 3),
        "table": item(event, "Table ronde", (15, 30), (17,), 4),
    }
    return event, items


def drag(client, event, moved, order):
    return client.post(
        reverse("events:orga_programme_reorder", args=[event.pk]),
        {"item": moved.pk, "order": ",".join(str(i.pk) for i in order)},
        HTTP_HX_REQUEST="true",
    )


def test_dragging_a_parallel_item_to_the_top_retimes_nothing_else(
    client, coordinator, afternoon
):
    event, i = afternoon
    client.force_login(coordinator)

    response = drag(
        client,
        event,
        i["atelier_b"],
        [i["atelier_b"], i["accueil"], i["atelier_a"], i["pause"], i["table"]],
    )

    assert response.status_code == 200
    # Atelier B now runs beside the Accueil, with its own 45 minutes; the
    # rest of the day did not move (a reflow put Accueil at 13:45).
    assert timetable(event) == [
        ("Atelier B", "13:00", "13:45"),
        ("Accueil", "13:00", "14:00"),
        ("Atelier A", "14:00", "15:00"),
        ("Pause", "15:00", "15:30"),
        ("Table ronde", "15:30", "17:00"),
    ]
    assert "Annuler" in response.text


def test_dragging_a_parallel_item_to_the_end_joins_the_last_run(afternoon):
    event, i = afternoon

    move_agenda_item(item=i["atelier_a"], index=4)

    assert timetable(event) == [
        ("Accueil", "13:00", "14:00"),
        ("Atelier B", "14:00", "14:45"),
        ("Pause", "15:00", "15:30"),
        ("Table ronde", "15:30", "17:00"),
        ("Atelier A", "15:30", "16:30"),
    ]


def test_a_drop_is_the_keyboard_steps_up_to_the_drop_point(afternoon):
    event, i = afternoon
    with_buttons = EventFactory(starts_at=at(10), ends_at=at(20))
    copies = {}
    for key, row in i.items():
        copies[key] = AgendaItemFactory(
            event=with_buttons,
            title=row.title,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            position=row.position,
        )

    move_agenda_item(item=i["pause"], index=0)
    move_agenda_item(item=copies["pause"], offset=-2)

    assert timetable(event) == timetable(with_buttons)
    assert timetable(event)[:2] == [
        ("Pause", "13:00", "13:30"),
        ("Accueil", "13:30", "14:30"),
    ]


def test_an_item_on_its_own_dropped_inside_a_parallel_run_goes_past_the_run(
    afternoon,
):
    event, i = afternoon

    # Dropped between the two workshops: it cannot run beside one of them
    # only, so it takes the place of their run.
    move_agenda_item(item=i["accueil"], index=1)

    assert timetable(event) == [
        ("Atelier A", "13:00", "14:00"),
        ("Atelier B", "13:00", "13:45"),
        ("Accueil", "14:00", "15:00"),
        ("Pause", "15:00", "15:30"),
        ("Table ronde", "15:30", "17:00"),
    ]


def test_a_drag_past_an_item_with_a_fixed_time_is_refused_and_saves_nothing(
    client, coordinator
):
    event = EventFactory(starts_at=at(10), ends_at=at(20))
    accueil = item(event, "Accueil", (13,), (14,), 0)
    ouverture = item(event, "Ouverture par le Maire", (14,), (14, 15), 1)
    ouverture.fixed_time = True
    ouverture.save()
    conference = item(event, "Conférence", (14, 15), (15, 30), 2)
    before = timetable(event)
    client.force_login(coordinator)

    response = drag(client, event, conference, [conference, accueil, ouverture])

    assert response.status_code == 200
    shown = " ".join(response.text.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "« Ouverture par le Maire » a une heure fixe (14 h)" in shown
    assert timetable(event) == before
    with pytest.raises(ProgrammeMoveError):
        move_agenda_item(item=ouverture, index=0)
    assert timetable(event) == before


@pytest.mark.parametrize(
    "post",
    [
        {"order": "1,2"},
        {"item": "x", "order": "1"},
        {"item": "9" * 40, "order": "9" * 40},
        {"item": "5", "order": "1,2,3"},
        {"item": "1", "order": "1,2" * 5000},
    ],
)
def test_a_drag_with_junk_changes_nothing(client, coordinator, afternoon, post):
    event, _items = afternoon
    before = timetable(event)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_programme_reorder", args=[event.pk]),
        post,
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert timetable(event) == before


def test_a_drag_of_another_events_item_changes_nothing(client, coordinator, afternoon):
    event, i = afternoon
    other = EventFactory(starts_at=at(10), ends_at=at(20))
    stranger = item(other, "Ailleurs", (9,), (10,))
    before = timetable(event), timetable(other)
    client.force_login(coordinator)

    response = drag(client, event, stranger, [stranger, i["accueil"]])

    assert response.status_code == 200
    assert (timetable(event), timetable(other)) == before
