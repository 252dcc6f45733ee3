"""Coordinators make, change and delete committees, and add or remove members."""

import pytest
from django.urls import reverse

from events.models import Committee, CommitteeMember, Event
from tests.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def committee_post(organiser, **extra) -> dict:
    return {
        "title": "Comité de pilotage du Réseau",
        "kind": "copil",
        "organiser": organiser.pk,
        "cadence": "Tous les deux mois",
        "cadence_weeks": "8",
        **extra,
    }


def test_a_coordinator_creates_a_committee_with_its_own_address(client, coordinator):
    organiser = OrganisationFactory()
    CommitteeFactory(slug="comite-de-pilotage-du-reseau")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_committee_create"), committee_post(organiser), follow=True
    )

    committee = Committee.objects.get(title="Comité de pilotage du Réseau")
    assert committee.slug == "comite-de-pilotage-du-reseau-2"
    assert committee.cadence_weeks == 8
    assert response.redirect_chain[-1][0] == committee.get_absolute_url()
    assert "Le comité a été ajouté." in page(response)


def test_a_committee_without_a_title_is_refused_beside_the_field(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_committee_create"),
        committee_post(OrganisationFactory(), title=""),
    )

    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert "Ce champ est obligatoire." in page(response)
    assert not Committee.objects.exists()


def test_a_coordinator_edits_a_committee_and_keeps_its_address(client, coordinator):
    committee = CommitteeFactory(slug="copil")
    client.force_login(coordinator)
    url = reverse("events:orga_committee_update", args=[committee.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url, committee_post(committee.organiser, title="CoPil 2026"), follow=True
    )

    committee.refresh_from_db()
    assert (committee.title, committee.slug) == ("CoPil 2026", "copil")
    assert "Les modifications ont été enregistrées." in page(response)


def test_deleting_a_committee_is_confirmed_and_keeps_its_meetings(client, coordinator):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee)
    meeting = MeetingFactory(committee=committee)
    url = reverse("events:orga_committee_delete", args=[committee.pk])
    client.force_login(coordinator)

    confirm = client.get(url)
    assert "1 membre du comité" in page(confirm)
    assert Committee.objects.exists()

    response = client.post(url, follow=True)

    assert not Committee.objects.exists()
    assert not CommitteeMember.objects.exists()
    assert Event.objects.get(pk=meeting.pk).committee_id is None
    assert "Le comité a été supprimé ; ses réunions restent." in page(response)


def test_adding_a_member_takes_their_only_organisation(client, coordinator):
    committee = CommitteeFactory()
    membership = MembershipFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_committee_member_add", args=[committee.pk]),
        {"person": membership.person_id, "role": "Présidente"},
        follow=True,
    )

    member = CommitteeMember.objects.get()
    assert (member.person, member.organisation, member.role) == (
        membership.person,
        membership.organisation,
        "Présidente",
    )
    assert "Le membre a été ajouté." in page(response)


def test_a_member_cannot_be_added_twice(client, coordinator):
    member = CommitteeMemberFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_committee_member_add", args=[member.committee_id]),
        {"person": member.person_id},
    )

    assert response.status_code == 400
    assert "person" in response.context["member_form"].errors
    assert CommitteeMember.objects.count() == 1


def test_removing_a_member_is_confirmed_first(client, coordinator):
    member = CommitteeMemberFactory()
    url = reverse(
        "events:orga_committee_member_remove", args=[member.committee_id, member.pk]
    )
    client.force_login(coordinator)

    confirm = client.get(url)
    assert str(member.person) in page(confirm)
    assert CommitteeMember.objects.exists()

    response = client.post(url, follow=True)

    assert not CommitteeMember.objects.exists()
    assert PersonFactory._meta.model.objects.filter(pk=member.person_id).exists()
    assert "Le membre a été retiré du comité." in page(response)


def test_a_member_of_another_committee_is_a_404(client, coordinator):
    member = CommitteeMemberFactory()
    other = CommitteeFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_committee_member_remove", args=[other.pk, member.pk])
    )

    assert response.status_code == 404
    assert CommitteeMember.objects.exists()


@pytest.mark.parametrize("size", [2, 20])
def test_the_committee_list_query_count_does_not_grow(
    client, coordinator, django_assert_max_num_queries, size
):
    for _ in range(size):
        CommitteeMemberFactory(committee=CommitteeFactory())
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:orga_committee_list"))

    assert len(response.context["committees"]) == size
    assert "Nouveau comité" in page(response)


@pytest.mark.parametrize("size", [2, 20])
def test_the_committee_page_query_count_does_not_grow(
    client, coordinator, django_assert_max_num_queries, size
):
    committee = CommitteeFactory()
    for _ in range(size):
        CommitteeMemberFactory(committee=committee)
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(committee.get_absolute_url())

    assert len(response.context["members"]) == size


def _urls():
    member = CommitteeMemberFactory()
    committee = member.committee
    return [
        ("get", reverse("events:orga_committee_create")),
        ("post", reverse("events:orga_committee_create")),
        ("post", reverse("events:orga_committee_update", args=[committee.pk])),
        ("post", reverse("events:orga_committee_delete", args=[committee.pk])),
        ("post", reverse("events:orga_committee_member_add", args=[committee.pk])),
        (
            "post",
            reverse(
                "events:orga_committee_member_remove", args=[committee.pk, member.pk]
            ),
        ),
    ]


def test_visitors_are_sent_to_the_sign_in_page(client):
    for method, url in _urls():
        response = getattr(client, method)(url, {"title": "x"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    assert Committee.objects.count() == 1
    assert CommitteeMember.objects.count() == 1


def test_partners_and_funders_are_refused(client, funder, partner_user):
    urls = _urls()
    for user in (funder, partner_user):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"title": "x"})
            assert response.status_code in (403, 404), (user, url)
    assert Committee.objects.count() == 1
    assert CommitteeMember.objects.count() == 1
