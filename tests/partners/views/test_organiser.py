import pytest
from django.urls import reverse
from django.utils import translation

from core.consent import consent_in_force
from core.models import ConsentText
from partners.models import ChangeRequest, Organisation, Partnership, Theme
from tests.factories import (
    AudienceFactory,
    ChangeRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ThemeFactory,
)
from tests.partners.conftest import csv_bytes

pytestmark = pytest.mark.django_db

ROW = "Croix-Rouge française;CRF;association;77100;Meaux;contact@crf.fr;Jeunes;Santé;W771234567;73282932000074"


def list_url(**params):
    from urllib.parse import urlencode

    url = reverse("partners:orga_organisation_list")
    return f"{url}?{urlencode(params)}" if params else url


def test_orga_organisation_list_search_ignores_accents_case_and_hyphens(
    client, coordinator
):
    red_cross = OrganisationFactory(name="Croix-Rouge française")
    OrganisationFactory(name="Secours catholique")
    client.force_login(coordinator)

    response = client.get(list_url(q="croix rouge"))

    assert list(response.context["organisations"]) == [red_cross]


def test_orga_organisation_list_filters_by_kind_audience_theme_and_commune(
    client, coordinator
):
    youth = AudienceFactory(name="Jeunes")
    health = ThemeFactory(name="Santé")
    wanted = OrganisationFactory(
        name="Mission locale", kind="service_public", commune="Meaux"
    )
    wanted.audiences.add(youth)
    wanted.themes.add(health)
    OrganisationFactory(name="Autre Meaux", kind="service_public", commune="Meaux")
    other = OrganisationFactory(
        name="Mission locale d'Angers", kind="service_public", commune="Angers"
    )
    other.audiences.add(youth)
    other.themes.add(health)
    client.force_login(coordinator)

    response = client.get(
        list_url(
            kind="service_public", audience=youth.pk, theme=health.pk, commune="Meaux"
        )
    )

    assert list(response.context["organisations"]) == [wanted]


def test_orga_organisation_list_paginates(client, coordinator):
    OrganisationFactory.create_batch(30)
    client.force_login(coordinator)

    response = client.get(list_url(page=2))

    assert (
        len(response.context["organisations"]),
        response.context["page_obj"].number,
    ) == (5, 2)


