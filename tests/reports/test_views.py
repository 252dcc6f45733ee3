import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from reports.models import ReportJob
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    FunderFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnerUserFactory,
)
from tests.factories.reports import ReportJobFactory

pytestmark = pytest.mark.django_db


def ready_job(**kwargs):
    job = ReportJobFactory(status=ReportJob.Status.READY, **kwargs)
    job.file.save("compte-rendu-reso77-2012-01-05.pdf", ContentFile(b"%PDF-1.7 test"))
    return job


def programme_job(event, **kwargs):
    return ready_job(
        kind="programme",
        object_id=str(event.pk),
        title=f"Programme — {event.title}",
        **kwargs,
    )


@pytest.mark.parametrize("job_count", (1, 4))
def test_job_list_query_count_is_constant(client, job_count, django_assert_num_queries):
    coordinator = CoordinatorFactory()
    ReportJobFactory.create_batch(job_count)
    client.force_login(coordinator)

    with django_assert_num_queries(5):
        response = client.get(reverse("reports:job_list"))

    assert len(response.context["jobs"]) == job_count


def test_job_list_shows_a_funder_only_its_own_jobs(client):
    monoprix = OrganisationFactory()
    funder = FunderFactory(organisations=[monoprix])
    event = EventFactory(funders=[monoprix])
    mine = programme_job(event, requested_by=funder)
    programme_job(event)
    ReportJobFactory(title="Celui de la coordination")
    client.force_login(funder)

    response = client.get(reverse("reports:job_list"))

    assert list(response.context["jobs"]) == [mine]


def test_job_list_shows_a_coordinator_every_job(client):
    coordinator = CoordinatorFactory()
    first = ReportJobFactory(requested_by=FunderFactory())
    second = ReportJobFactory(requested_by=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("reports:job_list"))

    assert set(response.context["jobs"]) == {first, second}


def test_job_list_sends_a_visitor_to_sign_in(client):
    response = client.get(reverse("reports:job_list"))

    assert (response.status_code, response.url.split("?")[0]) == (
        302,
        reverse("login"),
    )


