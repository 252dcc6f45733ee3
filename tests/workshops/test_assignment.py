"""The pure assignment core: optimal, within capacities, locks kept."""

import datetime as dt
import itertools
import random

import pytest

from workshops.assignment import (
    ALREADY_THERE,
    FULL,
    RANK_COST,
    UNCHOSEN_COST,
    AssignmentError,
    Person,
    Session,
    assign,
)

pytestmark = pytest.mark.unit

DAY = dt.datetime(2026, 6, 12, tzinfo=dt.UTC)
MORNING = (DAY.replace(hour=10), DAY.replace(hour=12))
AFTERNOON = (DAY.replace(hour=14), DAY.replace(hour=16))


def session(key, workshop, time, capacity=None):
    return Session(key, workshop, time[0], time[1], capacity)


def two_rounds(capacity):
    """Ateliers A, B, C, each in the morning and the afternoon."""
    return [
        session(f"{w}{half}", w, time, capacity)
        for w in "ABC"
        for half, time in (("m", MORNING), ("a", AFTERNOON))
    ]


def check_rules(result, people, sessions):
    by_key = {s.key: s for s in sessions}
    locked = {(p.key, k) for p in people for k in p.locked}
    mine = {}
    for place in result.places:
        mine.setdefault(place.person, []).append(place)
    for places in mine.values():
        free = [p for p in places if not p.locked]
        workshops = [p.workshop for p in free] + list(
            {p.workshop for p in places if p.locked}
        )
        assert len(workshops) == len(set(workshops)), "same atelier twice"
        for a, b in itertools.combinations(places, 2):
            assert not by_key[a.session].overlaps(by_key[b.session]), "two at once"
    for s in sessions:
        count = sum(place.session == s.key for place in result.places)
        if s.capacity is not None:
            assert count <= s.capacity
    kept = {(p.person, p.session) for p in result.places if p.locked}
    assert kept == locked


def options(person, sessions):
    """Every set of sessions one person may attend (brute force)."""
    free = [
        s
        for s in sessions
        if s.key not in person.locked
        and all(
            not s.overlaps(held) and s.workshop != held.workshop
            for held in sessions
            if held.key in person.locked
        )
    ]
    for size in range(len(free) + 1):
        for combo in itertools.combinations(free, size):
            if len({s.workshop for s in combo}) < size:
                continue
            if any(a.overlaps(b) for a, b in itertools.combinations(combo, 2)):
                continue
            yield combo


def brute_force(people, sessions):
    """(most people placed, most places, least cost), in that lexicographic
    order, over every possible assignment."""
    best = None
    locked = {}
    for p in people:
        for k in p.locked:
            locked[k] = locked.get(k, 0) + 1
    for combos in itertools.product(*(list(options(p, sessions)) for p in people)):
        load = dict(locked)
        for combo in combos:
            for s in combo:
                load[s.key] = load.get(s.key, 0) + 1
        if any(
            s.capacity is not None and load.get(s.key, 0) > s.capacity for s in sessions
        ):
            continue
        placed = sum(
            bool(combo or p.locked) for p, combo in zip(people, combos, strict=True)
        )
        places = sum(len(c) for c in combos)
        cost = sum(
            RANK_COST.get(p.choices.get(s.workshop), UNCHOSEN_COST)
            for p, combo in zip(people, combos, strict=True)
            for s in combo
        )
        if best is None or (placed, places, -cost) > (best[0], best[1], -best[2]):
            best = (placed, places, cost)
    return best


def test_everyone_gets_their_first_choices_when_there_is_room():
    people = [Person(f"p{i}", {"A": 1, "B": 2, "C": 3}) for i in range(4)]
    result = assign(people, two_rounds(capacity=10))
    assert result.figures["first_choice"] == 4
    assert result.figures["second_choice"] == 4
    assert result.figures["unplaced"] == 0
    check_rules(result, people, two_rounds(10))


def test_capacity_sends_the_others_to_their_next_choice():
    people = [Person(f"p{i}", {"A": 1, "B": 2, "C": 3}) for i in range(3)]
    sessions = [session("Am", "A", MORNING, 1), session("Bm", "B", MORNING, 1)]
    sessions.append(session("Cm", "C", MORNING, 1))
    result = assign(people, sessions)
    assert sorted(p.rank for p in result.places) == [1, 2, 3]
    check_rules(result, people, sessions)


def test_who_cannot_be_placed_and_why():
    people = [Person(f"p{i}", {"A": 1}) for i in range(3)]
    sessions = [session("Am", "A", MORNING, 2)]
    result = assign(people, sessions)
    assert len(result.places) == 2
    assert [(u.sessions, u.reason) for u in result.unplaced] == [(("Am",), FULL)]
    assert result.figures["unplaced"] == 1


def test_a_person_is_never_in_the_same_atelier_twice():
    people = [Person("p0", {"A": 1})]
    sessions = [session("Am", "A", MORNING), session("Aa", "A", AFTERNOON)]
    result = assign(people, sessions)
    assert len(result.places) == 1
    assert result.unplaced[0].reason == ALREADY_THERE


