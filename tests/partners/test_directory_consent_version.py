"""The directory consent records the version of its text and its date
(issue 16): coordinator's person form, add-a-person form, self-update."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.consent import consent_in_force, publish_consent_text
from core.models import ConsentText
from core.personal_data import BEFORE_VERSIONS, erase_person, export_person_data
from partners.models import ChangeRequest, Person
from partners.models_selfupdate import ProposedContact
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

from .views.test_public import form_data, link_for
from .views.test_selfupdate_views import membership_row, people_data

pytestmark = pytest.mark.django_db

DIRECTORY = ConsentText.Purpose.DIRECTORY


def person_data(person=None, **changes):
    data = {
        "first_name": person.first_name if person else "Léa",
        "last_name": person.last_name if person else "Martin",
        "email": person.email if person else "lea@example.org",
        "phone": "01 60 00 00 00",
    }
    if person is None or person.directory_consent:
        data["directory_consent"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def publish_v2(by):
    return publish_consent_text(
        purpose=DIRECTORY, version="2", text="Nouveau texte de l’annuaire.", by=by
    )


def test_the_person_form_shows_the_text_in_force_and_its_version(client, coordinator):
    client.force_login(coordinator)
    publish_v2(coordinator)

    page = client.get(reverse("partners:orga_person_create")).content.decode()

    assert "Nouveau texte de l’annuaire." in page
    assert "texte de consentement, version 2" in page


def test_a_consent_given_records_the_version_and_the_date(client, coordinator):
    client.force_login(coordinator)
    before = timezone.now()

    response = client.post(reverse("partners:orga_person_create"), person_data())

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.directory_consent_text == consent_in_force(DIRECTORY)
    assert person.directory_consent_text.version == "1"
    assert before <= person.directory_consent_at <= timezone.now()


def test_no_consent_records_no_version(client, coordinator):
    client.force_login(coordinator)

    client.post(reverse("partners:orga_person_create"), person_data())
    client.post(
        reverse("partners:orga_person_create"),
        person_data(email="b@example.org", directory_consent=None),
    )

    person = Person.objects.get(email="b@example.org")
    assert (person.directory_consent, person.directory_consent_text) == (False, None)
    assert person.directory_consent_at is None


def test_a_new_version_leaves_earlier_consents_unchanged(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())
    person = Person.objects.get()
    given = (person.directory_consent_text_id, person.directory_consent_at)
    v2 = publish_v2(coordinator)

    # An edit that keeps the consent keeps its version and date.
    client.post(
        reverse("partners:orga_person_update", args=[person.pk]),
        person_data(person, phone="06 00 00 00 00"),
    )
    person.refresh_from_db()
    assert person.phone == "06 00 00 00 00"
    assert (person.directory_consent_text_id, person.directory_consent_at) == given
    # A consent given now records the new version.
    client.post(
        reverse("partners:orga_person_create"), person_data(email="n@example.org")
    )
    assert Person.objects.get(email="n@example.org").directory_consent_text == v2


def test_withdrawing_clears_the_version_and_date_and_giving_again_records_anew(
    client, coordinator
):
    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())
    person = Person.objects.get()
    url = reverse("partners:orga_person_update", args=[person.pk])

    client.post(url, person_data(person, directory_consent=None))
    person.refresh_from_db()
    assert (person.directory_consent, person.directory_consent_text) == (False, None)
    assert person.directory_consent_at is None

    v2 = publish_v2(coordinator)
    client.post(url, person_data(person, directory_consent="on"))
    person.refresh_from_db()
    assert (person.directory_consent, person.directory_consent_text) == (True, v2)


@pytest.mark.parametrize("role", ["partner_user", "funder", None])
def test_others_cannot_give_or_withdraw_a_consent(client, role, request):
    person = PersonFactory(directory_consent=False)
    if role:
        client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("partners:orga_person_update", args=[person.pk]),
        person_data(person, directory_consent="on"),
    )

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/connexion/" in response.url or "login" in response.url
    person.refresh_from_db()
    assert (person.directory_consent, person.directory_consent_text) == (False, None)


def test_a_consent_given_before_versions_shows_so(client, coordinator):
    person = PersonFactory(directory_consent=True)
    client.force_login(coordinator)

    page = client.get(
        reverse("partners:orga_person_detail", args=[person.pk])
    ).content.decode()

    assert "donné avant les versions des textes" in page


def test_the_detail_page_shows_the_version_accepted(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())
    person = Person.objects.get()

    page = client.get(
        reverse("partners:orga_person_detail", args=[person.pk])
    ).content.decode()

    assert "texte de consentement version 1, donné le" in page


def test_adding_a_member_records_the_version(client, coordinator):
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    v2 = publish_v2(coordinator)

    client.post(
        reverse("partners:orga_member_create", args=[organisation.pk]),
        {**person_data(), "status": "benevole", "function": "Bénévole"},
    )

    person = Person.objects.get()
    assert person.directory_consent_text == v2
    assert person.directory_consent_at is not None


def test_adding_an_existing_person_keeps_their_earlier_consent(client, coordinator):
    person = PersonFactory(email="a@example.org", directory_consent=True)
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_member_create", args=[OrganisationFactory().pk]),
        {**person_data(email="a@example.org"), "status": "benevole"},
    )

    person.refresh_from_db()
    # Given before versions: it stays so, not rewritten as today's version.
    assert (person.directory_consent, person.directory_consent_text) == (True, None)


def test_the_person_form_asks_again_when_the_text_changed_while_open(
    client, coordinator
):
    client.force_login(coordinator)
    url = reverse("partners:orga_person_create")
    v1 = consent_in_force(DIRECTORY)
    assert f'name="consent_version" value="{v1.pk}"' in client.get(url).text
    v2 = publish_v2(coordinator)
    data = person_data(consent_version=v1.pk)

    asked = client.post(url, data)

    assert asked.status_code == 409
    assert "Le texte du consentement vient de changer" in asked.text
    assert "Nouveau texte de l’annuaire." in asked.text
    assert ("lea@example.org" in asked.text, Person.objects.exists()) == (True, False)
    box = re.search(r'<input[^>]*name="directory_consent"[^>]*>', asked.text)
    assert "checked" not in box.group(0)

    client.post(url, {**data, "consent_version": v2.pk})

    assert Person.objects.get().directory_consent_text == v2


def test_the_person_form_keeps_a_consent_given_before_under_a_new_text(
    client, coordinator
):
    person = PersonFactory(directory_consent=True)
    client.force_login(coordinator)
    v1 = consent_in_force(DIRECTORY)
    publish_v2(coordinator)

    response = client.post(
        reverse("partners:orga_person_update", args=[person.pk]),
        person_data(person, phone="06 00 00 00 00", consent_version=v1.pk),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.directory_consent) == ("06 00 00 00 00", True)


def test_adding_a_member_asks_again_when_the_text_changed_while_open(
    client, coordinator
):
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    url = reverse("partners:orga_member_create", args=[organisation.pk])
    v1 = consent_in_force(DIRECTORY)
    v2 = publish_v2(coordinator)
    data = {**person_data(), "status": "benevole", "consent_version": v1.pk}

    asked = client.post(url, data)

    assert asked.status_code == 409
    assert "Le texte du consentement vient de changer" in asked.text
    assert not Person.objects.exists()

    client.post(url, {**data, "consent_version": v2.pk})

    assert Person.objects.get().directory_consent_text == v2


# Self-update ---------------------------------------------------------------


def propose(client, organisation, rows):
    return client.post(
        link_for(organisation), {**form_data(organisation), **people_data(rows)}
    )


def accept_all(client, change):
    data = {}
    for contact in change.proposed_contacts.all():
        data[f"contact_{contact.pk}_decision"] = "accepted"
        data[f"contact_{contact.pk}_reason"] = ""
    return client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]), data
    )


def test_the_update_form_shows_the_text_beside_each_checkbox(client):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)

    page = client.get(link_for(organisation)).content.decode()

    # The current person and the empty row.
    assert page.count("texte de consentement, version 1") == 2


def test_a_proposed_consent_records_the_text_shown_and_the_proposal_time(
    client, coordinator
):
    organisation = OrganisationFactory()
    propose(
        client,
        organisation,
        [
            {
                "first_name": "Nadia",
                "email": "nadia@asso.fr",
                "status": "elu",
                "directory_consent": "on",
            }
        ],
    )
    change = ChangeRequest.objects.get()
    contact = ProposedContact.objects.get()
    v1 = consent_in_force(DIRECTORY)
    assert contact.directory_consent_text == v1
    assert not Person.objects.exists()  # nothing before the review
    client.force_login(coordinator)
    publish_v2(coordinator)  # published between proposal and review

    response = accept_all(client, change)

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.directory_consent_text, person.directory_consent_at) == (
        v1,
        change.created_at,
    )


def test_a_refused_proposal_gives_no_consent(client, coordinator):
    organisation = OrganisationFactory()
    person = MembershipFactory(
        organisation=organisation, person__directory_consent=False
    ).person
    membership = person.memberships.get()
    propose(client, organisation, [membership_row(membership, directory_consent="on")])
    change = ChangeRequest.objects.get()
    contact = change.proposed_contacts.get()
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]),
        {
            f"contact_{contact.pk}_decision": "refused",
            f"contact_{contact.pk}_reason": "Pas de réponse de la personne.",
        },
    )

    person.refresh_from_db()
    assert (person.directory_consent, person.directory_consent_text) == (False, None)


def test_a_withdrawal_proposed_and_accepted_clears_the_version(client, coordinator):
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    client.post(
        reverse("partners:orga_member_create", args=[organisation.pk]),
        {**person_data(), "status": "benevole"},
    )
    person = Person.objects.get()
    assert person.directory_consent_text is not None
    client.logout()
    row = membership_row(person.memberships.get())
    del row["directory_consent"]
    propose(client, organisation, [row])
    client.force_login(coordinator)

    accept_all(client, ChangeRequest.objects.get())

    person.refresh_from_db()
    assert (person.directory_consent, person.directory_consent_text) == (False, None)
    assert person.directory_consent_at is None


def consent_box(page: str, index: int) -> str:
    """The ``<input>`` of row ``index``'s directory consent checkbox."""
    name = f'name="people-{index}-directory_consent"'
    return re.search(rf"<input[^>]*{name}[^>]*>", page).group(0)


