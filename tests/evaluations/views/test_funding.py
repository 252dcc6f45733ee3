"""The coordinators' pages of funded projects and their logical framework."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.funding import submit_version
from evaluations.models import (
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    SubObjective,
    UnexpectedResult,
)
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    EventSeriesFactory,
    ExpectedResultFactory,
    FundedProjectFactory,
    ImprovementPointFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    OrganisationFactory,
    SubObjectiveFactory,
    UnexpectedResultFactory,
)
from tests.factories.evaluations import EvaluationVersionFactory

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def url(name, *args):
    return reverse(f"evaluations:{name}", args=args)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def project_form_data(**overrides):
    fondation = OrganisationFactory(name="Fondation Monoprix", kind="fondation")
    data = {
        "title": "Journée inter-associative 2017",
        "funders": [fondation.pk],
        "starts_on": "2017-01-01",
        "ends_on": "2017-12-31",
        "amount_granted": "5000",
        "general_objective": "Renforcer la coopération inter-associative.",
        "relationship_expectations": "Un regard sur nos outils.",
        "relationship_assessment": "",
        "bilan_qualitatif": "",
        "volunteer_hour_rate": "12",
        "variance_threshold": "15",
    }
    data.update(overrides)
    return data


# --- who may open the pages ---------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    project = FundedProjectFactory()
    for address in (
        url("funding_list"),
        url("funding_create"),
        url("funding_detail", project.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_funders_and_partners_get_403_on_the_list(client, funder, partner_user):
    for user in (funder, partner_user):
        client.force_login(user)
        assert client.get(url("funding_list")).status_code == 403
        assert client.get(url("funding_create")).status_code == 403


def test_a_funder_of_the_project_gets_404_on_the_coordinators_pages(client):
    from tests.factories import FunderFactory

    fondation = OrganisationFactory()
    project = FundedProjectFactory(funders=[fondation])
    period = IndicatorPeriodFactory(indicator__result__sub_objective__project=project)
    client.force_login(FunderFactory(organisations=[fondation]))
    for address in (
        url("funding_detail", project.pk),
        url("funding_update", project.pk),
        url("funding_delete", project.pk),
        url("funding_period_update", period.pk),
        url("funding_indicator_delete", period.indicator_id),
    ):
        assert client.get(address).status_code == 404
    assert client.post(url("funding_submit", project.pk)).status_code == 404
    assert not EvaluationVersion.objects.exists()


def test_financements_is_in_the_coordinators_navigation_only(
    client, coordinator, funder
):
    client.force_login(coordinator)
    body = client.get(reverse("core:dashboard"), **FR).text
    assert f'href="{url("funding_list")}"' in body
    assert "Financements" in body
    client.force_login(funder)
    body = client.get(reverse("core:dashboard"), **FR).text
    assert f'href="{url("funding_list")}"' not in body


# --- the list -----------------------------------------------------------------


def test_the_list_says_when_there_is_no_project(signed_in):
    response = signed_in.get(url("funding_list"), **FR)
    assert "Aucun projet financé pour l’instant" in response.text


def test_the_list_searches_the_title_and_the_funders(signed_in):
    FundedProjectFactory(
        title="Journée inter-associative",
        funders=[OrganisationFactory(name="Fondation Monoprix")],
    )
    FundedProjectFactory(
        title="Rencontres Agir ensemble",
        funders=[OrganisationFactory(name="CCAS d'Angers")],
    )

    def titles(q):
        response = signed_in.get(url("funding_list"), {"q": q}, **FR)
        return [p.title for p in response.context["projects"]], response.text

    assert titles("monoprix")[0] == ["Journée inter-associative"]
    assert titles("Agir")[0] == ["Rencontres Agir ensemble"]
    assert titles("angers")[0] == ["Rencontres Agir ensemble"]
    found, body = titles("introuvable")
    assert found == []
    assert "Aucun projet financé ne correspond à cette recherche" in body


def test_the_list_is_paginated(signed_in):
    FundedProjectFactory.create_batch(27)
    response = signed_in.get(url("funding_list"), **FR)
    assert len(response.context["projects"]) == 25
    assert "Page 1 sur 2" in response.text
    response = signed_in.get(url("funding_list"), {"page": 2})
    assert len(response.context["projects"]) == 2


def test_the_list_shows_the_last_version(signed_in):
    project = FundedProjectFactory(title="Projet soumis")
    EvaluationVersionFactory(project=project, number=1)
    EvaluationVersionFactory(project=project, number=2)
    body = signed_in.get(url("funding_list"), **FR).text
    assert "Version 2" in body


@pytest.mark.parametrize("count", (1, 20))
def test_the_list_query_count_does_not_grow(
    signed_in, count, django_assert_max_num_queries
):
    for _ in range(count):
        project = FundedProjectFactory(
            coordinator=CoordinatorFactory(),
            funders=[OrganisationFactory(), OrganisationFactory()],
        )
        EvaluationVersionFactory(project=project)
    signed_in.get(url("funding_list"))  # warm per-process caches
    with django_assert_max_num_queries(8):
        response = signed_in.get(url("funding_list"), {"q": "Projet"})
    assert len(response.context["projects"]) == count


# --- the project form ---------------------------------------------------------


def test_creating_a_project_with_its_funders_events_and_series(signed_in, coordinator):
    event, series = EventFactory(), EventSeriesFactory()
    data = project_form_data(
        events=[event.pk], series=[series.pk], coordinator=coordinator.pk
    )
    response = signed_in.post(url("funding_create"), data, follow=True, **FR)
    project = FundedProject.objects.get()
    assert response.redirect_chain[-1][0] == url("funding_detail", project.pk)
    assert "Le projet financé a été créé." in response.text
    assert [str(f) for f in project.funders.all()] == ["Fondation Monoprix"]
    assert list(project.events.all()) == [event]
    assert list(project.series.all()) == [series]
    assert project.coordinator == coordinator
    assert project.amount_granted == Decimal("5000")


def test_a_period_ending_before_it_starts_is_refused_next_to_the_end(signed_in):
    data = project_form_data(starts_on="2017-12-31", ends_on="2017-01-01")
    response = signed_in.post(url("funding_create"), data, **FR)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "La fin de la période ne peut pas précéder son début."
    ]
    assert not FundedProject.objects.exists()


def test_editing_the_project_changes_the_draft_not_the_submitted_version(signed_in):
    period = IndicatorPeriodFactory()
    project = period.indicator.result.sub_objective.project
    version = submit_version(project, user=CoordinatorFactory())
    frozen = dict(version.snapshot)
    data = project_form_data(
        title="Nouveau titre", general_objective="Un objectif reformulé."
    )
    response = signed_in.post(url("funding_update", project.pk), data)
    assert response.status_code == 302
    project.refresh_from_db()
    version.refresh_from_db()
    assert project.general_objective == "Un objectif reformulé."
    assert version.snapshot == frozen
    assert version.snapshot["general_objective"] != "Un objectif reformulé."
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    assert "Le brouillon contient des modifications non soumises" in body


def test_there_is_no_address_to_edit_a_submitted_version():
    patterns = [
        name
        for name in __import__(
            "evaluations.views.funding", fromlist=["urlpatterns"]
        ).urlpatterns
    ]
    assert not any("version" in (p.name or "") for p in patterns)


def test_deleting_a_project_is_confirmed_and_says_what_goes_with_it(signed_in):
    period = IndicatorPeriodFactory()
    project = period.indicator.result.sub_objective.project
    UnexpectedResultFactory(project=project)
    body = signed_in.get(url("funding_delete", project.pk), **FR).text
    assert "1 sous-objectif" in body
    assert "1 indicateur" in body
    assert FundedProject.objects.filter(pk=project.pk).exists()
    response = signed_in.post(url("funding_delete", project.pk))
    assert response.url == url("funding_list")
    assert not FundedProject.objects.exists()
    assert not IndicatorPeriod.objects.exists()


# --- the project's page -------------------------------------------------------


def framework_project():
    project = FundedProjectFactory(
        title="Journée inter-associative 2017",
        general_objective="Renforcer la coopération inter-associative.",
        relationship_expectations="Un regard extérieur sur nos outils.",
        relationship_assessment="Des échanges réguliers.",
    )
    sub_objective = SubObjectiveFactory(
        project=project, title="Faire se rencontrer les associations"
    )
    result = ExpectedResultFactory(
        sub_objective=sub_objective, title="Des associations nouvelles viennent"
    )
    numeric = IndicatorFactory(
        result=result,
        name="Participants",
        unit="personnes",
        baseline_value=50,
        baseline_year=2016,
        target=100,
    )
    IndicatorPeriodFactory(
        indicator=numeric,
        label="2017",
        target=100,
        actual=120,
        source="Feuilles d'émargement",
        collection_method="Comptage",
        comment="Plus que prévu",
        evidence="Classeur 2017",
    )
    IndicatorPeriodFactory(indicator=numeric, label="2018", target=100, actual=80)
    IndicatorPeriodFactory(indicator=numeric, label="2019", target=100, actual=10)
    qualitative = IndicatorFactory(
        result=result,
        name="Qualité des échanges",
        measure=Indicator.Measure.QUALITATIVE,
        target=None,
        target_text="Des échanges riches",
    )
    IndicatorPeriodFactory(
        indicator=qualitative,
        label="2017",
        target=None,
        actual_text="Très riches",
        source="Questionnaire",
        assessment="atteint",
    )
    UnexpectedResultFactory(project=project, description="Un collectif est né.")
    ImprovementPointFactory(
        project=project,
        kind=ImprovementPoint.Kind.DYSFUNCTION,
        description="Inscriptions tardives.",
    )
    return project


def test_the_project_page_shows_the_four_parts(signed_in):
    project = framework_project()
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    for text in (
        "1. Réalisations attendues",
        "Renforcer la coopération inter-associative.",
        "Faire se rencontrer les associations",
        "Des associations nouvelles viennent",
        "Participants",
        "Feuilles d&#x27;émargement",
        "Comptage",
        "Classeur 2017",
        "Des échanges riches",
        "Très riches",
        "2. Réalisations inattendues",
        "Un collectif est né.",
        "3. Pistes d’amélioration",
        "Inscriptions tardives.",
        "4. Évaluation de la relation partenariale",
        "Un regard extérieur sur nos outils.",
        "Des échanges réguliers.",
    ):
        assert text in body, text
    assert body.count("Atteint</span>") == 2  # 120 of 100, and the qualitative one
    assert "Partiellement atteint</span>" in body  # 80: over half way from 50
    assert "Non atteint</span>" in body  # 10


def test_the_project_page_lists_versions_and_the_funders_comments(signed_in):
    from tests.factories import FunderFactory

    project = framework_project()
    version = submit_version(project, user=CoordinatorFactory())
    from evaluations.funding import comment_version

    comment_version(
        version,
        user=FunderFactory(first_name="Dominique", last_name="Financeur"),
        text="Merci, très clair.",
    )
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    assert 'id="version-1"' in body
    assert "Soumise au financeur" in body
    assert "Merci, très clair." in body
    assert "Dominique Financeur" in body
    assert "Le brouillon est identique à la dernière version soumise." in body


def test_the_project_page_links_to_others_pages_only_once_they_exist(
    signed_in, monkeypatch
):
    from evaluations.views import funding

    project = framework_project()
    EvaluationVersionFactory(project=project, number=1)
    monkeypatch.setattr(
        funding,
        "reverse",
        lambda name, args=(): f"/essai/{name}/{args[0]}/",
    )
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    assert "/essai/evaluations:funding_compare/" in body
    assert "?a=1&amp;b=brouillon" in body
    assert "/essai/evaluations:funding_budget/" in body

    def missing(name, args=()):
        from django.urls import NoReverseMatch

        raise NoReverseMatch(name)

    monkeypatch.setattr(funding, "reverse", missing)
    response = signed_in.get(url("funding_detail", project.pk), **FR)
    assert response.status_code == 200
    assert response.context["compare_url"] == ""
    assert "Comparer avec le brouillon" not in response.text


def test_the_project_page_query_count_does_not_grow_with_the_framework(
    signed_in, django_assert_max_num_queries
):
    small = framework_project()
    big = framework_project()
    for _ in range(5):
        IndicatorPeriodFactory(
            indicator__result__sub_objective__project=big, actual=5, source="Liste"
        )
    signed_in.get(url("funding_detail", small.pk))
    with django_assert_max_num_queries(30) as small_queries:
        signed_in.get(url("funding_detail", small.pk))
    with django_assert_max_num_queries(len(small_queries)):
        signed_in.get(url("funding_detail", big.pk))


# --- submission -----------------------------------------------------------------


def test_submitting_freezes_a_version_and_says_so(signed_in, coordinator):
    project = framework_project()
    response = signed_in.post(url("funding_submit", project.pk), follow=True, **FR)
    version = EvaluationVersion.objects.get()
    assert version.project == project
    assert version.submitted_by == coordinator
    assert "La version 1 a été soumise au financeur." in response.text


def test_submitting_an_empty_framework_says_why(signed_in):
    project = FundedProjectFactory()
    response = signed_in.post(url("funding_submit", project.pk), follow=True, **FR)
    assert not EvaluationVersion.objects.exists()
    assert "Ajoutez au moins un sous-objectif" in response.text
    assert response.redirect_chain[-1][0].startswith(url("funding_detail", project.pk))


def test_submitting_is_a_post(signed_in):
    project = framework_project()
    assert signed_in.get(url("funding_submit", project.pk)).status_code == 405
    assert not EvaluationVersion.objects.exists()


def test_an_unsubmitted_draft_says_so(signed_in):
    project = framework_project()
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    assert "Rien n’a encore été soumis au financeur" in body


# --- the framework's rows -------------------------------------------------------


def test_adding_a_sub_objective_a_result_an_indicator_and_a_period(signed_in):
    project = FundedProjectFactory()
    signed_in.post(
        url("funding_subobjective_create", project.pk), {"title": "Se rencontrer"}
    )
    sub_objective = SubObjective.objects.get(project=project)
    signed_in.post(
        url("funding_result_create", sub_objective.pk), {"title": "Des liens"}
    )
    result = ExpectedResult.objects.get(sub_objective=sub_objective)
    response = signed_in.post(
        url("funding_indicator_create", result.pk),
        {
            "name": "Participants",
            "measure": "nombre",
            "unit": "personnes",
            "direction": "hausse",
            "computation": "",
            "disaggregation": "",
            "baseline_value": "50",
            "baseline_year": "2016",
            "target": "100",
        },
    )
    assert response.status_code == 302
    assert response.url == url("funding_detail", project.pk) + "#cadre-logique"
    indicator = Indicator.objects.get(result=result)
    assert indicator.target == 100
    signed_in.post(
        url("funding_indicator_create", result.pk),
        {"name": "Autre", "measure": "nombre", "direction": "hausse"},
    )
    assert list(result.indicators.values_list("position", flat=True)) == [1, 2]


def test_a_non_numeric_target_is_refused_in_french_next_to_the_field(signed_in):
    result = ExpectedResultFactory()
    response = signed_in.post(
        url("funding_indicator_create", result.pk),
        {
            "name": "Participants",
            "measure": "nombre",
            "direction": "hausse",
            "target": "beaucoup",
        },
        **FR,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == ["Saisissez un nombre."]
    assert 'id="error_1_id_target"' in response.text
    assert not Indicator.objects.exists()


def test_a_qualitative_indicator_needs_a_qualitative_target_not_a_number(signed_in):
    result = ExpectedResultFactory()
    data = {"name": "Qualité", "measure": "qualitatif", "direction": "hausse"}
    response = signed_in.post(
        url("funding_indicator_create", result.pk), {**data, "target": "10"}, **FR
    )
    errors = response.context["form"].errors
    assert "n’a pas de cible chiffrée" in errors["target"][0]
    assert errors["target_text"] == ["Écrivez la cible de cet indicateur qualitatif."]
    assert not Indicator.objects.exists()
    response = signed_in.post(
        url("funding_indicator_create", result.pk),
        {**data, "target_text": "Des échanges riches"},
    )
    assert response.status_code == 302
    assert Indicator.objects.get().target_text == "Des échanges riches"


def test_an_actual_without_its_source_is_refused(signed_in):
    indicator = IndicatorFactory()
    response = signed_in.post(
        url("funding_period_create", indicator.pk),
        {"label": "2017", "target": "100", "actual": "80"},
        **FR,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == [
        "Indiquez la source de vérification de cette valeur."
    ]
    assert not IndicatorPeriod.objects.exists()


def test_a_qualitative_actual_without_its_source_is_refused(signed_in):
    indicator = IndicatorFactory(
        measure=Indicator.Measure.QUALITATIVE, target=None, target_text="Riches"
    )
    response = signed_in.post(
        url("funding_period_create", indicator.pk),
        {"label": "2017", "actual_text": "Très riches", "assessment": "atteint"},
        **FR,
    )
    assert response.context["form"].errors["source"] == [
        "Indiquez la source de vérification de cette valeur."
    ]
    assert not IndicatorPeriod.objects.exists()


def test_a_manual_actual_records_its_author(signed_in, coordinator):
    indicator = IndicatorFactory()
    response = signed_in.post(
        url("funding_period_create", indicator.pk),
        {"label": "2017", "target": "100", "actual": "80", "source": "Émargement"},
    )
    assert response.status_code == 302
    period = IndicatorPeriod.objects.get()
    assert period.actual == 80
    assert period.author == coordinator


def test_editing_a_period_without_touching_its_actual_keeps_its_author(signed_in):
    author = CoordinatorFactory()
    period = IndicatorPeriodFactory(actual=80, source="Émargement", author=author)
    signed_in.post(
        url("funding_period_update", period.pk),
        {
            "label": "2017 (édition)",
            "target": "100",
            "actual": "80",
            "source": "Émargement",
        },
    )
    period.refresh_from_db()
    assert period.label == "2017 (édition)"
    assert period.author == author


def test_a_period_without_an_actual_needs_no_source(signed_in):
    indicator = IndicatorFactory()
    response = signed_in.post(
        url("funding_period_create", indicator.pk), {"label": "2018", "target": "120"}
    )
    assert response.status_code == 302
    assert IndicatorPeriod.objects.get().author is None


def test_a_computed_indicators_actual_cannot_be_typed(signed_in):
    indicator = IndicatorFactory(computation=Indicator.Computation.ATTENDANCE)
    period = IndicatorPeriodFactory(indicator=indicator, actual=42)
    response = signed_in.get(url("funding_period_update", period.pk), **FR)
    assert "actual" not in response.context["form"].fields
    assert 'name="actual"' not in response.text
    signed_in.post(
        url("funding_period_update", period.pk),
        {"label": "2017", "target": "50", "actual": "999"},
    )
    period.refresh_from_db()
    assert period.actual == 42
    assert period.target == 50
    assert period.author is None


def test_only_a_qualitative_period_has_an_assessment(signed_in):
    numeric = IndicatorFactory()
    response = signed_in.get(url("funding_period_create", numeric.pk))
    assert "assessment" not in response.context["form"].fields
    signed_in.post(
        url("funding_period_create", numeric.pk),
        {"label": "2017", "target": "100", "assessment": "atteint"},
    )
    assert IndicatorPeriod.objects.get().assessment == ""
    qualitative = IndicatorFactory(
        measure=Indicator.Measure.QUALITATIVE, target=None, target_text="Riches"
    )
    response = signed_in.get(url("funding_period_create", qualitative.pk))
    assert "assessment" in response.context["form"].fields
    assert "target" not in response.context["form"].fields


def test_a_period_offers_the_projects_events_only(signed_in):
    series = EventSeriesFactory()
    linked, in_series, other = (
        EventFactory(title="Journée 2017"),
        EventFactory(title="Rencontres 2013", series=series),
        EventFactory(title="Autre"),
    )
    project = FundedProjectFactory()
    project.events.add(linked)
    project.series.add(series)
    indicator = IndicatorFactory(result__sub_objective__project=project)
    response = signed_in.get(url("funding_period_create", indicator.pk))
    assert set(response.context["form"].fields["event"].queryset) == {
        linked,
        in_series,
    }
    response = signed_in.post(
        url("funding_period_create", indicator.pk),
        {"label": "2017", "event": other.pk},
    )
    assert response.status_code == 200
    assert not IndicatorPeriod.objects.exists()


@pytest.mark.parametrize(
    ("kind", "factory", "model"),
    [
        ("subobjective", SubObjectiveFactory, SubObjective),
        ("result", ExpectedResultFactory, ExpectedResult),
        ("indicator", IndicatorFactory, Indicator),
        ("period", IndicatorPeriodFactory, IndicatorPeriod),
        ("unexpected", UnexpectedResultFactory, UnexpectedResult),
        ("improvement", ImprovementPointFactory, ImprovementPoint),
    ],
)
def test_each_row_is_deleted_after_a_confirmation(signed_in, kind, factory, model):
    row = factory()
    response = signed_in.get(url(f"funding_{kind}_delete", row.pk), **FR)
    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert model.objects.filter(pk=row.pk).exists()
    response = signed_in.post(url(f"funding_{kind}_delete", row.pk))
    assert response.status_code == 302
    assert response.url.startswith("/financements/")
    assert not model.objects.filter(pk=row.pk).exists()


def test_deleting_a_sub_objective_says_what_cascades(signed_in):
    period = IndicatorPeriodFactory()
    sub_objective = period.indicator.result.sub_objective
    body = signed_in.get(
        url("funding_subobjective_delete", sub_objective.pk), **FR
    ).text
    assert "1 résultat attendu" in body
    assert "1 indicateur" in body
    assert "1 période d’indicateur" in body


@pytest.mark.parametrize(
    ("kind", "factory", "data", "field"),
    [
        ("subobjective", SubObjectiveFactory, {"title": "Modifié"}, "title"),
        ("result", ExpectedResultFactory, {"title": "Modifié"}, "title"),
        (
            "indicator",
            IndicatorFactory,
            {"name": "Modifié", "measure": "nombre", "direction": "baisse"},
            "name",
        ),
        (
            "unexpected",
            UnexpectedResultFactory,
            {"description": "Modifié", "effect": "negatif"},
            "description",
        ),
        (
            "improvement",
            ImprovementPointFactory,
            {"description": "Modifié", "kind": "amelioration"},
            "description",
        ),
    ],
)
def test_each_row_is_edited_on_its_page(signed_in, kind, factory, data, field):
    row = factory()
    assert signed_in.get(url(f"funding_{kind}_update", row.pk)).status_code == 200
    response = signed_in.post(url(f"funding_{kind}_update", row.pk), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == "Modifié"


def test_adding_parts_2_and_3(signed_in):
    project = FundedProjectFactory()
    signed_in.post(
        url("funding_unexpected_create", project.pk),
        {"description": "Un collectif est né.", "effect": "positif"},
    )
    response = signed_in.post(
        url("funding_improvement_create", project.pk),
        {"description": "Inscriptions tardives.", "kind": "dysfonctionnement"},
    )
    assert response.url == url("funding_detail", project.pk) + "#pistes-amelioration"
    assert project.unexpected_results.get().description == "Un collectif est né."
    assert project.improvement_points.get().kind == "dysfonctionnement"


def test_a_row_of_another_scope_is_404_for_a_create_page(client, partner_user):
    result = ExpectedResultFactory()
    client.force_login(partner_user)
    assert client.get(url("funding_indicator_create", result.pk)).status_code == 404
    assert (
        client.post(
            url("funding_indicator_create", result.pk),
            {"name": "X", "measure": "nombre", "direction": "hausse"},
        ).status_code
        == 404
    )
    assert not Indicator.objects.filter(name="X").exists()


def test_an_unchanged_draft_is_not_submitted_twice(signed_in):
    project = framework_project()
    submit_version(project, user=CoordinatorFactory())
    body = signed_in.get(url("funding_detail", project.pk), **FR).text
    assert url("funding_submit", project.pk) not in body
    response = signed_in.post(url("funding_submit", project.pk), follow=True, **FR)
    assert EvaluationVersion.objects.count() == 1
    assert "Rien n’a changé depuis la dernière version soumise" in response.text
