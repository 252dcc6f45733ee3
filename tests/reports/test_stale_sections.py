"""Lost work is noticed fast: a long job's pieces are tracked one by one.

A job once stayed "en cours" for 21 minutes: its worker had died and the
sweep only looked for jobs silent for 20 minutes, while the chord waited
for a piece whose message was gone. Now each piece is a ``ReportSection``
row, a worker writes a sign of life while it renders, and the periodic
sweep sends again what lost its worker or its message, piece by piece.

Celery runs eagerly here: a message sent runs at once, in this process.
"""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.models import ReportJob, ReportSection
from reports.registry import PDF_BUILDERS, PdfBuilder, Plan, Section
from tests.factories import CoordinatorFactory, OrganisationFactory

from .conftest import job_pdf, pdf_text

pytestmark = pytest.mark.django_db

OLD = dt.timedelta(minutes=2)


class ChaptersBuilder(PdfBuilder):
    """Three one-line chapters, each a piece of its own (limit 1)."""

    kind = "test-chapitres"
    label = "Chapitres"
    template_name = "reports/pdf/base.html"
    model = "partners.Organisation"
    section_weight_limit = 1

    def plan(self, obj, parameters):
        return Plan(
            title=f"Chapitres de {obj.name}",
            context={},
            sections=[
                Section(context={}, title=f"Chapitre {n}", anchor=f"c{n}", weight=1)
                for n in range(3)
            ],
        )


@pytest.fixture
def chapters(settings):
    settings.REPORTS_PARALLEL_SECTIONS = True
    builder = ChaptersBuilder()
    PDF_BUILDERS[builder.kind] = builder
    yield builder
    PDF_BUILDERS.pop(builder.kind, None)


@pytest.fixture
def lose(monkeypatch):
    """Drop the section messages whose index is listed: a lost message."""
    lost: set[int] = set()
    send = services._send_section

    def maybe_send(*, job_id, index, token):
        if index in lost:
            lost.discard(index)  # lost once; the requeue's message arrives
            return True
        return send(job_id=job_id, index=index, token=token)

    monkeypatch.setattr(services, "_send_section", maybe_send)
    return lost


def request(capture):
    with capture(execute=True):
        job = services.request_report(
            kind="test-chapitres",
            obj=OrganisationFactory(name="Amicale"),
            user=CoordinatorFactory(),
        )
    job.refresh_from_db()
    return job


def age(**fields):
    """Move the given ReportSection/ReportJob timestamps two minutes back."""
    return {name: timezone.now() - OLD for name in fields}


def test_defaults_notice_a_lost_job_well_within_two_minutes():
    silent = services.STALE_RUNNING_AFTER.total_seconds()
    waiting = services.STALE_PENDING_AFTER.total_seconds()
    every = settings.CELERY_BEAT_SCHEDULE["reports-requeue-stale-jobs"]["schedule"]

    assert silent + every <= 60
    assert waiting + every <= 90
    # A sign of life is written several times within the silence allowed.
    assert settings.REPORTS_HEARTBEAT_SECONDS * 3 <= silent


def test_pieces_are_rows_and_the_last_one_done_assembles_the_job(
    chapters, django_capture_on_commit_callbacks
):
    job = request(django_capture_on_commit_callbacks)

    pieces = ReportSection.objects.filter(job=job)
    assert (job.status, job.error) == ("ready", "")
    assert sorted(pieces.values_list("index", "status", "attempts", "token")) == [
        (n, "done", 1, job.task_id) for n in range(3)
    ]
    assert "Chapitre 2" in pdf_text(job_pdf(job))


def test_a_lost_section_message_is_sent_again_and_the_job_completes(
    chapters, lose, django_capture_on_commit_callbacks
):
    lose.add(1)
    job = request(django_capture_on_commit_callbacks)
    assert job.status == "running"
    assert services.requeue_stale_jobs() == 0  # not yet past the bound

    ReportSection.objects.filter(job=job, index=1).update(**age(queued_at=True))
    requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    assert (requeued, job.status, job.attempts) == (1, "ready", 1)
    assert ReportSection.objects.get(job=job, index=1).attempts == 1
    assert job_pdf(job)[:5] == b"%PDF-"


def test_a_section_whose_worker_died_is_rendered_again_alone(
    chapters, lose, django_capture_on_commit_callbacks
):
    lose.add(2)
    job = request(django_capture_on_commit_callbacks)
    # The piece's worker claimed it, then died: running, silent.
    ReportSection.objects.filter(job=job, index=2).update(
        status="running", task_id="dead-task", attempts=1, **age(heartbeat_at=True)
    )
    done_before = dict(
        ReportSection.objects.filter(job=job, index__lt=2).values_list(
            "index", "result"
        )
    )

    requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    pieces = ReportSection.objects.filter(job=job)
    assert (requeued, job.status, job.attempts) == (1, "ready", 1)
    assert dict(pieces.values_list("index", "attempts")) == {0: 1, 1: 1, 2: 2}
    # The other pieces were not rendered again.
    assert (
        dict(pieces.filter(index__lt=2).values_list("index", "result")) == done_before
    )


