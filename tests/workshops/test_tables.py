import json
import os
import re
import subprocess
import sys
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from events.models import Registration
from partners.models import Organisation
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from workshops.management.commands.plan_tables import error_message
from workshops.tables import (
    TablePlanError,
    lower_bound,
    plan_tables,
    repeated_pairs_lower_bounds,
)

pytestmark = pytest.mark.django_db


def _registrations(event, sizes):
    for index, size in enumerate(sizes):
        organisation = OrganisationFactory(name=f"Structure {index}")
        RegistrationFactory.create_batch(size, event=event, organisation=organisation)


def test_plan_tables_reaches_the_lower_bound_and_balances_tables():
    event = EventFactory()
    _registrations(event, [7, 5, 3, 3, 1])

    plan = plan_tables(event=event, size=5, seed=3)

    sizes = sorted(len(t["people"]) for t in plan["tables"])
    assert sizes == [4, 5, 5, 5]
    assert (plan["figures"]["people"], plan["figures"]["tables"]) == (19, 4)
    assert (
        plan["figures"]["same_organisation_pairs"]
        == plan["figures"]["lower_bound"]
        == 4
    )


def test_lower_bound_counts_unavoidable_pairs():
    assert lower_bound([7], 3) == 1 + 1 + 3  # 3, 2, 2 people
    assert lower_bound([2, 2], 2) == 0


def test_plan_tables_skips_cancelled_registrations_and_is_repeatable_with_a_seed():
    event = EventFactory()
    _registrations(event, [4, 4])
    RegistrationFactory(event=event, cancelled_at="2026-01-01T00:00:00Z")

    first = plan_tables(event=event, size=4, seed=42)
    second = plan_tables(event=event, size=4, seed=42)

    assert first == second
    assert first["figures"]["people"] == 8


def test_plan_tables_command_prints_the_contract_json():
    event = EventFactory(slug="journee-2017")
    _registrations(event, [2, 2])
    out = StringIO()

    call_command(
        "plan_tables", "journee-2017", "--size", "2", "--seed", "1", stdout=out
    )

    plan = json.loads(out.getvalue())
    assert [t["number"] for t in plan["tables"]] == [1, 2]
    assert {tuple(sorted(p)) for t in plan["tables"] for p in t["people"]} == {
        ("name", "organisation", "status")
    }
    assert plan["figures"]["same_organisation_pairs"] == 0


def test_plan_tables_command_refuses_an_unknown_slug_and_a_tiny_size():
    event = EventFactory(slug="reso77")

    with pytest.raises(CommandError, match="inconnu"):
        call_command("plan_tables", "inconnu", "--size", "4")
    with pytest.raises(CommandError, match="--size"):
        call_command("plan_tables", event.slug, "--size", "1")


def test_plan_tables_command_with_rounds_adds_one_entry_per_round():
    event = EventFactory(slug="journee-inter-asso")
    _registrations(event, [4, 3, 3, 2, 2, 1, 1])  # 16 people
    out = StringIO()

    call_command(
        "plan_tables",
        event.slug,
        "--size",
        "4",
        "--rounds",
        "3",
        "--seed",
        "5",
        stdout=out,
    )

    plan = json.loads(out.getvalue())
    assert len(plan["rounds"]) == 3
    assert plan["tables"] == plan["rounds"][0]["tables"]
    for entry in plan["rounds"]:
        figures = entry["figures"]
        assert len(entry["tables"]) == 4
        assert figures["same_organisation_pairs"] == figures["lower_bound"]
        assert figures["repeated_pairs"] >= figures["repeated_pairs_lower_bound"]
    assert plan["rounds"][0]["figures"]["repeated_pairs"] == 0
    assert plan["figures"]["rounds"] == 3
    assert plan["figures"]["repeated_pairs"] == sum(
        entry["figures"]["repeated_pairs"] for entry in plan["rounds"]
    )
    names = {p["name"] for t in plan["rounds"][2]["tables"] for p in t["people"]}
    assert len(names) == 16


def test_plan_tables_without_rounds_keeps_the_single_round_json():
    event = EventFactory()
    _registrations(event, [3, 3])

    plan = plan_tables(event=event, size=3, seed=1)

    assert set(plan) == {"tables", "figures"}
    assert "repeated_pairs" not in plan["figures"]


