"""Click "Générer le PDF", watch the job reach "Prêt" and download the file."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

from .conftest import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def assert_accessible():
    def check(page):
        assert axe_violations(page) == []

    return check


def test_coordinator_generates_and_downloads_the_minutes(
    live_server, live_worker, page, assert_accessible
):
    from tests.factories import (
        ActionFactory,
        AttendanceFactory,
        CoordinatorFactory,
        MeetingFactory,
        OrganisationFactory,
        PersonFactory,
    )

    CoordinatorFactory(username="camille", first_name="Camille")
    meeting = MeetingFactory(
        title="Réunion RESO77", organiser=OrganisationFactory(name="RESO77")
    )
    AttendanceFactory(
        event=meeting, person=PersonFactory(first_name="Cathy", last_name="Clerc")
    )
    ActionFactory(event=meeting, description="Réserver la salle des fêtes")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Générer le PDF").click()

    expect(page.locator(".job-status")).to_have_text("Prêt", timeout=90_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()

    page.goto(f"{live_server.url}/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    assert_accessible(page)

    assert download.suggested_filename.startswith("compte-rendu-reso77-")
    assert "Réserver la salle des fêtes" in pdf_text(data)
    assert "Cathy Clerc" in pdf_text(data)
