"""Table plans for 100, 1,200 and 5,000 people, tables of 8, 3 rounds.

The pure core alone (no database). Each size is measured against a baseline
computed in the same run: the simple rotation (person ``i`` at table
``(i + k × (i // tables)) mod tables`` in round ``k``), whose figures are
counted by the same code. Quality is printed against the lower bounds; the
target: 1,200 people in under 2 s.

    python bench/bench_tables.py [--rounds R] [--size N] [--seed S]
"""

import argparse
import random
import sys
import time
from itertools import combinations
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import report_figure, timed  # noqa: E402
from workshops.tables import Person, lower_bound, seat  # noqa: E402

TARGET_SECONDS = 2.0
STATUSES = ["Bénévole", "Professionnel·le", "Élu·e", "Autre"]
KINDS = ["association", "service_public", "collectivite", "fondation", "entreprise"]


def people(count: int, seed: int) -> list[Person]:
    """A journée's crowd: many people alone or in pairs, a few big delegations."""
    rng = random.Random(seed)
    crowd: list[Person] = []
    organisation = 0
    while len(crowd) < count:
        delegation = min(
            count - len(crowd),
            rng.choice([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 12, 20]),
        )
        kind = rng.choice(KINDS)
        for _ in range(delegation):
            crowd.append(
                Person(
                    id=len(crowd),
                    name=f"Personne {len(crowd)}",
                    organisation=f"org-{organisation}",
                    organisation_label=f"Structure {organisation}",
                    status=rng.choices(STATUSES, weights=[5, 4, 2, 1])[0],
                    kind=kind,
                )
            )
        organisation += 1
    rng.shuffle(crowd)  # people register in no particular order
    return crowd


def rotation(crowd, size, rounds):
    """The baseline and its figures: same-organisation and repeated pairs."""
    tables = ceil(len(crowd) / size)
    seen, same, repeated = set(), 0, 0
    for k in range(rounds):
        seating = [[] for _ in range(tables)]
        for i, person in enumerate(crowd):
            seating[(i + k * (i // tables)) % tables].append(person)
        for table in seating:
            for a, b in combinations(table, 2):
                same += a.organisation == b.organisation
                pair = (a.id, b.id)
                repeated += pair in seen
                seen.add(pair)
    return same, repeated


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    verdict = True
    print(f"tables of {args.size}, {args.rounds} rounds, seed {args.seed}")
    for count in (100, 1_200, 5_000):
        crowd = people(count, args.seed)
        started = time.perf_counter()
        base_same, base_repeated = rotation(crowd, args.size, args.rounds)
        baseline_seconds = time.perf_counter() - started

        started = time.perf_counter()
        plan = seat(crowd, size=args.size, rounds=args.rounds, seed=args.seed)
        seconds = time.perf_counter() - started

        delegations = {}
        for person in crowd:
            delegations[person.organisation] = (
                delegations.get(person.organisation, 0) + 1
            )
        tables = ceil(count / args.size)
        bound = args.rounds * lower_bound(delegations.values(), tables)
        same = sum(r.figures["same_organisation_pairs"] for r in plan.rounds)
        print(
            f"\n{count} people, {len(delegations)} organisations, {tables} tables: "
            f"{seconds:.2f} s (rotation baseline {baseline_seconds:.3f} s, "
            f"× {seconds / baseline_seconds:.0f}; swaps tried "
            f"{plan.figures['swaps_tried']})"
        )
        print(
            f"  same-organisation pairs: {same} (lower bound {bound}; "
            f"rotation {base_same})"
        )
        print(
            f"  repeated pairs: {plan.figures['repeated_pairs']} (lower bound "
            f"{plan.figures['repeated_pairs_lower_bound']}; rotation {base_repeated})"
        )
        for r in plan.rounds:
            f = r.figures
            print(
                f"  round {r.number}: same-organisation {f['same_organisation_pairs']}"
                f"/{f['lower_bound']}, repeated {f['repeated_pairs']}"
                f"/{f['repeated_pairs_lower_bound']}, status deviation "
                f"{f['status_deviation']} (≥ {f['status_deviation_lower_bound']}), "
                f"kind deviation {f['kind_deviation']} (≥ "
                f"{f['kind_deviation_lower_bound']})"
            )
        if count == 1_200:
            ok = seconds < TARGET_SECONDS
            verdict &= ok
            print(
                f"  target: 1,200 people in under {TARGET_SECONDS:.0f} s: "
                f"{'met' if ok else 'MISSED'}"
            )
    # A dense day, where meeting twice cannot be avoided everywhere: the
    # social golfer instance 8-4-10 (32 people, tables of 4, 10 rounds).
    golfers = [Person(id=i, name=f"Golfeur {i}") for i in range(32)]
    started = time.perf_counter()
    plan = seat(golfers, size=4, rounds=10, seed=args.seed)
    seconds = time.perf_counter() - started
    print(
        f"\n32 strangers, tables of 4, 10 rounds: {seconds:.2f} s, repeated pairs "
        f"{plan.figures['repeated_pairs']} (lower bound "
        f"{plan.figures['repeated_pairs_lower_bound']}; rotation "
        f"{rotation(golfers, 4, 10)[1]})"
    )
    crowd = people(1_200, args.seed)
    report_figure(
        "table plan, 1,200 people: plan vs rotation",
        figure=timed(seat, crowd, size=args.size, rounds=args.rounds, seed=args.seed),
        baseline=timed(rotation, crowd, args.size, args.rounds),
        unit="s",
        aim=TARGET_SECONDS,
        aim_of="figure",
        higher_is_better=False,
    )
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
