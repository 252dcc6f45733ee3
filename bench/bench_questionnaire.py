"""Questionnaires under load, each against a baseline measured in the same run.

(a) Submissions: 50 simulated phones for 30 s (three rounds alternating with
    the baseline, after a warm-up) post complete answers to the
    satisfaction template through gunicorn on PostgreSQL; the throughput is
    compared with the bare one-row view (aim: ratio >= 0.5), with zero errors
    and as many stored responses as successful submissions.
(b) Results page for 100,000 answers: the page's time (view, database and
    template) against the raw SQL aggregates it needs, sampled alternately
    (aim: ratio <= 2).

    .venv/bin/python bench/bench_questionnaire.py
    BENCH_SECONDS=10 BENCH_ANSWERS=20000 .venv/bin/python bench/bench_questionnaire.py
"""

import os
import random
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import report_figure  # noqa: E402
from bench.harness import (  # noqa: E402
    BenchServer,
    baseline_request,
    baseline_setup,
    compare_load,
    setup_django,
)

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/maillage_bench_evaluations",
)
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def make_questionnaire(title: str):
    import datetime as dt

    from django.utils import timezone

    from evaluations.services import create_questionnaire
    from events.models import Event
    from partners.models import Organisation

    organisation = Organisation.objects.create(name=f"Bench {title}")
    now = timezone.now()
    event = Event.objects.create(
        title=title,
        slug=re.sub(r"\W+", "-", title.lower()),
        starts_at=now - dt.timedelta(days=1),
        ends_at=now - dt.timedelta(hours=16),
        organiser=organisation,
        status=Event.Status.FINISHED,
    )
    return create_questionnaire(
        event=event,
        template_key="satisfaction",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )


def answer_fields(questions, rng) -> list[tuple[str, str]]:
    fields = [("segment", rng.choice(["benevole", "professionnel", "elu"]))]
    for question in questions:
        scale = question.scale()
        if scale:
            fields.append((f"q{question.pk}", str(rng.choice(scale)[0])))
        elif question.is_text:
            fields.append((f"q{question.pk}", "Court bien ciblé, très intéressant."))
    return fields


def bench_submissions() -> None:
    from evaluations.models import Response

    questionnaire = make_questionnaire("Bench submissions")
    questions = list(questionnaire.questions.all())
    url = questionnaire.get_public_url()

    def phone_setup(client):
        client.get(url)

    def submit(client, n):
        rng = random.Random(n)  # noqa: S311 - load generation
        # Each phone's page carries its own one-time key (core.forms).
        key = ("submission_key", secrets.token_urlsafe(24))
        response = client.post(url, [*answer_fields(questions, rng), key])
        return response.status == 302

    with BenchServer(database_url=DATABASE_URL) as server:
        comparison = compare_load(
            server,
            baseline=(baseline_request, baseline_setup),
            ours=(submit, phone_setup),
            label="questionnaire submissions",
            clients=CLIENTS,
            seconds=SECONDS,
        )
    ours = comparison.ours
    successes = ours.successes + comparison.warmup_successes
    stored = Response.objects.filter(questionnaire=questionnaire).count()
    print(comparison.report())
    print(f"errors: {ours.errors} {ours.error_samples}")
    print(f"responses stored: {stored}, successful submissions: {successes}")
    comparison.report_figure("questionnaire submissions vs one-row insert")
    assert ours.errors == 0, ours.error_samples
    assert stored == successes, (stored, successes)


def fill_answers(questionnaire, total: int) -> int:
    from evaluations.models import Answer, Response

    rng = random.Random(100)  # noqa: S311 - demo data
    questions = list(questionnaire.questions.all())
    per_response = len(questions)
    count = total // per_response
    responses = Response.objects.bulk_create(
        (
            Response(
                questionnaire=questionnaire,
                segment=rng.choice(["benevole", "professionnel", "elu", "partenaire"]),
            )
            for _n in range(count)
        ),
        batch_size=5000,
    )
    answers = []
    for response in responses:
        for question in questions:
            scale = question.scale()
            if scale:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        int_value=rng.choice(scale)[0],
                    )
                )
            else:
                answers.append(
                    Answer(response=response, question=question, text_value="Bien")
                )
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(answers)


# The aggregates the results page needs, written by hand: the page's extra
# time is the ORM, the view, the template and the signed-in user's session.
RAW_SQL = [
    "SELECT COUNT(*) FROM evaluations_response WHERE questionnaire_id = %(q)s",
    """SELECT COUNT(*), COUNT(*) FILTER (WHERE attended)
       FROM events_registration WHERE event_id = %(e)s AND cancelled_at IS NULL""",
    """SELECT segment, COUNT(*) FROM evaluations_response
       WHERE questionnaire_id = %(q)s GROUP BY segment""",
    """SELECT a.question_id, COUNT(*),
              COUNT(DISTINCT a.response_id) FILTER (WHERE q.kind = 'multiple'),
              AVG(a.int_value), MIN(a.int_value), MAX(a.int_value)
       FROM evaluations_answer a JOIN evaluations_question q ON q.id = a.question_id
       WHERE q.questionnaire_id = %(q)s GROUP BY a.question_id""",
    """SELECT a.question_id, a.int_value, a.choice_id, COUNT(*)
       FROM evaluations_answer a JOIN evaluations_question q ON q.id = a.question_id
       WHERE q.questionnaire_id = %(q)s AND q.kind IN
         ('satisfaction', 'yes_no', 'recommendation', 'single', 'multiple')
       GROUP BY a.question_id, a.int_value, a.choice_id""",
]


def bench_results_page() -> None:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from core.models import Role, User

    questionnaire = make_questionnaire("Bench results")
    stored = fill_answers(questionnaire, ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = User.objects.create(username="bench-coordination")
    user.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("evaluations:orga_questionnaire_results", args=[questionnaire.pk])

    def page():
        response = client.get(url)
        assert response.status_code == 200

    def raw():
        with connection.cursor() as cursor:
            for sql in RAW_SQL:
                cursor.execute(
                    sql, {"q": questionnaire.pk, "e": questionnaire.event_id}
                )
                cursor.fetchall()

    def timed_alternately(first, second) -> tuple[float, float]:
        # Interleaved samples, so that a slower moment of the machine weighs
        # on both alike; the median of each.
        first(), second()  # warm caches
        samples = ([], [])
        for _n in range(REPEAT):
            for function, times in zip((first, second), samples, strict=True):
                started = time.perf_counter()
                function()
                times.append(time.perf_counter() - started)
        return statistics.median(samples[0]), statistics.median(samples[1])

    raw_time, page_time = timed_alternately(raw, page)
    print(
        f"results page for {stored} answers: {page_time * 1000:.0f} ms; "
        f"raw SQL aggregates: {raw_time * 1000:.0f} ms; "
        f"ratio page / raw SQL: {page_time / raw_time:.2f}"
    )
    report_figure(
        f"results page, {stored} answers, vs raw SQL aggregates",
        figure=page_time * 1000,
        baseline=raw_time * 1000,
        unit="ms",
        aim=2,
        higher_is_better=False,
    )


def main() -> None:
    setup_django(DATABASE_URL)
    bench_submissions()
    bench_results_page()


if __name__ == "__main__":
    main()