def new_person_row(version, **changes):
    return {
        "first_name": "Nadia",
        "email": "nadia@asso.fr",
        "status": "elu",
        "directory_consent": "on",
        "consent_version": version.pk,
        **changes,
    }


def test_a_text_published_while_the_update_form_was_open_is_ticked_again(client):
    organisation = OrganisationFactory(phone="")
    link = link_for(organisation)
    page = client.get(link).content.decode()
    v1 = consent_in_force(DIRECTORY)
    assert f'name="people-0-consent_version" value="{v1.pk}"' in page
    v2 = publish_v2(None)
    data = {
        **form_data(organisation, phone="02 41 00 00 00"),
        **people_data([new_person_row(v1)]),
    }

    asked = client.post(link, data)

    assert asked.status_code == 409
    page = asked.content.decode()
    assert "Le texte du consentement vient de changer" in page
    assert "Nouveau texte de l’annuaire." in page
    assert "texte de consentement, version 2" in page
    # What was typed comes back; the box is to tick again, beside version 2.
    assert ("nadia@asso.fr" in page, "02 41 00 00 00" in page) == (True, True)
    assert "checked" not in consent_box(page, 0)
    assert f'name="people-0-consent_version" value="{v2.pk}"' in page
    assert (ChangeRequest.objects.count(), ProposedContact.objects.count()) == (0, 0)

    done = client.post(link, {**data, "people-0-consent_version": v2.pk})

    assert done.status_code == 200
    assert ChangeRequest.objects.get().proposed == {"phone": "02 41 00 00 00"}
    assert ProposedContact.objects.get().directory_consent_text == v2


