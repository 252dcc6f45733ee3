import pytest
from django.core import signing
from django.urls import reverse

from partners import services
from partners.models import ChangeRequest, Organisation
from tests.factories import AudienceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def link_for(organisation):
    token = services.make_update_token(organisation=organisation)
    return reverse("partners:public_organisation_update", args=[token])


def form_data(org, **changes):
    data = {
        "name": org.name,
        "acronym": org.acronym,
        "mission": org.mission,
        "address": org.address,
        "postal_code": org.postal_code,
        "commune": org.commune,
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "submitter_name": "Claire Martin",
    }
    data.update(changes)
    return data


def test_public_organisation_update_queues_changes_without_applying(client):
    organisation = OrganisationFactory(name="Singa", phone="")

    response = client.post(
        link_for(organisation), form_data(organisation, phone="02 41 00 00 00")
    )

    organisation.refresh_from_db()
    change = ChangeRequest.objects.get()
    assert (
        response.status_code,
        change.organisation,
        change.proposed,
        organisation.phone,
    ) == (
        200,
        organisation,
        {"phone": "02 41 00 00 00"},
        "",
    )


def test_public_organisation_update_link_edits_only_its_own_organisation(client):
    mine = OrganisationFactory(name="Singa")
    other = OrganisationFactory(name="Parrains par mille")

    client.post(
        link_for(mine),
        form_data(mine, phone="02 41 00 00 00", id=other.pk, organisation=other.pk),
    )

    assert list(ChangeRequest.objects.values_list("organisation", flat=True)) == [
        mine.pk
    ]


def test_public_organisation_update_tampered_link_shows_french_error(client):
    organisation = OrganisationFactory()
    url = link_for(organisation)

    response = client.get(url[:-3] + "abc/", HTTP_ACCEPT_LANGUAGE="fr")

    assert (
        response.status_code,
        "Ce lien n’est pas valide" in response.content.decode(),
    ) == (400, True)


def test_public_organisation_update_expired_link_shows_french_error(
    client, monkeypatch
):
    organisation = OrganisationFactory()
    url = link_for(organisation)

    def expired(token):
        raise signing.SignatureExpired("old")

    monkeypatch.setattr(services, "organisation_from_token", expired)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")

    assert (response.status_code, "Ce lien a expiré" in response.content.decode()) == (
        410,
        True,
    )


def test_public_organisation_update_link_to_deleted_organisation_is_an_error_page(
    client,
):
    organisation = OrganisationFactory()
    url = link_for(organisation)
    Organisation.objects.all().delete()

    response = client.get(url)

    assert response.status_code == 400


def test_public_organisation_update_shows_errors_in_french(client):
    organisation = OrganisationFactory()

    response = client.post(
        link_for(organisation),
        form_data(organisation, email="pas-un-mail"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert (
        response.status_code,
        "Saisissez une adresse de courriel valide." in response.content.decode(),
        ChangeRequest.objects.count(),
    ) == (
        200,
        True,
        0,
    )


def test_public_organisation_update_opened_again_starts_from_the_pending_proposal(
    client,
):
    organisation = OrganisationFactory(name="Singa", phone="", commune="Paris")
    youth = AudienceFactory(name="Jeunes")
    client.post(
        link_for(organisation),
        {**form_data(organisation, phone="02 41 00 00 00"), "audiences": [youth.pk]},
    )

    form = client.get(link_for(organisation)).context["form"]
    client.post(
        link_for(organisation),
        {
            **form_data(organisation, phone="02 41 00 00 00", commune="Paris 11e"),
            "audiences": [youth.pk],
        },
    )

    first, second = ChangeRequest.objects.order_by("pk")
    assert (
        (
            form["phone"].value(),
            form["audiences"].value(),
            form["submitter_name"].value(),
        ),
        (first.status, first.proposed),
        (second.status, second.proposed),
    ) == (
        ("02 41 00 00 00", [youth.pk], "Claire Martin"),
        ("superseded", {"phone": "02 41 00 00 00", "audiences": [youth.pk]}),
        (
            "pending",
            {
                "phone": "02 41 00 00 00",
                "commune": "Paris 11e",
                "audiences": [youth.pk],
            },
        ),
    )


def test_public_organisation_update_sent_twice_is_one_proposal(client):
    """A double tap on "Send for review" sends the page's one-time key twice."""
    organisation = OrganisationFactory(name="Singa", phone="")
    page = client.get(link_for(organisation))
    key = page.context["form"]["submission_key"].value()
    data = form_data(organisation, phone="02 41 00 00 00", submission_key=key)

    first, second = (client.post(link_for(organisation), data) for _ in range(2))

    change = ChangeRequest.objects.get()
    assert (first.status_code, second.status_code) == (200, 200)
    assert (change.status, change.submission_key, change.proposed) == (
        ChangeRequest.Status.PENDING,
        key,
        {"phone": "02 41 00 00 00"},
    )


def test_public_organisation_update_sent_again_from_a_new_page_supersedes(client):
    organisation = OrganisationFactory(name="Singa", phone="")

    for key in ("a" * 32, "b" * 32):
        client.post(
            link_for(organisation),
            form_data(organisation, phone="02 41 00 00 00", submission_key=key),
        )

    assert list(
        ChangeRequest.objects.order_by("pk").values_list("status", flat=True)
    ) == [ChangeRequest.Status.SUPERSEDED, ChangeRequest.Status.PENDING]
