import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from workshops.tables import lower_bound, plan_tables

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
