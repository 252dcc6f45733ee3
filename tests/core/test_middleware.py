"""Junk that no form sees, refused before any view (core/middleware.py).

Without it: a NUL byte in a search is a ``DataError`` on PostgreSQL; a
40-digit ``?part=`` overflows SQLite; a 100,000-character search is "too
complex" for SQLite's LIKE. Each was a 500.
"""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import JunkRequestMiddleware
from events.models import Registration
from tests.factories import EventFactory, EventPartFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
HUGE = "1" + "0" * 39


def assert_refused(response, message):
    assert response.status_code == 400
    content = response.content.decode()
    assert "Requête invalide" in content
    assert message in content


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("partners:orga_organisation_list") + "?q=%00",
        lambda: (
            reverse("events:orga_attendee_list", args=[EventFactory().pk]) + "?q=a%00b"
        ),
        lambda: (
            reverse("events:public_organisation_search", args=[EventFactory().slug])
            + "?organisation_search=%00"
        ),
    ],
    ids=["directory search", "attendee search", "public organisation search"],
)
def test_a_nul_byte_in_a_search_is_refused(client, coordinator, url):
    client.force_login(coordinator)
    response = client.get(url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert_refused(response, "L’adresse contient un caractère interdit.")


def test_a_nul_byte_in_a_public_form_is_refused_and_nothing_is_stored(client):
    event = EventFactory(is_registration_open=True)
    response = client.post(
        reverse("events:public_registration", args=[event.slug]),
        {
            "first_name": "Marie\x00",
            "last_name": "Curie",
            "email": "marie@example.org",
            "status": "volunteer",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert_refused(response, "Le formulaire contient un caractère interdit.")
    assert not Registration.objects.exists()


def test_a_nul_byte_in_an_address_is_refused(client):
    response = client.get("/q/abc%00def/", HTTP_ACCEPT_LANGUAGE="fr")
    assert_refused(response, "L’adresse contient un caractère interdit.")


def test_a_40_digit_part_filter_is_refused(client, coordinator):
    event = EventFactory()
    EventPartFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:orga_attendee_list", args=[event.pk])
    response = client.get(f"{url}?part={HUGE}", HTTP_ACCEPT_LANGUAGE="fr")
    assert_refused(response, "L’adresse contient une valeur trop longue.")


def test_a_100000_character_search_is_refused(client, coordinator):
    OrganisationFactory()
    client.force_login(coordinator)
    url = reverse("partners:orga_organisation_list")
    response = client.get(url, {"q": "x" * 100_000}, HTTP_ACCEPT_LANGUAGE="fr")
    assert_refused(response, "L’adresse contient une valeur trop longue.")


def test_ordinary_searches_and_filters_still_answer(client, coordinator):
    event = EventFactory()
    part = EventPartFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:orga_attendee_list", args=[event.pk])
    response = client.get(url, {"part": part.pk, "q": "Curie 0160000000"})
    assert response.status_code == 200


def test_an_id_beyond_64_bits_in_the_address_is_not_found():
    """A view whose id reaches a query on a foreign key would overflow
    SQLite: the middleware answers 404 before it runs."""
    request = RequestFactory().get("/")
    middleware = JunkRequestMiddleware(lambda request: None)
    with pytest.raises(Http404):
        middleware.process_view(request, None, (), {"pk": int(HUGE)})
    assert middleware.process_view(request, None, (), {"pk": 2**63 - 1}) is None
