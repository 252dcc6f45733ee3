import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _nav_labels(response) -> list[str]:
    return [str(section.label) for section in response.context["nav_sections"]]


def test_dashboard_redirects_visitor_to_sign_in(client):
    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_login_page_speaks_french_by_default(client):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    assert "Se connecter" in content
    assert 'href="#main"' in content  # skip link to the main landmark


def test_login_page_in_english_when_asked(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("login"))

    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_coordinator_sees_the_directory_and_events_in_the_navigation(
    client, coordinator
):
    client.force_login(coordinator)

    response = client.get(reverse("core:dashboard"))

    with translation.override("fr"):
        labels = _nav_labels(response)
    assert response.status_code == 200
    assert labels[:2] == ["Annuaire", "Événements"]
    assert "Bonjour Camille" in response.content.decode()


def test_funder_does_not_see_the_coordinators_sections(client, funder):
    client.force_login(funder)

    response = client.get(reverse("core:dashboard"))

    with translation.override("fr"):
        labels = _nav_labels(response)
    assert "Annuaire" not in labels
    assert "Événements" not in labels


def test_funder_cannot_open_the_directory(client, funder):
    client.force_login(funder)

    response = client.get(reverse("partners:orga_organisation_list"))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_sign_in_with_password_lands_on_dashboard(client, coordinator):
    response = client.post(
        reverse("login"),
        {"username": "coordination", "password": "motdepasse-de-test"},
        follow=True,
    )

    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == coordinator


def test_wrong_password_shows_french_error_next_to_form(client, coordinator):
    response = client.post(
        reverse("login"), {"username": "coordination", "password": "faux"}
    )

    assert response.status_code == 200
    assert (
        "Saisissez un nom d’utilisateur et un mot de passe valides"
        in response.content.decode()
    )


def test_password_reset_page_is_in_french(client):
    response = client.get(reverse("password_reset"))

    assert "Réinitialiser votre mot de passe" in response.content.decode()


def test_pages_send_a_content_security_policy(client):
    response = client.get(reverse("login"))

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_password_reset_sends_a_french_email_to_a_known_address(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": coordinator.email})

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "Réinitialisation du mot de passe" in mailoutbox[0].subject


def test_funder_sees_its_funded_events_section(client):
    from tests.factories import FunderFactory, OrganisationFactory

    funder = FunderFactory(
        username="mecene",
        organisations=[OrganisationFactory(name="Fondation Monoprix")],
    )
    client.force_login(funder)

    response = client.get(reverse("core:dashboard"))

    with translation.override("fr"):
        labels = _nav_labels(response)
    assert labels == ["Mes financements", "Mes événements", "Documents"]


def test_dashboard_query_count_does_not_grow_with_hidden_sections(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(reverse("core:dashboard"))

    # The coordinator's home holds the week's panels too; their bound at two
    # sizes of data is in tests/core/test_home.py.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("core:dashboard"))

    assert response.status_code == 200


def test_partner_sees_its_organisation_section(client):
    from tests.factories import OrganisationFactory, PartnerUserFactory

    partner = PartnerUserFactory(
        username="reso77", organisations=[OrganisationFactory(name="RESO77")]
    )
    client.force_login(partner)

    response = client.get(reverse("core:dashboard"))

    with translation.override("fr"):
        labels = _nav_labels(response)
    assert labels[0] == "Ma structure"
    assert "Annuaire" not in labels
