import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Partnership
from partners.validators import CONVENTION_MAX_BYTES
from tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_dir(file_storages):
    """Conventions go to a temporary private folder, never into the repository."""
    return file_storages


def partnership_with_convention(**kwargs):
    partnership = PartnershipFactory(**kwargs)
    partnership.convention_file.save("convention signée.pdf", ContentFile(PDF))
    return partnership


def convention_url(partnership):
    return reverse("partners:partnership_convention", args=[partnership.pk])


def upload_partnership(client, organisation, upload):
    return client.post(
        reverse("partners:orga_partnership_create", args=[organisation.pk]),
        {
            "second": OrganisationFactory().pk,
            "level": Partnership.Level.FIELD,
            "convention_file": upload,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )


def stored_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_partnership_convention_upload_is_saved_on_the_private_storage(
    client, coordinator, private_dir, tmp_path
):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    response = upload_partnership(
        client, organisation, SimpleUploadedFile("convention.pdf", PDF)
    )

    name = Partnership.objects.get().convention_file.name
    assert (
        response.status_code,
        bool(re.fullmatch(r"conventions/[0-9a-f]{32}/convention\.pdf", name)),
        (private_dir / name).read_bytes(),
        stored_files(tmp_path / "public"),
    ) == (302, True, PDF, [])


def test_partnership_convention_is_downloaded_by_a_coordinator(client, coordinator):
    partnership = partnership_with_convention()
    client.force_login(coordinator)

    response = client.get(convention_url(partnership))

    assert (
        response.status_code,
        response["Content-Disposition"],
        response["Content-Type"],
        b"".join(response.streaming_content),
    ) == (
        200,
        "attachment; filename*=utf-8''convention_sign%C3%A9e.pdf",
        "application/pdf",
        PDF,
    )


@pytest.mark.parametrize("side", ["first", "second"])
def test_partnership_convention_is_downloaded_by_a_partner_of_either_organisation(
    client, partner_user, side
):
    partnership = partnership_with_convention()
    partner_user.organisations.add(getattr(partnership, side))
    client.force_login(partner_user)

    response = client.get(convention_url(partnership))

    assert (response.status_code, b"".join(response.streaming_content)) == (
        200,
        PDF,
    )


def test_partnership_convention_of_another_organisation_is_404_for_a_partner(
    client, partner_user
):
    partnership = partnership_with_convention()
    partner_user.organisations.add(OrganisationFactory(name="Emmaüs Connect"))
    client.force_login(partner_user)

    response = client.get(convention_url(partnership))

    assert (response.status_code, PDF in response.content) == (404, False)


def test_partnership_convention_is_404_for_a_funder(client, funder):
    partnership = partnership_with_convention()
    client.force_login(funder)

    response = client.get(convention_url(partnership))

    assert (response.status_code, PDF in response.content) == (404, False)


def test_partnership_convention_sends_anonymous_visitors_to_sign_in(client):
    partnership = partnership_with_convention()

    response = client.get(convention_url(partnership))

    assert (response.status_code, response.url) == (
        302,
        f"{reverse('login')}?next={convention_url(partnership)}",
    )


def test_partnership_convention_without_a_file_is_404(client, coordinator):
    partnership = PartnershipFactory()
    client.force_login(coordinator)

    response = client.get(convention_url(partnership))

    assert (response.status_code, partnership.convention_file.name) == (404, "")


def test_partnership_convention_whose_file_vanished_is_404(
    client, coordinator, private_dir
):
    partnership = partnership_with_convention()
    (private_dir / partnership.convention_file.name).unlink()
    client.force_login(coordinator)

    response = client.get(convention_url(partnership))

    assert (response.status_code, "conventions/" in response.text) == (404, False)


def test_partnership_convention_of_an_unknown_partnership_is_404(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("partners:partnership_convention", args=[999]))

    assert (response.status_code, Partnership.objects.count()) == (404, 0)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00"),
            "Ce type de fichier n’est pas accepté. Envoyez un fichier PDF, ODT, "
            "DOCX, JPG ou PNG.",
        ),
        (
            SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 a renamed program"),
            "Ce type de fichier n’est pas accepté. Envoyez un fichier PDF, ODT, "
            "DOCX, JPG ou PNG.",
        ),
        (
            SimpleUploadedFile(
                "convention.pdf", b"%PDF-" + b"0" * CONVENTION_MAX_BYTES
            ),
            "Le fichier est trop volumineux (10 Mo au maximum).",
        ),
    ],
    ids=["exe", "renamed-exe", "too-large"],
)
def test_partnership_create_refuses_a_bad_convention_next_to_the_field(
    client, coordinator, private_dir, upload, message
):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    response = upload_partnership(client, organisation, upload)

    assert (
        response.status_code,
        response.context["form"].errors["convention_file"],
        Partnership.objects.count(),
        stored_files(private_dir),
    ) == (400, [message], 0, [])


def test_orga_organisation_detail_links_the_convention_only_when_there_is_one(
    client, coordinator
):
    organisation = OrganisationFactory()
    with_file = partnership_with_convention(first=organisation)
    PartnershipFactory(first=organisation)
    client.force_login(coordinator)

    response = client.get(
        reverse("partners:orga_organisation_detail", args=[organisation.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    html = response.content.decode()
    assert (
        re.findall(r'href="(/[^"]*/convention/)"', html),
        html.count("Télécharger la convention"),
        "convention_signée.pdf" in html,
        storages["private"].location in html,
    ) == ([convention_url(with_file)], 1, True, False)


def test_admin_links_the_convention_through_the_checked_view(admin_client):
    partnership = partnership_with_convention()

    response = admin_client.get(
        reverse("admin:partners_partnership_change", args=[partnership.pk])
    )

    assert response.status_code == 200
    assert f'href="{convention_url(partnership)}"' in response.text
    assert "/media/conventions/" not in response.text
    assert f">{partnership.convention_filename}<" in response.text


def test_admin_keeps_the_convention_when_saved_without_a_new_file(admin_client):
    partnership = partnership_with_convention()
    url = reverse("admin:partners_partnership_change", args=[partnership.pk])

    response = admin_client.post(
        url,
        {
            "first": partnership.first_id,
            "second": partnership.second_id,
            "level": partnership.level,
            "notes": "Relue en comité",
        },
    )

    partnership.refresh_from_db()
    assert (response.status_code, partnership.notes) == (302, "Relue en comité")
    assert partnership.convention_file.read() == PDF
