"""Everything that writes events data. Split by topic; import from here."""

from .editions import duplicate_event
from .errors import EventStateError, RegistrationError
from .events import (
    allowed_statuses,
    change_event_status,
    create_event,
    delete_series,
    publish_event,
    save_series,
    update_event,
)
from .meetings import schedule_next_meeting
from .programme import (
    ProgrammeMoveError,
    change_item_duration,
    move_agenda_item,
    next_item_start,
    programme_snapshot,
    restore_programme,
)
from .registrations import (
    add_part,
    cancel_registration,
    change_capacity,
    change_event_capacity,
    register_participant,
    registrations_in_part,
    remove_part,
    set_attended,
    update_part,
)

__all__ = [
    "delete_series",
    "save_series",
    "EventStateError",
    "RegistrationError",
    "add_part",
    "allowed_statuses",
    "cancel_registration",
    "change_capacity",
    "change_event_capacity",
    "change_event_status",
    "change_item_duration",
    "create_event",
    "duplicate_event",
    "move_agenda_item",
    "next_item_start",
    "programme_snapshot",
    "ProgrammeMoveError",
    "restore_programme",
    "publish_event",
    "register_participant",
    "registrations_in_part",
    "remove_part",
    "schedule_next_meeting",
    "set_attended",
    "update_event",
    "update_part",
]
