"""Properties of the atelier assignment's pure core, on inputs drawn by hypothesis.

The objective tested is the one ``workshops.assignment`` states, in
lexicographic order: the most people holding at least one place (locked or
free) first, then the most free places, then the least total rank cost (1st
0, 2nd 1, 3rd 3, an atelier not chosen 10). The brute force below tries every set of sessions
for every person (an exhaustive search, memoised on the seats taken so far)
on small days: at most 6 people, 3 ateliers, 2 sessions each.
"""

import datetime as dt
import itertools
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshops.assignment import (
    ALREADY_THERE,
    FULL,
    RANK_COST,
    UNCHOSEN_COST,
    AssignmentError,
    Person,
    Session,
    _from_relaxation,
    assign,
)

pytestmark = pytest.mark.unit

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
DAY = dt.datetime(2026, 6, 12, tzinfo=dt.UTC)
TIMES = {
    "m": (DAY.replace(hour=10), DAY.replace(hour=12)),
    "a": (DAY.replace(hour=14), DAY.replace(hour=16)),
    # Overlaps the end of the morning: chains the morning into one time.
    "x": (DAY.replace(hour=11), DAY.replace(hour=13)),
}


@st.composite
def days(draw, *, max_people=6, workshops="ABC", times="ma", with_locks=True):
    sessions = []
    for w in workshops:
        for t in times:
            if draw(st.booleans()) or not sessions:
                capacity = draw(st.one_of(st.none(), st.integers(0, 3)))
                sessions.append(Session(f"{w}{t}", w, *TIMES[t], capacity))
    people, held = [], {}
    for i in range(draw(st.integers(1, max_people))):
        ranked = draw(st.permutations(sorted({s.workshop for s in sessions})))
        ranked = ranked[: draw(st.integers(0, len(ranked)))]
        locked = set()
        if with_locks and draw(st.integers(0, 3)) == 0:
            for s in draw(st.permutations(sessions)):
                clash = any(s.overlaps(o) for o in sessions if o.key in locked) or (
                    s.capacity is not None and held.get(s.key, 0) >= s.capacity
                )
                if not clash and draw(st.booleans()):
                    locked.add(s.key)
                    held[s.key] = held.get(s.key, 0) + 1
        people.append(
            Person(
                f"p{i}",
                {w: rank for rank, w in enumerate(ranked, 1)},
                frozenset(locked),
            )
        )
    return people, sessions, draw(st.integers(0, 2**16))


def cost(person, session):
    return RANK_COST.get(person.choices.get(session.workshop), UNCHOSEN_COST)


def options(person, sessions):
    """Every set of free sessions one person may hold."""
    held = [s for s in sessions if s.key in person.locked]
    free = [
        s
        for s in sessions
        if s.key not in person.locked
        and all(not s.overlaps(h) and s.workshop != h.workshop for h in held)
    ]
    result = []
    for size in range(len(free) + 1):
        for combo in itertools.combinations(free, size):
            if len({s.workshop for s in combo}) < size:
                continue
            if any(a.overlaps(b) for a, b in itertools.combinations(combo, 2)):
                continue
            result.append(combo)
    return result


def brute_force(people, sessions):
    """(most people placed, most free places, least cost) over every
    assignment, in that lexicographic order."""
    index = {s.key: n for n, s in enumerate(sessions)}
    start = [0] * len(sessions)
    for p in people:
        for key in p.locked:
            start[index[key]] += 1
    choices = [options(p, sessions) for p in people]

    @cache
    def best(i, load):
        if i == len(people):
            return (0, 0, 0)
        found = None
        for combo in choices[i]:
            new = list(load)
            for s in combo:
                new[index[s.key]] += 1
            if any(
                s.capacity is not None and new[index[s.key]] > s.capacity for s in combo
            ):
                continue
            rest = best(i + 1, tuple(new))
            if rest is None:
                continue
            here = (
                rest[0] + bool(combo or people[i].locked),
                rest[1] + len(combo),
                rest[2] - sum(cost(people[i], s) for s in combo),
            )
            if found is None or here > found:
                found = here
        return found

    placed, places, minus_cost = best(0, tuple(start))
    return placed, places, -minus_cost


def free_places(result):
    return [p for p in result.places if not p.locked]


def people_placed(result):
    return len({p.person for p in result.places})


def score(result):
    return people_placed(result), len(free_places(result)), result.cost


@SETTINGS
@given(days())
def test_rules_hold_and_the_brute_force_optimum_is_reached(day):
    people, sessions, seed = day
    by_key = {s.key: s for s in sessions}
    result = assign(people, sessions, seed=seed)
    # Never over a capacity.
    for s in sessions:
        held = sum(place.session == s.key for place in result.places)
        assert s.capacity is None or held <= s.capacity
    # Locked places kept, and nobody else is locked.
    assert {(p.person, p.session) for p in result.places if p.locked} == {
        (p.key, key) for p in people for key in p.locked
    }
    for person in people:
        mine = [p for p in result.places if p.person == person.key]
        # Never in two places at once.
        for a, b in itertools.combinations(mine, 2):
            assert not by_key[a.session].overlaps(by_key[b.session])
        # Never in the same atelier twice, but for a facilitator locked in
        # every session of their own atelier.
        workshops = [p.workshop for p in mine if not p.locked]
        workshops += list({p.workshop for p in mine if p.locked})
        assert len(workshops) == len(set(workshops))
        # Ranks reported are the person's.
        for place in mine:
            assert place.rank == person.choices.get(place.workshop)
    # The optimum of the stated objective.
    assert score(result) == brute_force(people, sessions)
    assert result.figures["without_place"] == len(people) - people_placed(result)
    assert result.cost == sum(
        cost(next(p for p in people if p.key == place.person), by_key[place.session])
        for place in free_places(result)
    )


