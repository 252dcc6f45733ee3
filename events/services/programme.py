"""The programme builder's writes: move (buttons and drag), undo, change a duration."""

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


class ProgrammeMoveError(Exception):
    """A move the programme refuses (an item with a fixed time)."""


def _fixed_message(item: AgendaItem) -> str:
    return _(
        "“%(title)s” has a fixed time (%(time)s): it does not move. "
        "Change its time in its form."
    ) % {"title": item.title, "time": heure(item.starts_at)}


def _step(groups: list[list[AgendaItem]], item: AgendaItem, offset: int) -> bool:
    """Move ``item`` one step up (``-1``) or down (``+1``) in ``groups``, the
    programme's runs in memory; False when it is already at that end.

    Only the item and its neighbour change; the rest of the day stays put:

    - an item running in parallel first changes places inside its run, then
      leaves it to join the neighbouring run (same start, its own duration);
    - an item on its own swaps places with the neighbouring run, the two
      keeping the span they had together (and the pause between them);
    - nothing swaps with a run holding an item with a fixed time
      (``ProgrammeMoveError``).
    """
    index = next(k for k, group in enumerate(groups) if item in group)
    group = groups[index]
    here = group.index(item)
    inner = here + offset
    target = index + offset
    if len(group) > 1 and 0 <= inner < len(group):
        group[here], group[inner] = group[inner], item
    elif not 0 <= target < len(groups):
        return False
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
    return True


def _place(groups, item) -> int:
    return [i for run in groups for i in run].index(item)


@transaction.atomic
def move_agenda_item(
    *, item: AgendaItem, offset: int = 0, index: int | None = None
) -> list[AgendaItem]:
    """Move one item in the programme: the keyboard's buttons and the drag.

    ``offset``: that many steps up (negative) or down (positive), one step
    per press of a button. ``index``: where the item was dropped in the
    list (0 is the top); it gets there by the same steps, one at a time, so
    a drag changes no more of the day than the buttons would: an item that
    runs in parallel joins the run it is dropped into, with its own
    duration, and every other item keeps its time. An item on its own
    dropped inside a parallel run goes past the whole run (it does not
    become parallel).

    An item with a fixed time never moves, and nothing moves past one
    (``ProgrammeMoveError``; nothing is saved). Returns the programme in
    its new order.
    """
    items = list(
        item.event.agenda_items.select_for_update().order_by(
            "starts_at", "position", "pk"
        )
    )
    item = next(i for i in items if i.pk == item.pk)
    groups = _groups(items)
    wanted = None if index is None else min(max(index, 0), len(items) - 1)
    if item.fixed_time and (offset or wanted not in (None, items.index(item))):
        raise ProgrammeMoveError(_fixed_message(item))
    if wanted is None:
        for _step_number in range(abs(offset)):
            if not _step(groups, item, 1 if offset > 0 else -1):
                break
    else:
        # Each step moves the item one place or into the next run: twice
        # the number of items is always enough.
        for _step_number in range(2 * len(items)):
            here = _place(groups, item)
            if here == wanted:
                break
            direction = 1 if wanted > here else -1
            if not _step(groups, item, direction):
                break
            if (_place(groups, item) - wanted) * direction > 0:
                break  # past the drop point: a run is not split
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
