"""Indicators computed from the platform (evaluations.indicators)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.indicators import refresh_indicators
from evaluations.models import Indicator, IndicatorPeriod, Questionnaire
from events.models import Action, Attendance, Event, Registration
from partners.models import Organisation
from tests.factories import (
    ActionFactory,
    ActivitySessionFactory,
    AnswerFactory,
    AttendanceFactory,
    CommitteeFactory,
    EventFactory,
    EventSeriesFactory,
    FundedProjectFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    ResponseFactory,
    SessionAttendanceFactory,
    StandFactory,
)

pytestmark = pytest.mark.django_db

C = Indicator.Computation
D = Indicator.Disaggregation
S = Registration.Status
PARIS = dt.timezone(dt.timedelta(hours=1))


def _at(year, month, day, hour):
    return dt.datetime(year, month, day, hour, tzinfo=PARIS)


def _journee(**fields):
    fields.setdefault("title", "Journée inter-associative 2017")
    return EventFactory(
        status=Event.Status.FINISHED,
        starts_at=_at(2017, 11, 23, 9),
        ends_at=_at(2017, 11, 23, 17),
        **fields,
    )


def _period(project, computation, *, disaggregation="", **fields):
    indicator = IndicatorFactory(
        result__sub_objective__project=project,
        computation=computation,
        disaggregation=disaggregation,
    )
    return IndicatorPeriodFactory(indicator=indicator, **fields)


def _refreshed(period):
    """The period as stored, its note with plain spaces (French typography
    puts no-break spaces before colons and inside quotes)."""
    period.refresh_from_db()
    period.computation_note = period.computation_note.replace("\xa0", " ")
    return period


@pytest.fixture
def journee():
    """A day with 6 registrations: 3 volunteers present, a professional
    present, an elected official absent and a cancelled volunteer."""
    event = _journee()
    association = OrganisationFactory(kind=Organisation.Kind.ASSOCIATION)
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    for _n in range(3):
        RegistrationFactory(
            event=event, status=S.VOLUNTEER, attended=True, organisation=association
        )
    RegistrationFactory(
        event=event, status=S.PROFESSIONAL, attended=True, organisation=company
    )
    RegistrationFactory(event=event, status=S.ELECTED, attended=False)
    RegistrationFactory(
        event=event, status=S.VOLUNTEER, attended=True, cancelled_at=timezone.now()
    )
    return event


def test_participants_count_non_cancelled_registrations_with_a_french_note(journee):
    project = FundedProjectFactory(events=[journee])
    period = _period(project, C.PARTICIPANTS, event=journee, disaggregation=D.STATUS)

    assert refresh_indicators(project) == 1

    period = _refreshed(period)
    assert period.actual == 5
    assert period.computation_note == (
        "Inscriptions non annulées à « Journée inter-associative 2017 » : 5"
    )
    assert period.source == "Maillage — inscriptions"
    assert period.computed_at is not None
    rows = {row["key"]: row["value"] for row in period.breakdown["rows"]}
    assert period.breakdown["dimension"] == "statut"
    assert rows == {"benevole": 3, "professionnel": 1, "elu": 1}


def test_attendance_counts_people_marked_present_and_breaks_down_by_kind(journee):
    project = FundedProjectFactory(events=[journee])
    period = _period(
        project, C.ATTENDANCE, event=journee, disaggregation=D.ORGANISATION_KIND
    )

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == 4
    rows = {row["key"]: row["value"] for row in period.breakdown["rows"]}
    assert rows == {"association": 3, "entreprise": 1}
    assert "présentes" in period.computation_note


def test_a_past_edition_without_registrations_uses_its_head_count():
    series = EventSeriesFactory()
    edition = EventFactory(
        series=series, starts_at=_at(2011, 10, 11, 10), participant_count=322
    )
    project = FundedProjectFactory(
        starts_on=dt.date(2011, 1, 1), ends_on=dt.date(2013, 12, 31)
    )
    project.series.add(series)
    period = _period(project, C.ATTENDANCE, year=2011, label="2011")

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == 322
    assert "comptées sur place" in period.computation_note
    assert edition.title in period.computation_note


def test_a_year_period_adds_up_the_project_editions_of_that_year_only():
    series = EventSeriesFactory()
    first = EventFactory(series=series, starts_at=_at(2013, 3, 1, 9))
    second = EventFactory(starts_at=_at(2013, 10, 8, 9))
    other_year = EventFactory(series=series, starts_at=_at(2012, 10, 9, 9))
    for event, count in ((first, 2), (second, 3), (other_year, 7)):
        RegistrationFactory.create_batch(count, event=event)
    project = FundedProjectFactory(
        events=[second], starts_on=dt.date(2012, 1, 1), ends_on=dt.date(2013, 12, 31)
    )
    project.series.add(series)
    period = _period(project, C.PARTICIPANTS, year=2013, label="2013", event=None)
    whole = _period(project, C.PARTICIPANTS, year=None, label="Total", event=None)

    refresh_indicators(project)

    assert _refreshed(period).actual == 5
    assert "aux 2 événements du projet en 2013" in period.computation_note
    assert _refreshed(whole).actual == 12


def test_a_cancelled_edition_of_a_series_counts_for_nothing():
    series = EventSeriesFactory()
    held = EventFactory(series=series, starts_at=_at(2013, 3, 1, 9))
    cancelled = EventFactory(
        series=series, starts_at=_at(2013, 6, 1, 9), status=Event.Status.CANCELLED
    )
    RegistrationFactory.create_batch(2, event=held)
    RegistrationFactory.create_batch(5, event=cancelled)
    project = FundedProjectFactory(
        starts_on=dt.date(2013, 1, 1), ends_on=dt.date(2013, 12, 31)
    )
    project.series.add(series)
    whole = _period(project, C.PARTICIPANTS, year=None, label="Total", event=None)

    refresh_indicators(project)

    assert _refreshed(whole).actual == 2


def test_distinct_organisations_present_count_stands_and_meetings_once(journee):
    association = (
        journee.registrations.filter(status=S.VOLUNTEER, organisation__isnull=False)
        .first()
        .organisation
    )
    StandFactory(event=journee, organisation=association)
    StandFactory(event=journee, organisation=OrganisationFactory(kind="fondation"))
    project = FundedProjectFactory(events=[journee])
    period = _period(
        project, C.ORGANISATIONS, event=journee, disaggregation=D.ORGANISATION_KIND
    )

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == 3  # the association, the company, the foundation
    rows = {row["key"]: row["value"] for row in period.breakdown["rows"]}
    assert rows == {"association": 1, "entreprise": 1, "fondation": 1}


def test_share_of_volunteers_is_a_percentage_of_registrations(journee):
    project = FundedProjectFactory(events=[journee])
    period = _period(project, C.VOLUNTEER_SHARE, event=journee, disaggregation=D.STATUS)

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == Decimal("60.0")
    assert "3 sur 5" in period.computation_note
    rows = {row["key"]: row["value"] for row in period.breakdown["rows"]}
    assert rows == {"benevole": 60, "professionnel": 20, "elu": 20}


def _questionnaire(event, values, segment="benevole"):
    questionnaire = QuestionnaireFactory(event=event)
    first = QuestionFactory(
        questionnaire=questionnaire, section__questionnaire=questionnaire
    )
    second = QuestionFactory(
        questionnaire=questionnaire, section=first.section, kind="yes_no"
    )
    for value in values:
        response = ResponseFactory(questionnaire=questionnaire, segment=segment)
        AnswerFactory(response=response, question=first, int_value=value)
        AnswerFactory(response=response, question=second, int_value=1)
    return questionnaire


def test_satisfaction_averages_the_satisfaction_questions_only(journee):
    _questionnaire(journee, [5, 4, 3])
    team = QuestionnaireFactory(event=journee, audience=Questionnaire.Audience.TEAM)
    AnswerFactory(
        question__questionnaire=team,
        question__section__questionnaire=team,
        response__questionnaire=team,
        int_value=1,
    )
    project = FundedProjectFactory(events=[journee])
    period = _period(project, C.SATISFACTION, event=journee, disaggregation=D.STATUS)

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == Decimal("4.00")
    assert "4 sur 5 (3 réponses)" in period.computation_note
    assert period.source == "Maillage — questionnaires de satisfaction"
    assert period.breakdown["rows"] == [
        {"key": "benevole", "label": "Bénévole", "value": 4}
    ]


def test_response_rate_is_responses_over_people_present_and_never_above_100(
    journee,
):
    _questionnaire(journee, [5, 4, 3])
    crowded = _journee(title="Journée bondée")
    RegistrationFactory(event=crowded, attended=True)
    _questionnaire(crowded, [5, 5, 5])
    project = FundedProjectFactory(events=[journee, crowded])
    period = _period(project, C.RESPONSE_RATE, event=journee)
    capped = _period(project, C.RESPONSE_RATE, event=crowded)

    refresh_indicators(project)

    assert _refreshed(period).actual == Decimal("75.0")  # 3 for 4 present
    assert "3 pour 4 personnes marquées présentes" in period.computation_note
    assert _refreshed(capped).actual == Decimal("100.0")
    assert "plafonné à 100 %" in capped.computation_note


def test_new_partnerships_are_those_recorded_in_the_period_with_a_participant(
    journee,
):
    association = (
        journee.registrations.filter(status=S.VOLUNTEER, organisation__isnull=False)
        .first()
        .organisation
    )
    PartnershipFactory(first=association, convention_signed_on=dt.date(2017, 12, 5))
    PartnershipFactory(second=association, convention_signed_on=dt.date(2016, 5, 1))
    PartnershipFactory(convention_signed_on=dt.date(2017, 12, 6))  # strangers
    project = FundedProjectFactory(events=[journee])
    period = _period(project, C.PARTNERSHIPS, event=journee)
    before = _period(project, C.PARTNERSHIPS, event=None, year=2016, label="2016")

    refresh_indicators(project)

    assert _refreshed(period).actual == 1
    assert "entre le 23/11/2017 et le 31/12/2017" in period.computation_note
    assert _refreshed(before).actual == 0


def test_actions_done_come_from_the_minutes_of_the_steering_committee():
    series = EventSeriesFactory()
    edition = EventFactory(series=series, starts_at=_at(2013, 10, 8, 9))
    meeting = MeetingFactory(
        committee=CommitteeFactory(series=series), starts_at=_at(2013, 5, 2, 14)
    )
    ActionFactory.create_batch(2, event=meeting, status=Action.Status.DONE)
    ActionFactory(event=meeting, status=Action.Status.TO_DO)
    ActionFactory(event=meeting, status=Action.Status.DROPPED)
    earlier = MeetingFactory(committee=meeting.committee, starts_at=_at(2012, 5, 2, 14))
    ActionFactory(event=earlier, status=Action.Status.DONE)
    project = FundedProjectFactory(
        starts_on=dt.date(2012, 1, 1), ends_on=dt.date(2013, 12, 31)
    )
    project.series.add(series)
    period = _period(project, C.ACTIONS_DONE, event=edition)

    refresh_indicators(project)

    period = _refreshed(period)
    assert period.actual == 2
    assert "2 sur 4 décidées (abandonnées : 1, encore ouvertes : 1)" in (
        period.computation_note
    )


def test_volunteer_hours_are_volunteers_present_times_length(journee):
    activity = EventFactory(
        kind=Event.Kind.ACTIVITY,
        starts_at=_at(2017, 9, 1, 14),
        ends_at=_at(2017, 10, 6, 16),
    )
    session = ActivitySessionFactory(
        event=activity, starts_at=_at(2017, 9, 1, 14), ends_at=_at(2017, 9, 1, 16)
    )
    volunteer = RegistrationFactory(event=activity, status=S.VOLUNTEER)
    SessionAttendanceFactory(session=session, registration=volunteer)
    SessionAttendanceFactory(
        session=session,
        registration=RegistrationFactory(event=activity, status=S.PROFESSIONAL),
    )
    project = FundedProjectFactory(events=[journee, activity])
    period = _period(project, C.VOLUNTEER_HOURS, event=None, year=2017)

    refresh_indicators(project)

    # 3 volunteers present × 8 h, plus one 2-hour session.
    period = _refreshed(period)
    assert period.actual == Decimal("26.00")
    assert "3 × 8 h" in period.computation_note


def test_meeting_attendance_counts_as_presence():
    meeting = MeetingFactory(starts_at=_at(2017, 3, 1, 14))
    AttendanceFactory.create_batch(2, event=meeting)
    AttendanceFactory(event=meeting, status=Attendance.Status.EXCUSED)
    project = FundedProjectFactory(events=[meeting])
    period = _period(project, C.ATTENDANCE, event=meeting)

    refresh_indicators(project)

    assert _refreshed(period).actual == 2


def test_manual_indicators_are_left_alone_and_an_empty_scope_says_so(journee):
    project = FundedProjectFactory(events=[journee])
    manual = _period(project, C.MANUAL, event=None, actual=12, source="Feuilles")
    nothing = _period(project, C.PARTICIPANTS, event=None, year=2015, label="2015")

    assert refresh_indicators(project) == 1

    manual = _refreshed(manual)
    assert (manual.actual, manual.source, manual.computed_at) == (12, "Feuilles", None)
    nothing = _refreshed(nothing)
    assert nothing.actual is None
    assert "Aucun événement du projet" in nothing.computation_note


def _world(size):
    """A project with every computation, and ``size`` × people and answers."""
    series = EventSeriesFactory()
    project = FundedProjectFactory()
    project.series.add(series)
    events = [_journee(series=series, slug=f"edition-{n}-{size}") for n in range(2)]
    project.events.add(*events)
    organisations = OrganisationFactory.create_batch(3)
    for event in events:
        for n in range(size):
            RegistrationFactory(
                event=event,
                status=[S.VOLUNTEER, S.PROFESSIONAL][n % 2],
                attended=n % 3 != 0,
                organisation=organisations[n % 3],
            )
        _questionnaire(event, [(n % 5) + 1 for n in range(size)])
        StandFactory(event=event, organisation=organisations[0])
    activity = EventFactory(kind=Event.Kind.ACTIVITY, series=series)
    session = ActivitySessionFactory(event=activity)
    for _n in range(size):
        SessionAttendanceFactory(
            session=session,
            registration=RegistrationFactory(event=activity, status=S.VOLUNTEER),
        )
    meeting = MeetingFactory(
        committee=CommitteeFactory(series=series), starts_at=_at(2017, 5, 2, 14)
    )
    ActionFactory.create_batch(size, event=meeting, status=Action.Status.DONE)
    for n in range(size):
        PartnershipFactory(
            first=organisations[n % 3], convention_signed_on=dt.date(2017, 12, 1)
        )
    for computation in C.values:
        if not computation:
            continue
        for disaggregation in D.values:
            _period(
                project, computation, event=events[0], disaggregation=disaggregation
            )
            _period(
                project,
                computation,
                event=None,
                year=2017,
                disaggregation=disaggregation,
            )
    return project


@pytest.mark.parametrize("size", (3, 30))
def test_computing_all_indicators_costs_the_same_queries_whatever_the_people(
    size, django_assert_max_num_queries
):
    project = _world(size)
    periods = IndicatorPeriod.objects.filter(
        indicator__result__sub_objective__project=project
    ).count()

    # 54 periods (9 computations × 3 disaggregations × 2 scopes): about one
    # grouped query per period, shared where periods read the same counts.
    assert periods == 54
    with django_assert_max_num_queries(60):
        refresh_indicators(project)

    assert not IndicatorPeriod.objects.filter(
        indicator__result__sub_objective__project=project, computed_at__isnull=True
    ).exists()


def test_query_count_is_identical_at_two_sizes():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 20):
        project = _world(size)
        with CaptureQueriesContext(connection) as queries:
            refresh_indicators(project)
        counts.append(len(queries))
    assert counts[0] == counts[1]
