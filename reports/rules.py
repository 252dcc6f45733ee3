"""Who may see and change reports."""

import rules

rules.add_perm("reports.view_job_list", rules.is_authenticated)
