"""The series bilan: rendered section by section against in one piece.

    .venv/bin/python bench/bench_bilan_serie.py [--editions 10] [--participants 1000]
                                                [--responses 300]

A series of N editions, each with P registrations (statuses, organisations,
parts, attendance), a questionnaire of eight questions answered R times and a
few testimonials, on a throw-away SQLite database. Each measurement runs in a
fresh subprocess, so that its peak memory (``ru_maxrss``) is one render's:

- "plan": the builder alone (queries, results, charts), and its queries;
- "sections": the pipeline's rendering (``DocumentRenderer.render``: pieces of
  ``section_weight_limit``, merged by pypdf, numbered by an overlay), the way
  a worker renders it;
- "one piece": WeasyPrint laying out the same document in one go, the
  baseline measured in the same run.

Prints time, pages and peak memory of each, and the ratios sections / one
piece. The default size runs in about a minute on a laptop core.
"""

from __future__ import annotations

import argparse
import json
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


def populate(editions: int, participants: int, responses: int) -> dict:
    """One series, its editions, registrations, questionnaires and answers."""
    import datetime as dt
    import random

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from evaluations.models import (
        Answer,
        Choice,
        Question,
        Questionnaire,
        Response,
        Section,
        Testimonial,
    )
    from events.models import (
        AgendaItem,
        Event,
        EventPart,
        EventSeries,
        Registration,
        RegistrationPart,
    )
    from partners.models import Organisation

    rng = random.Random(13)
    ccas = Organisation.objects.create(name="CCAS d'Angers", kind="service_public")
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Association n° {n}", kind=kinds[n % len(kinds)])
        for n in range(200)
    )
    series = EventSeries.objects.create(
        title="Rencontres « Agir ensemble »", slug="agir-ensemble", organiser=ccas
    )
    statuses = [status for status, _label in Registration.Status.choices]
    for number in range(editions):
        year = 2011 + number
        start = timezone.make_aware(dt.datetime(year, 10, 8, 10))
        event = Event.objects.create(
            title=f"Rencontres « Agir ensemble » {year}",
            slug=f"agir-ensemble-{year}",
            series=series,
            status=Event.Status.FINISHED,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=10),
            organiser=ccas,
            venue_name="Angers",
            participant_count=322 + 93 * number if number % 3 == 0 else None,
        )
        parts = [
            EventPart.objects.create(event=event, title=title, position=n)
            for n, title in enumerate(("Matinée des bénévoles", "Après-midi"))
        ]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                part=parts[n * 2 // 12],
                title=f"Table ronde n° {n} : une logique de parcours",
                starts_at=start + dt.timedelta(minutes=40 * n),
                ends_at=start + dt.timedelta(minutes=40 * n + 30),
                position=n,
            )
            for n in range(12)
        )
        registrations = Registration.objects.bulk_create(
            Registration(
                event=event,
                first_name="Camille",
                last_name=f"Martin {n}",
                email=f"camille{n}@e{year}.example.org",
                status=statuses[n % len(statuses)],
                organisation=organisations[n % 200] if n % 5 else None,
                organisation_name="" if n % 5 else f"Collectif {n % 40}",
                attended=n % 4 != 0,
            )
            for n in range(participants)
        )
        RegistrationPart.objects.bulk_create(
            RegistrationPart(registration=r, part=parts[n % 2])
            for n, r in enumerate(registrations)
        )
        questionnaire = Questionnaire.objects.create(
            event=event,
            title=f"Questionnaire de satisfaction {year}",
            opens_at=start,
            closes_at=start + dt.timedelta(days=30),
        )
        section = Section.objects.create(questionnaire=questionnaire, title="Avis")
        questions = [
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                kind=Question.Kind.SATISFACTION,
                label=label,
                key=f"q{n}",
                position=n,
            )
            for n, label in enumerate(
                (
                    "Satisfaction générale",
                    "Qualité des interventions",
                    "Temps d'échanges avec le public",
                    "Village des solidarités",
                    "Organisation et accueil",
                )
            )
        ]
        single = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            kind=Question.Kind.SINGLE,
            label="Comment avez-vous connu la rencontre ?",
            position=10,
        )
        choices = [
            Choice.objects.create(question=single, label=label, position=n)
            for n, label in enumerate(
                ("Association", "CCAS", "Presse", "Bouche-à-oreille")
            )
        ]
        nps = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            kind=Question.Kind.RECOMMENDATION,
            label="Recommanderiez-vous la rencontre ?",
            position=11,
        )
        text = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            kind=Question.Kind.LONG_TEXT,
            label="Qu'avez-vous apprécié ?",
            position=12,
        )
        made = Response.objects.bulk_create(
            Response(
                questionnaire=questionnaire,
                segment=["benevole", "professionnel", "elu"][n % 3],
                quote_consent=n % 10 == 0,
            )
            for n in range(responses)
        )
        answers = []
        for n, response in enumerate(made):
            for question in questions:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        int_value=rng.choice((2, 3, 4, 4, 5, 5)),
                    )
                )
            answers.append(
                Answer(response=response, question=single, choice=rng.choice(choices))
            )
            answers.append(
                Answer(response=response, question=nps, int_value=rng.randint(4, 10))
            )
            answers.append(
                Answer(
                    response=response,
                    question=text,
                    text_value=f"Un temps riche d'échanges (réponse {n}).",
                )
            )
        Answer.objects.bulk_create(answers, batch_size=2000)
        quoted = Answer.objects.filter(
            question=text, response__quote_consent=True
        ).order_by("pk")[:6]
        Testimonial.objects.bulk_create(
            Testimonial(
                answer=answer,
                text=answer.text_value,
                first_name="Annie",
                organisation_name="Restos du cœur",
            )
            for answer in quoted
        )
    return {"series": series.pk}


