"""Everything that writes report jobs: requests, rendering, failures, sending."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import queue_mail, stored_attachment
from core.queue import send_task

from .models import ReportJob, ReportSection
from .registry import PdfBuilder, UnknownKind, fingerprint, get_builder
from .rendering import DocumentRenderer

logger = logging.getLogger(__name__)

# A job is tried at most this many times (worker crashes and requeues count);
# so is each piece of a long one.
MAX_ATTEMPTS = 5
# "Running" with no sign of life for this long: its worker is gone. A worker
# writes one every REPORTS_HEARTBEAT_SECONDS (``keep_alive``) while it
# renders, however long the document.
STALE_RUNNING_AFTER = dt.timedelta(
    seconds=getattr(settings, "REPORTS_STALE_AFTER_SECONDS", 45)
)
# "Pending" (or a piece "queued") this long: its message may have been lost
# (broker restarted empty, purged queue). Sending it again is harmless: only
# one claim succeeds, a duplicate message finds nothing to do.
STALE_PENDING_AFTER = dt.timedelta(
    seconds=getattr(settings, "REPORTS_PENDING_AFTER_SECONDS", 60)
)
KEEP = (ReportJob.Status.PENDING, ReportJob.Status.RUNNING, ReportJob.Status.READY)


class ReportFailure(Exception):
    """A failure that retrying will not cure; its message is for people."""


def _language(language: str | None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    short = language.split("-")[0]
    return short if short in codes else settings.LANGUAGE_CODE


def request_report(
    *, kind: str, obj, user, parameters: dict | None = None, language: str | None = None
) -> ReportJob:
    """Return the job making this document, creating and queuing it if needed.

    ``obj`` must be in ``user``'s scope (``builder.get_object(user, id)``,
    the model's ``for_user``), and so must what the parameters name
    (``builder.parameters_for``): otherwise ``ObjectDoesNotExist``, and no job.

    The same document (kind, object, parameters, language and unchanged
    source data) already queued, running or ready is returned as is. Raises
    ``UnknownKind`` and, when ``user`` sees ``obj`` but may not ask for this
    document, ``PermissionDenied``
    (``user=None`` is the command line). Queues ``render_report_task`` once
    the transaction commits; if the broker is unreachable the job fails at
    once with a French reason instead of waiting forever.
    """
    builder = get_builder(kind)
    object_id = builder.object_id_of(obj)
    if user is not None:
        # ``ObjectDoesNotExist`` when ``obj`` is outside ``user``'s scope.
        builder.get_object(user, object_id)
        if not builder.can_request(user, obj):
            raise PermissionDenied
    parameters = builder.clean_parameters(parameters or {})
    if user is not None:
        # ``ObjectDoesNotExist`` when they name rows outside ``user``'s scope.
        parameters = builder.parameters_for(user, obj, parameters)
    language = _language(language)
    source_version = _version(builder, obj, parameters)
    key = fingerprint(
        kind=kind,
        object_id=object_id,
        parameters=parameters,
        language=language,
        source_version=source_version,
    )
    same = ReportJob.objects.about(kind=kind, object_id=object_id).filter(
        fingerprint=key
    )
    existing = same.filter(status__in=KEEP).order_by("-created_at").first()
    if existing is not None:
        return existing
    content_type = None
    if obj is not None:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(obj)
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                kind=kind,
                content_type=content_type,
                object_id=object_id,
                parameters=parameters,
                title=_title(builder, obj, parameters, language),
                fingerprint=key,
                source_version=source_version,
                language=language,
                requested_by=user,
            )
    except IntegrityError:
        # A concurrent request created the same job first.
        return same.active().get()
    queue_job(job=job)
    return job


def _version(builder: PdfBuilder, obj, parameters: dict) -> str:
    raw = builder.source_version(obj, parameters)
    return hashlib.sha256(str(raw).encode()).hexdigest()


def _title(builder: PdfBuilder, obj, parameters: dict, language: str) -> str:
    with translation.override(language):
        try:
            return str(builder.plan_title(obj, parameters))[:255]
        except Exception:  # a title is a nicety; the render will say what fails
            logger.exception("Could not compute the title of a %s.", builder.kind)
            return str(builder.label)


def queue_job(*, job: ReportJob) -> None:
    """Send the job to a worker once the transaction commits."""
    transaction.on_commit(partial(_send, str(job.pk), job.language))


def _send(job_id: str, language: str) -> bool:
    from .tasks import render_report_task

    if send_task(render_report_task, job_id=job_id):
        return True
    with translation.override(language):
        message = _(
            "The document service cannot be reached right now. "
            "Please try again in a few minutes."
        )
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.PENDING).update(
        status=ReportJob.Status.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return False


def retry_report(*, job: ReportJob, user) -> ReportJob:
    """Ask again for a failed (or outdated) job's document."""
    builder = get_builder(job.kind)
    obj = builder.get_object(user, job.object_id)
    return request_report(
        kind=job.kind,
        obj=obj,
        user=user,
        parameters=job.parameters,
        language=job.language,
    )


