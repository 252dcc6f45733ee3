"""The evaluation report (``rapport-evaluation``): its text, which version a
funder may get, its source version and its bounded queries."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.funding import submit_version
from evaluations.models import EvaluationVersion, ImprovementPoint, Indicator
from reports import services
from reports.models import ReportJob
from reports.registry import get_builder
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    ExpectedResultFactory,
    FundedProjectFactory,
    FunderFactory,
    ImprovementPointFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    OrganisationFactory,
    PartnerUserFactory,
    QuestionFactory,
    SubObjectiveFactory,
    UnexpectedResultFactory,
)
from tests.factories import TestimonialFactory as QuoteFactory
from tests.factories.reports import ReportJobFactory
from tests.reports.conftest import flatten, job_pdf, pdf_text

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=1))
BUILDER = get_builder("rapport-evaluation")


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def monoprix_project():
    """The Journée inter-associative 2017 funded by the Fondation Monoprix."""
    fondation = OrganisationFactory(name="Fondation Monoprix", kind="fondation")
    event = EventFactory(title="Journée inter-associative 2017")
    project = FundedProjectFactory(
        title="Journée inter-associative 2017",
        funders=[fondation],
        events=[event],
        amount_granted=8000,
        general_objective="Faire connaître les actions soutenues par la Fondation.",
        relationship_expectations="Un accompagnement au-delà du mécénat financier.",
        relationship_assessment="Une relation de confiance, des échanges réguliers.",
    )
    sub_objective = SubObjectiveFactory(
        project=project, title="Favoriser les rencontres entre associations"
    )
    result = ExpectedResultFactory(
        sub_objective=sub_objective, title="Des associations de tout le territoire"
    )
    participants = IndicatorFactory(
        result=result,
        name="Participants présents",
        unit="personnes",
        baseline_value=322,
        baseline_year=2011,
        target=1200,
        computation=Indicator.Computation.ATTENDANCE,
    )
    IndicatorPeriodFactory(
        indicator=participants,
        label="Édition 2016",
        year=2016,
        target=1000,
        actual=1155,
        source="Feuilles d'émargement",
        computation_note="Présences pointées le jour même : 1 155.",
    )
    IndicatorPeriodFactory(
        indicator=participants,
        label="Édition 2017",
        year=2017,
        target=1200,
        actual=800,
        source="Feuilles d'émargement",
    )
    IndicatorPeriodFactory(
        indicator=IndicatorFactory(
            result=result,
            name="Ateliers d'échange de pratiques",
            unit="ateliers",
            baseline_value=0,
            target=6,
        ),
        label="Édition 2017",
        target=6,
        actual=4,
        source="Programme de la journée",
    )
    UnexpectedResultFactory(
        project=project, description="Deux associations ont monté un projet commun."
    )
    ImprovementPointFactory(
        project=project,
        kind=ImprovementPoint.Kind.DYSFUNCTION,
        description="Les inscriptions ont ouvert trop tard.",
    )
    ImprovementPointFactory(
        project=project, description="Prévoir plus de temps pour les ateliers."
    )
    question = QuestionFactory(
        section__questionnaire__event=event, kind="long_text", label="Votre avis"
    )
    quote = QuoteFactory(
        answer__question=question,
        answer__text_value="Très enrichissant de découvrir des actions.",
        first_name="Bethan",
        organisation_name="Dons Solidaires",
    )
    # Approved after the day, before the version of January 2018.
    type(quote).objects.filter(pk=quote.pk).update(
        created_at=dt.datetime(2017, 12, 1, tzinfo=PARIS)
    )
    return project, fondation


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(kind="rapport-evaluation", **kwargs)
    job.refresh_from_db()
    return job


def submitted(project, *, on=dt.datetime(2018, 1, 12, 10, 0, tzinfo=PARIS)):
    version = submit_version(project, user=CoordinatorFactory())
    EvaluationVersion.objects.filter(pk=version.pk).update(submitted_at=on)
    version.refresh_from_db()
    return version


# -- the document's text ---------------------------------------------------


def test_the_report_of_a_version_holds_the_four_parts_indicators_and_testimonials(
    django_capture_on_commit_callbacks,
):
    project, _fondation = monoprix_project()
    submitted(project)
    submitted(project)

    job = ask(
        django_capture_on_commit_callbacks,
        obj=project,
        user=CoordinatorFactory(),
        parameters={"version": "2"},
    )

    assert job.status == "ready", job.error
    text = pdf_text(job_pdf(job))
    for expected in (
        "Journée inter-associative 2017",
        "Version 2 soumise le 12 janvier 2018",
        "Fondation Monoprix",
        "1. Réalisations attendues",
        "Faire connaître les actions soutenues par la Fondation.",
        "Favoriser les rencontres entre associations",
        "Des associations de tout le territoire",
        "Participants présents",
        "Unité\u00a0: personnes",
        "Valeur de référence\u00a0: 322 (2011)",
        "Édition 2016 1\u202f000 1\u202f155 Atteint",
        "Édition 2017 1\u202f200 800 Partiellement atteint",
        "Édition 2017 6 4 Partiellement atteint",
        "Source\u00a0: Feuilles d'émargement",
        "Présences pointées le jour même\u00a0: 1 155.",
        "2. Réalisations inattendues",
        "Deux associations ont monté un projet commun.",
        "3. Pistes d’amélioration",
        "Les inscriptions ont ouvert trop tard.",
        "Prévoir plus de temps pour les ateliers.",
        "4. Évaluation de la relation partenariale",
        "Un accompagnement au-delà du mécénat financier.",
        "Une relation de confiance, des échanges réguliers.",
        "Très enrichissant de découvrir des actions.",
        "Bethan – Dons Solidaires",
    ):
        assert expected in text, expected
    assert job.file.name.endswith(
        "rapport-evaluation-journee-inter-associative-2017-v2.pdf"
    )


def test_the_report_holds_a_target_against_actual_chart_beside_the_table():
    project, _fondation = monoprix_project()

    plan = BUILDER.plan(project, {})

    indicator = plan.context["sub_objectives"][0]["results"][0]["indicators"][0]
    svg = str(indicator["chart"])
    assert "<svg" in svg and "<script" not in svg
    assert 'aria-label="Participants présents"' in svg
    assert "Cible" in svg and "Réalisé" in svg
    assert "Édition 2016" in svg


def test_a_qualitative_indicator_shows_its_texts_and_no_chart(
    django_capture_on_commit_callbacks,
):
    period = IndicatorPeriodFactory(
        indicator__measure=Indicator.Measure.QUALITATIVE,
        indicator__name="Qualité des échanges",
        indicator__target=None,
        indicator__target_text="Des échanges jugés utiles",
        indicator__unit="",
        target=None,
        actual_text="Les participants citent des contacts nouveaux.",
        assessment="atteint",
    )
    project = period.indicator.result.sub_objective.project

    plan = BUILDER.plan(project, {})
    job = ask(django_capture_on_commit_callbacks, obj=project, user=None)

    indicator = plan.context["sub_objectives"][0]["results"][0]["indicators"][0]
    assert indicator["chart"] == ""
    text = pdf_text(job_pdf(job))
    assert "Cible\u00a0: Des échanges jugés utiles" in text
    assert "Les participants citent des contacts nouveaux. Atteint" in text


def test_the_draft_says_it_is_one_and_shows_the_live_rows(
    django_capture_on_commit_callbacks,
):
    project, _fondation = monoprix_project()
    submitted(project)
    UnexpectedResultFactory(project=project, description="Un effet découvert après.")

    job = ask(
        django_capture_on_commit_callbacks, obj=project, user=CoordinatorFactory()
    )

    text = pdf_text(job_pdf(job))
    assert job.parameters == {}
    assert "Brouillon" in text
    assert "Un effet découvert après." in text
    assert job.file.name.endswith("-brouillon.pdf")


def test_a_version_shows_its_frozen_values_not_the_later_edits(
    django_capture_on_commit_callbacks,
):
    project, _fondation = monoprix_project()
    submitted(project)
    Indicator.objects.filter(name="Participants présents").update(
        name="Participants (renommé)"
    )

    job = ask(
        django_capture_on_commit_callbacks,
        obj=project,
        user=CoordinatorFactory(),
        parameters={"version": 1},
    )

    text = pdf_text(job_pdf(job))
    assert "Participants présents" in text
    assert "renommé" not in text


def test_testimonials_need_consent_and_belong_to_the_projects_events():
    project, _fondation = monoprix_project()
    event = project.events.get()
    withdrawn = QuoteFactory(
        answer__question__section__questionnaire__event=event,
        answer__text_value="Je ne veux plus être cité.",
    )
    withdrawn.answer.response.quote_consent = False
    withdrawn.answer.response.save()
    QuoteFactory(answer__text_value="Une autre journée, un autre projet.")

    quotes = [t.text for t in BUILDER.plan(project, {}).context["testimonials"]]

    assert quotes == ["Très enrichissant de découvrir des actions."]


def test_a_version_quotes_the_testimonials_approved_by_its_submission():
    project, _fondation = monoprix_project()
    version = submitted(project, on=dt.datetime(2099, 1, 1, tzinfo=PARIS))
    EvaluationVersion.objects.filter(pk=version.pk).update(
        submitted_at=dt.datetime(2000, 1, 1, tzinfo=PARIS)
    )

    frozen = BUILDER.plan(project, {"version": 1}).context["testimonials"]
    draft = BUILDER.plan(project, {}).context["testimonials"]

    assert (len(frozen), len(draft)) == (0, 1)


# -- parameters and who gets which version ---------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ({"version": "2"}, {"version": 2}),
        ({"version": 3}, {"version": 3}),
        ({"version": " 4 "}, {"version": 4}),
        ({"version": "0"}, {}),
        ({"version": "-1"}, {}),
        ({"version": "brouillon"}, {}),
        ({"version": "²"}, {}),
        ({"version": "9" * 40}, {}),
        ({"version": "1\x00"}, {}),
        ({"page": "3"}, {}),
        (None, {}),
    ],
)
def test_clean_parameters_keeps_a_positive_version_number(raw, cleaned):
    assert BUILDER.clean_parameters(raw) == cleaned


def test_a_funder_gets_the_latest_submitted_version_by_default(
    client, django_capture_on_commit_callbacks
):
    project, fondation = monoprix_project()
    submitted(project)
    submitted(project)
    UnexpectedResultFactory(project=project, description="Pas encore soumis.")
    funder = FunderFactory(organisations=[fondation])
    client.force_login(funder)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_request"),
            {"kind": "rapport-evaluation", "object_id": str(project.pk)},
        )

    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job_detail", args=[job.pk])
    assert job.parameters == {"version": 2}
    text = pdf_text(job_pdf(job))
    assert "Version 2 soumise le 12 janvier 2018" in text
    assert "Pas encore soumis." not in text
    assert "Brouillon" not in text
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200


def test_a_funder_may_ask_for_an_earlier_version(
    client, django_capture_on_commit_callbacks
):
    project, fondation = monoprix_project()
    submitted(project)
    submitted(project)
    client.force_login(FunderFactory(organisations=[fondation]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:job_request"),
            {
                "kind": "rapport-evaluation",
                "object_id": str(project.pk),
                "parameters": "version=1",
            },
        )

    assert ReportJob.objects.get().parameters == {"version": 1}


@pytest.mark.parametrize("parameters", ["", "version=brouillon", "version=3"])
def test_a_funder_cannot_get_a_draft_nor_an_unknown_version(client, parameters):
    project, fondation = monoprix_project()
    if parameters:
        submitted(project)
        submitted(project)
    # Without a version and none submitted, there is only the draft.
    client.force_login(FunderFactory(organisations=[fondation]))

    response = client.post(
        reverse("reports:job_request"),
        {
            "kind": "rapport-evaluation",
            "object_id": str(project.pk),
            "parameters": parameters,
        },
    )

    if parameters == "version=brouillon":
        # "brouillon" is no version: the funder gets the latest submitted.
        assert ReportJob.objects.get().parameters == {"version": 2}
    else:
        assert response.status_code == 404
        assert not ReportJob.objects.exists()


def test_a_funder_cannot_see_nor_download_a_coordinators_draft_report(client):
    project, fondation = monoprix_project()
    draft = ReportJobFactory(
        kind="rapport-evaluation",
        object_id=str(project.pk),
        parameters={},
        status=ReportJob.Status.READY,
    )
    draft.file.save("brouillon.pdf", io.BytesIO(b"%PDF-1.7 brouillon"))
    funder = FunderFactory(organisations=[fondation])
    client.force_login(funder)

    pages = [
        client.get(reverse(name, args=[draft.pk])).status_code
        for name in ("reports:job_detail", "reports:job_download")
    ]

    assert pages == [404, 404]
    assert not ReportJob.objects.for_user(funder).filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    "who", ["other funder", "partner", "anonymous"], ids=lambda w: w.replace(" ", "-")
)
def test_the_report_is_a_404_or_login_for_those_outside_the_project(client, who):
    project, fondation = monoprix_project()
    submitted(project)
    if who == "other funder":
        client.force_login(FunderFactory(organisations=[OrganisationFactory()]))
    elif who == "partner":
        client.force_login(PartnerUserFactory(organisations=[fondation]))

    response = client.post(
        reverse("reports:job_request"),
        {
            "kind": "rapport-evaluation",
            "object_id": str(project.pk),
            "parameters": "version=1",
        },
    )

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_a_coordinator_may_not_ask_for_a_version_that_does_not_exist(client):
    project, _fondation = monoprix_project()
    client.force_login(CoordinatorFactory())

    response = client.post(
        reverse("reports:job_request"),
        {
            "kind": "rapport-evaluation",
            "object_id": str(project.pk),
            "parameters": "version=7",
        },
    )

    assert response.status_code == 404
    assert not ReportJob.objects.exists()


# -- source version ---------------------------------------------------------


def test_the_drafts_source_version_follows_its_rows_a_versions_does_not():
    project, _fondation = monoprix_project()
    submitted(project)
    draft_before = BUILDER.source_version(project, {})
    frozen_before = BUILDER.source_version(project, {"version": 1})

    IndicatorPeriodFactory(
        indicator=Indicator.objects.get(name="Participants présents"),
        label="Édition 2018",
        actual=1300,
    )
    QuoteFactory(
        answer__question__section__questionnaire__event=project.events.get(),
        answer__text_value="Encore mieux cette année.",
    )

    assert BUILDER.source_version(project, {}) != draft_before
    assert BUILDER.source_version(project, {"version": 1}) == frozen_before


def test_a_drafts_job_is_outdated_once_the_draft_changes(
    django_capture_on_commit_callbacks,
):
    project, _fondation = monoprix_project()
    job = ask(django_capture_on_commit_callbacks, obj=project, user=None)
    assert services.job_is_current(job)

    ImprovementPointFactory(project=project, description="Un point de plus.")

    assert not services.job_is_current(job)


# -- the command line ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_render_report_renders_an_evaluation_report_by_project_id():
    project, _fondation = monoprix_project()
    submitted(project)
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "render_report",
        "rapport-evaluation",
        str(project.pk),
        "--param",
        "version=1",
        "--timeout",
        "60",
        stdout=out,
        stderr=err,
    )

    path = Path(out.getvalue().strip().splitlines()[-1])
    assert path.name == "rapport-evaluation-journee-inter-associative-2017-v1.pdf"
    assert "Version 1 soumise le 12 janvier 2018" in flatten(
        pdf_text(path.read_bytes())
    )


@pytest.mark.django_db(transaction=True)
def test_render_report_says_when_the_version_does_not_exist():
    from django.core.management import CommandError

    project, _fondation = monoprix_project()

    with pytest.raises(CommandError) as error:
        call_command(
            "render_report",
            "rapport-evaluation",
            str(project.pk),
            "--param",
            "version=5",
            "--timeout",
            "60",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert "La version 5 de ce projet n’existe pas." in str(error.value)


# -- queries ----------------------------------------------------------------


def grow(project, *, periods: int, testimonials: int):
    """``periods`` more periods on each indicator, ``testimonials`` more quotes."""
    event = project.events.get()
    for indicator in Indicator.objects.filter(result__sub_objective__project=project):
        for n in range(periods):
            IndicatorPeriodFactory(
                indicator=indicator,
                label=f"Année {2000 + n}",
                actual=n,
                source="Comptage",
                author=CoordinatorFactory(),
                event=event,
            )
    question = QuestionFactory(section__questionnaire__event=event, kind="long_text")
    for n in range(testimonials):
        QuoteFactory(answer__question=question, answer__text_value=f"Avis {n}")


@pytest.mark.parametrize("version", [None, 1])
def test_plan_queries_do_not_grow_with_periods_nor_testimonials(version):
    counts = []
    for size in (1, 6):
        project, _fondation = monoprix_project()
        grow(project, periods=size, testimonials=size)
        parameters = {}
        if version:
            submitted(project, on=timezone.now())
            parameters = {"version": version}
        with CaptureQueriesContext(connection) as queries:
            plan = BUILDER.plan(project, parameters)
        assert len(plan.context["testimonials"]) == 1 + size
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 10
