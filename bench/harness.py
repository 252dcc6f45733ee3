"""Shared benchmark harness: a gunicorn server on PostgreSQL and concurrent clients.

Benchmarks compare a page of ours with a baseline measured in the same run, on
the same machine, so that the printed ratio means something anywhere:

    from bench.harness import BenchServer, compare_load, setup_django

    setup_django()                      # Django in this process, on the bench database
    ... create the objects the pages need with the ORM ...
    with BenchServer() as server:
        comparison = compare_load(
            server,
            baseline=(baseline_request, baseline_setup),
            ours=(my_request, my_setup),
            label="registrations",
        )
    print(comparison.report())

``baseline_request`` (below) posts to ``/bench/baseline/``, a bare Django view
that inserts one row. A request function takes ``(client, n)``, where ``client``
is an ``HttpClient`` with its own cookies (one per simulated phone) and ``n``
counts that client's requests, and returns True when the response is a success.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench"
# Production runs with Redis as the cache (and broker); so do the benchmarks
# when a Redis answers here. BENCH_REDIS_URL="" runs them without it.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def bench_environ(database_url: str | None = None) -> dict[str, str]:
    url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if redis_url and _redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def _create_database(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(
    database_url: str | None = None, *, flush: bool = True
) -> dict[str, str]:
    """Create (PostgreSQL) and migrate the bench database; return the server env."""
    env = bench_environ(database_url)
    _create_database(env["DATABASE_URL"])
    (ROOT / "var" / "staticfiles").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if flush:
        subprocess.run(
            [sys.executable, "manage.py", "flush", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    return env


def setup_django(database_url: str | None = None, *, flush: bool = True) -> None:
    """Prepare the bench database, then set Django up in this process on it."""
    env = prepare_database(database_url, flush=flush)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    if "REDIS_URL" in env:
        os.environ["REDIS_URL"] = env["REDIS_URL"]
    else:
        os.environ.pop("REDIS_URL", None)
    print(f"cache and broker: {env.get('REDIS_URL') or 'in-process (no Redis)'}")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if flush:
        # The cache names rows of the database just emptied (the consent
        # text in force, snapshots): a stale one would break every insert.
        from django.core.cache import cache

        cache.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BenchServer:
    """gunicorn serving the project with bench settings on a free local port."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        threads: int | None = None,
        database_url: str | None = None,
        env: dict | None = None,
    ):
        self.port = _free_port()
        self.workers = workers or int(os.environ.get("BENCH_WORKERS", "4"))
        self.threads = threads or int(os.environ.get("BENCH_THREADS", "4"))
        self.env = {**bench_environ(database_url), **(env or {})}
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def __enter__(self) -> BenchServer:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "--keep-alive",
            "75",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                client = HttpClient(self)
                if client.get("/bench/baseline/").status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class HttpClient:
    """One simulated browser: a keep-alive connection and its own cookies."""

    def __init__(self, server: BenchServer):
        self.host, self.port = server.address
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookies: dict[str, str] = {}
        self._idle_since = 0.0

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def _request(
        self, method: str, path: str, body: bytes | None = None, headers=None
    ) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if (
            method != "GET"
            and self._idle_since
            and time.monotonic() - self._idle_since > 1.0
        ):
            # A POST is never retried (it could be stored twice), so renew a
            # connection the server may have closed while it was idle.
            self._reconnect()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            if method != "GET":
                self._reconnect()
                raise
            self._reconnect()
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
        data = raw.read()
        self._idle_since = time.monotonic()
        for value in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return Response(raw.status, data, {k.lower(): v for k, v in raw.getheaders()})

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, data: dict | list[tuple[str, str]]) -> Response:
        """POST a form with the CSRF token of this client's cookie."""
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        if "csrftoken" in self.cookies:
            fields.append(("csrfmiddlewaretoken", self.cookies["csrftoken"]))
        body = urllib.parse.urlencode(fields).encode()
        return self._request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )


@dataclass
class LoadResult:
    label: str
    seconds: float
    successes: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.successes / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    def summary(self) -> str:
        return (
            f"{self.label}: {self.successes} ok, {self.errors} errors in {self.seconds:.1f}s "
            f"= {self.throughput:.1f}/s, p50 {self.percentile(0.5) * 1000:.0f} ms, "
            f"p95 {self.percentile(0.95) * 1000:.0f} ms"
        )

    def report(self, baseline: LoadResult) -> str:
        ratio = self.throughput / baseline.throughput if baseline.throughput else 0.0
        return f"{baseline.summary()}\n{self.summary()}\nratio {self.label} / {baseline.label}: {ratio:.2f}"

    @property
    def mean_latency(self) -> float:
        return statistics.fmean(self.latencies) if self.latencies else 0.0


