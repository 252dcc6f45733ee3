"""The registration page's cached snapshot of an event and its parts, and the
signals that bust it whenever a coordinator changes what it holds."""

import pytest

from events.models import Event, Registration
from events.selectors import event_for_registration
from tests.factories import CharterVersionFactory, EventFactory, EventPartFactory

pytestmark = pytest.mark.django_db

URL = "/e/journee-snapshot/inscription/"


def open_event(**kwargs):
    return EventFactory(slug="journee-snapshot", is_registration_open=True, **kwargs)


def registration_post(email="annie@example.org", **overrides):
    return {
        "first_name": "Annie",
        "last_name": "Marchand",
        "email": email,
        "organisation_name": "RESO77",
        "status": Registration.Status.VOLUNTEER,
        "consent": "on",
        **overrides,
    }


def test_the_event_and_its_parts_are_read_in_one_query_then_cached(
    django_assert_num_queries,
):
    event = open_event()
    morning = EventPartFactory(event=event, position=0)
    afternoon = EventPartFactory(event=event, position=1)

    with django_assert_num_queries(1):
        first = event_for_registration(slug="journee-snapshot")
    with django_assert_num_queries(0):
        again = event_for_registration(slug="journee-snapshot")

    assert first == again == (event, [morning, afternoon])
    assert again[1][0].event is again[0]


def test_an_event_without_parts_is_read_and_cached_too(django_assert_num_queries):
    event = open_event()

    with django_assert_num_queries(2):
        assert event_for_registration(slug="journee-snapshot") == (event, [])
    with django_assert_num_queries(0):
        event_for_registration(slug="journee-snapshot")


def test_a_draft_or_unknown_slug_is_not_found_and_not_cached(
    django_assert_num_queries,
):
    open_event(status=Event.Status.DRAFT)

    for _attempt in range(2):
        with pytest.raises(Event.DoesNotExist):
            event_for_registration(slug="journee-snapshot")


def test_a_warm_registration_post_skips_the_event_query(
    client, django_assert_max_num_queries
):
    event = open_event()
    part = EventPartFactory(event=event)
    client.post(URL, registration_post(email="first@example.org", parts=[part.pk]))

    # PostgreSQL: one statement (in a savepoint, within the test's
    # transaction). SQLite: a savepoint, the registration, its part, the
    # capacities of the parts chosen, the savepoint's release.
    with django_assert_max_num_queries(5) as captured:
        response = client.post(URL, registration_post(parts=[part.pk]))

    # No query loads the event (PostgreSQL's one statement reads its
    # capacity as it writes, but loads nothing).
    assert response.status_code == 302
    assert not [
        query
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "events_event"' in query["sql"]
    ]


def test_closing_registration_takes_effect_at_once(client):
    event = open_event()
    event_for_registration(slug="journee-snapshot")

    event.is_registration_open = False
    event.save()
    response = client.post(URL, registration_post())

    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_unpublishing_takes_effect_at_once(client):
    event = open_event()
    event_for_registration(slug="journee-snapshot")

    event.status = Event.Status.DRAFT
    event.save()

    assert client.post(URL, registration_post()).status_code == 404


def test_a_new_slug_retires_the_old_address_at_once(client):
    event = open_event()
    event_for_registration(slug="journee-snapshot")

    event.slug = "journee-renommee"
    event.save()

    assert client.get(URL).status_code == 404
    assert client.get("/e/journee-renommee/inscription/").status_code == 200


def test_a_part_added_or_removed_shows_at_once(client):
    event = open_event()
    morning = EventPartFactory(event=event, title="Matinée")
    event_for_registration(slug="journee-snapshot")

    afternoon = EventPartFactory(event=event, title="Après-midi")
    assert [p.title for p in event_for_registration(slug="journee-snapshot")[1]] == [
        "Matinée",
        "Après-midi",
    ]

    morning.delete()
    response = client.post(URL, registration_post(parts=[afternoon.pk]))
    assert response.status_code == 302


def test_a_new_charter_version_is_asked_for_at_once(client):
    first = CharterVersionFactory(number=1)
    event = open_event(charter=first.charter)
    event_for_registration(slug="journee-snapshot")

    second = CharterVersionFactory(charter=first.charter, number=2)
    response = client.post(URL, registration_post(accept_charter="on"))

    assert response.status_code == 302
    assert Registration.objects.get(event=event).charter_version == second
