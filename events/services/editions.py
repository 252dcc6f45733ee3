"""New editions of a series from last year's."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from ..models import (
    ActivitySession,
    AgendaItem,
    BudgetLine,
    Event,
    Room,
    Speaker,
    Stand,
    TeamRole,
)
from .registrations import add_part


def unique_slug(base: str, *, model=Event) -> str:
    root = slugify(base)[:100] or "evenement"
    slug, n = root, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{root}-{n}"
        n += 1
    return slug


def _shift(value, delta):
    return value + delta if value is not None else None


@transaction.atomic
def duplicate_event(
    *, event: Event, starts_at: dt.datetime, title: str, by=None
) -> Event:
    """Copy an edition, its rooms, parts, programme, stands, team and budget.

    Every time is shifted by the difference between ``starts_at`` and the
    original start. The copy is a draft in the same series, with no
    registrations, closed registration, no actual amounts and no head count.
    """
    delta = starts_at - event.starts_at
    copy = Event.objects.create(
        title=title,
        slug=unique_slug(title),
        kind=event.kind,
        status=Event.Status.DRAFT,
        series=event.series,
        committee=event.committee,
        starts_at=starts_at,
        ends_at=event.ends_at + delta,
        organiser=event.organiser,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        description=event.description,
        context=event.context,
        stakes=event.stakes,
        objectives=event.objectives,
        audiences=event.audiences,
        capacity=event.capacity,
        offers_lunch=event.offers_lunch,
        charter=event.charter,
    )
    copy.co_organisers.set(event.co_organisers.all())
    copy.funders.set(event.funders.all())

    rooms = {}
    for room in event.rooms.all():
        rooms[room.pk] = Room.objects.create(
            event=copy, name=room.name, capacity=room.capacity, position=room.position
        )
    parts = {}
    for part in event.parts.all():
        parts[part.pk] = add_part(
            event=copy,
            title=part.title,
            description=part.description,
            starts_at=_shift(part.starts_at, delta),
            ends_at=_shift(part.ends_at, delta),
            capacity=part.capacity,
            position=part.position,
            by=by,
        )
    for item in event.agenda_items.prefetch_related("speakers"):
        new_item = AgendaItem.objects.create(
            event=copy,
            part=parts.get(item.part_id),
            room=rooms.get(item.room_id),
            kind=item.kind,
            title=item.title,
            description=item.description,
            starts_at=item.starts_at + delta,
            ends_at=item.ends_at + delta,
            position=item.position,
        )
        Speaker.objects.bulk_create(
            Speaker(
                agenda_item=new_item,
                person_id=speaker.person_id,
                name=speaker.name,
                title=speaker.title,
                position=speaker.position,
            )
            for speaker in item.speakers.all()
        )
    Stand.objects.bulk_create(
        Stand(
            event=copy,
            organisation_id=stand.organisation_id,
            name=stand.name,
            shows=stand.shows,
            position=stand.position,
        )
        for stand in event.stands.all()
    )
    TeamRole.objects.bulk_create(
        TeamRole(
            event=copy,
            role=role.role,
            label=role.label,
            person_id=role.person_id,
            name=role.name,
            organisation_id=role.organisation_id,
        )
        for role in event.team.all()
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            event=copy,
            direction=line.direction,
            account=line.account,
            label=line.label,
            funder_id=line.funder_id,
            planned=line.planned,
            position=line.position,
        )
        for line in event.budget_lines.all()
    )
    ActivitySession.objects.bulk_create(
        ActivitySession(
            event=copy,
            number=session.number,
            starts_at=session.starts_at + delta,
            ends_at=session.ends_at + delta,
            room=rooms.get(session.room_id),
            topic=session.topic,
        )
        for session in event.sessions.all()
    )
    return copy
