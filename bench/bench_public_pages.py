"""The public pages a phone opens from a QR code, against the one-row baseline.

GETs of the public registration form (an event with ``BENCH_PARTS`` parts,
lunch offered) and of the public questionnaire (the satisfaction template),
each by a phone without cookies, in this process through Django's whole
handler (every middleware, the templates, PostgreSQL and the cache of
production when Redis answers), sampled alternately with the bare one-row
view (``bench/urls.py``) in the same run; the medians are compared (aim: at
least half the baseline's rate, as the other public paths). Also prints the
queries each page makes.

    .venv/bin/python bench/bench_public_pages.py
    BENCH_REPEAT=50 BENCH_PARTS=20 .venv/bin/python bench/bench_public_pages.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import report_figure  # noqa: E402
from bench.harness import published_event, setup_django  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/maillage_bench_public",
)
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
PARTS = int(os.environ.get("BENCH_PARTS", "4"))
SLUG = "bench-page-publique"


def create_event():
    from events.services import add_part

    event = published_event(
        slug=SLUG,
        title="Journée des pages publiques",
        organiser="Bench pages publiques",
    )
    for number in range(PARTS):
        add_part(
            event=event,
            title=f"Partie {number + 1}",
            capacity=100 if number % 2 else None,
        )
    return event


def create_questionnaire(event):
    import datetime as dt

    from django.utils import timezone

    from evaluations.services import create_questionnaire

    now = timezone.now()
    return create_questionnaire(
        event=event,
        template_key="satisfaction",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )


def main() -> int:
    setup_django(DATABASE_URL)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    event = create_event()
    questionnaire = create_questionnaire(event)
    pages = {
        "registration form": f"/e/{event.slug}/inscription/",
        "questionnaire": questionnaire.get_public_url(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    counter = iter(range(10**9))

    def baseline():
        response = client.post("/bench/baseline/", {"n": str(next(counter))})
        assert response.status_code == 201, response.status_code

    def opener(url):
        def page():
            client.cookies.clear()  # a phone opening the link for the first time
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            assert b'name="submission_key"' in response.content

        return page

    functions = {"baseline": baseline} | {
        label: opener(url) for label, url in pages.items()
    }
    for label, url in pages.items():
        opener(url)()  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            opener(url)()
        print(f"{label} ({url}): {len(queries)} queries")
        for query in queries.captured_queries:
            print(f"    {query['sql'][:150]}")
    baseline()
    # Interleaved samples, so that a slower moment of the machine weighs on
    # all alike; the median of each.
    samples = {label: [] for label in functions}
    for _n in range(REPEAT):
        for label, function in functions.items():
            started = time.perf_counter()
            function()
            samples[label].append(time.perf_counter() - started)
    medians = {label: statistics.median(times) for label, times in samples.items()}
    for label, times in samples.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"{label}: median {medians[label] * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms "
            f"({1 / medians[label]:.0f} req/s in one thread)"
        )
    for label in pages:
        ratio = medians["baseline"] / medians[label]
        print(f"ratio {label} / baseline (rate): {ratio:.2f}")
        report_figure(
            f"public {label} GET vs one-row insert",
            figure=1 / medians[label],
            baseline=1 / medians["baseline"],
            unit="req/s",
            aim=0.5,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
