"""Consent recorded with its date and the version of the text accepted
(issue 16): the registration form shows the text in force and stores its
version; a coordinator publishes a new version, never edits one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.consent import consent_in_force, publish_consent_text
from core.models import ConsentText
from events.models import Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("core:orga_consent_texts")
REGISTER = "/e/journee/inscription/"
INITIAL = "J’accepte que mes données servent à l’organisation de cet événement"


@pytest.fixture
def event():
    return EventFactory(slug="journee", is_registration_open=True)


def register(client, email, **extra):
    return client.post(
        REGISTER,
        {
            "first_name": "Annie",
            "last_name": "Marchand",
            "email": email,
            "status": Registration.Status.VOLUNTEER,
            "consent": "on",
            **extra,
        },
    )


def test_the_form_shows_the_text_in_force_and_the_registration_stores_it(client, event):
    page = client.get(REGISTER).content.decode()
    assert INITIAL in page and "Texte du consentement, version 1." in page
    text = ConsentText.objects.get()
    assert (text.version, text.purpose) == ("1", "registration")
    assert f'name="consent_version" value="{text.pk}"' in page

    before = timezone.now()
    response = register(client, "annie@example.org", consent_version=text.pk)

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.consent_text == text
    assert before <= registration.consent_at <= timezone.now()


def test_a_new_version_leaves_the_consents_given_before(client, event, coordinator):
    register(client, "annie@example.org")
    first = Registration.objects.get()
    old = first.consent_text

    client.force_login(coordinator)
    response = client.post(
        PAGE,
        {
            "purpose": "registration",
            "version": "2026-09",
            "text": "J’accepte que mes données soient conservées un an.",
        },
    )
    assert response.status_code == 302
    client.logout()
    new = ConsentText.objects.get(version="2026-09")
    assert (new.published_by, consent_in_force()) == (coordinator, new)
    assert "conservées un an" in client.get(REGISTER).content.decode()

    register(client, "bob@example.org")

    first.refresh_from_db()
    old.refresh_from_db()
    assert first.consent_text == old and old.version == "1"
    assert INITIAL in old.text
    assert Registration.objects.get(email="bob@example.org").consent_text == new
    notice = client.get(reverse("core:privacy_notice")).content.decode()
    assert "conservées un an" in notice and "version 2026-09" in notice


def test_a_text_published_while_the_form_was_open_is_read_again(client, event):
    shown = consent_in_force()
    publish_consent_text(
        purpose="registration", version="2", text="Nouveau texte.", by=None
    )

    response = register(client, "annie@example.org", consent_version=shown.pk)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Le texte du consentement vient de changer" in page
    assert "Nouveau texte." in page
    assert not Registration.objects.exists()
    new = ConsentText.objects.get(version="2")
    assert (
        register(client, "annie@example.org", consent_version=new.pk).status_code == 302
    )
    assert Registration.objects.get().consent_text == new


def test_a_registration_without_consent_is_refused(client, event):
    response = register(client, "annie@example.org", consent="")
    assert response.status_code == 422
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"version": "1", "text": "Autre"}, "Cette version existe déjà"),
        ({"version": "  ", "text": "Autre"}, "Ce champ est obligatoire"),
        ({"version": "3", "text": ""}, "Ce champ est obligatoire"),
        ({"version": "3", "text": "x", "purpose": "autre"}, "Sélectionnez un choix"),
        ({"version": "v" * 41, "text": "x"}, "au plus 40"),
    ],
)
def test_a_version_is_never_edited_nor_half_saved(
    client, coordinator, data, field_error
):
    client.force_login(coordinator)
    for purpose in ConsentText.Purpose.values:  # the page shows every purpose
        consent_in_force(purpose)
    before = list(ConsentText.objects.values_list("pk", "version", "text"))

    response = client.post(PAGE, {"purpose": "registration", **data})

    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert list(ConsentText.objects.values_list("pk", "version", "text")) == before


def test_the_page_lists_the_versions_and_how_many_accepted_each(
    client, coordinator, event
):
    register(client, "annie@example.org")
    client.force_login(coordinator)
    page = client.get(PAGE).content.decode()
    assert "Textes de consentement" in page and "en vigueur" in page
    assert "<td>1</td>" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_coordinators_publish(client, method, partner_user, funder):
    data = {"purpose": "registration", "version": "9", "text": "Pirate"}
    response = getattr(client, method)(PAGE, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (partner_user, funder):
        client.force_login(user)
        assert getattr(client, method)(PAGE, data).status_code == 403
    assert not ConsentText.objects.filter(version="9").exists()
