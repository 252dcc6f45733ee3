"""Every delete of the coordinators' event and meeting pages asks first:
GET names what goes with the row, POST (the page's form) deletes it."""

import pytest
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from events.models import AgendaItem, AgendaPoint, Decision, Room, Speaker
from tests.factories import (
    AgendaItemFactory,
    AgendaPointFactory,
    DecisionFactory,
    EventFactory,
    MeetingFactory,
    RoomFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def item():
    item = AgendaItemFactory(title="Plénière d'ouverture")
    SpeakerFactory.create_batch(2, agenda_item=item)
    return item


def test_agenda_item_delete_get_counts_its_speakers_and_deletes_nothing(
    client, coordinator, item, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk])

    with django_assert_max_num_queries(15):
        response = client.get(url, **FR)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Plénière d&#x27;ouverture" in body
    assert "2 intervenant" in body
    assert 'method="post"' in body
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Speaker.objects.count() == 2


def test_agenda_item_delete_post_deletes_it_with_its_speakers(
    client, coordinator, item
):
    client.force_login(coordinator)
    response = client.post(
        reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk]), **FR
    )

    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert Speaker.objects.count() == 0
    assert _messages(response) == ["Le temps est retiré du programme."]


def test_agenda_item_delete_by_htmx_answers_the_programme_fragment(
    client, coordinator, item
):
    client.force_login(coordinator)
    response = client.post(
        reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk]),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'id="programme"' in response.content.decode()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_programme_builder_remove_button_reaches_the_page_without_javascript(
    client, coordinator, item
):
    client.force_login(coordinator)
    body = client.get(reverse("events:orga_programme", args=[item.event_id])).content
    url = reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk])

    assert f'<form method="get" action="{url}"'.encode() in body


@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_pages_are_a_404_for_a_funder_and_the_login_for_visitors(
    client, funder, item, method
):
    url = reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk])

    anonymous = getattr(client, method)(url)
    client.force_login(funder)
    signed_in = getattr(client, method)(url)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    assert signed_in.status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_speaker_delete_asks_then_removes(client, coordinator, item):
    speaker = item.speakers.first()
    client.force_login(coordinator)
    url = reverse(
        "events:orga_speaker_delete", args=[item.event_id, item.pk, speaker.pk]
    )

    page = client.get(url, **FR)
    assert page.status_code == 200
    assert speaker.name in page.content.decode()
    assert Speaker.objects.filter(pk=speaker.pk).exists()

    response = client.post(url, **FR)
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    assert _messages(response) == ["L’intervenant·e est retiré·e."]


def test_speaker_of_another_item_is_a_404(client, coordinator, item):
    other = SpeakerFactory()
    client.force_login(coordinator)
    url = reverse("events:orga_speaker_delete", args=[item.event_id, item.pk, other.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Speaker.objects.filter(pk=other.pk).exists()


def test_event_setup_delete_asks_then_removes_a_room(client, coordinator):
    room = RoomFactory(name="Salle Jean Jaurès")
    AgendaItemFactory(event=room.event, room=room)
    client.force_login(coordinator)
    url = reverse(
        "events:orga_event_setup_delete", args=[room.event_id, "salles", room.pk]
    )

    page = client.get(url, **FR)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Salle Jean Jaurès" in body
    assert 'id="unlinked"' in body  # the item stays, without its room
    assert Room.objects.filter(pk=room.pk).exists()

    response = client.post(url, **FR)
    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()
    assert AgendaItem.objects.filter(event=room.event).count() == 1
    assert _messages(response) == ["Supprimé."]


def test_event_setup_delete_of_another_events_row_is_a_404(client, coordinator):
    room = RoomFactory()
    other = EventFactory()
    client.force_login(coordinator)
    url = reverse("events:orga_event_setup_delete", args=[other.pk, "salles", room.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Room.objects.filter(pk=room.pk).exists()


def test_event_setup_delete_of_a_part_goes_to_the_parts_page(client, coordinator):
    from tests.factories import EventPartFactory

    part = EventPartFactory()
    client.force_login(coordinator)
    response = client.get(
        reverse(
            "events:orga_event_setup_delete", args=[part.event_id, "parties", part.pk]
        )
    )

    assert response.url == reverse(
        "events:orga_part_delete", args=[part.event_id, part.pk]
    )


def test_meeting_delete_names_the_decisions_of_a_point(client, coordinator):
    point = AgendaPointFactory(title="Bilan de la soirée-débat")
    DecisionFactory(event=point.event, agenda_point=point)
    client.force_login(coordinator)
    url = reverse(
        "events:orga_meeting_delete", args=[point.event_id, "points", point.pk]
    )

    page = client.get(url, **FR)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Bilan de la soirée-débat" in body
    assert "1 décision" in body
    assert AgendaPoint.objects.filter(pk=point.pk).exists()

    response = client.post(url, **FR)
    assert response.status_code == 302
    assert not AgendaPoint.objects.filter(pk=point.pk).exists()
    assert Decision.objects.get().agenda_point is None
    assert _messages(response) == ["Retiré du compte-rendu."]


def test_meeting_delete_of_another_meetings_row_is_a_404(client, coordinator):
    decision = DecisionFactory()
    other = MeetingFactory()
    client.force_login(coordinator)
    url = reverse(
        "events:orga_meeting_delete", args=[other.pk, "decisions", decision.pk]
    )

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_a_protected_delete_gives_a_message_not_a_500(
    client, coordinator, item, monkeypatch
):
    def refuse(*, row, by=None):
        raise ProtectedError("protected", {row})

    monkeypatch.setattr("events.views.organiser.remove_event_row", refuse)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk]),
        **FR,
    )

    assert response.status_code == 302
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert _messages(response) == [
        "Impossible de supprimer\u00a0: d’autres données en dépendent. "
        "Retirez-les ou modifiez-les d’abord."
    ]


def test_the_page_names_the_dependants(client, coordinator, item):
    client.force_login(coordinator)
    names = [speaker.display_name for speaker in item.speakers.all()]

    body = client.get(
        reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk]), **FR
    ).content.decode()

    assert all(name in body for name in names)


def test_a_protected_row_shows_why_and_no_delete_button(
    client, coordinator, item, monkeypatch
):
    from core import confirm

    monkeypatch.setattr(
        confirm,
        "deletion_summary",
        lambda obj: confirm.DeletionSummary(
            protected=[confirm.Kind(name="inscriptions", count=3, examples=[])]
        ),
    )
    client.force_login(coordinator)
    url = reverse("events:orga_agenda_item_delete", args=[item.event_id, item.pk])

    page = client.get(url, **FR)
    refused = client.post(url, **FR)

    body = page.content.decode()
    assert page.status_code == 200
    assert "Impossible de supprimer" in body
    assert "3 inscriptions" in body
    assert ">Supprimer</button>" not in body
    assert refused.status_code == 302
    assert AgendaItem.objects.filter(pk=item.pk).exists()
