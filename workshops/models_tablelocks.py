"""A registrant pinned to a table for one round of the table plan."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

__all__ = ["TableLock"]

# The table plan's rounds and table numbers (documents_wsdocs: 1–6 rounds,
# tables of 2 or more: at most a few hundred tables).
MAX_ROUNDS = 6
MAX_TABLE = 999


class TableLock(TimeStampedModel):
    """``registration`` sits at ``table`` in ``round`` of every table plan
    computed for its event (the service, the command, the documents)."""

    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="table_locks",
        verbose_name=_("registration"),
    )
    round = models.PositiveSmallIntegerField(
        _("round"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ROUNDS)]
    )
    table = models.PositiveSmallIntegerField(
        _("table"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLE)]
    )

    class Meta:
        ordering = ["round", "table", "registration__last_name", "pk"]
        verbose_name = _("table lock")
        verbose_name_plural = _("table locks")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "round"], name="table_lock_once_a_round"
            )
        ]

    def __str__(self):
        return _("%(person)s at table %(table)s in round %(round)s") % {
            "person": self.registration.full_name,
            "table": self.table,
            "round": self.round,
        }
