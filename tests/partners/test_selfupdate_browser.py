"""A coordinator reviews a partner's proposal field by field, in Chromium."""

import pytest
from playwright.sync_api import expect

from core.models import OutboundMail
from partners import selfupdate, services
from partners.models import ChangeRequest, Membership

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_reviews_a_proposal_field_by_field(
    live_server, page, assert_accessible
):
    from tests.factories import MembershipFactory, OrganisationFactory

    organisation = OrganisationFactory(
        name="Singa France", phone="", commune="Meaux", email="contact@singa.fr"
    )
    MembershipFactory(organisation=organisation, person__first_name="Léa")
    token = services.make_update_token(organisation=organisation)

    # The partner proposes a phone, a new commune and a newcomer.
    page.goto(f"{live_server.url}/mise-a-jour/{token}/")
    assert_accessible(page)
    page.locator("#id_phone").fill("01 23 45 67 89")
    page.get_by_label("Commune").fill("Paris")
    newcomer = page.get_by_role("group", name="Nouvelle personne")
    newcomer.get_by_label("Prénom").fill("Nadia")
    newcomer.get_by_label("Nom", exact=True).fill("Haddad")
    page.get_by_label("Votre nom").fill("Karim Benali")
    page.get_by_role("button", name="Envoyer pour relecture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")

    # The coordinator answers each field and the newcomer.
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/annuaire/mises-a-jour/")
    page.get_by_role("link", name="Relire champ par champ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Relire la mise à jour de Singa France"
    )
    assert_accessible(page)
    phone = page.get_by_role("group", name="Téléphone")
    phone.get_by_label("Acceptée").check()
    commune = page.get_by_role("group", name="Commune")
    commune.get_by_label("Refusée").check()
    person = page.get_by_role("group", name="Ajouter : Nadia Haddad")
    person.get_by_label("Acceptée").check()
    page.get_by_role("button", name="Enregistrer la relecture").click()

    # A refusal without a reason is sent back, the error beside the field.
    expect(commune.get_by_text("Indiquez au partenaire pourquoi")).to_be_visible()
    assert_accessible(page)
    commune = page.get_by_role("group", name="Commune")
    expect(commune.get_by_label("Refusée")).to_be_checked()
    commune.get_by_label("Motif transmis au partenaire").fill(
        "Votre siège est toujours à Meaux."
    )
    page.get_by_role("button", name="Enregistrer la relecture").click()

    expect(
        page.get_by_text("La relecture est enregistrée ; le partenaire en sera informé")
    ).to_be_visible()
    organisation.refresh_from_db()
    assert (organisation.phone, organisation.commune) == ("01 23 45 67 89", "Meaux")
    assert ChangeRequest.objects.get().status == "accepted"
    assert Membership.objects.filter(
        organisation=organisation, person__first_name="Nadia"
    ).exists()
    mail = OutboundMail.objects.get(kind="partners.review_answer")
    assert "Commune : refusée (Votre siège est toujours à Meaux.)" in mail.body


def test_stale_entries_revoke_and_revoked_link_pages_pass_axe(
    live_server, page, assert_accessible
):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="RESO77", email="contact@reso77.fr")
    token = services.make_update_token(organisation=organisation)
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/annuaire/a-verifier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiches à vérifier")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer son lien de mise à jour").click()
    expect(page.get_by_text("Le lien de 1 fiche a été envoyé.")).to_be_visible()

    page.goto(
        f"{live_server.url}/annuaire/{organisation.pk}/lien-mise-a-jour/revoquer/"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Révoquer les liens").click()
    expect(page.get_by_text("ne fonctionnent plus")).to_be_visible()
    assert selfupdate.link_generation(organisation.pk) == 1

    page.goto(f"{live_server.url}/mise-a-jour/{token}/")
    expect(page.get_by_text("Ce lien a été révoqué")).to_be_visible()
    assert_accessible(page)
