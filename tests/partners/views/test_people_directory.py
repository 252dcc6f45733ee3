"""The directory's people: searchable, in French order, with totals."""

import pytest
from django.urls import reverse

from partners.models import Membership, Person, sort_key
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("partners:orga_person_list")


def test_people_directory_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("user", ["partner_user", "funder"])
def test_people_directory_refused_to_partners_and_funders(client, request, user):
    PersonFactory(last_name="Marchand")
    client.force_login(request.getfixturevalue(user))
    response = client.get(URL)
    assert response.status_code == 403
    assert b"Marchand" not in response.content


def test_people_directory_in_french_order_with_the_total(client, coordinator):
    for last in ("Zola", "émery", "Durand"):
        PersonFactory(last_name=last, first_name="Anne")
    client.force_login(coordinator)

    response = client.get(URL)

    assert [p.last_name for p in response.context["people"]] == [
        "Durand",
        "émery",
        "Zola",
    ]
    assert "3 personnes" in response.content.decode()


def test_people_directory_search_by_name_e_mail_or_organisation(client, coordinator):
    annie = PersonFactory(first_name="Annie", last_name="Marchand")
    MembershipFactory(
        person=annie, organisation=OrganisationFactory(name="Mission locale")
    )
    leo = PersonFactory(first_name="Léo", last_name="Petit", email="leo@crf.fr")
    PersonFactory(first_name="Zoé", last_name="Autre")
    client.force_login(coordinator)

    def found(query):
        return list(client.get(URL, {"q": query}).context["people"])

    assert found("MARCHAND") == [annie]
    assert found("leo") == [leo]
    assert found("crf.fr") == [leo]
    assert found("mission locale") == [annie]
    response = client.get(URL, {"q": "personne inconnue"})
    assert "Aucune personne trouvée." in response.content.decode()
    assert "0 personne" in response.content.decode()


def test_people_directory_empty(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert "Aucune personne trouvée." in response.content.decode()


@pytest.mark.parametrize("count", [5, 120])
def test_people_directory_query_count_is_constant(
    client, coordinator, count, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    people = Person.objects.bulk_create(
        Person(first_name="Anne", last_name=f"Nom {n}", sort_name=sort_key(f"Nom {n}"))
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organisation=organisation) for p in people
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"q": "nom"})
    assert response.context["paginator"].count == count


def test_organisation_list_shows_the_total(client, coordinator):
    for n in range(3):
        OrganisationFactory(name=f"Asso {n}")
    client.force_login(coordinator)
    content = client.get(reverse("partners:orga_organisation_list")).content.decode()
    assert "3 organisations" in content
    assert reverse("partners:orga_person_list") in content