def claim_job(*, job_id: str, task_id: str) -> ReportJob | None:
    """Mark the job running for this task; ``None`` if it is not ours to run.

    A pending job is claimed; a running one only by the same task id, which
    is what a message redelivered after a worker crash carries.
    """
    now = timezone.now()
    claimable = Q(status=ReportJob.Status.PENDING)
    if task_id:
        claimable |= Q(status=ReportJob.Status.RUNNING, task_id=task_id)
    claimed = ReportJob.objects.filter(claimable, pk=job_id).update(
        status=ReportJob.Status.RUNNING,
        attempts=F("attempts") + 1,
        task_id=task_id,
        started_at=now,
        heartbeat_at=now,
        updated_at=now,
        progress=5,
        error="",
    )
    if not claimed:
        return None
    return ReportJob.objects.get(pk=job_id)


def set_progress(*, job: ReportJob, percent: int) -> None:
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(
        progress=max(0, min(99, percent)), heartbeat_at=now, updated_at=now
    )


def parallel_sections_enabled() -> bool:
    """Long documents go to several workers when the result backend allows.

    A chord needs a result backend that every worker shares (Redis); with the
    embedded filesystem broker, one worker renders the pieces in turn.
    """
    default = str(getattr(settings, "CELERY_RESULT_BACKEND", "")).startswith("redis")
    return bool(getattr(settings, "REPORTS_PARALLEL_SECTIONS", default))


def render_report(*, job: ReportJob) -> ReportJob:
    """Render and store a claimed job's PDF, then mark it ready.

    A long document may instead be handed to several workers, one piece
    each (``render_report_section_task``), then merged by
    ``assemble_report_task``; the job stays running meanwhile.

    Raises ``ReportFailure`` (with a message for people) when retrying will
    not help, and ``OSError`` for transient trouble (storage, fonts). The
    worker renders in the job's language and in ``settings.TIME_ZONE``.
    """
    with (
        keep_alive(job_id=job.pk),
        translation.override(job.language),
        timezone.override(settings.TIME_ZONE),
    ):
        builder, obj = _builder_and_object(job)
        with _failures(job):
            renderer = _renderer(builder, obj, job)
            if renderer.is_long() and parallel_sections_enabled():
                if _dispatch_sections(job, len(renderer.chunks())):
                    return job
            rendered = renderer.render()
        name = f"{builder.filename(obj, job.parameters)}.pdf"
    return _store(job=job, name=name, pdf=rendered.pdf, page_count=rendered.page_count)


def _builder_and_object(job: ReportJob):
    try:
        builder = get_builder(job.kind)
    except UnknownKind:
        raise ReportFailure(_("This kind of document no longer exists.")) from None
    try:
        obj = builder.get_object(None, job.object_id)
    except ObjectDoesNotExist:
        raise ReportFailure(_("The object was deleted.")) from None
    return builder, obj


