"""Who may see and change evaluations: the network's coordinators only.

Funders and partners read evaluation results through the reports, never
through the builder or the raw answers.
"""

import rules

from core.rules import has_organisation, is_coordinator, is_funder

rules.add_perm("evaluations.view_evaluation_area", is_coordinator)
rules.add_perm("evaluations.change_questionnaire", is_coordinator)
rules.add_perm("evaluations.view_results", is_coordinator)
rules.add_perm("evaluations.add_testimonial", is_coordinator)
rules.add_perm("evaluations.change_testimonial", is_coordinator)
rules.add_perm("evaluations.delete_testimonial", is_coordinator)

# Funded projects: coordinators build them; a funder reads, acknowledges and
# comments the versions submitted to it, in its own scope
# (``FundedProject.objects.for_user``).
rules.add_perm("evaluations.change_funded_project", is_coordinator)
rules.add_perm("evaluations.view_funder_space", is_funder & has_organisation)
rules.add_perm("evaluations.acknowledge_version", is_funder & has_organisation)
