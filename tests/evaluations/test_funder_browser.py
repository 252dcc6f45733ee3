"""The funder's space in Chromium: sign in, see only its project, acknowledge."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import EvaluationVersion
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    """Two funders' projects; the Fondation Monoprix one has its version 1
    submitted."""
    from evaluations.funding import submit_version
    from tests.factories import (
        CoordinatorFactory,
        FundedProjectFactory,
        FunderFactory,
        IndicatorFactory,
        IndicatorPeriodFactory,
        OrganisationFactory,
    )

    monoprix = OrganisationFactory(name="Fondation Monoprix", kind="fondation")
    FunderFactory(
        username="claire",
        first_name="Claire",
        last_name="Martin",
        organisations=[monoprix],
    )
    project = FundedProjectFactory(
        funders=[monoprix], title="Journée inter-associative 2017"
    )
    indicator = IndicatorFactory(
        result__sub_objective__project=project,
        result__sub_objective__title="Faire se rencontrer les associations",
        name="Structures présentes",
        unit="structures",
        target=Decimal("60"),
    )
    IndicatorPeriodFactory(
        indicator=indicator,
        label="Édition 2017",
        target=Decimal("60"),
        actual=Decimal("72"),
    )
    version = submit_version(project, user=CoordinatorFactory())
    FundedProjectFactory(
        funders=[OrganisationFactory(name="Fondation Autre")],
        title="Projet d’un autre financeur",
    )
    return project, version


def test_funder_acknowledges_its_submitted_version(live_server, page):
    project, version = _world()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))

    page.get_by_role("link", name="Mes financements").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les projets que votre structure finance"
    )
    expect(
        page.get_by_role("link", name="Journée inter-associative 2017")
    ).to_be_visible()
    expect(page.get_by_text("Projet d’un autre financeur")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Journée inter-associative 2017").click()
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("Faire se rencontrer les associations")).to_be_visible()
    expect(page.get_by_role("cell", name="72\u00a0structures")).to_be_visible()
    expect(page.get_by_text("Atteint", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Accuser réception").click()

    expect(page.locator("#acknowledged")).to_contain_text("Accusé de réception le")
    expect(page.locator("#acknowledged")).to_contain_text("par Claire Martin")
    expect(page.get_by_role("button", name="Accuser réception")).to_have_count(0)
    version.refresh_from_db()
    assert version.status == EvaluationVersion.Status.ACKNOWLEDGED
    assert axe_violations(page) == []
