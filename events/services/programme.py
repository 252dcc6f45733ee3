"""The programme builder's writes: reorder, move, change a duration."""

import datetime as dt

from django.db import transaction

from ..models import AgendaItem, Event


def _groups(items):
    """Split items (in list order) into runs that start together (parallel)."""
    groups = []
    for item in items:
        if groups and groups[-1][0].starts_at == item.starts_at:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _reflow(items, *, first_start, gaps):
    """Give ``items`` back-to-back times in list order, keeping durations.

    Parallel runs (consecutive items that started together) stay parallel;
    ``gaps[k]`` is the pause kept before the k-th run (e.g. a night between
    the two days of a seminar).
    """
    durations = {item.pk: item.ends_at - item.starts_at for item in items}
    cursor = first_start
    for index, group in enumerate(_groups(items)):
        if index:
            cursor += gaps[index] if index < len(gaps) else dt.timedelta()
        for item in group:
            item.starts_at = cursor
            item.ends_at = cursor + durations[item.pk]
        cursor = max(item.ends_at for item in group)


def _chronological_gaps(items):
    """Pause before each run of the programme as it stands, in time order."""
    ordered = sorted(items, key=lambda i: (i.starts_at, i.position, i.pk))
    gaps, previous_end = [], None
    for group in _groups(ordered):
        start = group[0].starts_at
        if previous_end is None:
            gaps.append(dt.timedelta())
        else:
            gaps.append(max(start - previous_end, dt.timedelta()))
        end = max(i.ends_at for i in group)
        previous_end = end if previous_end is None else max(previous_end, end)
    return gaps


@transaction.atomic
def reorder_agenda_items(*, event: Event, ordered_ids: list[int]) -> list[AgendaItem]:
    """Put the programme in the given order and re-time it back to back.

    Each item keeps its duration; items that ran in parallel keep running in
    parallel while they stay next to each other; the pauses between runs stay
    where they were. Ids not in the event are ignored; items missing from
    ``ordered_ids`` keep their place at the end.
    """
    items = list(
        event.agenda_items.select_for_update().order_by("starts_at", "position", "pk")
    )
    if not items:
        return []
    by_id = {item.pk: item for item in items}
    new_order = [by_id[pk] for pk in dict.fromkeys(ordered_ids) if pk in by_id]
    new_order += [item for item in items if item not in new_order]
    first_start = items[0].starts_at
    gaps = _chronological_gaps(items)
    _reflow(new_order, first_start=first_start, gaps=gaps)
    for position, item in enumerate(new_order):
        item.position = position
    AgendaItem.objects.bulk_update(new_order, ["starts_at", "ends_at", "position"])
    return new_order


def move_agenda_item(*, item: AgendaItem, offset: int) -> list[AgendaItem]:
    """Move one item up (``-1``) or down (``+1``): the keyboard's drag and drop."""
    items = list(
        item.event.agenda_items.order_by("starts_at", "position", "pk").values_list(
            "pk", flat=True
        )
    )
    index = items.index(item.pk)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return reorder_agenda_items(event=item.event, ordered_ids=items)


@transaction.atomic
def change_item_duration(*, item: AgendaItem, minutes: int) -> AgendaItem:
    """Set an item's duration and shift every item that follows it.

    Items starting at or after the item's old end move by the difference;
    items running in parallel with it do not move.
    """
    if minutes < 1:
        raise ValueError("A duration is at least one minute.")
    old_end = item.ends_at
    new_end = item.starts_at + dt.timedelta(minutes=minutes)
    delta = new_end - old_end
    item.ends_at = new_end
    item.save(update_fields=["ends_at", "updated_at"])
    if delta:
        following = list(
            item.event.agenda_items.select_for_update()
            .exclude(pk=item.pk)
            .filter(starts_at__gte=old_end)
        )
        for other in following:
            other.starts_at += delta
            other.ends_at += delta
        AgendaItem.objects.bulk_update(following, ["starts_at", "ends_at"])
    return item
