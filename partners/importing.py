"""Reading and applying partner files: CSV, XLSX and the official RNA extract.

One engine behind the import page, the admin and ``import_partners``:
``read_table`` turns bytes into rows (or raises ``ImportFileError`` with a
French message), ``plan_import`` decides row by row what would be created,
updated or rejected without writing, and ``apply_plan`` writes the accepted
rows in one transaction with bulk queries.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import neutralise, unneutralise

from .models import Audience, Organisation, Theme, organisation_search_text, sort_key
from .validators import (
    normalise_commune,
    normalise_rna,
    normalise_siret,
    normalise_text,
    validate_rna,
    validate_siret,
)

# A sanity bound, far above a département of the RNA (Paris: ~70,000 active
# associations); files are read row by row, so memory follows the kept rows.
MAX_ROWS = getattr(settings, "PARTNERS_IMPORT_MAX_ROWS", 250_000)
MAX_BYTES = getattr(settings, "PARTNERS_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# An XLSX is a zip: its directory tells the uncompressed size before opening.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 200

PARTNER_COLUMNS = (
    "nom",
    "sigle",
    "type",
    "adresse",
    "code_postal",
    "commune",
    "email",
    "telephone",
    "site_web",
    "publics",
    "thematiques",
    "rna",
    "siret",
)
RNA_COLUMNS = (
    "id",
    "id_ex",
    "siret",
    "rup_mi",
    "gestion",
    "date_creat",
    "date_decla",
    "date_publi",
    "date_disso",
    "nature",
    "groupement",
    "titre",
    "titre_court",
    "objet",
    "objet_social1",
    "objet_social2",
    "adrs_complement",
    "adrs_numvoie",
    "adrs_repetition",
    "adrs_typevoie",
    "adrs_libvoie",
    "adrs_distrib",
    "adrs_codeinsee",
    "adrs_codepostal",
    "adrs_libcommune",
    "adrg_declarant",
    "adrg_complemid",
    "adrg_complemgeo",
    "adrg_libvoie",
    "adrg_distrib",
    "adrg_codepostal",
    "adrg_achemine",
    "adrg_pays",
    "dir_civilite",
    "siteweb",
    "publiweb",
    "observation",
    "position",
    "maj_time",
)
# What an RNA row becomes (``_cells_from_rna``): the directory's columns.
RNA_KEPT_COLUMNS = (
    "nom",
    "sigle",
    "type",
    "mission",
    "adresse",
    "code_postal",
    "commune",
    "site_web",
    "rna",
    "siret",
)
RNA_SIGNATURE = {"id", "titre", "position", "adrs_codepostal", "adrs_libcommune"}
# Fields a file may set, in the order of the model.
TEXT_FIELDS = (
    "name",
    "acronym",
    "mission",
    "address",
    "postal_code",
    "commune",
    "email",
    "phone",
    "website",
    "rna",
    "siret",
)
COLUMN_TO_FIELD = {
    "nom": "name",
    "sigle": "acronym",
    "adresse": "address",
    "code_postal": "postal_code",
    "commune": "commune",
    "email": "email",
    "telephone": "phone",
    "site_web": "website",
    "rna": "rna",
    "siret": "siret",
}
HEADER_ALIASES = {
    "mail": "email",
    "e_mail": "email",
    "courriel": "email",
    "tel": "telephone",
    "cp": "code_postal",
    "ville": "commune",
    "site": "site_web",
    "site_internet": "site_web",
    "thematique": "thematiques",
    "themes": "thematiques",
    "public": "publics",
    "nom_de_la_structure": "nom",
    "structure": "nom",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    format: str  # "partners" or "rna"
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, cells)
    skipped: int = 0  # rows left out on purpose (postal code, inactive)


@dataclass
class FieldChange:
    """One value an update would replace, and what the preview suggests."""

    field: str
    old: str
    new: str
    keep_by_default: bool  # the new value only differs by accents or case

    @property
    def label(self) -> str:
        return str(Organisation._meta.get_field(self.field).verbose_name)


@dataclass
class RowOutcome:
    line: int
    action: str  # "create", "update" or "reject"
    name: str
    values: dict = field(default_factory=dict)
    audiences: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    reason: str = ""
    target_id: int | None = None
    cells: dict = field(default_factory=dict)
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportPlan:
    table: Table
    outcomes: list[RowOutcome]

    @property
    def created(self):
        return [o for o in self.outcomes if o.action == "create"]

    @property
    def updated(self):
        return [o for o in self.outcomes if o.action == "update"]

    @property
    def rejected(self):
        return [o for o in self.outcomes if o.action == "reject"]

    def default_kept(self) -> set[tuple[int, str]]:
        """(line, field) of the current values an update keeps unless told."""
        return {
            (outcome.line, change.field)
            for outcome in self.updated
            for change in outcome.changes
            if change.keep_by_default
        }

    def summary(self) -> str:
        return (
            f"créées: {len(self.created)}, mises à jour: {len(self.updated)}, "
            f"rejetées: {len(self.rejected)}"
        )


def _header_key(value) -> str:
    key = normalise_text(str(value or "")).replace(" ", "_")
    return HEADER_ALIASES.get(key, key)


def detect_encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def decode_text(content: bytes) -> str:
    return content.decode(detect_encoding(content))


def detect_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    """The rows of a CSV file, one at a time (the text is never copied whole)."""
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is neither a CSV nor an XLSX file."))
    encoding = detect_encoding(content)
    first_line = content[: content.find(b"\n")].decode(encoding, errors="replace")
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=detect_separator(first_line))
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from error


def _open_zip(content: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(_("This XLSX file is damaged.")) from error
    if uncompressed > MAX_XLSX_RATIO * max(len(content), 1):
        raise ImportFileError(
            _("This XLSX file expands to a suspicious size; it was not opened.")
        )
    return archive


def _xlsx_rows(content: bytes, archive: zipfile.ZipFile) -> Iterator[list[str]]:
    if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
        raise ImportFileError(
            _("This XLSX file expands to a suspicious size; it was not opened.")
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a bad file
        raise ImportFileError(_("This XLSX file is damaged.")) from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if cell is None else str(cell) for cell in row]
    finally:
        workbook.close()


def _archive_rows(archive: zipfile.ZipFile) -> Iterator[list[str]]:
    """The CSV files of an archive (``rna_waldec_YYYYMMDD.zip``: one per
    département), one after the other; one file is in memory at a time."""
    names = sorted(
        info.filename
        for info in archive.infolist()
        if info.filename.lower().endswith(".csv") and not info.is_dir()
    )
    if not names:
        raise ImportFileError(
            _("This archive holds no CSV file (an RNA extract is expected).")
        )
    for name in names:
        yield from _csv_rows(archive.read(name))


def _raw_rows(content: bytes, filename: str) -> Iterator[list[str]]:
    if content[:4] == b"PK\x03\x04":
        archive = _open_zip(content)
        if "xl/workbook.xml" in archive.namelist():
            return _xlsx_rows(content, archive)
        if filename.lower().endswith((".xlsx", ".xls", ".ods")):
            raise ImportFileError(_("This file is neither a CSV nor an XLSX file."))
        return _archive_rows(archive)
    if filename.lower().endswith((".xlsx", ".xls", ".ods", ".pdf", ".doc", ".zip")):
        raise ImportFileError(_("This file is neither a CSV nor an XLSX file."))
    return _csv_rows(content)


def read_table(
    content: bytes, filename: str = "", *, postal_code: str = "", max_bytes=None
) -> Table:
    """Parse a partner file or an RNA extract (CSV or zip); raise
    ``ImportFileError``.

    Rows are read one at a time; an RNA row keeps only the columns the
    directory imports, so neither memory nor the preview ever hold the
    declarants' personal data. A cell quoted by our own export (``'=…``)
    is read back as exported.
    """
    max_bytes = max_bytes or MAX_BYTES
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > max_bytes:
        raise ImportFileError(
            _("The file is too large (at most %(size)d MB).")
            % {"size": max_bytes // (1024 * 1024)}
        )
    rows = (row for row in _raw_rows(content, filename) if any(c.strip() for c in row))
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    headers = [_header_key(cell) for cell in first]
    if RNA_SIGNATURE <= set(headers):
        file_format = "rna"
    elif set(headers) & set(PARTNER_COLUMNS):
        file_format = "partners"
    else:
        raise ImportFileError(
            _("No known column in the first line. Expected columns: %(columns)s.")
            % {"columns": ", ".join(PARTNER_COLUMNS)}
        )
    if file_format == "partners" and "nom" not in headers:
        raise ImportFileError(_("The column “nom” (name) is required."))
    table = Table(
        format=file_format,
        headers=list(RNA_KEPT_COLUMNS) if file_format == "rna" else headers,
        rows=[],
    )
    prefix = (postal_code or "").strip()
    postal_column = "adrs_codepostal" if file_format == "rna" else "code_postal"
    for index, raw in enumerate(rows, start=2):
        cells = {
            header: unneutralise(raw[position].strip()) if position < len(raw) else ""
            for position, header in enumerate(headers)
            if header
        }
        if file_format == "rna":
            if cells.get("id") == "id":  # the next département's header
                continue
            if cells.get("position", "").upper() != "A":
                table.skipped += 1
                continue
        if prefix and not cells.get(postal_column, "").startswith(prefix):
            table.skipped += 1
            continue
        if file_format == "rna":
            cells = _cells_from_rna(cells)
        table.rows.append((index, cells))
        if len(table.rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has too many rows (at most %(count)d).")
                % {"count": MAX_ROWS}
            )
    if not table.rows and not table.skipped:
        raise ImportFileError(_("The file has a header but no rows."))
    return table


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Organisation.Kind.choices:
        lookup[normalise_text(value)] = value
        lookup[normalise_text(str(label))] = value
    french = {
        "association": "association",
        "service public": "service_public",
        "institution": "service_public",
        "service public institution": "service_public",
        "collectivite": "collectivite",
        "collectivite territoriale": "collectivite",
        "fondation": "fondation",
        "mecene": "fondation",
        "fondation mecene": "fondation",
        "entreprise": "entreprise",
        "autre": "autre",
    }
    lookup.update(french)
    return lookup


def _cells_from_rna(cells: dict[str, str]) -> dict[str, str]:
    """Map the register's columns; ``adrg_*`` and ``dir_civilite`` are dropped."""
    street = " ".join(
        part
        for part in (
            cells.get("adrs_numvoie", ""),
            cells.get("adrs_repetition", ""),
            cells.get("adrs_typevoie", ""),
            cells.get("adrs_libvoie", ""),
        )
        if part
    )
    address = ", ".join(p for p in (cells.get("adrs_complement", ""), street) if p)
    return {
        "nom": cells.get("titre", "")[:200],
        "sigle": cells.get("titre_court", "")[:40],
        "type": "association",
        "mission": cells.get("objet", ""),
        "adresse": address[:255],
        "code_postal": cells.get("adrs_codepostal", ""),
        "commune": cells.get("adrs_libcommune", "")[:120],
        "site_web": cells.get("siteweb", ""),
        "rna": cells.get("id", ""),
        "siret": cells.get("siret", "") if cells.get("siret", "").strip("0") else "",
    }


