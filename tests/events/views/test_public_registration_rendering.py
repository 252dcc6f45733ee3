"""The public registration form a phone opens: cheap for every visitor.

Its fields are the same for every visitor of the empty form, so they are
rendered once per process (``{% samefragment %}``, bench/bench_public_pages.py)
and the page stays the same: same markup, a new CSRF token and one-time key,
what changes shown at once, a visitor's values and errors never shown to
another.
"""

import re

import pytest
from django.test import Client

from core.consent import publish_consent_text
from core.models import ConsentText
from events.forms import RegistrationForm
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    EventPartFactory,
    RegistrationFactory,
    RegistrationPartFactory,
)

pytestmark = pytest.mark.django_db
CRISPY_FIELD = "bootstrap5/field.html"
# What differs between two visitors: the CSRF token and the one-time key.
_PER_VISITOR = re.compile(
    r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value="|'
    r'name="submission_key" value=")[^"]*'
)


def _page(url, **headers) -> tuple[str, list[str]]:
    response = Client().get(url, **headers)  # a phone without cookies
    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    return _PER_VISITOR.sub(r"\1…", response.text), templates


def _event(parts=2, **kwargs):
    event = EventFactory(is_registration_open=True, offers_lunch=True, **kwargs)
    for number in range(parts):
        EventPartFactory(event=event, capacity=30 if number % 2 else None)
    return event


def _url(event):
    return f"/e/{event.slug}/inscription/"


def test_second_visitor_gets_the_same_page_without_rendering_the_fields_again():
    event = _event()

    first, _ = _page(_url(event))
    second, templates = _page(_url(event))

    assert CRISPY_FIELD not in templates
    assert second == first
    assert 'name="first_name"' in second and 'name="consent"' in second


def test_the_page_is_the_one_rendered_field_by_field(monkeypatch):
    event = _event(parts=3)
    _page(_url(event))
    cached, _ = _page(_url(event))

    monkeypatch.setattr(RegistrationForm, "rendering_key", lambda form: None)
    rendered, templates = _page(_url(event))

    assert CRISPY_FIELD in templates
    assert cached == rendered


@pytest.mark.parametrize("parts", (2, 20))
def test_query_count_of_the_form_does_not_grow_with_the_parts(
    parts, django_assert_max_num_queries
):
    event = _event(parts=parts)
    _page(_url(event))  # warm the caches (event, consent text, fragments)

    with django_assert_max_num_queries(2):
        page, templates = _page(_url(event))

    assert page.count('name="parts"') == parts
    assert CRISPY_FIELD not in templates


@pytest.mark.parametrize("parts", (2, 20))
def test_query_count_of_a_first_visit_does_not_grow_with_the_parts(
    parts, django_assert_max_num_queries
):
    event = _event(parts=parts)

    # Cold caches: the event and its parts, the consent text in force (the
    # first one recorded), the workshops, the seats: as many at both sizes.
    with django_assert_max_num_queries(10):
        page, _ = _page(_url(event))

    assert page.count('name="parts"') == parts


def test_a_part_that_fills_up_is_marked_full_for_the_next_visitor():
    event = _event(parts=0)
    part = EventPartFactory(event=event, title="Matinée", capacity=1)
    before, _ = _page(_url(event), HTTP_ACCEPT_LANGUAGE="fr")

    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=part)
    after, _ = _page(_url(event), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Matinée — complet" not in before
    assert "Matinée — complet, liste d’attente" in after


def test_a_change_of_the_event_or_of_the_consent_text_shows_at_once():
    event = _event()
    before, _ = _page(_url(event))
    assert 'name="wants_lunch"' in before

    event.offers_lunch = False
    event.save()
    publish_consent_text(
        purpose=ConsentText.Purpose.REGISTRATION,
        version="2026-12",
        text="J’accepte la nouvelle politique de données du réseau.",
        by=CoordinatorFactory(),
    )
    after, _ = _page(_url(event))

    assert 'name="wants_lunch"' not in after
    assert "J’accepte la nouvelle politique de données du réseau." in after


def test_each_language_gets_its_own_fields():
    event = _event()

    french, _ = _page(_url(event), HTTP_ACCEPT_LANGUAGE="fr")
    english, _ = _page(_url(event), HTTP_ACCEPT_LANGUAGE="en")

    assert "Prénom" in french and "Prénom" not in english
    assert "First name" in english


def test_a_visitors_values_and_errors_are_never_shown_to_the_next(client):
    event = _event()
    _page(_url(event))  # the empty form's fields, rendered once

    response = client.post(
        _url(event),
        {"first_name": "Zoé", "last_name": "Singulière", "email": "pas-un-courriel"},
    )
    page, _ = _page(_url(event))

    assert response.status_code == 422
    assert "Singulière" in response.text
    assert "is-invalid" in response.text
    assert "Singulière" not in page
    assert "is-invalid" not in page
