"""Who may see and change evaluations: the network's coordinators only.

Funders and partners read evaluation results through the reports, never
through the builder or the raw answers.
"""

import rules

from core.rules import is_coordinator

rules.add_perm("evaluations.view_evaluation_area", is_coordinator)
rules.add_perm("evaluations.change_questionnaire", is_coordinator)
rules.add_perm("evaluations.view_results", is_coordinator)
rules.add_perm("evaluations.add_testimonial", is_coordinator)
