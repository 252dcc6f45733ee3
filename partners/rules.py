"""Who may see and change the partner directory."""

import rules

from core.rules import is_coordinator

rules.add_perm("partners.view_directory", is_coordinator)
rules.add_perm("partners.change_directory", is_coordinator)
