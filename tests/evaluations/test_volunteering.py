"""Volunteers' hours (evaluations.volunteering): one count behind the budget's
contribution in kind and the "volunteer hours" indicator."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from evaluations.budget import project_budget
from evaluations.indicators import refresh_indicators
from evaluations.models import Indicator
from evaluations.volunteering import volunteering
from events.models import Event, Registration
from partners.models import Organisation
from tests.factories import (
    ActivitySessionFactory,
    EventFactory,
    EventSeriesFactory,
    FundedProjectFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionAttendanceFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VOLUNTEER = Registration.Status.VOLUNTEER


def at(day, hour, minute=0):
    return dt.datetime(2017, 6, day, hour, minute, tzinfo=PARIS)


def activity_with_short_sessions(count, **fields):
    """An activity of ``count`` 20-minute sessions (a third of an hour: the
    length rounding would make the budget and the indicator differ)."""
    activity = EventFactory(
        kind=Event.Kind.ACTIVITY, starts_at=at(5, 14), ends_at=at(30, 16), **fields
    )
    sessions = [
        ActivitySessionFactory(
            event=activity,
            starts_at=at(5 + day, 14),
            ends_at=at(5 + day, 14, 20),
        )
        for day in range(count)
    ]
    return activity, sessions


def volunteers_world():
    """A day of 1 h 40 with two volunteers present (one from an association,
    one from a company) and a series edition in four 20-minute sessions
    attended by the association's volunteer."""
    association = OrganisationFactory(kind=Organisation.Kind.ASSOCIATION)
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    day = EventFactory(starts_at=at(12, 9), ends_at=at(12, 10, 40))
    for organisation in (association, company):
        RegistrationFactory(
            event=day, status=VOLUNTEER, attended=True, organisation=organisation
        )
    RegistrationFactory(event=day, status=VOLUNTEER, attended=False)
    series = EventSeriesFactory()
    activity, sessions = activity_with_short_sessions(4, series=series)
    volunteer = RegistrationFactory(
        event=activity, status=VOLUNTEER, organisation=association
    )
    for session in sessions:
        SessionAttendanceFactory(session=session, registration=volunteer)
    project = FundedProjectFactory(events=[day], volunteer_hour_rate=Decimal("12"))
    project.series.add(series)
    return project, day, activity


def test_the_budget_in_kind_hours_are_the_volunteer_hours_indicator():
    project, _day, _activity = volunteers_world()
    periods = [
        IndicatorPeriodFactory(
            indicator=IndicatorFactory(
                result__sub_objective__project=project,
                computation=Indicator.Computation.VOLUNTEER_HOURS,
                disaggregation=disaggregation,
            ),
            year=None,
            event=None,
        )
        for disaggregation in ("", Indicator.Disaggregation.ORGANISATION_KIND)
    ]

    refresh_indicators(project)
    budget = project_budget(project)

    for period in periods:
        period.refresh_from_db()
        assert period.actual == budget.volunteers.hours
    # 2 × 1 h 40 + 4 × 20 min = 4 h 40 = 4.67 h (not 2 × 1.67 + 4 × 0.33).
    assert budget.volunteers.hours == Decimal("4.67")
    by_kind = {row["key"]: row["value"] for row in periods[1].breakdown["rows"]}
    assert by_kind == {"association": 3, "entreprise": 1.67}
    [in_kind] = budget.charges.in_kind.lines
    assert in_kind.actual == Decimal("56.04")  # 4.67 h × 12 €


def test_volunteering_counts_per_event_in_two_queries(django_assert_num_queries):
    project, day, activity = volunteers_world()
    quiet = EventFactory(starts_at=at(20, 9), ends_at=at(20, 17))
    RegistrationFactory(event=quiet, status=Registration.Status.PROFESSIONAL)

    with django_assert_num_queries(2):
        rows = volunteering([day, quiet, activity], group="organisation__kind")

    assert [(row.event, row.presences, row.sessions) for row in rows] == [
        (day, 2, 0),
        (activity, 4, 4),
    ]
    assert rows[0].by_group == {
        Organisation.Kind.ASSOCIATION: Decimal(6000) / 3600,
        Organisation.Kind.COMPANY: Decimal(6000) / 3600,
    }
    assert rows[1].by_group == {Organisation.Kind.ASSOCIATION: Decimal(4) / 3}
