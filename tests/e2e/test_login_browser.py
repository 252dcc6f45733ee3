import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_signs_in_and_sees_the_dashboard(
    live_server, page, assert_accessible
):
    from tests.factories import CoordinatorFactory

    CoordinatorFactory(username="camille", first_name="Camille")

    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")
    expect(
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Annuaire"
        )
    ).to_be_visible()
    assert_accessible(page)
