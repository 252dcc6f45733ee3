"""Who may see and change workshops."""

import rules

from core.rules import is_coordinator

rules.add_perm("workshops.view_workshop_list", is_coordinator)
rules.add_perm("workshops.change_workshop", is_coordinator)
