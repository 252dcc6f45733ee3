"""Reads of report jobs."""

from django.db.models import QuerySet

from .models import ReportJob


def jobs_for_user(*, user) -> QuerySet[ReportJob]:
    """The jobs of the documents list, within ``user``'s scope (``for_user``).

    Coordinators see every job; everyone else the jobs they asked for about
    objects they still see.
    """
    jobs = ReportJob.objects.for_user(user).select_related("requested_by")
    if user.has_perm("reports.view_all_jobs"):
        return jobs
    return jobs.filter(requested_by=user)
