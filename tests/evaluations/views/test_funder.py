"""The funder's space: /espace/financements/ (evaluations/views/funder.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.funding import submit_version
from evaluations.models import EvaluationVersion, VersionComment
from reports.registry import PDF_BUILDERS, PdfBuilder, Plan
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    ExpectedResultFactory,
    FundedProjectFactory,
    FunderFactory,
    ImprovementPointFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    OrganisationFactory,
    PartnerUserFactory,
    RegistrationFactory,
    SubObjectiveFactory,
    UnexpectedResultFactory,
)

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def monoprix(funder):
    organisation = OrganisationFactory(name="Fondation Monoprix", kind="fondation")
    funder.organisations.set([organisation])
    return organisation


def _project(funder_org, **kwargs):
    """A project with a full framework, parts 2–4 filled in."""
    project = FundedProjectFactory(
        funders=[funder_org],
        title="Journée inter-associative 2017",
        general_objective="Renforcer la coopération entre associations.",
        relationship_expectations="Un regard extérieur sur nos bilans.",
        relationship_assessment="Des échanges réguliers et constructifs.",
        **kwargs,
    )
    sub_objective = SubObjectiveFactory(
        project=project, title="Faire se rencontrer les associations"
    )
    result = ExpectedResultFactory(
        sub_objective=sub_objective, title="Les associations se connaissent mieux"
    )
    indicator = IndicatorFactory(
        result=result,
        name="Structures présentes",
        unit="structures",
        baseline_value=Decimal("40"),
        baseline_year=2016,
        target=Decimal("60"),
    )
    IndicatorPeriodFactory(
        indicator=indicator,
        label="Édition 2017",
        target=Decimal("60"),
        actual=Decimal("1155"),
        source="Feuilles d’émargement",
        computation_note="Structures distinctes pointées présentes à l’accueil.",
    )
    UnexpectedResultFactory(
        project=project, description="Une nouvelle fédération a rejoint le réseau."
    )
    ImprovementPointFactory(
        project=project, description="Prévoir plus de temps pour les ateliers."
    )
    return project


@pytest.fixture
def submitted(monoprix, coordinator):
    """A project funded by the funder's organisation, its version 1 submitted."""
    project = _project(monoprix)
    version = submit_version(project, user=coordinator)
    return project, version


def _urls(project, number=1):
    return {
        "list": reverse("evaluations:funder_project_list"),
        "project": reverse("evaluations:funder_project_detail", args=[project.pk]),
        "version": reverse(
            "evaluations:funder_version_detail", args=[project.pk, number]
        ),
        "acknowledge": reverse(
            "evaluations:funder_version_acknowledge", args=[project.pk, number]
        ),
        "comment": reverse(
            "evaluations:funder_version_comment", args=[project.pk, number]
        ),
    }


# --- the list ----------------------------------------------------------------


def test_list_shows_only_the_projects_of_the_funders_organisation(
    client, funder, submitted
):
    project, _version = submitted
    other = _project(OrganisationFactory(name="Fondation Autre"))
    other.title = "Projet d’un autre financeur"
    other.save()
    client.force_login(funder)

    response = client.get(_urls(project)["list"], **FR)

    assert list(response.context["projects"]) == [project]
    assert "Journée inter-associative 2017" in response.text
    assert "Projet d’un autre financeur" not in response.text
    assert "Version 1" in response.text
    assert "1 à accuser réception" in response.text


def test_list_says_when_no_evaluation_was_submitted(client, funder, monoprix):
    _project(monoprix)
    client.force_login(funder)

    response = client.get(reverse("evaluations:funder_project_list"), **FR)

    assert "Aucune évaluation soumise pour l’instant" in response.text
    assert "Version 1" not in response.text


@pytest.mark.parametrize("count", (1, 12))
def test_list_query_count_does_not_grow_with_projects(
    client, funder, monoprix, coordinator, count, django_assert_max_num_queries
):
    for _n in range(count):
        project = FundedProjectFactory(funders=[monoprix])
        SubObjectiveFactory(project=project)
        submit_version(project, user=coordinator)
    client.force_login(funder)
    url = reverse("evaluations:funder_project_list")
    client.get(url)  # warm per-process caches (navigation, content types)

    with django_assert_max_num_queries(6):
        response = client.get(url)

    assert len(response.context["projects"]) == count


# --- the project page ----------------------------------------------------------


