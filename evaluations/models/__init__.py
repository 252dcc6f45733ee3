"""The evaluations' models: satisfaction questionnaires and funded projects'
logical-framework evaluations."""

from .funding import (
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    ProjectBudgetLine,
    SubObjective,
    UnexpectedResult,
    VersionComment,
)
from .questionnaires import *  # noqa: F403
from .questionnaires import __all__ as _questionnaire_names

__all__ = [
    *_questionnaire_names,
    "EvaluationVersion",
    "ExpectedResult",
    "FundedProject",
    "ImprovementPoint",
    "Indicator",
    "IndicatorPeriod",
    "ProjectBudgetLine",
    "SubObjective",
    "UnexpectedResult",
    "VersionComment",
]
