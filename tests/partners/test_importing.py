import csv
import io
import tracemalloc

import pytest
from django.test import override_settings  # noqa: F401
from django.utils import translation

from partners import importing
from partners.importing import ImportFileError, read_table
from partners.models import Audience, Organisation
from partners.resources import OrganisationResource, export_csv, export_xlsx
from tests.factories import AudienceFactory, OrganisationFactory, UserFactory

from .conftest import (
    csv_bytes,
    rna_bytes,
    rna_row,
    rna_zip_bytes,
    xlsx_bytes,
    zip_bomb_bytes,
)

pytestmark = pytest.mark.django_db

ROW = "Croix-Rouge française;CRF;association;77100;Meaux;contact@crf.fr;Jeunes|Seniors;Santé;W771234567;73282932000074"


def import_file(content, **kwargs):
    return OrganisationResource.import_file(content, "partenaires.csv", **kwargs)


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("latin-1", ","),
        ("utf-8", "\t"),
    ],
)
def test_import_file_detects_encoding_and_separator(encoding, separator):
    content = csv_bytes(ROW, encoding=encoding, separator=separator)

    plan = import_file(content)

    organisation = Organisation.objects.get()
    assert (plan.summary(), organisation.name, organisation.siret) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        "Croix-Rouge française",
        "73282932000074",
    )


def test_import_file_links_audiences_and_themes_creating_missing_ones():
    AudienceFactory(name="Jeunes")

    import_file(csv_bytes(ROW))

    organisation = Organisation.objects.get()
    assert (
        sorted(organisation.audiences.values_list("name", flat=True)),
        list(organisation.themes.values_list("name", flat=True)),
        Audience.objects.count(),
    ) == (["Jeunes", "Seniors"], ["Santé"], 2)


def test_import_file_records_history_with_the_importer():
    coordinator = UserFactory()

    import_file(csv_bytes(ROW), by=coordinator)

    record = Organisation.history.get()
    assert (record.history_user, record.history_type) == (coordinator, "+")


@pytest.mark.parametrize(
    "existing",
    [
        {"name": "Autre nom", "rna": "W771234567", "postal_code": "75001"},
        {"name": "Autre nom", "siret": "73282932000074", "postal_code": "75001"},
        {"name": "CROIX ROUGE FRANCAISE", "postal_code": "77100"},
    ],
    ids=["rna", "siret", "name-and-postal-code"],
)
def test_import_file_updates_duplicates_instead_of_doubling(existing):
    organisation = OrganisationFactory(**existing)

    plan = import_file(csv_bytes(ROW))

    organisation.refresh_from_db()
    assert (plan.summary(), Organisation.objects.count(), organisation.email) == (
        "créées: 0, mises à jour: 1, rejetées: 0",
        1,
        "contact@crf.fr",
    )


def test_import_file_same_name_other_postal_code_is_a_new_organisation():
    OrganisationFactory(name="Croix-Rouge française", postal_code="49000")

    plan = import_file(csv_bytes(ROW))

    assert (plan.summary(), Organisation.objects.count()) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        2,
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (";;association;77100;Meaux;;;;;", "the name (column “nom”) is missing"),
        ("A;;licorne;77100;Meaux;;;;;", "unknown kind “licorne”"),
        ("A;;;77100;Meaux;pas-un-mail;;;;", "email: not a valid value"),
        (
            "A;;;77100;Meaux;;;;771234567;",
            "rna: An RNA number is a W followed by 9 digits (e.g. W771234567).",
        ),
        (
            "A;;;77100;Meaux;;;;;73282932000075",
            "siret: This SIRET number is not valid (check digit mismatch).",
        ),
        (
            '"=HYPERLINK(""http://x"")";;;77100;Meaux;;;;;',
            "column “nom” contains a formula",
        ),
    ],
)
def test_import_file_rejects_bad_row_and_writes_nothing(line, reason, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        plan = import_file(csv_bytes(ROW, line))

    assert (
        [(o.line, o.reason) for o in plan.rejected],
        Organisation.objects.count(),
    ) == ([(3, reason)], 0)


def test_import_file_skip_invalid_writes_accepted_rows():
    plan = import_file(csv_bytes(ROW, "B;;licorne;;;;;;;"), skip_invalid=True)

    assert (
        plan.summary(),
        list(Organisation.objects.values_list("name", flat=True)),
    ) == (
        "créées: 1, mises à jour: 0, rejetées: 1",
        ["Croix-Rouge française"],
    )


def test_import_file_dry_run_writes_nothing():
    plan = import_file(csv_bytes(ROW), dry_run=True)

    assert (plan.summary(), Organisation.objects.count()) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        0,
    )


def test_import_file_rejects_second_row_duplicating_the_first():
    plan = import_file(csv_bytes(ROW, ROW), skip_invalid=True)

    assert (
        [(o.line, o.action) for o in plan.outcomes],
        Organisation.objects.count(),
    ) == (
        [(2, "create"), (3, "reject")],
        1,
    )


