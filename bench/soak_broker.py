"""Soak the embedded broker: does a worker on it lose a message or die?

``./dev run`` without Redis runs a worker with its beat on an embedded broker.
The filesystem broker used before died by itself (``JSONDecodeError``: the
worker read a message file that was still being written). This script runs
the same shape for N minutes on the broker the settings choose:

- a beat process sends a task every 0.1 s,
- this process sends one every 0.1 s too, as the web process does,
- a worker (prefork, 2 processes, late acknowledgement) runs them; each run
  writes its message id to ``received.log``, each publication to ``sent.log``.

Then it stops the senders, lets the worker drain, and prints what was sent,
received, lost and duplicated, and how often the worker or the beat died
(each is restarted, so that one crash does not hide the next). It exits 1 on
any loss, crash or failed publication.

    python bench/soak_broker.py                 # 10 minutes, the embedded broker
    python bench/soak_broker.py --minutes 1 --broker filesystem   # the old one
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from celery import Celery  # noqa: E402
from celery.signals import after_task_publish  # noqa: E402

from config.settings.celery import (  # noqa: E402
    EMBEDDED_BROKER_OPTIONS,
    embedded_broker_urls,
)

BROKERS = ("sqlite", "filesystem")
# Not the current app: imported by the test suite, it must not take the
# place of the project's (config.celery), whose shared tasks would follow it.
app = Celery("soak", set_as_current=False)
settings = {"folder": None}


def configure(folder: Path, broker: str, interval: float) -> None:
    """Point the soak's Celery app at ``broker`` in ``folder``."""
    settings["folder"] = folder
    if broker == "filesystem":
        queue = str(folder / "queue")
        for sub in ("queue", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        broker_url, options = (
            "filesystem://",
            {
                "data_folder_in": queue,
                "data_folder_out": queue,
                "control_folder": str(folder / "control"),
                "store_processed": False,
            },
        )
    else:
        broker_url, _results = embedded_broker_urls(folder)
        options = EMBEDDED_BROKER_OPTIONS
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=options,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="soak",
        beat_schedule={"soak-tick": {"task": "soak.tick", "schedule": interval}},
        beat_max_loop_interval=interval,
        broker_connection_retry_on_startup=True,
    )


def _append(name: str, line: str) -> None:
    # One small write in append mode: lines from several processes never mix.
    with open(settings["folder"] / name, "a") as log:
        log.write(f"{line}\n")


@app.task(bind=True, name="soak.tick")
def tick(self, origin: str = "beat") -> None:
    _append("received.log", f"{self.request.id} {origin}")


@after_task_publish.connect
def _record_sent(sender=None, headers=None, **kwargs):
    if sender == "soak.tick" and settings["folder"] is not None:
        _append("sent.log", headers["id"])


if os.environ.get("SOAK_DIR"):  # a worker or beat started by soak()
    configure(
        Path(os.environ["SOAK_DIR"]),
        os.environ["SOAK_BROKER"],
        float(os.environ["SOAK_INTERVAL"]),
    )


class Child:
    """A celery worker or beat process, restarted when it dies."""

    def __init__(self, kind: str, folder: Path, env: dict):
        self.kind, self.folder, self.env = kind, folder, env
        self.crashes: list[str] = []
        self.starts = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.starts += 1
        self.log_path = self.folder / f"{self.kind}-{self.starts}.log"
        command = [sys.executable, "-m", "celery", "-A", "bench.soak_broker"]
        if self.kind == "worker":
            command += [
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ]
        else:
            command += ["beat", "-s", str(self.folder / "beat-schedule"), "-l", "info"]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while b" ready." not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The worker did not start:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-15:])

    def watch(self) -> None:
        """Restart the process if it died, noting why."""
        if self.process.poll() is not None:
            self.crashes.append(f"exit {self.process.returncode}:\n{self.tail()}")
            self.log.close()
            self.start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()

    def errors(self) -> int:
        """Tracebacks written by every run of this process."""
        return sum(
            path.read_text(errors="replace").count("Traceback")
            for path in self.folder.glob(f"{self.kind}-*.log")
        )


def _lines(folder: Path, name: str) -> list[list[str]]:
    path = folder / name
    return (
        [line.split() for line in path.read_text().splitlines()]
        if path.exists()
        else []
    )


def _ids(folder: Path, name: str) -> list[str]:
    return [line[0] for line in _lines(folder, name)]


def soak(
    seconds: float,
    *,
    folder: Path,
    broker: str = "sqlite",
    interval: float = 0.1,
    drain_seconds: float = 60,
) -> dict:
    """Run the soak and return its figures."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    configure(folder, broker, interval)
    env = {
        **os.environ,
        "SOAK_DIR": str(folder),
        "SOAK_BROKER": broker,
        "SOAK_INTERVAL": str(interval),
    }
    worker, beat = Child("worker", folder, env), Child("beat", folder, env)
    worker.start()
    worker.wait_ready()
    beat.start()
    publish_errors: list[str] = []
    stop = threading.Event()

    def web():
        while not stop.wait(interval):
            try:
                tick.apply_async(kwargs={"origin": "web"})
            except Exception as error:  # counted and reported, not hidden
                publish_errors.append(repr(error))

    sender = threading.Thread(target=web, daemon=True)
    sender.start()
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            time.sleep(1)
            worker.watch()
            beat.watch()
        stop.set()
        sender.join(10)
        beat.stop()
        sent = set(_ids(folder, "sent.log"))
        deadline = time.monotonic() + drain_seconds
        while time.monotonic() < deadline:
            worker.watch()
            if sent <= set(_ids(folder, "received.log")):
                break
            time.sleep(0.5)
    finally:
        stop.set()
        worker.stop()
        beat.stop()
    runs = _lines(folder, "received.log")
    received = [run[0] for run in runs]
    return {
        "broker": broker,
        "seconds": round(time.monotonic() - started),
        "sent": len(sent),
        "received": len(set(received)),
        "received_from_beat": sum(run[1] == "beat" for run in runs),
        "lost": len(sent - set(received)),
        "duplicated": len(received) - len(set(received)),
        "worker_crashes": worker.crashes,
        "beat_crashes": beat.crashes,
        "tracebacks": worker.errors() + beat.errors(),
        "publish_errors": publish_errors,
    }


def failed(figures: dict) -> bool:
    return bool(
        figures["lost"]
        or figures["worker_crashes"]
        or figures["beat_crashes"]
        or figures["tracebacks"]
        or figures["publish_errors"]
        or not figures["sent"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--broker", choices=BROKERS, default="sqlite")
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--folder", type=Path, default=ROOT / "var" / "soak-broker")
    options = parser.parse_args()
    figures = soak(
        options.minutes * 60,
        folder=options.folder,
        broker=options.broker,
        interval=options.interval,
    )
    print(
        f"{figures['broker']} broker, {figures['seconds']} s: "
        f"sent {figures['sent']}, received {figures['received']} "
        f"({figures['received_from_beat']} from beat), "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}, "
        f"worker crashes {len(figures['worker_crashes'])}, "
        f"beat crashes {len(figures['beat_crashes'])}, "
        f"tracebacks {figures['tracebacks']}, "
        f"failed publications {len(figures['publish_errors'])}"
    )
    for crash in figures["worker_crashes"] + figures["beat_crashes"]:
        print(crash)
    return 1 if failed(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