def _renderer(builder: PdfBuilder, obj, job: ReportJob) -> DocumentRenderer:
    return DocumentRenderer(
        template_name=builder.template_name,
        plan=builder.plan(obj, job.parameters),
        language=job.language,
        weight_limit=builder.section_weight_limit,
        progress=partial(_progress, job),
    )


@contextmanager
def _failures(job: ReportJob):
    """Turn rendering errors into ``ReportFailure`` messages for people."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    try:
        yield
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        raise ReportFailure(
            _("The document's template has an error: %(error)s") % {"error": error}
        ) from error
    except (ReportFailure, OSError, DatabaseError):
        # Transient: the task retries, or the periodic requeue sends it again.
        raise
    except Exception as error:
        logger.exception("Rendering job %s failed.", job.pk)
        raise ReportFailure(
            _("The PDF could not be rendered: %(error)s")
            % {"error": str(error) or type(error).__name__}
        ) from error


def _dispatch_sections(job: ReportJob, count: int) -> bool:
    """Hand the ``count`` pieces of a long job to the workers, one task each.

    Each piece is a ``ReportSection`` row first, so that a piece whose
    message or worker is lost is seen and sent again
    (``requeue_stale_jobs``); the last piece done sends the assembly.
    """
    token = job.task_id
    if not token:
        return False
    ReportSection.objects.bulk_create(
        [ReportSection(job=job, token=token, index=index) for index in range(count)],
        ignore_conflicts=True,
    )
    for index in range(count):
        _send_section(job_id=job.pk, index=index, token=token)
    return True


def _send_section(*, job_id, index: int, token: str) -> bool:
    from .tasks import render_report_section_task

    # Not sent: the row stays queued and the periodic requeue sends it later.
    return send_task(
        render_report_section_task, job_id=str(job_id), index=index, token=token
    )


def _send_assembly(*, job_id, token: str) -> bool:
    from .tasks import assemble_report_task

    return send_task(assemble_report_task, job_id=str(job_id), token=token)


def _part_name(job_id, index: int) -> str:
    return f"reports/parts/{job_id}/{index:04d}.pdf"


def claim_section(*, job_id, index: int, token: str, task_id: str):
    """Mark a queued piece of the job's current dispatch running for this
    task; ``None`` if it is not ours to render (done, another task has it,
    or the job moved on). A running piece is claimed again only by the same
    task id: the message given back when the worker's child died."""
    now = timezone.now()
    claimable = Q(status=ReportSection.Status.QUEUED)
    if task_id:
        claimable |= Q(status=ReportSection.Status.RUNNING, task_id=task_id)
    claimed = ReportSection.objects.filter(
        claimable,
        job_id=job_id,
        token=token,
        index=index,
        job__status=ReportJob.Status.RUNNING,
        job__task_id=token,
    ).update(
        status=ReportSection.Status.RUNNING,
        task_id=task_id,
        attempts=F("attempts") + 1,
        heartbeat_at=now,
    )
    if not claimed:
        return None
    return ReportSection.objects.select_related("job").get(
        job_id=job_id, token=token, index=index
    )


def render_section(*, job_id, index: int, token: str, task_id: str = "") -> dict | None:
    """Render one piece of a long job and keep it in storage for assembly.

    Returns what ``assemble_section_pieces`` needs, ``None`` if the piece is
    not this task's to render, or ``{"error": message}`` on failure (the job
    is then failed). The last piece done sends the assembly.
    """
    section = claim_section(job_id=job_id, index=index, token=token, task_id=task_id)
    if section is None:
        return None
    job = section.job
    try:
        with (
            keep_alive(job_id=job.pk, section_id=section.pk),
            translation.override(job.language),
            timezone.override(settings.TIME_ZONE),
        ):
            builder, obj = _builder_and_object(job)
            with _failures(job):
                renderer = _renderer(builder, obj, job)
                piece = renderer.render_piece(index)
    except ReportFailure as failure:
        mark_failed(job_id=job.pk, message=str(failure))
        return {"error": str(failure)}
    piece.file.seek(0)
    storage = job.file.storage
    name = storage.save(_part_name(job.pk, index), ContentFile(piece.file.read()))
    piece.file.close()
    result = {"name": name, "pages": piece.page_count, "anchors": piece.anchors}
    if _finish_section(section=section, result=result):
        _send_assembly(job_id=job.pk, token=token)
    return result