def test_a_living_or_recently_queued_section_is_left_alone(
    chapters, lose, django_capture_on_commit_callbacks
):
    lose.update({1, 2})
    job = request(django_capture_on_commit_callbacks)
    ReportSection.objects.filter(job=job, index=2).update(
        status="running", task_id="alive", heartbeat_at=timezone.now()
    )
    # The job itself is silent: its pieces speak for it.
    ReportJob.objects.filter(pk=job.pk).update(**age(heartbeat_at=True))

    assert services.requeue_stale_jobs() == 0
    job.refresh_from_db()
    assert (job.status, job.task_id) == ("running", job.task_id)


def test_a_duplicate_section_message_renders_nothing_and_assembles_once(
    chapters, django_capture_on_commit_callbacks, monkeypatch
):
    job = request(django_capture_on_commit_callbacks)
    assemblies = []
    monkeypatch.setattr(
        services, "_send_assembly", lambda **kwargs: assemblies.append(kwargs)
    )

    again = services.render_section(
        job_id=job.pk, index=0, token=job.task_id, task_id="another"
    )

    assert (again, assemblies) == (None, [])
    assert ReportSection.objects.get(job=job, index=0).attempts == 1


def test_a_lost_assembly_is_sent_again_once_the_job_is_silent(
    chapters, django_capture_on_commit_callbacks, monkeypatch
):
    send_assembly = services._send_assembly
    monkeypatch.setattr(services, "_send_assembly", lambda **kwargs: True)
    job = request(django_capture_on_commit_callbacks)
    assert job.status == "running"
    assert not ReportSection.objects.filter(job=job).exclude(status="done").exists()
    monkeypatch.setattr(services, "_send_assembly", send_assembly)
    assert services.requeue_stale_jobs() == 0

    ReportJob.objects.filter(pk=job.pk).update(**age(heartbeat_at=True))
    requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    assert (requeued, job.status, job.attempts) == (1, "ready", 1)
    assert services.requeue_stale_jobs() == 0


def test_pieces_of_a_requeued_job_are_ignored(
    chapters, lose, django_capture_on_commit_callbacks
):
    lose.update({0, 1, 2})
    job = request(django_capture_on_commit_callbacks)
    old_token = job.task_id
    # The job is handed out again as a whole: a new claim, a new token.
    ReportJob.objects.filter(pk=job.pk).update(status="pending", task_id="")
    with django_capture_on_commit_callbacks(execute=True):
        services._send(str(job.pk), job.language)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("ready", 2)

    late = services.render_section(
        job_id=job.pk, index=0, token=old_token, task_id="late"
    )

    assert late is None
    assert set(
        ReportSection.objects.filter(job=job, token=old_token).values_list(
            "status", flat=True
        )
    ) == {"queued"}


def test_a_section_tried_too_often_fails_its_job_in_french(
    chapters, lose, django_capture_on_commit_callbacks
):
    lose.add(0)
    job = request(django_capture_on_commit_callbacks)
    ReportSection.objects.filter(job=job, index=0).update(
        status="running",
        attempts=services.MAX_ATTEMPTS,
        **age(heartbeat_at=True),
    )

    services.requeue_stale_jobs()

    job.refresh_from_db()
    assert job.status == "failed"
    assert "plusieurs tentatives" in job.error or "several attempts" in job.error


def test_a_silent_job_is_requeued_within_a_minute_not_twenty(card_job):
    ReportJob.objects.filter(pk=card_job.pk).update(
        status="running",
        task_id="dead",
        attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=90),
    )

    assert services.requeue_stale_jobs() == 1


@pytest.fixture
def card_job():
    return ReportJob.objects.create(
        kind="test-chapitres", object_id="0", fingerprint="x", language="fr"
    )


@pytest.mark.django_db(transaction=True)
def test_a_render_writes_signs_of_life_while_it_runs(card_job):
    ReportJob.objects.filter(pk=card_job.pk).update(
        status="running", heartbeat_at=timezone.now() - OLD
    )

    with services.keep_alive(job_id=card_job.pk, interval=0.05):
        time.sleep(0.4)

    card_job.refresh_from_db()
    assert timezone.now() - card_job.heartbeat_at < dt.timedelta(seconds=2)


def test_the_web_app_checks_kept_connections_before_using_them():
    database = settings.DATABASES["default"]

    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0


def test_pdf_work_has_its_own_queue_that_every_worker_consumes():
    """A backlog of e-mails no longer holds documents behind it."""
    from kombu import Queue

    from config.settings import celery as production

    assert production.CELERY_TASK_QUEUES == (Queue("celery"), Queue("reports"))
    assert production.CELERY_TASK_DEFAULT_QUEUE == "celery"
    assert production.CELERY_TASK_ROUTES == {"reports.*": {"queue": "reports"}}
