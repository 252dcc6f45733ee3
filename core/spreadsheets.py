"""CSV and XLSX writing shared by every export (directory, attendees, answers).

French spreadsheets expect ``;``-separated UTF-8 with a byte-order mark, and a
cell that starts with ``= + - @`` (or a tab or carriage return) would be run
as a formula: ``neutralise`` prefixes such text with a quote (CSV injection).
"""

import csv
import io
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet must show it: text that looks like a formula
    gets a leading quote; numbers, dates and ``None`` pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows (the header first) as ``;``-separated UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable], *, title: str) -> bytes:
    """Rows (the header first) as an XLSX workbook of one sheet named ``title``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Export")[:31])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
