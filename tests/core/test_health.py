import shutil
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.urls import reverse

from config.celery import app
from core.queue import send_task
from core.tasks import count_users_task
from tests.factories import UserFactory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_url(monkeypatch):
    """Point the health check's broker probe at another broker for one test."""

    def use(url):
        monkeypatch.setattr("core.health.broker_url", lambda: url)

    return use


@pytest.mark.integration
def test_task_runs_on_live_worker_and_sees_database(live_worker):
    UserFactory.create_batch(3)

    result = count_users_task.delay()

    assert result.get(timeout=30) == 3


@pytest.mark.integration
def test_healthz_is_200_when_database_broker_and_worker_answer(client, live_worker):
    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 200
    assert (body["database"]["ok"], body["broker"]["ok"], body["workers"]["ok"]) == (
        True,
        True,
        True,
    )
    assert live_worker.hostname in body["workers"]["detail"]


@pytest.mark.django_db
def test_healthz_is_503_naming_the_broker_when_it_is_stopped(client, broker_url):
    port = _free_port()
    server = None
    if shutil.which("redis-server"):
        server = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        broker_url(f"redis://127.0.0.1:{port}/0")
        for _ in range(50):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        running = client.get(reverse("healthz")).json()
        assert running["broker"] == {"ok": True, "detail": "redis"}
        server.terminate()
        server.wait(10)
    else:
        broker_url(f"redis://127.0.0.1:{port}/0")  # nothing listens there

    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["broker", "workers"]
    assert body["broker"]["error"].startswith(f"redis://127.0.0.1:{port}/0: ")
    assert body["database"] == {"ok": True}
    assert body["workers"] == {"ok": False, "error": "broker unavailable"}


@pytest.mark.django_db
def test_healthz_is_503_naming_the_embedded_broker_when_its_file_cannot_open(
    client, broker_url, tmp_path, monkeypatch
):
    from config.settings.celery import EMBEDDED_BROKER_OPTIONS

    missing = f"sqla+sqlite:///{tmp_path}/no-such-folder/broker.sqlite3"
    broker_url(missing)
    # The embedded broker's options, also in the run on Redis.
    monkeypatch.setitem(app.conf, "broker_transport_options", EMBEDDED_BROKER_OPTIONS)

    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["broker", "workers"]
    assert body["broker"]["ok"] is False
    assert body["broker"]["error"].startswith(f"{missing}: ")
    assert "unable to open database file" in body["broker"]["error"]


@pytest.mark.django_db
def test_healthz_hides_the_broker_password_when_naming_it(client, broker_url):
    broker_url(f"redis://:s3cret@127.0.0.1:{_free_port()}/0")

    body = client.get(reverse("healthz")).json()

    assert body["broker"]["error"].startswith("redis://:**@127.0.0.1:")
    assert "s3cret" not in body["broker"]["error"]


def test_send_task_reports_failure_instead_of_raising_when_broker_is_down():
    dead = Celery("dead", broker=f"redis://127.0.0.1:{_free_port()}/0")
    dead.conf.task_publish_retry_policy = app.conf.task_publish_retry_policy

    @dead.task(name="dead.noop")
    def noop():
        return None

    started = time.monotonic()
    sent = send_task(noop)

    assert sent is False
    assert time.monotonic() - started < 5
