import io
import zipfile

import pytest
from openpyxl import Workbook

from partners.importing import RNA_COLUMNS
from tests.e2e.conftest import assert_accessible  # noqa: F401 (a fixture)

HEADER = "nom;sigle;type;code_postal;commune;email;publics;thematiques;rna;siret"


def csv_bytes(*lines, header=HEADER, encoding="utf-8", separator=";"):
    text = "\n".join([header, *lines]).replace(";", separator) + "\n"
    return text.encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def zip_bomb_bytes():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (120 * 1024 * 1024))
    return output.getvalue()


def rna_row(**values):
    row = dict.fromkeys(RNA_COLUMNS, "")
    row.update(
        id="W771000001",
        titre="AMICALE DES LOCATAIRES",
        objet="entraide entre voisins",
        adrs_numvoie="3",
        adrs_typevoie="RUE",
        adrs_libvoie="de la Paix",
        adrs_codepostal="77100",
        adrs_libcommune="Meaux",
        adrg_declarant="M. Jean DUPONT",
        adrg_libvoie="12 rue privée",
        dir_civilite="M.",
        position="A",
    )
    row.update(values)
    return ";".join(row[column] for column in RNA_COLUMNS)


def rna_bytes(*rows):
    return ("\n".join([";".join(RNA_COLUMNS), *rows]) + "\n").encode("iso-8859-1")


@pytest.fixture
def make_csv():
    return csv_bytes


@pytest.fixture
def file_storages(settings, tmp_path):
    """Public and private storages in a temporary folder, never the repository's.

    Returns the private folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


def rna_zip_bytes(files: dict[str, bytes]) -> bytes:
    """An ``rna_waldec_YYYYMMDD.zip``: one CSV per département."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return output.getvalue()
