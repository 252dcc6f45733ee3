"""The demo's funded projects (evaluations/demo_funding.py via loaddemo)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from core.models import User
from evaluations.demo_funding import AGIR_TITLE, MONOPRIX_TITLE
from evaluations.funding import has_unsubmitted_changes
from evaluations.models import (
    EvaluationVersion,
    FundedProject,
    Indicator,
    IndicatorPeriod,
    ProjectBudgetLine,
)

pytestmark = pytest.mark.django_db


def _load():
    call_command("loaddemo", "--password", "x", stdout=StringIO())


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            FundedProject,
            Indicator,
            IndicatorPeriod,
            EvaluationVersion,
            ProjectBudgetLine,
        )
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _load()
            first = _counts()
            _load()
            yield first
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_loading_the_demo_twice_gives_the_same_counts(demo):
    assert _counts() == demo
    assert demo[0] == 2


def test_demo_funder_sees_the_monoprix_project_only(demo):
    funder = User.objects.get(username="demo-financeur")
    assert [p.title for p in FundedProject.objects.for_user(funder)] == [MONOPRIX_TITLE]
    assert EvaluationVersion.objects.for_user(funder).count() == 1


def test_the_monoprix_project_has_a_full_framework_a_version_and_a_draft(demo):
    project = FundedProject.objects.get(title=MONOPRIX_TITLE)
    indicators = Indicator.objects.filter(result__sub_objective__project=project)
    assert 2 <= project.sub_objectives.count() <= 3
    assert indicators.count() >= 8
    assert indicators.exclude(computation="").count() >= 4
    assert indicators.filter(computation="").count() >= 3
    computed = IndicatorPeriod.objects.filter(
        indicator__in=indicators.exclude(computation="")
    )
    assert not computed.filter(computed_at__isnull=True).exists()
    participants = computed.get(indicator__computation="participants")
    assert participants.actual == 5
    assert "Journée inter-associative 2017" in participants.computation_note
    assert participants.breakdown["rows"]
    assert computed.get(indicator__computation="satisfaction").actual > 3
    assert project.unexpected_results.count() == 3
    assert project.improvement_points.exists()
    assert project.relationship_expectations
    (version,) = project.versions.all()
    assert version.status == EvaluationVersion.Status.SUBMITTED
    assert has_unsubmitted_changes(project)


def test_the_ccas_subsidy_balances_around_40000_euros(demo):
    project = FundedProject.objects.get(title=AGIR_TITLE)
    lines = project.budget_lines.all()
    charges = [line for line in lines if line.is_charge]
    produits = [line for line in lines if not line.is_charge]
    total = lambda rows, f: sum(getattr(r, f) for r in rows)  # noqa: E731
    assert total(charges, "planned") == total(produits, "planned") == 40000
    assert total(charges, "actual") == total(produits, "actual")
    subsidy = lines.get(account="74")
    assert subsidy.funder.acronym == "CCAS d'Angers"
    assert {line.account for line in lines} >= {"60", "64", "86", "70", "75", "87"}
    assert project.bilan_qualitatif
    assert project.series.get().slug == "rencontres-agir-ensemble"
    attendance = IndicatorPeriod.objects.get(
        indicator__result__sub_objective__project=project,
        indicator__computation="presences",
        year=2013,
    )
    assert attendance.actual == 1155
    assert lines.aggregate(s=Sum("planned"))["s"] == 80000
