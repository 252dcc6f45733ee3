"""Tables that mix organisations: the "ice-breaking" seating of a journée.

People of one organisation are dealt round the tables like cards, largest
organisations first, continuing from the table where the previous one
stopped. Each organisation is then spread as evenly as possible (its counts
per table differ by at most one) and tables differ in size by at most one,
which makes the number of same-organisation pairs equal to its lower bound.
"""

import random
from dataclasses import dataclass, field
from math import ceil

from events.models import Event


class TablePlanError(ValueError):
    pass


@dataclass
class Table:
    number: int
    people: list[dict] = field(default_factory=list)


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def lower_bound(group_sizes: list[int], tables: int) -> int:
    """Fewest same-organisation pairs any seating on ``tables`` tables can have."""
    total = 0
    for size in group_sizes:
        per_table, extra = divmod(size, tables)
        total += extra * _pairs(per_table + 1) + (tables - extra) * _pairs(per_table)
    return total


def plan_tables(*, event: Event, size: int, seed: int | None = None) -> dict:
    """Seat the event's confirmed registrants at tables of at most ``size``.

    Returns ``{"tables": [...], "figures": {...}}`` (the ``plan_tables``
    command's JSON). Raises ``TablePlanError`` for a size below 2.
    """
    if size < 2:
        raise TablePlanError("size must be at least 2")
    registrations = list(
        event.registrations.confirmed().select_related("organisation").order_by("pk")
    )
    rng = random.Random(seed)
    groups: dict[str, list[dict]] = {}
    for registration in registrations:
        label = registration.organisation_label.strip()
        if registration.organisation_id:
            key = f"id:{registration.organisation_id}"
        elif label:
            key = f"name:{label.casefold()}"
        else:
            key = f"person:{registration.pk}"  # nobody to be kept apart from
        groups.setdefault(key, []).append(
            {
                "name": registration.full_name,
                "organisation": label,
                "status": str(registration.get_status_display()),
                "_group": key,
            }
        )
    ordered = list(groups.values())
    for members in ordered:
        rng.shuffle(members)
    rng.shuffle(ordered)
    ordered.sort(key=len, reverse=True)  # stable: ties keep the seeded order

    count = ceil(len(registrations) / size) if registrations else 0
    tables = [Table(number=n + 1) for n in range(count)]
    cursor = 0
    for members in ordered:
        for person in members:
            tables[cursor % count].people.append(person)
            cursor += 1

    same_pairs = 0
    for table in tables:
        seen: dict[str, int] = {}
        for person in table.people:
            seen[person["_group"]] = seen.get(person["_group"], 0) + 1
        same_pairs += sum(
            _pairs(n) for key, n in seen.items() if not key.startswith("person:")
        )
        for person in table.people:
            del person["_group"]

    organisation_sizes = [
        len(m) for k, m in groups.items() if not k.startswith("person:")
    ]
    return {
        "tables": [{"number": t.number, "people": t.people} for t in tables],
        "figures": {
            "people": len(registrations),
            "tables": count,
            "table_size": size,
            "organisations": len(organisation_sizes),
            "same_organisation_pairs": same_pairs,
            "lower_bound": lower_bound(organisation_sizes, count) if count else 0,
            "seed": seed,
        },
    }
