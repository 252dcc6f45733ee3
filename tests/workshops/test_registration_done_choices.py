"""The registration's confirmation page after the ateliers were chosen in the
registration form: the choices, not « Choisir mes ateliers »; a link to change
them until the ateliers are assigned, and the choice page keeps that rule."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    start = dt.datetime(2030, 6, 12, 9, 0, tzinfo=PARIS)
    return EventFactory(
        slug="journee-inter-asso",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        is_registration_open=True,
    )


@pytest.fixture
def ateliers(event):
    return [
        WorkshopFactory(event=event, title=title)
        for title in ("Bénévolat", "Numérique", "Financements")
    ]


def register(client, event, **choices):
    response = client.post(
        f"/e/{event.slug}/inscription/",
        {
            "first_name": "Annie",
            "last_name": "Marchand",
            "email": "annie@example.org",
            "organisation_name": "RESO77",
            "status": Registration.Status.VOLUNTEER,
            "consent": "on",
            **choices,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    return response["Location"]


def choice_url(registration):
    return reverse("workshops:public_choice", args=[registration.token])


def test_choices_made_in_the_form_are_shown_with_a_link_to_change_them(
    client, event, ateliers
):
    a, b, _c = ateliers
    done = register(client, event, **{"ateliers-rank_1": b.pk, "ateliers-rank_2": a.pk})
    registration = Registration.objects.get()

    page = client.get(done, HTTP_ACCEPT_LANGUAGE="fr").text

    assert 'id="choice-invite"' not in page
    assert "Choisir mes ateliers" not in page
    assert 'id="choice-summary"' in page
    summary = page[page.index('id="choice-summary"') :]
    assert summary.index("1er choix") < summary.index("Numérique")
    assert summary.index("Numérique") < summary.index("2e choix")
    assert summary.index("2e choix") < summary.index("Bénévolat")
    assert "Financements" not in summary
    assert "Modifier mes choix" in summary and choice_url(registration) in summary


def test_without_choices_the_page_still_invites_to_choose(client, event, ateliers):
    done = register(client, event)
    page = client.get(done, HTTP_ACCEPT_LANGUAGE="fr").text
    assert 'id="choice-invite"' in page and "Choisir mes ateliers" in page
    assert 'id="choice-summary"' not in page


def test_once_assigned_the_choices_show_without_a_link_to_change(client, event):
    atelier = WorkshopFactory(event=event, title="Numérique")
    registration = RegistrationFactory(event=event)
    WorkshopChoiceFactory(registration=registration, workshop=atelier, rank=1)
    session = WorkshopSessionFactory(
        workshop=atelier,
        agenda_item=AgendaItemFactory(event=event, kind="workshop", title="Ateliers"),
    )
    WorkshopPlaceFactory(session=session, registration=registration, rank=1)
    url = reverse(
        "events:public_registration_done", args=[event.slug, registration.token]
    )

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text

    assert 'id="choice-summary"' in page and "Numérique" in page
    assert choice_url(registration) not in page
    assert "ne peuvent plus être modifiés" in page

    # The choice link says the same and changes nothing.
    other = WorkshopFactory(event=event, title="Bénévolat")
    page = client.get(choice_url(registration), HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert 'id="choices-closed"' in page.text and "Numérique" in page.text
    assert page.context["form"] is None
    assert 'name="rank_1"' not in page.text
    response = client.post(choice_url(registration), {"rank_1": other.pk})
    assert response.status_code == 200
    assert 'id="choices-closed"' in response.text
    assert list(registration.workshop_choices.values_list("workshop", flat=True)) == [
        atelier.pk
    ]


def test_a_cancelled_registration_is_not_offered_its_choices(client, event, ateliers):
    registration = RegistrationFactory(event=event, cancelled_at=timezone.now())
    WorkshopChoiceFactory(registration=registration, workshop=ateliers[0], rank=1)
    url = reverse(
        "events:public_registration_done", args=[event.slug, registration.token]
    )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    assert choice_url(registration) not in page
    assert client.get(choice_url(registration)).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_confirmation_page_queries_do_not_grow_with_the_choices(
    client, event, count, django_assert_max_num_queries
):
    registration = RegistrationFactory(event=event)
    for rank in range(1, count + 1):
        WorkshopChoiceFactory(
            registration=registration, workshop=WorkshopFactory(event=event), rank=rank
        )
    url = reverse(
        "events:public_registration_done", args=[event.slug, registration.token]
    )
    client.get(url)
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