@SETTINGS
@given(days(times="mxa"))
def test_who_has_no_place_has_a_true_reason(day):
    """Everyone it can: a time left empty is full, or open only in ateliers
    the person holds already, so no place could be added without moving
    someone (with the most places, checked by the brute force above)."""
    people, sessions, seed = day
    result = assign(people, sessions, seed=seed)
    taken = {}
    for place in result.places:
        taken[place.session] = taken.get(place.session, 0) + 1
    for missing in result.unplaced:
        group = [s for s in sessions if s.key in missing.sessions]
        mine = {p.workshop for p in result.places if p.person == missing.person}
        assert not {
            p.session for p in result.places if p.person == missing.person
        } & set(missing.sessions)
        open_here = [
            s for s in group if s.capacity is None or taken.get(s.key, 0) < s.capacity
        ]
        if missing.reason == FULL:
            assert not open_here
        else:
            assert missing.reason == ALREADY_THERE
            assert open_here and all(s.workshop in mine for s in open_here)


@SETTINGS
@given(days(times="mxa", max_people=5))
def test_the_brute_force_optimum_is_reached_on_chained_times(day):
    """Sessions chained by an overlap (morning, its overrun, afternoon): the
    day where most places and most people part ways most often."""
    people, sessions, seed = day
    assert score(assign(people, sessions, seed=seed)) == brute_force(people, sessions)


@settings(max_examples=30, deadline=None)
@given(days(max_people=6, times="mxa"))
def test_the_relaxation_and_branch_and_bound_agree_on_small_days(day):
    people, sessions, seed = day
    fast = assign(people, sessions, seed=seed)
    plain = assign(people, sessions, seed=seed, relaxation_first=False)
    assert score(fast) == score(plain)


@settings(max_examples=12, deadline=None)
@given(
    st.integers(20, 90),
    st.integers(2, 5),
    st.integers(0, 2**16),
    st.data(),
)
def test_the_relaxation_and_branch_and_bound_agree_on_larger_days(
    count, ateliers, seed, data
):
    workshops = "ABCDE"[:ateliers]
    capacity = data.draw(st.integers(count // ateliers // 2, count // ateliers + 3))
    sessions = [
        Session(f"{w}{t}", w, *TIMES[t], capacity) for w in workshops for t in "ma"
    ]
    people = []
    for i in range(count):
        ranked = data.draw(st.permutations(workshops))[: min(3, ateliers)]
        people.append(Person(f"p{i}", {w: r for r, w in enumerate(ranked, 1)}))
    fast = assign(people, sessions, seed=seed)
    plain = assign(people, sessions, seed=seed, relaxation_first=False)
    assert score(fast) == score(plain)


def test_a_fractional_relaxation_is_repaired_to_an_optimum():
    """Three places pairwise exclusive: the relaxation takes half of each
    (-1.5); branch and bound on those people gives one place (-1), which is
    as good as an integer can be."""
    matrix = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=float)
    chosen = _from_relaxation(
        np.array([-1.0, -1.0, -1.0]), matrix, np.ones(3), np.array([0, 1, 2])
    )
    assert sum(chosen) == 1


@SETTINGS
@given(days(with_locks=False), st.data())
def test_contradictory_locks_are_refused_whole(day, data):
    people, sessions, seed = day
    one = data.draw(st.sampled_from(sessions))
    overlapping = [s for s in sessions if s is not one and s.overlaps(one)]
    if overlapping and data.draw(st.booleans()):
        other = data.draw(st.sampled_from(overlapping))
        people[0] = Person(people[0].key, locked=frozenset({one.key, other.key}))
        expected = (people[0].key, "overlap")
    else:
        capacity = one.capacity if one.capacity is not None else 0
        extra = [
            Person(f"lock{i}", locked=frozenset({one.key})) for i in range(capacity + 1)
        ]
        sessions = [
            Session(s.key, s.workshop, s.starts_at, s.ends_at, capacity)
            if s is one
            else s
            for s in sessions
        ]
        people = people + extra
        expected = (one.key, "over_capacity")
    with pytest.raises(AssignmentError) as error:
        assign(people, sessions, seed=seed)
    assert expected in error.value.problems


def test_more_people_than_seats_says_who_is_left_out_and_why():
    sessions = [
        Session(f"{w}{t}", w, *TIMES[t], 2) for w in "AB" for t in "ma"
    ]  # 4 seats in the morning, 4 in the afternoon
    people = [Person(f"p{i}", {"A": 1, "B": 2}) for i in range(6)]
    result = assign(people, sessions, seed=1)
    assert len(result.places) == 8
    left_out = {(u.person, u.sessions, u.reason) for u in result.unplaced}
    # 12 (person, time) places wanted, 8 seats: 4 missing, each named.
    assert len(left_out) == 4
    assert {reason for _, _, reason in left_out} == {FULL}
    assert [keys for _, keys, _ in sorted(left_out, key=lambda u: u[1])].count(
        ("Aa", "Ba")
    ) == 2
    for who, keys, _ in left_out:
        assert not any(p.person == who and p.session in keys for p in result.places)
