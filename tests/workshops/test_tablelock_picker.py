"""Pinning several people at once, found by searching the event's confirmed
registrants as you type (accents and case ignored), never a <select> of all."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.widgets import PICKER_RESULTS
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from workshops.forms_tablelocks import (
    MAX_PINS_AT_ONCE,
    RegistrantMultiplePicker,
    TableLockForm,
)
from workshops.models import TableLock
from workshops.tablelocks import stored_locks

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title="Séminaire du Relais")


def lock_list(event):
    return reverse("workshops:orga_table_locks", args=[event.pk])


def search(event):
    return reverse("workshops:orga_table_lock_registrants", args=[event.pk])


def test_several_people_are_pinned_at_once(client, coordinator, event):
    helene = RegistrationFactory(event=event, first_name="Hélène", last_name="Roy")
    paul = RegistrationFactory(event=event, first_name="Paul", last_name="Durand")
    RegistrationFactory(event=event, first_name="Zoé", last_name="Martin")
    client.force_login(coordinator)

    response = client.post(
        lock_list(event),
        {"registration": [helene.pk, paul.pk], "round": 1, "table": 2},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.redirect_chain[-1][0] == lock_list(event)
    assert stored_locks(event) == {helene.pk: {1: 2}, paul.pk: {1: 2}}
    # In alphabetical order of last names.
    assert "Paul Durand, Hélène Roy sont placé·es à la table 2 au tour 1" in (
        response.text
    )


def test_one_wrong_person_pins_nobody(client, coordinator, event):
    mine = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, cancelled_at=timezone.now())
    elsewhere = RegistrationFactory()
    client.force_login(coordinator)
    for wrong in (cancelled.pk, elsewhere.pk, "9" * 40, "abc"):
        response = client.post(
            lock_list(event),
            {"registration": [mine.pk, wrong], "round": 1, "table": 1},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 200
        assert response.context["form"].errors["registration"]
        assert 'id="error_1_id_registration"' in response.text
    response = client.post(
        lock_list(event), {"round": 1, "table": 1}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Choisissez au moins une personne." in response.text
    assert not TableLock.objects.exists()


def test_too_many_at_once_is_refused(client, coordinator, event):
    people = RegistrationFactory.create_batch(MAX_PINS_AT_ONCE + 1, event=event)
    client.force_login(coordinator)
    response = client.post(
        lock_list(event),
        {"registration": [p.pk for p in people], "round": 1, "table": 1},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert "Épinglez au plus 30 personnes à la fois." in response.text
    assert not TableLock.objects.exists()


def test_the_form_lists_only_the_people_chosen(event):
    chosen = RegistrationFactory(event=event, first_name="Hélène", last_name="Roy")
    RegistrationFactory(event=event, first_name="Paul", last_name="Durand")
    form = TableLockForm(data={"registration": [chosen.pk]}, event=event)
    assert isinstance(form.fields["registration"].widget, RegistrantMultiplePicker)
    html = str(form["registration"])
    assert "Hélène Roy" in html and "Durand" not in html
    assert html.count("<option") == 1
    assert f'hx-get="{search(event)}"' in html


def test_the_search_ignores_accents_and_case_and_stays_in_the_event(
    client, coordinator, event
):
    helene = RegistrationFactory(
        event=event,
        first_name="Hélène",
        last_name="Roy",
        organisation=OrganisationFactory(name="Épicerie solidaire"),
    )
    RegistrationFactory(event=event, first_name="Paul", last_name="Durand")
    RegistrationFactory(event=event, first_name="Hélène", cancelled_at=timezone.now())
    RegistrationFactory(first_name="Hélène", last_name="Roy")  # another event
    client.force_login(coordinator)

    response = client.get(search(event), {"q": "HELENE"})
    assert response.status_code == 200
    assert [pk for pk, _label in response.context["registrants"]] == [helene.pk]
    assert f'data-org-choice="{helene.pk}"' in response.text
    assert "Épicerie solidaire" in response.text
    by_organisation = client.get(search(event), {"q": "epicerie"})
    assert [pk for pk, _ in by_organisation.context["registrants"]] == [helene.pk]
    nobody = client.get(search(event), {"q": "personne"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Aucun·e inscrit·e confirmé·e ne correspond" in nobody.text
    assert client.get(search(event)).context["registrants"] == []
    assert client.get(search(event), {"q": "x" * 500}).status_code == 200
    assert client.get(search(event), {"q": "a\x00"}).status_code == 400


@pytest.mark.parametrize("count", [PICKER_RESULTS + 2, 200])
def test_the_search_is_bounded_and_its_queries_constant(
    client, coordinator, count, django_assert_max_num_queries
):
    event = EventFactory()
    RegistrationFactory.create_batch(count, event=event, last_name="Martin")
    client.force_login(coordinator)
    client.get(search(event), {"q": "martin"})
    with django_assert_max_num_queries(6):
        response = client.get(search(event), {"q": "martin"})
    assert len(response.context["registrants"]) == PICKER_RESULTS
    assert response.context["more"]


def test_who_may_not_search(client, event, funder, partner_user):
    RegistrationFactory(event=event, first_name="Hélène")
    response = client.get(search(event), {"q": "helene"})
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (funder, partner_user):
        client.force_login(user)
        response = client.get(search(event), {"q": "helene"})
        assert response.status_code in (403, 404)
        assert "Hélène" not in response.content.decode()
