import datetime as dt
import re

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports import services
from reports.models import ReportJob
from reports.registry import PDF_BUILDERS, PdfBuilder, Plan, Section
from reports.tasks import render_report_task
from tests.factories import (
    AudienceFactory,
    CoordinatorFactory,
    FunderFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.factories.reports import ReportJobFactory

from .conftest import flatten, job_pdf, pdf_metadata, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(**kwargs)
    job.refresh_from_db()
    return job


class RefusingStorage(FileSystemStorage):
    """A storage whose disk refuses every file, as a full or read-only disk."""

    def _save(self, name, content):
        raise PermissionError(13, "Permission denied")


class SuspiciousStorage(FileSystemStorage):
    def _save(self, name, content):
        from django.core.exceptions import SuspiciousFileOperation

        raise SuspiciousFileOperation("Detected path traversal attempt")


class OrganisationCardBuilder(PdfBuilder):
    """A small builder about one organisation, for the pipeline's own tests."""

    kind = "test-fiche"
    label = "Fiche"
    template_name = "reports/pdf/base.html"
    model = "partners.Organisation"

    def plan(self, obj, parameters):
        return Plan(
            title=f"Fiche {obj.name}",
            organiser_name=obj.name,
            logo=obj.logo,
            context={"kind": self.kind},
        )


@pytest.fixture
def card_builder():
    builder = OrganisationCardBuilder()
    PDF_BUILDERS[builder.kind] = builder
    yield builder
    PDF_BUILDERS.pop(builder.kind, None)


def test_request_report_renders_the_aide_memoire_with_names_and_contacts(
    django_capture_on_commit_callbacks,
):
    seniors = AudienceFactory(name="Seniors")
    club = OrganisationFactory(name="Club des aînés de Meaux", commune="Meaux")
    club.audiences.add(seniors)
    MembershipFactory(
        organisation=club,
        person__first_name="Annie",
        person__last_name="Marchand",
        function="Coordinatrice",
    )
    user = CoordinatorFactory()

    job = ask(
        django_capture_on_commit_callbacks, kind="aide-memoire", obj=None, user=user
    )

    text = pdf_text(job_pdf(job))
    assert (job.status, job.progress, job.error) == ("ready", 100, "")
    assert "Club des aînés de Meaux" in text
    assert "Annie Marchand" in text
    assert job_pdf(job)[:5] == b"%PDF-"
    assert job.size == len(job_pdf(job))
    assert len(job.checksum) == 64
    assert job.file.name.endswith(f"aide-memoire-{timezone.localdate():%Y-%m-%d}.pdf")
    assert pdf_metadata(job_pdf(job)) == (job.title, "fr")


def test_request_report_returns_the_active_job_when_asked_twice():
    user = CoordinatorFactory()

    first = services.request_report(kind="aide-memoire", obj=None, user=user)
    second = services.request_report(kind="aide-memoire", obj=None, user=user)

    assert (second.pk, second.status) == (first.pk, "pending")
    assert ReportJob.objects.count() == 1


def test_request_report_returns_the_ready_job_while_the_data_is_unchanged(
    django_capture_on_commit_callbacks,
):
    OrganisationFactory(name="Pro Bono Lab")
    user = CoordinatorFactory()
    first = ask(
        django_capture_on_commit_callbacks, kind="aide-memoire", obj=None, user=user
    )

    again = services.request_report(kind="aide-memoire", obj=None, user=user)

    assert (again.pk, again.status) == (first.pk, "ready")
    assert services.job_is_current(first) is True


def test_request_report_makes_a_new_job_once_the_data_changed(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory(name="Pro Bono Lab")
    user = CoordinatorFactory()
    first = ask(
        django_capture_on_commit_callbacks, kind="aide-memoire", obj=None, user=user
    )
    organisation.name = "Pro Bono Lab Île-de-France"
    organisation.save()

    second = ask(
        django_capture_on_commit_callbacks, kind="aide-memoire", obj=None, user=user
    )

    assert second.pk != first.pk
    assert services.job_is_current(first) is False
    assert "Pro Bono Lab Île-de-France" in pdf_text(job_pdf(second))


def test_request_report_applies_the_directory_filters(
    django_capture_on_commit_callbacks,
):
    youth = AudienceFactory(name="Jeunes")
    seniors = AudienceFactory(name="Seniors")
    OrganisationFactory(name="Mission locale").audiences.add(youth)
    OrganisationFactory(name="Relais amicaux").audiences.add(seniors)
    user = CoordinatorFactory()

    job = ask(
        django_capture_on_commit_callbacks,
        kind="aide-memoire",
        obj=None,
        user=user,
        parameters={"audience": str(youth.pk), "page": "2"},
    )

    text = pdf_text(job_pdf(job))
    assert job.parameters == {"audience": str(youth.pk), "group_by": "audience"}
    assert ("Mission locale" in text, "Relais amicaux" in text) == (True, False)


def test_request_report_groups_by_commune_when_asked(
    django_capture_on_commit_callbacks,
):
    OrganisationFactory(name="CCAS d'Angers", commune="Angers", postal_code="49000")
    OrganisationFactory(name="MDS Provins", commune="Provins", postal_code="77160")
    user = CoordinatorFactory()

    job = ask(
        django_capture_on_commit_callbacks,
        kind="aide-memoire",
        obj=None,
        user=user,
        parameters={"group_by": "commune"},
    )

    text = pdf_text(job_pdf(job))
    assert "49000 Angers" in text
    # Grouped by commune: the index by commune comes first.
    assert text.index("Index par commune") < text.index("Index par public")


@pytest.mark.parametrize("factory", [FunderFactory])
def test_request_report_refuses_a_user_outside_the_documents_scope(factory):
    """The directory is outside a funder's scope: "no such object" (a 404
    for a page), not a 403 (issue 12). Partners download the aide-mémoire
    (issue 14, tests/partners/test_aide_memoire_memo.py)."""
    user = factory()

    with pytest.raises(ObjectDoesNotExist):
        services.request_report(kind="aide-memoire", obj=None, user=user)

    assert ReportJob.objects.count() == 0


def test_request_report_refuses_minutes_to_a_funder_of_the_meeting():
    """In scope (a funder reads the minutes) but not its action: a 403."""
    monoprix = OrganisationFactory()
    meeting = MeetingFactory(funders=[monoprix])

    with pytest.raises(PermissionDenied):
        services.request_report(
            kind="compte-rendu",
            obj=meeting,
            user=FunderFactory(organisations=[monoprix]),
        )

    assert ReportJob.objects.count() == 0


def test_request_report_fails_the_job_at_once_when_the_broker_is_down(
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(render_report_task, "apply_async", broker_down)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="aide-memoire",
        obj=None,
        user=CoordinatorFactory(),
    )

    assert job.status == "failed"
    assert job.error == (
        "Le service de génération des documents ne répond pas pour le moment. "
        "Veuillez réessayer dans quelques minutes."
    )


def test_render_task_fails_the_job_when_its_object_was_deleted(card_builder):
    organisation = OrganisationFactory(name="Structure dissoute")
    job = ReportJobFactory(kind=card_builder.kind, object_id=str(organisation.pk))
    organisation.delete()

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "L'objet a été supprimé.")


def test_render_task_fails_the_job_on_a_template_error(
    card_builder, settings, tmp_path
):
    templates = tmp_path / "templates" / "reports" / "pdf"
    templates.mkdir(parents=True)
    (templates / "broken.html").write_text("{% if %}oops")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    card_builder.template_name = "reports/pdf/broken.html"
    organisation = OrganisationFactory()
    job = ReportJobFactory(kind=card_builder.kind, object_id=str(organisation.pk))

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("Le modèle du document contient une erreur")


def test_render_task_fails_the_job_when_its_template_is_missing(card_builder):
    card_builder.template_name = "reports/pdf/nowhere.html"
    job = ReportJobFactory(
        kind=card_builder.kind, object_id=str(OrganisationFactory().pk)
    )

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert job.status == "failed"
    assert "reports/pdf/nowhere.html" in job.error


def test_render_task_renders_without_a_logo_missing_from_storage(card_builder):
    organisation = OrganisationFactory(name="Sans logo", logo="logos/disparu.png")
    job = ReportJobFactory(kind=card_builder.kind, object_id=str(organisation.pk))

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert (job.status, job.error) == ("ready", "")
    assert "Fiche Sans logo" in pdf_text(job_pdf(job))


def test_render_task_fails_the_job_when_storage_refuses_the_file(
    card_builder, settings, monkeypatch
):
    from config.celery import app

    # Retries then run inline one after the other, as a worker runs them.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "tests.reports.test_services.RefusingStorage"},
    }
    job = ReportJobFactory(
        kind=card_builder.kind, object_id=str(OrganisationFactory().pk)
    )

    render_report_task.apply(kwargs={"job_id": str(job.pk)}, throw=False)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "Le fichier n'a pas pu être enregistré\u00a0: Permission denied. "
        "Veuillez réessayer plus tard."
    )
    assert job.attempts == 4


