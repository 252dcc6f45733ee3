import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_view_funded_events_needs_an_organisation(funder):
    assert funder.has_perm("events.view_funded_events") is False


def test_view_funded_events_for_a_funder_with_its_organisation(funder):
    funder.organisations.set([OrganisationFactory()])

    assert funder.has_perm("events.view_funded_events") is True


def test_view_funded_events_is_not_for_a_coordinator(coordinator):
    assert coordinator.has_perm("events.view_funded_events") is False


def test_partner_cannot_change_an_event(partner_user):
    assert partner_user.has_perm("events.change_event") is False
