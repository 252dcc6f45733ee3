"""Pins to tables: stored, honoured by every table plan, and the screen."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from workshops.documents_wsdocs import seat_event
from workshops.models import TableLock
from workshops.tablelocks import pin_to_table, stored_locks, unpin
from workshops.tables import TablePlanError, plan_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Séminaire du Relais", slug="seminaire-relais")
    for index in range(4):
        organisation = OrganisationFactory(name=f"Structure {index}")
        RegistrationFactory.create_batch(3, event=event, organisation=organisation)
    return event


def table_of(entry, registration):
    return next(
        t["number"]
        for t in entry["tables"]
        for p in t["people"]
        if p["name"] == registration.full_name
    )


def lock_list(event):
    return reverse("workshops:orga_table_locks", args=[event.pk])


# -- the service ---------------------------------------------------------------


def test_stored_pins_are_honoured_by_the_plan(event):
    first, second = event.registrations.order_by("pk")[:2]
    pin_to_table(registration=first, round=1, table=3)
    pin_to_table(registration=first, round=2, table=2)
    pin_to_table(registration=second, round=2, table=1)
    for seed in (1, 2, 3):
        plan = plan_tables(event=event, size=4, rounds=2, seed=seed)
        assert table_of(plan["rounds"][0], first) == 3
        assert table_of(plan["rounds"][1], first) == 2
        assert table_of(plan["rounds"][1], second) == 1


def test_a_pin_is_moved_not_doubled_and_unpinned(event):
    first = event.registrations.order_by("pk").first()
    lock = pin_to_table(registration=first, round=1, table=3)
    again = pin_to_table(registration=first, round=1, table=2)
    assert again.pk == lock.pk and TableLock.objects.get().table == 2
    assert stored_locks(event) == {first.pk: {1: 2}}
    unpin(lock=again)
    assert not TableLock.objects.exists()


def test_pins_of_later_rounds_wait_and_explicit_locks_override(event):
    first = event.registrations.order_by("pk").first()
    pin_to_table(registration=first, round=1, table=3)
    pin_to_table(registration=first, round=3, table=1)
    assert stored_locks(event, rounds=2) == {first.pk: {1: 3}}
    # A plan of one round is not refused for a pin in round 3.
    plan = plan_tables(event=event, size=4, seed=1)
    assert table_of(plan, first) == 3
    plan = plan_tables(event=event, size=4, seed=1, locks={first.pk: {1: 1}})
    assert table_of(plan, first) == 1


def test_pins_of_cancelled_registrations_are_left_aside(event):
    first = event.registrations.order_by("pk").first()
    pin_to_table(registration=first, round=1, table=3)
    first.cancelled_at = timezone.now()
    first.save()
    assert stored_locks(event) == {}
    plan = plan_tables(event=event, size=4, seed=1)
    assert sum(len(t["people"]) for t in plan["tables"]) == 11


def test_contradictory_pins_are_refused_with_a_french_reason(event):
    first, second, third = event.registrations.order_by("pk")[:3]
    pin_to_table(registration=first, round=1, table=4)
    with pytest.raises(TablePlanError) as error:
        plan_tables(event=event, size=6, seed=1)  # 2 tables only
    assert error.value.code == "lock_table"
    for registration in (first, second, third):
        pin_to_table(registration=registration, round=1, table=1)
    with pytest.raises(TablePlanError) as error:
        plan_tables(event=event, size=2, seed=1)
    assert error.value.code == "lock_overfull"


def test_the_documents_honour_the_pins_and_say_why_they_cannot(event):
    from reports.services import ReportFailure

    first = event.registrations.order_by("pk").first()
    pin_to_table(registration=first, round=2, table=3)
    plan, _seed, _size = seat_event(event, {"rounds": 2, "size": 4, "seed": 5})
    [person] = [p for p in plan.rounds[1].tables[2] if p.id == first.pk]
    assert person.id == first.pk
    pin_to_table(registration=first, round=2, table=9)
    with pytest.raises(ReportFailure) as failure:
        seat_event(event, {"rounds": 2, "size": 4, "seed": 5})
    assert "table 9" in str(failure.value) and "3 tables" in str(failure.value)


# -- the command -----------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("plan_tables", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_honours_stored_pins_and_lock_options(event):
    first, second = event.registrations.order_by("pk")[:2]
    pin_to_table(registration=first, round=2, table=3)
    data = run(
        event.slug, "--size", "4", "--rounds", "2", "--seed", "1",
        "--lock", f"{second.pk}:1:2",
    )  # fmt: skip
    assert table_of(data["rounds"][1], first) == 3
    assert table_of(data["rounds"][0], second) == 2
    # --lock overrides a stored pin for this run only.
    data = run(event.slug, "--size", "4", "--rounds", "2", "--lock", f"{first.pk}:2:1")
    assert table_of(data["rounds"][1], first) == 1
    assert TableLock.objects.get().table == 3


@pytest.mark.parametrize(
    "value", ["1:2", "a:1:1", "1:1:1:1", "1:1:-1", "9" * 40 + ":1:1"]
)
def test_the_command_refuses_a_malformed_lock(event, value):
    with pytest.raises(CommandError, match="REGISTRATION:ROUND:TABLE"):
        run(event.slug, "--size", "4", "--lock", value)


def test_the_command_refuses_a_lock_of_someone_else(event):
    other = RegistrationFactory()
    with pytest.raises(CommandError, match="pas une inscription confirmée"):
        run(event.slug, "--size", "4", "--lock", f"{other.pk}:1:1")


def test_the_command_says_why_pins_contradict(event):
    first = event.registrations.order_by("pk").first()
    pin_to_table(registration=first, round=1, table=5)
    with pytest.raises(CommandError, match="il n’y a que 3 tables"):
        run(event.slug, "--size", "4")


# -- the screen ----------------------------------------------------------------


def test_the_screen_lists_pins_and_its_empty_state(client, coordinator, event):
    client.force_login(coordinator)
    page = client.get(lock_list(event))
    assert page.status_code == 200
    assert "Personne n’est épinglé" in page.text
    first = event.registrations.order_by("pk").first()
    pin_to_table(registration=first, round=2, table=3)
    page = client.get(lock_list(event))
    assert first.full_name in page.text and 'id="lock-list"' in page.text
    # Reached from the event's documents.
    home = client.get(reverse("workshops:orga_event_workshops", args=[event.pk]))
    assert lock_list(event) in home.text


def test_pin_from_the_screen(client, coordinator, event):
    client.force_login(coordinator)
    first = event.registrations.order_by("pk").first()
    response = client.post(
        lock_list(event),
        {"registration": first.pk, "round": 2, "table": 3},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == lock_list(event)
    assert "table 3 au tour 2" in response.text
    assert stored_locks(event) == {first.pk: {2: 3}}
    # Pinning again in the same round moves the pin.
    client.post(lock_list(event), {"registration": first.pk, "round": 2, "table": 1})
    assert stored_locks(event) == {first.pk: {2: 1}}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"round": 7, "table": 1}, "round"),
        ({"round": 0, "table": 1}, "round"),
        ({"round": 1, "table": 0}, "table"),
        ({"round": 1, "table": "x"}, "table"),
        ({"round": 1, "table": 10**12}, "table"),
        ({"round": 1, "table": 1, "registration": "9" * 40}, "registration"),
        ({"round": 1, "table": 1, "registration": "other"}, "registration"),
        ({"round": 1, "table": 1, "registration": "cancelled"}, "registration"),
    ],
)
def test_bad_input_is_refused_beside_the_field(client, coordinator, event, data, field):
    client.force_login(coordinator)
    first = event.registrations.order_by("pk").first()
    data = {"registration": first.pk, **data}
    if data["registration"] == "other":
        data["registration"] = RegistrationFactory().pk
    if data["registration"] == "cancelled":
        cancelled = RegistrationFactory(event=event, cancelled_at=timezone.now())
        data["registration"] = cancelled.pk
    response = client.post(lock_list(event), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="error_1_id_{field}"' in response.text
    assert not TableLock.objects.exists()


def test_unpin_is_confirmed_first(client, coordinator, event):
    client.force_login(coordinator)
    first = event.registrations.order_by("pk").first()
    lock = pin_to_table(registration=first, round=1, table=2)
    url = reverse("workshops:orga_table_lock_delete", args=[event.pk, lock.pk])
    page = client.get(url)
    assert page.status_code == 200 and first.full_name in page.text
    assert TableLock.objects.exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == lock_list(event)
    assert "n’est plus épinglé" in response.text
    assert not TableLock.objects.exists()


def test_a_pin_of_another_event_is_not_found(client, coordinator, event):
    client.force_login(coordinator)
    other = EventFactory()
    lock = pin_to_table(registration=RegistrationFactory(event=other), round=1, table=1)
    url = reverse("workshops:orga_table_lock_delete", args=[event.pk, lock.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert TableLock.objects.exists()


def test_who_may_not(client, event, funder, partner_user):
    first = event.registrations.order_by("pk").first()
    lock = pin_to_table(registration=first, round=1, table=1)
    delete = reverse("workshops:orga_table_lock_delete", args=[event.pk, lock.pk])
    for url in (lock_list(event), delete):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    for user in (funder, partner_user):
        client.force_login(user)
        for url in (lock_list(event), delete):
            assert client.get(url).status_code in (403, 404)
        response = client.post(
            lock_list(event), {"registration": first.pk, "round": 2, "table": 1}
        )
        assert response.status_code in (403, 404)
        assert client.post(delete).status_code in (403, 404)
    assert list(TableLock.objects.values_list("round", flat=True)) == [1]


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_at_two_sizes(
    client, coordinator, django_assert_max_num_queries, count
):
    event = EventFactory()
    for registration in RegistrationFactory.create_batch(count, event=event):
        pin_to_table(registration=registration, round=1, table=1)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(lock_list(event))
    assert response.status_code == 200
    assert len(response.context["locks"]) == min(count, 25)
