"""The admin shows what decides who holds a place, and changes it only
through the services."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event, Registration
from events.services import register_participant
from tests.factories import EventFactory, EventPartFactory, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="support", email="support@example.org", password="x-motdepasse"
    )
    client.force_login(user)
    return client


def _register(event, email, *parts):
    return register_participant(
        event=event, data=registration_data(email), parts=parts, consent=True
    )


def test_admin_registration_form_offers_no_field_that_bypasses_the_services(
    staff_client,
):
    event = EventFactory(is_registration_open=True)
    registration = _register(event, "a@x.org", EventPartFactory(event=event))

    response = staff_client.get(
        reverse("admin:events_registration_change", args=[registration.pk])
    )

    editable = set(response.context["adminform"].form.fields)
    inline = response.context["inline_admin_formsets"][0].formset
    assert response.status_code == 200
    assert editable & {"cancelled_at", "waiting_position", "attended", "event"} == set()
    assert (inline.can_delete, inline.max_num, set(inline.forms[0].fields)) == (
        False,
        0,
        {"id", "registration"},
    )


def test_admin_registration_post_cannot_cancel_or_queue(staff_client):
    event = EventFactory(is_registration_open=True, capacity=1)
    registration = _register(event, "a@x.org")

    response = staff_client.post(
        reverse("admin:events_registration_change", args=[registration.pk]),
        {
            "event": event.pk,
            "first_name": "Marie",
            "last_name": "Curie",
            "email": "a@x.org",
            "status": "autre",
            "language": "fr",
            "cancelled_at_0": "2030-01-01",
            "cancelled_at_1": "10:00",
            "waiting_position": "4",
            "part_choices-TOTAL_FORMS": "0",
            "part_choices-INITIAL_FORMS": "0",
        },
    )

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.cancelled_at, registration.waiting_position) == (None, None)


def test_admin_cancel_action_promotes_the_waiting_list(
    staff_client, django_capture_on_commit_callbacks
):
    event = EventFactory(is_registration_open=True, capacity=1)
    seated = _register(event, "a@x.org")
    waiting = _register(event, "b@x.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:events_registration_changelist"),
            {"action": "cancel", "_selected_action": [seated.pk]},
        )

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.is_cancelled, waiting.waiting_position) == (True, None)
    assert [m.to for m in mail.outbox] == [["b@x.org"]]


def test_admin_event_shows_parts_and_capacity_read_only(staff_client):
    event = EventFactory(capacity=5)
    EventPartFactory(event=event, capacity=3)

    response = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))

    parts = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.model.__name__ == "EventPart"
    )
    assert response.status_code == 200
    assert {"capacity", "status"} & set(response.context["adminform"].form.fields) == (
        set()
    )
    assert (parts.formset.can_delete, set(parts.formset.forms[0].fields)) == (
        False,
        {"id", "event"},
    )


def test_admin_publish_action_publishes_drafts_and_refuses_the_others(staff_client):
    draft = EventFactory(status=Event.Status.DRAFT)
    cancelled = EventFactory(status=Event.Status.CANCELLED)

    staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, cancelled.pk]},
    )

    draft.refresh_from_db()
    cancelled.refresh_from_db()
    assert (draft.status, cancelled.status) == (
        Event.Status.PUBLISHED,
        Event.Status.CANCELLED,
    )


def test_admin_cannot_delete_an_active_registration(staff_client):
    registration = _register(EventFactory(is_registration_open=True), "a@x.org")

    response = staff_client.post(
        reverse("admin:events_registration_delete", args=[registration.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()