def test_a_consent_ticked_beside_the_text_in_force_records_it(client):
    organisation = OrganisationFactory()
    v1 = consent_in_force(DIRECTORY)

    response = client.post(
        link_for(organisation),
        {**form_data(organisation), **people_data([new_person_row(v1)])},
    )

    assert response.status_code == 200
    assert ProposedContact.objects.get().directory_consent_text == v1


def test_a_consent_given_before_is_not_asked_again_under_a_new_text(client):
    organisation = OrganisationFactory()
    membership = MembershipFactory(
        organisation=organisation, person__directory_consent=True
    )
    v1 = consent_in_force(DIRECTORY)
    publish_v2(None)
    rows = [
        membership_row(membership, phone="06 00 00 00 00", consent_version=v1.pk),
        {"status": "salarie", "consent_version": v1.pk},  # the empty row
    ]

    response = client.post(
        link_for(organisation), {**form_data(organisation), **people_data(rows)}
    )

    assert response.status_code == 200
    contact = ProposedContact.objects.get()
    assert (contact.phone, contact.directory_consent) == ("06 00 00 00 00", True)


def test_the_partner_space_form_asks_again_under_a_new_text(client, partner_user):
    organisation = OrganisationFactory()
    partner_user.organisations.add(organisation)
    client.force_login(partner_user)
    url = reverse("partners:partner_organisation_update", args=[organisation.pk])
    v1 = consent_in_force(DIRECTORY)
    v2 = publish_v2(None)
    data = {**form_data(organisation), **people_data([new_person_row(v1)])}

    asked = client.post(url, data)

    assert asked.status_code == 409
    assert "Le texte du consentement vient de changer" in asked.content.decode()
    assert ChangeRequest.objects.count() == 0

    done = client.post(url, {**data, "people-0-consent_version": v2.pk})

    assert done.status_code == 302
    assert ProposedContact.objects.get().directory_consent_text == v2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("count", (3, 30))
