"""Response rates that mean something, typed exports, sane dates."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.forms import QuestionnaireForm
from evaluations.models import Question
from evaluations.selectors import questionnaire_results
from tests.factories import (
    AnswerFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


def test_no_rate_above_100_percent_when_answers_outnumber_registrants(
    client, coordinator
):
    question = QuestionFactory()
    questionnaire = question.questionnaire
    RegistrationFactory(event=questionnaire.event, attended=True)
    for _index in range(6):
        AnswerFactory(
            question=question, response__questionnaire=questionnaire, int_value=4
        )

    results = questionnaire_results(questionnaire=questionnaire)
    client.force_login(coordinator)
    page = client.get(
        reverse("evaluations:orga_questionnaire_results", args=[questionnaire.pk])
    ).text

    assert (results.rate_registered, results.rate_attended) == (None, None)
    assert "600" not in page
    assert "réponses sans inscription" in page
    assert 'id="rate-registered-note"' in page


def test_a_rate_up_to_100_percent_is_shown():
    question = QuestionFactory()
    questionnaire = question.questionnaire
    for _index in range(4):
        RegistrationFactory(event=questionnaire.event)
    AnswerFactory(question=question, response__questionnaire=questionnaire)

    assert questionnaire_results(questionnaire=questionnaire).rate_registered == 25


def _export(client, questionnaire, what, fmt):
    return client.get(
        reverse(
            "evaluations:orga_questionnaire_export",
            args=[questionnaire.pk, what, fmt],
        )
    )


def test_xlsx_exports_write_numbers_as_numbers(client, coordinator):
    question = QuestionFactory(kind=Question.Kind.NUMBER, label="Kilomètres")
    questionnaire = question.questionnaire
    for value in (3, 4, 4):
        AnswerFactory(
            question=question, response__questionnaire=questionnaire, int_value=value
        )
    client.force_login(coordinator)

    raw = load_workbook(
        io.BytesIO(_export(client, questionnaire, "reponses", "xlsx").content)
    )
    summary = load_workbook(
        io.BytesIO(_export(client, questionnaire, "synthese", "xlsx").content)
    )

    assert sorted(row[-1] for row in list(raw.active.values)[1:]) == [3, 4, 4]
    averages = [row for row in summary.active.values if row[2] == "Moyenne"]
    assert averages[0][3] == pytest.approx(3.67)
    assert isinstance(averages[0][3], float)


def test_csv_summary_writes_decimals_with_a_comma_for_french_excel(client, coordinator):
    question = QuestionFactory(kind=Question.Kind.NUMBER, label="Écart")
    questionnaire = question.questionnaire
    for value in (-3, -4):
        AnswerFactory(
            question=question, response__questionnaire=questionnaire, int_value=value
        )
    client.force_login(coordinator)

    lines = (
        _export(client, questionnaire, "synthese", "csv").content.decode().splitlines()
    )

    assert "Écart;2;Moyenne;-3,5;" in lines
    assert "Écart;2;Médiane;-3,5;" in lines


@pytest.mark.parametrize(
    ("opens_at", "closes_at", "field"),
    [
        ("0001-01-01T10:00", "", "opens_at"),
        ("9999-12-31T10:00", "", "opens_at"),
        ("2026-06-01T10:00", "0001-01-01T10:00", "closes_at"),
        ("2026-06-01T10:00", "2026-05-01T10:00", "closes_at"),
    ],
)
def test_questionnaire_dates_out_of_bounds_are_refused_in_french(
    opens_at, closes_at, field
):
    form = QuestionnaireForm(
        data={
            "event": EventFactory().pk,
            "title": "Bilan",
            "audience": "participants",
            "segment_mode": "ask",
            "opens_at": opens_at,
            "closes_at": closes_at,
        }
    )

    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_orga_questionnaire_year_one_shows_the_error_next_to_the_field(
    client, coordinator
):
    questionnaire = ResponseFactory().questionnaire
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_questionnaire_update", args=[questionnaire.pk]),
        {
            "event": questionnaire.event.pk,
            "title": questionnaire.title,
            "audience": "participants",
            "segment_mode": "ask",
            "is_anonymous": "on",
            "opens_at": "0001-01-01T00:00",
        },
    )

    assert response.status_code == 200
    assert "Saisissez une date entre 1900 et 2100." in response.text
    questionnaire.refresh_from_db()
    assert questionnaire.opens_at.year > 2000


def test_xlsx_export_of_a_title_with_colon_and_slash_and_a_control_character(
    client, coordinator
):
    question = QuestionFactory(
        kind=Question.Kind.LONG_TEXT,
        questionnaire__title="Bilan : journée 2013/2014",
        section__questionnaire__title="Bilan : journée 2013/2014",
    )
    AnswerFactory(question=question, int_value=None, text_value="Bien\x07 vu\x1b")
    client.force_login(coordinator)

    response = _export(client, question.questionnaire, "reponses", "xlsx")

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active.title == "Bilan - journée 2013-2014"
    assert list(workbook.active.values)[1][-1] == "Bien vu"
