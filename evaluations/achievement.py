"""Whether an indicator's target is reached, partly reached or missed.

A numeric period is *reached* when its actual meets its target in the
indicator's direction (higher or lower is better); *partly reached* when it
covers at least half the way from the baseline (zero without one) to the
target; *missed* otherwise. A qualitative period says it by hand
(``IndicatorPeriod.assessment``). Without a target or an actual: not
assessed ("").
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Achievement(models.TextChoices):
    REACHED = "atteint", _("Reached")
    PARTLY = "partiel", _("Partly reached")
    MISSED = "manque", _("Missed")


HALF = Decimal("0.5")


def achievement(indicator, period) -> str:
    """The achievement of ``period`` (an ``IndicatorPeriod``) of ``indicator``."""
    if not indicator.is_numeric:
        return period.assessment
    target = period.target if period.target is not None else indicator.target
    actual = period.actual
    if target is None or actual is None:
        return ""
    baseline = indicator.baseline_value or Decimal("0")
    sign = -1 if indicator.direction == indicator.Direction.LOWER else 1
    if sign * (actual - target) >= 0:
        return Achievement.REACHED
    distance = sign * (target - baseline)
    if distance > 0 and sign * (actual - baseline) >= HALF * distance:
        return Achievement.PARTLY
    return Achievement.MISSED
