"""The coordinator's pages for an event's parts and its status."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models import Event, EventPart, Registration
from events.services import register_participant
from tests.factories import EventFactory, EventPartFactory, registration_data

pytestmark = pytest.mark.django_db


def _register(event, email, *parts):
    return register_participant(
        event=event, data=registration_data(email), parts=parts, consent=True
    )


def _waiting(registration):
    return [choice.waiting_position for choice in registration.part_choices.all()]


def part_post(**overrides):
    return {
        "title": "Matinée",
        "capacity": "",
        "starts_at": "",
        "ends_at": "",
        **overrides,
    }


def test_orga_part_update_raising_the_capacity_seats_the_waiting_list(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, title="Matin", capacity=1)
    _register(event, "a@example.org", part)
    waiting = _register(event, "b@example.org", part)
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:orga_part_update", args=[event.pk, part.pk]),
            part_post(title="Matinée bénévoles", capacity="2"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    part.refresh_from_db()
    assert response.status_code == 302
    assert (part.title, part.capacity, _waiting(waiting)) == (
        "Matinée bénévoles",
        2,
        [None],
    )
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Le temps a été enregistré.",
        "1 personne a quitté la liste d’attente et en a été informée par e-mail.",
    ]


def test_orga_part_update_shows_errors_by_the_field_in_french(client, coordinator):
    event = EventFactory()
    part = EventPartFactory(event=event, title="Matin", capacity=5)
    client.force_login(coordinator)

    with translation.override("fr"):
        response = client.post(
            reverse("events:orga_part_update", args=[event.pk, part.pk]),
            part_post(title="", capacity="-3"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    part.refresh_from_db()
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["capacity", "title"]
    assert response.context["form"].errors["title"] == ["Ce champ est obligatoire."]
    assert (part.title, part.capacity) == ("Matin", 5)
    assert "Modifier le temps «\u00a0Matin\u00a0»" in response.content.decode()


def test_orga_part_delete_asks_first_and_counts_the_registrations(client, coordinator):
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, title="Matinée", capacity=10)
    for email in ("a@x.org", "b@x.org", "c@x.org"):
        _register(event, email, part)
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_part_delete", args=[event.pk, part.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert response.context["registration_count"] == 3
    assert "3 inscriptions à ce temps" in response.content.decode()
    assert EventPart.objects.filter(pk=part.pk).exists()


def test_orga_part_delete_post_removes_it_and_tells_the_people(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(is_registration_open=True)
    morning = EventPartFactory(event=event, title="Matinée")
    afternoon = EventPartFactory(event=event, title="Après-midi")
    only = _register(event, "only@x.org", morning)
    both = _register(event, "both@x.org", morning, afternoon)
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:orga_part_delete", args=[event.pk, morning.pk])
        )

    only.refresh_from_db()
    both.refresh_from_db()
    assert response.status_code == 302
    assert list(event.parts.all()) == [afternoon]
    assert (only.is_cancelled, both.is_cancelled) == (True, False)
    assert sorted(m.to[0] for m in mail.outbox) == ["both@x.org", "only@x.org"]


def test_orga_part_without_registrations_is_removed_after_the_same_confirmation(
    client, coordinator
):
    event = EventFactory()
    part = EventPartFactory(event=event)
    client.force_login(coordinator)

    page = client.get(reverse("events:orga_part_delete", args=[event.pk, part.pk]))
    response = client.post(reverse("events:orga_part_delete", args=[event.pk, part.pk]))

    assert (page.status_code, page.context["registration_count"]) == (200, 0)
    assert response.status_code == 302
    assert list(event.parts.all()) == []


def test_one_click_on_the_old_remove_button_no_longer_erases_registrations(
    client, coordinator
):
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event)
    _register(event, "a@x.org", part)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_setup_delete", args=[event.pk, "parties", part.pk])
    )

    assert response.url == reverse("events:orga_part_delete", args=[event.pk, part.pk])
    assert (EventPart.objects.count(), Registration.objects.active().count()) == (1, 1)


@pytest.mark.parametrize("url_name", ("orga_part_update", "orga_part_delete"))
def test_orga_part_pages_are_forbidden_to_a_partner(client, partner_user, url_name):
    event = EventFactory()
    part = EventPartFactory(event=event, capacity=3)
    partner_user.organisations.set([event.organiser])
    client.force_login(partner_user)

    response = client.post(
        reverse(f"events:{url_name}", args=[event.pk, part.pk]), part_post(capacity="9")
    )

    part.refresh_from_db()
    assert (response.status_code, part.capacity) == (404, 3)
    assert EventPart.objects.filter(pk=part.pk).exists()


@pytest.mark.parametrize("url_name", ("orga_part_update", "orga_part_delete"))
def test_orga_part_pages_send_an_anonymous_visitor_to_sign_in(client, url_name):
    part = EventPartFactory()

    response = client.post(
        reverse(f"events:{url_name}", args=[part.event_id, part.pk]), part_post()
    )

    assert (response.status_code, response.url.split("?")[0]) == (
        302,
        "/accounts/login/",
    )
    assert EventPart.objects.filter(pk=part.pk).exists()


def test_orga_part_of_another_event_is_404(client, coordinator):
    event = EventFactory()
    other = EventPartFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_part_delete", args=[event.pk, other.pk])
    )

    assert response.status_code == 404
    assert EventPart.objects.filter(pk=other.pk).exists()


def test_orga_event_status_publishes_a_draft(client, coordinator):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_status", args=[event.pk]),
        {"status": "published"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert [str(m) for m in response.wsgi_request._messages] == [
        "L’événement est maintenant publié."
    ]


def test_orga_event_status_refuses_to_publish_a_cancelled_event(client, coordinator):
    event = EventFactory(status=Event.Status.CANCELLED)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_status", args=[event.pk]),
        {"status": "published"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Seul un événement en brouillon peut être publié\u00a0; "
        "celui-ci est «\u00a0Annulé\u00a0»."
    ]


def test_orga_event_status_is_forbidden_to_a_partner(client, partner_user):
    event = EventFactory(status=Event.Status.DRAFT)
    partner_user.organisations.set([event.organiser])
    client.force_login(partner_user)

    response = client.post(
        reverse("events:orga_event_status", args=[event.pk]), {"status": "published"}
    )

    event.refresh_from_db()
    assert (response.status_code, event.status) == (404, Event.Status.DRAFT)


def test_orga_event_form_no_longer_sets_the_status(client, coordinator):
    event = EventFactory(status=Event.Status.DRAFT, title="Avant")
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_event_update", args=[event.pk]),
        {
            "title": "Après",
            "slug": event.slug,
            "kind": event.kind,
            "status": "published",
            "starts_at": "2030-06-12T09:30",
            "ends_at": "2030-06-12T17:30",
            "organiser": event.organiser_id,
        },
    )

    event.refresh_from_db()
    assert (event.title, event.status) == ("Après", Event.Status.DRAFT)


def test_orga_event_create_makes_a_draft_with_a_publish_button(client, coordinator):
    organiser = EventFactory().organiser
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_create"),
        {
            "title": "Journée 2031",
            "slug": "journee-2031",
            "kind": Event.Kind.DAY,
            "status": "published",
            "starts_at": "2031-06-12T09:30",
            "ends_at": "2031-06-12T17:30",
            "organiser": organiser.pk,
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    event = Event.objects.get(slug="journee-2031")
    assert event.status == Event.Status.DRAFT
    assert [label for _status, label, _button in response.context["next_statuses"]] == [
        "Publié",
        "Annulé",
    ]
    assert "Publier l’événement" in response.content.decode()


def test_orga_event_setup_links_each_part_to_its_edit_and_removal_pages(
    client, coordinator
):
    part = EventPartFactory(title="Matinée", capacity=2)
    client.force_login(coordinator)

    response = client.get(reverse("events:orga_event_setup", args=[part.event_id]))

    content = response.content.decode()
    assert reverse("events:orga_part_update", args=[part.event_id, part.pk]) in content
    assert reverse("events:orga_part_delete", args=[part.event_id, part.pk]) in content


def test_orga_event_status_unknown_is_refused_with_a_message(client, coordinator):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_status", args=[event.pk]),
        {"status": "x" * 300},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    event.refresh_from_db()
    assert (response.status_code, event.status) == (302, Event.Status.DRAFT)
    assert [m.level_tag for m in response.wsgi_request._messages] == ["error"]
