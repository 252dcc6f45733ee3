"""The demo ateliers: the Journée inter-associative 2017's three ateliers."""

import pytest

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
