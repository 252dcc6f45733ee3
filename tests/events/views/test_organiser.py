import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models import AgendaItem, Event
from events.services import register_participant
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartFactory,
    OrganisationFactory,
    RegistrationFactory,
    RoomFactory,
    SpeakerFactory,
    registration_data,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0, day=5):
    return dt.datetime(2017, 12, day, hour, minute, tzinfo=PARIS)


def day_event(**kwargs):
    return EventFactory(starts_at=at(9), ends_at=at(18), **kwargs)


def event_post(organiser, **overrides):
    return {
        "title": "Journée inter-associative 2018",
        "slug": "journee-2018",
        "kind": Event.Kind.DAY,
        "status": Event.Status.DRAFT,
        "starts_at": "2018-06-12T09:30",
        "ends_at": "2018-06-12T17:30",
        "organiser": organiser.pk,
        **overrides,
    }


def test_orga_event_create_saves_the_event(client, coordinator):
    organiser = OrganisationFactory()
    client.force_login(coordinator)

    response = client.post(reverse("events:orga_event_create"), event_post(organiser))

    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.title, event.starts_at) == (
        "Journée inter-associative 2018",
        dt.datetime(2018, 6, 12, 9, 30, tzinfo=PARIS),
    )


def test_orga_event_create_end_before_start_shows_the_error_at_the_field(
    client, coordinator
):
    organiser = OrganisationFactory()
    client.force_login(coordinator)

    with translation.override("fr"):
        response = client.post(
            reverse("events:orga_event_create"),
            event_post(organiser, ends_at="2018-06-12T08:00"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_at": ["La fin doit venir après le début."]
    }
    assert Event.objects.count() == 0


def test_orga_event_update_is_forbidden_to_a_partner(client, partner_user):
    event = EventFactory(title="Avant")
    partner_user.organisations.set([event.organiser])
    client.force_login(partner_user)

    response = client.post(
        reverse("events:orga_event_update", args=[event.pk]),
        event_post(event.organiser, title="Après"),
    )

    event.refresh_from_db()
    assert (response.status_code, event.title) == (404, "Avant")


def test_orga_event_update_raising_the_capacity_seats_the_waiting_list(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, is_registration_open=True)
    seated, waiting = (
        register_participant(event=event, data=registration_data(email), consent=True)
        for email in ("a@example.org", "b@example.org")
    )
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:orga_event_update", args=[event.pk]),
            event_post(
                event.organiser,
                title=event.title,
                slug=event.slug,
                status=event.status,
                capacity=2,
            ),
        )

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert (seated.waiting_position, waiting.waiting_position) == (None, None)
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_orga_programme_is_forbidden_to_a_funder(client, funder):
    event = EventFactory(funders=[])
    client.force_login(funder)

    response = client.get(reverse("events:orga_programme", args=[event.pk]))

    assert response.status_code == 404


def test_orga_event_list_redirects_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("events:orga_event_list"))

    assert (response.status_code, response.url.split("?")[0]) == (
        302,
        "/accounts/login/",
    )


@pytest.mark.parametrize("count", (1, 30))
def test_orga_event_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    EventFactory.create_batch(count)
    client.force_login(coordinator)

    client.get(
        reverse("events:orga_event_list")
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(5):
        response = client.get(reverse("events:orga_event_list"))

    assert len(response.context["events"]) == min(count, 25)


def test_orga_event_detail_renders_in_french(client, coordinator):
    event = day_event()
    AgendaItemFactory(
        event=event, starts_at=at(10), ends_at=at(11), title="Présentation"
    )
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_event_detail", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "Créer la prochaine édition" in response.text
    assert 'id="event-actions"' in response.text


def test_orga_event_duplicate_creates_the_new_edition(client, coordinator):
    event = day_event(title="Rencontres 2012")
    AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(11))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_duplicate", args=[event.pk]),
        {"title": "Rencontres 2013", "starts_at": "2018-12-04T09:00"},
    )

    copy = Event.objects.get(title="Rencontres 2013")
    assert response.url == reverse("events:orga_programme", args=[copy.pk])
    assert [i.starts_at for i in copy.agenda_items.all()] == [
        dt.datetime(2018, 12, 4, 10, tzinfo=PARIS)
    ]


def item_post(**overrides):
    return {
        "title": "Conférence",
        "kind": AgendaItem.Kind.CONFERENCE,
        "day": "2017-12-05",
        "start_time": "14:15",
        "end_time": "15:30",
        **overrides,
    }


def test_orga_agenda_item_create_with_htmx_returns_the_programme_fragment(
    client, coordinator
):
    event = day_event()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_agenda_item_create", args=[event.pk]),
        item_post(),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="programme">')
    assert [(i.title, i.starts_at) for i in event.agenda_items.all()] == [
        ("Conférence", at(14, 15))
    ]


