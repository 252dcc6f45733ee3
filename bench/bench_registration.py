"""Public registration under load, against the one-row baseline.

50 concurrent clients for 30 s (``BENCH_SECONDS`` to change; in three rounds
alternating with the baseline, after a warm-up) post the public registration form of a published event with two parts (one with a capacity
that claims a ``Seat`` row per registration) to gunicorn on PostgreSQL. Prints the
throughput ratio against the baseline view measured in the same run, the
errors, and checks that the registrations in the database equal the
successful responses.

    .venv/bin/python bench/bench_registration.py
"""

import itertools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    BenchServer,
    baseline_request,
    baseline_setup,
    compare_load,
    published_event,
    setup_django,
)

SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
# Large enough that the run measures seat claims; BENCH_CAPACITY=100 measures
# the waiting list (serialised on the full part's row lock) instead.
CAPACITY = int(os.environ.get("BENCH_CAPACITY", "50000"))
SLUG = "bench-journee"
_client_ids = itertools.count()


def create_event():
    from events.services import add_part

    event = published_event(
        slug=SLUG, title="Journée de charge", organiser="Bench association"
    )
    morning = add_part(event=event, title="Matinée", capacity=CAPACITY)
    afternoon = add_part(event=event, title="Après-midi")
    return event, [morning.pk, afternoon.pk]


def registration_setup(client) -> None:
    client.client_id = next(_client_ids)
    response = client.get(f"/e/{SLUG}/inscription/")
    assert response.status == 200, response.status


def make_registration_request(part_ids):
    def registration_request(client, n: int) -> bool:
        fields = [
            ("first_name", "Camille"),
            ("last_name", f"Client {client.client_id}"),
            ("email", f"c{client.client_id}-{n}@example.org"),
            ("organisation_name", "Association du banc d'essai"),
            ("status", "benevole"),
            ("wants_lunch", "on"),
            ("dietary_needs", "végétarien"),
            ("consent", "on"),
        ] + [("parts", str(pk)) for pk in part_ids]
        response = client.post(f"/e/{SLUG}/inscription/", fields)
        return response.status == 302 and "/inscription/" in response.headers.get(
            "location", ""
        )

    registration_request.__name__ = "registrations"
    return registration_request


def main() -> int:
    setup_django()
    event, part_ids = create_event()
    from events.models import Registration, RegistrationPart

    with BenchServer() as server:
        comparison = compare_load(
            server,
            baseline=(baseline_request, baseline_setup),
            ours=(make_registration_request(part_ids), registration_setup),
            label="registrations",
            clients=CLIENTS,
            seconds=SECONDS,
        )
    print(comparison.report())
    ours = comparison.ours
    stored = Registration.objects.filter(event=event).count()
    seated = RegistrationPart.objects.filter(
        part_id=part_ids[0], waiting_position__isnull=True
    ).count()
    print(f"errors: {ours.errors} {ours.error_samples}")
    successes = ours.successes + comparison.warmup_successes
    print(f"registrations in the database: {stored}; successful responses: {successes}")
    waiting = RegistrationPart.objects.filter(
        part_id=part_ids[0], waiting_position__isnull=False
    ).count()
    print(f"waiting list of that part: {waiting}")
    print(
        f"seats in the part of capacity {CAPACITY}: {seated} (never more than {CAPACITY})"
    )
    comparison.report_figure("public registrations vs one-row insert")
    ok = ours.errors == 0 and stored == successes and seated <= CAPACITY
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
