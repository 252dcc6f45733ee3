"""The coordinators' atelier screens: CRUD, choices, "Répartir", and who may."""

import datetime as dt

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from events.models import AgendaItem
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    PersonFactory,
    RegistrationFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)
from workshops.models import Workshop, WorkshopChoice, WorkshopPlace

pytestmark = pytest.mark.django_db


def atelier_item(event, hours=1):
    return AgendaItemFactory(
        event=event,
        kind=AgendaItem.Kind.WORKSHOP,
        title="Ateliers du matin",
        starts_at=event.starts_at + dt.timedelta(hours=hours),
        ends_at=event.starts_at + dt.timedelta(hours=hours + 2),
    )


@pytest.fixture
def event():
    return EventFactory(title="Journée inter-associative")


def test_navigation_entry_lists_events_with_their_ateliers(client, coordinator, event):
    WorkshopFactory(event=event)
    client.force_login(coordinator)
    response = client.get(reverse("workshops:orga_workshop_list"))
    assert response.status_code == 200
    assert "Journée inter-associative" in response.text
    assert reverse("workshops:orga_event_workshops", args=[event.pk]) in response.text


def test_create_an_atelier_with_its_sessions(client, coordinator, event):
    morning, afternoon = atelier_item(event, 1), atelier_item(event, 5)
    leader = PersonFactory(first_name="Inès", last_name="Martin")
    client.force_login(coordinator)
    url = reverse("workshops:orga_workshop_create", args=[event.pk])
    assert "Ateliers du matin" in client.get(url).text
    response = client.post(
        url,
        {
            "title": "Bénévolat",
            "question": "Comment accueillir les nouveaux bénévoles ?",
            "facilitators": [leader.pk],
            "room": "Salle B",
            "capacity": "12",
            "agenda_items": [morning.pk, afternoon.pk],
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(event=event)
    assert list(workshop.facilitators.all()) == [leader]
    assert {s.agenda_item for s in workshop.sessions.all()} == {morning, afternoon}
    page = client.get(response.url).text
    assert "Bénévolat" in page and "Inès Martin" in page


def test_bad_input_is_refused_next_to_the_field(client, coordinator, event):
    one, clash = atelier_item(event, 1), atelier_item(event, 2)
    client.force_login(coordinator)
    response = client.post(
        reverse("workshops:orga_workshop_create", args=[event.pk]),
        {"title": "", "capacity": "0", "agenda_items": [one.pk, clash.pk]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "capacity", "agenda_items"}
    assert "en même temps" in str(errors["agenda_items"])
    assert not Workshop.objects.exists()


def test_an_item_used_by_another_atelier_is_not_offered(client, coordinator, event):
    taken = WorkshopSessionFactory(workshop__event=event).agenda_item
    free = atelier_item(event, 5)
    other = WorkshopFactory(event=event)
    client.force_login(coordinator)
    response = client.get(
        reverse("workshops:orga_workshop_update", args=[event.pk, other.pk])
    )
    offered = list(response.context["form"].fields["agenda_items"].queryset)
    assert offered == [free] and taken not in offered


def test_edit_moves_the_sessions(client, coordinator, event):
    session = WorkshopSessionFactory(workshop__event=event)
    workshop = session.workshop
    new_item = atelier_item(event, 5)
    client.force_login(coordinator)
    response = client.post(
        reverse("workshops:orga_workshop_update", args=[event.pk, workshop.pk]),
        {"title": "Numérique", "agenda_items": [new_item.pk]},
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Numérique"
    assert [s.agenda_item for s in workshop.sessions.all()] == [new_item]


def test_delete_says_what_it_affects_then_deletes(client, coordinator, event):
    place = WorkshopPlaceFactory(session__workshop__event=event)
    workshop = place.session.workshop
    WorkshopChoiceFactory(workshop=workshop, registration=place.registration)
    client.force_login(coordinator)
    url = reverse("workshops:orga_workshop_delete", args=[event.pk, workshop.pk])
    page = client.get(url).text
    assert "1 séance" in page and "1 choix de participant" in page
    assert "1 place déjà attribuée" in page
    assert Workshop.objects.filter(pk=workshop.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    assert AgendaItem.objects.filter(pk=place.session.agenda_item_id).exists()
    assert not WorkshopPlace.objects.exists()


def test_coordinator_sets_ranked_choices(client, coordinator, event):
    a, b = WorkshopFactory(event=event, title="A"), WorkshopFactory(event=event)
    registration = RegistrationFactory(event=event, first_name="Zoé")
    client.force_login(coordinator)
    url = reverse("workshops:orga_choice_update", args=[event.pk, registration.pk])
    response = client.post(url, {"rank_1": b.pk, "rank_2": a.pk, "rank_3": ""})
    assert response.status_code == 302
    assert [(c.rank, c.workshop) for c in registration.workshop_choices.all()] == [
        (1, b),
        (2, a),
    ]
    listing = client.get(reverse("workshops:orga_choice_list", args=[event.pk]))
    assert listing.context["rows"][0]["choices"] == [b.title, "A", None]


def test_choices_refuse_the_same_atelier_twice_and_gaps(client, coordinator, event):
    a, b = WorkshopFactory(event=event), WorkshopFactory(event=event)
    registration = RegistrationFactory(event=event)
    WorkshopChoiceFactory(registration=registration, workshop=a, rank=1)
    client.force_login(coordinator)
    url = reverse("workshops:orga_choice_update", args=[event.pk, registration.pk])
    response = client.post(url, {"rank_1": a.pk, "rank_2": a.pk})
    assert "déjà choisi" in str(response.context["form"].errors["rank_2"])
    response = client.post(url, {"rank_1": a.pk, "rank_3": b.pk})
    assert "sans laisser de trou" in str(response.context["form"].errors["rank_3"])
    response = client.post(url, {"rank_1": "9" * 40})
    assert "rank_1" in response.context["form"].errors
    assert list(WorkshopChoice.objects.values_list("workshop", "rank")) == [(a.pk, 1)]


def test_assign_button_places_people_and_shows_the_figures(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    session = WorkshopSessionFactory(workshop__event=event, workshop__capacity=1)
    workshop = session.workshop
    first = RegistrationFactory(event=event, first_name="Ada", last_name="Lovelace")
    RegistrationFactory(event=event, first_name="Léo", last_name="Ferré")
    WorkshopChoiceFactory(registration=first, workshop=workshop)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:orga_assign", args=[event.pk]))
    assert response.status_code == 302
    assert WorkshopPlace.objects.get().registration == first
    page = client.get(response.url)
    assert "Ada Lovelace" in page.text
    assert page.context["figures"]["first_choice"] == 1
    assert page.context["figures"]["unplaced"] == 1
    assert page.context["unplaced"][0]["name"] == "Léo Ferré"
    assert "tous les ateliers de ce moment sont complets" in page.text
    job = page.context["job"]
    assert job.figures["first_choice"] == 1 and job.figures["unplaced"] == 1
    assert job.status == "done"
    assert "1er choix\u00a0: 1," in page.text and "manquantes\u00a0: 1." in page.text


def test_contradictory_locks_show_an_error_and_keep_everything(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    one = WorkshopSessionFactory(workshop__event=event)
    two = WorkshopSessionFactory(workshop__event=event)
    person = RegistrationFactory(event=event, first_name="Léa", last_name="Roy")
    WorkshopPlaceFactory(session=one, registration=person, locked=True)
    WorkshopPlaceFactory(session=two, registration=person, locked=True)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:orga_assign", args=[event.pk]))
    response = client.get(reverse("workshops:orga_event_workshops", args=[event.pk]))
    assert "Léa Roy" in response.text
    assert WorkshopPlace.objects.count() == 2


def test_empty_states(client, coordinator, event):
    client.force_login(coordinator)
    page = client.get(reverse("workshops:orga_event_workshops", args=[event.pk]))
    assert "aucun atelier" in page.text


PAGES = [
    ("workshops:orga_event_workshops", "get", False),
    ("workshops:orga_workshop_create", "get", False),
    ("workshops:orga_workshop_update", "get", True),
    ("workshops:orga_workshop_delete", "post", True),
    ("workshops:orga_choice_list", "get", False),
    ("workshops:orga_assign", "post", False),
]


@pytest.mark.parametrize(("name", "method", "with_workshop"), PAGES)
def test_non_coordinators_get_404_and_visitors_the_login(
    client, funder, event, name, method, with_workshop
):
    workshop = WorkshopFactory(event=event)
    args = [event.pk, workshop.pk] if with_workshop else [event.pk]
    url = reverse(name, args=args)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(funder)
    assert getattr(client, method)(url).status_code == 404
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_section_entry_is_403_for_non_coordinators(client, partner_user):
    client.force_login(partner_user)
    assert client.get(reverse("workshops:orga_workshop_list")).status_code == 403


def test_another_events_atelier_is_a_404(client, coordinator, event):
    elsewhere = WorkshopFactory()
    client.force_login(coordinator)
    url = reverse("workshops:orga_workshop_update", args=[event.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def _populate(event, size):
    workshops = [WorkshopFactory(event=event) for _ in range(3)]
    for hours in (1, 5):
        for workshop in workshops:
            WorkshopSessionFactory(
                workshop=workshop, agenda_item=atelier_item(event, hours)
            )
    workshops[0].facilitators.add(PersonFactory(), PersonFactory())
    for _ in range(size):
        registration = RegistrationFactory(event=event)
        for rank, workshop in enumerate(workshops, start=1):
            WorkshopChoiceFactory(
                registration=registration, workshop=workshop, rank=rank
            )


@pytest.mark.parametrize("size", [3, 30])
def test_pages_query_count_does_not_grow(
    client,
    coordinator,
    event,
    size,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    _populate(event, size)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:orga_assign", args=[event.pk]))
    pages = [
        (reverse("workshops:orga_workshop_list"), 5),
        # 14: the latest "Répartir" job, and the table plan's button counts
        # the confirmed registrants.
        (reverse("workshops:orga_event_workshops", args=[event.pk]), 14),
        (reverse("workshops:orga_choice_list", args=[event.pk]), 7),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            response = client.get(url)
        assert response.status_code == 200
    assert WorkshopPlace.objects.count() == 2 * size
