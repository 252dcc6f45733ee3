"""The directory in a real browser: search, import through the preview, review."""

import pytest
from playwright.sync_api import expect

from partners import services
from partners.models import ChangeRequest, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server):
    from tests.factories import CoordinatorFactory

    CoordinatorFactory(username="camille", first_name="Camille")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")


def test_coordinator_searches_the_directory(live_server, page, assert_accessible):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Croix-Rouge française", commune="Meaux")
    OrganisationFactory(name="Secours catholique", commune="Meaux")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/annuaire/")
    page.get_by_label("Rechercher").fill("croix rouge")
    page.get_by_role("button", name="Rechercher").click()

    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Croix-Rouge française")).to_be_visible()
    expect(table.get_by_role("link", name="Secours catholique")).to_have_count(0)
    assert_accessible(page)


def test_coordinator_imports_a_csv_through_the_preview(
    live_server, page, assert_accessible, tmp_path
):
    path = tmp_path / "partenaires.csv"
    path.write_bytes(
        "nom;type;code_postal;commune\n"
        "Emmaüs Connect;association;75019;Paris\n"
        "Licorne;licorne;75019;Paris\n".encode("cp1252")
    )
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/annuaire/import/")
    assert_accessible(page)
    page.get_by_label("Fichier").set_input_files(str(path))
    page.get_by_role("button", name="Prévisualiser l’import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de l’import")
    expect(page.get_by_text("type inconnu «\u00a0licorne\u00a0»")).to_be_visible()
    assert Organisation.objects.count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l’import").click()

    expect(page.get_by_text("Import terminé")).to_be_visible()
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Emmaüs Connect"
    ]


def test_partner_proposes_and_coordinator_accepts_a_self_update(
    live_server, page, assert_accessible
):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Singa France", phone="")
    token = services.make_update_token(organisation=organisation)

    page.goto(f"{live_server.url}/mise-a-jour/{token}/")
    assert_accessible(page)
    page.locator("#id_phone").fill("01 23 45 67 89")
    page.get_by_label("Votre nom").fill("Karim Benali")
    page.get_by_role("button", name="Envoyer pour relecture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/annuaire/mises-a-jour/")
    expect(page.get_by_role("cell", name="01 23 45 67 89")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter").click()

    expect(page.get_by_text("La modification a été appliquée.")).to_be_visible()
    organisation.refresh_from_db()
    assert (organisation.phone, ChangeRequest.objects.get().status) == (
        "01 23 45 67 89",
        "accepted",
    )


def test_directory_pages_pass_axe(live_server, page, assert_accessible):
    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        PartnershipFactory,
        ThemeFactory,
    )

    organisation = OrganisationFactory(name="RESO77", email="contact@reso77.fr")
    MembershipFactory(organisation=organisation)
    PartnershipFactory(first=organisation)
    ThemeFactory(name="Lien social")
    sign_in(page, live_server)
    paths = [
        f"/annuaire/{organisation.pk}/",
        f"/annuaire/{organisation.pk}/modifier/",
        "/annuaire/nouvelle/",
        "/annuaire/vocabulaires/",
        "/annuaire/mises-a-jour/",
    ]
    headings = []

    for path in paths:
        page.goto(f"{live_server.url}{path}")
        headings.append(page.get_by_role("heading", level=1).inner_text())
        assert_accessible(page)

    assert headings == [
        "RESO77",
        "Modifier RESO77",
        "Ajouter une structure",
        "Publics et thématiques",
        "Mises à jour à relire",
    ]