def run_load(
    server: BenchServer,
    request,
    *,
    clients: int = 50,
    seconds: float = 30.0,
    label: str = "",
    setup=None,
) -> LoadResult:
    """Run ``clients`` concurrent clients for ``seconds``; each calls ``request(client, n)``.

    ``setup(client)`` runs once per client before the clock starts (e.g. to
    fetch the form and its CSRF cookie). The loop is bounded in time.
    """
    result = LoadResult(label or getattr(request, "__name__", "load"), seconds)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(index: int) -> None:
        client = HttpClient(server)
        if setup:
            setup(client)
        ready.wait()
        n = 0
        while time.monotonic() < stop_at[0]:
            started = time.monotonic()
            try:
                ok = request(client, n)
                problem = None if ok else "unexpected response"
            except Exception as error:  # a failed request is counted, not fatal
                ok, problem = False, repr(error)
            elapsed = time.monotonic() - started
            with lock:
                if ok:
                    result.successes += 1
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(problem)
            n += 1

    threads = [
        threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + seconds + 3600  # not started yet
    ready.wait()
    begin = time.monotonic()
    stop_at[0] = begin + seconds
    for thread in threads:
        thread.join(seconds + 60)
    result.seconds = time.monotonic() - begin
    return result


def baseline_setup(client: HttpClient) -> None:
    client.get("/bench/baseline/")


def baseline_request(client: HttpClient, n: int) -> bool:
    return client.post("/bench/baseline/", {"n": str(n)}).status == 201


@dataclass
class Comparison:
    """Ours against the baseline, measured in alternating rounds."""

    baseline: LoadResult
    ours: LoadResult
    round_ratios: list[float]
    warmup_successes: int  # ours, not measured (their rows are stored too)

    @property
    def ratio(self) -> float:
        if not self.baseline.throughput:
            return 0.0
        return self.ours.throughput / self.baseline.throughput

    def report_figure(self, name: str, *, aim: float | None = 0.5) -> None:
        """The table's row (``bench.figures``): our throughput against the
        baseline's, aim a ratio of at least ``aim``."""
        from bench.figures import report_figure

        report_figure(
            name,
            figure=self.ours.throughput,
            baseline=self.baseline.throughput,
            unit="req/s",
            aim=aim,
        )

    def report(self) -> str:
        rounds = ", ".join(f"{ratio:.2f}" for ratio in self.round_ratios)
        return (
            f"{self.baseline.summary()}\n{self.ours.summary()}\n"
            f"ratio per round: {rounds}\n"
            f"ratio {self.ours.label} / {self.baseline.label}: {self.ratio:.2f}"
        )


def _merge(label: str, results: list[LoadResult]) -> LoadResult:
    merged = LoadResult(label, sum(result.seconds for result in results))
    for result in results:
        merged.successes += result.successes
        merged.errors += result.errors
        merged.latencies += result.latencies
        merged.error_samples += result.error_samples[: 5 - len(merged.error_samples)]
    return merged


def compare_load(
    server: BenchServer,
    *,
    baseline: tuple,
    ours: tuple,
    label: str,
    clients: int = 50,
    seconds: float = 30.0,
    rounds: int = 3,
    warmup: float = 3.0,
) -> Comparison:
    """Run ``ours`` against ``baseline`` (each a ``(request, setup)`` pair).

    Both are warmed up first (a fresh gunicorn is slower for its first
    seconds), then alternate in ``rounds`` rounds sharing ``seconds`` each,
    so that a slower moment of the machine weighs on both alike. The ratio is
    that of the total throughputs; the ratio of each round shows the spread.
    """
    (base_request, base_setup), (our_request, our_setup) = baseline, ours
    run = partial(run_load, server, clients=clients)
    run(base_request, setup=base_setup, seconds=warmup)
    warm = run(our_request, setup=our_setup, seconds=warmup)
    base_rounds, our_rounds = [], []
    for _round in range(rounds):
        base_rounds.append(
            run(base_request, setup=base_setup, seconds=seconds / rounds)
        )
        our_rounds.append(run(our_request, setup=our_setup, seconds=seconds / rounds))
    return Comparison(
        baseline=_merge("baseline (one-row insert)", base_rounds),
        ours=_merge(label, our_rounds),
        round_ratios=[
            ours.throughput / base.throughput if base.throughput else 0.0
            for base, ours in zip(base_rounds, our_rounds, strict=True)
        ],
        warmup_successes=warm.successes,
    )


def published_event(*, slug: str, title: str, organiser: str):
    """An event open for registration in 30 days, with lunch: the public
    pages' subject in the benchmarks (parts are added by each script)."""
    import datetime as dt

    from django.utils import timezone

    from events.models import Event
    from partners.models import Organisation

    starts_at = timezone.now() + dt.timedelta(days=30)
    return Event.objects.create(
        title=title,
        slug=slug,
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=8),
        organiser=Organisation.objects.create(name=organiser),
        is_registration_open=True,
        offers_lunch=True,
    )