def test_orga_agenda_item_create_outside_event_hours_is_refused(client, coordinator):
    event = day_event()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_agenda_item_create", args=[event.pk]),
        item_post(start_time="19:00", end_time="20:00"),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert "en dehors des horaires" in response.text
    assert event.agenda_items.count() == 0


def test_orga_agenda_item_create_end_before_start_is_refused(client, coordinator):
    event = day_event()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_agenda_item_create", args=[event.pk]),
        item_post(start_time="15:00", end_time="14:00"),
    )

    assert response.context["form"].errors["end_time"] == [
        "La fin doit venir après le début."
    ]


def test_orga_programme_shows_room_and_speaker_conflicts_at_once(client, coordinator):
    event = day_event()
    room = RoomFactory(event=event, name="Auditorium")
    first = AgendaItemFactory(
        event=event, room=room, starts_at=at(10), ends_at=at(11), title="Débat"
    )
    SpeakerFactory(agenda_item=first, name="Serge Paugam")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_agenda_item_create", args=[event.pk]),
        item_post(
            start_time="10:30", end_time="11:30", room=room.pk, title="Table ronde"
        ),
        HTTP_HX_REQUEST="true",
    )

    kinds = [c.kind for c in response.context["conflicts"]]
    assert kinds == ["room"]
    assert "Auditorium" in response.text


def test_orga_programme_reorder_with_htmx_retimes_items(client, coordinator):
    event = day_event()
    a = AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(10, 30), title="A")
    b = AgendaItemFactory(event=event, starts_at=at(10, 30), ends_at=at(11), title="B")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_programme_reorder", args=[event.pk]),
        {"item": b.pk, "order": f"{b.pk},{a.pk}"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert [(i.title, i.starts_at) for i in event.agenda_items.all()] == [
        ("B", at(10)),
        ("A", at(10, 30)),
    ]


def test_orga_programme_reorder_with_bad_ids_changes_nothing(client, coordinator):
    event = day_event()
    AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(10, 30), title="A")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_programme_reorder", args=[event.pk]), {"order": "x,;"}
    )

    assert response.status_code == 302
    assert [i.title for i in event.agenda_items.all()] == ["A"]


def test_orga_agenda_item_move_without_js_redirects_to_the_builder(client, coordinator):
    event = day_event()
    AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(10, 30), title="A")
    b = AgendaItemFactory(event=event, starts_at=at(10, 30), ends_at=at(11), title="B")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_agenda_item_move", args=[event.pk, b.pk, "monter"])
    )

    assert response.url == reverse("events:orga_programme", args=[event.pk])
    assert [i.title for i in event.agenda_items.all()] == ["B", "A"]


def test_orga_agenda_item_duration_shifts_the_following_items(client, coordinator):
    event = day_event()
    a = AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(10, 30), title="A")
    AgendaItemFactory(event=event, starts_at=at(10, 30), ends_at=at(11), title="B")
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_agenda_item_duration", args=[event.pk, a.pk]),
        {"minutes": "60"},
        HTTP_HX_REQUEST="true",
    )

    assert [(i.title, i.starts_at) for i in event.agenda_items.all()] == [
        ("A", at(10)),
        ("B", at(11)),
    ]


def test_orga_speaker_add_needs_a_person_or_a_name(client, coordinator):
    event = day_event()
    item = AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(11))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_speaker_add", args=[event.pk, item.pk]), {"title": "EHESS"}
    )

    assert response.status_code == 200
    assert item.speakers.count() == 0


def test_orga_speaker_add_free_text_guest(client, coordinator):
    event = day_event()
    item = AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(11))
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_speaker_add", args=[event.pk, item.pk]),
        {"name": "Serge Paugam", "title": "sociologue, EHESS"},
    )

    assert [(s.name, s.title) for s in item.speakers.all()] == [
        ("Serge Paugam", "sociologue, EHESS")
    ]


@pytest.mark.parametrize("count", (2, 40))
def test_orga_programme_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    event = day_event()
    room = RoomFactory(event=event)
    for n in range(count):
        item = AgendaItemFactory(
            event=event,
            room=room,
            starts_at=at(9) + dt.timedelta(minutes=10 * n),
            ends_at=at(9) + dt.timedelta(minutes=10 * n + 10),
        )
        SpeakerFactory(agenda_item=item)
    client.force_login(coordinator)

    client.get(
        reverse("events:orga_programme", args=[event.pk])
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(10):
        response = client.get(reverse("events:orga_programme", args=[event.pk]))

    assert len(response.context["items"]) == count


def test_orga_event_setup_add_room_with_duplicate_name_shows_error(client, coordinator):
    event = day_event()
    RoomFactory(event=event, name="Hall")
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_setup_add", args=[event.pk, "salles"]),
        {"salles-name": "hall"},
    )

    assert response.status_code == 200
    assert list(response.context["forms"]["salles"].errors) == ["name"]


