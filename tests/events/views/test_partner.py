import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_partner_event_list_shows_only_funded_events(client, funder):
    monoprix = OrganisationFactory(name="Fondation Monoprix")
    funder.organisations.set([monoprix])
    funded = EventFactory(title="Journée inter-associative", funders=[monoprix])
    EventFactory(title="Rencontres Agir ensemble")
    client.force_login(funder)

    response = client.get(
        reverse("events:partner_event_list"), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert list(response.context["events"]) == [funded]
    assert "Les événements que vous financez ou organisez" in response.text


def test_partner_event_detail_of_an_event_not_funded_is_404(client, funder):
    funder.organisations.set([OrganisationFactory()])
    other = EventFactory()
    client.force_login(funder)

    response = client.get(reverse("events:partner_event_detail", args=[other.pk]))

    assert response.status_code == 404


def test_partner_event_detail_of_a_funded_draft_is_404(client, funder):
    monoprix = OrganisationFactory()
    funder.organisations.set([monoprix])
    draft = EventFactory(status=Event.Status.DRAFT, funders=[monoprix])
    client.force_login(funder)

    response = client.get(reverse("events:partner_event_detail", args=[draft.pk]))

    assert response.status_code == 404


def test_partner_event_detail_of_a_funded_event_is_shown(client, funder):
    monoprix = OrganisationFactory()
    funder.organisations.set([monoprix])
    event = EventFactory(funders=[monoprix], title="Journée 2017")
    client.force_login(funder)

    response = client.get(reverse("events:partner_event_detail", args=[event.pk]))

    assert (response.status_code, response.context["event"]) == (200, event)


def test_partner_event_list_is_forbidden_without_an_organisation(client, funder):
    client.force_login(funder)

    response = client.get(reverse("events:partner_event_list"))

    assert response.status_code == 403


@pytest.mark.parametrize("count", (1, 20))
def test_partner_event_list_query_count_is_constant(
    client, funder, count, django_assert_num_queries
):
    monoprix = OrganisationFactory()
    funder.organisations.set([monoprix])
    for _n in range(count):
        EventFactory(funders=[monoprix])
    client.force_login(funder)

    client.get(
        reverse("events:partner_event_list")
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(6):
        response = client.get(reverse("events:partner_event_list"))

    assert len(response.context["events"]) == count


def test_a_funder_can_ask_for_the_programme_pdf_of_a_funded_event(client, funder):
    from reports.models import ReportJob

    monoprix = OrganisationFactory()
    funder.organisations.set([monoprix])
    event = EventFactory(funders=[monoprix], title="Journée 2017")
    client.force_login(funder)

    page = client.get(
        reverse("events:partner_event_detail", args=[event.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert 'name="kind" value="programme"' in page.text
    assert "Générer le PDF" in page.text

    client.post(
        reverse("reports:job_request"),
        {"kind": "programme", "object_id": event.pk, "parameters": ""},
    )
    assert list(ReportJob.objects.values_list("kind", "requested_by")) == [
        ("programme", funder.pk)
    ]
