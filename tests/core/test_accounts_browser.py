"""Second factor and accounts in a real browser: a coordinator sets up the
code (seeing the recovery codes once), signs in in two steps, then with a
recovery code, then opens a partner's account (issues 14, 16)."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.partners.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret_text: str, steps_ahead: int = 0) -> str:
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_coordinator_sets_up_the_code_then_signs_in_with_it(
    live_server, page, assert_accessible
):
    sign_in(page, live_server)
    page.get_by_role("link", name="Sécurité du compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sécurité du compte")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#otp-secret").inner_text()

    field = page.get_by_label("Code de votre application d’authentification")
    field.fill("000000" if _code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Activer la double authentification").click()
    expect(page.get_by_text("Ce code n’est pas le bon")).to_be_visible()
    page.get_by_label("Code de votre application d’authentification").fill(
        _code(secret)
    )
    page.get_by_role("button", name="Activer la double authentification").click()
    expect(page.locator("#two-step-on")).to_be_visible()
    # The recovery codes, shown this once.
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    expect(page.locator("#recovery-codes-left")).to_contain_text(
        "Il reste 10 codes de secours."
    )
    assert_accessible(page)
    recovery_code = page.locator("#recovery-codes li").first.inner_text()

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de connexion")
    assert_accessible(page)
    # The next step's code: the one used to set it up cannot serve again.
    page.get_by_label("Code de votre application d’authentification").fill(
        _code(secret, steps_ahead=1)
    )
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")
    page.get_by_role("link", name="Sécurité du compte").click()
    expect(page.locator("#recovery-codes")).to_have_count(0)

    # A lost phone: a recovery code instead.
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("ou un code de secours").fill(recovery_code)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("il vous en reste 9")).to_be_visible()


def test_coordinator_creates_a_partner_account_picking_its_organisation(
    live_server, page, assert_accessible
):
    from core.models import OutboundMail, User
    from tests.factories import OrganisationFactory

    relais = OrganisationFactory(name="Relais de Meaux")
    for n in range(5):
        OrganisationFactory(name=f"Association {n}")
    sign_in(page, live_server)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Comptes"
    ).click()
    expect(page.locator("#accounts-empty")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau compte").click()
    page.get_by_label("Courriel").fill("annie@example.org")
    page.get_by_label("Prénom").fill("Annie")
    page.get_by_label("Nom", exact=True).fill("Marchand")
    page.locator("#id_organisations-search").fill("relais")
    page.get_by_role("button", name="Relais de Meaux").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()

    expect(
        page.get_by_text("le lien pour choisir un mot de passe est en route")
    ).to_be_visible()
    user = User.objects.get(email="annie@example.org")
    assert list(user.organisations.all()) == [relais]
    assert OutboundMail.objects.filter(to="annie@example.org").exists()
