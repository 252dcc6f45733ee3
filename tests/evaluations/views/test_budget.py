"""A funded project's budget page: /financements/<pk>/budget/
(evaluations/views/budget.py)."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from evaluations.models import ProjectBudgetLine
from tests.factories import (
    BudgetLineFactory,
    EvaluationVersionFactory,
    EventFactory,
    FundedProjectFactory,
    OrganisationFactory,
    ProjectBudgetLineFactory,
)

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
NB = "\u00a0"
NNB = "\u202f"


def budget_url(project):
    return reverse("evaluations:funding_budget", args=[project.pk])


def line_post(**overrides):
    data = {
        "account": "60",
        "label": "Fournitures",
        "funder": "",
        "planned": "1000",
        "actual": "",
        "explanation": "",
    }
    return {**data, **overrides}


def test_budget_page_shows_the_accounts_and_totals_in_french(client, coordinator):
    city = OrganisationFactory(name="Ville d'Angers")
    project = FundedProjectFactory(funders=[city], title="Rencontres Agir ensemble")
    ProjectBudgetLineFactory(project=project, account="62", planned=40000)
    ProjectBudgetLineFactory(project=project, account="74", funder=city, planned=40000)
    client.force_login(coordinator)

    response = client.get(budget_url(project), **FR)

    content = unescape(response.content.decode())
    assert response.status_code == 200
    assert "62 – Autres services extérieurs" in content
    assert "74 – Subventions d'exploitation" in content
    assert f"40{NNB}000,00{NB}€" in content
    assert "Le budget est équilibré" in content


def test_budget_page_warns_when_the_budget_does_not_balance(client, coordinator):
    project = FundedProjectFactory()
    ProjectBudgetLineFactory(project=project, account="60", planned=40000)
    ProjectBudgetLineFactory(
        project=project, account="74", funder=OrganisationFactory(), planned=38000
    )
    client.force_login(coordinator)

    response = client.get(budget_url(project), **FR)

    content = unescape(response.content.decode())
    assert (
        f"Le budget n'est pas équilibré (prévision){NB}: charges 40{NNB}000,00{NB}€, "
        f"produits 38{NNB}000,00{NB}€, écart 2{NNB}000,00{NB}€."
    ) in content
    assert "Le compte rendu financier ne peut pas être produit" in content


def test_budget_page_lists_event_lines_and_unclassified_ones(client, coordinator):
    event = EventFactory(title="Journée 2017")
    project = FundedProjectFactory(events=[event])
    BudgetLineFactory(event=event, account="61", label="Location de salle")
    BudgetLineFactory(event=event, account="", label="Divers à classer")
    client.force_login(coordinator)

    response = client.get(budget_url(project), **FR)

    budget = response.context["budget"]
    assert [line.label for line in budget.charges.lines()] == ["Location de salle"]
    assert [line.label for line in budget.unclassified] == ["Divers à classer"]
    assert "Lignes non classées" in response.content.decode()


def test_add_a_line(client, coordinator):
    project = FundedProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:funding_budget_line_create", args=[project.pk]),
        line_post(label="Affiches", account="62", planned="350.50"),
    )

    assert response.status_code == 302
    assert list(project.budget_lines.values_list("account", "label", "planned")) == [
        ("62", "Affiches", Decimal("350.50"))
    ]


def test_a_subsidy_line_needs_its_funder(client, coordinator):
    project = FundedProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:funding_budget_line_create", args=[project.pk]),
        line_post(account="74", label="Subvention"),
        **FR,
    )

    assert response.status_code == 200
    assert response.context["line_form"].errors == {
        "funder": ["Une ligne de subvention (74) doit indiquer son financeur."]
    }
    assert not project.budget_lines.exists()


def test_a_negative_amount_is_refused(client, coordinator):
    project = FundedProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:funding_budget_line_create", args=[project.pk]),
        line_post(planned="-10", actual="-5"),
        **FR,
    )

    assert response.context["line_form"].errors == {
        "planned": ["Un montant ne peut pas être négatif."],
        "actual": ["Un montant ne peut pas être négatif."],
    }
    assert not project.budget_lines.exists()


def test_a_variance_past_the_threshold_needs_an_explanation(client, coordinator):
    project = FundedProjectFactory(variance_threshold=15)
    line = ProjectBudgetLineFactory(project=project, planned=1000)
    client.force_login(coordinator)
    url = reverse("evaluations:funding_budget_line_update", args=[project.pk, line.pk])

    refused = client.post(url, line_post(actual="1200"), **FR)
    accepted = client.post(
        url, line_post(actual="1200", explanation="Hausse du prix du papier.")
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "explanation": [
            f"Expliquez l'écart{NB}: la réalisation (1{NNB}200,00{NB}€) s'écarte de "
            f"la prévision (1{NNB}000,00{NB}€) de plus de 15{NB}%."
        ]
    }
    assert accepted.status_code == 302
    line.refresh_from_db()
    assert (line.actual, line.explanation) == (
        Decimal("1200"),
        "Hausse du prix du papier.",
    )


def test_a_variance_within_the_threshold_needs_no_explanation(client, coordinator):
    project = FundedProjectFactory(variance_threshold=15)
    line = ProjectBudgetLineFactory(project=project, planned=1000)
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:funding_budget_line_update", args=[project.pk, line.pk]),
        line_post(actual="1150"),
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.actual == Decimal("1150")


def test_delete_a_line_is_confirmed_first(client, coordinator):
    project = FundedProjectFactory()
    line = ProjectBudgetLineFactory(project=project, label="Affiches")
    client.force_login(coordinator)
    url = reverse("evaluations:funding_budget_line_delete", args=[project.pk, line.pk])

    page = client.get(url, **FR)
    still_there = ProjectBudgetLine.objects.filter(pk=line.pk).exists()
    response = client.post(url)

    assert page.status_code == 200
    assert "Affiches" in page.content.decode()
    assert still_there
    assert response.status_code == 302
    assert not ProjectBudgetLine.objects.filter(pk=line.pk).exists()


def test_settings_change_the_hour_rate_and_threshold(client, coordinator):
    project = FundedProjectFactory()
    client.force_login(coordinator)
    url = reverse("evaluations:funding_budget_settings", args=[project.pk])

    refused = client.post(
        url, {"volunteer_hour_rate": "-1", "variance_threshold": "150"}, **FR
    )
    accepted = client.post(
        url, {"volunteer_hour_rate": "15.50", "variance_threshold": "20"}
    )

    assert set(refused.context["settings_form"].errors) == {
        "volunteer_hour_rate",
        "variance_threshold",
    }
    assert refused.context["settings_form"].errors["volunteer_hour_rate"] == [
        "Un montant ne peut pas être négatif."
    ]
    assert accepted.status_code == 302
    project.refresh_from_db()
    assert (project.volunteer_hour_rate, project.variance_threshold) == (
        Decimal("15.50"),
        20,
    )


def test_a_line_of_another_project_is_a_404(client, coordinator):
    project = FundedProjectFactory()
    other = ProjectBudgetLineFactory()
    client.force_login(coordinator)

    for name in ("funding_budget_line_update", "funding_budget_line_delete"):
        response = client.get(
            reverse(f"evaluations:{name}", args=[project.pk, other.pk])
        )
        assert response.status_code == 404, name


def test_anonymous_visitor_goes_to_the_sign_in_page(client):
    project = FundedProjectFactory()

    response = client.get(budget_url(project))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_funders_and_partners_do_not_reach_the_budget_page(
    client, funder, partner_user
):
    funder_org = OrganisationFactory()
    funder.organisations.set([funder_org])
    project = FundedProjectFactory(funders=[funder_org])
    EvaluationVersionFactory(project=project)
    line = ProjectBudgetLineFactory(project=project)

    statuses = []
    for user in (funder, partner_user):
        client.force_login(user)
        statuses += [
            client.get(budget_url(project)).status_code,
            client.post(
                reverse("evaluations:funding_budget_line_create", args=[project.pk]),
                line_post(),
            ).status_code,
            client.post(
                reverse(
                    "evaluations:funding_budget_line_delete",
                    args=[project.pk, line.pk],
                )
            ).status_code,
        ]

    assert statuses == [404] * 6
    assert ProjectBudgetLine.objects.filter(pk=line.pk).exists()
    assert project.budget_lines.count() == 1


def test_unknown_project_is_a_404(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("evaluations:funding_budget", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("size", (1, 5))
def test_budget_page_query_count_does_not_grow(
    client, coordinator, size, django_assert_max_num_queries
):
    project = FundedProjectFactory()
    for _ in range(size):
        event = EventFactory()
        project.events.add(event)
        BudgetLineFactory.create_batch(size, event=event, account="60")
        ProjectBudgetLineFactory(
            project=project, account="74", funder=OrganisationFactory()
        )
    client.force_login(coordinator)
    client.get(budget_url(project))  # warm per-process caches

    with django_assert_max_num_queries(25):
        response = client.get(budget_url(project))

    assert len(response.context["budget"].lines) == size * size + size


def test_edit_page_shows_the_line_and_the_threshold(client, coordinator):
    project = FundedProjectFactory(variance_threshold=20)
    line = ProjectBudgetLineFactory(project=project, label="Affiches")
    client.force_login(coordinator)

    response = client.get(
        reverse("evaluations:funding_budget_line_update", args=[project.pk, line.pk]),
        **FR,
    )

    content = unescape(response.content.decode())
    assert response.context["form"].instance == line
    assert "Modifier la ligne «\u00a0Affiches\u00a0»" in content
    assert f"de plus de 20{NB}%" in content
