"""A person's whole story in a real browser: added, placed in an
organisation, then leaving it, which stays in their history."""

import pytest
from playwright.sync_api import expect

from partners.models import Membership, Person
from tests.partners.test_browser import sign_in
from tests.pickers import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_adds_a_person_places_them_then_records_their_departure(
    live_server, page, assert_accessible
):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Mission locale de Meaux")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/annuaire/personnes/")
    expect(page.get_by_text("Aucune personne trouvée.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une personne").click()

    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Courriel").fill("pas-une-adresse")
    page.get_by_role("button", name="Enregistrer").click()
    # Refused beside the field, nothing saved.
    expect(page.locator("#id_email").locator("..")).to_contain_text(
        "adresse de courriel valide"
    )
    assert not Person.objects.exists()
    page.get_by_label("Courriel").fill("lea.martin@example.org")
    page.get_by_label("Téléphone").fill("01 60 00 00 00")
    page.get_by_label("Accepte de figurer dans l’annuaire").check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("La personne a été ajoutée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa Martin")
    assert_accessible(page)

    page.get_by_text("Ajouter une structure").click()
    choose_organisation(page, "id_organisation", "Mission locale de Meaux")
    page.get_by_label("Fonction").fill("Conseillère")
    page.get_by_role("button", name="Ajouter la structure").click()

    expect(page.get_by_text("La structure a été ajoutée.")).to_be_visible()
    current = page.get_by_role("table")
    expect(current).to_contain_text("Mission locale de Meaux")
    current.get_by_role("link", name="A quitté").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Départ de la structure")
    assert_accessible(page)
    page.get_by_label("Date de départ").fill("2024-06-30")
    page.get_by_role("button", name="Enregistrer le départ").click()

    expect(page.get_by_text("Le départ a été enregistré")).to_be_visible()
    expect(page.get_by_text("Aucune structure actuelle.")).to_be_visible()
    expect(page.get_by_text("a quitté le dimanche 30 juin 2024")).to_be_visible()
    membership = Membership.objects.get()
    assert str(membership.ended_on) == "2024-06-30"
    assert_accessible(page)
