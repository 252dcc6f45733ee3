"""Coordinators' screens for people, memberships and partnerships."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners import editing
from partners.models import Membership, Partnership, Person
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


# People ------------------------------------------------------------------


def test_a_coordinator_adds_a_person_with_email_phone_and_consent(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_person_create"),
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "email": " Lea.Martin@Example.org ",
            "phone": "01 60 00 00 00",
            "directory_consent": "on",
        },
        follow=True,
    )

    person = Person.objects.get()
    assert (person.email, person.phone, person.directory_consent) == (
        "lea.martin@example.org",
        "01 60 00 00 00",
        True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "partners:orga_person_detail", args=[person.pk]
    )
    assert "La personne a été ajoutée." in page(response)


def test_a_bad_email_is_refused_beside_the_field_and_nothing_is_saved(
    client, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_person_create"),
        {"first_name": "", "email": "pas-une-adresse"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"first_name", "email"}
    assert "Saisissez une adresse de courriel valide." in page(response)
    assert not Person.objects.exists()


def test_a_coordinator_edits_a_person(client, coordinator):
    person = PersonFactory(first_name="Léa", phone="")
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_person_update", args=[person.pk]),
        {
            "first_name": "Léa",
            "last_name": "Durand",
            "email": "lea@example.org",
            "phone": "06 00 00 00 00",
        },
        follow=True,
    )

    person.refresh_from_db()
    assert (person.last_name, person.phone, person.directory_consent) == (
        "Durand",
        "06 00 00 00 00",
        False,
    )
    assert "Les modifications ont été enregistrées." in page(response)


def test_deleting_a_person_is_confirmed_first(client, coordinator):
    membership = MembershipFactory()
    person = membership.person
    url = reverse("partners:orga_person_delete", args=[person.pk])
    client.force_login(coordinator)

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "1 appartenance" in page(confirm)
    assert Person.objects.filter(pk=person.pk).exists()

    response = client.post(url, follow=True)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.exists()
    assert "La personne a été supprimée." in page(response)


def test_a_person_present_at_a_meeting_cannot_be_deleted(client, coordinator):
    attendance = AttendanceFactory(event=MeetingFactory())
    url = reverse("partners:orga_person_delete", args=[attendance.person_id])
    client.force_login(coordinator)

    response = client.post(url, follow=True)

    assert Person.objects.filter(pk=attendance.person_id).exists()
    assert "Impossible de supprimer" in page(response)


def test_the_people_list_searches_and_shows_current_organisations_only(
    client, coordinator
):
    current = MembershipFactory(
        person__first_name="Léa", organisation__name="Mission locale"
    )
    MembershipFactory(
        person=current.person,
        organisation__name="Ancienne asso",
        ended_on=datetime.date(2020, 1, 1),
    )
    PersonFactory(first_name="Paul", last_name="Autre", email="paul@example.org")
    client.force_login(coordinator)

    response = client.get(reverse("partners:orga_person_list"), {"q": "léa"})

    assert list(response.context["people"]) == [current.person]
    assert "Mission locale" in page(response)
    assert "Ancienne asso" not in page(response)


def test_the_people_list_is_empty_with_a_message(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("partners:orga_person_list"))

    assert "Aucune personne trouvée." in page(response)


@pytest.mark.parametrize("size", [3, 30])
def test_the_people_list_query_count_does_not_grow(
    client, coordinator, django_assert_max_num_queries, size
):
    for _ in range(size):
        MembershipFactory()
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners:orga_person_list"))

    assert response.status_code == 200
    assert len(response.context["people"]) == min(size, 25)


# Memberships -------------------------------------------------------------


def test_a_coordinator_adds_an_organisation_to_a_person(client, coordinator):
    person = PersonFactory()
    organisation = OrganisationFactory(name="Mission locale")
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_membership_create", args=[person.pk]),
        {
            "organisation": organisation.pk,
            "function": "Conseillère",
            "status": "salarie",
        },
        follow=True,
    )

    membership = Membership.objects.get()
    assert (membership.person, membership.organisation) == (person, organisation)
    assert "La structure a été ajoutée." in page(response)


def test_the_same_role_twice_is_refused_with_a_message(client, coordinator):
    membership = MembershipFactory(function="Conseillère")
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_membership_create", args=[membership.person_id]),
        {
            "organisation": membership.organisation_id,
            "function": "Conseillère",
            "status": "salarie",
        },
    )

    assert response.status_code == 400
    assert "a déjà cette fonction dans cette structure" in page(response)
    assert Membership.objects.count() == 1


def test_leaving_an_organisation_keeps_the_membership_in_history(client, coordinator):
    membership = MembershipFactory(organisation__name="Mission locale")
    url = reverse("partners:orga_membership_end", args=[membership.pk])
    client.force_login(coordinator)

    assert client.get(url).status_code == 200
    response = client.post(url, {"ended_on": "2024-06-30"}, follow=True)

    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2024, 6, 30)
    assert response.context["current"] == []
    assert response.context["past"] == [membership]
    assert "a quitté le dimanche 30 juin 2024" in page(response)
    assert "Le départ a été enregistré" in page(response)


def test_a_departure_in_the_future_is_refused_beside_the_field(client, coordinator):
    membership = MembershipFactory()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_membership_end", args=[membership.pk]),
        {"ended_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert "ended_on" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_a_coordinator_edits_a_membership(client, coordinator):
    membership = MembershipFactory(function="Bénévole")
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_membership_update", args=[membership.pk]),
        {
            "organisation": membership.organisation_id,
            "function": "Présidente",
            "status": "elu",
            "ended_on": "",
        },
    )

    membership.refresh_from_db()
    assert (membership.function, membership.status) == ("Présidente", "elu")


def test_deleting_a_membership_is_confirmed_first(client, coordinator):
    membership = MembershipFactory()
    url = reverse("partners:orga_membership_delete", args=[membership.pk])
    client.force_login(coordinator)

    confirm = client.get(url)
    assert "Pour enregistrer un départ" in page(confirm)
    assert Membership.objects.exists()

    response = client.post(url)

    assert response["Location"] == reverse(
        "partners:orga_person_detail", args=[membership.person_id]
    )
    assert not Membership.objects.exists()


def test_ended_memberships_are_left_out_of_the_aide_memoire_contacts():
    from partners.documents import organisations_for_aide_memoire

    ended = MembershipFactory(ended_on=datetime.date(2020, 1, 1))
    current = MembershipFactory(organisation=ended.organisation)

    organisation = organisations_for_aide_memoire({}).get()

    assert organisation.directory_contacts == [current]


# Partnerships ------------------------------------------------------------


def test_a_partnership_entered_the_other_way_round_is_refused_beside_the_field(
    client, coordinator
):
    existing = PartnershipFactory(level="terrain")
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_partnership_create", args=[existing.second_id]),
        {"second": existing.first_id, "level": "terrain"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["second"] == [
        "Ce partenariat est déjà dans l'annuaire (peut-être saisi depuis "
        "l'autre structure)."
    ]
    assert Partnership.objects.count() == 1


def test_the_service_refuses_the_reversed_partnership_entered_meanwhile():
    """The form found no duplicate; another coordinator entered A–B since."""
    from partners.forms import PartnershipForm

    first, second = OrganisationFactory(), OrganisationFactory()
    form = PartnershipForm(
        {"second": first.pk, "level": "terrain"}, organisation=second
    )
    assert form.is_valid()
    Partnership.objects.create(first=first, second=second, level="terrain")

    with pytest.raises(editing.ValidationError) as error:
        editing.save_partnership(form=form, by=None)

    assert "second" in error.value.message_dict
    assert Partnership.objects.count() == 1


def test_the_database_refuses_the_reversed_partnership():
    existing = PartnershipFactory(level="terrain")

    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            first=existing.second, second=existing.first, level="terrain"
        )


def test_the_same_two_organisations_may_work_together_at_another_level():
    existing = PartnershipFactory(level="terrain")

    Partnership.objects.create(
        first=existing.second, second=existing.first, level="direction"
    )

    assert Partnership.objects.count() == 2


def test_a_coordinator_edits_a_partnership(client, coordinator):
    partnership = PartnershipFactory(level="terrain", notes="")
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_partnership_update", args=[partnership.pk]),
        {
            "second": partnership.second_id,
            "level": "direction",
            "notes": "Convention renouvelée",
        },
        follow=True,
    )

    partnership.refresh_from_db()
    assert (partnership.level, partnership.notes) == (
        "direction",
        "Convention renouvelée",
    )
    assert "Les modifications ont été enregistrées." in page(response)


def test_deleting_a_partnership_is_confirmed_first(client, coordinator):
    partnership = PartnershipFactory()
    url = reverse("partners:orga_partnership_delete", args=[partnership.pk])
    client.force_login(coordinator)

    assert client.get(url).status_code == 200
    assert Partnership.objects.exists()
    response = client.post(url, follow=True)

    assert not Partnership.objects.exists()
    assert "Le partenariat a été supprimé." in page(response)


# Who may --------------------------------------------------------------------


def _urls():
    membership = MembershipFactory()
    partnership = PartnershipFactory()
    person = membership.person
    return [
        ("get", reverse("partners:orga_person_list")),
        ("get", reverse("partners:orga_person_create")),
        ("get", reverse("partners:orga_person_detail", args=[person.pk])),
        ("post", reverse("partners:orga_person_update", args=[person.pk])),
        ("post", reverse("partners:orga_person_delete", args=[person.pk])),
        ("post", reverse("partners:orga_membership_create", args=[person.pk])),
        ("post", reverse("partners:orga_membership_update", args=[membership.pk])),
        ("post", reverse("partners:orga_membership_end", args=[membership.pk])),
        ("post", reverse("partners:orga_membership_delete", args=[membership.pk])),
        ("post", reverse("partners:orga_partnership_update", args=[partnership.pk])),
        ("post", reverse("partners:orga_partnership_delete", args=[partnership.pk])),
    ]


def test_visitors_are_sent_to_the_sign_in_page(client):
    for method, url in _urls():
        response = getattr(client, method)(url, {"ended_on": "2020-01-01"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    assert Person.objects.count() == 1
    assert Membership.objects.filter(ended_on__isnull=True).count() == 1


def test_partners_and_funders_are_refused(client, funder, partner_user):
    urls = _urls()
    membership = Membership.objects.get()
    partner_user.organisations.add(membership.organisation)
    for user in (funder, partner_user):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"ended_on": "2020-01-01"})
            assert response.status_code in (403, 404), (user, url)
    assert Membership.objects.filter(ended_on__isnull=True).count() == 1
    assert Partnership.objects.count() == 1
    assert Person.objects.count() == 1