def _finish_section(*, section: ReportSection, result: dict) -> bool:
    """Record a piece done; ``True`` when it is the last of its dispatch.

    The job's row is locked meanwhile, so that of two pieces finishing at
    once exactly one sees the others done.
    """
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update()
            .filter(
                pk=section.job_id,
                status=ReportJob.Status.RUNNING,
                task_id=section.token,
            )
            .first()
        )
        done = job is not None and ReportSection.objects.filter(
            pk=section.pk, status=ReportSection.Status.RUNNING, task_id=section.task_id
        ).update(status=ReportSection.Status.DONE, result=result)
        if done:
            pieces = ReportSection.objects.filter(job=job, token=section.token)
            total = pieces.count()
            finished = pieces.filter(status=ReportSection.Status.DONE).count()
            now = timezone.now()
            ReportJob.objects.filter(pk=job.pk).update(
                progress=min(90, 10 + 80 * finished // max(1, total)),
                heartbeat_at=now,
                updated_at=now,
            )
    if not done:
        # Failed, requeued or taken over meanwhile: this piece is not kept.
        section.job.file.storage.delete(result["name"])
        return False
    return finished == total


def assemble_section_pieces(*, job_id, token: str, results=None) -> ReportJob | None:
    """Merge the pieces rendered by several workers into the job's PDF.

    The pieces are read from the job's ``ReportSection`` rows of this
    dispatch; ``None`` if the job is no longer this dispatch's or a piece is
    missing (it is then still being rendered).
    """
    import tempfile

    from .rendering import Piece

    job = ReportJob.objects.filter(
        pk=job_id, status=ReportJob.Status.RUNNING, task_id=token
    ).first()
    if job is None:
        return None
    sections = list(ReportSection.objects.filter(job=job, token=token))
    if not sections or any(s.status != ReportSection.Status.DONE for s in sections):
        return None
    results = [section.result for section in sections]
    storage = job.file.storage
    names = [r["name"] for r in results]
    try:
        with (
            keep_alive(job_id=job.pk),
            translation.override(job.language),
            timezone.override(settings.TIME_ZONE),
        ):
            builder, obj = _builder_and_object(job)
            with _failures(job):
                renderer = _renderer(builder, obj, job)
                pieces = []
                for result in results:
                    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by assemble
                    with storage.open(result["name"], "rb") as part:
                        handle.write(part.read())
                    pieces.append(
                        Piece(
                            file=handle,
                            page_count=result["pages"],
                            anchors=result["anchors"],
                        )
                    )
                rendered = renderer.assemble(pieces)
            name = f"{builder.filename(obj, job.parameters)}.pdf"
        job = _store(
            job=job, name=name, pdf=rendered.pdf, page_count=rendered.page_count
        )
    except ReportFailure as failure:
        mark_failed(job_id=job.pk, message=str(failure))
        job = None
    for name in names:
        storage.delete(name)
    return job


@contextmanager
def keep_alive(*, job_id, section_id=None, interval: float | None = None):
    """Refresh the job's (and the piece's) sign of life while the block runs.

    A thread writes ``heartbeat_at`` every ``interval`` seconds
    (``REPORTS_HEARTBEAT_SECONDS``; 0 turns it off), so that a long render
    is never taken for a dead one, and a dead one is seen within
    ``STALE_RUNNING_AFTER`` whatever the document's length.
    """
    if interval is None:
        interval = float(getattr(settings, "REPORTS_HEARTBEAT_SECONDS", 10))
    if interval <= 0:
        yield
        return
    stop = threading.Event()

    def beat():
        from django.db import connection

        try:
            while not stop.wait(interval):
                try:
                    _beat(job_id=job_id, section_id=section_id)
                except DatabaseError as error:  # the database is back soon
                    logger.warning("Heartbeat of job %s failed: %s", job_id, error)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(interval + 5)


def _beat(*, job_id, section_id=None) -> None:
    now = timezone.now()
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        heartbeat_at=now
    )
    if section_id is not None:
        ReportSection.objects.filter(
            pk=section_id, status=ReportSection.Status.RUNNING
        ).update(heartbeat_at=now)


