import io
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from partners.models import Organisation
from tests.factories import AudienceFactory, OrganisationFactory

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

GOOD = "Mission locale;ML;service public;77100;Meaux;;Jeunes;;;"
BAD = "Licorne;;licorne;77100;Meaux;;;;;"


def run_import(tmp_path, content, *args):
    path = tmp_path / "partenaires.csv"
    path.write_bytes(content)
    out = io.StringIO()
    try:
        call_command("import_partners", str(path), *args, stdout=out)
    except SystemExit as exit_:
        return out.getvalue().splitlines(), exit_.code
    return out.getvalue().splitlines(), 0


def test_import_partners_with_a_rejected_row_writes_nothing_and_exits_1(tmp_path):
    lines, code = run_import(tmp_path, csv_bytes(GOOD, BAD))

    assert (lines, code, Organisation.objects.count()) == (
        [
            "ligne 3 : type inconnu «\u00a0licorne\u00a0»",
            "créées: 1, mises à jour: 0, rejetées: 1",
        ],
        1,
        0,
    )


def test_import_partners_skip_invalid_writes_the_accepted_rows(tmp_path):
    lines, code = run_import(tmp_path, csv_bytes(GOOD, BAD), "--skip-invalid")

    assert (
        lines[-1],
        code,
        list(Organisation.objects.values_list("name", flat=True)),
    ) == (
        "créées: 1, mises à jour: 0, rejetées: 1",
        0,
        ["Mission locale"],
    )


def test_import_partners_dry_run_writes_nothing(tmp_path):
    lines, code = run_import(tmp_path, csv_bytes(GOOD), "--dry-run")

    assert (lines, code, Organisation.objects.count()) == (
        ["créées: 1, mises à jour: 0, rejetées: 0"],
        0,
        0,
    )


def test_import_partners_postal_code_keeps_the_prefix(tmp_path):
    angers = "CCAS d'Angers;;collectivité;49000;Angers;;;;;"

    lines, code = run_import(tmp_path, csv_bytes(GOOD, angers), "--postal-code", "49")

    assert (lines, list(Organisation.objects.values_list("name", flat=True))) == (
        ["créées: 1, mises à jour: 0, rejetées: 0"],
        ["CCAS d'Angers"],
    )


def test_export_partners_csv_has_bom_semicolons_and_neutralised_formulas():
    organisation = OrganisationFactory(
        name='=HYPERLINK("http://evil")', commune="Meaux", postal_code="77100"
    )
    organisation.audiences.add(
        AudienceFactory(name="Jeunes"), AudienceFactory(name="Seniors")
    )
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")

    call_command("export_partners", "--format", "csv", stdout=out)

    out.flush()
    data = out.buffer.getvalue().decode("utf-8")
    lines = data.splitlines()
    assert (data[0], lines[0], lines[1]) == (
        "\ufeff",
        "\ufeffnom;sigle;type;adresse;code_postal;commune;email;telephone;site_web;publics;thematiques;rna;siret",
        '\'=HYPERLINK(""http://evil"");;association;;77100;Meaux;;;;Jeunes|Seniors;;;'.replace(
            '\'=HYPERLINK(""http://evil"")', '"\'=HYPERLINK(""http://evil"")"'
        ),
    )


def test_export_partners_xlsx_is_a_workbook_with_french_headers():
    OrganisationFactory(name="Restos du cœur", postal_code="49000", commune="Angers")
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")

    call_command("export_partners", "--format", "xlsx", stdout=out)

    out.flush()
    content = out.buffer.getvalue()
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert (zipfile.is_zipfile(io.BytesIO(content)), rows[0][:3], rows[1][0]) == (
        True,
        ["nom", "sigle", "type"],
        "Restos du cœur",
    )


def test_export_then_import_updates_without_doubling(tmp_path):
    OrganisationFactory(
        name="Secours catholique", postal_code="77100", rna="W771234567"
    )
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export_partners", "--format", "csv", stdout=out)
    out.flush()

    lines, code = run_import(tmp_path, out.buffer.getvalue())

    assert (lines, Organisation.objects.count()) == (
        ["créées: 0, mises à jour: 1, rejetées: 0"],
        1,
    )


def test_import_partners_takes_the_rna_zip(tmp_path):
    from .conftest import rna_bytes, rna_row, rna_zip_bytes

    path = tmp_path / "rna_waldec_20240101.zip"
    path.write_bytes(
        rna_zip_bytes(
            {
                "rna_waldec_20240101_dpt_77.csv": rna_bytes(rna_row()),
                "rna_waldec_20240101_dpt_49.csv": rna_bytes(
                    rna_row(id="W491000003", adrs_codepostal="49000")
                ),
            }
        )
    )
    out = io.StringIO()

    call_command("import_partners", str(path), "--postal-code", "77", stdout=out)

    assert (
        out.getvalue().splitlines(),
        list(Organisation.objects.values_list("rna", flat=True)),
    ) == (["créées: 1, mises à jour: 0, rejetées: 0"], ["W771000001"])
