import io

from openpyxl import load_workbook

from core.spreadsheets import csv_bytes, neutralise, xlsx_bytes

ROWS = [
    ["nom", "site_web", "effectif"],
    ['=HYPERLINK("http://evil")', "+33 1 23", 12],
    ["Croix-Rouge française", None, -3],
]


def test_neutralise_quotes_text_that_a_spreadsheet_would_run():
    assert [
        neutralise(v) for v in ["=1+1", "@SUM(A1)", "-2", "\tx", "Meaux", -2, None]
    ] == [
        "'=1+1",
        "'@SUM(A1)",
        "'-2",
        "'\tx",
        "Meaux",
        -2,
        None,
    ]


def test_csv_bytes_is_semicolon_utf8_with_bom_and_injection_safe():
    data = csv_bytes(ROWS)

    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == [
        "nom;site_web;effectif",
        '"\'=HYPERLINK(""http://evil"")";\'+33 1 23;12',
        "Croix-Rouge française;;-3",
    ]


def test_xlsx_bytes_keeps_numbers_and_neutralises_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(ROWS, title="Annuaire")))

    sheet = workbook["Annuaire"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["nom", "site_web", "effectif"],
        ['\'=HYPERLINK("http://evil")', "'+33 1 23", 12],
        ["Croix-Rouge française", None, -3],
    ]
