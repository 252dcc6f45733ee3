"""A whole throw-away stack on loopback, for the load and fault benchmarks.

Each piece is a subprocess of the benchmark, on ports of its own, in a
temporary folder: a PostgreSQL cluster (``initdb``), a Redis server, gunicorn
(``bench.harness.BenchServer``), Celery workers and beat, and an SMTP sink
that counts what leaves. The fault benchmark stops, kills and restarts them;
nothing here touches a server the benchmark did not start.

    with Stack(folder) as stack:          # PostgreSQL + Redis + SMTP sink
        stack.migrate()
        worker = stack.worker()           # celery -A config worker
        with stack.web() as server: ...   # gunicorn on this stack
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not happen within {timeout:.0f} s")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Postgres:
    """A PostgreSQL cluster of our own (``initdb`` in ``folder``)."""

    def __init__(self, folder: Path, port: int | None = None):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found and not shutil.which("initdb"):
            raise RuntimeError("No PostgreSQL binaries (initdb) found.")
        self.bin = Path(found[-1]).parent if found else None
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = port or free_port()
        # initdb refuses to run as root: the cluster then belongs to postgres.
        self.user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _cmd(self, name: str, *args: str) -> list[str]:
        binary = str(self.bin / name) if self.bin else name
        return [*self.user, binary, *args]

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            self._cmd(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c shared_buffers=128MB"
        )
        subprocess.run(
            self._cmd(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "pg.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"),
            check=False,
            capture_output=True,
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


class Redis:
    """A Redis server of our own, persisted as in docker-compose (AOF)."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        _wait(lambda: _answers(self.port), 30, "Redis start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class SmtpSink(socketserver.ThreadingTCPServer):
    """A mail server that keeps nothing but counts each message it accepts
    (by recipient and subject), so that a message sent twice shows."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.received: Counter = Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def _counts(self, domain: str) -> list[int]:
        with self.lock:
            return [
                count
                for (recipients, _subject), count in self.received.items()
                if any(domain in recipient for recipient in recipients)
            ]

    def total(self, domain: str = "@") -> int:
        """Messages received for recipients at ``domain``."""
        return sum(self._counts(domain))

    def duplicates(self, domain: str = "@") -> int:
        """Messages for recipients at ``domain`` received more than once."""
        return sum(count - 1 for count in self._counts(domain) if count > 1)


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._say("220 sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 sink")
            elif verb == "RCPT":
                recipients.append(line.decode("latin-1").strip().split(":", 1)[1])
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go on")
                subject = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    if data.lower().startswith(b"subject:") and not subject:
                        subject = data.decode("latin-1").strip()
                key = (tuple(sorted(recipients)), subject)
                with self.server.lock:
                    self.server.received[key] += 1
                recipients = []
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:  # MAIL, RSET, NOOP
                self._say("250 OK")


class Celery:
    """``celery -A config worker`` (or ``beat``) on this stack, in a process
    group of its own so that the whole of it can be killed at once."""

    def __init__(self, env: dict, log: Path, kind: str = "worker", concurrency=2):
        self.env, self.log_path, self.kind = env, log, kind
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> Celery:
        command = [sys.executable, "-m", "celery", "-A", "config"]
        if self.kind == "worker":
            command += [
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(self.concurrency),
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"bench-{time.monotonic_ns()}@%h",
            ]
        else:
            schedule = self.log_path.with_suffix(".schedule")
            command += ["beat", "-l", "info", "-s", str(schedule)]
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        start = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        marker = b" ready." if self.kind == "worker" else b"beat: Starting"
        _wait(
            lambda: (
                marker in self.log_path.read_bytes()[start:]
                or self.process.poll() is not None
            ),
            timeout,
            f"celery {self.kind} start",
        )
        if self.process.poll() is not None:
            raise RuntimeError(f"celery {self.kind} exited; see {self.log_path}")
        return self

    def children(self) -> list[int]:
        result = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in result.stdout.split()]

    def kill_child(self) -> int | None:
        """SIGKILL one pool process (the first), as the OOM killer would."""
        children = self.children()
        if children:
            os.kill(children[0], signal.SIGKILL)
            return children[0]
        return None

    def kill(self) -> None:
        """kill -9 the worker and every process of its group."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()


class Stack:
    """PostgreSQL, Redis and an SMTP sink of our own, and what runs on them."""

    def __init__(self, folder: Path, *, database: str = "maillage_bench"):
        self.folder = folder
        self.database = database
        self.postgres = Postgres(folder / "pg")
        self.redis = Redis(folder / "redis")
        self.smtp: SmtpSink | None = None
        self.processes: list = []

    def __enter__(self) -> Stack:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        (self.folder / "var" / "staticfiles").mkdir(parents=True)
        self.postgres.init()
        self.postgres.start()
        self.postgres.create_database(self.database)
        self.redis.start()
        self.smtp = SmtpSink()
        return self

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception as error:  # keep stopping the others
                print(f"could not stop {process}: {error}")
        if self.smtp:
            self.smtp.shutdown()
        self.redis.stop()
        self.postgres.stop("immediate")

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": self.postgres.url(self.database),
            "REDIS_URL": self.redis.url(),
            "MAILLAGE_VAR_DIR": str(self.folder / "var"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port if self.smtp else 25),
            "EMAIL_USE_TLS": "0",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
        )

    def setup_django(self) -> None:
        """Migrate, then set Django up in this process on this stack."""
        self.manage("migrate", "--no-input", "-v", "0")
        os.environ.update(
            {
                key: self.env[key]
                for key in (
                    "DJANGO_SETTINGS_MODULE",
                    "DATABASE_URL",
                    "REDIS_URL",
                    "MAILLAGE_VAR_DIR",
                    "EMAIL_HOST",
                    "EMAIL_PORT",
                    "EMAIL_USE_TLS",
                )
            }
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def celery(self, kind: str = "worker", *, concurrency: int = 2, name="") -> Celery:
        log = self.folder / f"{name or kind}.log"
        process = Celery(self.env, log, kind, concurrency).start()
        self.processes.append(process)
        return process

    def web(self, **kwargs):
        from bench.harness import BenchServer

        server = BenchServer(env=self.env, **kwargs)
        return server
