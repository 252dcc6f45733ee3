"""Who goes to which atelier: an exact optimum over every session of the day.

A pure core: plain dataclasses in, plain dataclasses out, no Django. The
problem is a 0-1 integer programme solved to optimality by HiGHS (through
``scipy.optimize.milp``):

- one variable per (person, session), 1 when the person sits in it;
- a person is in at most one session of an atelier (never the same atelier
  twice) and in at most one of the sessions running at any moment (never two
  places at once; for intervals, the sessions running at each start time are
  every clique of overlapping sessions);
- a session holds at most its capacity (None is unlimited);
- locked places (facilitators, rapporteurs) are fixed where they are, and
  take their seat; they may repeat their own atelier.

The objective is lexicographic: the most people holding at least one place
first (everyone it can), then the most places (a place is one person in one
session), then, among those, the least total cost of ranks: a 1st choice
costs 0, a 2nd 1, a 3rd 3, an atelier the person did not choose 10
(``RANK_COST``, ``UNCHOSEN_COST``; locked places are not counted).

The last two levels are one weighted sum, exactly: every place is worth more
than the cost of all the places anyone could hold. The first level costs
nothing on an ordinary day: when the weighted optimum already gives a place
to everyone who could hold one, no placement can do better on people. Only
otherwise is the most people that can be placed found (a programme with one
0-1 variable per person, at most the sum of their places), and the weighted
sum solved again among placements that reach it (see ``_solve_people_first``).
HiGHS solves the linear relaxation first; its optimum bounds the integer
one, and a 0-1 point as good as the bound is an optimum (a few fractional
people are placed again by branch and bound, see ``_from_relaxation``);
otherwise branch and bound on the whole programme.

A person should be somewhere in every group of overlapping sessions (a *time
of the day*); a group left empty is reported with its reason. The seed
shuffles the order in which the solver meets people, so one
seed always gives the same answer and two seeds may give two equally good
ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# What a place costs by the rank of its atelier in the person's choices.
RANK_COST = {1: 0, 2: 1, 3: 3}
UNCHOSEN_COST = 10

# Why a person has no place at some time of the day.
FULL = "full"  # every session at that time is full
ALREADY_THERE = "already_there"  # the others open are ateliers they attend anyway


class AssignmentError(ValueError):
    """Input the solver cannot honour (contradictory locks)."""

    def __init__(self, problems: list[tuple[str, str]]):
        # (person key, what is wrong): "overlap" or "over_capacity:<session>".
        self.problems = problems
        super().__init__(", ".join(f"{who}: {what}" for who, what in problems))


@dataclass(frozen=True)
class Session:
    key: str
    workshop: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = None

    def overlaps(self, other: Session) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True)
class Person:
    key: str
    # Atelier key -> rank (1, 2 or 3).
    choices: dict[str, int] = field(default_factory=dict)
    # Session keys where the person must stay.
    locked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Place:
    person: str
    session: str
    workshop: str
    rank: int | None  # None: an atelier the person did not choose
    locked: bool = False


@dataclass(frozen=True)
class Unplaced:
    person: str
    sessions: tuple[str, ...]  # the group of overlapping sessions left empty
    reason: str  # FULL or ALREADY_THERE


@dataclass
class Result:
    places: list[Place]
    unplaced: list[Unplaced]
    cost: int

    @property
    def figures(self) -> dict[str, int]:
        return figures(self.places, self.unplaced)


def figures(places: list[Place], unplaced: list[Unplaced]) -> dict[str, int]:
    """How many places went to a 1st, 2nd, 3rd choice, to none, how many
    places are missing (locked places are counted apart), and how many people
    hold no place at all."""
    ranks = [place.rank for place in places if not place.locked]
    nowhere = {m.person for m in unplaced} - {place.person for place in places}
    return {
        "first_choice": ranks.count(1),
        "second_choice": ranks.count(2),
        "third_choice": ranks.count(3),
        "no_choice": ranks.count(None),
        "locked": len(places) - len(ranks),
        "unplaced": len(unplaced),
        "without_place": len(nowhere),
    }


def place_cost(person: Person, session: Session) -> int:
    rank = person.choices.get(session.workshop)
    return RANK_COST.get(rank, UNCHOSEN_COST)


def time_groups(sessions: list[Session]) -> list[list[Session]]:
    """Sessions chained by overlaps: the times of the day a person fills."""
    groups: list[list[Session]] = []
    end = None
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.ends_at, s.key)):
        if end is None or session.starts_at >= end:
            groups.append([session])
            end = session.ends_at
        else:
            groups[-1].append(session)
            end = max(end, session.ends_at)
    return groups


def _cliques(sessions: list[Session]) -> list[list[Session]]:
    """Sessions running at each start time (every maximal overlapping set)."""
    cliques, seen = [], set()
    for session in sessions:
        running = tuple(
            other.key
            for other in sessions
            if other.starts_at <= session.starts_at < other.ends_at
        )
        if len(running) > 1 and running not in seen:
            seen.add(running)
            cliques.append([s for s in sessions if s.key in running])
    return cliques


def _most_places(sessions: list[Session]) -> int:
    """The most places one person can hold: sessions that never overlap (the
    earliest-ending first), one per atelier."""
    held, end = 0, None
    for session in sorted(sessions, key=lambda s: s.ends_at):
        if end is None or session.starts_at >= end:
            held, end = held + 1, session.ends_at
    return min(held, len({s.workshop for s in sessions}))


def _check_locks(people: list[Person], by_key: dict[str, Session]) -> None:
    problems = []
    held: dict[str, int] = {}
    for person in people:
        locked = [by_key[key] for key in sorted(person.locked)]
        if any(a.overlaps(b) for i, a in enumerate(locked) for b in locked[i + 1 :]):
            problems.append((person.key, "overlap"))
        for session in locked:
            held[session.key] = held.get(session.key, 0) + 1
    for key, count in sorted(held.items()):
        capacity = by_key[key].capacity
        if capacity is not None and count > capacity:
            problems.append((key, "over_capacity"))
    if problems:
        raise AssignmentError(problems)


def assign(
    people: list[Person],
    sessions: list[Session],
    *,
    seed: int | None = 0,
    relaxation_first: bool = True,
) -> Result:
    """The optimal places of ``people`` in ``sessions`` (see the module).

    ``relaxation_first=False`` skips the linear relaxation and goes straight
    to branch and bound (the tests compare both ways).
    """
    by_key = {session.key: session for session in sessions}
    _check_locks(people, by_key)
    order = sorted(people, key=lambda p: p.key)
    random.Random(seed).shuffle(order)
    sessions = sorted(sessions, key=lambda s: (s.starts_at, s.key))

    # Free variables: a person may sit in a session unless it clashes with a
    # place they are locked in, or it is an atelier they are locked in.
    variables: list[tuple[Person, Session]] = []
    for person in order:
        locked = [by_key[key] for key in person.locked]
        locked_workshops = {session.workshop for session in locked}
        for session in sessions:
            if session.workshop in locked_workshops or any(
                session.overlaps(other) for other in locked
            ):
                continue
            variables.append((person, session))

    free_places: list[Place] = []
    cost = 0
    if variables:
        chosen = _solve(variables, sessions, order, relaxation_first=relaxation_first)
        for (person, session), on in zip(variables, chosen, strict=True):
            if on:
                cost += place_cost(person, session)
                free_places.append(
                    Place(
                        person.key,
                        session.key,
                        session.workshop,
                        person.choices.get(session.workshop),
                    )
                )
    locked_places = [
        Place(
            person.key,
            key,
            by_key[key].workshop,
            person.choices.get(by_key[key].workshop),
            locked=True,
        )
        for person in order
        for key in sorted(person.locked)
    ]
    places = sorted(locked_places + free_places, key=lambda p: (p.person, p.session))
    return Result(
        places=places,
        unplaced=missing_places(order, sessions, places),
        cost=cost,
    )


def _solve(variables, sessions, people, *, relaxation_first=True) -> list[bool]:
    """The weighted optimum (most places, then least cost), then, if someone
    who could hold a place holds none, the people-first repair."""
    objective, rows, cols, upper = _programme(variables, sessions, people)
    count = len(variables)
    values = [1.0] * len(rows)
    number = {person.key: n for n, person in enumerate(people)}
    owner = np.array([number[person.key] for person, _ in variables])
    chosen = _optimum(
        objective, rows, cols, values, upper, count, owner, relaxation_first
    )
    # People with a free variable and no locked place: those who could be
    # placed and are not yet.
    could = sorted({number[p.key] for p, _ in variables if not p.locked})
    placed = {int(owner[i]) for i, on in enumerate(chosen) if on}
    if set(could) <= placed:
        return chosen
    return (
        _solve_people_first(
            objective, rows, cols, values, upper, owner, could, placed, relaxation_first
        )
        or chosen
    )


def _solve_people_first(
    objective, rows, cols, values, upper, owner, could, placed, relaxation_first
):
    """The weighted optimum among placements with the most people placed,
    or None when the weighted optimum already has them.

    One 0-1 variable per person who could be placed, 1 only when that person
    holds a place (at most the sum of their places); first the most such
    people, then the weighted sum with their number held at that most.
    """
    count = len(objective)
    rows, cols, values, upper = list(rows), list(cols), list(values), list(upper)
    for extra, person in enumerate(could):
        row = len(upper)
        rows.append(row)
        cols.append(count + extra)
        values.append(1.0)
        for index in np.flatnonzero(owner == person):
            rows.append(row)
            cols.append(int(index))
            values.append(-1.0)
        upper.append(0)
    total = count + len(could)
    owner = np.concatenate([owner, np.array(could)])
    people_only = np.concatenate([np.zeros(count), -np.ones(len(could))])
    chosen = _optimum(
        people_only, rows, cols, values, upper, total, owner, relaxation_first
    )
    most = sum(chosen[count:])
    if most <= len(placed & set(could)):
        return None
    row = len(upper)
    rows.extend([row] * len(could))
    cols.extend(range(count, total))
    values.extend([-1.0] * len(could))
    upper.append(-most)
    weighted = np.concatenate([objective, np.zeros(len(could))])
    chosen = _optimum(
        weighted, rows, cols, values, upper, total, owner, relaxation_first
    )
    return chosen[:count]


def _programme(variables, sessions, people):
    """The weighted objective and the rows (at most one place per atelier and
    per moment, capacities) of the programme over ``variables``."""
    # Placing one more person always beats any saving on ranks: a place is
    # worth more than the cost of the most places anyone could hold.
    reward = UNCHOSEN_COST * len(people) * _most_places(sessions) + 1
    objective = np.array([place_cost(p, s) - reward for p, s in variables], dtype=float)
    rows, cols, upper = [], [], []

    def add_row(indices, bound):
        row = len(upper)
        rows.extend([row] * len(indices))
        cols.extend(indices)
        upper.append(bound)

    index_of = {}
    for index, (person, session) in enumerate(variables):
        index_of[person.key, session.key] = index
    cliques = _cliques(sessions)
    workshops = sorted({s.workshop for s in sessions})
    for person in people:
        for workshop in workshops:
            indices = [
                index_of[person.key, s.key]
                for s in sessions
                if s.workshop == workshop and (person.key, s.key) in index_of
            ]
            if len(indices) > 1:
                add_row(indices, 1)
        for clique in cliques:
            indices = [
                index_of[person.key, s.key]
                for s in clique
                if (person.key, s.key) in index_of
            ]
            if len(indices) > 1:
                add_row(indices, 1)
    locked_in: dict[str, int] = {}
    for person in people:
        for key in person.locked:
            locked_in[key] = locked_in.get(key, 0) + 1
    for session in sessions:
        if session.capacity is None:
            continue
        indices = [
            index_of[p.key, session.key]
            for p in people
            if (p.key, session.key) in index_of
        ]
        add_row(indices, session.capacity - locked_in.get(session.key, 0))
    return objective, rows, cols, upper


def _optimum(
    objective, rows, cols, values, upper, count, owner, relaxation_first
) -> list[bool]:
    """A 0-1 optimum of ``objective`` under rows ``<= upper``."""
    constraints = []
    if upper:
        matrix = coo_array(
            (np.array(values, dtype=float), (rows, cols)), shape=(len(upper), count)
        ).tocsr()
        constraints.append(LinearConstraint(matrix, -np.inf, np.array(upper)))
    if relaxation_first and upper:
        chosen = _from_relaxation(objective, matrix, np.array(upper, float), owner)
        if chosen is not None:
            return chosen
    outcome = milp(
        objective,
        constraints=constraints,
        integrality=np.ones(count),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0},
    )
    if outcome.x is None:  # pragma: no cover - the empty placement is feasible
        raise AssignmentError([("*", outcome.message)])
    return [value > 0.5 for value in outcome.x]


def _from_relaxation(objective, matrix, upper, owner) -> list[bool] | None:
    """An optimum through the linear relaxation, or None to branch and bound.

    The relaxation's optimum bounds the integer programme's. When it is a 0-1
    point, it is the answer. When a few variables are fractional (several
    equally good placements mixed), the people they belong to are placed
    again by branch and bound in the seats the others leave, everyone else
    staying where the relaxation put them. Either way the 0-1 point returned
    is feasible and its objective equals the bound, so it is an optimum of
    the integer programme; if the repair falls short of the bound, None.
    """
    relaxed = milp(
        objective,
        constraints=[LinearConstraint(matrix, -np.inf, upper)],
        bounds=Bounds(0, 1),
    )
    if relaxed.x is None:  # pragma: no cover - the empty placement is feasible
        return None
    chosen = np.round(relaxed.x)
    fractional = np.abs(relaxed.x - chosen) > 1e-6
    if fractional.any():
        free = np.isin(owner, owner[fractional])
        fixed = ~free
        rest = upper - matrix[:, fixed] @ chosen[fixed]
        sub = matrix[:, free]
        repaired = milp(
            objective[free],
            constraints=[LinearConstraint(sub, -np.inf, rest)],
            integrality=np.ones(int(free.sum())),
            bounds=Bounds(0, 1),
            options={"mip_rel_gap": 0},
        )
        if repaired.x is None:  # pragma: no cover - nobody placed is feasible
            return None
        chosen[free] = np.round(repaired.x)
    if np.any(matrix @ chosen > upper) or objective @ chosen > relaxed.fun + 0.5:
        return None
    return [bool(value) for value in chosen > 0.5]


def missing_places(
    people: list[Person], sessions: list[Session], places: list[Place]
) -> list[Unplaced]:
    """The times of the day a person has no place in, and why.

    Time groups never overlap one another, so an empty group is either full
    or open only in ateliers the person already attends.
    """
    taken: dict[str, int] = {}
    mine: dict[str, set[str]] = {}
    for place in places:
        taken[place.session] = taken.get(place.session, 0) + 1
        mine.setdefault(place.person, set()).add(place.session)
    result = []
    for group in time_groups(sessions):
        keys = tuple(sorted(session.key for session in group))
        open_here = [
            s for s in group if s.capacity is None or taken.get(s.key, 0) < s.capacity
        ]
        for person in sorted(people, key=lambda p: p.key):
            if mine.get(person.key, set()).intersection(keys):
                continue
            result.append(
                Unplaced(person.key, keys, ALREADY_THERE if open_here else FULL)
            )
    return result