@pytest.mark.parametrize("count", (10, 1000))
def test_orga_organisation_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    audience, theme = AudienceFactory(), ThemeFactory()
    parent = OrganisationFactory(name="Réseau national")
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Asso {n}", commune=f"Commune {n % 7}", parent=parent)
            for n in range(count)
        ]
    )
    Organisation.audiences.through.objects.bulk_create(
        [
            Organisation.audiences.through(organisation=o, audience=audience)
            for o in organisations
        ]
    )
    Organisation.themes.through.objects.bulk_create(
        [
            Organisation.themes.through(organisation=o, theme=theme)
            for o in organisations
        ]
    )
    client.force_login(coordinator)

    with django_assert_num_queries(8):
        response = client.get(list_url(q="asso", commune="Commune 1"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", (10, 1000))
def test_orga_organisation_detail_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    Organisation.objects.bulk_create(
        [Organisation(name=f"Asso {n}") for n in range(count)]
    )
    organisation = OrganisationFactory(name="Cultures du cœur")
    for n in range(3):
        MembershipFactory(organisation=organisation, function=f"Fonction {n}")
        PartnershipFactory(first=organisation)
        PartnershipFactory(second=organisation)
    client.force_login(coordinator)
    # The directory consent text beside the add-a-person form: recorded once
    # (its first version), then read from the cache.
    consent_in_force(ConsentText.Purpose.DIRECTORY)

    with django_assert_num_queries(18):
        response = client.get(organisation.get_absolute_url())

    assert len(response.context["partnerships"]) == 6


def test_orga_organisation_detail_shows_people_and_partnerships_in_french(
    client, coordinator
):
    organisation = OrganisationFactory(name="Secours catholique")
    MembershipFactory(
        organisation=organisation, person__first_name="Odile", person__last_name="Roy"
    )
    partner = OrganisationFactory(name="AEDE")
    PartnershipFactory(
        first=partner, second=organisation, level=Partnership.Level.DIRECTION
    )
    client.force_login(coordinator)

    response = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    content = response.content.decode()
    assert ("Odile Roy" in content, "AEDE" in content, "Partenariats" in content) == (
        True,
        True,
        True,
    )


@pytest.mark.parametrize(
    "url_name",
    [
        "partners:orga_organisation_list",
        "partners:orga_organisation_create",
        "partners:orga_import",
        "partners:orga_changerequest_list",
        "partners:orga_vocabulary_list",
    ],
)
def test_directory_pages_refuse_a_funder_with_403(client, funder, url_name):
    client.force_login(funder)

    response = client.get(reverse(url_name))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "url_name",
    ["partners:orga_organisation_detail", "partners:orga_organisation_update"],
)
def test_organisation_pages_refuse_funder_and_partner(
    client, funder, partner_user, url_name
):
    organisation = OrganisationFactory()
    partner_user.organisations.add(organisation)
    codes = []
    for user in (funder, partner_user):
        client.force_login(user)
        codes.append(client.get(reverse(url_name, args=[organisation.pk])).status_code)

    # Another scope's object is a 404: its existence never leaks (issue 12).
    assert codes == [404, 404]


def test_directory_sends_anonymous_visitor_to_login(client):
    response = client.get(reverse("partners:orga_organisation_list"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_funder_cannot_post_an_edit(client, funder):
    organisation = OrganisationFactory(name="Avant")
    client.force_login(funder)

    response = client.post(
        reverse("partners:orga_organisation_update", args=[organisation.pk]),
        {"name": "Après", "kind": "association"},
    )

    organisation.refresh_from_db()
    assert (response.status_code, organisation.name) == (404, "Avant")


def test_orga_organisation_create_saves_and_records_history(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_organisation_create"),
        {
            "name": "Emmaüs Connect",
            "kind": "association",
            "siret": "73282932000074",
            "is_active": "on",
        },
    )

    organisation = Organisation.objects.get()
    assert (response.url, organisation.history.get().history_user) == (
        organisation.get_absolute_url(),
        coordinator,
    )


def test_orga_organisation_update_shows_errors_next_to_fields_in_french(
    client, coordinator
):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_organisation_update", args=[organisation.pk]),
        {"name": "X", "kind": "association", "rna": "123", "siret": "73282932000075"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    form = response.context["form"]
    assert (
        response.status_code,
        sorted(form.errors),
        "9 chiffres" in response.content.decode(),
    ) == (
        200,
        ["rna", "siret"],
        True,
    )


def test_orga_organisation_merge_folds_the_duplicate(client, coordinator):
    keep, duplicate = (
        OrganisationFactory(name="Restos du cœur"),
        OrganisationFactory(name="Restos du coeur"),
    )
    MembershipFactory(organisation=duplicate)
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_organisation_merge", args=[keep.pk]),
        {"duplicate": duplicate.pk},
    )

    assert (
        response.status_code,
        list(Organisation.objects.all()),
        keep.memberships.count(),
    ) == (
        302,
        [keep],
        1,
    )


def test_orga_partnership_create_adds_a_partnership(client, coordinator):
    first, second = OrganisationFactory(), OrganisationFactory()
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_partnership_create", args=[first.pk]),
        {
            "second": second.pk,
            "level": "encadrement",
            "convention_signed_on": "2017-12-05",
        },
    )

    assert list(Partnership.objects.values_list("first", "second", "level")) == [
        (first.pk, second.pk, "encadrement")
    ]


def test_orga_update_link_send_answers_when_the_mail_server_is_down(
    client, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """No SMTP in the request: the link waits in the outbox for a worker."""
    import smtplib

    from core.models import OutboundMail

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )
    organisation = OrganisationFactory(email="contact@singa.fr")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("partners:orga_update_link_send", args=[organisation.pk]),
            follow=True,
        )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]][0].startswith(
        "Le lien a été envoyé à contact@singa.fr"
    )
    assert list(OutboundMail.objects.values_list("to", "status", "language")) == [
        ("contact@singa.fr", "pending", "fr")
    ]
    assert len(callbacks) == 1


def test_orga_update_link_send_mails_a_working_link(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(email="contact@singa.fr")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:orga_update_link_send", args=[organisation.pk]))

    link = next(w for w in mailoutbox[0].body.split() if "/mise-a-jour/" in w)
    client.logout()
    response = client.get(link)
    assert (
        mailoutbox[0].to,
        response.status_code,
        response.context["organisation"],
    ) == (
        ["contact@singa.fr"],
        200,
        organisation,
    )


def test_orga_changerequest_list_shows_the_difference_field_by_field(
    client, coordinator
):
    change = ChangeRequestFactory(
        organisation__phone="01 00 00 00 00", proposed={"phone": "01 99 99 99 99"}
    )
    client.force_login(coordinator)

    response = client.get(reverse("partners:orga_changerequest_list"))

    assert [
        (str(label), current, proposed)
        for label, current, proposed in response.context["reviews"][0][1]
    ] == [("téléphone", "01 00 00 00 00", "01 99 99 99 99")]
    assert change.pk == response.context["reviews"][0][0].pk


def test_orga_changerequest_review_accepts(client, coordinator):
    change = ChangeRequestFactory(proposed={"phone": "01 99 99 99 99"})
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]),
        {"decision": "accept"},
    )

    change.refresh_from_db()
    assert (change.status, change.organisation.phone) == ("accepted", "01 99 99 99 99")


