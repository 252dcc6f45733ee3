"""The "Générer le PDF" button on the pages of the other apps."""

import pytest
from django.urls import reverse

from tests.factories import CoordinatorFactory, EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def hidden_kind(content: str, kind: str) -> bool:
    return f'name="kind" value="{kind}"' in content


def test_meeting_page_offers_the_compte_rendu(client):
    meeting = MeetingFactory()
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("events:orga_meeting_detail", args=[meeting.pk]))

    content = response.content.decode()
    assert "Générer le PDF" in content
    assert hidden_kind(content, "compte-rendu")
    assert f'name="object_id" value="{meeting.pk}"' in content


def test_event_page_offers_the_programme(client):
    event = EventFactory()
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("events:orga_event_detail", args=[event.pk]))

    content = response.content.decode()
    assert hidden_kind(content, "programme")


def test_directory_page_offers_the_aide_memoire_with_its_filters(client):
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("partners:orga_organisation_list") + "?commune=Meaux")

    content = response.content.decode()
    assert hidden_kind(content, "aide-memoire")
    assert 'name="parameters" value="commune=Meaux"' in content
