"""A report job: one requested PDF, its state, its stored file, its failure."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet
from core.storage import private_storage  # noqa: F401 - also named by migrations


def report_upload_to(job, filename: str) -> str:
    return f"reports/{timezone.now():%Y/%m}/{job.pk}/{filename}"


class ReportJobQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """The jobs about objects in ``user``'s scope (``for_user``).

        Each builder says which: those whose object its model's ``for_user``
        holds, so a job is seen by whoever sees its object, whoever asked.
        """
        from .registry import PDF_BUILDERS

        visible = Q(pk__in=[])
        for builder in PDF_BUILDERS.values():
            visible |= builder.visible_jobs(user)
        return self.filter(visible)

    def active(self):
        return self.filter(status__in=ReportJob.ACTIVE)

    def about(self, *, kind: str, object_id: str):
        return self.filter(kind=kind, object_id=object_id)


class ReportJob(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    # The object is named by content type and id, so that reports imports no
    # domain app; the directory (a document about the whole network) has none.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("content type"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    source_version = models.CharField(_("source version"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PENDING,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=report_upload_to,
        max_length=255,
        blank=True,
    )
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    send_to_recipients = models.BooleanField(
        _("send to the attendees once ready"), default=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        indexes = [
            models.Index(fields=["kind", "object_id"], name="reports_job_about"),
            models.Index(
                fields=["requested_by", "-created_at"], name="reports_job_mine"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "fingerprint"],
                condition=Q(status__in=["pending", "running"]),
                name="reports_one_active_job_per_document",
            )
        ]

    def __str__(self):
        return self.title or f"{self.kind} {self.object_id}".strip()

    def get_absolute_url(self):
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class ReportSection(models.Model):
    """One piece of a long job, rendered by whichever worker takes it.

    A job's pieces are tracked here rather than in a Celery chord: the last
    piece done sends the assembly, and ``services.requeue_stale_jobs`` sees a
    piece whose worker died (running, no sign of life) or whose message was
    lost (queued too long) and sends it again. ``token`` is the job's task id
    when the pieces were dispatched; a requeued job gets a new one, and the
    older pieces are then ignored.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    job = models.ForeignKey(
        ReportJob,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("report job"),
    )
    token = models.CharField(_("token"), max_length=255)
    index = models.PositiveIntegerField(_("index"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.QUEUED
    )
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ["job", "token", "index"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "token", "index"], name="reports_one_section_per_index"
            )
        ]
        indexes = [models.Index(fields=["status"], name="reports_section_status")]

    def __str__(self):
        return f"{self.job_id} #{self.index}"
