"""A funded project's budget: accounts, totals, balance, variances and the
volunteers' time valued as a contribution in kind."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from evaluations.budget import format_euros, project_budget
from events.models import Event
from tests.factories import (
    ActivitySessionFactory,
    BudgetLineFactory,
    EventFactory,
    EventSeriesFactory,
    FundedProjectFactory,
    OrganisationFactory,
    ProjectBudgetLineFactory,
    RegistrationFactory,
    SessionAttendanceFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day, hour, month=6, year=2017):
    return dt.datetime(year, month, day, hour, tzinfo=PARIS)


def day_event(**kwargs):
    return EventFactory(starts_at=at(12, 9), ends_at=at(12, 16), **kwargs)


def amounts(group):
    return [(line.label, line.planned, line.actual) for line in group.lines]


def test_budget_groups_project_and_event_lines_by_account():
    event = day_event(title="Journée 2017")
    project = FundedProjectFactory(events=[event])
    ProjectBudgetLineFactory(project=project, account="62", label="Affiches")
    BudgetLineFactory(event=event, account="62", label="Traiteur", planned=500)
    BudgetLineFactory(event=event, account="", label="Divers", planned=50)

    budget = project_budget(project)

    [external] = [g for g in budget.charges.groups if g.account == "62"]
    assert amounts(external) == [
        ("Affiches", Decimal("1000.00"), None),
        ("Traiteur", Decimal("500.00"), None),
    ]
    assert external.lines[1].event == event
    assert [line.label for line in budget.unclassified] == ["Divers"]
    assert budget.charges.total_planned == Decimal("1500")


def test_budget_lists_every_cerfa_account_in_order():
    budget = project_budget(FundedProjectFactory())

    assert [g.account for g in budget.charges.groups] + [
        budget.charges.in_kind.account
    ] == ["60", "61", "62", "63", "64", "65", "68", "86"]
    assert [g.account for g in budget.income.groups] + [
        budget.income.in_kind.account
    ] == ["70", "71", "72", "73", "74", "75", "78", "87"]


def test_budget_takes_the_series_editions_within_the_period_only():
    series = EventSeriesFactory()
    inside = day_event(series=series)
    EventFactory(
        series=series, starts_at=at(12, 9, year=2018), ends_at=at(12, 17, year=2018)
    )
    cancelled = day_event(series=series, status=Event.Status.CANCELLED)
    project = FundedProjectFactory()
    project.series.add(series)
    BudgetLineFactory(event=inside, account="60", label="Dans la période")
    BudgetLineFactory(event=cancelled, account="60", label="Annulée")

    budget = project_budget(project)

    assert budget.events == [inside]
    assert [line.label for line in budget.charges.lines()] == ["Dans la période"]


def test_subsidies_are_grouped_per_funder():
    city = OrganisationFactory(name="Ville d'Angers")
    ccas = OrganisationFactory(name="CCAS d'Angers")
    project = FundedProjectFactory(funders=[city, ccas])
    ProjectBudgetLineFactory(project=project, account="74", funder=city, planned=20000)
    ProjectBudgetLineFactory(project=project, account="74", funder=ccas, planned=5000)
    ProjectBudgetLineFactory(project=project, account="74", funder=city, planned=1000)

    budget = project_budget(project)

    assert [(s.funder, s.planned) for s in budget.subsidies] == [
        (city, Decimal("21000")),
        (ccas, Decimal("5000")),
    ]


def test_balanced_budget_has_no_imbalance():
    project = FundedProjectFactory()
    ProjectBudgetLineFactory(project=project, account="60", planned=1000, actual=900)
    ProjectBudgetLineFactory(
        project=project,
        account="74",
        funder=OrganisationFactory(),
        planned=1000,
        actual=900,
    )

    budget = project_budget(project)

    assert (budget.is_balanced, budget.imbalances) == (True, [])


def test_unbalanced_budget_says_by_how_much():
    project = FundedProjectFactory()
    ProjectBudgetLineFactory(project=project, account="60", planned=40000, actual=41000)
    ProjectBudgetLineFactory(
        project=project,
        account="74",
        funder=OrganisationFactory(),
        planned=38000,
        actual=41000,
    )

    with translation.override("fr"):
        messages = [i.message for i in project_budget(project).imbalances]

    assert messages == [
        "Le budget n'est pas équilibré (prévision)\u00a0: charges 40\u202f000,00\u00a0€, "
        "produits 38\u202f000,00\u00a0€, écart 2\u202f000,00\u00a0€."
    ]


def test_lines_past_the_threshold_without_explanation_are_listed():
    project = FundedProjectFactory(variance_threshold=10)
    ProjectBudgetLineFactory(
        project=project, label="Dans l'écart", planned=1000, actual=1100
    )
    over = ProjectBudgetLineFactory(
        project=project, label="Trop", planned=1000, actual=1200
    )
    ProjectBudgetLineFactory(
        project=project,
        label="Expliquée",
        planned=1000,
        actual=500,
        explanation="Annulé",
    )
    ProjectBudgetLineFactory(project=project, label="Imprévue", planned=0, actual=10)
    ProjectBudgetLineFactory(project=project, label="Sans réalisé", planned=1000)

    budget = project_budget(project)

    assert [line.label for line in budget.variances] == [
        "Trop",
        "Expliquée",
        "Imprévue",
    ]
    assert [line.project_line for line in budget.unexplained][0] == over
    assert [line.label for line in budget.unexplained] == ["Trop", "Imprévue"]
    assert [line.label for line in budget.explanations] == ["Expliquée"]


def test_volunteer_hours_are_valued_in_86_and_87_with_their_computation():
    event = day_event()  # 7 hours
    project = FundedProjectFactory(events=[event], volunteer_hour_rate=Decimal("12.50"))
    RegistrationFactory.create_batch(3, event=event, status="benevole", attended=True)
    RegistrationFactory(event=event, status="benevole", attended=False)
    RegistrationFactory(event=event, status="professionnel", attended=True)
    RegistrationFactory(
        event=event, status="benevole", attended=True, cancelled_at=at(1, 9)
    )

    with translation.override("fr"):
        budget = project_budget(project)
        computation = budget.volunteers.computation
        [row] = budget.volunteers.rows
        row_computation = row.computation

    assert (budget.volunteers.hours, budget.volunteers.value) == (
        Decimal("21"),
        Decimal("262.50"),
    )
    assert computation == "21 h de bénévolat × 12,50\u00a0€ = 262,50\u00a0€"
    assert row_computation == "3 bénévoles présents × 7 h\u00a0: 21 h"
    assert amounts(budget.charges.in_kind) == [
        ("Temps des bénévoles", None, Decimal("262.50"))
    ]
    assert amounts(budget.income.in_kind) == [("Bénévolat", None, Decimal("262.50"))]
    assert budget.is_balanced


def test_volunteer_hours_of_an_activity_count_each_session():
    activity = EventFactory(
        kind=Event.Kind.ACTIVITY, starts_at=at(5, 14), ends_at=at(30, 16)
    )
    first = ActivitySessionFactory(
        event=activity, starts_at=at(5, 14), ends_at=at(5, 16)
    )
    second = ActivitySessionFactory(
        event=activity, starts_at=at(12, 14), ends_at=at(12, 15)
    )
    volunteer = RegistrationFactory(event=activity, status="benevole")
    employee = RegistrationFactory(event=activity, status="professionnel")
    SessionAttendanceFactory(session=first, registration=volunteer)
    SessionAttendanceFactory(session=second, registration=volunteer)
    SessionAttendanceFactory(session=first, registration=employee)
    SessionAttendanceFactory(
        session=second,
        registration=RegistrationFactory(event=activity, status="benevole"),
        is_present=False,
    )
    project = FundedProjectFactory(events=[activity])

    budget = project_budget(project)

    [row] = budget.volunteers.rows
    assert (row.presences, row.sessions, row.hours) == (2, 2, Decimal("3"))


def test_euros_are_written_the_french_way():
    with translation.override("fr"):
        assert format_euros(Decimal("40000")) == "40\u202f000,00\u00a0€"


@pytest.mark.parametrize("size", (1, 4))
def test_budget_query_count_does_not_grow(size, django_assert_num_queries):
    project = FundedProjectFactory()
    series = EventSeriesFactory()
    project.series.add(series)
    for number in range(size):
        event = day_event(series=series)
        project.events.add(day_event())
        BudgetLineFactory.create_batch(size, event=event, account="60")
        RegistrationFactory.create_batch(size, event=event, attended=True)
        session = ActivitySessionFactory(event__starts_at=at(3 + number, 9))
        project.events.add(session.event)
        SessionAttendanceFactory.create_batch(size, session=session)
        ProjectBudgetLineFactory.create_batch(size, project=project)

    with django_assert_num_queries(5):
        budget = project_budget(project)
        budget.fingerprint()
        [line.label for line in budget.lines]

    assert len(budget.events) == 3 * size
