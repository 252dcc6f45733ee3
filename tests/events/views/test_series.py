"""A coordinator creates, edits and deletes a series, its review included,
from their own pages; nobody else may."""

import pytest
from django.urls import reverse

from events.models import Event, EventSeries
from tests.factories import EventFactory, EventSeriesFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def series_post(organiser, **overrides):
    return {
        "title": "Rencontres « Agir ensemble »",
        "slug": "agir-ensemble",
        "organiser": organiser.pk,
        "description": "Temps fort annuel du CCAS.",
        "review_positives": "Rencontre appréciée tant sur le fond que sur la forme.",
        "review_changes": "Limiter le nombre d'interventions.",
        "review_observations": "",
        **overrides,
    }


def test_a_coordinator_creates_a_series_with_its_review(client, coordinator):
    ccas = OrganisationFactory(name="CCAS d'Angers")
    client.force_login(coordinator)

    response = client.post(reverse("events:orga_series_create"), series_post(ccas))

    series = EventSeries.objects.get()
    assert response.status_code == 302
    assert response["Location"] == series.get_absolute_url()
    assert series.review_changes == "Limiter le nombre d'interventions."
    page = client.get(series.get_absolute_url()).content.decode()
    assert "La série a été créée." in page
    assert "Points positifs" in page
    assert "Rencontre appréciée tant sur le fond que sur la forme." in page


def test_the_list_and_the_series_page_link_to_the_forms(client, coordinator):
    series = EventSeriesFactory()
    client.force_login(coordinator)

    listing = client.get(reverse("events:orga_series_list")).content.decode()
    detail = client.get(series.get_absolute_url()).content.decode()

    assert reverse("events:orga_series_create") in listing
    assert reverse("events:orga_series_update", args=[series.pk]) in detail
    assert reverse("events:orga_series_delete", args=[series.pk]) in detail


def test_a_taken_slug_is_refused_next_to_the_field_and_nothing_changes(
    client, coordinator
):
    EventSeriesFactory(slug="agir-ensemble")
    series = EventSeriesFactory(slug="autre", title="Avant")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_series_update", args=[series.pk]),
        series_post(series.organiser, title="Après"),
    )

    assert response.status_code == 200
    assert "id_slug" in response.content.decode()
    assert response.context["form"].errors["slug"]
    series.refresh_from_db()
    assert series.title == "Avant"


def test_deleting_a_series_is_confirmed_and_keeps_its_editions(client, coordinator):
    series = EventSeriesFactory(title="Rencontres « Agir ensemble »")
    edition = EventFactory(series=series)
    client.force_login(coordinator)
    url = reverse("events:orga_series_delete", args=[series.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert EventSeries.objects.filter(pk=series.pk).exists()

    response = client.post(url)

    assert response["Location"] == reverse("events:orga_series_list")
    assert not EventSeries.objects.filter(pk=series.pk).exists()
    edition = Event.objects.get(pk=edition.pk)
    assert edition.series_id is None


@pytest.mark.parametrize("name", ["orga_series_update", "orga_series_delete"])
def test_funders_and_partners_may_not_touch_a_series(
    client, funder, partner_user, name
):
    series = EventSeriesFactory()
    url = reverse(f"events:{name}", args=[series.pk])
    for user in (funder, partner_user):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, series_post(series.organiser)).status_code in (
            403,
            404,
        )
    assert EventSeries.objects.filter(pk=series.pk, title=series.title).exists()
    client.logout()
    assert client.get(url).status_code == 302


def test_create_is_refused_to_a_funder(client, funder):
    client.force_login(funder)
    assert client.get(reverse("events:orga_series_create")).status_code == 403


def test_the_event_form_keeps_the_review(client, coordinator):
    event = EventFactory(review_positives="Un temps riche d'échanges.")
    client.force_login(coordinator)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Le bilan des organisateurs" in page
    assert "Un temps riche d" in page
