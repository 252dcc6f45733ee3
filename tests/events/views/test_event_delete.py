"""A coordinator deletes an event from its page, after a confirmation that
names what goes with it; nobody else may."""

import pytest
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from events.models import Event, Registration
from reports.models import ReportJob
from tests.events.test_event_delete_services import document_of
from tests.factories import (
    EventFactory,
    FundedProjectFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_the_event_page_links_to_the_confirmation(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)

    detail = page(client.get(reverse("events:orga_event_detail", args=[event.pk])))

    assert reverse("events:orga_event_delete", args=[event.pk]) in detail


def test_the_confirmation_names_registrations_documents_and_funded_projects(
    client, coordinator
):
    event = EventFactory(title="Rencontres 2013")
    RegistrationFactory.create_batch(2, event=event)
    document_of(event, title="Programme des Rencontres 2013")
    FundedProjectFactory(title="Projet FSE 2013").events.add(event)
    client.force_login(coordinator)

    confirm = page(client.get(reverse("events:orga_event_delete", args=[event.pk])))

    assert "Supprimer «\xa0Rencontres 2013\xa0»" in confirm
    assert "2 inscriptions" in confirm
    assert "1 document PDF" in confirm
    assert "Programme des Rencontres 2013" in confirm
    assert "1 projet financé" in confirm
    assert "Projet FSE 2013" in confirm
    assert Event.objects.filter(pk=event.pk).exists()


def test_deleting_an_event_takes_its_registrations_and_documents(client, coordinator):
    event = EventFactory()
    RegistrationFactory(event=event)
    document_of(event)
    kept = EventFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_delete", args=[event.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("events:orga_event_list")
    assert "L’événement a été supprimé." in page(response)
    assert list(Event.objects.all()) == [kept]
    assert not Registration.objects.exists()
    assert not ReportJob.objects.exists()


def test_a_meeting_goes_back_to_the_meetings(client, coordinator):
    meeting = MeetingFactory()
    client.force_login(coordinator)
    url = reverse("events:orga_event_delete", args=[meeting.pk])

    detail = page(client.get(reverse("events:orga_meeting_detail", args=[meeting.pk])))
    assert url in detail
    response = client.post(url)

    assert response["Location"] == reverse("events:orga_meeting_list")
    assert not Event.objects.exists()


def test_a_protected_delete_comes_back_with_the_reason(
    client, coordinator, monkeypatch
):
    event = EventFactory()
    RegistrationFactory(event=event)

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", [])

    monkeypatch.setattr(Event, "delete", protected)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_delete", args=[event.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "events:orga_event_detail", args=[event.pk]
    )
    assert "Impossible de supprimer" in page(response)
    assert Registration.objects.count() == 1


def test_an_unknown_event_is_a_404(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("events:orga_event_delete", args=[999999]))

    assert response.status_code == 404


def test_visitors_are_sent_to_the_sign_in_page(client):
    event = EventFactory()
    url = reverse("events:orga_event_delete", args=[event.pk])
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Event.objects.filter(pk=event.pk).exists()


def test_partners_and_funders_are_refused_even_for_their_event(
    client, funder, partner_user
):
    funding, partner = OrganisationFactory(), OrganisationFactory()
    funder.organisations.add(funding)
    partner_user.organisations.add(partner)
    event = EventFactory(funders=[funding, partner])
    event.co_organisers.add(partner)
    RegistrationFactory(event=event)
    url = reverse("events:orga_event_delete", args=[event.pk])
    for user in (funder, partner_user):
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404), (user, method)
    assert Event.objects.filter(pk=event.pk).exists()
    assert Registration.objects.count() == 1
