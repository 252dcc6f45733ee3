"""Deleting an organisation from the directory, confirmed first."""

import pytest
from django.urls import reverse

from partners.models import Membership, Organisation, Partnership
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def url(organisation) -> str:
    return reverse("partners:orga_organisation_delete", args=[organisation.pk])


def test_deleting_an_organisation_says_what_goes_with_it_then_deletes(
    client, coordinator
):
    membership = MembershipFactory()
    organisation = membership.organisation
    PartnershipFactory(first=organisation)
    client.force_login(coordinator)

    confirm = client.get(url(organisation)).content.decode()

    assert "1 appartenance" in confirm
    assert "1 partenariat" in confirm
    assert "mieux vaut la fusionner" in confirm
    assert Organisation.objects.filter(pk=organisation.pk).exists()

    response = client.post(url(organisation), follow=True)

    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Membership.objects.exists()
    assert not Partnership.objects.exists()
    assert "La structure a été supprimée." in response.content.decode()


def test_an_organisation_running_a_committee_is_protected(client, coordinator):
    committee = CommitteeFactory()
    client.force_login(coordinator)

    response = client.post(url(committee.organiser), follow=True)

    assert Organisation.objects.filter(pk=committee.organiser_id).exists()
    assert "Impossible de supprimer" in response.content.decode()


def test_visitors_partners_and_funders_cannot_delete(client, funder, partner_user):
    organisation = OrganisationFactory()
    partner_user.organisations.add(organisation)

    response = client.post(url(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    for user in (funder, partner_user):
        client.force_login(user)
        assert client.get(url(organisation)).status_code in (403, 404)
        assert client.post(url(organisation)).status_code in (403, 404)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
