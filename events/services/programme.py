"""The programme builder's writes: reorder, move, undo, change a duration."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from core.templatetags.maillage import heure

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
    the two days of a seminar). A run holding an item with a fixed time
    starts at that time, whatever comes before it.
    """
    durations = {item.pk: item.ends_at - item.starts_at for item in items}
    cursor = first_start
    for index, group in enumerate(_groups(items)):
        if index:
            cursor += gaps[index] if index < len(gaps) else dt.timedelta()
        fixed = [item for item in group if item.fixed_time]
        start = fixed[0].starts_at if fixed else cursor
        for item in group:
            if not item.fixed_time:
                item.starts_at = start
                item.ends_at = start + durations[item.pk]
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


class ProgrammeMoveError(Exception):
    """A move the programme refuses (an item with a fixed time)."""


def _fixed_message(item: AgendaItem) -> str:
    return _(
        "“%(title)s” has a fixed time (%(time)s): it does not move. "
        "Change its time in its form."
    ) % {"title": item.title, "time": heure(item.starts_at)}


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, offset: int) -> list[AgendaItem]:
    """Move one item up (``-1``) or down (``+1``): the keyboard's drag and drop.

    Only the item and its neighbour change; the rest of the day stays put:

    - an item running in parallel first changes places inside its run, then
      leaves it to join the neighbouring run (same start, its own duration);
    - an item on its own swaps places with the neighbouring run, the two
      keeping the span they had together (and the pause between them);
    - an item with a fixed time never moves, and nothing swaps with it
      (``ProgrammeMoveError``).

    Returns the programme in its new order.
    """
    items = list(
        item.event.agenda_items.select_for_update().order_by(
            "starts_at", "position", "pk"
        )
    )
    item = next(i for i in items if i.pk == item.pk)
    if item.fixed_time:
        raise ProgrammeMoveError(_fixed_message(item))
    groups = _groups(items)
    index = next(k for k, group in enumerate(groups) if item in group)
    group = groups[index]
    here = group.index(item)
    inner = here + offset
    target = index + offset
    if len(group) > 1 and 0 <= inner < len(group):
        group[here], group[inner] = group[inner], item
    elif not 0 <= target < len(groups):
        return items
    elif len(group) > 1:
        neighbour = groups[target]
        duration = item.ends_at - item.starts_at
        item.starts_at = neighbour[0].starts_at
        item.ends_at = item.starts_at + duration
        group.remove(item)
        if offset < 0:
            neighbour.append(item)
        else:
            neighbour.insert(0, item)
    else:
        neighbour = groups[target]
        if fixed := [i for i in neighbour if i.fixed_time]:
            raise ProgrammeMoveError(_fixed_message(fixed[0]))
        first, second = (neighbour, group) if offset < 0 else (group, neighbour)
        start = first[0].starts_at
        first_end = max(i.ends_at for i in first)
        pause = max(second[0].starts_at - first_end, dt.timedelta())
        second_span = max(i.ends_at for i in second) - second[0].starts_at
        _shift(second, start - second[0].starts_at)
        _shift(first, start + second_span + pause - first[0].starts_at)
        groups[index], groups[target] = groups[target], groups[index]
    ordered = [i for run in groups for i in run]
    for position, row in enumerate(ordered):
        row.position = position
    AgendaItem.objects.bulk_update(ordered, ["starts_at", "ends_at", "position"])
    return ordered


def _shift(items, delta: dt.timedelta) -> None:
    for item in items:
        item.starts_at += delta
        item.ends_at += delta


# --- Undo ---------------------------------------------------------------------

_UNDO_SALT = "events.programme.undo"


def programme_snapshot(*, event: Event) -> str:
    """The programme's times and order, signed: what "Annuler" puts back."""
    rows = [
        [pk, start.isoformat(), end.isoformat(), position]
        for pk, start, end, position in event.agenda_items.values_list(
            "pk", "starts_at", "ends_at", "position"
        )
    ]
    return signing.dumps({"event": event.pk, "items": rows}, salt=_UNDO_SALT)


@transaction.atomic
def restore_programme(*, event: Event, snapshot: str) -> int:
    """Put back the times and order of ``programme_snapshot``.

    Raises ``ProgrammeMoveError`` for a snapshot that was tampered with, is
    more than an hour old or belongs to another event. Items removed since
    are ignored; returns the number of items restored.
    """
    try:
        data = signing.loads(snapshot, salt=_UNDO_SALT, max_age=3600)
    except signing.BadSignature:
        raise ProgrammeMoveError(_("This change can no longer be undone.")) from None
    if data.get("event") != event.pk:
        raise ProgrammeMoveError(_("This change can no longer be undone."))
    saved = {row[0]: row[1:] for row in data["items"]}
    items = list(event.agenda_items.select_for_update().filter(pk__in=saved))
    for item in items:
        start, end, position = saved[item.pk]
        item.starts_at = dt.datetime.fromisoformat(start)
        item.ends_at = dt.datetime.fromisoformat(end)
        item.position = position
    AgendaItem.objects.bulk_update(items, ["starts_at", "ends_at", "position"])
    return len(items)


def next_item_start(*, event: Event) -> dt.datetime:
    """Where a new item starts: where the last one ends (or the event's start)."""
    last_end = max(event.agenda_items.values_list("ends_at", flat=True), default=None)
    return last_end or event.starts_at


@transaction.atomic
def change_item_duration(*, item: AgendaItem, minutes: int) -> AgendaItem:
    """Set an item's duration and shift every item that follows it.

    Items starting at or after the item's old end move by the difference;
    items running in parallel with it, and items with a fixed time, do not
    move.
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
            .exclude(fixed_time=True)
            .filter(starts_at__gte=old_end)
        )
        for other in following:
            other.starts_at += delta
            other.ends_at += delta
        AgendaItem.objects.bulk_update(following, ["starts_at", "ends_at"])
    return item
