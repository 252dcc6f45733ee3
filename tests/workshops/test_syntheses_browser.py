"""Syntheses in Chromium: the rapporteur writes on a phone, the plenary moves
through the slides with the keys a remote clicker sends."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, live_server):
    from tests.factories import CoordinatorFactory

    CoordinatorFactory(username="camille", first_name="Camille")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")


def test_rapporteur_writes_the_synthesis_on_a_phone(browser, live_server):
    from tests.factories import WorkshopSynthesisFactory
    from workshops.models import WorkshopSynthesis

    synthesis = WorkshopSynthesisFactory(
        workshop__title="Pérenniser le lien",
        key_points="",
        recommendations="",
        resources="",
        success_indicators="",
    )
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/ateliers/synthese/{synthesis.token}/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Recommandations").fill("Rendre les bénéficiaires coacteurs")
    page.get_by_label("Outils et ressources").fill("PIX htps://pix.fr")
    page.get_by_role("button", name="Enregistrer la synthèse").click()
    expect(page.get_by_text("n’est pas une adresse web valide")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Outils et ressources").fill("PIX https://pix.fr")
    page.get_by_role("button", name="Enregistrer la synthèse").click()
    expect(page.get_by_text("la synthèse a été enregistrée")).to_be_visible()
    assert axe_violations(page) == []
    synthesis = WorkshopSynthesis.objects.get()
    assert synthesis.recommendations == "Rendre les bénéficiaires coacteurs"
    context.close()


def test_plenary_moves_through_the_slides_with_the_keyboard(live_server, page):
    from tests.factories import EventFactory, WorkshopSynthesisFactory

    event = EventFactory(title="Journée inter-associative")
    for title, recommendation in (
        ("Atelier A", "Former au numérique"),
        ("Atelier B", "Ancrer le lien dans la durée"),
        ("Atelier C", "Un cadre logique flexible"),
    ):
        WorkshopSynthesisFactory(
            workshop__event=event,
            workshop__title=title,
            recommendations=recommendation,
        )
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/ateliers/{event.pk}/restitution/")

    first, second, third = (
        page.get_by_text("Former au numérique"),
        page.get_by_text("Ancrer le lien dans la durée"),
        page.get_by_text("Un cadre logique flexible"),
    )
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    assert axe_violations(page) == []

    page.keyboard.press("ArrowRight")
    expect(second).to_be_visible()
    expect(first).to_be_hidden()
    page.keyboard.press("PageDown")
    expect(third).to_be_visible()
    expect(page.locator("#slide-position")).to_have_text("3 / 3")
    expect(page.get_by_role("button", name="Suivante")).to_be_disabled()
    page.keyboard.press("Space")  # the last slide stays
    expect(third).to_be_visible()
    page.keyboard.press("PageUp")
    expect(second).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(first).to_be_visible()
    page.keyboard.press("Space")
    expect(second).to_be_visible()
    page.get_by_role("button", name="Précédente").click()
    expect(first).to_be_visible()
    page.get_by_role("button", name="Suivante").click()
    expect(second).to_be_visible()
    assert axe_violations(page) == []