@pytest.mark.parametrize("count", (10, 1000))
def test_orga_attendee_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    from events.models import Registration, RegistrationPart

    event = day_event()
    part = EventPartFactory(event=event)
    organisation = OrganisationFactory()
    registrations = Registration.objects.bulk_create(
        RegistrationFactory.build_batch(count, event=event, organisation=organisation)
    )
    RegistrationPart.objects.bulk_create(
        RegistrationPart(registration=r, part=part) for r in registrations
    )
    client.force_login(coordinator)

    client.get(
        reverse("events:orga_attendee_list", args=[event.pk])
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(11):
        response = client.get(reverse("events:orga_attendee_list", args=[event.pk]))

    assert response.context["counts"]["total"] == count


def test_orga_attendee_list_filters_by_status(client, coordinator):
    event = day_event()
    RegistrationFactory(event=event, status="benevole", last_name="Bénévole")
    RegistrationFactory(event=event, status="elu", last_name="Élue")
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_attendee_list", args=[event.pk]), {"status": "elu"}
    )

    assert [r.last_name for r in response.context["registrations"]] == ["Élue"]


def test_orga_attendee_list_empty_state_tells_no_one_from_no_match(client, coordinator):
    event = day_event()
    client.force_login(coordinator)
    url = reverse("events:orga_attendee_list", args=[event.pk])

    unfiltered = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    filtered = client.get(url, {"status": "elu"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert "Personne n’est inscrit pour l’instant." in unfiltered.text
    assert "ne correspond" not in unfiltered.text
    assert "Aucune inscription ne correspond." in filtered.text


def test_orga_attendee_list_is_forbidden_to_a_funder_of_the_event(client, funder):
    organisation = OrganisationFactory()
    funder.organisations.set([organisation])
    event = EventFactory(funders=[organisation])
    RegistrationFactory(event=event)
    client.force_login(funder)

    response = client.get(reverse("events:orga_attendee_list", args=[event.pk]))

    assert response.status_code == 404


def test_orga_attendee_export_csv_is_semicolon_bom_and_injection_safe(
    client, coordinator
):
    event = day_event()
    RegistrationFactory(event=event, last_name="=HYPERLINK(1)", first_name="Ana")
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_attendee_export", args=[event.pk, "csv"])
    )

    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffNom;Prénom;")
    assert content.splitlines()[1].startswith("'=HYPERLINK(1);Ana;")


def test_orga_attendee_export_xlsx_opens_with_the_rows(client, coordinator):
    from io import BytesIO

    from openpyxl import load_workbook

    event = day_event()
    RegistrationFactory(event=event, last_name="Durand")
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_attendee_export", args=[event.pk, "xlsx"])
    )

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "Durand"


def test_orga_checkin_search_with_htmx_returns_results_fragment(client, coordinator):
    event = day_event()
    RegistrationFactory(event=event, last_name="Marchand", first_name="Annie")
    RegistrationFactory(event=event, last_name="Leterme")
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_checkin", args=[event.pk]),
        {"q": "march"},
        HTTP_HX_REQUEST="true",
    )

    assert response.text.lstrip().startswith('<div id="checkin-results">')
    assert [r.last_name for r in response.context["registrations"]] == ["Marchand"]


def test_orga_checkin_toggle_records_attendance(client, coordinator):
    event = day_event()
    registration = RegistrationFactory(event=event)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_checkin_toggle", args=[event.pk, registration.pk]),
        {"attended": "1"},
        HTTP_HX_REQUEST="true",
    )

    registration.refresh_from_db()
    assert response.text.lstrip().startswith('<li class="list-group-item checkin-row')
    assert (registration.attended, registration.checked_in_at is not None) == (
        True,
        True,
    )


def test_orga_checkin_toggle_of_another_events_registration_is_404(client, coordinator):
    event = day_event()
    other = RegistrationFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_checkin_toggle", args=[event.pk, other.pk]),
        {"attended": "1"},
    )

    other.refresh_from_db()
    assert (response.status_code, other.attended) == (404, False)