_URL = URLValidator()
# Plain addresses pass these at once; anything else gets Django's full check.
_SIMPLE_EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
_SIMPLE_URL = re.compile(
    r"^https?://[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/[a-z0-9._~%/-]*)?$", re.IGNORECASE
)


def _check_email(value: str) -> None:
    if not _SIMPLE_EMAIL.match(value):
        validate_email(value)


def _check_url(value: str) -> None:
    if not _SIMPLE_URL.match(value):
        _URL(value)


_MAX_LENGTHS = {
    f: Organisation._meta.get_field(f).max_length
    for f in TEXT_FIELDS
    if Organisation._meta.get_field(f).max_length
}


def _split_multi(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _clean_row(cells: dict[str, str], kinds: dict[str, str]) -> tuple[dict, str]:
    """Return (values, "") or ({}, French reason)."""
    for column, value in cells.items():
        if value.startswith("="):
            return {}, _("column “%(column)s” contains a formula") % {"column": column}
    values = {
        COLUMN_TO_FIELD[column]: cells[column]
        for column in COLUMN_TO_FIELD
        if column in cells
    }
    if "mission" in cells:
        values["mission"] = cells["mission"]
    if not values.get("name"):
        return {}, _("the name (column “nom”) is missing")
    if cells.get("type"):
        kind = kinds.get(normalise_text(cells["type"]))
        if kind is None:
            return {}, _("unknown kind “%(kind)s”") % {"kind": cells["type"]}
        values["kind"] = kind
    values["rna"] = normalise_rna(values.get("rna", ""))
    values["siret"] = normalise_siret(values.get("siret", ""))
    values["email"] = values.get("email", "").lower()
    values["commune"] = normalise_commune(values.get("commune", ""))
    website = values.get("website", "")
    if website and not re.match(r"^https?://", website, re.IGNORECASE):
        website = "https://" + website
    values["website"] = website
    checks = (
        ("rna", validate_rna),
        ("siret", validate_siret),
        ("email", _check_email),
        ("website", _check_url),
    )
    for name, validator in checks:
        if values.get(name):
            try:
                validator(values[name])
            except ValidationError as error:
                label = {
                    "rna": "rna",
                    "siret": "siret",
                    "email": "email",
                    "website": "site_web",
                }[name]
                message = (
                    error.messages[0]
                    if name in ("rna", "siret")
                    else _("not a valid value")
                )
                return {}, _("%(column)s: %(message)s") % {
                    "column": label,
                    "message": message,
                }
    for name, length in _MAX_LENGTHS.items():
        if len(values.get(name, "")) > length:
            return {}, _("%(field)s is longer than %(length)d characters") % {
                "field": str(Organisation._meta.get_field(name).verbose_name),
                "length": length,
            }
    return {k: v for k, v in values.items() if v or k in ("name",)}, ""


def _existing_keys():
    by_rna, by_siret, by_key = {}, {}, {}
    rows = Organisation.objects.values_list("pk", "rna", "siret", "name", "postal_code")
    for pk, rna, siret, name, postal_code in rows:
        if rna:
            by_rna.setdefault(rna, pk)
        if siret:
            by_siret.setdefault(siret, pk)
        by_key.setdefault((normalise_text(name), (postal_code or "").strip()), pk)
    return by_rna, by_siret, by_key


def plan_import(table: Table) -> ImportPlan:
    """Decide each row's fate without writing: two queries, whatever the size."""
    kinds = _kind_lookup()
    by_rna, by_siret, by_key = _existing_keys()
    seen: dict[tuple, int] = {}
    outcomes = []
    for line, cells in table.rows:
        raw_cells = cells
        values, reason = _clean_row(cells, kinds)
        name = cells.get("nom", "")
        if reason:
            outcomes.append(
                RowOutcome(line, "reject", name, reason=reason, cells=raw_cells)
            )
            continue
        key = (normalise_text(values["name"]), values.get("postal_code", ""))
        file_keys = [
            k
            for k in (("rna", values.get("rna")), ("siret", values.get("siret")))
            if k[1]
        ]
        file_keys.append(("key", key))
        duplicate_of = next((seen[k] for k in file_keys if k in seen), None)
        if duplicate_of:
            outcomes.append(
                RowOutcome(
                    line,
                    "reject",
                    name,
                    reason=_("duplicate of line %(line)d") % {"line": duplicate_of},
                    cells=raw_cells,
                )
            )
            continue
        for k in file_keys:
            seen[k] = line
        target = (
            by_rna.get(values.get("rna"))
            or by_siret.get(values.get("siret"))
            or by_key.get(key)
        )
        outcomes.append(
            RowOutcome(
                line,
                "update" if target else "create",
                values["name"],
                values=values,
                audiences=_split_multi(cells.get("publics", "")),
                themes=_split_multi(cells.get("thematiques", "")),
                target_id=target,
                cells=raw_cells,
            )
        )
    _describe_changes([o for o in outcomes if o.action == "update"])
    return ImportPlan(table=table, outcomes=outcomes)


# What an update may change, in the model's order.
UPDATED_FIELDS = ("name", "acronym", "kind", *TEXT_FIELDS[2:])


def _describe_changes(updates: list[RowOutcome]) -> None:
    """Fill each update's ``changes``: the current values the file replaces.

    An empty cell never replaces a value. A new value that only differs by
    accents or case (``CROIX ROUGE`` for ``Croix-Rouge``) is kept out by
    default: the entry's spelling was curated.
    """
    current = _current_values(updates)
    for outcome in updates:
        values = current[outcome.target_id]
        for name in UPDATED_FIELDS:
            new, old = outcome.values.get(name) or "", values[name] or ""
            if new and new != old:
                outcome.changes.append(
                    FieldChange(
                        field=name,
                        old=old,
                        new=new,
                        keep_by_default=bool(old)
                        and normalise_text(old) == normalise_text(new),
                    )
                )


def _vocabulary_ids(model, names: set[str]) -> dict[str, int]:
    """Ids by normalised name, creating the entries the file introduces."""
    if not names:
        return {}
    existing = {
        normalise_text(n): pk for pk, n in model.objects.values_list("pk", "name")
    }
    missing = {}
    for name in names:
        key = normalise_text(name)
        if key and key not in existing and key not in missing:
            missing[key] = model(name=name[:120])
    if missing:
        model.objects.bulk_create(missing.values(), ignore_conflicts=True)
        existing = {
            normalise_text(n): pk for pk, n in model.objects.values_list("pk", "name")
        }
    return existing


BATCH = 500


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _pg_json_rows(fields) -> str:
    """``SELECT`` the rows of one JSON array parameter, in order, typed.

    One string parameter for thousands of rows: psycopg's client-side
    binding would otherwise quote every value of every array in Python.
    """
    casts = ", ".join(
        f"(e.v->>{i})::{f.db_type(connection)}" for i, f in enumerate(fields)
    )
    return (
        f"SELECT {casts} FROM json_array_elements(%s::json) "  # noqa: S608
        "WITH ORDINALITY AS e(v, n) ORDER BY e.n"
    )


def _json_param(rows) -> str:
    return json.dumps([list(row) for row in rows], default=str)


def _insert_rows(model, fields, rows: list[tuple], *, returning=False) -> list:
    """Insert plain value tuples; return the new ids when ``returning``.

    PostgreSQL gets one array per column through ``unnest`` (a few parameters
    instead of thousands); other databases get multi-row ``VALUES``. Either
    way the ids come back in row order, as Django's ``bulk_create`` relies on.
    """
    if not rows:
        return []
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
    )
    tail = f" RETURNING {quote('id')}" if returning else ""
    ids = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for batch in _batches(rows, 5000):
                cursor.execute(
                    f"{head}{_pg_json_rows(fields)}{tail}",
                    [_json_param(batch)],
                )
                if returning:
                    ids.extend(row[0] for row in cursor.fetchall())
            return ids
        limit = connection.features.max_query_params or 999
        size = max(1, min(BATCH, limit // len(fields)))
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for batch in _batches(rows, size):
            cursor.execute(
                f"{head}VALUES {', '.join([placeholder] * len(batch))}{tail}",
                [value for row in batch for value in row],
            )
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _insert_organisations(rows: list[dict]) -> list[int]:
    """Insert validated rows, bypassing Django's per-value field machinery.

    ``bulk_create`` prepares every value through its fields, which is most of
    a large import's time; these values are plain strings already validated.
    """
    fields = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults.update(created_at=now, updated_at=now, logo="")
    attnames = [f.attname for f in fields]
    tuples = []
    for values in rows:
        row = {
            **defaults,
            **values,
            "search_text": organisation_search_text(values),
            "sort_name": sort_key(values.get("name", "")),
        }
        tuples.append(tuple(row[name] for name in attnames))
    return _insert_rows(Organisation, fields, tuples, returning=True)


def _record_history(ids, *, history_type: str, by, reason: str) -> None:
    """Copy the rows into the history table in SQL, without building objects.

    ``bulk_create_with_history`` instantiates a historical model per row,
    which doubles the cost of a 10,000-row import; ``INSERT … SELECT`` does the
    same in the database.
    """
    history = Organisation.history.model
    source_columns = {f.column for f in Organisation._meta.concrete_fields}
    columns, selects, params = [], [], []
    now = timezone.now()
    extra = {
        "history_date": connection.ops.adapt_datetimefield_value(now),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": getattr(by, "pk", None),
    }
    for model_field in history._meta.concrete_fields:
        column = model_field.column
        if column in extra:
            columns.append(column)
            selects.append("%s")
            params.append(extra[column])
        elif column in source_columns and column != "history_id":
            columns.append(column)
            selects.append(connection.ops.quote_name(column))
    quote = connection.ops.quote_name
    statement = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in columns)}) "
        f"SELECT {', '.join(selects)} "
        f"FROM {quote(Organisation._meta.db_table)} "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{statement}WHERE {quote('id')} = ANY(%s)", [*params, ids])
            return
        for batch in _batches(list(ids)):
            cursor.execute(
                f"{statement}WHERE {quote('id')} IN ({', '.join(['%s'] * len(batch))})",
                [*params, *batch],
            )


