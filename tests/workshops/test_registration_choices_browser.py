"""Browser test: a registrant ranks ateliers in the registration form on a
phone (axe-core checked)."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def assert_accessible():
    from tests.e2e.conftest import axe_violations

    def check(page):
        assert axe_violations(page) == []

    return check


def test_registrant_ranks_ateliers_in_the_form_on_a_phone(
    browser, live_server, assert_accessible
):
    from events.models import Registration
    from tests.factories import EventFactory, WorkshopFactory

    start = dt.datetime(2030, 6, 12, 9, 0, tzinfo=PARIS)
    event = EventFactory(
        title="Journée inter-associative",
        slug="journee-choix",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        is_registration_open=True,
    )
    for title in ("Bénévolat", "Numérique", "Financements"):
        WorkshopFactory(event=event, title=title)
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/e/{event.slug}/inscription/")
    expect(page.locator("#registration-choices")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Annie")
    page.locator("#id_last_name").fill("Marchand")
    page.locator("#id_email").fill("annie@example.org")
    page.get_by_label("Bénévole").check()
    page.get_by_label("1er choix").select_option(label="Numérique")
    # The same atelier twice: refused beside the field, nothing saved.
    page.get_by_label("2e choix").select_option(label="Numérique")
    page.get_by_label(re.compile("J’accepte que mes données")).check()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.locator("#id_ateliers-rank_2-error")).to_be_visible()
    assert Registration.objects.count() == 0
    assert_accessible(page)
    # The form came back as typed; fix the 2nd choice and register.
    expect(page.get_by_label("1er choix")).to_have_value(
        str(event.workshops.get(title="Numérique").pk)
    )
    page.get_by_label("2e choix").select_option(label="Bénévolat")
    page.get_by_label(re.compile("J’accepte que mes données")).check()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merci, votre inscription est enregistrée"
    )
    # The confirmation shows the choices made, not an invitation to choose.
    summary = page.locator("#choice-summary")
    expect(summary).to_contain_text("1er choix")
    expect(summary).to_contain_text("Numérique")
    expect(summary).to_contain_text("Bénévolat")
    expect(page.get_by_role("link", name="Choisir mes ateliers")).to_have_count(0)
    expect(summary.get_by_role("link", name="Modifier mes choix")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Modifier mes choix").click()
    expect(page.get_by_label("2e choix")).to_have_value(
        str(event.workshops.get(title="Bénévolat").pk)
    )
    registration = Registration.objects.get()
    assert list(
        registration.workshop_choices.order_by("rank").values_list(
            "workshop__title", flat=True
        )
    ) == ["Numérique", "Bénévolat"]
    context.close()
