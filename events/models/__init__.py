"""Events: series and editions, programme, registrations, meetings."""

from .events import (
    ActivitySession,
    AgendaItem,
    BudgetLine,
    Charter,
    CharterVersion,
    Committee,
    CommitteeMember,
    Event,
    EventPart,
    EventQuerySet,
    EventSeries,
    Room,
    Speaker,
    Stand,
    TeamRole,
)
from .meetings import Action, AgendaPoint, Attendance, Decision
from .registrations import (
    Registration,
    RegistrationPart,
    Seat,
    SessionAttendance,
)

__all__ = [
    "Action",
    "ActivitySession",
    "AgendaItem",
    "AgendaPoint",
    "Attendance",
    "BudgetLine",
    "Charter",
    "CharterVersion",
    "Committee",
    "CommitteeMember",
    "Decision",
    "Event",
    "EventPart",
    "EventQuerySet",
    "EventSeries",
    "Registration",
    "RegistrationPart",
    "Room",
    "Seat",
    "SessionAttendance",
    "Speaker",
    "Stand",
    "TeamRole",
]
