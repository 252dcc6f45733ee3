"""CSV and XLSX writing shared by every export (directory, attendees, answers).

French spreadsheets expect ``;``-separated UTF-8 with a byte-order mark. In a
CSV, a cell that starts with ``= + - @`` (or a tab or carriage return) would be
run as a formula: ``neutralise`` prefixes such text with a quote (CSV
injection), except plain numbers and phone numbers (``+33 1 55 56 37 00``),
which no spreadsheet runs. In an XLSX, text cells are typed as text, so they are
never run and need no quote. ``unneutralise`` undoes the quote on import, so an
export read back gives the values that were exported.
"""

import csv
import io
import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Digits with the separators of numbers and phone numbers: no function name,
# no reference, nothing a spreadsheet could run.
_NUMBER_LIKE = re.compile(r"^[+-]?[0-9][0-9 .,()/-]*$")
# What XML 1.0, hence XLSX, cannot hold (tab, line feed and carriage return can).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_TITLE_DASHES = re.compile(r"[:/\\]")
_SHEET_TITLE_DROPPED = re.compile(r"[*?\[\]]")
SHEET_TITLE_MAX = 31


def neutralise(value):
    """The value as a CSV must hold it: text that a spreadsheet would run as a
    formula gets a leading quote; numbers, phone numbers, dates and ``None``
    pass unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _NUMBER_LIKE.match(value)
    ):
        return "'" + value
    return value


def unneutralise(value):
    """Undo ``neutralise``: ``'=1+1`` read from an export is ``=1+1`` again."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


def clean_text(value: str) -> str:
    """``value`` without the control characters an XLSX file cannot hold."""
    return _ILLEGAL_XML.sub("", value)


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: ``Bilan : 2013`` becomes ``Bilan - 2013``."""
    text = _SHEET_TITLE_DASHES.sub("-", clean_text(title or ""))
    text = " ".join(_SHEET_TITLE_DROPPED.sub("", text).split())
    # A quote may not start or end the name.
    text = text[:SHEET_TITLE_MAX].strip("' ")
    return text or "Export"


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows (the header first) as ``;``-separated UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable], *, title: str) -> bytes:
    """Rows (the header first) as an XLSX workbook of one sheet named ``title``.

    Text is written as text, whatever it starts with, so no cell is ever a
    formula; control characters typed by a registrant are dropped.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))

    def cell(value):
        if not isinstance(value, str):
            return value
        typed = WriteOnlyCell(sheet, value=clean_text(value))
        typed.data_type = "s"
        return typed

    for row in rows:
        sheet.append([cell(value) for value in row])
    workbook.properties.title = clean_text(title or "")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
