"""Self-update pages: field-by-field review, stale entries, verification,
revoked links and people proposed with an update."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundMail
from partners import selfupdate, services
from partners.models import ChangeRequest, EntryCheck, Membership
from tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganisationFactory,
)

from .test_public import form_data, link_for

pytestmark = pytest.mark.django_db


def review_url(change):
    return reverse("partners:orga_changerequest_review", args=[change.pk])


# Review --------------------------------------------------------------------


def test_review_page_lists_each_field_and_person(client, coordinator):
    organisation = OrganisationFactory(phone="")
    membership = MembershipFactory(organisation=organisation)
    change = services.submit_change_request(
        organisation=organisation,
        data={"phone": "01 02 03 04 05"},
        submitter_name="Karim",
        contacts=selfupdate.contact_changes(
            organisation=organisation,
            rows=[{"membership": membership.pk, "remove": True}],
        ),
    )
    client.force_login(coordinator)

    response = client.get(review_url(change))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Téléphone" in content and "01 02 03 04 05" in content
    assert f"Retirer : {membership.person}" in content
    assert "Motif transmis au partenaire" in content


def test_review_post_accepts_and_refuses_field_by_field(client, coordinator):
    organisation = OrganisationFactory(phone="", commune="Meaux", email="a@asso.fr")
    change = ChangeRequestFactory(
        organisation=organisation, proposed={"phone": "01 60", "commune": "Paris"}
    )
    client.force_login(coordinator)

    response = client.post(
        review_url(change),
        {
            "field_phone_decision": "accepted",
            "field_phone_reason": "",
            "field_commune_decision": "refused",
            "field_commune_reason": "Le siège reste à Meaux.",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.phone, organisation.commune) == ("01 60", "Meaux")
    assert "Le siège reste à Meaux." in OutboundMail.objects.get().body
    assert organisation.entry_check.last_verified_at is not None


def test_review_refusal_without_reason_is_refused_beside_the_field(client, coordinator):
    change = ChangeRequestFactory()
    client.force_login(coordinator)

    response = client.post(review_url(change), {"field_phone_decision": "refused"})

    assert response.status_code == 200
    assert "Indiquez au partenaire pourquoi c’est refusé." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    assert not OutboundMail.objects.exists()


def test_review_without_a_decision_is_refused(client, coordinator):
    change = ChangeRequestFactory()
    client.force_login(coordinator)

    response = client.post(review_url(change), {"field_phone_decision": "peut-être"})

    assert response.status_code == 200
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING


def test_review_invalid_value_shows_an_error_not_a_500(client, coordinator):
    change = ChangeRequestFactory(proposed={"website": "pas une adresse"})
    client.force_login(coordinator)

    response = client.post(review_url(change), {"field_website_decision": "accepted"})

    assert response.status_code == 200
    assert "ne peut pas être appliquée" in response.content.decode()
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING


def test_review_of_a_reviewed_change_is_404(client, coordinator):
    change = ChangeRequestFactory(status=ChangeRequest.Status.ACCEPTED)
    client.force_login(coordinator)

    assert client.get(review_url(change)).status_code == 404


def test_review_sends_anonymous_to_login(client):
    change = ChangeRequestFactory()

    response = client.get(review_url(change))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("role", ["partner_user", "funder"])
def test_review_is_forbidden_to_partners_and_funders(client, role, request):
    user = request.getfixturevalue(role)
    change = ChangeRequestFactory()
    user.organisations.add(change.organisation)
    client.force_login(user)

    get = client.get(review_url(change))
    post = client.post(review_url(change), {"field_phone_decision": "accepted"})

    # An address naming an object answers 404 to other roles (core.views).
    assert (get.status_code, post.status_code) == (404, 404)
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING


# Stale entries ------------------------------------------------------------


def stale_url():
    return reverse("partners:orga_stale_list")


@pytest.mark.parametrize("count", (3, 30))
def test_stale_list_query_count_is_constant(
    client, coordinator, count, django_assert_max_num_queries
):
    long_ago = timezone.now() - dt.timedelta(days=500)
    for n in range(count):
        organisation = OrganisationFactory()
        if n % 2:
            selfupdate.mark_verified(organisation=organisation, when=long_ago)
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(stale_url())

    assert response.status_code == 200
    assert response.context["paginator"].count == count
    assert len(response.context["organisations"]) == min(count, 25)


def test_stale_list_leaves_out_recently_verified_entries(client, coordinator):
    stale = OrganisationFactory(name="Ancienne fiche")
    recent = OrganisationFactory(name="Fiche récente")
    selfupdate.mark_verified(organisation=recent)
    client.force_login(coordinator)

    response = client.get(stale_url())

    assert list(response.context["organisations"]) == [stale]
    assert "jamais" in response.content.decode()


def test_stale_list_empty_state(client, coordinator):
    client.force_login(coordinator)

    response = client.get(stale_url())

    assert "Toutes les fiches ont été vérifiées dans l’année." in (
        response.content.decode()
    )


def test_stale_send_links_queues_one_mail_per_entry_with_email(client, coordinator):
    OrganisationFactory(email="a@asso.fr")
    OrganisationFactory(email="b@asso.fr")
    OrganisationFactory(email="")
    client.force_login(coordinator)

    response = client.post(reverse("partners:orga_stale_send_links"), follow=True)

    assert set(OutboundMail.objects.values_list("to", flat=True)) == {
        "a@asso.fr",
        "b@asso.fr",
    }
    content = response.content.decode()
    assert "Les liens de 2 fiches ont été envoyés." in content
    assert "1 fiche n’a pas de courriel" in content


def test_stale_pages_are_forbidden_to_partners_and_anonymous(client, partner_user):
    OrganisationFactory(email="a@asso.fr")
    send = reverse("partners:orga_stale_send_links")

    anonymous = client.post(send)
    client.force_login(partner_user)
    listed = client.get(stale_url())
    sent = client.post(send)

    assert anonymous.status_code == 302
    assert (listed.status_code, sent.status_code) == (403, 403)
    assert not OutboundMail.objects.exists()


def test_verify_marks_the_entry_verified(client, coordinator):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_organisation_verify", args=[organisation.pk]),
        {"next": "stale"},
    )

    assert response.url == stale_url()
    assert EntryCheck.objects.get(organisation=organisation).last_verified_at


def test_verify_is_forbidden_to_partners(client, partner_user):
    organisation = OrganisationFactory()
    partner_user.organisations.add(organisation)
    client.force_login(partner_user)

    response = client.post(
        reverse("partners:orga_organisation_verify", args=[organisation.pk])
    )

    assert response.status_code == 404
    assert not EntryCheck.objects.exists()


def test_detail_page_shows_the_last_verification(client, coordinator):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    before = client.get(organisation.get_absolute_url()).content.decode()
    selfupdate.mark_verified(organisation=organisation)
    after = client.get(organisation.get_absolute_url()).content.decode()

    assert "Dernière vérification : jamais" in before
    assert "Dernière vérification : jamais" not in after


# Revoked links ------------------------------------------------------------


def test_revoke_confirms_then_revokes(client, coordinator):
    organisation = OrganisationFactory()
    url = reverse("partners:orga_update_link_revoke", args=[organisation.pk])
    old_link = link_for(organisation)
    client.force_login(coordinator)

    page = client.get(url)
    assert "cesseront de fonctionner" in page.content.decode()
    assert client.get(old_link).status_code == 200  # GET revoked nothing

    client.post(url)
    client.logout()
    response = client.get(old_link)

    assert response.status_code == 410
    assert "Ce lien a été révoqué" in response.content.decode()
    assert client.post(old_link, form_data(organisation, phone="01")).status_code == 410
    assert not ChangeRequest.objects.exists()
    assert client.get(link_for(organisation)).status_code == 200  # a new link works


def test_revoke_is_forbidden_to_partners(client, partner_user):
    organisation = OrganisationFactory()
    partner_user.organisations.add(organisation)
    link = link_for(organisation)
    client.force_login(partner_user)

    response = client.post(
        reverse("partners:orga_update_link_revoke", args=[organisation.pk])
    )

    assert response.status_code == 404
    assert client.get(link).status_code == 200


# People proposed with an update -------------------------------------------


def people_data(rows, extra=None):
    data = {
        "people-TOTAL_FORMS": str(len(rows)),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
    }
    for index, values in enumerate(rows):
        for name, value in values.items():
            data[f"people-{index}-{name}"] = value
    return data


def membership_row(membership, **changes):
    person = membership.person
    row = {
        "membership": membership.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "function": membership.function,
        "status": membership.status,
    }
    if person.directory_consent:
        row["directory_consent"] = "on"
    row.update(changes)
    return row


def test_public_update_shows_and_proposes_people(client):
    organisation = OrganisationFactory()
    membership = MembershipFactory(organisation=organisation)
    link = link_for(organisation)

    page = client.get(link).content.decode()
    assert membership.person.email in page and "Nouvelle personne" in page

    response = client.post(
        link,
        {
            **form_data(organisation),
            **people_data(
                [
                    membership_row(membership, function="Présidente"),
                    {"first_name": "Nadia", "email": "nadia@asso.fr", "status": "elu"},
                ]
            ),
        },
    )

    assert response.status_code == 200
    change = ChangeRequest.objects.get()
    assert change.proposed == {}
    assert sorted(change.proposed_contacts.values_list("action", "function")) == [
        ("add", ""),
        ("change", "Présidente"),
    ]
    membership.refresh_from_db()
    assert membership.function != "Présidente"  # only once reviewed


def test_public_update_refuses_another_organisations_person(client):
    organisation = OrganisationFactory()
    foreign = MembershipFactory()

    response = client.post(
        link_for(organisation),
        {
            **form_data(organisation, phone="01"),
            **people_data([membership_row(foreign, remove="on")]),
        },
    )

    assert response.status_code == 200
    assert "ne figure pas dans votre fiche" in response.content.decode()
    assert not ChangeRequest.objects.exists()
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_new_person_without_first_name_is_refused_beside_the_field(client):
    organisation = OrganisationFactory()

    response = client.post(
        link_for(organisation),
        {**form_data(organisation), **people_data([{"email": "x@asso.fr"}])},
    )

    assert "Indiquez le prénom de la personne." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_partner_removes_a_person_of_its_own_organisation(client, partner_user):
    organisation = OrganisationFactory()
    membership = MembershipFactory(organisation=organisation)
    partner_user.organisations.add(organisation)
    client.force_login(partner_user)

    client.post(
        reverse("partners:partner_organisation_update", args=[organisation.pk]),
        {
            **form_data(organisation),
            **people_data([membership_row(membership, remove="on")]),
        },
    )

    contact = ChangeRequest.objects.get().proposed_contacts.get()
    assert (contact.action, contact.membership) == ("remove", membership)


def test_partner_cannot_propose_people_for_another_organisation(client, partner_user):
    mine, other = OrganisationFactory(), OrganisationFactory()
    membership = MembershipFactory(organisation=other)
    partner_user.organisations.add(mine)
    client.force_login(partner_user)

    response = client.post(
        reverse("partners:partner_organisation_update", args=[other.pk]),
        {**form_data(other), **people_data([membership_row(membership, remove="on")])},
    )

    assert response.status_code == 404
    assert not ChangeRequest.objects.exists()


def test_reopened_form_goes_on_from_the_pending_people_changes(client):
    organisation = OrganisationFactory()
    changed = MembershipFactory(organisation=organisation, function="Bénévole")
    left = MembershipFactory(organisation=organisation)
    link = link_for(organisation)
    client.post(
        link,
        {
            **form_data(organisation),
            **people_data(
                [
                    membership_row(changed, function="Présidente"),
                    membership_row(left, remove="on"),
                    {"first_name": "Nadia", "status": "elu"},
                ]
            ),
        },
    )

    rows = client.get(link).context["contacts"].initial

    by_membership = {row.get("membership"): row for row in rows}
    assert by_membership[changed.pk]["function"] == "Présidente"
    assert by_membership[left.pk]["remove"] is True
    assert by_membership[None]["first_name"] == "Nadia"

    # Sent again unchanged, the new proposal keeps all three changes.
    client.post(
        link,
        {
            **form_data(organisation),
            **people_data(
                [
                    membership_row(changed, function="Présidente"),
                    membership_row(left, remove="on"),
                    {"first_name": "Nadia", "status": "elu"},
                    {},
                ]
            ),
        },
    )
    latest = ChangeRequest.objects.get(status=ChangeRequest.Status.PENDING)
    assert sorted(latest.proposed_contacts.values_list("action", flat=True)) == [
        "add",
        "change",
        "remove",
    ]
