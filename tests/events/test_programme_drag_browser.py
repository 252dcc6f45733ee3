"""Browser: dragging a workshop that runs in parallel re-times nothing else
of the day, as the Up and Down buttons (issue 14)."""

import datetime as dt
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.events.test_browser import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def drag_to(page, title, index):
    """Drag the item ``title`` by its handle onto the ``index``-th item and
    let go once SortableJS shows it there (its fallback emulates dragover
    on a 50 ms timer, which a loaded machine delays: the hand stays over
    the target, moving a little, until the item has moved)."""
    items = page.locator("#programme-items > li")
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    source_item = items.filter(has_text=title)
    expect(source_item.locator(".drag-handle")).to_be_in_viewport()
    expect(items.nth(index)).to_be_in_viewport()
    source = source_item.locator(".drag-handle").bounding_box()
    target = items.nth(index).bounding_box()
    in_place = page.locator("#programme-items > li:not(.sortable-fallback)")
    x, y = target["x"] + 20, target["y"] + target["height"] / 2
    with page.expect_response(lambda r: "/programme/ordre/" in r.url):
        page.mouse.move(source["x"] + 5, source["y"] + 5)
        page.mouse.down()
        page.mouse.move(x, y, steps=15)
        for wiggle in range(60):
            if title in in_place.nth(index).inner_text():
                break
            page.wait_for_timeout(100)
            page.mouse.move(x + (wiggle % 2) * 4, y + (wiggle % 3), steps=2)
        page.mouse.up()


def test_dragging_a_parallel_workshop_leaves_the_rest_of_the_day(
    live_server, page, assert_accessible
):
    from tests.factories import AgendaItemFactory, CoordinatorFactory, EventFactory

    CoordinatorFactory(username="camille")
    day = dt.datetime(2030, 6, 12, tzinfo=PARIS)
    event = EventFactory(
        title="Journée des ateliers",
        starts_at=day.replace(hour=9),
        ends_at=day.replace(hour=18),
    )
    for position, (title, start, minutes) in enumerate(
        [
            ("Accueil café", (9, 30), 30),
            ("Atelier logement", (10, 0), 60),
            ("Atelier emploi", (10, 0), 45),
            ("Pause", (11, 0), 15),
            ("Restitution", (11, 15), 45),
        ]
    ):
        starts_at = day.replace(hour=start[0], minute=start[1])
        AgendaItemFactory(
            event=event,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            position=position,
        )
    page.set_viewport_size({"width": 1280, "height": 1600})
    _sign_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/evenements/{event.pk}/programme/")

    drag_to(page, "Atelier emploi", 0)

    # The workshop now runs beside the welcome, with its own 45 minutes; a
    # reflow of the whole list put the welcome at 10 h 15 and the rest later.
    rows = page.locator("#programme-items > li")
    expect(rows.locator(".item-time")).to_have_text(
        [
            "9 h 30 – 10 h 15",
            "9 h 30 – 10 h",
            "10 h – 11 h",
            "11 h – 11 h 15",
            "11 h 15 – 12 h",
        ]
    )
    expect(rows.locator(".item-title")).to_have_text(
        ["Atelier emploi", "Accueil café", "Atelier logement", "Pause", "Restitution"]
    )
    expect(page.get_by_role("button", name="Annuler")).to_be_visible()
    assert [
        (i.title, i.starts_at.astimezone(PARIS).strftime("%H:%M"))
        for i in event.agenda_items.order_by("starts_at", "position")
    ] == [
        ("Atelier emploi", "09:30"),
        ("Accueil café", "09:30"),
        ("Atelier logement", "10:00"),
        ("Pause", "11:00"),
        ("Restitution", "11:15"),
    ]
    assert_accessible(page)
