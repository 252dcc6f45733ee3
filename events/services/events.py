"""Events: create, edit and move through their statuses."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.confirm import DeletionSummary, _count_by_kind, deletion_summary

from ..models import Event, EventSeries, Registration
from .errors import EventStateError
from .registrations import change_event_capacity

# Many-to-many fields: set once the event has a primary key.
EVENT_RELATIONS = ("co_organisers", "funders")


def _split(data: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k not in EVENT_RELATIONS}
    relations = {k: v for k, v in data.items() if k in EVENT_RELATIONS}
    if "status" in fields:
        raise TypeError("An event's status changes through change_event_status.")
    return fields, relations


@transaction.atomic
def create_event(*, data: dict, by=None) -> Event:
    """Create a draft event from ``data`` (the ``Event`` fields of the form,
    its organisations included). It is published by ``publish_event``."""
    fields, relations = _split(data)
    event = Event.objects.create(**fields)
    for name, value in relations.items():
        getattr(event, name).set(value)
    return event


@transaction.atomic
def update_event(*, event: Event, data: dict, by=None) -> list[Registration]:
    """Save an event's fields from ``data``; its capacity goes through
    ``change_event_capacity`` (which locks the event and seats its waiting
    list). Returns the registrations promoted."""
    fields, relations = _split(data)
    capacity = fields.pop("capacity", event.capacity)
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save(update_fields=[*fields, "updated_at"])
    for name, value in relations.items():
        getattr(event, name).set(value)
    return change_event_capacity(event=event, capacity=capacity, by=by)


# The statuses each status may move to, and the refusal otherwise.
STATUS_CHANGES = {
    Event.Status.DRAFT: (Event.Status.PUBLISHED, Event.Status.CANCELLED),
    Event.Status.PUBLISHED: (
        Event.Status.FINISHED,
        Event.Status.CANCELLED,
        Event.Status.DRAFT,
    ),
    Event.Status.FINISHED: (),
    Event.Status.CANCELLED: (Event.Status.DRAFT,),
}


def allowed_statuses(event: Event) -> tuple[str, ...]:
    """The statuses ``event`` may move to from its current one."""
    return STATUS_CHANGES.get(event.status, ())


@transaction.atomic
def change_event_status(*, event: Event, status: str, by=None) -> Event:
    """Move an event to ``status`` if its current status allows it.

    Raises ``EventStateError`` (with a message for the coordinator) when the
    change is not allowed from the status as saved.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if status not in allowed_statuses(event):
        if status == Event.Status.PUBLISHED:
            raise EventStateError(
                _("Only a draft event can be published; this one is “%(status)s”.")
                % {"status": event.get_status_display()}
            )
        raise EventStateError(
            _("An event that is “%(current)s” cannot become “%(status)s”.")
            % {
                "current": event.get_status_display(),
                "status": Event.Status(status).label
                if status in Event.Status.values
                else status,
            }
        )
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event


def publish_event(*, event: Event, by=None) -> Event:
    """Make a draft event public. Raises ``EventStateError`` otherwise."""
    return change_event_status(event=event, status=Event.Status.PUBLISHED, by=by)


def save_series(*, data: dict, series: EventSeries | None = None) -> EventSeries:
    """Create a series, or save ``series``'s fields, from ``data``."""
    series = series or EventSeries()
    for name, value in data.items():
        setattr(series, name, value)
    series.save()
    return series


def delete_series(*, series: EventSeries) -> None:
    """Delete a series; its editions stay, as events of their own."""
    series.delete()


def event_documents(event: Event):
    """The PDFs rendered about ``event`` (programme, minutes): report jobs
    name their object by content type and id, not by a foreign key."""
    from django.contrib.contenttypes.models import ContentType

    from reports.models import ReportJob

    return ReportJob.objects.filter(
        content_type=ContentType.objects.get_for_model(Event), object_id=str(event.pk)
    )


def event_deletion_summary(event: Event) -> DeletionSummary:
    """What deleting ``event`` takes with it (``deletion_summary``), plus
    what the collector cannot see: its rendered documents, deleted with it,
    and the funded projects that only lose their link to it."""
    summary = deletion_summary(event)
    documents = list(event_documents(event).order_by("-created_at"))
    summary.cascaded += _count_by_kind(documents)
    projects = list(event.funded_projects.order_by("title"))
    summary.unlinked += _count_by_kind(projects)
    return summary


@transaction.atomic
def delete_event(*, event: Event, by=None) -> None:
    """Delete ``event`` with what cascades from it (registrations, parts,
    programme, minutes…) and the documents rendered about it, whose files
    are removed once the transaction commits. A protecting row raises
    ``ProtectedError`` and nothing is deleted."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    documents = event_documents(event)
    files = [job.file for job in documents if job.file]
    documents.delete()
    event.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.storage.delete(file.name))