def test_plan_tables_command_is_repeatable_with_a_seed():
    event = EventFactory(slug="rencontres")
    _registrations(event, [5, 4, 4, 3, 2, 2, 1, 1, 1, 1])

    def run(seed):
        out = StringIO()
        call_command(
            "plan_tables",
            "rencontres",
            "--size",
            "6",
            "--rounds",
            "3",
            "--seed",
            str(seed),
            stdout=out,
        )
        return out.getvalue()

    assert run(11) == run(11)
    assert run(11) != run(12)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--size", "0"], "au moins 2 personnes"),
        (["--size", "1"], "au moins 2 personnes"),
        (["--size", "9"], "dépasse le groupe (4 personnes)"),
        (["--size", "2", "--rounds", "0"], "au moins 1 tour"),
    ],
)
def test_plan_tables_command_refuses_bad_input_in_french(arguments, message):
    event = EventFactory(slug="bad")
    _registrations(event, [2, 2])

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("plan_tables", "bad", *arguments)


def test_plan_tables_command_refuses_an_event_with_nobody_to_seat():
    EventFactory(slug="vide")

    with pytest.raises(CommandError, match="Aucun·e inscrit·e confirmé·e"):
        call_command("plan_tables", "vide", "--size", "4")


def test_statuses_and_kinds_are_balanced_across_tables():
    event = EventFactory()
    for index in range(8):
        kind = Organisation.Kind.ASSOCIATION if index % 2 else Organisation.Kind.COMPANY
        organisation = OrganisationFactory(kind=kind)
        RegistrationFactory(
            event=event,
            organisation=organisation,
            status=Registration.Status.ELECTED,
        )
        RegistrationFactory(
            event=event,
            organisation=OrganisationFactory(kind=kind),
            status=Registration.Status.VOLUNTEER,
        )

    plan = plan_tables(event=event, size=4, seed=2)

    for table in plan["tables"]:
        statuses = Counter(person["status"] for person in table["people"])
        assert sorted(statuses.values()) == [2, 2]
    assert plan["figures"]["status_deviation"] == 0
    assert plan["figures"]["kind_deviation"] == 0


def test_locked_seats_are_kept_and_contradictory_locks_refused():
    event = EventFactory()
    _registrations(event, [3, 3, 3, 3])
    first, second, third = event.registrations.order_by("pk")[:3]

    plan = plan_tables(
        event=event,
        size=4,
        rounds=2,
        seed=1,
        locks={first.pk: {1: 3, 2: 3}, second.pk: {2: 1}},
    )

    def table_of(entry, registration):
        return next(
            t["number"]
            for t in entry["tables"]
            for p in t["people"]
            if p["name"] == registration.full_name
        )

    assert table_of(plan["rounds"][0], first) == 3
    assert table_of(plan["rounds"][1], first) == 3
    assert table_of(plan["rounds"][1], second) == 1
    with pytest.raises(TablePlanError) as unknown_table:
        plan_tables(event=event, size=4, locks={first.pk: {1: 4}})
    assert unknown_table.value.code == "lock_table"
    with pytest.raises(TablePlanError) as overfull:
        plan_tables(
            event=event, size=2, locks={r.pk: {1: 1} for r in (first, second, third)}
        )
    assert overfull.value.code == "lock_overfull"
    assert "3 personnes fixées pour 2 places" in error_message(overfull.value)
    with pytest.raises(TablePlanError) as unknown_round:
        plan_tables(event=event, size=4, rounds=2, locks={first.pk: {3: 1}})
    assert "il n’y a que 2 tours" in error_message(unknown_round.value)


def test_the_core_runs_without_django():
    code = (
        "import sys; import workshops.tables as t; "
        "assert not [m for m in sys.modules if m.startswith('django')]; "
        "p = t.seat([t.Person(id=i, name=str(i)) for i in range(6)], size=3, rounds=2, seed=1); "
        "print(p.figures['repeated_pairs'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().isdigit()


def test_repeated_pairs_lower_bound_counts_pair_meetings_and_each_persons_meetings():
    # 9 people, tables of 3: after 4 rounds everyone has met the 8 others.
    assert repeated_pairs_lower_bounds(9, [[3, 3, 3]] * 4) == ([0, 0, 0, 0], 0)
    per_round, day = repeated_pairs_lower_bounds(9, [[3, 3, 3]] * 5)
    assert day == 9  # 45 pair-meetings, 36 pairs
    # One table of 4 twice: all 6 pairs meet again.
    assert repeated_pairs_lower_bounds(4, [[4], [4]]) == ([0, 6], 6)
