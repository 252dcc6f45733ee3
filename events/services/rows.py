"""Rows that hang off an event: rooms, stands, team, budget, sessions, the
programme's items and speakers, and the minutes of a meeting.

Add, change and remove them from data (a form's ``cleaned_data``), never
from a form. Parts are not rows of this kind: their seats are kept by
``add_part``, ``update_part`` and ``remove_part`` (events.services.registrations).
"""

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from partners.validators import normalise_text

from ..models import Action, AgendaItem, Event, EventPart, Speaker
from .errors import EventStateError


def _has_position(model) -> bool:
    return any(field.name == "position" for field in model._meta.concrete_fields)


@transaction.atomic
def add_event_row(*, event: Event, model: type[Model], data: dict, by=None) -> Model:
    """Create a ``model`` row of ``event`` from ``data``; a row with a
    ``position`` goes last. Raises ``TypeError`` for a part (``add_part``)."""
    if model is EventPart:
        raise TypeError("A part is added by add_part, which gives it its seats.")
    row = model(event=event, **data)
    if _has_position(model) and "position" not in data:
        row.position = model.objects.filter(event=event).count()
    row.save()
    return row


@transaction.atomic
def update_row(*, row: Model, data: dict, by=None) -> Model:
    """Write ``data`` into ``row``, its own fields only (not a part's
    capacity: ``update_part``)."""
    if isinstance(row, EventPart):
        raise TypeError("A part is changed by update_part, which keeps its seats.")
    for name, value in data.items():
        setattr(row, name, value)
    row.save(update_fields=[*data, "updated_at"])
    return row


@transaction.atomic
def remove_event_row(*, row: Model, by=None) -> None:
    """Delete a row of an event (not a part: ``remove_part`` tells its
    registrants)."""
    if isinstance(row, EventPart):
        raise TypeError("A part is removed by remove_part, which tells its people.")
    row.delete()


def add_agenda_item(*, event: Event, data: dict, by=None) -> AgendaItem:
    """Add an item at the end of the programme; ``data`` holds its fields,
    ``starts_at`` and ``ends_at`` included."""
    return add_event_row(event=event, model=AgendaItem, data=data, by=by)


@transaction.atomic
def add_speaker(
    *, item: AgendaItem, person=None, name: str = "", title: str = "", by=None
) -> Speaker:
    """Add a speaker (a person of the directory or a guest) to an item."""
    return Speaker.objects.create(
        agenda_item=item,
        person=person,
        name=name.strip(),
        title=title.strip(),
        position=item.speakers.count(),
    )


def directory_person_named(text: str):
    """The one person of the directory called ``text`` ("Prénom Nom" or "Nom
    Prénom", accents, case and hyphens ignored: "Jean-Francois SERRES" is
    Jean-François Serres), or ``None`` (nobody, or several people)."""
    from partners.models import Person

    wanted = normalise_text(text)
    if not wanted:
        return None
    candidates = Person.objects.all()
    for word in wanted.split()[:8]:
        candidates = candidates.filter(sort_name__contains=word)
    people = [
        person
        for person in candidates.only("pk", "first_name", "last_name")[:50]
        if wanted
        in (
            normalise_text(f"{person.first_name} {person.last_name}"),
            normalise_text(f"{person.last_name} {person.first_name}"),
        )
    ]
    return people[0] if len(people) == 1 else None


def add_speaker_named(*, item: AgendaItem, text: str, title: str = "", by=None):
    """Add a speaker typed in the programme: the directory's person of that
    name when there is exactly one, otherwise a guest of that name."""
    person = directory_person_named(text)
    return add_speaker(
        item=item, person=person, name="" if person else text, title=title, by=by
    )


@transaction.atomic
def change_action_status(*, action: Action, status: str, by=None) -> Action:
    """Set an action's status; ``EventStateError`` for an unknown one."""
    if status not in Action.Status.values:
        raise EventStateError(_("Unknown status."))
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action
