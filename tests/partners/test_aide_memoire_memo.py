"""The aide-mémoire as a memo of who does what (issue 14)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from partners.models import Organisation
from partners.templatetags.directory_print import coordinates
from reports.models import ReportJob
from reports.registry import PDF_BUILDERS
from reports.rendering import DocumentRenderer
from tests.factories import (
    AudienceFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MISSION = (
    "Accueille, informe et accompagne les habitants dans leurs démarches "
    "d'accès aux droits, à l'emploi, au logement et à la santé ; anime des "
    "ateliers collectifs et oriente vers les partenaires du territoire."
)


def builder():
    return PDF_BUILDERS["aide-memoire"]


def renderer(plan):
    return DocumentRenderer(
        template_name=builder().template_name,
        plan=plan,
        language="fr",
        weight_limit=builder().section_weight_limit,
    )


def realistic_directory(count):
    seniors, youth = AudienceFactory(name="Seniors"), AudienceFactory(name="Jeunes")
    theme = ThemeFactory(name="Accès aux droits")
    for n in range(count):
        organisation = OrganisationFactory(
            name=f"Association numéro {n:03d} pour le lien social",
            acronym=f"ALS{n}",
            mission=MISSION,
            commune=["Meaux", "Provins", "Le Mée-sur-Seine"][n % 3],
            address=f"{n} rue de la République",
            email=f"contact{n}@association-lien-social.example.org",
            phone="01 60 00 00 00",
            website=f"https://association-{n}.example.org",
        )
        organisation.audiences.add(seniors, youth)
        organisation.themes.add(theme)
        for k in range(2):
            MembershipFactory(
                organisation=organisation,
                function="Coordinatrice",
                person__first_name="Camille",
                person__last_name=f"Martin {n}-{k}",
                person__phone="06 00 00 00 00",
            )


def test_each_organisation_once_numbered_in_french_order_then_indexes():
    seniors, youth = AudienceFactory(name="Seniors"), AudienceFactory(name="Jeunes")
    both = OrganisationFactory(name="Écoute solidaire", commune="Meaux")
    both.audiences.add(seniors, youth)
    OrganisationFactory(name="abri de nuit", commune="Provins").audiences.add(youth)
    OrganisationFactory(name="Zèbre", commune="")

    plan = builder().plan(None, builder().clean_parameters({}))
    html = renderer(plan).full_html()

    entries = [s for s in plan.sections if s.context["part"] == "entries"]
    listed = [o.name for s in entries for o in s.context["organisations"]]
    assert listed == ["abri de nuit", "Écoute solidaire", "Zèbre"]
    assert [s.context["letter"] for s in entries] == ["A", "E", "Z"]
    # Once in the entries, whatever its number of audiences.
    assert html.count("Écoute solidaire</h4>") == 1
    indexes = {
        s.context["heading"]: dict(s.context["groups"])
        for s in plan.sections
        if s.context["part"] == "index"
    }
    by_audience = indexes["Index par public"]
    assert list(by_audience) == ["Jeunes", "Seniors", "Public non renseigné"]
    assert [o.entry_number for o in by_audience["Jeunes"]] == [1, 2]
    by_commune = indexes["Index par commune"]
    assert list(by_commune) == ["Meaux", "Provins", "Commune non renseignée"]
    assert "Qui fait quoi" in html


def test_the_entry_shows_mission_audiences_address_and_consenting_contacts():
    organisation = OrganisationFactory(
        name="Mission locale",
        mission="Accompagne les jeunes de 16 à 25 ans vers l'emploi.",
        address="1 place de l'Hôtel de ville",
        commune="Meaux",
        website="https://www.ml-meaux.fr/",
    )
    organisation.audiences.add(AudienceFactory(name="Jeunes"))
    MembershipFactory(
        organisation=organisation,
        person__first_name="Annie",
        person__last_name="Marchand",
        function="Conseillère",
    )
    MembershipFactory(
        organisation=organisation,
        person__first_name="Secret",
        person__last_name="Sansaccord",
        person__directory_consent=False,
    )

    html = renderer(builder().plan(None, builder().clean_parameters({}))).full_html()

    assert "Accompagne les jeunes de 16 à 25 ans" in html
    assert "1 place de l&#x27;Hôtel de ville" in html
    assert "Annie Marchand" in html and "Conseillère" in html
    assert "Sansaccord" not in html
    assert "ml-meaux.<wbr>fr" in html  # the site without https://, breakable


def test_a_memo_page_holds_at_least_fourteen_organisations_and_cuts_no_word():
    realistic_directory(42)
    plan = builder().plan(None, builder().clean_parameters({}))

    rendered = renderer(plan).render()

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages]
    entry_pages = [p for p in pages if "Coordinatrice" in p]
    assert len(entry_pages) <= 3  # 42 organisations, 14 a page at least
    # The heading in force is repeated at the top of a continuation page.
    assert any("Organisations de A à Z · A" in p for p in entry_pages[1:])
    # No word is cut at a line's end: each word of the 36 missions is found
    # whole 42 times (a cut word is split by a line break in the text).
    text = "\n".join(entry_pages)
    for word in {w for w in re.findall(r"\w+", MISSION) if len(w) > 3}:
        assert len(re.findall(rf"\b{word}\b", text)) >= 42, word


def test_a_partner_can_ask_for_the_memo_and_download_it(
    client, partner_user, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="Épicerie solidaire")
    client.force_login(partner_user)
    page = client.get(reverse("partners:partner_organisation_list"))
    assert b'value="aide-memoire"' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_request"), {"kind": "aide-memoire", "object_id": ""}
        )

    job = ReportJob.objects.get()
    assert response.status_code == 302
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_a_funder_cannot_ask_for_the_memo(client, funder):
    client.force_login(funder)
    response = client.post(
        reverse("reports:job_request"), {"kind": "aide-memoire", "object_id": ""}
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_anonymous_cannot_ask_for_the_memo(client):
    response = client.post(
        reverse("reports:job_request"), {"kind": "aide-memoire", "object_id": ""}
    )
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {
                "address": "2 rue <Haute>",
                "postal_code": "77100",
                "commune": "Meaux",
                "phone": "01 60 00 00 00",
                "email": "a@b.fr",
                "website": "https://www.b.fr/",
            },
            "2 rue &lt;Haute&gt;, 77100 Meaux · 01 60 00 00 00 · a@<wbr>b.<wbr>fr"
            " · b.<wbr>fr",
        ),
        ({"commune": "Meaux", "email": "a@b.fr"}, "Meaux · a@<wbr>b.<wbr>fr"),
        ({"address": "2 rue Haute"}, "2 rue Haute"),
        ({"website": "http://b.fr"}, "b.<wbr>fr"),
        ({}, ""),
    ],
)
def test_an_entry_gives_its_coordinates_on_one_line_with_no_stray_separator(
    fields, line
):
    blank = dict.fromkeys(
        ("address", "postal_code", "commune", "phone", "email", "website"), ""
    )
    organisation = Organisation(name="X", **{**blank, **fields})

    assert coordinates(organisation) == line
