"""The assignment run by a worker: one row per "Répartir", with its outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

__all__ = ["AssignmentJob"]


class AssignmentJob(TimeStampedModel):
    """A "Répartir" asked by a coordinator and run by a Celery worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="assignment_jobs",
        verbose_name=_("event"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    # assignment.Result.figures, and who has no place: [{name, when, reason}].
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    unplaced = models.JSONField(_("unplaced"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")

    def __str__(self):
        return f"{self.event} — {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
