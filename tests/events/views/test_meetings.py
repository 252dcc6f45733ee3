import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from events.models import Action, Attendance, Event
from tests.factories import (
    ActionFactory,
    AgendaPointFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_orga_meeting_detail_renders_minutes_in_french(client, coordinator):
    meeting = MeetingFactory(title="Groupe bénévoles / professionnels")
    AttendanceFactory(
        event=meeting, person=PersonFactory(first_name="Annie", last_name="Marchand")
    )
    AttendanceFactory(event=meeting, status=Attendance.Status.EXCUSED)
    AgendaPointFactory(
        event=meeting, title="Bilan conférence Partenariat", notes="Intéressant"
    )
    ActionFactory(event=meeting, description="Faire une fiche projet")
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_meeting_detail", args=[meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert [a.person.last_name for a in response.context["present"]] == ["Marchand"]
    assert len(response.context["excused"]) == 1
    assert "Suites à donner" in response.text
    assert 'id="meeting-actions"' in response.text


def test_orga_meeting_add_attendance_from_the_directory(client, coordinator):
    meeting = MeetingFactory()
    person = PersonFactory()
    organisation = OrganisationFactory(name="Croix Rouge de Meaux")
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_meeting_add", args=[meeting.pk, "presences"]),
        {
            "presences-person": person.pk,
            "presences-organisation": organisation.pk,
            "presences-status": "present",
        },
    )

    assert [
        (a.person, a.organisation, a.status) for a in meeting.attendances.all()
    ] == [(person, organisation, "present")]


def test_orga_meeting_add_same_person_twice_shows_error(client, coordinator):
    meeting = MeetingFactory()
    attendance = AttendanceFactory(event=meeting)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_meeting_add", args=[meeting.pk, "presences"]),
        {"presences-person": attendance.person.pk, "presences-status": "excuse"},
    )

    assert list(response.context["forms"]["presences"].errors) == ["person"]
    assert meeting.attendances.count() == 1


def test_orga_meeting_add_action_with_who_and_due_date(client, coordinator):
    meeting = MeetingFactory()
    organisation = OrganisationFactory(name="RESO77")
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_meeting_add", args=[meeting.pk, "actions"]),
        {
            "actions-description": "Compte rendu et article de presse",
            "actions-organisation": organisation.pk,
            "actions-due_on": "2012-02-01",
            "actions-status": Action.Status.TO_DO,
        },
    )

    assert [
        (a.description, a.organisation, a.due_on) for a in meeting.actions.all()
    ] == [("Compte rendu et article de presse", organisation, dt.date(2012, 2, 1))]


def test_orga_agenda_point_update_saves_notes(client, coordinator):
    point = AgendaPointFactory(title="Aide-mémoire")
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_agenda_point_update", args=[point.event.pk, point.pk]),
        {"title": "Aide-mémoire", "notes": "Bien accueilli"},
    )

    point.refresh_from_db()
    assert point.notes == "Bien accueilli"


def test_orga_action_status_update(client, coordinator):
    action = ActionFactory()
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_action_status", args=[action.event.pk, action.pk]),
        {"status": Action.Status.DONE},
    )

    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_orga_next_meeting_creates_it_with_open_actions(client, coordinator):
    meeting = MeetingFactory(starts_at=dt.datetime(2012, 1, 5, 14, 0, tzinfo=PARIS))
    action = ActionFactory(event=meeting, description="Évaluation à envoyer par mail")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_next_meeting", args=[meeting.pk]),
        {
            "starts_at": "2012-03-15T14:30",
            "ends_at": "2012-03-15T16:30",
            "venue_name": "Résidence les Servins AEDE",
            "venue_address": "54 rue Pierre Mendès France, Nanteuil-lès-Meaux",
        },
    )

    meeting.refresh_from_db()
    next_meeting = meeting.next_meeting
    assert response.url == reverse("events:orga_meeting_detail", args=[next_meeting.pk])
    assert next_meeting.starts_at == dt.datetime(2012, 3, 15, 14, 30, tzinfo=PARIS)
    assert [p.carried_action for p in next_meeting.agenda_points.all()] == [action]


def test_orga_next_meeting_end_before_start_shows_error(client, coordinator):
    meeting = MeetingFactory(starts_at=dt.datetime(2012, 1, 5, 14, 0, tzinfo=PARIS))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_next_meeting", args=[meeting.pk]),
        {"starts_at": "2012-03-15T14:30", "ends_at": "2012-03-15T12:00"},
    )

    assert list(response.context["next_form"].errors) == ["ends_at"]
    assert Event.objects.count() == 1


def test_orga_meeting_detail_is_forbidden_to_a_partner_of_the_organiser(
    client, partner_user
):
    meeting = MeetingFactory()
    partner_user.organisations.set([meeting.organiser])
    client.force_login(partner_user)

    response = client.post(
        reverse("events:orga_meeting_add", args=[meeting.pk, "decisions"]),
        {"decisions-text": "Rien"},
    )

    assert (response.status_code, meeting.decisions.count()) == (404, 0)


@pytest.mark.parametrize("count", (1, 15))
def test_orga_meeting_detail_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    meeting = MeetingFactory()
    for _n in range(count):
        AttendanceFactory(event=meeting, organisation=OrganisationFactory())
        ActionFactory(event=meeting, person=PersonFactory())
        AgendaPointFactory(event=meeting)
    client.force_login(coordinator)

    client.get(
        reverse("events:orga_meeting_detail", args=[meeting.pk])
    )  # warm per-process caches (navigation, content types)
    # (the action form's owner is searched as you type: no query for the
    # directory's people)
    with django_assert_num_queries(13):
        response = client.get(reverse("events:orga_meeting_detail", args=[meeting.pk]))

    assert len(response.context["present"]) == count


@pytest.mark.parametrize("count", (1, 20))
def test_orga_meeting_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    for _n in range(count):
        MeetingFactory()
    client.force_login(coordinator)

    client.get(
        reverse("events:orga_meeting_list")
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(5):
        response = client.get(reverse("events:orga_meeting_list"))

    assert len(response.context["meetings"]) == count