def measure(case: dict) -> dict:
    """In a fresh process: the plan, or one rendering, of the series bilan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.registry import get_builder
    from reports.rendering import html_to_pdf

    builder = get_builder("bilan-serie")
    series = builder.get_object(None, str(case["series"]))
    before_mb = peak_mb()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        plan = builder.plan(series, {})
    plan_seconds = time.perf_counter() - started
    pipeline = renderer(builder, plan)
    pieces = len(pipeline.chunks())
    started = time.perf_counter()
    if case["mode"] == "plan":
        pages = 0
    elif case["mode"] == "sections":
        assert pipeline.is_long(), "the series bilan should render by sections"
        pages = pipeline.render_by_sections().page_count
    else:
        pages = html_to_pdf(pipeline.full_html()).page_count
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "plan_seconds": plan_seconds,
        "queries": len(queries),
        "pieces": pieces,
        "pages": pages,
        "before_mb": before_mb,
        "peak_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=10)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if child_step(args, populate=lambda spec: populate(**spec), measure=measure):
        return

    with tempfile.TemporaryDirectory(prefix="bench-bilan-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        spec = {
            "editions": args.editions,
            "participants": args.participants,
            "responses": args.responses,
        }
        data = run_json(__file__, workdir, "--populate", json.dumps(spec))
        print(
            f"series bilan: {args.editions} editions × {args.participants} "
            f"participants, {args.responses} responses each "
            f"(populated in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        results = {}
        for mode in ("plan", "sections", "one piece"):
            results[mode] = run_json(
                __file__, workdir, "--measure", json.dumps({**data, "mode": mode})
            )
        plan = results["plan"]
        print(
            f"plan: {plan['queries']} queries, {plan['plan_seconds']:.2f} s, "
            f"{plan['pieces']} pieces; process at "
            f"{plan['before_mb']:.0f} MB before, {plan['peak_mb']:.0f} MB after",
            flush=True,
        )
        print(
            f"{'rendering':<12} {'pages':>5} {'seconds':>8} {'peak MB':>8} {'+MB':>6}"
        )
        for mode in ("sections", "one piece"):
            r = results[mode]
            print(
                f"{mode:<12} {r['pages']:>5} {r['seconds']:>8.2f} "
                f"{r['peak_mb']:>8.0f} {r['peak_mb'] - plan['peak_mb']:>6.0f}"
            )
        ours, base = results["sections"], results["one piece"]
        print(
            f"ratio sections / one piece: time {ours['seconds'] / base['seconds']:.2f}, "
            f"peak memory {ours['peak_mb'] / base['peak_mb']:.2f}, "
            "memory above the plan "
            f"{(ours['peak_mb'] - plan['peak_mb']) / max(1, base['peak_mb'] - plan['peak_mb']):.2f}"
        )
        label = f"series bilan, {args.editions} × {args.participants}"
        report_render(f"{label}: sections vs one piece", ours, base)


if __name__ == "__main__":
    main()
