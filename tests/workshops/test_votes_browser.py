"""A theme vote run to its end in Chromium: two voters on phones spread
their dots, the coordinator closes, the winner becomes an atelier."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from workshops.models import ThemeBallot, ThemeVote, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
THEMES = [
    "Le bien-être au travail",
    "L'insertion par la création d'activité",
    "Participation et place des habitants",
    "Coopération et travail partenarial",
]


def _vote():
    from tests.factories import EventFactory, ThemeProposalFactory, ThemeVoteFactory

    event = EventFactory(title="Soirée IMP'acte")
    vote = ThemeVoteFactory(
        event=event, title="Thème de la première soirée-débat", dots_per_voter=3
    )
    for title in THEMES:
        ThemeProposalFactory(vote=vote, title=title)
    return vote


def _vote_on_a_phone(browser, url, dots: dict[str, str], *, check=False):
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris"
    )
    page = context.new_page()
    page.goto(url)
    if check:
        assert axe_violations(page) == []
    # Too many dots first: refused next to the fields, nothing stored.
    page.get_by_label(THEMES[0], exact=True).fill("4")
    page.get_by_role("button", name="Envoyer mes gommettes").click()
    expect(page.locator(".invalid-feedback")).to_have_text(
        "Vous avez 3 gommettes au plus."
    )
    if check:
        assert axe_violations(page) == []
    page.get_by_label(THEMES[0], exact=True).fill("0")
    for title, count in dots.items():
        page.get_by_label(title, exact=True).fill(count)
    page.get_by_role("button", name="Envoyer mes gommettes").click()
    expect(
        page.get_by_text("Merci\u00a0: vos gommettes sont enregistrées.")
    ).to_be_visible()
    expect(page.locator("#results-table")).to_be_visible()
    if check:
        assert axe_violations(page) == []
    context.close()


def test_a_vote_run_to_its_end(browser, live_server, page):
    from tests.factories import CoordinatorFactory

    vote = _vote()
    url = f"{live_server.url}/votes/{vote.token}/"
    _vote_on_a_phone(browser, url, {THEMES[2]: "2", THEMES[3]: "1"}, check=True)
    _vote_on_a_phone(browser, url, {THEMES[2]: "1", THEMES[1]: "2"})
    assert ThemeBallot.objects.count() == 2

    CoordinatorFactory(username="camille")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/ateliers/votes/{vote.pk}/")
    expect(page.locator("#vote-results")).to_contain_text("2 bulletins")
    assert axe_violations(page) == []
    page.wait_for_function("document.querySelector('#vote-qr').naturalWidth > 0")
    page.get_by_role("button", name="Clore le vote").click()
    expect(page.locator("#vote-outcome")).to_contain_text(THEMES[2])
    vote.refresh_from_db()
    assert vote.status == ThemeVote.Status.CLOSED
    workshop = Workshop.objects.get()
    assert (workshop.event_id, workshop.title) == (vote.event_id, THEMES[2])