def test_import_file_keeps_only_the_postal_code_prefix():
    other = "Secours populaire;;association;49000;Angers;;;;;"

    plan = import_file(csv_bytes(ROW, other), postal_code="77")

    assert (plan.summary(), plan.table.skipped) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        1,
    )


def test_import_file_reads_xlsx():
    content = xlsx_bytes(
        [["nom", "type", "code_postal"], ["Emmaüs Connect", "association", "49000"]]
    )

    plan = OrganisationResource.import_file(content, "partenaires.xlsx")

    assert (plan.summary(), Organisation.objects.get().name) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        "Emmaüs Connect",
    )


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "vide.csv", "The file is empty."),
        (b"   \n", "vide.csv", "The file is empty."),
        (b"foo;bar\n1;2\n", "x.csv", "No known column in the first line."),
        (b"nom;sigle\n", "x.csv", "The file has a header but no rows."),
        (b"%PDF-1.4\x00\x01", "x.pdf", "This file is neither a CSV nor an XLSX file."),
        (b"PK\x03\x04garbage", "x.xlsx", "This XLSX file is damaged."),
        (
            b"sigle;type\nA;association\n",
            "x.csv",
            "The column “nom” (name) is required.",
        ),
    ],
)
def test_read_table_refuses_bad_files_with_a_message(content, filename, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_table(content, filename)

    assert str(error.value).startswith(message)


def test_read_table_refuses_a_zip_bomb_before_opening():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_table(zip_bomb_bytes(), "bombe.xlsx")

    assert str(error.value) == (
        "This XLSX file expands to a suspicious size; it was not opened."
    )


def test_read_table_refuses_too_many_rows(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    content = csv_bytes(*[f"Asso {n};;;;;;;;;" for n in range(4)])

    with pytest.raises(ImportFileError) as error:
        read_table(content, "x.csv")

    assert "3" in str(error.value)


def test_read_table_accepts_ten_thousand_rows():
    content = csv_bytes(*[f"Asso {n};;;77100;Meaux;;;;;" for n in range(10_000)])

    table = read_table(content, "x.csv")

    assert len(table.rows) == 10_000


def test_read_table_refuses_too_large_file():
    with pytest.raises(ImportFileError):
        read_table(b"nom\n" + b"a\n" * 100, "x.csv", max_bytes=50)

    assert Organisation.objects.count() == 0


def test_import_file_recognises_rna_extract_and_keeps_active_associations():
    content = rna_bytes(
        rna_row(),
        rna_row(id="W771000002", titre="DISSOUTE", position="D"),
        rna_row(id="W491000003", titre="ANGEVINE", adrs_codepostal="49000"),
    )

    plan = OrganisationResource.import_file(
        content, "rna_waldec_77.csv", postal_code="77"
    )

    organisation = Organisation.objects.get()
    assert (
        plan.table.format,
        plan.summary(),
        organisation.rna,
        organisation.address,
        organisation.commune,
        organisation.mission,
    ) == (
        "rna",
        "créées: 1, mises à jour: 0, rejetées: 0",
        "W771000001",
        "3 RUE de la Paix",
        "Meaux",
        "entraide entre voisins",
    )


def test_import_file_never_imports_the_declarants_personal_columns():
    OrganisationResource.import_file(rna_bytes(rna_row()), "rna.csv")

    values = " ".join(str(v) for v in Organisation.objects.values().get().values())
    assert ("DUPONT" in values, "privée" in values) == (False, False)


def test_rejected_rows_csv_lists_line_and_reason_and_neutralises_formulas():
    plan = import_file(csv_bytes(ROW, '"=HYPERLINK(""x"")";;;;;;;;;'), dry_run=True)

    text = importing.rejected_rows_csv(plan).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))

    assert rows[1][:3] == [
        "3",
        "la colonne «\u00a0nom\u00a0» contient une formule",
        '\'=HYPERLINK("x")',
    ]


def test_import_file_update_records_history_and_adds_vocabulary_once():
    coordinator = UserFactory()
    import_file(csv_bytes(ROW))
    changed = ROW.replace("contact@crf.fr", "meaux@crf.fr").replace(
        "Jeunes|Seniors", "Jeunes|Familles"
    )

    plan = import_file(csv_bytes(changed), by=coordinator)

    organisation = Organisation.objects.get()
    latest = organisation.history.order_by("-history_id").first()
    assert (
        plan.summary(),
        organisation.email,
        sorted(organisation.audiences.values_list("name", flat=True)),
        (latest.history_type, latest.history_user, latest.email),
        organisation.search_text,
    ) == (
        "créées: 0, mises à jour: 1, rejetées: 0",
        "meaux@crf.fr",
        ["Familles", "Jeunes", "Seniors"],
        ("~", coordinator, "meaux@crf.fr"),
        "croix rouge francaise crf meaux 77100 w771234567",
    )


