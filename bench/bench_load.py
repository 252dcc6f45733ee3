"""A plenary's phones at once: registrations and questionnaire answers under load.

The whole production shape on loopback, started by this script on ports of
its own (``bench/_stack.py``): a PostgreSQL cluster (``initdb``), Redis,
gunicorn, a Celery worker and beat, and an SMTP sink. N clients (300 by
default, for 60 s) each behave as a phone: GET the form (its CSRF cookie and
one-time key), POST it, and again, alternating a public registration and a
satisfaction questionnaire's answers.

Printed: the 5xx count (aim: zero), the rows stored against the successful
POSTs (registrations and responses: equal), p50/p95 latencies, throughput,
and the same pattern against the one-row baseline view at the same
concurrency, measured first in the same run; then the confirmation e-mails
the worker sent (none twice). The figures join ``./dev bench``'s table.

    .venv/bin/python bench/bench_load.py                    # 300 clients, 60 s
    .venv/bin/python bench/bench_load.py --clients 50 --seconds 15
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._stack import Stack  # noqa: E402
from bench.figures import report_figure  # noqa: E402
from bench.harness import HttpClient  # noqa: E402

KEY = re.compile(rb'name="submission_key"[^>]*value="([^"]+)"')


@dataclass
class Tally:
    """What the clients saw, request by request."""

    latencies: list[float] = field(default_factory=list)
    by_request: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    stored: dict[str, int] = field(default_factory=dict)  # successful POSTs
    failures: list[str] = field(default_factory=list)
    broken: int = 0  # connection errors and timeouts: no status at all
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, elapsed: float, key: str) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(elapsed)
            self.by_request.setdefault(key, []).append(elapsed)

    def success(self, kind: str) -> None:
        with self.lock:
            self.stored[kind] = self.stored.get(kind, 0) + 1

    def fail(self, problem: str) -> None:
        with self.lock:
            if len(self.failures) < 5:
                self.failures.append(problem)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    def summary(self, label: str) -> str:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{label}: {self.requests} requests in {self.seconds:.1f} s = "
            f"{self.throughput:.1f}/s, p50 {self.percentile(0.5) * 1000:.0f} ms, "
            f"p95 {self.percentile(0.95) * 1000:.0f} ms, max "
            f"{self.percentile(1.0) * 1000:.0f} ms; statuses {{{statuses}}}, "
            f"5xx {self.server_errors}, no answer {self.broken}\n  p95 by request: "
            + ", ".join(
                f"{key} {sorted(times)[int(0.95 * len(times))] * 1000:.0f} ms"
                for key, times in self.by_request.items()
            )
        )


def timed(tally: Tally, request, path: str, *args):
    started = time.monotonic()
    response = request(path, *args)
    kind = "GET" if request.__name__ == "get" else "POST"
    tally.add(response.status, time.monotonic() - started, f"{kind} {path}")
    return response


class Scenario:
    """The objects the phones use: a published event and a questionnaire."""

    def __init__(self):
        from bench.bench_questionnaire import answer_fields, make_questionnaire
        from bench.bench_registration import SLUG, create_event

        self.event, self.part_ids = create_event()
        self.slug = SLUG
        self.questionnaire = make_questionnaire("Bench plénière")
        self.questions = list(self.questionnaire.questions.all())
        self.answer_url = self.questionnaire.get_public_url()
        self.answer_fields = answer_fields

    def register(self, client, tally: Tally, label: str) -> None:
        url = f"/e/{self.slug}/inscription/"
        timed(tally, client.get, url)
        fields = [
            ("first_name", "Camille"),
            ("last_name", f"Téléphone {label}"),
            ("email", f"{label}@example.org"),
            ("organisation_name", "Association de la plénière"),
            ("status", "benevole"),
            ("wants_lunch", "on"),
            ("consent", "on"),
        ] + [("parts", str(pk)) for pk in self.part_ids]
        response = timed(tally, client.post, url, fields)
        if response.status == 302 and "/inscription/" in response.headers.get(
            "location", ""
        ):
            tally.success("registrations")
        else:
            tally.fail(f"registration: {response.status} {response.text[:200]!r}")

    def answer(self, client, tally: Tally, label: str) -> None:
        import random

        page = timed(tally, client.get, self.answer_url)
        found = KEY.search(page.body)
        key = found.group(1).decode() if found else secrets.token_urlsafe(24)
        rng = random.Random(label)  # noqa: S311 - load generation
        fields = [*self.answer_fields(self.questions, rng), ("submission_key", key)]
        response = timed(tally, client.post, self.answer_url, fields)
        if response.status == 302:
            tally.success("responses")
        else:
            tally.fail(f"answer: {response.status} {response.text[:200]!r}")

    def baseline(self, client, tally: Tally, label: str) -> None:
        timed(tally, client.get, "/bench/baseline/")
        response = timed(tally, client.post, "/bench/baseline/", {"n": label})
        if response.status == 201:
            tally.success("baseline rows")

    def stored(self) -> dict[str, int]:
        from evaluations.models import Response
        from events.models import Registration

        return {
            "registrations": Registration.objects.filter(event=self.event).count(),
            "responses": Response.objects.filter(
                questionnaire=self.questionnaire
            ).count(),
        }


def run_phones(server, actions, *, clients: int, seconds: float) -> Tally:
    """``clients`` threads, each a phone doing ``actions`` in turn until the
    time is up; returns what they saw."""
    tally = Tally()
    ready = threading.Barrier(clients + 1)
    stop_at = [float("inf")]

    def phone(index: int) -> None:
        client = HttpClient(server)
        ready.wait()
        n = 0
        while time.monotonic() < stop_at[0]:
            action = actions[(index + n) % len(actions)]
            try:
                action(client, tally, f"p{index}-{n}-{secrets.token_hex(3)}")
            except Exception as error:  # no answer: counted, not fatal
                with tally.lock:
                    tally.broken += 1
                tally.fail(repr(error))
                client._reconnect()
            n += 1

    threads = [
        threading.Thread(target=phone, args=(i,), daemon=True) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    begin = time.monotonic()
    stop_at[0] = begin + seconds
    for thread in threads:
        thread.join(seconds + 90)
    tally.seconds = time.monotonic() - begin
    return tally


def wait_for_outbox(seconds: float) -> dict[str, int]:
    """Let beat and the worker send the confirmations; the outbox by status."""
    from django.db.models import Count

    from core.models import OutboundMail
    from events.models import Registration

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        waiting = Registration.objects.filter(confirmation_pending=True).exists()
        unsent = OutboundMail.objects.exclude(status=OutboundMail.Status.SENT)
        if not waiting and not unsent.exists():
            break
        time.sleep(1)
    return dict(
        OutboundMail.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "300"))
    )
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "60"))
    )
    parser.add_argument(
        "--baseline-seconds",
        type=float,
        default=None,
        help="the one-row baseline's run (default: a quarter, at least 5 s)",
    )
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--drain", type=float, default=60.0, help="seconds to wait for the e-mails"
    )
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args(argv)
    baseline_seconds = args.baseline_seconds or max(5.0, args.seconds / 4)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="maillage-load-"))

    with Stack(folder) as stack:
        stack.setup_django()
        print(
            f"stack in {folder}: PostgreSQL :{stack.postgres.port}, Redis "
            f":{stack.redis.port}, SMTP sink :{stack.smtp.port}",
            flush=True,
        )
        scenario = Scenario()
        stack.celery("worker")
        stack.celery("beat")
        with stack.web() as server:
            phones = [scenario.register, scenario.answer]
            warm = run_phones(
                server, phones, clients=min(args.clients, 50), seconds=args.warmup
            )
            base = run_phones(
                server,
                [scenario.baseline],
                clients=args.clients,
                seconds=baseline_seconds,
            )
            ours = run_phones(
                server, phones, clients=args.clients, seconds=args.seconds
            )
        stored = scenario.stored()
        outbox = wait_for_outbox(args.drain)
        smtp_total, smtp_duplicates = stack.smtp.total(), stack.smtp.duplicates()

    successes = {
        kind: warm.stored.get(kind, 0) + ours.stored.get(kind, 0)
        for kind in ("registrations", "responses")
    }
    label = f"{args.clients} phones, registrations + answers"
    print(base.summary(f"{args.clients} phones, one-row baseline"))
    print(ours.summary(label))
    print(f"failures (first five): {ours.failures}")
    for kind in successes:
        print(f"{kind}: {stored[kind]} stored, {successes[kind]} successful POSTs")
    print(
        f"outbox after {args.drain:.0f} s: {outbox}; e-mails received by the "
        f"SMTP sink: {smtp_total}, sent twice: {smtp_duplicates}"
    )
    throughput_ratio = ours.throughput / base.throughput if base.throughput else 0
    print(f"throughput ratio against the baseline: {throughput_ratio:.2f}")
    report_figure(
        f"{label}: requests/s vs one-row insert",
        figure=ours.throughput,
        baseline=base.throughput,
        unit="req/s",
        aim=0.5,
    )
    report_figure(
        f"{label}: p95 vs one-row insert",
        figure=ours.percentile(0.95) * 1000,
        baseline=base.percentile(0.95) * 1000,
        unit="ms",
        aim=2,
        higher_is_better=False,
    )
    report_figure(
        f"{label}: 5xx and unanswered",
        figure=ours.server_errors + ours.broken + warm.server_errors + warm.broken,
        baseline=None,
        unit="",
        aim=0,
        higher_is_better=False,
        aim_of="figure",
    )
    mismatch = sum(abs(stored[kind] - successes[kind]) for kind in successes)
    report_figure(
        f"{label}: rows stored ≠ successes",
        figure=mismatch,
        baseline=None,
        unit="",
        aim=0,
        higher_is_better=False,
        aim_of="figure",
    )
    ok = (
        ours.server_errors == 0
        and ours.broken == 0
        and mismatch == 0
        and smtp_duplicates == 0
        and ours.requests > 0
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