def test_orga_changerequest_review_rejects(client, coordinator):
    change = ChangeRequestFactory(proposed={"phone": "01 99 99 99 99"})
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]),
        {"decision": "reject"},
    )

    change.refresh_from_db()
    assert (change.status, change.organisation.phone) == ("rejected", "")


def test_orga_changerequest_review_refuses_funder(client, funder):
    change = ChangeRequestFactory(proposed={"phone": "01 99 99 99 99"})
    client.force_login(funder)

    response = client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]),
        {"decision": "accept"},
    )

    assert (response.status_code, ChangeRequest.objects.get().status) == (
        404,
        "pending",
    )


def test_orga_vocabulary_list_adds_and_renames_a_theme(client, coordinator):
    client.force_login(coordinator)

    client.post(
        reverse("partners:orga_vocabulary_list"), {"kind": "theme", "name": "Mobilité"}
    )
    theme = Theme.objects.get()
    client.post(
        reverse("partners:orga_vocabulary_update", args=["theme", theme.pk]),
        {"name": "Mobilité douce"},
    )

    assert list(Theme.objects.values_list("name", flat=True)) == ["Mobilité douce"]


def upload(client, content, name="partenaires.csv", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("partners:orga_import"),
        {"file": SimpleUploadedFile(name, content), **extra},
        HTTP_ACCEPT_LANGUAGE="fr",
    )


def test_orga_import_preview_then_confirm_creates_accepted_rows(
    client, coordinator, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client.force_login(coordinator)

    response = upload(client, csv_bytes(ROW, "Licorne;;licorne;;;;;;;"))
    preview = client.get(response.url)
    nothing_yet = Organisation.objects.count()
    rejected = client.get(preview.request["PATH_INFO"] + "rejets.csv")
    confirm = client.post(response.url)

    assert (
        [(o.line, o.action) for o in preview.context["plan"].outcomes],
        nothing_yet,
        rejected.content.decode("utf-8").splitlines()[1],
        confirm.status_code,
        list(Organisation.objects.values_list("name", flat=True)),
    ) == (
        [(2, "create"), (3, "reject")],
        0,
        "3;type inconnu «\u00a0licorne\u00a0»;Licorne;;licorne;;;;;;;",
        302,
        ["Croix-Rouge française"],
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "est vide"),
        (b"foo;bar\n1;2\n", "x.csv", "Aucune colonne connue"),
        (b"%PDF-1.4\x00", "x.pdf", "ni un CSV ni un XLSX"),
    ],
)
def test_orga_import_refuses_bad_files_next_to_the_field(
    client, coordinator, content, name, message
):
    client.force_login(coordinator)

    response = upload(client, content, name)

    errors = response.context["form"].errors["file"]
    assert (
        response.status_code,
        message in errors[0],
        Organisation.objects.count(),
    ) == (200, True, 0)


def test_orga_import_preview_of_someone_elses_upload_is_404(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("partners:orga_import_preview", args=["0" * 32]))

    assert response.status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_orga_export_downloads_the_directory(client, coordinator, file_format):
    OrganisationFactory(name="Singa")
    client.force_login(coordinator)

    response = client.get(reverse("partners:orga_export", args=[file_format]))

    assert (response.status_code, response["Content-Disposition"]) == (
        200,
        f'attachment; filename="annuaire-partenaires.{file_format}"',
    )


