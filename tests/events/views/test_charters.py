"""Coordinators list, create, version and delete charters without the
admin; an accepted version is never changed; nobody else may."""

import pytest
from django.urls import reverse

from events.models import Charter, CharterVersion
from tests.factories import (
    CharterFactory,
    CharterVersionFactory,
    EventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_a_coordinator_creates_a_charter_with_its_first_version(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_charter_create"),
        {
            "title": "Charte des bénévoles et adhérents",
            "slug": "charte-benevoles",
            "text": "Sans bénévole, le relais n'existe pas.",
        },
        follow=True,
    )

    charter = Charter.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "events:orga_charter_detail", args=[charter.pk]
    )
    assert charter.current_version.number == 1
    assert "La charte a été créée." in page(response)
    assert "Version n° 1" in page(response)


def test_a_charter_without_text_is_refused_beside_the_field(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_charter_create"),
        {"title": "Charte", "slug": "charte", "text": ""},
    )

    assert response.status_code == 400
    assert "text" in response.context["form"].errors
    assert "Ce champ est obligatoire." in page(response)
    assert not Charter.objects.exists()


def test_a_coordinator_renames_a_charter(client, coordinator):
    charter = CharterVersionFactory().charter
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_charter_update", args=[charter.pk]),
        {"title": "Charte révisée", "slug": charter.slug},
    )

    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.title == "Charte révisée"
    assert charter.versions.count() == 1


def test_a_new_version_is_published_from_the_charter_page(client, coordinator):
    version = CharterVersionFactory()
    RegistrationFactory(charter_version=version)
    charter = version.charter
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_charter_version_add", args=[charter.pk]),
        {"text": "Rédaction 2014."},
        follow=True,
    )

    assert "La version 2 a été publiée." in page(response)
    assert list(charter.versions.values_list("number", "text")) == [
        (2, "Rédaction 2014."),
        (1, version.text),
    ]


def test_an_empty_new_version_is_refused_beside_the_field(client, coordinator):
    charter = CharterVersionFactory().charter
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_charter_version_add", args=[charter.pk]), {"text": ""}
    )

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in page(response)
    assert charter.versions.count() == 1


def test_a_version_nobody_accepted_is_corrected(client, coordinator):
    version = CharterVersionFactory(text="Coquille")
    client.force_login(coordinator)
    url = reverse(
        "events:orga_charter_version_update", args=[version.charter_id, version.pk]
    )

    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Corrigé"})

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.text == "Corrigé"


def test_an_accepted_version_is_refused_with_a_french_message(client, coordinator):
    version = CharterVersionFactory(text="Accepté")
    RegistrationFactory(charter_version=version)
    client.force_login(coordinator)
    url = reverse(
        "events:orga_charter_version_update", args=[version.charter_id, version.pk]
    )

    detail = page(
        client.get(reverse("events:orga_charter_detail", args=[version.charter_id]))
    )
    assert url not in detail
    for response in (
        client.get(url, follow=True),
        client.post(url, {"text": "Changé"}, follow=True),
    ):
        assert "Publiez plutôt une nouvelle version." in page(response)
    version.refresh_from_db()
    assert version.text == "Accepté"


def test_a_version_of_another_charter_is_a_404(client, coordinator):
    version = CharterVersionFactory()
    other = CharterFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_charter_version_update", args=[other.pk, version.pk])
    )

    assert response.status_code == 404


def test_deleting_an_unused_charter_is_confirmed(client, coordinator):
    charter = CharterVersionFactory().charter
    client.force_login(coordinator)
    url = reverse("events:orga_charter_delete", args=[charter.pk])

    confirm = client.get(url)
    assert "1 version de charte" in page(confirm)
    response = client.post(url, follow=True)

    assert "La charte a été supprimée." in page(response)
    assert not Charter.objects.exists()
    assert not CharterVersion.objects.exists()


def test_deleting_an_accepted_charter_is_refused_and_says_why(client, coordinator):
    version = CharterVersionFactory()
    registration = RegistrationFactory(charter_version=version)
    charter = version.charter
    client.force_login(coordinator)
    url = reverse("events:orga_charter_delete", args=[charter.pk])

    confirm = page(client.get(url))
    assert "Impossible de supprimer" in confirm
    assert str(registration) in confirm
    assert 'type="submit" class="btn btn-danger"' not in confirm
    response = client.post(url, follow=True)

    assert "Impossible de supprimer" in page(response)
    assert response.redirect_chain[-1][0] == reverse(
        "events:orga_charter_detail", args=[charter.pk]
    )
    assert CharterVersion.objects.filter(pk=version.pk).exists()


def test_the_event_form_offers_the_charters(client, coordinator):
    charter = CharterFactory(title="Charte des bénévoles")
    event = EventFactory()
    client.force_login(coordinator)

    form = page(client.get(reverse("events:orga_event_update", args=[event.pk])))

    assert f'<option value="{charter.pk}">Charte des bénévoles</option>' in form


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_makes_the_same_queries_at_any_size(
    client, coordinator, django_assert_max_num_queries, size
):
    for _ in range(size):
        version = CharterVersionFactory()
        EventFactory(charter=version.charter)
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:orga_charter_list"))

    assert response.status_code == 200
    assert page(response).count("demandée par 1 événement") == min(size, 25)


def test_the_empty_list_says_so(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("events:orga_charter_list"))

    assert "Aucune charte pour l’instant." in page(response)
    assert reverse("events:orga_charter_create") in page(response)


def _urls():
    version = CharterVersionFactory()
    charter = version.charter
    return [
        ("get", reverse("events:orga_charter_list")),
        ("get", reverse("events:orga_charter_create")),
        ("post", reverse("events:orga_charter_create")),
        ("get", reverse("events:orga_charter_detail", args=[charter.pk])),
        ("post", reverse("events:orga_charter_update", args=[charter.pk])),
        ("post", reverse("events:orga_charter_version_add", args=[charter.pk])),
        (
            "post",
            reverse(
                "events:orga_charter_version_update", args=[charter.pk, version.pk]
            ),
        ),
        ("get", reverse("events:orga_charter_delete", args=[charter.pk])),
        ("post", reverse("events:orga_charter_delete", args=[charter.pk])),
    ]


def _data():
    return {"title": "x", "slug": "x", "text": "Piraté"}


def test_visitors_are_sent_to_the_sign_in_page(client):
    for method, url in _urls():
        response = getattr(client, method)(url, _data())
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    assert Charter.objects.count() == 1
    assert list(CharterVersion.objects.values_list("number", "text")) == [
        (1, "Sans bénévole, le relais n'existe pas.")
    ]


def test_partners_and_funders_are_refused(client, funder, partner_user):
    urls = _urls()
    for user in (funder, partner_user):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, _data())
            assert response.status_code in (403, 404), (user, url)
    assert Charter.objects.count() == 1
    assert list(CharterVersion.objects.values_list("number", "text")) == [
        (1, "Sans bénévole, le relais n'existe pas.")
    ]