def test_project_page_lists_versions_and_the_submitted_objective(
    client, funder, submitted
):
    project, _version = submitted
    project.general_objective = "Brouillon : un objectif pas encore soumis."
    project.save()
    client.force_login(funder)

    response = client.get(_urls(project)["project"], **FR)

    assert response.status_code == 200
    assert "Renforcer la coopération entre associations." in response.text
    assert "pas encore soumis" not in response.text
    assert response.context["versions"][0].number == 1
    assert _urls(project)["version"] in response.text
    assert "À accuser réception" in response.text


def test_project_without_submitted_version_shows_no_draft(client, funder, monoprix):
    project = _project(monoprix)
    client.force_login(funder)

    project_page = client.get(_urls(project)["project"], **FR)
    version_page = client.get(_urls(project)["version"])

    assert project_page.status_code == 200
    assert "Renforcer la coopération" not in project_page.text
    assert "Structures présentes" not in project_page.text
    assert "Aucune évaluation ne vous a encore été soumise." in project_page.text
    assert version_page.status_code == 404


class _FakeBuilder(PdfBuilder):
    template_name = "reports/pdf/base.html"

    def __init__(self, kind, model):
        self.kind, self.label, self.model = kind, f"Document {kind}", model

    def plan(self, obj, parameters):
        return Plan(title=str(obj), context={})


def test_document_buttons_only_for_registered_kinds(
    client, funder, submitted, monkeypatch
):
    project, _version = submitted
    for kind in ("rapport-evaluation", "compte-rendu-financier", "bilan"):
        monkeypatch.delitem(PDF_BUILDERS, kind, raising=False)
    client.force_login(funder)

    before = client.get(_urls(project)["project"])
    monkeypatch.setitem(
        PDF_BUILDERS,
        "rapport-evaluation",
        _FakeBuilder("rapport-evaluation", "evaluations.FundedProject"),
    )
    monkeypatch.setitem(
        PDF_BUILDERS,
        "compte-rendu-financier",
        _FakeBuilder("compte-rendu-financier", "evaluations.FundedProject"),
    )
    after = client.get(_urls(project)["project"])

    assert 'name="kind"' not in before.text
    assert 'value="rapport-evaluation"' in after.text
    assert 'value="compte-rendu-financier"' in after.text
    assert f'name="object_id" value="{project.pk}"' in after.text


def test_no_evaluation_report_before_a_version_is_submitted(
    client, funder, monoprix, monkeypatch
):
    project = _project(monoprix)
    for kind in ("rapport-evaluation", "compte-rendu-financier"):
        monkeypatch.setitem(
            PDF_BUILDERS, kind, _FakeBuilder(kind, "evaluations.FundedProject")
        )
    client.force_login(funder)

    response = client.get(_urls(project)["project"])

    assert 'value="rapport-evaluation"' not in response.text
    assert 'value="compte-rendu-financier"' in response.text


def test_bilan_of_the_linked_events_the_funder_sees(
    client, funder, monoprix, submitted, monkeypatch
):
    project, _version = submitted
    funded = EventFactory(title="Journée 2017", funders=[monoprix])
    not_funded = EventFactory(title="Rencontres d’un autre financeur")
    project.events.set([funded, not_funded])
    RegistrationFactory(event=funded, first_name="Gaspard", last_name="Inscritvisible")
    monkeypatch.setitem(PDF_BUILDERS, "bilan", _FakeBuilder("bilan", "events.Event"))
    client.force_login(funder)

    response = client.get(_urls(project)["project"])

    assert response.context["events"] == [funded]
    assert "Rencontres d’un autre financeur" not in response.text
    assert f'name="object_id" value="{funded.pk}"' in response.text
    assert 'value="bilan"' in response.text
    assert "Inscritvisible" not in response.text


# --- the version page ----------------------------------------------------------


def test_version_page_shows_the_four_parts(client, funder, submitted):
    project, _version = submitted
    client.force_login(funder)

    response = client.get(_urls(project)["version"], **FR)

    text = response.text
    assert response.status_code == 200
    for expected in (
        "Renforcer la coopération entre associations.",
        "Faire se rencontrer les associations",
        "Les associations se connaissent mieux",
        "Structures présentes",
        "Référence\u00a0: 40\u00a0structures (2016)",
        "60\u00a0structures",
        "1\u202f155\u00a0structures",
        "Atteint",
        "Structures distinctes pointées présentes à l’accueil.",
        "Feuilles d’émargement",
        "Une nouvelle fédération a rejoint le réseau.",
        "Prévoir plus de temps pour les ateliers.",
        "Un regard extérieur sur nos bilans.",
        "Des échanges réguliers et constructifs.",
        "Accuser réception",
    ):
        assert expected in text, expected


