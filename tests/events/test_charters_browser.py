"""A charter written, versioned and refused a change once accepted, in a
real browser, each page checked by axe-core."""

import pytest
from playwright.sync_api import expect

from events.models import Charter
from tests.partners.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_writes_a_charter_and_publishes_a_new_version(
    live_server, page, assert_accessible
):
    from tests.factories import RegistrationFactory

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/chartes/")
    expect(page.get_by_text("Aucune charte pour l’instant.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle charte").click()
    assert_accessible(page)
    page.get_by_label("Nom de la charte").fill("Charte des bénévoles")
    page.get_by_label("Nom court (dans les adresses)").fill("charte-benevoles")
    page.get_by_label("Texte de la charte").fill(
        "Sans bénévole, le relais n'existe pas."
    )
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("La charte a été créée.")).to_be_visible()
    expect(page.get_by_role("link", name="Corriger la rédaction")).to_be_visible()
    assert_accessible(page)
    charter = Charter.objects.get()
    RegistrationFactory(charter_version=charter.current_version)
    page.reload()
    # Accepted: no correction offered any more, a new version instead.
    expect(page.get_by_text("acceptée par 1 inscrit")).to_be_visible()
    expect(page.get_by_role("link", name="Corriger la rédaction")).to_have_count(0)
    page.get_by_label("Texte de la version").fill("Rédaction 2014.")
    page.get_by_role("button", name="Publier").click()

    expect(page.get_by_text("La version 2 a été publiée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Version n° 2 en vigueur")).to_be_visible()
    assert list(charter.versions.values_list("number", flat=True)) == [2, 1]
