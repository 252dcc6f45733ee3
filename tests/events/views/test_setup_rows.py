"""A room, stand, team role, budget line or session is edited on its page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from events.models import BudgetLine, Room
from tests.factories import (
    BudgetLineFactory,
    EventPartFactory,
    RoomFactory,
    TeamRoleFactory,
)

pytestmark = pytest.mark.django_db


def url(row, what) -> str:
    return reverse("events:orga_event_setup_update", args=[row.event_id, what, row.pk])


def test_a_coordinator_renames_a_room(client, coordinator):
    room = RoomFactory(name="Salle A", capacity=40)
    client.force_login(coordinator)

    assert client.get(url(room, "salles")).status_code == 200
    response = client.post(
        url(room, "salles"), {"name": "Grande salle", "capacity": "60"}, follow=True
    )

    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Grande salle", 60)
    assert response.redirect_chain[-1][0].endswith("#salles")
    assert "Les modifications ont été enregistrées." in response.content.decode()


def test_keeping_its_own_name_is_allowed_but_not_another_rooms(client, coordinator):
    room = RoomFactory(name="Salle A")
    RoomFactory(event=room.event, name="Salle B")
    client.force_login(coordinator)

    kept = client.post(url(room, "salles"), {"name": "Salle A", "capacity": "10"})
    taken = client.post(url(room, "salles"), {"name": "salle b", "capacity": "10"})

    assert kept.status_code == 302
    assert taken.status_code == 400
    assert "name" in taken.context["form"].errors
    assert Room.objects.filter(name="Salle A").count() == 1


def test_a_budget_line_is_edited_and_its_rules_hold(client, coordinator):
    line = BudgetLineFactory(label="Location", planned=Decimal("100.00"))
    client.force_login(coordinator)

    response = client.post(
        url(line, "budget"),
        {"direction": "depense", "label": "Location de salle", "planned": "250"},
    )

    line.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert (line.label, line.planned) == ("Location de salle", Decimal("250"))
    assert BudgetLine.objects.count() == 1


def test_a_team_role_without_person_or_name_is_refused_beside_the_field(
    client, coordinator
):
    role = TeamRoleFactory()
    client.force_login(coordinator)

    response = client.post(url(role, "equipe"), {"role": role.role, "name": ""})

    assert response.status_code == 400
    assert "name" in response.context["form"].errors


def test_a_part_and_another_events_row_are_404(client, coordinator):
    part = EventPartFactory()
    room = RoomFactory()
    other = RoomFactory()
    client.force_login(coordinator)

    assert client.get(url(part, "parties")).status_code == 404
    wrong = reverse(
        "events:orga_event_setup_update", args=[room.event_id, "salles", other.pk]
    )
    assert client.get(wrong).status_code == 404
    assert client.get(url(room, "licornes")).status_code == 404


def test_visitors_partners_and_funders_cannot_edit(client, funder, partner_user):
    room = RoomFactory(name="Salle A")

    response = client.post(url(room, "salles"), {"name": "X", "capacity": "1"})
    assert response["Location"].startswith(reverse("login"))
    for user in (funder, partner_user):
        client.force_login(user)
        assert client.get(url(room, "salles")).status_code in (403, 404)
        response = client.post(url(room, "salles"), {"name": "X", "capacity": "1"})
        assert response.status_code in (403, 404)
    room.refresh_from_db()
    assert room.name == "Salle A"
