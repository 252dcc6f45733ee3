import csv
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import (
    csv_bytes,
    neutralise,
    sheet_title,
    unneutralise,
    xlsx_bytes,
)

ROWS = [
    ["nom", "site_web", "effectif"],
    ['=HYPERLINK("http://evil")', "+33 1 23", 12],
    ["Croix-Rouge française", None, -3],
]


def read_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_neutralise_quotes_text_that_a_spreadsheet_would_run():
    assert [
        neutralise(v)
        for v in ["=1+1", "@SUM(A1)", "-2+cmd|' /C calc'!A0", "\tx", "Meaux", -2, None]
    ] == ["'=1+1", "'@SUM(A1)", "'-2+cmd|' /C calc'!A0", "'\tx", "Meaux", -2, None]


def test_neutralise_leaves_numbers_and_phone_numbers_alone():
    assert [
        neutralise(v) for v in ["+33 1 55 56 37 00", "-2", "+33 (0)6 12.34.56.78"]
    ] == ["+33 1 55 56 37 00", "-2", "+33 (0)6 12.34.56.78"]


def test_unneutralise_undoes_neutralise_and_nothing_else():
    values = ["=1+1", "@SUM(A1)", "+33 1 55 56 37 00", "'quoted", "l'asso", "", 3]

    assert [unneutralise(neutralise(v)) for v in values] == values
    assert unneutralise("'+33 1 55 56 37 00") == "+33 1 55 56 37 00"


def test_csv_bytes_is_semicolon_utf8_with_bom_and_injection_safe():
    data = csv_bytes(ROWS)

    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == [
        "nom;site_web;effectif",
        '"\'=HYPERLINK(""http://evil"")";+33 1 23;12',
        "Croix-Rouge française;;-3",
    ]


def test_csv_bytes_round_trips_through_unneutralise():
    data = csv_bytes(ROWS).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(data), delimiter=";"))

    assert [unneutralise(v) for v in rows[1]] == [
        '=HYPERLINK("http://evil")',
        "+33 1 23",
        "12",
    ]


def test_xlsx_bytes_types_text_as_text_without_a_quote():
    sheet, rows = read_xlsx(xlsx_bytes(ROWS, title="Annuaire"))

    assert (sheet.title, rows, sheet["A2"].data_type, sheet["C2"].data_type) == (
        "Annuaire",
        [
            ["nom", "site_web", "effectif"],
            ['=HYPERLINK("http://evil")', "+33 1 23", 12],
            ["Croix-Rouge française", None, -3],
        ],
        "s",
        "n",
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bilan : Agir ensemble 2013", "Bilan - Agir ensemble 2013"),
        ("Inscriptions 05/01/2012", "Inscriptions 05-01-2012"),
        ("Quoi ? [brouillon] *", "Quoi brouillon"),
        ("'Citation'", "Citation"),
        (
            "Évaluation du programme « Agir ensemble » de 2013",
            "Évaluation du programme « Agir",
        ),
        ("\x07", "Export"),
        ("", "Export"),
    ],
)
def test_sheet_title_is_one_excel_accepts(title, expected):
    assert sheet_title(title) == expected


def test_xlsx_bytes_accepts_any_title_and_control_characters_in_cells():
    rows = [["nom", "commentaire"], ["Awa\x00 Diallo", "ligne\x0bune\tdeux\x1f"]]

    sheet, read = read_xlsx(xlsx_bytes(rows, title="Bilan : réunion du 5/01"))

    assert (sheet.title, read[1]) == (
        "Bilan - réunion du 5-01",
        ["Awa Diallo", "ligneune\tdeux"],
    )


@pytest.mark.django_db
def test_questionnaire_xlsx_export_with_a_french_title_and_a_control_character(
    client, coordinator
):
    from django.urls import reverse

    from evaluations.models import Question
    from tests.factories import AnswerFactory, QuestionFactory

    question = QuestionFactory(
        kind=Question.Kind.SHORT_TEXT,
        label="Un mot",
        section__questionnaire__title="Bilan : rencontre du 5/01/2012",
    )
    AnswerFactory(question=question, int_value=None, text_value="Merci\x0b !")
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_export",
            args=[question.questionnaire_id, "reponses", "xlsx"],
        )
    )

    sheet, rows = read_xlsx(response.content)
    assert (response.status_code, sheet.title, rows[1][-1]) == (
        200,
        "Bilan - rencontre du 5-01-2012",
        "Merci !",
    )