def test_version_page_reads_the_frozen_snapshot(client, funder, submitted):
    project, _version = submitted
    project.sub_objectives.update(title="Sous-objectif modifié après envoi")
    project.unexpected_results.all().delete()
    client.force_login(funder)

    response = client.get(_urls(project)["version"])

    assert "Faire se rencontrer les associations" in response.text
    assert "modifié après envoi" not in response.text
    assert "Une nouvelle fédération a rejoint le réseau." in response.text


def test_achievements_partly_and_missed(client, funder, monoprix, coordinator):
    project = FundedProjectFactory(funders=[monoprix])
    indicator = IndicatorFactory(
        result__sub_objective__project=project, target=Decimal("100")
    )
    IndicatorPeriodFactory(indicator=indicator, label="A", actual=Decimal("60"))
    IndicatorPeriodFactory(indicator=indicator, label="B", actual=Decimal("10"))
    submit_version(project, user=coordinator)
    client.force_login(funder)

    response = client.get(_urls(project)["version"], **FR)

    assert "Partiellement atteint" in response.text
    assert "Non atteint" in response.text


# --- acknowledging -------------------------------------------------------------


def test_funder_acknowledges_a_submitted_version(client, funder, submitted):
    project, version = submitted
    funder.first_name, funder.last_name = "Claire", "Financeuse"
    funder.save()
    client.force_login(funder)

    response = client.post(_urls(project)["acknowledge"], follow=True, **FR)

    version.refresh_from_db()
    assert version.status == EvaluationVersion.Status.ACKNOWLEDGED
    assert version.acknowledged_by == funder
    assert "Accusé de réception le" in response.text
    assert "par Claire Financeuse" in response.text
    assert "Accuser réception</button>" not in response.text


def test_acknowledging_twice_says_so(client, funder, monoprix, submitted):
    project, version = submitted
    colleague = FunderFactory(
        organisations=[monoprix], first_name="Paul", last_name="Collègue"
    )
    client.force_login(colleague)
    client.post(_urls(project)["acknowledge"])
    client.force_login(funder)

    response = client.post(_urls(project)["acknowledge"], follow=True, **FR)

    version.refresh_from_db()
    assert response.status_code == 200
    assert version.acknowledged_by == colleague
    assert "Cette version a déjà fait l’objet d’un accusé de réception" in (
        response.text
    )
    assert "par Paul Collègue" in response.text


def test_acknowledge_is_post_only(client, funder, submitted):
    project, version = submitted
    client.force_login(funder)

    response = client.get(_urls(project)["acknowledge"])

    version.refresh_from_db()
    assert response.status_code == 405
    assert version.status == EvaluationVersion.Status.SUBMITTED


# --- commenting ----------------------------------------------------------------


def test_funder_comments_a_version(client, funder, submitted):
    project, version = submitted
    client.force_login(funder)

    response = client.post(
        _urls(project)["comment"],
        {"text": "Merci, très clair. Pouvez-vous détailler le budget ?"},
        follow=True,
        **FR,
    )

    comment = VersionComment.objects.get()
    assert (comment.version, comment.author) == (version, funder)
    assert "Pouvez-vous détailler le budget" in response.text
    assert "Votre commentaire a été ajouté." in response.text


def test_empty_comment_is_refused_next_to_the_field(client, funder, submitted):
    project, _version = submitted
    client.force_login(funder)

    response = client.post(_urls(project)["comment"], {"text": "   "}, **FR)

    assert response.status_code == 200
    assert not VersionComment.objects.exists()
    assert response.context["form"].errors["text"] == ["Écrivez un commentaire."]
    assert 'class="textarea form-control is-invalid"' in response.text
    assert "Structures présentes" in response.text  # the version page again


# --- refusals --------------------------------------------------------------------


@pytest.mark.parametrize("name", ("list", "project", "version"))
def test_anonymous_goes_to_sign_in(client, submitted, name):
    url = _urls(submitted[0])[name]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("name", ("acknowledge", "comment"))