def test_render_task_fails_at_once_when_storage_rejects_the_name(
    card_builder, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "tests.reports.test_services.SuspiciousStorage"},
    }
    job = ReportJobFactory(
        kind=card_builder.kind, object_id=str(OrganisationFactory().pk)
    )

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error.startswith("Le fichier n'a pas pu être enregistré")


def test_render_task_leaves_a_finished_job_alone(card_builder):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.READY,
        file="reports/deja-pret.pdf",
    )

    result = render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert (result.result, job.status, job.attempts) == (None, "ready", 0)
    assert job.file.name == "reports/deja-pret.pdf"


def test_render_task_lets_a_redelivered_message_reclaim_its_running_job(
    card_builder,
):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.RUNNING,
        task_id="tache-redelivree",
        attempts=1,
    )

    render_report_task.apply(kwargs={"job_id": str(job.pk)}, task_id="tache-redelivree")

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("ready", 2)


def test_render_task_does_not_steal_a_job_another_task_runs(card_builder):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.RUNNING,
        task_id="autre-tache",
        attempts=1,
    )

    render_report_task.apply(kwargs={"job_id": str(job.pk)}, task_id="doublon")

    job.refresh_from_db()
    assert (job.status, job.attempts, job.task_id) == ("running", 1, "autre-tache")


