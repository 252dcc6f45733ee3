"""The demo ateliers: the Journée inter-associative 2017's three ateliers."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from events import demo as events_demo
from partners import demo as partners_demo
from workshops import demo
from workshops.models import Workshop, WorkshopChoice, WorkshopPlace

pytestmark = pytest.mark.django_db


def test_demo_adds_the_three_ateliers_with_choices_and_places():
    partners_demo.load()
    events_demo.load()
    demo.load()
    demo.load()  # idempotent
    workshops = Workshop.objects.filter(event__slug=demo.EVENT_SLUG)
    assert workshops.count() == 3
    assert all(w.sessions.count() == 1 for w in workshops)
    registrants = WorkshopChoice.objects.values("registration").distinct().count()
    assert registrants == 5
    assert WorkshopChoice.objects.count() == 15
    # 5 people, 3 ateliers of 2 seats at the same time: everyone has a place.
    assert WorkshopPlace.objects.count() == 5
    for workshop in workshops:
        assert WorkshopPlace.objects.filter(session__workshop=workshop).count() <= 2


def test_assign_workshops_on_the_demo_prints_a_sensible_json():
    partners_demo.load()
    events_demo.load()
    demo.load()
    out = StringIO()
    call_command("assign_workshops", demo.EVENT_SLUG, "--seed", "1", stdout=out)
    data = json.loads(out.getvalue())
    names = {a["name"] for a in data["assignments"]}
    assert names == {
        "Bethan Aumonier",
        "Margot Laillet",
        "Sophie Bernier",
        "Karim Benali",
        "Hélène Rousseau",
    }
    assert {a["session"] for a in data["assignments"]} == {"11:00–12:30"}
    assert {a["workshop"] for a in data["assignments"]} == {
        title for _, title, _ in demo.ATELIERS
    }
    # Three want the digital atelier first and it seats two: one 2nd choice.
    assert data["figures"] == {
        "first_choice": 4,
        "second_choice": 1,
        "third_choice": 0,
        "no_choice": 0,
        "locked": 0,
        "unplaced": 0,
        "without_place": 0,
    }
    assert data["unplaced"] == []
    assert WorkshopPlace.objects.count() == 5
