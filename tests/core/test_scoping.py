"""One scope per audience: who sees which object, and every door agrees.

Two funders, two partners and a coordinator; the data that could leak is
created for each (a funded draft, another funder's event, another partner's
entry, a job about each event). Each model's ``for_user`` is checked, then
each door: the pages, the document request, the job pages and download, the
htmx fragments and the exports.
"""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations.models import Questionnaire
from events.models import Committee, Event, EventSeries
from partners.models import ChangeRequest, Organisation, Partnership
from reports.models import ReportJob
from reports.registry import get_builder
from tests.factories import (
    ChangeRequestFactory,
    CommitteeFactory,
    CoordinatorFactory,
    EventFactory,
    EventSeriesFactory,
    FunderFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnerUserFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.reports import ReportJobFactory

pytestmark = pytest.mark.django_db


def ready_job(event, *, kind="programme", requested_by=None):
    job = ReportJobFactory(
        kind=kind,
        object_id=str(event.pk),
        title=f"{kind} — {event.title}",
        requested_by=requested_by,
        status=ReportJob.Status.READY,
    )
    job.file.save(f"{kind}-{event.pk}.pdf", ContentFile(b"%PDF-1.7 test"))
    return job


@pytest.fixture
def world():
    """Everything each audience could see, and what it must not."""
    fondation, region = OrganisationFactory(), OrganisationFactory()
    reso, maison = OrganisationFactory(), OrganisationFactory()
    w = SimpleNamespace(
        fondation=fondation,
        region=region,
        reso=reso,
        maison=maison,
        funder=FunderFactory(organisations=[fondation]),
        other_funder=FunderFactory(organisations=[region]),
        partner=PartnerUserFactory(organisations=[reso]),
        other_partner=PartnerUserFactory(organisations=[maison]),
        coordinator=CoordinatorFactory(),
    )
    w.funded = EventFactory(title="Journée financée", funders=[fondation])
    w.funded_draft = EventFactory(
        title="Brouillon financé", status=Event.Status.DRAFT, funders=[fondation]
    )
    w.funded_cancelled = EventFactory(
        title="Annulée", status=Event.Status.CANCELLED, funders=[fondation]
    )
    w.other_funded = EventFactory(title="Financée par la Région", funders=[region])
    w.organised = EventFactory(title="Organisée par le Réso", organiser=reso)
    w.co_organised = EventFactory(title="Co-organisée")
    w.co_organised.co_organisers.set([reso])
    w.organised_draft = EventFactory(status=Event.Status.DRAFT, organiser=reso)
    w.funded_meeting = MeetingFactory(title="Comité de suivi", funders=[fondation])
    w.series = EventSeriesFactory()
    w.committee = CommitteeFactory()
    w.questionnaire = QuestionnaireFactory(event=w.funded)
    w.partnership = PartnershipFactory(first=reso, second=fondation)
    w.other_partnership = PartnershipFactory(first=maison, second=region)
    w.change = ChangeRequestFactory(organisation=reso)
    w.other_change = ChangeRequestFactory(organisation=maison)
    w.funded_job = ready_job(w.funded, requested_by=w.coordinator)
    w.draft_job = ready_job(w.funded_draft, requested_by=w.coordinator)
    w.other_job = ready_job(w.other_funded, requested_by=w.coordinator)
    w.organised_job = ready_job(w.organised)
    w.minutes_job = ready_job(w.funded_meeting, kind="compte-rendu")
    w.directory_job = ReportJobFactory(requested_by=w.coordinator)
    return w


# -- the scopes ----------------------------------------------------------------


def by_pk(queryset):
    return sorted(queryset, key=lambda obj: str(obj.pk))


def test_event_scope_of_each_audience(world):
    w = world
    scopes = {
        name: by_pk(Event.objects.for_user(getattr(w, name)))
        for name in ("funder", "other_funder", "partner", "other_partner")
    }

    assert scopes == {
        "funder": by_pk([w.funded, w.funded_meeting]),
        "other_funder": [w.other_funded],
        "partner": by_pk([w.organised, w.co_organised]),
        "other_partner": [],
    }
    assert Event.objects.for_user(w.coordinator).count() == Event.objects.count()


def test_event_scope_is_empty_for_a_visitor_and_a_user_without_a_role(world):
    from django.contrib.auth.models import AnonymousUser

    nobody = UserFactory(roles=[], organisations=[world.fondation])

    assert (
        list(Event.objects.for_user(AnonymousUser())),
        list(Event.objects.for_user(nobody)),
    ) == ([], [])


@pytest.mark.parametrize(
    "model", [EventSeries, Committee, Questionnaire], ids=lambda m: m.__name__
)
def test_back_office_models_are_seen_by_coordinators_only(world, model):
    w = world
    seen = {
        name: model.objects.for_user(getattr(w, name)).count()
        for name in ("funder", "partner", "coordinator")
    }

    assert seen == {"funder": 0, "partner": 0, "coordinator": 1}


def test_directory_scopes_give_a_partner_its_own_entry(world):
    w = world

    assert (
        list(Organisation.objects.for_user(w.partner)),
        list(Partnership.objects.for_user(w.partner)),
        list(ChangeRequest.objects.for_user(w.partner)),
        list(Organisation.objects.for_user(w.funder)),
        Organisation.objects.for_user(w.coordinator).count(),
    ) == ([w.reso], [w.partnership], [w.change], [], Organisation.objects.count())


def test_report_job_scope_follows_the_scope_of_its_object(world):
    w = world

    assert {
        name: by_pk(ReportJob.objects.for_user(getattr(w, name)))
        for name in ("funder", "other_funder", "partner", "other_partner")
    } == {
        "funder": by_pk([w.funded_job, w.minutes_job]),
        "other_funder": [w.other_job],
        # The directory's aide-mémoire is every partner's to download (issue 14).
        "partner": by_pk([w.organised_job, w.directory_job]),
        "other_partner": [w.directory_job],
    }
    assert ReportJob.objects.for_user(w.coordinator).count() == 6


def test_builders_fetch_their_object_through_the_scope(world):
    w = world
    programme = get_builder("programme")

    assert programme.get_object(w.funder, str(w.funded.pk)) == w.funded
    for object_id in (str(w.funded_draft.pk), str(w.other_funded.pk), "9" * 40):
        with pytest.raises(Event.DoesNotExist):
            programme.get_object(w.funder, object_id)
    # The worker and the command line (no user) reach every object.
    assert programme.get_object(None, str(w.funded_draft.pk)) == w.funded_draft


# -- the doors -----------------------------------------------------------------


def test_a_funder_gets_404_on_every_door_of_its_unpublished_event(client, world):
    """The issue's case: a funded draft was 404 on its page yet its
    programme could be generated and downloaded."""
    w = world
    event = w.funded_draft
    client.force_login(w.funder)

    codes = [
        client.get(reverse("events:partner_event_detail", args=[event.pk])),
        client.get(reverse("events:orga_event_detail", args=[event.pk])),
        client.post(
            reverse("reports:job_request"),
            {"kind": "programme", "object_id": event.pk},
        ),
        client.get(reverse("reports:job_detail", args=[w.draft_job.pk])),
        client.get(reverse("reports:job_status", args=[w.draft_job.pk])),
        client.get(reverse("reports:job_download", args=[w.draft_job.pk])),
        client.post(reverse("reports:job_retry", args=[w.draft_job.pk])),
    ]

    assert [response.status_code for response in codes] == [404] * 7
    assert ReportJob.objects.filter(object_id=str(event.pk)).count() == 1


@pytest.mark.parametrize("event_name", ["other_funded", "funded_cancelled"])
def test_a_funder_cannot_ask_for_the_programme_of_an_event_outside_its_scope(
    client, world, event_name
):
    event = getattr(world, event_name)
    jobs_before = ReportJob.objects.count()
    client.force_login(world.funder)

    response = client.post(
        reverse("reports:job_request"), {"kind": "programme", "object_id": event.pk}
    )

    assert (response.status_code, ReportJob.objects.count()) == (404, jobs_before)


def test_a_funder_gets_the_documents_of_what_it_funds(client, world):
    w = world
    client.force_login(w.funder)

    page = client.get(reverse("events:partner_event_detail", args=[w.funded.pk]))
    download = client.get(reverse("reports:job_download", args=[w.funded_job.pk]))
    request = client.post(
        reverse("reports:job_request"),
        {"kind": "programme", "object_id": w.funded.pk},
    )

    assert (page.status_code, download.status_code, request.status_code) == (
        200,
        200,
        302,
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"


def test_a_funder_may_read_but_not_order_the_minutes_of_a_meeting_it_funds(
    client, world
):
    """In scope but not its action: a 403, and no job."""
    w = world
    client.force_login(w.funder)

    download = client.get(reverse("reports:job_download", args=[w.minutes_job.pk]))
    request = client.post(
        reverse("reports:job_request"),
        {"kind": "compte-rendu", "object_id": w.funded_meeting.pk},
    )

    assert (download.status_code, request.status_code) == (200, 403)
    assert ReportJob.objects.filter(kind="compte-rendu").count() == 1


def test_a_funder_gets_404_on_another_funders_event_and_its_exports(client, world):
    w = world
    event = w.other_funded
    RegistrationFactory(event=event, email="inscrite@example.org")
    client.force_login(w.funder)

    responses = [
        client.get(reverse("events:partner_event_detail", args=[event.pk])),
        client.get(reverse("events:orga_attendee_export", args=[event.pk, "csv"])),
        client.get(reverse("events:orga_programme", args=[event.pk])),  # htmx
        client.get(reverse("reports:job_download", args=[w.other_job.pk])),
        client.get(reverse("reports:job_status", args=[w.other_job.pk])),
        client.get(reverse("partners:orga_export", args=["csv"])),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    assert all(b"inscrite@example.org" not in r.content for r in responses)


def test_a_partner_sees_its_own_entry_and_gets_404_on_others(client, world):
    w = world
    client.force_login(w.partner)

    own = client.get(reverse("partners:partner_organisation_update", args=[w.reso.pk]))
    others = [
        client.get(reverse("partners:partner_organisation_update", args=[w.maison.pk])),
        client.get(reverse("partners:orga_organisation_detail", args=[w.reso.pk])),
        client.get(reverse("partners:orga_organisation_detail", args=[w.maison.pk])),
        client.post(
            reverse("partners:orga_changerequest_review", args=[w.other_change.pk]),
            {"decision": "accept"},
        ),
        client.get(reverse("events:orga_series_detail", args=[w.series.pk])),
        client.get(
            reverse("partners:partnership_convention", args=[w.other_partnership.pk])
        ),
    ]

    assert own.status_code == 200
    assert [r.status_code for r in others] == [404] * 6
    w.other_change.refresh_from_db()
    assert w.other_change.status == ChangeRequest.Status.PENDING


def test_back_office_sections_are_a_403_for_a_signed_in_user_without_the_role(
    client, world
):
    client.force_login(world.funder)

    codes = [
        client.get(reverse(name)).status_code
        for name in (
            "partners:orga_organisation_list",
            "events:orga_event_list",
            "events:orga_series_list",
            "partners:orga_changerequest_list",
        )
    ]

    assert codes == [403] * 4


@pytest.mark.parametrize(
    "url",
    [
        "/espace/evenements/",
        "/espace/evenements/1/",
        "/espace-partenaire/ma-structure/",
        "/documents/",
        "/annuaire/1/",
    ],
)
def test_a_visitor_of_a_signed_in_page_goes_to_the_sign_in_page(client, url):
    response = client.get(url)

    assert (response.status_code, response.url) == (
        302,
        f"{reverse('login')}?next={url}",
    )


def test_a_coordinator_opens_every_door(client, world):
    w = world
    client.force_login(w.coordinator)

    codes = [
        client.get(reverse("events:orga_event_detail", args=[w.funded_draft.pk])),
        client.get(reverse("events:orga_series_detail", args=[w.series.pk])),
        client.get(reverse("partners:orga_organisation_detail", args=[w.maison.pk])),
        client.get(reverse("reports:job_download", args=[w.other_job.pk])),
        client.get(reverse("partners:orga_export", args=["csv"])),
    ]

    assert [r.status_code for r in codes] == [200] * 5


def test_the_job_list_shows_a_funder_its_jobs_in_scope_only(client, world):
    w = world
    mine = ready_job(w.funded, requested_by=w.funder)
    ready_job(w.other_funded, requested_by=w.funder)  # no longer its scope
    client.force_login(w.funder)

    response = client.get(reverse("reports:job_list"))

    assert list(response.context["jobs"]) == [mine]


@pytest.mark.parametrize("object_id", ["9" * 40, "-1", "douze", ""])
def test_a_junk_object_id_is_a_404_and_no_job(client, object_id):
    client.force_login(CoordinatorFactory())

    response = client.post(
        reverse("reports:job_request"), {"kind": "programme", "object_id": object_id}
    )

    assert (response.status_code, ReportJob.objects.count()) == (404, 0)