def test_orga_series_detail_draws_svg_chart_with_table(client, coordinator):
    from tests.factories import EventSeriesFactory

    series = EventSeriesFactory(title="Rencontres Agir ensemble")
    for year, count in ((2011, 322), (2012, 700), (2013, 1155)):
        EventFactory(
            series=series,
            starts_at=dt.datetime(year, 10, 8, 10, tzinfo=PARIS),
            participant_count=count,
        )
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_series_detail", args=[series.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    bars = response.context["chart"]["bars"]
    assert [(b["label"], b["value"]) for b in bars] == [
        ("2011", 322),
        ("2012", 700),
        ("2013", 1155),
    ]
    assert bars[2]["height"] > bars[0]["height"]
    assert '<svg class="chart-svg"' in response.text
    assert "Participants par édition (tableau)" in response.text


def test_orga_session_attendance_records_per_session(client, coordinator):
    from tests.factories import ActivitySessionFactory

    event = EventFactory(kind=Event.Kind.ACTIVITY)
    first = ActivitySessionFactory(event=event, number=1)
    ActivitySessionFactory(event=event, number=2)
    registration = RegistrationFactory(event=event)
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_session_attendance", args=[event.pk]),
        {"present": [f"{first.pk}-{registration.pk}", "junk"]},
    )

    assert [(a.session, a.registration) for a in first.attendances.all()] == [
        (first, registration)
    ]


def test_orga_session_attendance_ignores_ids_of_other_events_and_huge_ids(
    client, coordinator
):
    from tests.factories import ActivitySessionFactory

    event = EventFactory(kind=Event.Kind.ACTIVITY)
    session = ActivitySessionFactory(event=event, number=1)
    registration = RegistrationFactory(event=event)
    stranger = RegistrationFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_session_attendance", args=[event.pk]),
        {
            "present": [
                f"{session.pk}-{registration.pk}",
                f"{session.pk}-{stranger.pk}",
                f"{session.pk}-{'9' * 40}",
            ]
        },
    )

    assert response.status_code == 302
    assert [a.registration for a in session.attendances.all()] == [registration]


def test_orga_event_setup_adds_a_session_of_the_cycle(client, coordinator):
    event = day_event(kind=Event.Kind.ACTIVITY)
    client.force_login(coordinator)

    client.post(
        reverse("events:orga_event_setup_add", args=[event.pk, "seances"]),
        {
            "seances-number": "1",
            "seances-starts_at": "2017-12-05T14:00",
            "seances-ends_at": "2017-12-05T16:00",
            "seances-topic": "Premiers pas",
        },
    )

    assert [(s.number, s.topic, s.starts_at) for s in event.sessions.all()] == [
        (1, "Premiers pas", at(14))
    ]


def test_orga_event_setup_session_number_twice_shows_error(client, coordinator):
    from tests.factories import ActivitySessionFactory

    event = day_event(kind=Event.Kind.ACTIVITY)
    ActivitySessionFactory(event=event, number=1)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_setup_add", args=[event.pk, "seances"]),
        {
            "seances-number": "1",
            "seances-starts_at": "2017-12-12T14:00",
            "seances-ends_at": "2017-12-12T16:00",
        },
    )

    assert list(response.context["forms"]["seances"].errors) == ["number"]
    assert event.sessions.count() == 1


def test_orga_attendee_export_unknown_format_is_404(client, coordinator):
    event = day_event()
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_attendee_export", args=[event.pk, "pdf%0Ax"])
    )

    assert response.status_code == 404


def test_orga_event_setup_budget_line_keeps_its_account(client, coordinator):
    event = day_event()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_setup_add", args=[event.pk, "budget"]),
        {
            "budget-direction": "depense",
            "budget-account": "61",
            "budget-label": "Location de la salle",
            "budget-planned": "800",
        },
    )

    assert response.status_code == 302
    assert list(event.budget_lines.values_list("account", "label")) == [
        ("61", "Location de la salle")
    ]


def test_orga_event_setup_budget_line_account_must_match_its_direction(
    client, coordinator
):
    event = day_event()
    client.force_login(coordinator)

    with translation.override("fr"):
        response = client.post(
            reverse("events:orga_event_setup_add", args=[event.pk, "budget"]),
            {
                "budget-direction": "recette",
                "budget-account": "60",
                "budget-label": "Achats",
                "budget-planned": "100",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert response.status_code == 200
    assert response.context["forms"]["budget"].errors["account"] == [
        "Ce compte est une charge\u00a0: choisissez «\u00a0Dépense\u00a0», ou un compte de produits."
    ]
    assert not event.budget_lines.exists()


def test_duplicated_edition_keeps_the_accounts_of_its_budget(client, coordinator):
    from events.services import duplicate_event
    from tests.factories import BudgetLineFactory

    event = day_event()
    BudgetLineFactory(event=event, account="62", label="Communication")

    copy = duplicate_event(event=event, starts_at=at(9, day=6), title="Copie")

    assert list(copy.budget_lines.values_list("account", "label")) == [
        ("62", "Communication")
    ]
