"""The organisation picker in a real browser: type, pick, save (issue 14)."""

import pytest
from playwright.sync_api import expect

from partners.models import Partnership
from tests.partners.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_picks_a_partner_by_typing(live_server, page, assert_accessible):
    from tests.factories import OrganisationFactory

    home = OrganisationFactory(name="Maison des solidarités")
    secours = OrganisationFactory(name="Secours catholique", commune="Meaux")
    for n in range(30):
        OrganisationFactory(name=f"Association {n}")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}{home.get_absolute_url()}")
    page.get_by_text("Ajouter un partenariat").click()
    form = page.locator("form", has=page.locator("#id_second"))
    expect(form.locator("#id_second option")).to_have_count(1)  # not the directory
    form.locator("#id_second-search").fill("SECOURS")
    choice = form.get_by_role("button", name="Secours catholique")
    expect(choice).to_be_visible()
    expect(form.get_by_role("button", name="Association 1")).to_have_count(0)
    assert_accessible(page)
    choice.click()

    expect(form.locator("#id_second")).to_have_value(str(secours.pk))
    form.get_by_role("button", name="Ajouter le partenariat").click()

    expect(page.get_by_text("Le partenariat a été ajouté.")).to_be_visible()
    assert Partnership.objects.get().second.name == "Secours catholique"