def test_anonymous_post_goes_to_sign_in(client, submitted, name):
    project, version = submitted

    response = client.post(_urls(project)[name], {"text": "Essai"})

    version.refresh_from_db()
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert version.status == EvaluationVersion.Status.SUBMITTED
    assert not VersionComment.objects.exists()


@pytest.mark.parametrize(
    "factory", (PartnerUserFactory, CoordinatorFactory), ids=("partner", "coord")
)
def test_other_roles_get_403_on_the_list_and_404_on_objects(client, submitted, factory):
    project, version = submitted
    user = factory(organisations=list(project.funders.all()))
    urls = _urls(project)
    client.force_login(user)

    assert client.get(urls["list"]).status_code == 403
    assert client.get(urls["project"]).status_code == 404
    assert client.get(urls["version"]).status_code == 404
    assert client.post(urls["acknowledge"]).status_code == 404
    assert client.post(urls["comment"], {"text": "Essai"}).status_code == 404
    version.refresh_from_db()
    assert version.status == EvaluationVersion.Status.SUBMITTED
    assert not VersionComment.objects.exists()


def test_another_funder_gets_404_everywhere(client, submitted):
    project, version = submitted
    other = FunderFactory(organisations=[OrganisationFactory(name="Fondation Autre")])
    urls = _urls(project)
    client.force_login(other)

    listed = client.get(urls["list"])

    assert list(listed.context["projects"]) == []
    assert client.get(urls["project"]).status_code == 404
    assert client.get(urls["version"]).status_code == 404
    assert client.post(urls["acknowledge"]).status_code == 404
    assert client.post(urls["comment"], {"text": "Essai"}).status_code == 404
    version.refresh_from_db()
    assert version.status == EvaluationVersion.Status.SUBMITTED
    assert not VersionComment.objects.exists()


def test_a_version_number_that_does_not_exist_is_404(client, funder, submitted):
    project, _version = submitted
    client.force_login(funder)

    response = client.get(_urls(project, number=2)["version"])

    assert response.status_code == 404


# --- navigation ----------------------------------------------------------------


def _nav_labels(response) -> list[str]:
    with translation.override("fr"):
        return [str(section.label) for section in response.context["nav_sections"]]


def test_funder_home_points_to_its_funded_projects(client, funder, monoprix):
    client.force_login(funder)

    response = client.get(reverse("core:dashboard"), **FR)

    assert "Mes financements" in _nav_labels(response)
    assert reverse("evaluations:funder_project_list") in response.text


@pytest.mark.parametrize(
    "factory", (PartnerUserFactory, CoordinatorFactory), ids=("partner", "coord")
)
def test_other_roles_have_no_funded_projects_section(client, factory):
    client.force_login(factory())

    response = client.get(reverse("core:dashboard"))

    assert "Mes financements" not in _nav_labels(response)


def test_only_the_funded_projects_section_is_current(client, funder, submitted):
    """/espace/evenements/ and /espace/financements/ share their first
    characters: only one of them is the current page."""
    client.force_login(funder)

    response = client.get(_urls(submitted[0])["version"], **FR)

    assert response.text.count('aria-current="page"') == 2  # nav + breadcrumb
    assert response.context["nav_current"] == "funder_projects"


def test_a_funder_without_an_organisation_is_refused_the_space(client, funder):
    assert not funder.organisation_ids
    client.force_login(funder)

    response = client.get(reverse("evaluations:funder_project_list"), **FR)

    assert response.status_code == 403


def test_the_version_page_offers_that_versions_report(
    client, funder, submitted, coordinator, django_capture_on_commit_callbacks
):
    project, first = submitted
    second = submit_version(
        _project_with_change(project), user=coordinator
    )  # version 2 exists; the page of version 1 asks for version 1
    assert second.number == 2
    client.force_login(funder)

    page = client.get(_urls(project, 1)["version"], **FR).content.decode()

    assert 'name="kind" value="rapport-evaluation"' in page
    assert 'name="parameters" value="version=1"' in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reports:job_request"),
            {
                "kind": "rapport-evaluation",
                "object_id": project.pk,
                "parameters": "version=1",
            },
        )
    assert response.status_code == 302
    from reports.models import ReportJob

    assert ReportJob.objects.get().parameters == {"version": 1}


def _project_with_change(project):
    project.general_objective = "Un objectif reformulé."
    project.save()
    return project