def test_nobody_is_in_two_places_at_once():
    people = [Person("p0", {"A": 1, "B": 2})]
    sessions = [
        session("Am", "A", MORNING),
        session("Bm", "B", (MORNING[0] + dt.timedelta(hours=1), AFTERNOON[0])),
    ]
    result = assign(people, sessions)
    assert [p.session for p in result.places] == ["Am"]


def test_non_overlapping_sessions_of_a_chain_can_both_be_attended():
    early = session("Am", "A", (DAY.replace(hour=9), DAY.replace(hour=10)))
    middle = session("Bm", "B", (DAY.replace(hour=9, minute=30), DAY.replace(hour=11)))
    late = session("Cm", "C", (DAY.replace(hour=10), DAY.replace(hour=11)))
    people = [Person("p0", {"A": 1, "B": 2, "C": 3})]
    result = assign(people, [early, middle, late])
    assert [p.session for p in result.places] == ["Am", "Cm"]


def test_locked_people_stay_and_take_their_seat():
    sessions = two_rounds(capacity=2)
    facilitator = Person("anim", {"B": 1}, frozenset({"Am", "Aa"}))
    people = [facilitator] + [Person(f"p{i}", {"A": 1}) for i in range(3)]
    result = assign(people, sessions)
    check_rules(result, people, sessions)
    places = {(p.person, p.session) for p in result.places}
    assert ("anim", "Am") in places and ("anim", "Aa") in places
    assert not any(p.person == "anim" and p.workshop == "B" for p in result.places)
    assert sum(p.session == "Am" for p in result.places) <= 2
    assert result.figures["locked"] == 2


def test_contradictory_locks_are_refused():
    sessions = two_rounds(capacity=1)
    with pytest.raises(AssignmentError) as error:
        assign([Person("x", locked=frozenset({"Am", "Bm"}))], sessions)
    assert error.value.problems == [("x", "overlap")]
    with pytest.raises(AssignmentError) as error:
        assign(
            [
                Person("x", locked=frozenset({"Am"})),
                Person("y", locked=frozenset({"Am"})),
            ],
            sessions,
        )
    assert error.value.problems == [("Am", "over_capacity")]


def test_the_same_seed_gives_the_same_answer():
    people = [Person(f"p{i}", {"A": 1, "B": 2}) for i in range(6)]
    sessions = two_rounds(capacity=2)
    assert (
        assign(people, sessions, seed=3).places
        == assign(people, sessions, seed=3).places
    )


@pytest.mark.parametrize("seed", range(12))
def test_small_cases_reach_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    sessions = [
        session(f"{w}{half}", w, time, rng.choice([None, 1, 2]))
        for w in "ABC"
        for half, time in (("m", MORNING), ("a", AFTERNOON))
        if rng.random() < 0.8
    ]
    people = []
    for i in range(rng.randint(2, 4)):
        ranked = rng.sample("ABC", rng.randint(0, 3))
        locked = frozenset()
        if i == 0 and sessions and rng.random() < 0.5:
            locked = frozenset({sessions[0].key})
        people.append(Person(f"p{i}", {w: r + 1 for r, w in enumerate(ranked)}, locked))
    result = assign(people, sessions, seed=seed)
    check_rules(result, people, sessions)
    free = [p for p in result.places if not p.locked]
    placed = len({p.person for p in result.places})
    assert (placed, len(free), result.cost) == brute_force(people, sessions)


def test_everyone_it_can_comes_before_more_places_and_better_ranks():
    """One seat in the morning, one in the afternoon. Giving both to Ana
    (her 1st and 2nd choices, cost 1) holds as many places as one each (Ana
    in A, Bob in B, cost 10), and costs less, but leaves Bob with nothing:
    the assignment places everyone it can first."""
    sessions = [session("Am", "A", MORNING, 1), session("Ba", "B", AFTERNOON, 1)]
    people = [Person("ana", {"A": 1, "B": 2}), Person("bob")]
    for relaxation_first in (True, False):
        result = assign(people, sessions, relaxation_first=relaxation_first)
        assert {p.person for p in result.places} == {"ana", "bob"}
        assert {(p.person, p.session) for p in result.places} == {
            ("ana", "Am"),
            ("bob", "Ba"),
        }
        assert result.cost == 10
        assert result.figures["without_place"] == 0
        assert result.figures["unplaced"] == 2


def test_more_people_first_then_more_places():
    """Three seats in the morning, one in the afternoon, three people: four
    places always fit, and everyone holds one; the fourth goes to a 1st
    choice."""
    sessions = [session("Am", "A", MORNING, 3), session("Ba", "B", AFTERNOON, 1)]
    people = [Person("p0", {"B": 1}), Person("p1"), Person("p2")]
    result = assign(people, sessions)
    assert len(result.places) == 4
    assert ("p0", "Ba") in {(p.person, p.session) for p in result.places}
    assert result.figures["without_place"] == 0


def test_who_holds_no_place_at_all_is_counted():
    people = [Person(f"p{i}", {"A": 1}) for i in range(3)]
    result = assign(people, [session("Am", "A", MORNING, 2)])
    assert result.figures["without_place"] == 1
