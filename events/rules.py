"""Who may see and change events."""

import rules

from core.rules import is_coordinator

rules.add_perm("events.view_event_list", is_coordinator)
rules.add_perm("events.change_event", is_coordinator)