def test_orga_organisation_list_renders_in_french(client, coordinator):
    client.force_login(coordinator)

    with translation.override("fr"):
        response = client.get(list_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Annuaire des partenaires" in response.content.decode()


def test_admin_organisation_changelist_links_to_the_import_preview(admin_client):
    OrganisationFactory(name="Pro Bono Lab")

    response = admin_client.get(reverse("admin:partners_organisation_changelist"))

    content = response.content.decode()
    assert (response.status_code, reverse("partners:orga_import") in content) == (
        200,
        True,
    )


def test_admin_organisation_export_uses_the_shared_resource(admin_client):
    OrganisationFactory(name="=cmd|' /C calc'!A0")

    response = admin_client.post(
        reverse("admin:partners_organisation_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"organisationresource_{c}": "on" for c in ("nom", "type")},
        },
    )

    assert response.content.decode("utf-8-sig").splitlines() == [
        "nom,type",
        "'=cmd|' /C calc'!A0,association",
    ]


@pytest.mark.parametrize("count", (2, 20))
def test_orga_changerequest_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    theme = ThemeFactory()
    for _n in range(count):
        ChangeRequestFactory(proposed={"phone": "01", "themes": [theme.pk]})
    client.force_login(coordinator)

    with django_assert_num_queries(10):
        response = client.get(reverse("partners:orga_changerequest_list"))

    assert len(response.context["reviews"]) == count


def test_orga_member_create_reuses_a_person_across_organisations(client, coordinator):
    first, second = OrganisationFactory(), OrganisationFactory()
    client.force_login(coordinator)
    data = {
        "first_name": "Annie",
        "last_name": "Marchand",
        "email": "annie@reso77.fr",
        "status": "benevole",
        "function": "Bénévole",
        "directory_consent": "on",
    }

    for organisation in (first, second):
        client.post(
            reverse("partners:orga_member_create", args=[organisation.pk]), data
        )

    from partners.models import Person

    person = Person.objects.get()
    assert (
        sorted(person.memberships.values_list("organisation", flat=True)),
        person.directory_consent,
    ) == (sorted([first.pk, second.pk]), True)


def test_orga_member_create_shows_errors_and_refuses_funder(
    client, coordinator, funder
):
    organisation = OrganisationFactory()
    url = reverse("partners:orga_member_create", args=[organisation.pk])
    client.force_login(coordinator)
    invalid = client.post(url, {"first_name": "", "status": "benevole"})
    client.force_login(funder)

    forbidden = client.post(url, {"first_name": "X", "status": "benevole"})

    assert (
        invalid.status_code,
        list(invalid.context["form"].errors),
        forbidden.status_code,
        organisation.memberships.count(),
    ) == (400, ["first_name"], 404, 0)


def test_orga_changerequest_review_accepts_a_proposal_whose_audience_was_deleted(
    client, coordinator
):
    youth, gone = AudienceFactory(name="Jeunes"), AudienceFactory(name="Seniors")
    change = ChangeRequestFactory(proposed={"audiences": [youth.pk, gone.pk]})
    gone.delete()
    client.force_login(coordinator)

    response = client.post(
        reverse("partners:orga_changerequest_review", args=[change.pk]),
        {"decision": "accept"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert (
        response.status_code,
        list(change.organisation.audiences.all()),
        [str(m) for m in response.context["messages"]][1],
    ) == (
        200,
        [youth],
        "1 public ou thématique proposé a été supprimé depuis la proposition\u00a0; "
        "il a été laissé de côté.",
    )


def test_orga_organisation_merge_get_shows_what_moves_and_changes_nothing(
    client, coordinator
):
    keep = OrganisationFactory(name="Restos du cœur", phone="")
    duplicate = OrganisationFactory(name="Restos du coeur", phone="01 60 00 00 00")
    MembershipFactory.create_batch(2, organisation=duplicate)
    PartnershipFactory(first=duplicate)
    client.force_login(coordinator)

    response = client.get(
        reverse("partners:orga_organisation_merge", args=[keep.pk]),
        {"duplicate": duplicate.pk},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    html = response.content.decode()
    assert (
        response.status_code,
        response.context["effects"]["filled"],
        "Personnes" in html,
        "Appartenances, comme «\u00a0structure\u00a0»\u00a0: 2" in html,
        "Partenariats, comme «\u00a0structure\u00a0»\u00a0: 1" in html,
        Organisation.objects.count(),
        f'name="duplicate" value="{duplicate.pk}"' in html,
    ) == (200, ["téléphone"], False, True, True, 3, True)


def test_orga_vocabulary_delete_asks_first_with_who_uses_it(client, coordinator):
    seniors = AudienceFactory(name="Seniors")
    OrganisationFactory(name="Singa").audiences.add(seniors)
    client.force_login(coordinator)
    url = reverse("partners:orga_vocabulary_delete", args=["audience", seniors.pk])

    rename_with_delete = client.post(
        reverse("partners:orga_vocabulary_update", args=["audience", seniors.pk]),
        {"name": "Seniors", "delete": "1"},
    )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    still_there = list(seniors.organisations.values_list("name", flat=True))
    client.post(url)

    html = page.content.decode()
    assert (
        rename_with_delete.url,
        page.context["usage"],
        "1 structure utilise «\u00a0Seniors\u00a0»\u00a0: elle le perdra." in html,
        still_there,
        AudienceFactory._meta.model.objects.count(),
    ) == (url, {"count": 1, "names": ["Singa"]}, True, ["Singa"], 0)


def test_orga_vocabulary_delete_refuses_a_funder_and_unknown_kinds(
    client, coordinator, funder
):
    theme = ThemeFactory()
    client.force_login(funder)
    by_funder = client.post(
        reverse("partners:orga_vocabulary_delete", args=["theme", theme.pk])
    )
    client.force_login(coordinator)

    unknown = client.get(
        reverse("partners:orga_vocabulary_delete", args=["ville", theme.pk])
    )

    assert (by_funder.status_code, unknown.status_code, Theme.objects.count()) == (
        404,
        404,
        1,
    )