def test_requeue_stale_jobs_sends_a_job_whose_worker_died_again(card_builder):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.RUNNING,
        task_id="tache-perdue",
        attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )

    requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    assert (requeued, job.status, job.attempts) == (1, "ready", 2)


def test_requeue_stale_jobs_leaves_a_living_job_alone(card_builder):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.RUNNING,
        task_id="tache-vivante",
        attempts=1,
        heartbeat_at=timezone.now(),
    )

    requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    assert (requeued, job.status) == (0, "running")


def test_requeue_stale_jobs_fails_a_job_tried_too_often(card_builder):
    job = ReportJobFactory(
        kind=card_builder.kind,
        object_id=str(OrganisationFactory().pk),
        status=ReportJob.Status.RUNNING,
        attempts=services.MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )

    services.requeue_stale_jobs()

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("Le document n'a pas pu être généré après plusieurs")


def test_requeue_stale_jobs_sends_a_pending_job_whose_message_was_lost(
    card_builder,
):
    job = ReportJobFactory(
        kind=card_builder.kind, object_id=str(OrganisationFactory().pk)
    )
    ReportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=1)
    )

    services.requeue_stale_jobs()

    job.refresh_from_db()
    assert job.status == "ready"


def test_long_aide_memoire_is_rendered_by_sections_with_page_numbers_and_toc(
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    monkeypatch.setattr(PDF_BUILDERS["aide-memoire"], "section_weight_limit", 12)
    for name in ("Familles", "Jeunes", "Seniors"):
        audience = AudienceFactory(name=name)
        for number in range(15):
            OrganisationFactory(name=f"{name} association {number:02d}").audiences.add(
                audience
            )

    job = ask(
        django_capture_on_commit_callbacks,
        kind="aide-memoire",
        obj=None,
        user=CoordinatorFactory(),
    )

    pages = pdf_pages(job_pdf(job))
    total = len(pages)
    assert job.page_count == total
    assert [f"page {n} / {total}" in text for n, text in enumerate(pages, 1)] == [
        True
    ] * total
    # The memo's parts (issue 14): entries from A to Z, then the indexes.
    titles = ("Organisations de A à Z", "Index par public", "Index par commune")
    starts = {
        title: next(n for n, text in enumerate(pages[1:], 2) if title in text)
        for title in titles
    }
    toc = {
        title: int(number)
        for title, number in re.findall(
            r"(Organisations de A à Z|Index par public|Index par commune) \.+ ?(\d+)",
            flatten(pages[0]),
        )
    }
    assert toc == starts
    assert pdf_metadata(job_pdf(job)) == (job.title, "fr")


def test_chunk_sections_packs_sections_up_to_the_limit():
    from reports.rendering import chunk_sections

    sections = [Section(context={}, weight=w) for w in (5, 5, 3, 9, 1)]

    chunks = chunk_sections(sections, 10)

    assert [[s.weight for s in chunk] for chunk in chunks] == [[5, 5], [3], [9, 1]]


def test_long_aide_memoire_sections_can_go_to_several_workers(
    django_capture_on_commit_callbacks, monkeypatch, settings, private_storage
):
    settings.REPORTS_PARALLEL_SECTIONS = True
    monkeypatch.setattr(PDF_BUILDERS["aide-memoire"], "section_weight_limit", 12)
    for name in ("Familles", "Jeunes", "Seniors"):
        audience = AudienceFactory(name=name)
        for number in range(15):
            OrganisationFactory(name=f"{name} association {number:02d}").audiences.add(
                audience
            )

    job = ask(
        django_capture_on_commit_callbacks,
        kind="aide-memoire",
        obj=None,
        user=CoordinatorFactory(),
    )

    pages = pdf_pages(job_pdf(job))
    total = len(pages)
    # The memo's parts (issue 14): entries from A to Z, then the indexes.
    titles = ("Organisations de A à Z", "Index par public", "Index par commune")
    starts = {
        title: next(n for n, text in enumerate(pages[1:], 2) if title in text)
        for title in titles
    }
    toc = {
        title: int(number)
        for title, number in re.findall(
            r"(Organisations de A à Z|Index par public|Index par commune) \.+ ?(\d+)",
            flatten(pages[0]),
        )
    }
    assert (job.status, job.page_count) == ("ready", total)
    assert [f"page {n} / {total}" in text for n, text in enumerate(pages, 1)] == [
        True
    ] * total
    assert toc == starts
    assert list((private_storage / "reports" / "parts" / str(job.pk)).iterdir()) == []
