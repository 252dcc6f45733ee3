"""Reads of report jobs."""

from django.db.models import QuerySet

from .models import ReportJob


def jobs_for_user(*, user) -> QuerySet[ReportJob]:
    """Coordinators see every job; everyone else the jobs they asked for."""
    jobs = ReportJob.objects.select_related("requested_by")
    if user.has_perm("reports.view_all_jobs"):
        return jobs
    return jobs.filter(requested_by=user)
