"""Demo for the board: the Journée inter-associative's "Répartir" recorded as
a finished run (its figures on the event's ateliers page). Idempotent; runs
after workshops.demo has placed people."""

from django.utils import timezone

from events.models import Event

from .models import AssignmentJob, WorkshopPlace
from .services import current_assignment, unplaced_rows


def load(*, event_slug: str, stdout=None) -> None:
    event = Event.objects.filter(slug=event_slug).first()
    if (
        event is None
        or not WorkshopPlace.objects.filter(session__workshop__event=event).exists()
    ):
        return
    outcome = current_assignment(event)
    event.assignment_jobs.all().delete()
    AssignmentJob.objects.create(
        event=event,
        status=AssignmentJob.Status.DONE,
        figures=outcome.figures,
        unplaced=unplaced_rows(outcome),
        finished_at=timezone.now(),
    )
    if stdout is not None:
        stdout.write("Ateliers: the assignment's figures recorded for the board.")