def _progress(job: ReportJob, percent: int) -> None:
    set_progress(job=job, percent=percent)


def _store(*, job: ReportJob, name: str, pdf: bytes, page_count: int) -> ReportJob:
    try:
        job.file.save(name, ContentFile(pdf), save=False)
    except OSError:
        raise
    except Exception as error:  # e.g. SuspiciousFileOperation: not transient
        raise ReportFailure(
            _("The file could not be stored: %(error)s")
            % {"error": str(error) or type(error).__name__}
        ) from error
    now = timezone.now()
    done = ReportJob.objects.filter(
        pk=job.pk, status=ReportJob.Status.RUNNING, task_id=job.task_id
    ).update(
        status=ReportJob.Status.READY,
        file=job.file.name,
        size=len(pdf),
        checksum=hashlib.sha256(pdf).hexdigest(),
        page_count=page_count,
        progress=100,
        finished_at=now,
        heartbeat_at=now,
        updated_at=now,
    )
    if not done:
        # Someone else finished or failed it meanwhile: keep theirs.
        job.file.storage.delete(job.file.name)
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    if job.send_to_recipients:
        queue_sending(job=job)
    return job


def mark_failed(*, job_id, message: str) -> bool:
    """Record a failure on an active job; ``False`` if it was no longer active."""
    now = timezone.now()
    return bool(
        ReportJob.objects.filter(pk=job_id, status__in=ReportJob.ACTIVE).update(
            status=ReportJob.Status.FAILED,
            error=message,
            finished_at=now,
            updated_at=now,
        )
    )


def requeue_stale_jobs(
    *,
    running_after: dt.timedelta = STALE_RUNNING_AFTER,
    pending_after: dt.timedelta = STALE_PENDING_AFTER,
) -> int:
    """Give stuck jobs and pieces back to the workers; fail those tried too often.

    - a job "running" with no sign of life for ``running_after`` lost its
      worker, one "pending" for ``pending_after`` lost its message: both are
      sent again as a whole (a new claim, a new token);
    - a long job's piece "running" with no sign of life for ``running_after``
      lost its worker, one "queued" for ``pending_after`` may have lost its
      message: that piece alone is sent again;
    - a long job whose pieces are all done but which nobody assembles for
      ``running_after`` lost its assembly message: it is sent again.

    Every send is idempotent (only one claim succeeds). Returns the number
    of jobs and pieces sent again.
    """
    now = timezone.now()
    current_pieces = ReportSection.objects.filter(
        job=OuterRef("pk"), token=OuterRef("task_id")
    )
    stale = ReportJob.objects.filter(
        Q(
            ~Exists(current_pieces),
            status=ReportJob.Status.RUNNING,
            heartbeat_at__lte=now - running_after,
        )
        | Q(status=ReportJob.Status.PENDING, updated_at__lte=now - pending_after)
    )
    requeued = 0
    for job in stale.only("pk", "attempts", "language", "status"):
        if job.attempts >= MAX_ATTEMPTS:
            _give_up(job)
            continue
        reset = ReportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ReportJob.Status.PENDING, task_id="", updated_at=now
        )
        if reset:
            _send(str(job.pk), job.language)
            requeued += 1
    return requeued + _requeue_stale_sections(
        now=now, running_after=running_after, pending_after=pending_after
    )


def _give_up(job: ReportJob) -> None:
    with translation.override(job.language):
        mark_failed(
            job_id=job.pk,
            message=_(
                "The document could not be generated after several "
                "attempts. Please try again later."
            ),
        )


