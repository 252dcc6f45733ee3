"""The #minutes block stays in the page: htmx answers go inside it, and its
buttons wait while a request runs (an answer in flight is not swapped into a
block already replaced by another)."""

import re

import pytest
from django.urls import reverse

from tests.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_meeting_page_holds_one_minutes_block_swapped_inside(client, coordinator):
    meeting = MeetingFactory()
    client.force_login(coordinator)

    response = client.get(reverse("events:orga_meeting_detail", args=[meeting.pk]))

    blocks = re.findall(r'<div id="minutes"[^>]*>', response.text)
    assert len(blocks) == 1
    assert 'hx-target="#minutes"' in blocks[0]
    assert 'hx-swap="innerHTML"' in blocks[0]
    assert 'hx-disabled-elt="#minutes button"' in blocks[0]
    assert 'hx-target="#minutes" hx-swap="outerHTML"' not in response.text


def test_a_row_opened_for_editing_saves_inside_the_block(client, coordinator):
    decision = DecisionFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "events:orga_minutes_row_update",
            args=[decision.event.pk, "decisions", decision.pk],
        ),
        **HTMX,
    )

    assert response.status_code == 200
    form = re.search(r"<form [^>]*>", response.text).group(0)
    assert 'hx-target="#minutes" hx-swap="innerHTML"' in form
    assert 'hx-target="#minutes" hx-swap="outerHTML"' not in response.text
