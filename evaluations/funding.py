"""The funded projects' evaluation workflow: brouillon → soumis → accusé de
réception.

The live rows of a project are its draft. ``submit_version`` freezes them,
with every indicator's values, into an ``EvaluationVersion`` snapshot that
nothing changes afterwards; later edits change the live rows, which are the
next version's draft. ``snapshot`` is the one place that says what a frozen
evaluation holds; the compare page, the funder's space and the evaluation
report read versions through it.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    Indicator,
    IndicatorPeriod,
    SubObjective,
    VersionComment,
)

SNAPSHOT_SCHEMA = 1


def _number(value: Decimal | None) -> str | None:
    """Decimals as strings in the JSON snapshot: exact, and comparable."""
    return None if value is None else format(Decimal(str(value)).normalize(), "f")


def read_decimal(value) -> Decimal | None:
    """A snapshot's number (stored as a string) back as a ``Decimal``;
    ``None`` for none or for what is not a number (an older snapshot)."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def choice_label(choices, code) -> str:
    """The label of a snapshot's choice code (``Indicator.Direction``…); the
    code itself when the choices no longer hold it."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code or ""


def framework(project: FundedProject) -> list[SubObjective]:
    """The project's sub-objectives with results, indicators and periods,
    in four queries whatever their number."""
    return list(
        SubObjective.objects.filter(project=project).prefetch_related(
            Prefetch(
                "results",
                queryset=ExpectedResult.objects.prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.prefetch_related(
                            Prefetch(
                                "periods",
                                queryset=IndicatorPeriod.objects.select_related(
                                    "author", "event"
                                ),
                            )
                        ),
                    )
                ),
            )
        )
    )


def snapshot(project: FundedProject) -> dict:
    """The project's evaluation as plain data: what a version freezes."""
    from .achievement import achievement

    sub_objectives = []
    for sub_objective in framework(project):
        results = []
        for result in sub_objective.results.all():
            indicators = []
            for indicator in result.indicators.all():
                periods = [
                    {
                        "label": period.label,
                        "event": period.event.title if period.event_id else "",
                        "year": period.year,
                        "target": _number(period.target),
                        "actual": _number(period.actual),
                        "actual_text": period.actual_text,
                        "source": period.source,
                        "collection_method": period.collection_method,
                        "comment": period.comment,
                        "evidence": period.evidence,
                        "author": (
                            period.author.get_full_name() or period.author.username
                            if period.author_id
                            else ""
                        ),
                        "computation_note": period.computation_note,
                        "breakdown": period.breakdown,
                        "computed_at": (
                            period.computed_at.isoformat()
                            if period.computed_at
                            else None
                        ),
                        "achievement": achievement(indicator, period),
                    }
                    for period in indicator.periods.all()
                ]
                indicators.append(
                    {
                        "name": indicator.name,
                        "measure": indicator.measure,
                        "unit": indicator.unit,
                        "direction": indicator.direction,
                        "computation": indicator.computation,
                        "disaggregation": indicator.disaggregation,
                        "baseline_value": _number(indicator.baseline_value),
                        "baseline_year": indicator.baseline_year,
                        "target": _number(indicator.target),
                        "target_text": indicator.target_text,
                        "periods": periods,
                    }
                )
            results.append({"title": result.title, "indicators": indicators})
        sub_objectives.append({"title": sub_objective.title, "results": results})
    return {
        "schema": SNAPSHOT_SCHEMA,
        "title": project.title,
        "period": [project.starts_on.isoformat(), project.ends_on.isoformat()],
        "amount_granted": _number(project.amount_granted),
        "funders": sorted(str(f) for f in project.funders.all()),
        "general_objective": project.general_objective,
        "sub_objectives": sub_objectives,
        "unexpected_results": [
            {"description": row.description, "effect": row.effect}
            for row in project.unexpected_results.all()
        ],
        "improvement_points": [
            {"description": row.description, "kind": row.kind}
            for row in project.improvement_points.all()
        ],
        "relationship": {
            "expectations": project.relationship_expectations,
            "assessment": project.relationship_assessment,
        },
    }


class WorkflowError(ValidationError):
    """A step of the workflow refused in the current state."""


@transaction.atomic
def submit_version(project: FundedProject, *, user) -> EvaluationVersion:
    """Freeze the project's evaluation as its next version, submitted to its
    funders. The project row is locked so that two submissions number their
    versions one after the other."""
    project = FundedProject.objects.select_for_update().get(pk=project.pk)
    if not project.sub_objectives.exists():
        raise WorkflowError(
            _("Add at least one sub-objective before submitting the evaluation.")
        )
    last = project.versions.aggregate(last=Max("number"))["last"] or 0
    return EvaluationVersion.objects.create(
        project=project,
        number=last + 1,
        status=EvaluationVersion.Status.SUBMITTED,
        snapshot=snapshot(project),
        submitted_at=timezone.now(),
        submitted_by=user,
    )


@transaction.atomic
def acknowledge_version(version: EvaluationVersion, *, user) -> EvaluationVersion:
    """The funder acknowledges receipt of a submitted version (once)."""
    updated = EvaluationVersion.objects.filter(
        pk=version.pk, status=EvaluationVersion.Status.SUBMITTED
    ).update(
        status=EvaluationVersion.Status.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
        acknowledged_by=user,
        updated_at=timezone.now(),
    )
    version.refresh_from_db()
    if not updated and version.acknowledged_by_id != getattr(user, "pk", None):
        raise WorkflowError(_("This version was already acknowledged."))
    return version


def comment_version(version: EvaluationVersion, *, user, text: str) -> VersionComment:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return VersionComment.objects.create(version=version, author=user, text=text)


def has_unsubmitted_changes(project: FundedProject) -> bool:
    """Does the live draft differ from the last submitted version?"""
    last = project.versions.order_by("-number").first()
    if last is None:
        return True
    return last.snapshot != snapshot(project)
