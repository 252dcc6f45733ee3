"""``delete_event`` and what its confirmation page lists: the rows that go
with the event, its rendered documents, the funded projects that lose it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models.deletion import ProtectedError

from evaluations.models import FundedProject
from events.models import Event, Registration
from events.services.events import delete_event, event_deletion_summary
from reports.models import ReportJob
from tests.factories import (
    EventFactory,
    FundedProjectFactory,
    RegistrationFactory,
)
from tests.factories.reports import ReportJobFactory

pytestmark = pytest.mark.django_db


def document_of(event, **extra):
    """A programme PDF rendered about ``event``."""
    return ReportJobFactory(
        kind="programme",
        content_type=ContentType.objects.get_for_model(Event),
        object_id=str(event.pk),
        **{"title": f"Programme — {event.title}", **extra},
    )


def test_the_summary_names_registrations_documents_and_funded_projects():
    event = EventFactory(title="Rencontres 2013")
    RegistrationFactory.create_batch(3, event=event)
    document_of(event)
    project = FundedProjectFactory(title="Projet FSE 2013")
    project.events.add(event)
    other = EventFactory()
    RegistrationFactory(event=other)
    document_of(other)

    summary = event_deletion_summary(event)

    cascaded = {kind.name: kind.count for kind in summary.cascaded}
    assert cascaded["inscriptions"] == 3
    assert cascaded["document PDF"] == 1
    assert [tuple(kind) for kind in summary.unlinked] == [("projet financé", 1)]
    assert summary.unlinked[0].examples == ["Projet FSE 2013"]
    assert not summary.is_protected


def test_delete_event_takes_its_rows_and_documents_and_keeps_the_rest(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)
    job = document_of(event, status=ReportJob.Status.READY)
    job.file.save("programme.pdf", ContentFile(b"%PDF-1.7"), save=True)
    stored = job.file.name
    storage = job.file.storage
    assert storage.exists(stored)
    project = FundedProjectFactory()
    project.events.add(event)
    other = EventFactory()
    RegistrationFactory(event=other)
    kept_document = document_of(other)

    with django_capture_on_commit_callbacks(execute=True):
        delete_event(event=event)

    assert not Event.objects.filter(pk=event.pk).exists()
    assert list(Registration.objects.values_list("event", flat=True)) == [other.pk]
    assert list(ReportJob.objects.all()) == [kept_document]
    assert not storage.exists(stored)
    assert FundedProject.objects.get() == project
    assert not project.events.exists()


def test_a_protecting_row_refuses_the_delete_and_nothing_is_deleted(monkeypatch):
    event = EventFactory()
    RegistrationFactory(event=event)
    document_of(event)

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", [])

    monkeypatch.setattr(Event, "delete", protected)
    with pytest.raises(ProtectedError):
        delete_event(event=event)

    assert Event.objects.filter(pk=event.pk).exists()
    assert Registration.objects.count() == 1
    assert ReportJob.objects.count() == 1
