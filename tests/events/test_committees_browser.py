"""A committee made, staffed and trimmed in a real browser, without the admin."""

import pytest
from playwright.sync_api import expect

from events.models import Committee, CommitteeMember
from tests.partners.test_browser import sign_in
from tests.pickers import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_committee_and_adds_then_removes_a_member(
    live_server, page, assert_accessible
):
    from tests.factories import MembershipFactory, OrganisationFactory

    OrganisationFactory(name="Réseau Seine-et-Marne")
    membership = MembershipFactory(
        person__first_name="Léa",
        person__last_name="Martin",
        organisation__name="Mission locale de Meaux",
    )
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/comites/")
    expect(page.get_by_text("Aucun comité pour l’instant.")).to_be_visible()
    page.get_by_role("link", name="Nouveau comité").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    # Refused beside the field, nothing saved.
    expect(page.locator("#id_title").locator("..")).to_contain_text(
        "Ce champ est obligatoire."
    )
    assert not Committee.objects.exists()
    page.get_by_label("Nom du comité").fill("Comité de pilotage")
    choose_organisation(page, "id_organiser", "Réseau Seine-et-Marne")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("Le comité a été ajouté.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comité de pilotage")
    page.get_by_text("Ajouter un membre").click()
    page.get_by_label("Personne").select_option(label="Léa Martin")
    page.get_by_label("Rôle").fill("Présidente")
    page.get_by_role("button", name="Ajouter le membre").click()

    expect(page.get_by_text("Le membre a été ajouté.")).to_be_visible()
    expect(page.get_by_text("Léa Martin, Mission locale de Meaux")).to_be_visible()
    assert_accessible(page)
    member = CommitteeMember.objects.get()
    assert member.organisation == membership.organisation

    page.get_by_role("link", name="Retirer (Léa Martin)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer").click()

    expect(page.get_by_text("Le membre a été retiré du comité.")).to_be_visible()
    expect(page.get_by_text("Aucun membre pour l’instant.")).to_be_visible()
    assert not CommitteeMember.objects.exists()
