"""Who may see and ask for report jobs.

Whether a person may see a job is whether its object is in their scope:
``ReportJob.objects.for_user`` (each builder looks its object up through the
model's ``for_user``). The views fetch jobs through it, so a job one may not
see is a 404; these rules only name the sections and the coordinators' view.
"""

import rules

from core.rules import is_coordinator

rules.add_perm("reports.view_job_list", rules.is_authenticated)
rules.add_perm("reports.view_all_jobs", is_coordinator)