def _current_values(updates: list[RowOutcome]) -> dict[int, dict]:
    """The updated fields of each target, by id: one query per 500 rows."""
    return {
        row[0]: dict(zip(UPDATED_FIELDS, row[1:], strict=True))
        for batch in _batches(list({o.target_id for o in updates}))
        for row in Organisation.objects.filter(pk__in=batch).values_list(
            "pk", *UPDATED_FIELDS
        )
    }


def _apply_updates(updates: list[RowOutcome], kept: set[tuple[int, str]]) -> None:
    """One ``UPDATE`` per row through ``executemany``: no CASE over the batch.

    The fields in ``kept`` (``(line, field)``) keep their current value.
    """
    names = list(UPDATED_FIELDS)
    current = _current_values(updates)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for outcome in updates:
        values = current[outcome.target_id]
        values.update(
            {
                k: v
                for k, v in outcome.values.items()
                if v and k in values and (outcome.line, k) not in kept
            }
        )
        rows.append(
            [
                *(values[n] for n in names),
                organisation_search_text(values),
                sort_key(values["name"]),
                now,
                outcome.target_id,
            ]
        )
    quote = connection.ops.quote_name
    columns = [
        Organisation._meta.get_field(n)
        for n in [*names, "search_text", "sort_name", "updated_at"]
    ]
    if connection.vendor == "postgresql":
        # One statement per 5,000 rows: UPDATE … FROM (rows of a JSON array).
        typed = [*columns, Organisation._meta.pk]
        aliases = ", ".join(f"c{i}" for i in range(len(typed)))
        assignments = ", ".join(
            f"{quote(f.column)} = v.c{i}" for i, f in enumerate(columns)
        )
        with connection.cursor() as cursor:
            for batch in _batches(rows, 5000):
                cursor.execute(
                    f"UPDATE {quote(Organisation._meta.db_table)} AS t "  # noqa: S608
                    f"SET {assignments} FROM ({_pg_json_rows(typed)}) "
                    f"AS v({aliases}) WHERE t.{quote('id')} = v.c{len(columns)}",
                    [_json_param(batch)],
                )
        return
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Organisation._meta.db_table)} SET {assignments} "  # noqa: S608
            f"WHERE {quote('id')} = %s",
            rows,
        )


