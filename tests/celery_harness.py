"""Start and stop a real Celery worker process for integration tests."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class LiveWorker:
    """A ``celery -A config worker`` subprocess consuming this test run's queue."""

    def __init__(self, *, pool: str = "solo", concurrency: int = 1):
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.pool = pool
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = Path(settings.VAR_DIR) / f"{self.name.split('@')[0]}.log"

    @property
    def hostname(self) -> str:
        import socket

        return self.name.replace("%h", socket.gethostname())

    def start(self, timeout: float = 120) -> "LiveWorker":
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "MAILLAGE_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
            "MAILLAGE_TEST_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "MAILLAGE_CELERY_EAGER": "0",
            "MAILLAGE_TEST_PRIVATE_DIR": str(settings.PRIVATE_MEDIA_ROOT),
        }
        if broker_dir := settings.CELERY_EMBEDDED_BROKER_DIR:
            env["MAILLAGE_TEST_BROKER_DIR"] = str(broker_dir)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "-n",
            self.name,
            "--pool",
            self.pool,
            "--concurrency",
            str(self.concurrency),
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
        ]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"Celery worker exited early:\n{self.log_path.read_text()}"
                    )
                # The worker logs "<name> ready." once it consumes its queue
                # and its control mailbox; reading that is cheaper and more
                # dependable under load than pinging in a loop.
                if f"{self.hostname} ready.".encode() in self.log_path.read_bytes():
                    return self
                time.sleep(0.2)
            raise RuntimeError(
                f"Celery worker did not answer in {timeout}s:\n{self.log_path.read_text()}"
            )
        except BaseException:
            self.stop()
            raise

    def kill(self) -> None:
        """Kill the worker at once (SIGKILL), as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # A test's worker is idle when it stops. A solo worker's warm
            # shutdown waits out the consumer's 2 s drain before it begins,
            # then takes as long again to exit: a second is all it gets (a
            # prefork worker gets its time, or its children would be orphans).
            self.process.terminate()
            try:
                self.process.wait(1 if self.pool == "solo" else 15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if getattr(self, "log", None):
            self.log.close()
