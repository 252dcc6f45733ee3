"""Who may see and change evaluations."""

import rules

from core.rules import is_coordinator

rules.add_perm("evaluations.view_evaluation_area", is_coordinator)