def _link_vocabulary(accepted, model, attribute, relation, column) -> None:
    names = {n for o in accepted for n in getattr(o, attribute)}
    ids = _vocabulary_ids(model, names)
    id_by_name = {n: ids.get(normalise_text(n)) for n in names}
    links = {
        (o.target_id, id_by_name[n])
        for o in accepted
        for n in getattr(o, attribute)
        if id_by_name[n] is not None
    }
    if not links:
        return
    through = relation.through
    updated_ids = [o.target_id for o in accepted if o.action == "update"]
    for batch in _batches(updated_ids):
        links -= set(
            through.objects.filter(organisation_id__in=batch).values_list(
                "organisation_id", column
            )
        )
    fields = [through._meta.get_field("organisation"), through._meta.get_field(column)]
    _insert_rows(through, fields, sorted(links))


@transaction.atomic
def apply_plan(plan: ImportPlan, *, by=None, kept=None) -> ImportPlan:
    """Write every accepted row of ``plan`` in one transaction, in bulk.

    An update leaves the current value of each ``(line, field)`` in ``kept``
    (by default ``plan.default_kept()``: the values that only differ by
    accents or case). New organisations and updates are recorded in the
    history with ``by``.
    Audiences and themes named in the file are added (missing ones created).
    The number of queries grows with the number of 500-row batches, never
    with the number of rows.
    """
    creates, updates = plan.created, plan.updated
    ids = _insert_organisations([o.values for o in creates])
    for outcome, pk in zip(creates, ids, strict=True):
        outcome.target_id = pk
    _record_history(
        [o.target_id for o in creates], history_type="+", by=by, reason="import"
    )
    if updates:
        _apply_updates(updates, plan.default_kept() if kept is None else kept)
        _record_history(
            [o.target_id for o in updates], history_type="~", by=by, reason="import"
        )
    accepted = creates + updates
    _link_vocabulary(
        accepted, Audience, "audiences", Organisation.audiences, "audience_id"
    )
    _link_vocabulary(accepted, Theme, "themes", Organisation.themes, "theme_id")
    return plan


def rejected_rows_csv(plan: ImportPlan) -> str:
    """The rejected rows with their line and reason, for Excel in French."""
    output = io.StringIO()
    output.write("\ufeff")
    headers = [h for h in plan.table.headers if h]
    writer = csv.writer(output, delimiter=";")
    writer.writerow(["ligne", "motif", *headers])
    for outcome in plan.rejected:
        writer.writerow(
            [
                outcome.line,
                outcome.reason,
                *(neutralise(outcome.cells.get(h, "")) for h in headers),
            ]
        )
    return output.getvalue()
