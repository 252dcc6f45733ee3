"""PDF jobs: our whole job against WeasyPrint alone on the same final HTML.

    .venv/bin/python bench/bench_reports.py [--sizes 100,1000,3000] [--items 60]

For the aide-mémoire of N organisations and a programme of 60 items, each
measurement runs in a fresh subprocess (so that peak memory, ``ru_maxrss``,
is that of one render only) on a throw-away SQLite database:

- "job": ``render_report_task`` as a worker runs it (claim, queries,
  templates, WeasyPrint by sections, pypdf merge, page numbers, storage);
- "alone": WeasyPrint rendering the document's final HTML in one piece.

Prints time, pages and peak memory of both, and the ratio job / alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import (  # noqa: E402
    child_step,
    peak_mb,
    renderer,
    report_render,
    run_json,
)

SMALL_DOCUMENT = 100  # organisations


def populate(sizes: list[int], items: int) -> dict:
    """Create the organisations (tagged by size) and the programme."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from events.models import AgendaItem, Event, EventPart, Room, Speaker
    from partners.models import Audience, Membership, Organisation, Person

    audiences = [
        Audience.objects.get_or_create(name=name)[0]
        for name in ("Seniors", "Jeunes", "Familles", "Bénévoles", "Tout public")
    ]
    made = {}
    for size in sizes:
        tag = f"t{size}"
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Association {tag} n° {n:04d} pour le lien social",
                acronym=f"A{n}",
                commune=["Meaux", "Provins", "Melun", "Chelles"][n % 4],
                postal_code="77100",
                address=f"{n} rue de la République",
                email=f"contact{n}@{tag}.example.org",
                phone="01 60 00 00 00",
            )
            for n in range(size)
        )
        Organisation.audiences.through.objects.bulk_create(
            Organisation.audiences.through(
                organisation_id=o.pk, audience_id=audiences[i % 5].pk
            )
            for i, o in enumerate(organisations)
        )
        people = Person.objects.bulk_create(
            Person(
                first_name="Camille",
                last_name=f"Martin {n}",
                email=f"camille{n}@{tag}.example.org",
                directory_consent=True,
            )
            for n in range(size)
        )
        Membership.objects.bulk_create(
            Membership(person=p, organisation=o, function="Coordinatrice")
            for p, o in zip(people, organisations, strict=True)
        )
        made[size] = {}

    organiser = Organisation.objects.create(name="RESO77")
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        title="Journée inter-associative",
        slug="journee-bench",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=10),
        organiser=organiser,
        venue_name="Salle des fêtes",
        venue_address="Meaux",
    )
    parts = [
        EventPart.objects.create(event=event, title=title, position=n)
        for n, title in enumerate(("Matinée", "Après-midi", "Soirée"))
    ]
    rooms = [Room.objects.create(event=event, name=f"Salle {n}") for n in range(4)]
    for n in range(items):
        item = AgendaItem.objects.create(
            event=event,
            part=parts[n * 3 // items],
            room=rooms[n % 4],
            title=f"Atelier n° {n} : agir ensemble pour le lien social",
            description="Échanges entre bénévoles et professionnels.",
            starts_at=start + dt.timedelta(minutes=10 * n),
            ends_at=start + dt.timedelta(minutes=10 * n + 45),
            position=n,
        )
        Speaker.objects.create(
            agenda_item=item, name=f"Intervenant {n}", title="sociologue"
        )
    return {"sizes": made, "event": event.pk}


def measure(case: dict) -> dict:
    """Run in a fresh process: one job, or WeasyPrint alone, for one case."""
    from reports.models import ReportJob
    from reports.registry import get_builder
    from reports.rendering import html_to_pdf

    builder = get_builder(case["kind"])
    obj = builder.get_object(None, str(case["object_id"]))
    parameters = builder.clean_parameters(case["parameters"])
    if case["mode"] == "job":
        from reports.tasks import render_report_task

        job = ReportJob.objects.create(
            kind=case["kind"],
            object_id=str(case["object_id"]),
            parameters=parameters,
            fingerprint=os.urandom(16).hex(),
        )
        started = time.perf_counter()
        render_report_task.apply(kwargs={"job_id": str(job.pk)})
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        assert job.status == "ready", job.error
        pages = job.page_count
    else:
        html = renderer(builder, builder.plan(obj, parameters)).full_html()
        started = time.perf_counter()
        pages = html_to_pdf(html).page_count
        elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "pages": pages, "peak_mb": peak_mb()}


def run_case(workdir: Path, case: dict) -> dict:
    """``measure(case)`` in a fresh process on ``workdir``'s database."""
    return run_json(__file__, workdir, "--measure", json.dumps(case))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument(
        "--alone-max",
        type=int,
        default=100_000,
        help="Skip WeasyPrint alone above this many organisations (its memory "
        "grows with the page count: about 7 MB a page).",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if child_step(
        args,
        populate=lambda spec: populate(spec["sizes"], spec["items"]),
        measure=measure,
    ):
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(
        f"{'document':<34} {'pages':>5} {'job s':>8} {'alone s':>8} "
        f"{'ratio':>6} {'s/page':>7} {'job MB':>7} {'alone MB':>8}",
        flush=True,
    )
    for size in [0, *sizes]:
        # One database a case: the directory holds exactly N organisations.
        with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
            workdir = Path(tmp)
            data = run_json(
                __file__,
                workdir,
                "--populate",
                json.dumps({"sizes": [size] if size else [], "items": args.items}),
            )
            if size:
                label = f"aide-mémoire, {size} organisations"
                base = {"kind": "aide-memoire", "object_id": "", "parameters": {}}
            else:
                label = f"programme, {args.items} items"
                base = {
                    "kind": "programme",
                    "object_id": data["event"],
                    "parameters": {},
                }
            job = run_case(workdir, {**base, "mode": "job"})
            if size > args.alone_max:
                print(
                    f"{label:<34} {job['pages']:>5} {job['seconds']:>8.2f} "
                    f"{'—':>8} {'—':>6} {job['seconds'] / job['pages']:>7.3f} "
                    f"{job['peak_mb']:>7.0f} {'—':>8}",
                    flush=True,
                )
                continue
            alone = run_case(workdir, {**base, "mode": "alone"})
            print(
                f"{label:<34} {job['pages']:>5} {job['seconds']:>8.2f} "
                f"{alone['seconds']:>8.2f} {job['seconds'] / alone['seconds']:>6.2f} "
                f"{job['seconds'] / job['pages']:>7.3f} {job['peak_mb']:>7.0f} "
                f"{alone['peak_mb']:>8.0f}",
                flush=True,
            )
            # Aim: at most 1.3 for small documents; large ones are judged by
            # their memory, bounded by the sections, against one piece.
            small = size <= SMALL_DOCUMENT
            report_render(
                f"{label}: job vs WeasyPrint alone",
                job,
                alone,
                aim=1.3 if small else None,
                memory=not small,
            )


if __name__ == "__main__":
    main()
