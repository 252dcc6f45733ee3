"""The board (moves, locks, conflicts), the choice links, "Répartir" by a worker."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from core.models import OutboundMail
from events.models import AgendaItem
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import AssignmentJob, WorkshopPlace
from workshops.services import PlaceMoveError, move_place

pytestmark = pytest.mark.django_db


def item(event, hours):
    return AgendaItemFactory(
        event=event,
        kind=AgendaItem.Kind.WORKSHOP,
        title="Ateliers",
        starts_at=event.starts_at + dt.timedelta(hours=hours),
        ends_at=event.starts_at + dt.timedelta(hours=hours + 2),
    )


@pytest.fixture
def event():
    return EventFactory(title="Journée inter-associative")


@pytest.fixture
def day(event):
    """Two ateliers, morning and afternoon; Ada in the morning one of A."""
    a = WorkshopFactory(event=event, title="Bénévolat", capacity=2)
    b = WorkshopFactory(event=event, title="Financements", capacity=1)
    morning, afternoon = item(event, 1), item(event, 5)
    sessions = {
        ("a", 1): WorkshopSessionFactory(workshop=a, agenda_item=morning),
        ("b", 1): WorkshopSessionFactory(workshop=b, agenda_item=item(event, 1)),
        ("a", 2): WorkshopSessionFactory(workshop=a, agenda_item=afternoon),
        ("b", 2): WorkshopSessionFactory(workshop=b, agenda_item=item(event, 5)),
    }
    ada = RegistrationFactory(event=event, first_name="Ada", last_name="Lovelace")
    WorkshopChoiceFactory(registration=ada, workshop=b, rank=2)
    place = WorkshopPlaceFactory(session=sessions["a", 1], registration=ada, rank=1)
    return {"a": a, "b": b, "sessions": sessions, "ada": ada, "place": place}


# The move service and its refusals


def test_move_changes_the_session_and_the_rank(event, day):
    moved = move_place(
        place_id=day["place"].pk, session_id=day["sessions"]["b", 1].pk, event=event
    )
    moved.refresh_from_db()
    assert moved.session == day["sessions"]["b", 1]
    assert moved.rank == 2


def test_a_locked_place_cannot_move(event, day):
    day["place"].locked = True
    day["place"].save()
    with pytest.raises(PlaceMoveError, match="verrouill"):
        move_place(
            place_id=day["place"].pk,
            session_id=day["sessions"]["b", 1].pk,
            event=event,
        )
    day["place"].refresh_from_db()
    assert day["place"].session == day["sessions"]["a", 1]


def test_a_full_session_refuses(event, day):
    WorkshopPlaceFactory(session=day["sessions"]["b", 1])
    with pytest.raises(PlaceMoveError, match="complet"):
        move_place(
            place_id=day["place"].pk,
            session_id=day["sessions"]["b", 1].pk,
            event=event,
        )
    assert WorkshopPlace.objects.filter(session=day["sessions"]["b", 1]).count() == 1


def test_another_events_session_or_place_refuses(event, day):
    elsewhere = WorkshopSessionFactory()
    with pytest.raises(PlaceMoveError, match="pas de cet"):
        move_place(place_id=day["place"].pk, session_id=elsewhere.pk, event=event)
    other_place = WorkshopPlaceFactory(session=elsewhere)
    with pytest.raises(PlaceMoveError):
        move_place(
            place_id=other_place.pk,
            session_id=day["sessions"]["b", 1].pk,
            event=event,
        )


def test_same_session_and_already_there_refuse(event, day):
    with pytest.raises(PlaceMoveError, match="déjà dans cet atelier"):
        move_place(
            place_id=day["place"].pk,
            session_id=day["sessions"]["a", 1].pk,
            event=event,
        )
    WorkshopPlaceFactory(session=day["sessions"]["b", 2], registration=day["ada"])
    with pytest.raises(PlaceMoveError, match="déjà une place"):
        move_place(
            place_id=day["place"].pk,
            session_id=day["sessions"]["b", 2].pk,
            event=event,
        )


def test_conflicts_over_capacity_same_time_and_twice(event, day):
    s = day["sessions"]
    WorkshopPlaceFactory(session=s["b", 1])
    WorkshopPlaceFactory(session=s["b", 1])  # over capacity (1) by one
    clash = WorkshopPlaceFactory(session=s["b", 1], registration=day["ada"])
    twice = WorkshopPlaceFactory(session=s["a", 2], registration=day["ada"])
    sessions = services.event_sessions(event)
    found = services.board_conflicts(sessions, list(WorkshopPlace.objects.all()))
    assert found["over"] == {s["b", 1].pk: 2}
    assert found["clash"] == {day["place"].pk, clash.pk}
    assert found["twice"] == {day["place"].pk, twice.pk}


# The board's pages


def test_board_shows_columns_capacity_and_conflicts(client, coordinator, event, day):
    WorkshopPlaceFactory(session=day["sessions"]["b", 1], registration=day["ada"])
    client.force_login(coordinator)
    page = client.get(reverse("workshops:orga_board", args=[event.pk]))
    assert page.status_code == 200
    text = page.text
    assert "Bénévolat" in text and "Financements" in text
    assert "1 / 2 places, 1 libres" in text and "1 / 1 places, 0 libres" in text
    assert "deux ateliers en même temps" in text
    assert 'id="board-conflicts"' in text
    assert f'id="move-{day["place"].pk}"' in text


def test_move_by_the_keyboard_form_and_htmx(client, coordinator, event, day):
    client.force_login(coordinator)
    url = reverse("workshops:orga_place_move", args=[event.pk])
    data = {"place": day["place"].pk, "session": day["sessions"]["b", 1].pk}
    response = client.post(url, data)
    assert response.status_code == 302
    day["place"].refresh_from_db()
    assert day["place"].session == day["sessions"]["b", 1]
    data["session"] = day["sessions"]["a", 1].pk
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="board"' in response.text and "board-error" not in response.text
    day["place"].refresh_from_db()
    assert day["place"].session == day["sessions"]["a", 1]


def test_move_refusal_is_shown_in_french(client, coordinator, event, day):
    WorkshopPlaceFactory(session=day["sessions"]["b", 1])
    client.force_login(coordinator)
    url = reverse("workshops:orga_place_move", args=[event.pk])
    data = {"place": day["place"].pk, "session": day["sessions"]["b", 1].pk}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert 'id="board-error"' in response.text and "complet" in response.text
    response = client.post(url, data, follow=True)
    assert "complet" in response.text
    response = client.post(url, {"place": "abc", "session": "9" * 30}, follow=True)
    assert "Choisissez" in response.text
    day["place"].refresh_from_db()
    assert day["place"].session == day["sessions"]["a", 1]


def test_lock_then_unlock(client, coordinator, event, day):
    client.force_login(coordinator)
    url = reverse("workshops:orga_place_lock", args=[event.pk, day["place"].pk])
    client.post(url, {"locked": "1"})
    day["place"].refresh_from_db()
    assert day["place"].locked
    move = reverse("workshops:orga_place_move", args=[event.pk])
    data = {"place": day["place"].pk, "session": day["sessions"]["b", 1].pk}
    response = client.post(move, data, follow=True)
    assert "déverrouillez" in response.text
    client.post(url, {"locked": "0"})
    day["place"].refresh_from_db()
    assert not day["place"].locked
    client.post(move, data)
    day["place"].refresh_from_db()
    assert day["place"].session == day["sessions"]["b", 1]


def test_lock_of_another_events_place_is_404(client, coordinator, event, day):
    other = WorkshopPlaceFactory()
    client.force_login(coordinator)
    url = reverse("workshops:orga_place_lock", args=[event.pk, other.pk])
    assert client.post(url, {"locked": "1"}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_board_query_count_does_not_grow(
    client, coordinator, event, size, django_assert_max_num_queries
):
    workshops = [WorkshopFactory(event=event, capacity=size) for _ in range(3)]
    sessions = [
        WorkshopSessionFactory(workshop=w, agenda_item=item(event, h))
        for h in (1, 5)
        for w in workshops
    ]
    for n in range(size):
        registration = RegistrationFactory(event=event)
        WorkshopPlaceFactory(session=sessions[n % 3], registration=registration)
        WorkshopPlaceFactory(session=sessions[3 + n % 3], registration=registration)
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("workshops:orga_board", args=[event.pk]))
    assert response.status_code == 200


BOARD_PAGES = [
    ("workshops:orga_board", "get"),
    ("workshops:orga_place_move", "post"),
    ("workshops:orga_choice_links_send", "get"),
    ("workshops:orga_choice_links_send", "post"),
]


@pytest.mark.parametrize(("name", "method"), BOARD_PAGES)
def test_board_pages_refuse_visitors_and_non_coordinators(
    client, funder, partner_user, event, day, name, method
):
    url = reverse(name, args=[event.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(funder)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(partner_user)
    assert getattr(client, method)(url).status_code in (403, 404)
    assert OutboundMail.objects.count() == 0


def test_lock_and_job_refuse_non_coordinators(client, funder, event, day):
    job = AssignmentJob.objects.create(event=event)
    for url in (
        reverse("workshops:orga_place_lock", args=[event.pk, day["place"].pk]),
        reverse("workshops:orga_assign_job", args=[event.pk, job.pk]),
    ):
        assert client.post(url).status_code == 302
        client.force_login(funder)
        assert client.post(url).status_code == 404
        client.logout()
    day["place"].refresh_from_db()
    assert not day["place"].locked


# The public choice link


def choice_url(registration):
    return reverse("workshops:public_choice", args=[registration.token])


def test_public_choice_form_stores_ranked_choices_once(client, event, day):
    reg = RegistrationFactory(event=event)
    url = choice_url(reg)
    page = client.get(url)
    assert page.status_code == 200 and "Bénévolat" in page.text
    data = {"rank_1": day["b"].pk, "rank_2": day["a"].pk}
    for _ in range(2):
        response = client.post(url, data)
        assert 'id="choices-saved"' in response.text
    assert sorted(reg.workshop_choices.values_list("workshop", "rank")) == [
        (day["a"].pk, 2),
        (day["b"].pk, 1),
    ]
    assert client.get(url).context["form"].initial == {
        "rank_1": day["b"].pk,
        "rank_2": day["a"].pk,
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rank_1": "A", "rank_2": "A"}, "rank_2", "déjà choisi"),
        ({"rank_1": "A", "rank_3": "B"}, "rank_3", "sans laisser de trou"),
        ({"rank_1": "OTHER"}, "rank_1", "choix valide"),
        ({"rank_1": "n'importe quoi"}, "rank_1", "choix valide"),
        ({"rank_1": "9" * 40}, "rank_1", "choix valide"),
        ({}, "rank_1", "1er choix"),
    ],
)
def test_public_choice_refusals_store_nothing(client, event, day, data, field, message):
    other = WorkshopFactory()
    ids = {"A": day["a"].pk, "B": day["b"].pk, "OTHER": other.pk}
    reg = RegistrationFactory(event=event)
    posted = {k: ids.get(v, v) for k, v in data.items()}
    response = client.post(choice_url(reg), posted)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in str(errors[field])
    assert f'id="id_{field}-error"' in response.text
    assert not reg.workshop_choices.exists()


def test_public_choice_link_is_404_for_unknown_cancelled_or_no_ateliers(client, day):
    import uuid

    from django.utils import timezone

    assert (
        client.get(reverse("workshops:public_choice", args=[uuid.uuid4()])).status_code
        == 404
    )
    cancelled = RegistrationFactory(event=day["a"].event, cancelled_at=timezone.now())
    assert client.get(choice_url(cancelled)).status_code == 404
    bare = RegistrationFactory()
    assert client.get(choice_url(bare)).status_code == 404


# Sending the links through the outbox


def test_send_links_confirms_the_count_then_queues_the_mails(
    client, coordinator, event, day, django_capture_on_commit_callbacks
):
    # Ada has a choice; two others do not; a cancelled one is left out.
    from django.utils import timezone

    one = RegistrationFactory(event=event, email="un@example.org")
    RegistrationFactory(event=event, email="deux@example.org")
    RegistrationFactory(event=event, cancelled_at=timezone.now())
    client.force_login(coordinator)
    url = reverse("workshops:orga_choice_links_send", args=[event.pk])
    page = client.get(url)
    assert page.context["count"] == 2
    assert "2 personnes inscrites" in page.text
    response = client.post(url)
    assert response.status_code == 302
    mails = OutboundMail.objects.order_by("to")
    assert [m.to for m in mails] == ["deux@example.org", "un@example.org"]
    assert str(one.token) in mails[1].body
    assert mails[1].kind == "workshops.choice_link"
    notes = [str(m) for m in client.get(response.url).context["messages"]]
    assert "2" in notes[0]


def test_send_links_without_ateliers_refuses(client, coordinator, event):
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    url = reverse("workshops:orga_choice_links_send", args=[event.pk])
    assert "aucun atelier" in client.get(url).text
    client.post(url)
    assert OutboundMail.objects.count() == 0


# "Répartir" by a worker


def test_the_view_queues_and_does_not_compute_in_the_request(
    client, coordinator, event, day, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with (
        mock.patch("workshops.assignment.assign") as solver,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        response = client.post(reverse("workshops:orga_assign", args=[event.pk]))
    assert response.status_code == 302
    solver.assert_not_called()
    assert len(callbacks) == 1
    job = AssignmentJob.objects.get()
    assert job.status == "queued" and job.requested_by == coordinator
    page = client.get(response.url)
    assert (
        'hx-get="' + reverse("workshops:orga_assign_job", args=[event.pk, job.pk])
        in page.text
    )
    # Asked again while it waits: the same run, not a second one.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("workshops:orga_assign", args=[event.pk]))
    assert AssignmentJob.objects.count() == 1


def test_the_task_computes_and_stores_places_and_figures(
    client, coordinator, event, day
):
    from workshops.tasks import run_assignment_task

    bob = RegistrationFactory(event=event, first_name="Bob", last_name="Marley")
    WorkshopChoiceFactory(registration=bob, workshop=day["a"], rank=1)
    job = AssignmentJob.objects.create(event=event)
    assert run_assignment_task(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.finished_at
    assert set(job.figures) >= {"first_choice", "second_choice", "third_choice"}
    assert WorkshopPlace.objects.filter(registration=bob).count() == 2
    assert job.figures["first_choice"] >= 1
    # Run again (a redelivered message): nothing more happens.
    assert run_assignment_task(job_id=job.pk) is None
    client.force_login(coordinator)
    poll = client.get(reverse("workshops:orga_assign_job", args=[event.pk, job.pk]))
    assert "hx-get" not in poll.text and "Ateliers répartis" in poll.text


def test_the_task_reports_unplaced_with_the_reason(event):
    session = WorkshopSessionFactory(workshop__event=event, workshop__capacity=1)
    RegistrationFactory(event=event, first_name="Ada", last_name="Lovelace")
    RegistrationFactory(event=event, first_name="Léo", last_name="Ferré")
    job = AssignmentJob.objects.create(event=event)
    services.run_assignment_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.figures["unplaced"] == 1
    assert job.unplaced[0]["reason"] == "full"
    assert job.unplaced[0]["when"] == services.session_label(session)


def test_contradictory_locks_end_the_job_failed_with_words(
    client, coordinator, event, day
):
    day["place"].locked = True
    day["place"].save()
    WorkshopPlaceFactory(
        session=day["sessions"]["b", 1], registration=day["ada"], locked=True
    )
    job = AssignmentJob.objects.create(event=event)
    services.run_assignment_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "Ada Lovelace" in job.error
    assert WorkshopPlace.objects.count() == 2
    client.force_login(coordinator)
    poll = client.get(reverse("workshops:orga_assign_job", args=[event.pk, job.pk]))
    assert "Ada Lovelace" in poll.text


def test_poll_shows_a_waiting_run(client, coordinator, event):
    job = AssignmentJob.objects.create(event=event)
    client.force_login(coordinator)
    poll = client.get(reverse("workshops:orga_assign_job", args=[event.pk, job.pk]))
    assert "hx-get" in poll.text and 'hx-trigger="load delay:2s"' in poll.text


def test_demo_records_the_assignment_run_once():
    from events import demo as events_demo
    from partners import demo as partners_demo
    from workshops import demo

    partners_demo.load()
    events_demo.load()
    demo.load()
    demo.load()  # idempotent
    job = AssignmentJob.objects.get(event__slug=demo.EVENT_SLUG)
    assert job.status == "done" and job.figures["unplaced"] == 0
    assert (
        sum(job.figures[k] for k in ("first_choice", "second_choice", "third_choice"))
        + job.figures["no_choice"]
        == WorkshopPlace.objects.count()
    )


def test_registration_done_page_offers_the_choice_link(client, event):
    reg = RegistrationFactory(event=event)
    url = reverse("events:public_registration_done", args=[event.slug, reg.token])
    assert 'id="choice-invite"' not in client.get(url).text
    WorkshopFactory(event=event)
    page = client.get(url).text
    assert 'id="choice-invite"' in page and choice_url(reg) in page