def test_the_update_form_reads_the_text_once_whatever_the_people(client, count):
    small, large = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(organisation=small)
    MembershipFactory.create_batch(count, organisation=large)
    consent_in_force(DIRECTORY)  # recorded once, then cached

    assert _queries(client, link_for(large)) == _queries(client, link_for(small))


@pytest.mark.parametrize("count", (3, 30))
def test_the_person_form_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    client.force_login(coordinator)
    PersonFactory.create_batch(count)
    consent_in_force(DIRECTORY)
    person = Person.objects.first()

    # The text comes from the cache: no query for it.
    with django_assert_num_queries(5):
        response = client.get(reverse("partners:orga_person_update", args=[person.pk]))
    assert "texte de consentement, version 1" in response.content.decode()


# Personal data ---------------------------------------------------------------


def test_the_export_lists_the_consent_with_its_version_and_date(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())
    PersonFactory(email="lea@example.org", directory_consent=True)  # before versions

    consents = export_person_data("lea@example.org")["consents"]

    label = str(ConsentText.Purpose.DIRECTORY.label)
    directory = [c for c in consents if c["purpose"] == label]
    assert [c["version"] for c in directory] == ["1", str(BEFORE_VERSIONS)]
    assert dt.datetime.fromisoformat(directory[0]["given_at"]) <= timezone.now()
    assert directory[1]["given_at"] is None


def test_the_person_data_page_shows_the_consents_in_french(client, coordinator):
    PersonFactory(email="lea@example.org", directory_consent=True)
    client.force_login(coordinator)

    page = client.post(
        reverse("core:orga_personal_data"),
        {"email": "lea@example.org", "action": "show"},
    ).content.decode()

    assert "Consentements" in page
    assert "avant les versions des textes" in page


def test_erasure_clears_the_directory_consent_version(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())

    erase_person("lea@example.org")

    person = Person.objects.get()
    assert (person.directory_consent, person.directory_consent_text) == (False, None)
    assert person.directory_consent_at is None


def test_the_admin_shows_the_version_without_letting_it_be_typed(client, coordinator):
    from django.contrib.auth import get_user_model

    client.force_login(coordinator)
    client.post(reverse("partners:orga_person_create"), person_data())
    person = Person.objects.get()
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)

    page = client.get(
        reverse("admin:partners_person_change", args=[person.pk])
    ).content.decode()

    assert "version 1" in page
    assert 'name="directory_consent_text"' not in page
