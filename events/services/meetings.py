"""Meetings: the next meeting, with the open actions carried into its agenda."""

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Action, AgendaPoint, Event
from .editions import unique_slug
from .errors import EventStateError


@transaction.atomic
def schedule_next_meeting(
    *,
    meeting: Event,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue_name: str = "",
    venue_address: str = "",
    by=None,
) -> Event:
    """Create the next meeting and carry the open actions into its agenda.

    The new meeting has the same kind, committee, organiser and people's
    organisations; its ordre du jour starts with one point per open action
    of this meeting (including actions carried into it and still open). It
    is linked as ``meeting.next_meeting``. Raises ``EventStateError`` if a
    next meeting is already scheduled or if this event is not a meeting.
    """
    meeting = Event.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_meeting:
        raise EventStateError(_("Only a meeting can have a next meeting."))
    if meeting.next_meeting_id:
        raise EventStateError(_("The next meeting is already scheduled."))
    base_title = meeting.committee.title if meeting.committee_id else meeting.title
    title = _("%(title)s — %(date)s") % {
        "title": base_title.split(" — ")[0],
        "date": date_format(starts_at, "DATE_FORMAT"),
    }
    next_meeting = Event.objects.create(
        title=title,
        slug=unique_slug(title),
        kind=meeting.kind,
        status=meeting.status
        if meeting.status in (Event.Status.DRAFT, Event.Status.PUBLISHED)
        else Event.Status.PUBLISHED,
        series=meeting.series,
        committee=meeting.committee,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser=meeting.organiser,
        venue_name=venue_name,
        venue_address=venue_address,
    )
    next_meeting.co_organisers.set(meeting.co_organisers.all())
    next_meeting.funders.set(meeting.funders.all())
    carried = Action.objects.open().filter(event=meeting)
    carried_over = (
        Action.objects.open().filter(carried_into__event=meeting).exclude(event=meeting)
    )
    actions = list(carried.order_by("position", "pk")) + list(
        carried_over.distinct().order_by("event__starts_at", "position", "pk")
    )
    AgendaPoint.objects.bulk_create(
        AgendaPoint(
            event=next_meeting,
            title=_("Follow-up: %(action)s") % {"action": action.description[:200]},
            position=position,
            carried_action=action,
        )
        for position, action in enumerate(actions)
    )
    meeting.next_meeting = next_meeting
    meeting.save(update_fields=["next_meeting", "updated_at"])
    return next_meeting
