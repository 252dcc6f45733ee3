"""Everything that writes events data. Split by topic; import from here."""

from .editions import duplicate_event
from .errors import EventStateError, RegistrationError
from .meetings import schedule_next_meeting
from .programme import (
    change_item_duration,
    move_agenda_item,
    reorder_agenda_items,
)
from .registrations import (
    cancel_registration,
    promote_event_waiting_list,
    promote_waiting_list,
    register_participant,
    set_attended,
)

__all__ = [
    "EventStateError",
    "RegistrationError",
    "cancel_registration",
    "change_item_duration",
    "duplicate_event",
    "move_agenda_item",
    "promote_event_waiting_list",
    "promote_waiting_list",
    "register_participant",
    "reorder_agenda_items",
    "schedule_next_meeting",
    "set_attended",
]
