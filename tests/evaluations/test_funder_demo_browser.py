"""Issue "Funders", done when: in Chromium, ``demo-financeur`` signs in, sees
only the Fondation Monoprix project, acknowledges its submitted version and
downloads its evaluation report, rendered by a real worker."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations.models import EvaluationVersion, FundedProject
from tests.e2e.conftest import axe_violations
from tests.reports.conftest import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "demo-navigateur-2017"


def test_demo_funder_acknowledges_and_downloads_its_report(
    live_server, live_worker, page
):
    call_command("loaddemo", password=PASSWORD, verbosity=0, stdout=None)
    monoprix = FundedProject.objects.get(funders__name="Fondation Monoprix")
    others = list(FundedProject.objects.exclude(pk=monoprix.pk))
    assert others, "the demo holds another funder's project (CCAS d'Angers)"

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("demo-financeur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))

    page.get_by_role("link", name="Mes financements").first.click()
    expect(page.get_by_role("link", name=monoprix.title)).to_be_visible()
    for other in others:
        expect(page.get_by_text(other.title)).to_have_count(0)
    assert axe_violations(page) == []

    # Another funder's project is a 404, whatever its address.
    response = page.goto(f"{live_server.url}/espace/financements/{others[0].pk}/")
    assert response.status == 404

    page.goto(f"{live_server.url}/espace/financements/{monoprix.pk}/")
    page.get_by_role("link", name="Version 1").click()
    page.get_by_role("button", name=re.compile("Accuser réception")).click()
    expect(page.get_by_text(re.compile("Accusé de réception le"))).to_be_visible()
    version = monoprix.versions.get(number=1)
    assert version.status == EvaluationVersion.Status.ACKNOWLEDGED

    page.goto(f"{live_server.url}/espace/financements/{monoprix.pk}/")
    page.locator("form.generate-report").filter(
        has=page.locator('input[name="kind"][value="rapport-evaluation"]')
    ).get_by_role("button").click()
    expect(page.locator(".job-status")).to_have_text("Prêt", timeout=120_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())

    snapshot = version.snapshot
    assert snapshot["general_objective"].split("\n")[0][:40] in " ".join(text.split())
    first = snapshot["sub_objectives"][0]
    assert first["title"][:30] in " ".join(text.split())
    indicator = first["results"][0]["indicators"][0]
    assert indicator["name"][:30] in " ".join(text.split())
    assert "Version 1" in text
