"""The funded projects' workflow, scope and achievement rule."""

from decimal import Decimal

import pytest

from evaluations.achievement import Achievement, achievement
from evaluations.funding import (
    WorkflowError,
    acknowledge_version,
    snapshot,
    submit_version,
)
from evaluations.models import EvaluationVersion, FundedProject, Indicator
from tests.factories import (
    CoordinatorFactory,
    FundedProjectFactory,
    FunderFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    OrganisationFactory,
    PartnerUserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_funder_sees_only_the_projects_its_organisation_funds():
    fondation, other = OrganisationFactory(), OrganisationFactory()
    mine = FundedProjectFactory(funders=[fondation])
    FundedProjectFactory(funders=[other])
    funder = FunderFactory(organisations=[fondation])
    assert list(FundedProject.objects.for_user(funder)) == [mine]
    partner = PartnerUserFactory(organisations=[fondation])
    assert not FundedProject.objects.for_user(partner).exists()
    assert FundedProject.objects.for_user(CoordinatorFactory()).count() == 2


def test_submitting_freezes_a_numbered_version_and_later_edits_do_not_touch_it():
    period = IndicatorPeriodFactory(actual=80, source="Feuilles d'émargement")
    project = period.indicator.result.sub_objective.project
    user = CoordinatorFactory()
    first = submit_version(project, user=user)
    assert first.number == 1
    frozen = first.snapshot["sub_objectives"][0]["results"][0]["indicators"][0]
    assert frozen["periods"][0]["actual"] == "80"
    period.actual = 120
    period.save()
    first.refresh_from_db()
    frozen = first.snapshot["sub_objectives"][0]["results"][0]["indicators"][0]
    assert frozen["periods"][0]["actual"] == "80"
    second = submit_version(project, user=user)
    assert second.number == 2
    assert snapshot(project) == second.snapshot


def test_an_empty_framework_cannot_be_submitted():
    with pytest.raises(WorkflowError):
        submit_version(FundedProjectFactory(), user=CoordinatorFactory())
    assert not EvaluationVersion.objects.exists()


def test_a_funder_sees_submitted_versions_and_acknowledges_once():
    fondation = OrganisationFactory()
    period = IndicatorPeriodFactory(
        indicator__result__sub_objective__project__funders=[fondation]
    )
    project = period.indicator.result.sub_objective.project
    version = submit_version(project, user=CoordinatorFactory())
    funder = FunderFactory(organisations=[fondation])
    assert list(EvaluationVersion.objects.for_user(funder)) == [version]
    assert not EvaluationVersion.objects.for_user(
        FunderFactory(organisations=[OrganisationFactory()])
    ).exists()
    acknowledge_version(version, user=funder)
    assert version.status == EvaluationVersion.Status.ACKNOWLEDGED
    assert version.acknowledged_by == funder
    with pytest.raises(WorkflowError):
        acknowledge_version(version, user=FunderFactory(organisations=[fondation]))


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "expected"),
    [
        (Indicator.Direction.HIGHER, None, 100, 100, Achievement.REACHED),
        (Indicator.Direction.HIGHER, None, 100, 60, Achievement.PARTLY),
        (Indicator.Direction.HIGHER, 50, 100, 60, Achievement.MISSED),
        (Indicator.Direction.LOWER, 40, 20, 19, Achievement.REACHED),
        (Indicator.Direction.LOWER, 40, 20, 29, Achievement.PARTLY),
        (Indicator.Direction.LOWER, 40, 20, 35, Achievement.MISSED),
        (Indicator.Direction.HIGHER, None, 100, None, ""),
    ],
)
def test_achievement_follows_the_direction_and_the_baseline(
    direction, baseline, target, actual, expected
):
    indicator = IndicatorFactory(
        direction=direction, baseline_value=baseline, target=None
    )
    period = IndicatorPeriodFactory(
        indicator=indicator,
        target=target,
        actual=None if actual is None else Decimal(actual),
    )
    assert achievement(indicator, period) == expected


def test_a_qualitative_indicator_is_assessed_by_hand():
    indicator = IndicatorFactory(measure=Indicator.Measure.QUALITATIVE, target=None)
    period = IndicatorPeriodFactory(
        indicator=indicator, target=None, assessment=Achievement.PARTLY
    )
    assert achievement(indicator, period) == Achievement.PARTLY
