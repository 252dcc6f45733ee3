"""Thin Celery entry points for the ateliers."""

from celery import shared_task


@shared_task(name="workshops.run_assignment", acks_late=True, time_limit=10 * 60)
def run_assignment_task(*, job_id: int) -> str | None:
    """ "Répartir" for one ``AssignmentJob``: the solver runs here, never in a
    request. A run already claimed or finished is left alone."""
    from .services import run_assignment_job

    job = run_assignment_job(job_id=job_id)
    return job.status if job else None
