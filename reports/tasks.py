"""Thin Celery entry points: fetch, delegate to services, decide about retries."""

import logging
from contextlib import suppress

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .models import ReportJob

logger = logging.getLogger(__name__)

# Storage hiccups, font cache races, the database restarting: worth another
# try after a pause.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)


@shared_task(
    name="reports.render_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=15 * 60,
    time_limit=16 * 60,
)
def render_report_task(self, *, job_id: str) -> str | None:
    """Render one job's PDF. Idempotent: a finished or foreign job is left alone.

    Transient errors are retried with back-off (10 s, 20 s, 40 s); any other
    failure, and the last transient one, ends the job as failed with a
    French message. A worker killed mid-render leaves the message to be
    redelivered (acks_late), and the same task id may claim the job again.
    """
    job = services.claim_job(job_id=job_id, task_id=self.request.id or "")
    if job is None:
        logger.info("Report job %s is not waiting for this task; skipped.", job_id)
        return None
    try:
        job = services.render_report(job=job)
    except services.ReportFailure as failure:
        services.mark_failed(job_id=job_id, message=str(failure))
        return ReportJob.Status.FAILED
    except SoftTimeLimitExceeded:
        with translation.override(job.language):
            message = _("The document took too long to generate.")
        services.mark_failed(job_id=job_id, message=message)
        return ReportJob.Status.FAILED
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            # Back to pending so that the retried message may claim it (with
            # the database down, the periodic requeue will notice it instead).
            with suppress(DatabaseError):
                ReportJob.objects.filter(
                    pk=job_id, status=ReportJob.Status.RUNNING
                ).update(status=ReportJob.Status.PENDING)
            raise self.retry(
                exc=error, countdown=10 * 2**self.request.retries
            ) from error
        logger.warning("Report job %s failed for good: %s", job_id, error)
        with translation.override(job.language):
            if isinstance(error, OSError):
                message = _(
                    "The file could not be stored: %(error)s. Please try again later."
                ) % {"error": getattr(error, "strerror", None) or str(error)}
            else:
                message = _(
                    "The document service cannot be reached right now. "
                    "Please try again in a few minutes."
                )
        services.mark_failed(job_id=job_id, message=message)
        return ReportJob.Status.FAILED
    return job.status


@shared_task(name="reports.requeue_stale_jobs")
def requeue_stale_jobs_task() -> int:
    """Periodic (celery beat): send stuck jobs to the workers again."""
    return services.requeue_stale_jobs()


@shared_task(
    name="reports.send_report",
    bind=True,
    acks_late=True,
    max_retries=3,
)
def send_report_task(self, *, job_id: str) -> int:
    """E-mail a ready document to its recipients (once; retried on SMTP errors)."""
    try:
        return services.send_report(job_id=job_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(
    name="reports.render_report_section",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def render_report_section_task(self, *, job_id: str, index: int, token: str):
    """Render one piece of a long document (one of several, in parallel).

    Idempotent: a piece done, rendered by another task or of a job that
    moved on is left alone. The last piece done sends the assembly.
    """
    try:
        return services.render_section(
            job_id=job_id, index=index, token=token, task_id=self.request.id or ""
        )
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            raise self.retry(
                exc=error, countdown=5 * 2**self.request.retries
            ) from error
        return {"error": str(error)}


@shared_task(
    name="reports.assemble_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def assemble_report_task(results=None, *, job_id: str, token: str) -> str | None:
    """Merge the pieces of a long document once every section is rendered.

    The pieces are read from the database; ``results`` is only accepted
    from messages queued by the former chord, and ignored.
    """
    job = services.assemble_section_pieces(job_id=job_id, token=token)
    return job.status if job is not None else None
