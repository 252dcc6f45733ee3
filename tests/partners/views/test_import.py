import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partners.models import ImportPreview, Organisation
from tests.factories import CoordinatorFactory, OrganisationFactory
from tests.partners.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = "nom;adresse;code_postal;commune;rna"
UPDATE_ROW = "CROIX ROUGE FRANCAISE;3 rue Saint-Faron;77100;Meaux;W771234567"


def upload(client, content, name="partenaires.csv"):
    return client.post(
        reverse("partners:orga_import"),
        {"file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="fr",
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_orga_import_confirmed_twice_imports_once_and_shows_the_first_result(
    client, coordinator, file_storages, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    preview_url = upload(client, csv_bytes("Singa;;;75011;Paris;;;;;")).url

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(preview_url, follow=True, HTTP_ACCEPT_LANGUAGE="fr")
        second = client.post(preview_url, follow=True, HTTP_ACCEPT_LANGUAGE="fr")

    preview = ImportPreview.objects.get()
    assert (
        list(Organisation.objects.values_list("name", flat=True)),
        messages_of(first),
        messages_of(second),
        preview.result,
        preview.file.name,
        list(file_storages.rglob("*.dat")),
    ) == (
        ["Singa"],
        ["Import terminé\u00a0: 1 créée(s), 0 mise(s) à jour, 0 ligne rejetée."],
        [
            "Cet import a déjà été confirmé. "
            "Import terminé\u00a0: 1 créée(s), 0 mise(s) à jour, 0 ligne rejetée."
        ],
        {"created": 1, "updated": 0, "rejected": 0},
        "",
        [],
    )


def test_orga_import_preview_shows_each_changed_field_old_and_new(
    client, coordinator, file_storages
):
    OrganisationFactory(
        name="Croix-Rouge française",
        address="12 rue de la Paix",
        postal_code="77100",
        commune="Meaux",
        rna="W771234567",
    )
    client.force_login(coordinator)
    preview_url = upload(client, csv_bytes(UPDATE_ROW, header=HEADER)).url

    with translation.override("fr"):
        response = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert (
        "Nom\u00a0: Croix-Rouge française → CROIX ROUGE FRANCAISE" in html,
        "Adresse\u00a0: 12 rue de la Paix → 3 rue Saint-Faron" in html,
        'value="2:name" id="keep-2-name" checked>' in html,
        'value="2:address" id="keep-2-address">' in html,
        "Conserver la valeur actuelle" in html,
    ) == (True, True, True, True, True)


def test_orga_import_confirm_applies_only_what_the_coordinator_chose(
    client, coordinator, file_storages
):
    organisation = OrganisationFactory(
        name="Croix-Rouge française",
        address="12 rue de la Paix",
        postal_code="77100",
        commune="Meaux",
        rna="W771234567",
    )
    client.force_login(coordinator)
    preview_url = upload(client, csv_bytes(UPDATE_ROW, header=HEADER)).url

    client.post(
        preview_url,
        {"decided": ["2:name", "2:address"], "keep": ["2:address"]},
    )

    organisation.refresh_from_db()
    assert (organisation.name, organisation.address) == (
        "CROIX ROUGE FRANCAISE",
        "12 rue de la Paix",
    )


def test_orga_import_preview_of_another_coordinator_is_404(
    client, coordinator, file_storages
):
    client.force_login(CoordinatorFactory())
    preview_url = upload(client, csv_bytes("Singa;;;75011;Paris;;;;;")).url
    client.force_login(coordinator)

    responses = [
        client.get(preview_url).status_code,
        client.post(preview_url).status_code,
        client.get(preview_url + "rejets.csv").status_code,
    ]

    assert (responses, Organisation.objects.count()) == ([404, 404, 404], 0)


def test_orga_import_accepts_the_rna_zip(client, coordinator, file_storages):
    from tests.partners.conftest import rna_bytes, rna_row, rna_zip_bytes

    content = rna_zip_bytes({"rna_waldec_20240101_dpt_77.csv": rna_bytes(rna_row())})
    client.force_login(coordinator)

    preview_url = upload(client, content, "rna_waldec_20240101.zip").url
    client.post(preview_url)

    assert list(Organisation.objects.values_list("rna", flat=True)) == ["W771000001"]


def test_orga_import_preview_whose_file_is_gone_asks_for_it_again(
    client, coordinator, file_storages
):
    client.force_login(coordinator)
    preview_url = upload(client, csv_bytes("Singa;;;75011;Paris;;;;;")).url
    for path in file_storages.rglob("*.dat"):
        path.unlink()

    response = client.post(preview_url, follow=True, HTTP_ACCEPT_LANGUAGE="fr")

    assert (
        response.redirect_chain[-1][0],
        messages_of(response),
        ImportPreview.objects.get().status,
    ) == (
        reverse("partners:orga_import"),
        ["Le fichier envoyé n’est plus disponible\u00a0; envoyez-le à nouveau."],
        "pending",
    )
