"""Tables and groups that mix people, over one round or several.

A pure core (``seat``: plain ``Person`` records in, a ``Plan`` out, no
Django) and a thin adapter (``plan_tables``) that reads an event's confirmed
registrations and returns the ``plan_tables`` command's JSON.

What a plan aims for, in this order (each goal never traded for a later one):

1. **Same-organisation pairs** in each round: people of one organisation are
   dealt round the tables like cards, largest organisations first, going on
   from the table where the previous one stopped. Each organisation is then
   spread as evenly as possible and, without locks, the count reaches
   ``lower_bound`` (the even spread) in every round.
2. **Repeated pairs** over the rounds (the social golfer problem): two
   people who already sat together in an earlier round and meet again.
3. **Balance** of statuses (bénévole, salarié·e, élu·e…) and of kinds of
   organisation: at each table a category's count stays near its even share
   (its whole count × table size ÷ people).

Tables: ``ceil(people / size)`` of them, their sizes differing by at most
one (locked people may make a table larger, never above ``size``). A person
locked at a table in a round stays there.

The search: each round is dealt as above (the order of organisations of
equal size and of the people inside one is shuffled by the seed, a new order
each round), then a local search swaps two unlocked people of one round at
different tables whenever the swap lowers the goals above in that order.
It looks at the people in trouble (a colleague, someone met before or a
category above its share at their table) and tries partners drawn by the
seed, 16, then 64, then 256 of them, and stops when a whole pass with 256
finds nothing, or after ``max_evaluations`` swaps tried. Then, while some
pairs meet again above their lower bound, a tabu search (``escape``) looks
at every person sitting with someone met before, in every round, and makes
the best swap of one of them with someone of another table of that round,
even when it costs (never adding a same-organisation pair; equal swaps drawn
by the seed); a person may not go back to a table they left for 5 to 14
steps; after 1,000 steps without a better plan it starts again from the best
plan shaken by 6 random swaps, and after 3,000 steps or 400,000 swaps tried
without a better plan it stops. It has its own budget of swaps tried
(``ESCAPE_EVALUATIONS``, spent only while repeats are above the bound), keeps
the best plan seen, and a last descent tidies the balance.

The baseline, the round-robin over several rounds (``_rotation``): person
``i`` (in input order) at table ``(i + k × (i // tables)) mod tables`` in
round ``k`` (from 0), so round 1 is the plain round-robin ``i mod tables``
and each later round shifts its rows. It *honours the locks* when every
locked person sits there at their locked table. Whenever it does (always
without locks), the plan is never worse than it on either figure of the
day, same-organisation pairs and repeated pairs: it is also a starting
point of the search (when better in the order above), and if the searched
plan still has more of either figure, the plan returned is a descent from
the rotation that accepts only swaps adding neither a same-organisation
pair nor a repeated pair (so it may then stay above the same-organisation
lower bound). The plain round-robin repeated every round seats the same
tables again, so no plan of these table sizes has more repeated pairs.
One seed always gives the same plan (``time_budget``, off by default,
trades that for a deadline).

Every figure is counted again from the final tables.

Lower bound of repeated pairs (for tables of the plan's sizes). Let ``n`` be
the number of people, ``P_k`` the number of pairs seated together in round
``k`` (the sum of ``C(s, 2)`` over its table sizes ``s``, whoever sits
where) and ``m_k`` the smallest table of round ``k`` less one (the fewest
people anyone meets in that round). A pair meeting ``c`` times counts
``c - 1`` repeats. Then:

- over the day, at most ``C(n, 2)`` pair-meetings can be first meetings, so
  repeats ≥ ``sum(P_k) - C(n, 2)``;
- one person meets at least ``sum(m_k)`` times, among ``n - 1`` others, so
  has at least ``sum(m_k) - (n - 1)`` repeated meetings; each repeat is
  counted by its two people: repeats ≥ ``ceil(n × (sum(m_k) - (n - 1)) / 2)``;
- in round ``k`` alone, the pairs met earlier are at least ``max(P_j, j <
  k)`` (the pairs of one round are distinct), so at most ``C(n, 2)`` minus
  that can be new: repeats in round ``k`` ≥ ``P_k - C(n, 2) + max(P_j)``;
  and per person, ``m_k - (n - 1 - max(m_j))``, halved over the ``n``.

A round's ``repeated_pairs_lower_bound`` is the larger of its two round
bounds (0 in the first round); the day's is the largest of the two day
bounds and the sum of the round bounds (each ≥ 0).
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from math import ceil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the core runs without Django; only the adapter uses it
    from events.models import Event

SAMPLES = (16, 64, 256)
ESCAPE_EVALUATIONS = 1_500_000  # the tabu search's own budget of swaps tried
STAGNATION = 1_000  # tabu steps without a better plan before a fresh start
GIVE_UP = 3 * STAGNATION  # tabu steps without a better plan before stopping
GIVE_UP_SWAPS = 400_000  # or swaps tried without a better plan
SHAKES = 6  # random swaps of that fresh start


class TablePlanError(ValueError):
    """Input no plan can honour; ``code`` says what, ``params`` the details.

    Codes: ``size_too_small`` (below 2), ``size_too_large`` (above the group),
    ``no_people``, ``duplicate_id`` (two people with one id), ``rounds_too_small`` (below 1), ``lock_round`` (a lock on
    a round that does not exist), ``lock_table`` (a lock on a table number
    that does not exist), ``lock_overfull`` (more people locked at a table in
    a round than it seats).
    """

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value}" for key, value in params.items())
        super().__init__(f"{code}: {details}" if details else code)


@dataclass
class Person:
    """One person to seat.

    ``organisation``: the key of the organisation they come from, ``None``
    when they are kept apart from nobody. ``locks``: round number (from 1)
    -> table number (from 1) where they must sit.
    """

    id: Hashable
    name: str
    organisation: Hashable | None = None
    organisation_label: str = ""
    status: str = ""
    kind: str = ""
    locks: Mapping[int, int] = field(default_factory=dict)


@dataclass
class Round:
    number: int
    tables: list[list[Person]]  # tables[t - 1]: the people of table number t
    figures: dict


@dataclass
class Plan:
    rounds: list[Round]
    figures: dict  # the day's totals


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def lower_bound(group_sizes: Iterable[int], tables: int) -> int:
    """Fewest same-organisation pairs any seating on ``tables`` tables can have."""
    total = 0
    for size in group_sizes:
        per_table, extra = divmod(size, tables)
        total += extra * _pairs(per_table + 1) + (tables - extra) * _pairs(per_table)
    return total


def repeated_pairs_lower_bounds(
    people: int, round_sizes: list[list[int]]
) -> tuple[list[int], int]:
    """Fewest repeated pairs per round, and over the day (module docstring).

    ``round_sizes[k]`` lists the table sizes of round ``k + 1``.
    """
    n = people
    all_pairs = _pairs(n)
    per_round: list[int] = []
    best_pairs = best_met = 0
    met_total = pair_total = 0
    for k, sizes in enumerate(round_sizes):
        pairs = sum(_pairs(s) for s in sizes)
        meets = min(sizes) - 1 if sizes else 0
        if k == 0:
            per_round.append(0)
        else:
            by_pairs = pairs - all_pairs + best_pairs
            by_person = ceil(n * (meets - (n - 1 - best_met)) / 2)
            per_round.append(max(0, by_pairs, by_person))
        best_pairs = max(best_pairs, pairs)
        best_met = max(best_met, meets)
        pair_total += pairs
        met_total += meets
    day = max(
        0,
        pair_total - all_pairs,
        ceil(n * (met_total - (n - 1)) / 2),
        sum(per_round),
    )
    return per_round, day


def _capacities(count: int, tables: int, locked: list[int], size: int) -> list[int]:
    """Table sizes: at least the locked people, as even as possible (water filling)."""
    sizes = list(locked)
    heap = [(s, t) for t, s in enumerate(sizes)]
    heapq.heapify(heap)
    for _ in range(count - sum(sizes)):
        s, t = heapq.heappop(heap)
        sizes[t] = s + 1
        heapq.heappush(heap, (s + 1, t))
    assert max(sizes, default=0) <= size  # noqa: S101 - guaranteed by the checks
    return sizes


class _Search:
    """The incremental state of the local search (indices, not records)."""

    def __init__(self, people, org, status, kind, movable, seatings, tables, rng):
        self.n = len(people)
        self.org, self.status, self.kind = org, status, kind
        self.movable = movable  # movable[k]: unlocked people of round k
        self.rng = rng
        self.rounds = len(seatings)
        self.tables = tables
        self.org_total: dict[int, int] = {}
        for o in org:
            self.org_total[o] = self.org_total.get(o, 0) + 1
        self.cat_total: dict[tuple[str, int], int] = {}
        for axis, values in (("s", status), ("k", kind)):
            for v in values:
                if v >= 0:
                    self.cat_total[axis, v] = self.cat_total.get((axis, v), 0) + 1
        self._load(seatings)

    def _load(self, seatings) -> None:
        org = self.org
        self.where = [list(s) for s in seatings]
        self.members: list[list[list[int]]] = []
        self.org_count: list[list[dict[int, int]]] = []
        self.cat_count: list[list[dict[tuple[str, int], int]]] = []
        self.met: list[dict[int, int]] = [{} for _ in range(self.n)]
        for seating in self.where:
            members = [[] for _ in range(self.tables)]
            for p, t in enumerate(seating):
                members[t].append(p)
            orgs = [{} for _ in range(self.tables)]
            cats = [{} for _ in range(self.tables)]
            for t, group in enumerate(members):
                for p in group:
                    orgs[t][org[p]] = orgs[t].get(org[p], 0) + 1
                    for key in self._cats(p):
                        cats[t][key] = cats[t].get(key, 0) + 1
                    for q in group:
                        if q != p:
                            self.met[p][q] = self.met[p].get(q, 0) + 1
            self.members.append(members)
            self.org_count.append(orgs)
            self.cat_count.append(cats)

    def _cats(self, p):
        keys = []
        if self.status[p] >= 0:
            keys.append(("s", self.status[p]))
        if self.kind[p] >= 0:
            keys.append(("k", self.kind[p]))
        return keys

    # -- costs -----------------------------------------------------------
    def _over(self, k, t, key, count):
        """Is ``count`` of category ``key`` half a person or more above its share?"""
        size = len(self.members[k][t])
        return 2 * (self.n * count - self.cat_total[key] * size) >= self.n

    def in_trouble(self, k, p) -> bool:
        t = self.where[k][p]
        o = self.org[p]
        if self.org_count[k][t][o] > ceil(self.org_total[o] / self.tables):
            return True
        met = self.met[p]
        for q in self.members[k][t]:
            if q != p and met[q] >= 2:
                return True
        cats = self.cat_count[k][t]
        return any(self._over(k, t, key, cats[key]) for key in self._cats(p))

    def _cat_move(self, k, key, a, b):
        """Balance change (× 1/n) when one of ``key`` leaves table a for b."""
        n, total = self.n, self.cat_total[key]
        xa = self.cat_count[k][a].get(key, 0)
        xb = self.cat_count[k][b].get(key, 0)
        sa, sb = len(self.members[k][a]), len(self.members[k][b])
        return (-2 * (n * xa - total * sa) + n) + (2 * (n * xb - total * sb) + n)

    def delta(self, k, p, q) -> tuple[int, int, int]:
        """Change of (same-organisation, repeated, balance) if p and q swap."""
        a, b = self.where[k][p], self.where[k][q]
        op, oq = self.org[p], self.org[q]
        d_org = 0
        if op != oq:
            oa, ob = self.org_count[k][a], self.org_count[k][b]
            d_org = ob.get(op, 0) - (oa[op] - 1) + oa.get(oq, 0) - (ob[oq] - 1)
            if d_org > 0:
                return (d_org, 0, 0)
        met_p, met_q = self.met[p], self.met[q]
        d_rep = 0
        for x in self.members[k][a]:
            if x != p:
                d_rep += (met_q.get(x, 0) >= 1) - (met_p[x] >= 2)
        for x in self.members[k][b]:
            if x != q:
                d_rep += (met_p.get(x, 0) >= 1) - (met_q[x] >= 2)
        if d_org == 0 and d_rep > 0:
            return (0, d_rep, 0)
        d_bal = 0
        for axis, values in (("s", self.status), ("k", self.kind)):
            vp, vq = values[p], values[q]
            if vp == vq:
                continue
            if vp >= 0:
                d_bal += self._cat_move(k, (axis, vp), a, b)
            if vq >= 0:
                d_bal += self._cat_move(k, (axis, vq), b, a)
        return (d_org, d_rep, d_bal)

    def swap(self, k, p, q) -> None:
        a, b = self.where[k][p], self.where[k][q]
        members = self.members[k]
        for x in members[a]:
            if x != p:
                self._meet(p, x, -1)
                self._meet(q, x, +1)
        for x in members[b]:
            if x != q:
                self._meet(q, x, -1)
                self._meet(p, x, +1)
        members[a][members[a].index(p)] = q
        members[b][members[b].index(q)] = p
        self.where[k][p], self.where[k][q] = b, a
        for who, old, new in ((p, a, b), (q, b, a)):
            orgs_old, orgs_new = self.org_count[k][old], self.org_count[k][new]
            orgs_old[self.org[who]] -= 1
            orgs_new[self.org[who]] = orgs_new.get(self.org[who], 0) + 1
            cats_old, cats_new = self.cat_count[k][old], self.cat_count[k][new]
            for key in self._cats(who):
                cats_old[key] -= 1
                cats_new[key] = cats_new.get(key, 0) + 1

    def _meet(self, p, x, step):
        self.met[p][x] = self.met[p].get(x, 0) + step
        self.met[x][p] = self.met[x].get(p, 0) + step

    # -- the search ----------------------------------------------------------
    def _spent(self) -> bool:
        if self.evaluations >= self.max_evaluations:
            return True
        return self.deadline is not None and time.monotonic() > self.deadline

    def _best_partner(self, k, p, partners, pareto=False):
        """The partner whose swap with p changes the costs least (and that change).

        ``pareto``: only swaps that add neither a same-organisation pair nor
        a repeated pair.
        """
        best, best_q = None, None
        t = self.where[k][p]
        for q in partners:
            if self.where[k][q] == t:
                continue
            self.evaluations += 1
            d = self.delta(k, p, q)
            if d[0] > 0 or (pareto and d[1] > 0):
                continue
            if best is None or d < best:
                best, best_q = d, q
        return best, best_q

    def descend(self, pareto=False) -> None:
        """Swap while a swap lowers the costs, with more partners when stuck.

        ``pareto``: a swap never adds a same-organisation pair nor a
        repeated pair (it lowers one of them, or the balance).
        """
        level = 0
        while level < len(SAMPLES):
            samples = SAMPLES[level]
            improved = False
            for k in range(self.rounds):
                movable = self.movable[k]
                if len(movable) < 2:
                    continue
                troubled = [p for p in movable if self.in_trouble(k, p)]
                self.rng.shuffle(troubled)
                for p in troubled:
                    if self._spent():
                        return
                    if not self.in_trouble(k, p):
                        continue
                    if samples >= len(movable):
                        partners = movable
                    else:
                        partners = self.rng.sample(movable, samples)
                    best, best_q = self._best_partner(k, p, partners, pareto)
                    if best_q is not None and best < (0, 0, 0):
                        self.swap(k, p, best_q)
                        improved = True
            if improved:
                level = 0
            else:
                if samples >= max((len(m) for m in self.movable), default=0):
                    break
                level += 1

    def _repeating(self, k) -> list[int]:
        """Movable people of round k sitting with someone they met before."""
        found = []
        for p in self.movable[k]:
            met = self.met[p]
            t = self.where[k][p]
            if any(q != p and met[q] >= 2 for q in self.members[k][t]):
                found.append(p)
        return found

    def escape(self, floor: int, budget: int) -> None:
        """Tabu search on repeated pairs, once no swap helps any more.

        Each step looks at the people sitting with someone met before, in
        every round (a sample of them in large plans), and makes the best
        swap of one of them with someone of another table of that round,
        even a bad one, never adding a same-organisation pair; among equal
        swaps the seed draws. A person may not go back to a table they left
        for a few steps (drawn by the seed), unless that gives the best plan
        seen so far. After ``STAGNATION`` steps without a better plan, the
        search starts again from the best plan, shaken by a few random
        swaps. It stops at ``floor``, after ``budget`` swaps tried, after
        ``GIVE_UP`` steps or ``GIVE_UP_SWAPS`` swaps without a better plan
        (a plan whose bound cannot be reached would otherwise spend the
        whole budget), or at the deadline; the best plan seen is kept.
        """
        cost = _cost(self)[:2]
        best_cost, best_where = cost, [list(w) for w in self.where]
        tabu: dict[tuple[int, int, int], int] = {}
        iteration = since_best = stale = 0
        stop_at = self.evaluations + budget
        better_at = self.evaluations
        cap = 4 * SAMPLES[-1] * max(1, self.rounds)  # swaps looked at per step
        while (
            cost[1] > floor
            and self.evaluations < stop_at
            and not (self.deadline is not None and time.monotonic() > self.deadline)
        ):
            iteration += 1
            stale += 1
            if stale > GIVE_UP or self.evaluations - better_at > GIVE_UP_SWAPS:
                break
            self.evaluations += 1  # a step costs something even with no partner
            troubled = [(k, p) for k in range(self.rounds) for p in self._repeating(k)]
            if not troubled:
                break
            width = max(len(m) for m in self.movable)
            if len(troubled) * width > cap:
                troubled = self.rng.sample(troubled, max(1, cap // width))
            best = best_move = None
            ties = 0
            for k, p in troubled:
                movable = self.movable[k]
                if len(movable) > SAMPLES[-1]:
                    partners = self.rng.sample(movable, SAMPLES[-1])
                else:
                    partners = movable
                where = self.where[k]
                a = where[p]
                for q in partners:
                    b = where[q]
                    if a == b:
                        continue
                    self.evaluations += 1
                    d = self.delta(k, p, q)[:2]
                    if d[0] > 0 or (best is not None and d > best):
                        continue
                    if (
                        tabu.get((k, p, b), 0) >= iteration
                        or tabu.get((k, q, a), 0) >= iteration
                    ) and (cost[0] + d[0], cost[1] + d[1]) >= best_cost:
                        continue
                    if best is None or d < best:
                        best, best_move, ties = d, (k, p, q), 1
                    else:  # an equal swap: the seed draws among them
                        ties += 1
                        if self.rng.randrange(ties) == 0:
                            best_move = (k, p, q)
            since_best += 1
            if best_move is not None:
                k, p, q = best_move
                a, b = self.where[k][p], self.where[k][q]
                self.swap(k, p, q)
                cost = (cost[0] + best[0], cost[1] + best[1])
                tabu[k, p, a] = iteration + 5 + self.rng.randrange(10)
                tabu[k, q, b] = iteration + 5 + self.rng.randrange(10)
                if cost < best_cost:
                    best_cost, best_where = cost, [list(w) for w in self.where]
                    since_best = stale = 0
                    better_at = self.evaluations
            if since_best >= STAGNATION or best_move is None:
                self._load([list(w) for w in best_where])
                self._shake()
                cost = _cost(self)[:2]
                tabu.clear()
                since_best = 0
        if best_where != self.where:
            self._load(best_where)

    def _shake(self) -> None:
        """A few random swaps that add no same-organisation pair."""
        for _ in range(SHAKES):
            k = self.rng.randrange(self.rounds)
            movable = self.movable[k]
            if len(movable) < 2:
                continue
            p, q = self.rng.sample(movable, 2)
            self.evaluations += 1
            if self.where[k][p] != self.where[k][q] and self.delta(k, p, q)[0] <= 0:
                self.swap(k, p, q)

    def run(
        self, max_evaluations: int, deadline: float | None, floor: int, escape: int
    ) -> int:
        """Descend, escape the local optimum on repeated pairs, descend again.

        ``floor``: the repeated pairs' lower bound (no need to search below);
        ``escape``: the tabu search's own budget of swaps tried, spent only
        while pairs meet again above the floor.
        """
        self.evaluations = 0
        self.max_evaluations, self.deadline = max_evaluations, deadline
        self.descend()
        if self.rounds > 1:
            spent = self.evaluations
            self.escape(floor, escape)
            self.max_evaluations += self.evaluations - spent  # not the descent's
            self.descend()
        return self.evaluations


def _deal(people, org, locked_at, capacities, tables, rng, k):
    """One round: locked people at their tables, the others dealt like cards."""
    seating = [-1] * len(people)
    remaining = list(capacities)
    org_at: list[dict[int, int]] = [{} for _ in range(tables)]
    groups: dict[int, list[int]] = {}
    for p in range(len(people)):
        t = locked_at[p].get(k)
        if t is not None:
            seating[p] = t
            remaining[t] -= 1
            org_at[t][org[p]] = org_at[t].get(org[p], 0) + 1
        else:
            groups.setdefault(org[p], []).append(p)
    ordered = list(groups.values())
    for members in ordered:
        rng.shuffle(members)
    rng.shuffle(ordered)
    ordered.sort(key=len, reverse=True)  # stable: ties keep the seeded order
    cursor = 0
    for members in ordered:
        o = org[members[0]]
        for p in members:
            t = cursor % tables
            if remaining[t] == 0 or org_at[t].get(o, 0) > 0:
                # the next table with a seat and the fewest colleagues
                best = None
                for step in range(tables):
                    u = (cursor + step) % tables
                    if remaining[u] == 0:
                        continue
                    count = org_at[u].get(o, 0)
                    if best is None or count < best[0]:
                        best = (count, u)
                        if count == 0:
                            break
                t = best[1]
            seating[p] = t
            remaining[t] -= 1
            org_at[t][o] = org_at[t].get(o, 0) + 1
            cursor = t + 1
    return seating


def _rotation(count: int, tables: int, rounds: int) -> list[list[int]]:
    """Person i at table (i + k × (i // tables)) mod tables in round k."""
    return [
        [(i + k * (i // tables)) % tables for i in range(count)] for k in range(rounds)
    ]


def _cost(search: _Search) -> tuple[int, int, int]:
    """(same-organisation pairs, repeated pairs, balance) of a whole plan."""
    same = repeated = balance = 0
    n = search.n
    for k in range(search.rounds):
        for t in range(search.tables):
            same += sum(_pairs(c) for c in search.org_count[k][t].values())
            size = len(search.members[k][t])
            for key, total in search.cat_total.items():
                x = search.cat_count[k][t].get(key, 0)
                balance += (n * x - total * size) ** 2
    for p in range(n):
        repeated += sum(c - 1 for c in search.met[p].values() if c > 1)
    return (same, repeated // 2, balance // max(n, 1))


def _deviation(tables: list[list[Person]], attribute: str, n: int):
    """Largest distance of a category's count at a table from its even share,
    and the least that distance can be (shares are rarely whole numbers)."""
    totals: dict[str, int] = {}
    for group in tables:
        for person in group:
            value = getattr(person, attribute)
            if value:
                totals[value] = totals.get(value, 0) + 1
    worst = bound = 0.0
    for group in tables:
        counts: dict[str, int] = {}
        for person in group:
            value = getattr(person, attribute)
            if value:
                counts[value] = counts.get(value, 0) + 1
        for value, total in totals.items():
            share = total * len(group) / n
            worst = max(worst, abs(counts.get(value, 0) - share))
            fraction = share - int(share)
            bound = max(bound, min(fraction, 1 - fraction))
    return round(worst, 2), round(bound, 2)


def _figures(tables: list[list[Person]], seen: set, size: int, seed) -> dict:
    """Count a round's figures from its tables; ``seen`` holds earlier pairs."""
    n = sum(len(g) for g in tables)
    same = repeated = 0
    org_sizes: dict[Hashable, int] = {}
    for group in tables:
        counts: dict[Hashable, int] = {}
        for person in group:
            if person.organisation is not None:
                counts[person.organisation] = counts.get(person.organisation, 0) + 1
                org_sizes[person.organisation] = (
                    org_sizes.get(person.organisation, 0) + 1
                )
        same += sum(_pairs(c) for c in counts.values())
    for group in tables:
        ids = [person.id for person in group]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pair = frozenset((a, b))
                if pair in seen:
                    repeated += 1
                else:
                    seen.add(pair)
    status, status_bound = _deviation(tables, "status", n)
    kind, kind_bound = _deviation(tables, "kind", n)
    organisations = list(org_sizes.values())
    return {
        "people": n,
        "tables": len(tables),
        "table_size": size,
        "organisations": len(organisations),
        "same_organisation_pairs": same,
        "lower_bound": lower_bound(organisations, len(tables)) if tables else 0,
        "status_deviation": status,
        "status_deviation_lower_bound": status_bound,
        "kind_deviation": kind,
        "kind_deviation_lower_bound": kind_bound,
        "seed": seed,
        "_repeated": repeated,
    }


def seat(
    people: list[Person],
    *,
    size: int,
    rounds: int = 1,
    seed: int | None = None,
    max_evaluations: int | None = None,
    time_budget: float | None = None,
) -> Plan:
    """Seat ``people`` at tables of at most ``size``, ``rounds`` times.

    Raises ``TablePlanError`` for a size below 2 or above the group, fewer
    than one round, or contradictory locks.
    """
    n = len(people)
    if size < 2:
        raise TablePlanError("size_too_small", size=size)
    if n == 0:
        raise TablePlanError("no_people")
    if size > n:
        raise TablePlanError("size_too_large", size=size, people=n)
    if rounds < 1:
        raise TablePlanError("rounds_too_small", rounds=rounds)
    if len({person.id for person in people}) < n:
        raise TablePlanError("duplicate_id")
    tables = ceil(n / size)
    locked_at: list[dict[int, int]] = []
    locked_count = [[0] * tables for _ in range(rounds)]
    for person in people:
        locks = {}
        for number, table in dict(person.locks).items():
            if not 1 <= number <= rounds:
                raise TablePlanError(
                    "lock_round", person=person.name, round=number, rounds=rounds
                )
            if not 1 <= table <= tables:
                raise TablePlanError(
                    "lock_table", person=person.name, table=table, tables=tables
                )
            locks[number - 1] = table - 1
            locked_count[number - 1][table - 1] += 1
        locked_at.append(locks)
    for k, counts in enumerate(locked_count):
        for t, count in enumerate(counts):
            if count > size:
                raise TablePlanError(
                    "lock_overfull", round=k + 1, table=t + 1, locked=count, size=size
                )

    def index(values: Iterable) -> list[int]:
        keys: dict[Hashable, int] = {}
        return [keys.setdefault(v, len(keys)) if v else -1 for v in values]

    org_keys: dict[Hashable, int] = {}
    org = []
    for p, person in enumerate(people):
        key = ("o", person.organisation) if person.organisation is not None else p
        org.append(org_keys.setdefault(key, len(org_keys)))
    status = index(person.status for person in people)
    kind = index(person.kind for person in people)

    rng = random.Random(seed)
    seatings = []
    for k in range(rounds):
        capacities = _capacities(n, tables, locked_count[k], size)
        seatings.append(_deal(people, org, locked_at, capacities, tables, rng, k))
    movable = [[p for p in range(n) if k not in locked_at[p]] for k in range(rounds)]

    def start(seatings) -> _Search:
        return _Search(people, org, status, kind, movable, seatings, tables, rng)

    search = start(seatings)
    rotation = _rotation(n, tables, rounds)
    honoured = all(
        rotation[k][p] == t
        for p, locks in enumerate(locked_at)
        for k, t in locks.items()
    )
    if rounds > 1 and honoured:
        rotated = start(rotation)
        if _cost(rotated) < _cost(search):
            search = rotated
    escape = ESCAPE_EVALUATIONS if max_evaluations is None else max_evaluations
    if max_evaluations is None:
        max_evaluations = 25 * n * rounds + 50_000
    deadline = None if time_budget is None else time.monotonic() + time_budget
    sizes = [[len(members) for members in search.members[k]] for k in range(rounds)]
    per_round, day = repeated_pairs_lower_bounds(n, sizes)
    evaluations = search.run(max_evaluations, deadline, day, escape)
    if honoured:
        # never worse than the rotation on either figure: else a descent
        # from the rotation that never worsens either
        ours, theirs = _cost(search)[:2], _cost(start(rotation))[:2]
        if ours[0] > theirs[0] or ours[1] > theirs[1]:
            search = start(rotation)
            search.evaluations = 0
            search.max_evaluations = max_evaluations
            search.deadline = None
            search.descend(pareto=True)
            evaluations += search.evaluations
            sizes = [[len(m) for m in search.members[k]] for k in range(rounds)]
            per_round, day = repeated_pairs_lower_bounds(n, sizes)

    seen: set = set()
    plan_rounds = []
    for k in range(rounds):
        groups = [[people[p] for p in members] for members in search.members[k]]
        for group in groups:
            group.sort(key=lambda person: (person.name, repr(person.id)))
        plan_rounds.append(Round(k + 1, groups, _figures(groups, seen, size, seed)))
    for r, bound in zip(plan_rounds, per_round, strict=True):
        r.figures["repeated_pairs"] = r.figures.pop("_repeated")
        r.figures["repeated_pairs_lower_bound"] = bound
    return Plan(
        rounds=plan_rounds,
        figures={
            "rounds": rounds,
            "same_organisation_pairs": sum(
                r.figures["same_organisation_pairs"] for r in plan_rounds
            ),
            "lower_bound": sum(r.figures["lower_bound"] for r in plan_rounds),
            "repeated_pairs": sum(r.figures["repeated_pairs"] for r in plan_rounds),
            "repeated_pairs_lower_bound": day,
            "swaps_tried": evaluations,
        },
    )


# -- the Django adapter ------------------------------------------------------


def people_of(
    event: Event,
    locks: Mapping[int, Mapping[int, int]] | None = None,
    *,
    rounds: int | None = None,
):
    """The event's confirmed registrants as ``Person`` records (id: the pk).

    ``locks`` maps a registration pk to its {round: table} locks. With
    ``rounds``, the pins stored for the event (``tablelocks``) in rounds up
    to ``rounds`` come first, ``locks`` adding to or overriding them.
    """
    if rounds is not None:
        from .tablelocks import stored_locks

        merged = stored_locks(event, rounds)
        for pk, extra in (locks or {}).items():
            merged.setdefault(pk, {}).update(extra)
        locks = merged
    registrations = event.registrations.confirmed().select_related("organisation")
    people = []
    for registration in registrations.order_by("pk"):
        label = registration.organisation_label.strip()
        if registration.organisation_id:
            key = f"id:{registration.organisation_id}"
            kind = registration.organisation.kind
        elif label:
            key, kind = f"name:{label.casefold()}", ""
        else:
            key, kind = None, ""  # nobody to be kept apart from
        people.append(
            Person(
                id=registration.pk,
                name=registration.full_name,
                organisation=key,
                organisation_label=label,
                status=str(registration.get_status_display()),
                kind=kind,
                locks=dict((locks or {}).get(registration.pk, {})),
            )
        )
    return people


def _tables_json(tables: list[list[Person]]) -> list[dict]:
    return [
        {
            "number": number,
            "people": [
                {
                    "name": person.name,
                    "organisation": person.organisation_label,
                    "status": person.status,
                }
                for person in group
            ],
        }
        for number, group in enumerate(tables, start=1)
    ]


def plan_tables(
    *,
    event: Event,
    size: int,
    seed: int | None = None,
    rounds: int | None = None,
    locks: Mapping[int, Mapping[int, int]] | None = None,
) -> dict:
    """Seat the event's confirmed registrants at tables of at most ``size``.

    Returns the ``plan_tables`` command's JSON: ``{"tables": [...],
    "figures": {...}}`` for the first round, and with ``rounds``, also
    ``"rounds": [{"number", "tables", "figures"}, ...]`` and the day's
    repeated pairs in ``figures``. The pins stored for the event are
    honoured (``people_of``). Raises ``TablePlanError``.
    """
    plan = seat(
        people_of(event, locks, rounds=1 if rounds is None else rounds),
        size=size,
        rounds=1 if rounds is None else rounds,
        seed=seed,
    )
    first = plan.rounds[0]
    figures = {
        key: value
        for key, value in first.figures.items()
        if not key.startswith("repeated_pairs")
    }
    result = {"tables": _tables_json(first.tables), "figures": figures}
    if rounds is not None:
        figures["rounds"] = rounds
        figures["repeated_pairs"] = plan.figures["repeated_pairs"]
        figures["repeated_pairs_lower_bound"] = plan.figures[
            "repeated_pairs_lower_bound"
        ]
        result["rounds"] = [
            {
                "number": r.number,
                "tables": _tables_json(r.tables),
                "figures": r.figures,
            }
            for r in plan.rounds
        ]
    return result
