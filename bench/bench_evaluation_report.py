"""The evaluation report's job against WeasyPrint alone on the same final HTML.

    .venv/bin/python bench/bench_evaluation_report.py [--rounds 3]

A funded project with 3 events, 1,200 participants, 3,000 answers (30 of
them approved testimonials) and 30 indicators of 3 periods each, with a
submitted version, on a throw-away SQLite database. Each measurement runs in
a fresh subprocess (``bench_reports.py --measure``, so that peak memory is
that of one render only), rounds alternating job and baseline:

- "job": ``render_report_task`` as a worker runs it (claim, queries, 30
  pygal charts, templates, WeasyPrint, storage);
- "alone": WeasyPrint rendering the document's final HTML in one piece.

For the submitted version (what a funder downloads) and for the live draft
(whose snapshot is computed from the rows), prints the median time, pages
and peak memory of both and the ratio job / alone (aim: at most 1.3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import child_step, report_render, run_json  # noqa: E402
from bench_reports import run_case  # noqa: E402

EVENTS = 3
PARTICIPANTS = 1200
ANSWERS = 3000
TESTIMONIALS = 30
INDICATORS = 30
AIM = 1.3


def populate() -> dict:
    """The project, its events, participants, answers and framework."""
    import datetime as dt
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from evaluations.funding import submit_version
    from evaluations.models import (
        Answer,
        ExpectedResult,
        FundedProject,
        ImprovementPoint,
        Indicator,
        IndicatorPeriod,
        Question,
        Response,
        SubObjective,
        Testimonial,
        UnexpectedResult,
    )
    from evaluations.services import create_questionnaire
    from events.models import Event, Registration
    from partners.models import Organisation

    organiser = Organisation.objects.create(name="RESO77")
    fondation = Organisation.objects.create(name="Fondation Monoprix")
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    events = [
        Event.objects.create(
            title=f"Journée inter-associative {2015 + n}",
            slug=f"journee-{2015 + n}",
            starts_at=start - dt.timedelta(days=365 * (3 - n)),
            ends_at=start - dt.timedelta(days=365 * (3 - n), hours=-9),
            organiser=organiser,
        )
        for n in range(EVENTS)
    ]
    project = FundedProject.objects.create(
        title="Journée inter-associative",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2017, 12, 31),
        amount_granted=Decimal("24000"),
        general_objective="Faire connaître les actions soutenues par la Fondation "
        "et favoriser les rencontres entre associations du territoire.",
        relationship_expectations="Un accompagnement au-delà du mécénat financier.",
        relationship_assessment="Une relation de confiance, des échanges réguliers.",
    )
    project.funders.set([fondation])
    project.events.set(events)

    per_event = PARTICIPANTS // EVENTS
    statuses = [s for s, _label in Registration.Status.choices]
    for event in events:
        Registration.objects.bulk_create(
            Registration(
                event=event,
                first_name="Camille",
                last_name=f"Martin {n}",
                email=f"camille{n}@{event.slug}.example.org",
                status=statuses[n % len(statuses)],
            )
            for n in range(per_event)
        )

    answers_per_event = ANSWERS // EVENTS
    quotes_per_event = TESTIMONIALS // EVENTS
    for event in events:
        questionnaire = create_questionnaire(
            event=event,
            template_key="satisfaction",
            opens_at=event.ends_at,
            closes_at=event.ends_at + dt.timedelta(days=30),
        )
        questions = list(questionnaire.questions.order_by("position", "pk"))
        scales = [q for q in questions if q.kind == Question.Kind.SATISFACTION]
        text = next(q for q in questions if q.kind in Question.TEXT_KINDS)
        per_response = len(scales) + 1
        responses = Response.objects.bulk_create(
            Response(
                questionnaire=questionnaire,
                quote_consent=n < quotes_per_event,
                first_name="Bethan" if n < quotes_per_event else "",
                organisation_name="Dons Solidaires" if n < quotes_per_event else "",
            )
            for n in range(answers_per_event // per_response)
        )
        rows = []
        for n, response in enumerate(responses):
            rows += [
                Answer(response=response, question=q, int_value=1 + (n + i) % 5)
                for i, q in enumerate(scales)
            ]
            rows.append(
                Answer(
                    response=response,
                    question=text,
                    text_value="Très enrichissant de découvrir des actions "
                    f"qu'on ne connaissait pas (réponse {n}).",
                )
            )
        rows += [
            Answer(response=responses[0], question=scales[0], int_value=3)
            for _extra in range(answers_per_event - len(rows))
        ]
        answers = Answer.objects.bulk_create(rows)
        Testimonial.objects.bulk_create(
            Testimonial(
                answer=answer,
                text=answer.text_value,
                first_name="Bethan",
                organisation_name="Dons Solidaires",
            )
            for answer in answers
            if answer.text_value and answer.response.quote_consent
        )

    computations = [c for c, _label in Indicator.Computation.choices if c]
    number = 0
    for s in range(5):
        sub_objective = SubObjective.objects.create(
            project=project,
            title=f"Sous-objectif {s + 1} : favoriser les rencontres entre "
            "associations et partenaires du territoire",
            position=s,
        )
        for r in range(2):
            result = ExpectedResult.objects.create(
                sub_objective=sub_objective,
                title=f"Résultat attendu {s + 1}.{r + 1} : des associations de "
                "tout le département se rencontrent et coopèrent",
                position=r,
            )
            for i in range(INDICATORS // 10):
                computation = computations[number % len(computations)]
                indicator = Indicator.objects.create(
                    result=result,
                    name=f"Indicateur {number + 1} : "
                    f"{Indicator.Computation(computation).label}",
                    unit="personnes",
                    computation=computation,
                    baseline_value=Decimal(300 + number),
                    baseline_year=2014,
                    target=Decimal(1200),
                    position=i,
                )
                IndicatorPeriod.objects.bulk_create(
                    IndicatorPeriod(
                        indicator=indicator,
                        label=f"Édition {2015 + p}",
                        event=event,
                        year=2015 + p,
                        target=Decimal(800 + 200 * p),
                        actual=Decimal(322 + 420 * p + number),
                        source="Feuilles d'émargement et questionnaires",
                        collection_method="Pointage à l'accueil",
                        computation_note="Calculé par Maillage à partir des "
                        f"présences de l'édition {2015 + p}.",
                        computed_at=timezone.now(),
                        position=p,
                    )
                    for p, event in enumerate(events)
                )
                number += 1
    for n in range(3):
        UnexpectedResult.objects.create(
            project=project,
            description=f"Résultat inattendu n° {n + 1} : deux associations ont "
            "monté un projet commun après la journée.",
            position=n,
        )
        ImprovementPoint.objects.create(
            project=project,
            kind=list(ImprovementPoint.Kind)[n % 2],
            description=f"Point n° {n + 1} : prévoir plus de temps pour les ateliers.",
            position=n,
        )
    submit_version(project, user=None)
    return {
        "project": project.pk,
        "answers": Answer.objects.count(),
        "participants": Registration.objects.count(),
        "testimonials": Testimonial.objects.count(),
        "indicators": Indicator.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if child_step(args, populate=lambda _spec: populate()):
        return

    with tempfile.TemporaryDirectory(prefix="bench-evaluation-") as tmp:
        workdir = Path(tmp)
        data = run_json(__file__, workdir, "--populate", "{}")
        print(
            f"project: {EVENTS} events, {data['participants']} participants, "
            f"{data['answers']} answers, {data['testimonials']} testimonials, "
            f"{data['indicators']} indicators; {args.rounds} rounds, medians",
            flush=True,
        )
        print(
            f"{'document':<34} {'pages':>5} {'job s':>8} {'alone s':>8} "
            f"{'ratio':>6} {'job MB':>7} {'alone MB':>8}",
            flush=True,
        )
        worst = 0.0
        for label, parameters in (
            ("rapport-evaluation, version 1", {"version": 1}),
            ("rapport-evaluation, draft", {}),
        ):
            base = {
                "kind": "rapport-evaluation",
                "object_id": data["project"],
                "parameters": parameters,
            }
            jobs, alones = [], []
            for _round in range(args.rounds):
                jobs.append(run_case(workdir, {**base, "mode": "job"}))
                alones.append(run_case(workdir, {**base, "mode": "alone"}))
            job = statistics.median(r["seconds"] for r in jobs)
            alone = statistics.median(r["seconds"] for r in alones)
            ratio = job / alone
            worst = max(worst, ratio)
            print(
                f"{label:<34} {jobs[0]['pages']:>5} {job:>8.2f} {alone:>8.2f} "
                f"{ratio:>6.2f} {max(r['peak_mb'] for r in jobs):>7.0f} "
                f"{max(r['peak_mb'] for r in alones):>8.0f}",
                flush=True,
            )
            report_render(
                f"{label}: job vs WeasyPrint alone",
                {"seconds": job},
                {"seconds": alone},
                aim=AIM,
                memory=False,
            )
        verdict = "OK" if worst <= AIM else "ABOVE THE AIM"
        print(f"worst ratio {worst:.2f} (aim <= {AIM}): {verdict}")


if __name__ == "__main__":
    main()
