import pytest
from django.urls import reverse

from partners.models import ChangeRequest
from tests.factories import OrganisationFactory

from .test_public import form_data

pytestmark = pytest.mark.django_db


def test_partner_organisation_update_proposes_a_change_for_its_own_organisation(
    client, partner_user
):
    organisation = OrganisationFactory(name="France Bénévolat Angers")
    partner_user.organisations.add(organisation)
    client.force_login(partner_user)

    response = client.post(
        reverse("partners:partner_organisation_update", args=[organisation.pk]),
        form_data(organisation, phone="02 41 11 11 11"),
    )

    change = ChangeRequest.objects.get()
    assert (
        response.status_code,
        change.organisation,
        change.submitted_by,
        change.proposed,
    ) == (
        302,
        organisation,
        partner_user,
        {"phone": "02 41 11 11 11"},
    )


def test_partner_organisation_update_of_another_organisation_is_404(
    client, partner_user
):
    mine = OrganisationFactory()
    other = OrganisationFactory(name="Emmaüs Connect")
    partner_user.organisations.add(mine)
    client.force_login(partner_user)

    response = client.post(
        reverse("partners:partner_organisation_update", args=[other.pk]),
        form_data(other, phone="00"),
    )

    assert (response.status_code, ChangeRequest.objects.count()) == (404, 0)


def test_partner_organisation_list_shows_only_own_organisations_in_french(
    client, partner_user
):
    mine = OrganisationFactory(name="Maison de l'emploi")
    OrganisationFactory(name="Restos du cœur")
    partner_user.organisations.add(mine)
    client.force_login(partner_user)

    response = client.get(
        reverse("partners:partner_organisation_list"), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert (
        list(response.context["organisations"]),
        "Ma structure" in response.content.decode(),
    ) == (
        [mine],
        True,
    )


def test_partner_organisation_update_sends_anonymous_to_login(client):
    organisation = OrganisationFactory()

    response = client.get(
        reverse("partners:partner_organisation_update", args=[organisation.pk])
    )

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))