def test_job_detail_renders_in_french(client):
    job = ready_job()
    client.force_login(job.requested_by)

    with translation.override("fr"):
        response = client.get(reverse("reports:job_detail", args=[job.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Télécharger le PDF" in content
    assert "Prêt" in content


def test_job_status_polls_while_the_job_is_active(client):
    job = ReportJobFactory(status=ReportJob.Status.RUNNING, progress=40)
    client.force_login(job.requested_by)

    response = client.get(reverse("reports:job_status", args=[job.pk]))

    content = response.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert 'value="40"' in content


def test_job_status_stops_polling_once_the_job_failed(client):
    job = ReportJobFactory(
        status=ReportJob.Status.FAILED, error="L'objet a été supprimé."
    )
    client.force_login(job.requested_by)

    response = client.get(reverse("reports:job_status", args=[job.pk]))

    content = response.content.decode()
    assert "hx-trigger" not in content
    assert "L&#x27;objet a été supprimé." in content
    assert reverse("reports:job_retry", args=[job.pk]) in content


def test_job_download_streams_the_pdf_with_a_french_file_name(client):
    job = ready_job()
    client.force_login(job.requested_by)

    response = client.get(reverse("reports:job_download", args=[job.pk]))

    assert response.streaming is True
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Disposition"] == (
        'attachment; filename="compte-rendu-reso77-2012-01-05.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"


def test_job_download_is_a_404_for_a_pending_job(client):
    job = ReportJobFactory()
    client.force_login(job.requested_by)

    response = client.get(reverse("reports:job_download", args=[job.pk]))

    assert response.status_code == 404


def test_job_pages_are_a_404_for_a_user_who_may_not_see_the_directory(client):
    """Funders; partners download the aide-mémoire (issue 14)."""
    job = ready_job()
    client.force_login(FunderFactory())

    statuses = [
        client.get(reverse(name, args=[job.pk])).status_code
        for name in ("reports:job_detail", "reports:job_status", "reports:job_download")
    ]

    assert statuses == [404, 404, 404]


def test_job_download_lets_a_funder_download_the_programme_it_funds(client):
    funder_organisation = OrganisationFactory(name="Fondation Monoprix")
    funder = FunderFactory(organisations=[funder_organisation])
    event = EventFactory()
    event.funders.add(funder_organisation)
    job = programme_job(event)
    client.force_login(funder)

    response = client.get(reverse("reports:job_download", args=[job.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_job_download_is_a_404_for_a_funder_of_another_event(client):
    funder = FunderFactory(organisations=[OrganisationFactory()])
    job = programme_job(EventFactory())
    client.force_login(funder)

    response = client.get(reverse("reports:job_download", args=[job.pk]))

    assert response.status_code == 404


def test_job_download_checks_permission_again_on_each_request(client):
    funder_organisation = OrganisationFactory()
    funder = FunderFactory(organisations=[funder_organisation])
    event = EventFactory()
    event.funders.add(funder_organisation)
    job = programme_job(event)
    client.force_login(funder)
    first = client.get(reverse("reports:job_download", args=[job.pk]))
    event.funders.remove(funder_organisation)

    second = client.get(reverse("reports:job_download", args=[job.pk]))

    assert (first.status_code, second.status_code) == (200, 404)


def test_job_request_queues_the_aide_memoire_and_shows_its_job(
    client, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    OrganisationFactory(name="Secours Catholique", commune="Meaux")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_request"),
            {
                "kind": "aide-memoire",
                "object_id": "",
                "parameters": "commune=Meaux&page=3",
                "group_by": "commune",
            },
        )

    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job_detail", args=[job.pk])
    assert (job.status, job.requested_by, job.parameters) == (
        "ready",
        coordinator,
        {"commune": "Meaux", "group_by": "commune"},
    )


def test_job_request_is_a_403_for_a_funder_asking_for_minutes(client):
    funder_organisation = OrganisationFactory()
    funder = FunderFactory(organisations=[funder_organisation])
    meeting = MeetingFactory()
    meeting.funders.add(funder_organisation)
    client.force_login(funder)

    response = client.post(
        reverse("reports:job_request"),
        {"kind": "compte-rendu", "object_id": str(meeting.pk)},
    )

    assert response.status_code == 403
    assert ReportJob.objects.count() == 0


def test_job_request_is_a_404_for_an_event_the_user_may_not_see(client):
    client.force_login(PartnerUserFactory(organisations=[OrganisationFactory()]))

    response = client.post(
        reverse("reports:job_request"),
        {"kind": "programme", "object_id": str(EventFactory().pk)},
    )

    assert response.status_code == 404
    assert ReportJob.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "bilan", "object_id": "1"},
        {"kind": "programme", "object_id": "999999"},
        {"kind": "programme", "object_id": "pas-un-nombre"},
        {"kind": "compte-rendu", "object_id": "0"},
    ],
)
def test_job_request_is_a_404_for_bad_input(client, data):
    client.force_login(CoordinatorFactory())

    response = client.post(reverse("reports:job_request"), data)

    assert response.status_code == 404
    assert ReportJob.objects.count() == 0


def test_job_request_is_a_404_for_minutes_of_an_event_that_is_no_meeting(client):
    client.force_login(CoordinatorFactory())

    response = client.post(
        reverse("reports:job_request"),
        {"kind": "compte-rendu", "object_id": str(EventFactory().pk)},
    )

    assert response.status_code == 404


def test_job_retry_queues_a_new_job_for_a_failed_one(
    client, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    failed = ReportJobFactory(
        requested_by=coordinator,
        status=ReportJob.Status.FAILED,
        error="Le service de génération des documents ne répond pas.",
    )
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[failed.pk]))

    new = ReportJob.objects.exclude(pk=failed.pk).get()
    assert response.url == reverse("reports:job_detail", args=[new.pk])
    assert new.status == "ready"


def test_job_retry_is_a_404_for_someone_else(client):
    failed = ReportJobFactory(status=ReportJob.Status.FAILED)
    client.force_login(FunderFactory())

    response = client.post(reverse("reports:job_retry", args=[failed.pk]))

    assert response.status_code == 404
    assert ReportJob.objects.count() == 1


def test_generate_button_shows_for_a_coordinator_and_posts_the_filters(rf):
    from django.template.loader import render_to_string

    request = rf.get("/annuaire/?commune=Meaux")
    request.user = CoordinatorFactory()

    html = render_to_string(
        "reports/includes/generate_button.html",
        {"kind": "aide-memoire", "object": None, "grouping": True},
        request=request,
    )

    assert 'name="parameters" value="commune=Meaux"' in html
    assert "Générer le PDF" in html


def test_generate_button_is_hidden_from_a_funder(rf):
    from django.template.loader import render_to_string

    request = rf.get("/annuaire/")
    request.user = FunderFactory()

    html = render_to_string(
        "reports/includes/generate_button.html",
        {"kind": "aide-memoire", "object": None},
        request=request,
    )

    assert html.strip() == ""


def test_job_send_mails_the_minutes_to_the_attendees(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import AttendanceFactory, PersonFactory

    meeting = MeetingFactory()
    AttendanceFactory(event=meeting, person=PersonFactory(email="cathy@example.org"))
    coordinator = CoordinatorFactory()
    job = ready_job(
        kind="compte-rendu", object_id=str(meeting.pk), requested_by=coordinator
    )
    client.force_login(coordinator)
    detail = client.get(reverse("reports:job_detail", args=[job.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_send", args=[job.pk]))

    assert "Envoyer aux participants" in detail.content.decode()
    assert response.url == reverse("reports:job_detail", args=[job.pk])
    assert [message.to for message in mail.outbox] == [["cathy@example.org"]]


def test_job_send_is_a_403_for_a_funder_of_the_meeting(client):
    from django.core import mail

    from tests.factories import AttendanceFactory, PersonFactory

    funder_organisation = OrganisationFactory()
    funder = FunderFactory(organisations=[funder_organisation])
    meeting = MeetingFactory()
    meeting.funders.add(funder_organisation)
    AttendanceFactory(event=meeting, person=PersonFactory(email="cathy@example.org"))
    job = ready_job(kind="compte-rendu", object_id=str(meeting.pk))
    client.force_login(funder)

    response = client.post(reverse("reports:job_send", args=[job.pk]))

    assert response.status_code == 403
    assert mail.outbox == []


def test_job_list_shows_a_job_asked_for_on_the_command_line(client):
    """``render_report`` asks with no user: the list said 500 (issue 12)."""
    job = ReportJobFactory(requested_by=None, title="Aide-mémoire du terminal")
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("reports:job_list"), HTTP_ACCEPT_LANGUAGE="fr")

    assert (response.status_code, list(response.context["jobs"])) == (200, [job])
    assert "Ligne de commande" in response.text


def test_job_list_empty_state_points_a_funder_to_its_events(client):
    funder = FunderFactory(organisations=[OrganisationFactory()])
    client.force_login(funder)

    response = client.get(reverse("reports:job_list"), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Aucun document pour l’instant." in response.text
    assert "page d’un de vos événements" in response.text
    assert "annuaire" not in response.text
