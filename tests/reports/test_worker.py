"""Jobs rendered by a real Celery worker process, including one that dies."""

import datetime as dt
import os
import signal
import subprocess
import time

import pytest

from reports import services
from reports.models import ReportJob
from tests.factories import (
    AudienceFactory,
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
)

from .conftest import job_pdf, pdf_text

pytestmark = pytest.mark.integration


def wait_for(job, statuses, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status} after {timeout}s")


def directory(size):
    audience = AudienceFactory(name="Seniors")
    for number in range(size):
        organisation = OrganisationFactory(name=f"Club des aînés n° {number:04d}")
        organisation.audiences.add(audience)
        MembershipFactory(organisation=organisation)


def child_pids(pid: int) -> list[int]:
    result = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in result.stdout.split()]


def test_live_worker_renders_the_aide_memoire(live_worker):
    directory(3)

    job = services.request_report(
        kind="aide-memoire", obj=None, user=CoordinatorFactory()
    )
    wait_for(job, {"ready", "failed"})

    assert (job.status, job.error, job.attempts) == ("ready", "", 1)
    assert "Club des aînés n° 0002" in pdf_text(job_pdf(job))


def test_job_completes_after_its_worker_child_is_killed_mid_render(transactional_db):
    """The prefork child dies; the message comes back (acks_late) and the
    same task id claims the running job again."""
    from config.celery import app
    from tests.celery_harness import LiveWorker

    directory(240)
    worker = LiveWorker(pool="prefork", concurrency=1).start()
    app.conf.task_always_eager = False
    try:
        job = services.request_report(
            kind="aide-memoire", obj=None, user=CoordinatorFactory()
        )
        wait_for(job, {"running"}, timeout=60)
        time.sleep(1.5)  # inside WeasyPrint by now
        for pid in child_pids(worker.process.pid):
            os.kill(pid, signal.SIGKILL)

        wait_for(job, {"ready", "failed"}, timeout=240)
    finally:
        app.conf.task_always_eager = True
        worker.stop()

    assert (job.status, job.error) == ("ready", "")
    # With Redis the pieces go to section tasks: the killed one is redone,
    # the job itself is claimed once; otherwise the job task is redone.
    assert job.attempts == (1 if services.parallel_sections_enabled() else 2)
    assert job_pdf(job)[:5] == b"%PDF-"


def test_job_completes_when_a_new_worker_replaces_a_killed_one(transactional_db):
    """The whole worker dies mid-render; the periodic requeue hands the stale
    "running" job to the worker started in its place."""
    from config.celery import app
    from tests.celery_harness import LiveWorker

    directory(240)
    first = LiveWorker().start()
    app.conf.task_always_eager = False
    second = None
    try:
        job = services.request_report(
            kind="aide-memoire", obj=None, user=CoordinatorFactory()
        )
        wait_for(job, {"running"}, timeout=60)
        time.sleep(1.5)
        first.kill()
        job.refresh_from_db()
        assert job.status == "running"

        second = LiveWorker().start()
        requeued = services.requeue_stale_jobs(running_after=dt.timedelta(0))
        wait_for(job, {"ready", "failed"}, timeout=240)
    finally:
        app.conf.task_always_eager = True
        first.stop()
        if second is not None:
            second.stop()

    assert (job.status, job.error) == ("ready", "")
    if services.parallel_sections_enabled():
        # With Redis the pieces are section tasks: the piece the dead worker
        # was rendering is sent again, and the one it had prefetched when
        # there was one (its message stays unacknowledged in Redis until the
        # visibility timeout); the job itself, claimed once, is assembled
        # when they are done.
        assert 1 <= requeued <= 2 and job.attempts == 1
    else:
        assert (requeued, job.attempts) == (1, 2)
    assert ReportJob.objects.count() == 1