def _requeue_stale_sections(
    *, now, running_after: dt.timedelta, pending_after: dt.timedelta
) -> int:
    current = ReportSection.objects.filter(
        job__status=ReportJob.Status.RUNNING, job__task_id=F("token")
    ).select_related("job")
    stale = current.filter(
        Q(status=ReportSection.Status.RUNNING, heartbeat_at__lte=now - running_after)
        | Q(status=ReportSection.Status.QUEUED, queued_at__lte=now - pending_after)
    )
    requeued = 0
    for section in stale:
        if section.attempts >= MAX_ATTEMPTS:
            _give_up(section.job)
            continue
        reset = ReportSection.objects.filter(
            pk=section.pk, status=section.status, task_id=section.task_id
        ).update(status=ReportSection.Status.QUEUED, task_id="", queued_at=now)
        if reset:
            _send_section(
                job_id=section.job_id, index=section.index, token=section.token
            )
            requeued += 1
    # Every piece done, nobody assembling: the assembly's message was lost.
    unfinished = ReportSection.objects.filter(
        job=OuterRef("pk"), token=OuterRef("task_id")
    ).exclude(status=ReportSection.Status.DONE)
    orphans = ReportJob.objects.filter(
        Exists(
            ReportSection.objects.filter(job=OuterRef("pk"), token=OuterRef("task_id"))
        ),
        ~Exists(unfinished),
        status=ReportJob.Status.RUNNING,
        heartbeat_at__lte=now - running_after,
    ).only("pk", "task_id")
    for job in orphans:
        # Sent again at most once per ``running_after``.
        if ReportJob.objects.filter(
            pk=job.pk, heartbeat_at__lte=now - running_after
        ).update(heartbeat_at=now):
            _send_assembly(job_id=job.pk, token=job.task_id)
            requeued += 1
    return requeued


def request_sending(*, job: ReportJob, by) -> bool:
    """E-mail the document to its recipients now, or as soon as it is ready.

    Returns ``False`` when the document has nobody to be sent to.
    """
    builder = get_builder(job.kind)
    obj = builder.get_object(by, job.object_id)
    if not builder.recipients(obj):
        return False
    ReportJob.objects.filter(pk=job.pk).update(send_to_recipients=True, sent_at=None)
    job.refresh_from_db()
    if job.is_ready:
        queue_sending(job=job)
    return True


def queue_sending(*, job: ReportJob) -> None:
    from .tasks import send_report_task

    transaction.on_commit(partial(send_task, send_report_task, job_id=str(job.pk)))


@transaction.atomic
def send_report(*, job_id) -> int:
    """Put a ready document in the outbox for each of its builder's
    recipients, once, in the job's language, the PDF attached by reference
    to the job's file (read when the e-mail leaves).

    Returns the number of recipients written to (0 if already sent).
    """
    claimed = ReportJob.objects.filter(
        pk=job_id,
        status=ReportJob.Status.READY,
        send_to_recipients=True,
        sent_at__isnull=True,
    ).update(sent_at=timezone.now())
    if not claimed:
        return 0
    job = ReportJob.objects.get(pk=job_id)
    builder = get_builder(job.kind)
    try:
        obj = builder.get_object(None, job.object_id)
    except ObjectDoesNotExist:
        return 0
    recipients = builder.recipients(obj)
    attachment = stored_attachment(
        job.file.name.rsplit("/", 1)[-1], job.file.name, "application/pdf"
    )
    with translation.override(job.language):
        body = _(
            "Hello,\n\nPlease find attached the document "
            "“%(title)s”.\n\nThe Maillage team"
        ) % {"title": job.title}
    for recipient in recipients:
        queue_mail(
            to=recipient,
            subject=job.title,
            body=body,
            language=job.language,
            kind=f"reports.{job.kind}",
            attachments=[attachment],
        )
    return len(recipients)


def job_is_current(job: ReportJob) -> bool:
    """Does a ready job still show the data as it is now?"""
    try:
        builder = get_builder(job.kind)
        obj = builder.get_object(None, job.object_id)
    except (UnknownKind, ObjectDoesNotExist):
        return False
    with translation.override(job.language):
        return _version(builder, obj, job.parameters) == job.source_version
