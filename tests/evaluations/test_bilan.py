"""The bilans of an event and of a series: their figures are in the PDF, their
queries do not grow with participants or answers, and only who sees the event
(or, for a series, the coordinators) may ask for them."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import Question, Questionnaire
from events.models import BudgetLine, Registration
from partners.models import Organisation
from reports import services
from reports.registry import PDF_BUILDERS
from reports.rendering import DocumentRenderer
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    BudgetLineFactory,
    ChoiceFactory,
    CoordinatorFactory,
    EventFactory,
    EventPartFactory,
    EventSeriesFactory,
    FunderFactory,
    OrganisationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    ResponseFactory,
    SectionFactory,
)
from tests.reports.conftest import job_pdf, pdf_text

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


def agir_ensemble(*, participants=3, answers=4, year=2013, series=None, **event):
    """An edition of the Rencontres: parts, registrations of every status,
    a questionnaire with a satisfaction, a choice and a text question."""
    ccas = OrganisationFactory(
        name="CCAS d'Angers", kind=Organisation.Kind.PUBLIC_SERVICE
    )
    day = dt.datetime(year, 10, 8, 10, 0, tzinfo=PARIS)
    edition = EventFactory(
        title=f"Rencontres Agir ensemble {year}",
        organiser=ccas,
        series=series,
        starts_at=day,
        ends_at=day + dt.timedelta(hours=10),
        venue_name="Angers",
        status="finished",
        **event,
    )
    morning = EventPartFactory(event=edition, title="Matinée des bénévoles retraités")
    afternoon = EventPartFactory(event=edition, title="Après-midi ouverte à tous")
    AgendaItemFactory(
        event=edition,
        part=afternoon,
        title="Conférence : repenser la solidarité",
        starts_at=day + dt.timedelta(hours=4, minutes=15),
        ends_at=day + dt.timedelta(hours=5, minutes=30),
    )
    association = OrganisationFactory(name="Restos du cœur")
    statuses = [
        Registration.Status.VOLUNTEER,
        Registration.Status.PROFESSIONAL,
        Registration.Status.ELECTED,
    ]
    for n in range(participants):
        registration = RegistrationFactory(
            event=edition,
            first_name="Secret",
            last_name=f"Zorglub{n}",
            status=statuses[n % 3],
            organisation=association if n % 3 == 0 else ccas,
            attended=n % 3 != 2,
        )
        RegistrationPartFactory(
            registration=registration, part=morning if n % 2 else afternoon
        )
    questionnaire = QuestionnaireFactory(
        event=edition, title=f"Questionnaire de satisfaction {year}"
    )
    section = SectionFactory(questionnaire=questionnaire)
    overall = QuestionFactory(
        section=section,
        label="Êtes-vous satisfait·e de la rencontre ?",
        key="satisfaction-globale",
    )
    format_question = QuestionFactory(
        section=section, kind=Question.Kind.SINGLE, label="Le format vous convient-il ?"
    )
    ok = ChoiceFactory(question=format_question, label="Trop d'interventions")
    ChoiceFactory(question=format_question, label="Format équilibré")
    liked = QuestionFactory(
        section=section,
        kind=Question.Kind.LONG_TEXT,
        label="Qu'avez-vous apprécié ?",
    )
    for n in range(answers):
        response = ResponseFactory(questionnaire=questionnaire)
        AnswerFactory(question=overall, response=response, int_value=5 if n else 3)
        AnswerFactory(
            question=format_question, response=response, int_value=None, choice=ok
        )
        AnswerFactory(
            question=liked,
            response=response,
            int_value=None,
            text_value=f"Réponse libre privée {n}",
        )
    from tests.factories import TestimonialFactory

    TestimonialFactory(
        answer__question=liked,
        answer__response__questionnaire=questionnaire,
        text="Un temps riche d'échanges et de rencontres.",
        first_name="Annie",
        organisation_name="Restos du cœur",
    )
    BudgetLineFactory(event=edition, label="Salle", planned=Decimal("40000"))
    BudgetLineFactory(
        event=edition,
        label="Subvention",
        direction=BudgetLine.Direction.INCOME,
        planned=Decimal("15000"),
        actual=Decimal("12000"),
    )
    return edition


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(**kwargs)
    job.refresh_from_db()
    return job


def html(kind, obj):
    builder = PDF_BUILDERS[kind]
    plan = builder.plan(obj, {})
    return DocumentRenderer(
        template_name=builder.template_name,
        plan=plan,
        language="fr",
        weight_limit=builder.section_weight_limit,
    ).full_html()


def test_bilan_shows_attendance_statuses_results_testimonials_and_budget(
    django_capture_on_commit_callbacks,
):
    edition = agir_ensemble(participants=6, answers=4)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="bilan",
        obj=edition,
        user=CoordinatorFactory(),
    )

    assert job.status == "ready", job.error
    assert job.file.name.endswith(f"bilan-{edition.slug}.pdf")
    text = pdf_text(job_pdf(job))
    for expected in (
        "Bilan — Rencontres Agir ensemble 2013",
        "Présence",
        "Inscrit·es 6",
        "Présent·es 4",
        "Matinée des bénévoles retraités 3",
        "Bénévole 2 33 %",
        "Professionnel·le 2 33 %",
        "Élu·e 2 33 %",
        "Service public / institution 4",
        "2 organisations distinctes de l'annuaire",
        "Inscriptions par type d'organisation",
        "Conférence\u00a0: repenser la solidarité",
        "Questionnaire de satisfaction 2013",
        "4 réponses",
        "Êtes-vous satisfait·e de la rencontre ?",
        "moyenne 4,5",
        "Très satisfait·e 3 75 %",
        "Trop d'interventions 4 100 %",
        "Qu'avez-vous apprécié ?",
        "Un temps riche d'échanges et de rencontres.",
        "Annie – Restos du cœur",
        "Dépense 40\u202f000\u00a0€ — 1",
        "Recette 15\u202f000\u00a0€ 12\u202f000\u00a0€ 1",
    ):
        assert expected in text, expected
    # Nobody is named but the quoted author; free answers stay private.
    assert "Zorglub" not in text
    assert "Secret" not in text
    assert "@example.org" not in text
    assert "Réponse libre privée" not in text


def test_bilan_serie_shows_322_to_1155_and_each_edition(
    django_capture_on_commit_callbacks,
):
    series = EventSeriesFactory(title="Rencontres « Agir ensemble »")
    agir_ensemble(series=series, year=2011, participant_count=322, answers=2)
    agir_ensemble(series=series, year=2012, participants=5, answers=1)
    agir_ensemble(series=series, year=2013, participant_count=1155, answers=3)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="bilan-serie",
        obj=series,
        user=CoordinatorFactory(),
    )

    assert job.status == "ready", job.error
    text = pdf_text(job_pdf(job))
    for expected in (
        "Bilan — Rencontres « Agir ensemble »",
        "Présence par édition",
        "2011 322",
        "2012 4 5",
        "2013 1\u202f155 3",
        "Publics par édition",
        "Satisfaction par édition",
        "Êtes-vous satisfait·e de la rencontre ?",
        "Rencontres Agir ensemble 2011",
        "Rencontres Agir ensemble 2012",
        "Rencontres Agir ensemble 2013",
        "Un temps riche d'échanges et de rencontres.",
    ):
        assert expected in text, expected


def test_bilan_serie_charts_are_svg_without_script():
    series = EventSeriesFactory()
    agir_ensemble(series=series, year=2011, participant_count=322)
    agir_ensemble(series=series, year=2013, participant_count=1155)

    content = html("bilan-serie", series)

    assert "<script" not in content
    assert content.count('class="pygal-chart chart"') >= 3 + 2 * 2
    assert 'aria-label="Participants par édition"' in content


@pytest.mark.parametrize("size", (2, 8))
def test_bilan_queries_do_not_grow_with_participants_or_answers(
    size, django_assert_num_queries
):
    edition = agir_ensemble(participants=size, answers=size)

    with django_assert_num_queries(17):  # 16, and the ateliers' syntheses
        content = html("bilan", edition)

    assert "Êtes-vous satisfait·e de la rencontre ?" in content


@pytest.mark.parametrize("size", (2, 8))
def test_bilan_serie_queries_do_not_grow_with_participants_or_answers(
    size, django_assert_num_queries
):
    series = EventSeriesFactory()
    for year in (2011, 2012):
        agir_ensemble(series=series, year=year, participants=size, answers=size)

    with django_assert_num_queries(40):  # 38, and two editions' syntheses
        html("bilan-serie", series)


def test_source_version_changes_with_registrations_and_answers():
    edition = agir_ensemble()
    builder = PDF_BUILDERS["bilan"]
    series_builder = PDF_BUILDERS["bilan-serie"]
    series = EventSeriesFactory()
    edition.series = series
    edition.save()
    versions = [
        (builder.source_version(edition, {}), series_builder.source_version(series, {}))
    ]

    RegistrationFactory(event=edition)
    versions.append(
        (builder.source_version(edition, {}), series_builder.source_version(series, {}))
    )
    question = Questionnaire.objects.get(event=edition).questions.first()
    AnswerFactory(question=question)
    versions.append(
        (builder.source_version(edition, {}), series_builder.source_version(series, {}))
    )

    assert len({v[0] for v in versions}) == 3
    assert len({v[1] for v in versions}) == 3


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("render_report", *args, "--timeout", "60", stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_render_report_command_renders_both_bilans():
    series = EventSeriesFactory(slug="rencontres-agir-ensemble")
    edition = agir_ensemble(series=series, participant_count=1155)

    event_path = Path(run_command("bilan", str(edition.pk)).strip().splitlines()[-1])
    series_path = Path(
        run_command("bilan-serie", str(series.pk)).strip().splitlines()[-1]
    )

    assert event_path.name == f"bilan-{edition.slug}.pdf"
    assert series_path.name == "bilan-rencontres-agir-ensemble.pdf"
    assert event_path.read_bytes()[:5] == series_path.read_bytes()[:5] == b"%PDF-"


# -- who may ask -----------------------------------------------------------------


def post_request(client, kind, obj):
    return client.post(
        reverse("reports:job_request"), {"kind": kind, "object_id": str(obj.pk)}
    )


def test_a_funder_may_ask_for_the_bilan_of_an_event_it_funds(client):
    monoprix = OrganisationFactory(name="Fondation Monoprix")
    edition = agir_ensemble(funders=[monoprix])
    client.force_login(FunderFactory(organisations=[monoprix]))

    response = post_request(client, "bilan", edition)

    assert response.status_code == 302


def test_a_funder_of_another_event_gets_a_404(client):
    edition = agir_ensemble(funders=[OrganisationFactory()])
    client.force_login(FunderFactory(organisations=[OrganisationFactory()]))

    response = post_request(client, "bilan", edition)

    assert response.status_code == 404


def test_a_series_bilan_is_for_coordinators_only(client):
    monoprix = OrganisationFactory()
    series = EventSeriesFactory()
    agir_ensemble(series=series, funders=[monoprix])
    client.force_login(FunderFactory(organisations=[monoprix]))

    response = post_request(client, "bilan-serie", series)

    assert response.status_code == 404


# -- the buttons -------------------------------------------------------------------


def offers(content: str, kind: str, obj) -> bool:
    return (
        f'name="kind" value="{kind}"' in content
        and f'name="object_id" value="{obj.pk}"' in content
    )


def test_results_page_offers_the_printable_bilan(client):
    edition = agir_ensemble(answers=1)
    questionnaire = Questionnaire.objects.get(event=edition)
    client.force_login(CoordinatorFactory())

    response = client.get(
        reverse("evaluations:orga_questionnaire_results", args=[questionnaire.pk])
    )

    assert offers(response.content.decode(), "bilan", edition)


def test_event_page_offers_the_bilan(client):
    edition = agir_ensemble(answers=1)
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("events:orga_event_detail", args=[edition.pk]))

    assert offers(response.content.decode(), "bilan", edition)


def test_funders_event_page_offers_the_bilan(client):
    monoprix = OrganisationFactory()
    edition = agir_ensemble(answers=1, funders=[monoprix])
    client.force_login(FunderFactory(organisations=[monoprix]))

    response = client.get(reverse("events:partner_event_detail", args=[edition.pk]))

    assert offers(response.content.decode(), "bilan", edition)


def test_series_page_offers_the_series_bilan(client):
    series = EventSeriesFactory()
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("events:orga_series_detail", args=[series.pk]))

    assert offers(response.content.decode(), "bilan-serie", series)


def test_the_demo_series_bilan_shows_322_then_1155_participants():
    from evaluations import demo as evaluations_demo
    from events import demo as events_demo
    from events.models import EventSeries
    from partners import demo as partners_demo

    partners_demo.load()
    events_demo.load()
    evaluations_demo.load()
    series = EventSeries.objects.get(slug="rencontres-agir-ensemble")
    builder = PDF_BUILDERS["bilan-serie"]

    rendered = DocumentRenderer(
        template_name=builder.template_name,
        plan=builder.plan(series, {}),
        language="fr",
        weight_limit=builder.section_weight_limit,
    ).render()

    text = pdf_text(rendered.pdf)
    assert "2011 322" in text
    assert "2013 1\u202f155" in text
    assert "Questionnaire de satisfaction — Rencontres Agir ensemble 2013" in text


def test_bilans_of_an_empty_event_and_series_render():
    series = EventSeriesFactory()
    event = EventFactory(series=series, title="Édition sans inscrit")
    EventFactory(series=series)
    for kind, obj in (("bilan", event), ("bilan-serie", series)):
        builder = PDF_BUILDERS[kind]
        rendered = DocumentRenderer(
            template_name=builder.template_name,
            plan=builder.plan(obj, {}),
            language="fr",
            weight_limit=builder.section_weight_limit,
        ).render()

        assert "Édition sans inscrit" in pdf_text(rendered.pdf)
    empty = EventSeriesFactory()
    assert "Bilan" in html("bilan-serie", empty)


def test_the_organisers_review_is_in_the_event_and_series_bilans():
    series = EventSeriesFactory(
        title="Rencontres « Agir ensemble »",
        review_positives="Rencontre appréciée tant sur le fond que sur la forme.",
        review_changes="Limiter le nombre d'interventions.",
        review_observations="Budget de la rencontre : 40 000 €.",
    )
    edition = agir_ensemble(
        series=series,
        year=2013,
        review_positives="Un temps riche d'échanges.",
        review_changes="Stabiliser le lieu plus en amont.",
    )

    series_html = html("bilan-serie", series)
    edition_html = html("bilan", edition)

    for expected in (
        "Le bilan des organisateurs",
        "Points positifs",
        "Rencontre appréciée tant sur le fond que sur la forme.",
        "Ce qui doit changer",
        "Limiter le nombre d",
        "Observations",
        "Stabiliser le lieu plus en amont.",
    ):
        assert expected in series_html, expected
    assert "Un temps riche d" in edition_html
    assert "Stabiliser le lieu plus en amont." in edition_html
    assert "Rencontre appréciée" not in edition_html


def test_without_a_review_the_bilan_has_no_review_section():
    edition = agir_ensemble(year=2013)

    assert "Le bilan des organisateurs" not in html("bilan", edition)
