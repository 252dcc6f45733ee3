"""Who may see and ask for report jobs.

Whether a person may see a document about an object is the builder's call
(``PdfBuilder.can_view``): a funder sees what it funds, coordinators see
everything. Checked on every request, downloads included.
"""

import rules
from django.core.exceptions import ObjectDoesNotExist

from core.rules import is_coordinator

from .registry import UnknownKind, get_builder


@rules.predicate
def can_view_job(user, job) -> bool:
    if job is None or not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    try:
        builder = get_builder(job.kind)
        obj = builder.get_object(job.object_id)
    except (UnknownKind, ObjectDoesNotExist):
        return False
    return bool(builder.can_view(user, obj))


rules.add_perm("reports.view_job_list", rules.is_authenticated)
rules.add_perm("reports.view_all_jobs", is_coordinator)
rules.add_perm("reports.view_reportjob", can_view_job)
