"""Faults during PDF jobs and public traffic: does everything come back, once?

On a stack of its own (``bench/_stack.py``: PostgreSQL from ``initdb``, Redis
with its append-only file as in docker-compose, gunicorn, a Celery worker of
two processes, one beat, an SMTP sink), each scenario asks for PDF jobs (long
directory memos cut in pieces spread over the workers, and meeting minutes
e-mailed to their attendees through the outbox), then:

1. ``redis``: stops Redis mid-jobs for ``--outage`` seconds, starts it again;
2. ``child``: kills one of the worker's pool processes (SIGKILL) mid-job;
3. ``worker``: kills the whole worker (kill -9 of its process group) mid-job
   and starts a new one;
4. ``postgres``: restarts PostgreSQL (down ``--outage`` seconds) while
   phones register on gunicorn and jobs render.

For each it prints the time from the end of the fault until every job is
ready (aim: under two minutes), the jobs ready, failed or doubled (a job
row or PDF file twice), the e-mails received against those expected and
those received twice (aim: none); for ``postgres``, the 5xx while the
database was down and after it came back (aim: none after), and the rows
stored against the successful registrations. Exits 1 on any miss.

    .venv/bin/python bench/bench_faults.py                      # all four
    .venv/bin/python bench/bench_faults.py redis worker --organisations 150
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._stack import Stack  # noqa: E402
from bench.figures import report_figure  # noqa: E402

SCENARIOS = ("redis", "child", "worker", "postgres")
RECOVERY_AIM = 120.0  # seconds
ATTENDEES = 3
MINUTES_DOMAIN = "@compte-rendu.example.org"  # the minutes' recipients


def retrying(function, *args, within: float = 60, **kwargs):
    """Call ``function`` on the database, through a restart of it."""
    from django.db import DatabaseError, connection

    deadline = time.monotonic() + within
    while True:
        try:
            return function(*args, **kwargs)
        except DatabaseError:
            connection.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@dataclass
class Outcome:
    scenario: str
    jobs: int = 0
    ready: int = 0
    failed: list[str] = field(default_factory=list)
    doubled: int = 0
    recovery: float | None = None  # seconds from the fault's end to all ready
    mails_expected: int = 0
    mails_received: int = 0
    mails_twice: int = 0
    pieces_redone: int = 0
    max_attempts: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.ready == self.jobs
            and not self.doubled
            and self.recovery is not None
            and self.recovery <= RECOVERY_AIM
            and self.mails_received == self.mails_expected
            and not self.mails_twice
            and not any(note.startswith("FAILED") for note in self.notes)
        )

    def line(self) -> str:
        recovery = "never" if self.recovery is None else f"{self.recovery:.0f} s"
        text = (
            f"{self.scenario}: all ready {recovery} after the fault ended; jobs "
            f"{self.ready}/{self.jobs} ready, {len(self.failed)} failed, "
            f"{self.doubled} doubled (max attempts {self.max_attempts}, pieces "
            f"rendered again {self.pieces_redone}); e-mails {self.mails_received}/"
            f"{self.mails_expected}, sent twice {self.mails_twice}"
        )
        for note in self.notes:
            text += f"\n  {note}"
        for error in self.failed[:3]:
            text += f"\n  failed: {error}"
        return text


class Jobs:
    """PDF jobs asked for as a coordinator would, and what became of them."""

    def __init__(self, stack: Stack, organisations: int, meetings: int):
        self.stack = stack
        self.meetings = meetings
        self.round = 0
        self.directory(organisations)

    def directory(self, size: int) -> None:
        from tests.factories import (
            AudienceFactory,
            MembershipFactory,
            OrganisationFactory,
        )

        audiences = [AudienceFactory(name=f"Public {n}") for n in range(4)]
        for number in range(size):
            organisation = OrganisationFactory(
                name=f"Association n° {number:04d}", commune=f"Commune {number % 7}"
            )
            organisation.audiences.add(audiences[number % 4])
            MembershipFactory(organisation=organisation)

    def request(self) -> tuple[list[str], int]:
        """Two long memos and ``meetings`` minutes to e-mail; returns the
        jobs' ids and the e-mails expected."""
        from reports import services
        from tests.factories import (
            AttendanceFactory,
            MeetingFactory,
            OrganisationFactory,
        )

        self.round += 1
        # A new organisation: the memos' data changed, so they are new jobs.
        OrganisationFactory(name=f"Nouvelle association {self.round}")
        ids = [
            str(
                services.request_report(
                    kind="aide-memoire",
                    obj=None,
                    user=None,
                    parameters={"group_by": group_by},
                ).pk
            )
            for group_by in ("audience", "commune")
        ]
        for number in range(self.meetings):
            meeting = MeetingFactory(title=f"Réunion {self.round}-{number}")
            for person in range(ATTENDEES):
                AttendanceFactory(
                    event=meeting,
                    person__email=f"r{self.round}-{number}-{person}{MINUTES_DOMAIN}",
                )
            job = services.request_report(kind="compte-rendu", obj=meeting, user=None)
            services.request_sending(job=job, by=None)
            ids.append(str(job.pk))
        return ids, self.meetings * ATTENDEES

    def statuses(self, ids) -> dict[str, str]:
        from reports.models import ReportJob

        return dict(
            retrying(
                lambda: list(
                    ReportJob.objects.filter(pk__in=ids).values_list("pk", "status")
                )
            )
        )

    def wait_running(self, ids, timeout: float = 120) -> None:
        """Until a piece or a job is being rendered (a fault then hits it)."""
        from reports.models import ReportJob, ReportSection

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ReportSection.objects.filter(job_id__in=ids, status="running").exists():
                return
            if time.monotonic() > deadline - timeout / 2 and (
                ReportJob.objects.filter(pk__in=ids, status="running").exists()
            ):
                return
            time.sleep(0.2)
        raise RuntimeError("No job started rendering.")

    def wait_done(self, ids, timeout: float) -> float | None:
        """Seconds until every job is ready or failed; None if not in time."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            statuses = {str(k): v for k, v in self.statuses(ids).items()}
            if all(statuses.get(i) in {"ready", "failed"} for i in ids):
                return time.monotonic() - started
            time.sleep(0.5)
        return None

    def wait_mails(self, expected: int, before: int, timeout: float = 90) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stack.smtp.total(MINUTES_DOMAIN) - before >= expected:
                break
            time.sleep(0.5)
        time.sleep(2)  # anything sent twice arrives too
        return self.stack.smtp.total(MINUTES_DOMAIN) - before

    def outcome(self, scenario: str, ids, recovery, mails, before, twice) -> Outcome:
        from django.db.models import Count, Max

        from reports.models import ReportJob, ReportSection

        jobs = ReportJob.objects.filter(pk__in=ids)
        outcome = Outcome(scenario, jobs=len(ids), recovery=recovery)
        outcome.ready = jobs.filter(status="ready").count()
        outcome.failed = list(
            jobs.filter(status="failed").values_list("error", flat=True)
        )
        # A job twice: two rows for one document, or two PDFs in its folder.
        keys = jobs.values_list("kind", "object_id", "fingerprint")
        outcome.doubled = sum(
            ReportJob.objects.filter(kind=k, object_id=o, fingerprint=f).count() - 1
            for k, o, f in keys
        )
        private = self.stack.folder / "var" / "private" / "reports"
        for job in jobs.filter(status="ready"):
            folder = (private / job.file.name.split("/", 1)[1]).parent
            outcome.doubled += max(0, len(list(folder.glob("*.pdf"))) - 1)
        outcome.max_attempts = jobs.aggregate(m=Max("attempts"))["m"] or 0
        outcome.pieces_redone = (
            ReportSection.objects.filter(job__in=jobs)
            .values("job", "index")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
            + ReportSection.objects.filter(job__in=jobs, attempts__gt=1).count()
        )
        outcome.mails_expected = mails
        outcome.mails_received = self.stack.smtp.total(MINUTES_DOMAIN) - before
        # Any e-mail twice counts: the registrations' confirmations too.
        outcome.mails_twice = self.stack.smtp.duplicates() - twice
        return outcome


def run(stack: Stack, jobs: Jobs, scenario: str, args, state: dict) -> Outcome:
    before = stack.smtp.total(MINUTES_DOMAIN)
    twice = stack.smtp.duplicates()
    ids, mails = jobs.request()
    jobs.wait_running(ids)
    time.sleep(1)
    notes = []
    phones = None
    if scenario == "redis":
        stack.redis.stop()
        time.sleep(args.outage)
        stack.redis.start()
    elif scenario == "child":
        killed = state["worker"].kill_child()
        notes.append(f"killed pool process {killed}")
    elif scenario == "worker":
        state["worker"].kill()
        time.sleep(3)
        state["worker"] = stack.celery("worker", name="worker-2")
    elif scenario == "postgres":
        phones = Phones(state["server"], state["scenario"], clients=args.phones)
        phones.start()
        time.sleep(5)
        stack.postgres.stop("fast")
        down = time.monotonic()
        time.sleep(args.outage)
        stack.postgres.start()
        phones.back_at = time.monotonic()
        notes.append(f"PostgreSQL down {phones.back_at - down:.1f} s")
    fault_ended = time.monotonic()
    if phones is not None:
        # The web's recovery is measured over 20 s; then the phones stop, so
        # that the jobs' time is the fault's, not the registrations' CPU.
        time.sleep(max(0, 20 - (time.monotonic() - phones.back_at)))
        phones.stop()
        notes.extend(phones.report(state["scenario"]))
    waited = retrying(
        jobs.wait_done, ids, timeout=args.timeout - (time.monotonic() - fault_ended)
    )
    recovery = None if waited is None else time.monotonic() - fault_ended
    jobs.wait_mails(mails, before)
    outcome = jobs.outcome(scenario, ids, recovery, mails, before, twice)
    notes.append(
        f"every e-mail received so far (confirmations too): {stack.smtp.total()}"
    )
    outcome.notes = notes
    return outcome


class Phones:
    """Phones registering on gunicorn while PostgreSQL restarts."""

    def __init__(self, server, scenario, clients: int):
        self.server, self.scenario, self.clients = server, scenario, clients
        self.stopping = threading.Event()
        self.back_at = float("inf")
        self.events: list[tuple[float, int]] = []  # (time, status or 0)
        self.successes = 0
        self.lock = threading.Lock()

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self.phone, args=(n,), daemon=True)
            for n in range(self.clients)
        ]
        self.begin = time.monotonic()
        for thread in self.threads:
            thread.start()

    def phone(self, index: int) -> None:
        from bench.bench_load import Tally
        from bench.harness import HttpClient

        client = HttpClient(self.server)
        n = 0
        while not self.stopping.is_set():
            tally = Tally()
            started = time.monotonic()
            try:
                self.scenario.register(client, tally, f"pg{index}-{n}")
                statuses = [
                    s for s, count in tally.statuses.items() for _ in range(count)
                ]
            except Exception:  # no answer at all
                statuses = [0]
                client._reconnect()
            with self.lock:
                # Counted at the start of the phone's GET + POST: one begun
                # while the database was down fails "while down".
                self.events += [(started, status) for status in statuses]
                self.successes += tally.stored.get("registrations", 0)
            n += 1
            time.sleep(0.05)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)

    def report(self, scenario) -> list[str]:
        bad = [(t, s) for t, s in self.events if s == 0 or s >= 500]
        during = [t for t, s in bad if t <= self.back_at]
        after = [t for t, s in bad if t > self.back_at]
        last_bad = max(after) - self.back_at if after else 0.0
        stored = retrying(scenario.stored)["registrations"]
        self.stored_ok = stored == state_successes(self, scenario)
        lines = [
            f"web: {len(self.events)} requests by {self.clients} phones; "
            f"5xx or unanswered while down: {len(during)}, after it came back: "
            f"{len(after)} (last {last_bad:.1f} s after)",
            f"registrations stored {stored}, successful POSTs "
            f"{self.successes + scenario.registered_before}",
        ]
        self.after = len(after)
        if after:
            lines.append("FAILED: the web app still failed once PostgreSQL was back")
        if not self.stored_ok:
            lines.append("FAILED: rows stored differ from the successful POSTs")
        return lines


def state_successes(phones: Phones, scenario) -> int:
    return phones.successes + scenario.registered_before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"among {', '.join(SCENARIOS)}")
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--meetings", type=int, default=4)
    parser.add_argument("--outage", type=float, default=10.0)
    parser.add_argument("--phones", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args(argv)
    chosen = args.scenarios or list(SCENARIOS)
    if unknown := set(chosen) - set(SCENARIOS):
        parser.error(f"unknown scenarios {sorted(unknown)}; choose among {SCENARIOS}")
    folder = args.folder or Path(tempfile.mkdtemp(prefix="maillage-faults-"))
    outcomes = []
    with Stack(folder) as stack:
        stack.setup_django()
        print(
            f"stack in {folder}: PostgreSQL :{stack.postgres.port}, Redis "
            f":{stack.redis.port}, SMTP sink :{stack.smtp.port}",
            flush=True,
        )
        jobs = Jobs(stack, args.organisations, args.meetings)
        state = {"worker": stack.celery("worker")}
        stack.celery("beat")
        server = None
        if "postgres" in chosen:
            from bench.bench_load import Scenario

            state["scenario"] = Scenario()
            state["scenario"].registered_before = 0
            server = stack.web(workers=2, threads=4).__enter__()
            state["server"] = server
        try:
            for scenario in chosen:
                print(f"== {scenario}", flush=True)
                outcome = run(stack, jobs, scenario, args, state)
                print(outcome.line(), flush=True)
                outcomes.append(outcome)
        finally:
            if server is not None:
                server.__exit__(None, None, None)
    print()
    for outcome in outcomes:
        print(outcome.line())
        report_figure(
            f"faults, {outcome.scenario}: seconds until every job is ready",
            figure=RECOVERY_AIM * 10 if outcome.recovery is None else outcome.recovery,
            baseline=None,
            unit="s",
            aim=RECOVERY_AIM,
            higher_is_better=False,
            aim_of="figure",
        )
        report_figure(
            f"faults, {outcome.scenario}: jobs doubled, failed or not ready, "
            "e-mails twice or missing",
            figure=outcome.doubled
            + (outcome.jobs - outcome.ready)
            + outcome.mails_twice
            + abs(outcome.mails_expected - outcome.mails_received),
            baseline=None,
            unit="",
            aim=0,
            higher_is_better=False,
            aim_of="figure",
        )
    ok = all(outcome.ok for outcome in outcomes)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