def test_import_file_query_count_does_not_grow_with_rows(django_assert_max_num_queries):
    content = csv_bytes(
        *[f"Asso {n};;;77100;Meaux;;Jeunes;Santé;;" for n in range(1200)]
    )

    with django_assert_max_num_queries(30):
        plan = import_file(content)

    assert len(plan.created) == 1200


PHONE_HEADER = "nom;code_postal;commune;telephone"


@pytest.mark.parametrize("export", [export_csv, export_xlsx], ids=["csv", "xlsx"])
def test_export_then_import_gives_back_the_exported_values(export):
    OrganisationFactory(
        name="Croix-Rouge française",
        postal_code="75014",
        commune="Paris",
        phone="+33 1 55 56 37 00",
        mission="",
    )
    filename = f"annuaire.{export.__name__.rsplit('_', 1)[1]}"

    plan = OrganisationResource.import_file(export(), filename)

    organisation = Organisation.objects.get()
    assert (plan.summary(), plan.updated[0].changes, organisation.phone) == (
        "créées: 0, mises à jour: 1, rejetées: 0",
        [],
        "+33 1 55 56 37 00",
    )


def test_import_file_reads_back_the_quote_of_an_older_export():
    content = csv_bytes("Singa;75011;Paris;'+33 1 55 56 37 00", header=PHONE_HEADER)

    import_file(content)

    assert Organisation.objects.get().phone == "+33 1 55 56 37 00"


def curated_entry():
    return OrganisationFactory(
        name="Croix-Rouge française",
        postal_code="77100",
        commune="Meaux",
        address="12 rue de la Paix",
        rna="W771234567",
    )


CURATED_HEADER = "nom;adresse;code_postal;commune;rna"
UPDATE_ROW = "CROIX ROUGE FRANCAISE;3 rue Saint-Faron;77100;;W771234567"


def test_import_plan_lists_each_changed_field_old_and_new():
    curated_entry()

    plan = OrganisationResource.preview_file(
        csv_bytes(UPDATE_ROW, header=CURATED_HEADER), "x.csv"
    )

    assert [
        (c.field, c.old, c.new, c.keep_by_default) for c in plan.updated[0].changes
    ] == [
        ("name", "Croix-Rouge française", "CROIX ROUGE FRANCAISE", True),
        ("address", "12 rue de la Paix", "3 rue Saint-Faron", False),
    ]


def test_import_update_keeps_accents_and_what_the_coordinator_chose_to_keep():
    organisation = curated_entry()
    content = csv_bytes(UPDATE_ROW, header=CURATED_HEADER)
    plan = OrganisationResource.preview_file(content, "x.csv")

    importing.apply_plan(plan)
    organisation.refresh_from_db()
    by_default = (organisation.name, organisation.address, organisation.commune)
    organisation.address = "12 rue de la Paix"
    organisation.save()
    importing.apply_plan(
        OrganisationResource.preview_file(content, "x.csv"), kept={(2, "address")}
    )
    organisation.refresh_from_db()

    assert (by_default, organisation.address) == (
        ("Croix-Rouge française", "3 rue Saint-Faron", "Meaux"),
        "12 rue de la Paix",
    )


def test_import_file_accepts_the_rna_zip_one_csv_per_departement():
    content = rna_zip_bytes(
        {
            "rna_waldec_20240101_dpt_49.csv": rna_bytes(
                rna_row(id="W491000003", titre="ANGEVINE", adrs_codepostal="49000")
            ),
            "rna_waldec_20240101_dpt_77.csv": rna_bytes(
                rna_row(), rna_row(id="W771000002", titre="DISSOUTE", position="D")
            ),
        }
    )

    plan = OrganisationResource.import_file(
        content, "rna_waldec_20240101.zip", postal_code="77"
    )

    assert (
        plan.summary(),
        list(Organisation.objects.values_list("rna", flat=True)),
    ) == (
        "créées: 1, mises à jour: 0, rejetées: 0",
        ["W771000001"],
    )


def test_import_file_refuses_a_zip_without_csv():
    content = rna_zip_bytes({"lisez-moi.txt": b"rien"})

    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_table(content, "rna_waldec_20240101.zip")

    assert str(error.value) == (
        "This archive holds no CSV file (an RNA extract is expected)."
    )


def test_import_file_takes_a_departement_of_15000_associations_in_bounded_memory():
    rows = [
        rna_row(id=f"W77{n:07d}", titre=f"ASSOCIATION {n}", objet="x" * 200)
        for n in range(15_000)
    ]
    content = rna_bytes(*rows)
    tracemalloc.start()

    plan = OrganisationResource.preview_file(content, "rna_waldec_20240101_dpt_77.csv")

    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (len(plan.created), peak < 8 * len(content)) == (15_000, True)
