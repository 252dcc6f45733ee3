"""The coordinator's home holds the week's work (issue 14)."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.home import PANEL_SIZE, coordinator_week
from core.models import User
from events.models import Action, Event
from partners.models import ChangeRequest
from reports.models import ReportJob
from tests.factories import (
    ActionFactory,
    ChangeRequestFactory,
    EventFactory,
    EventPartFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    ResponseFactory,
)
from tests.factories.reports import ReportJobFactory

pytestmark = pytest.mark.django_db


def _soon(days):
    return timezone.now() + dt.timedelta(days=days)


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("core:dashboard"))


def _text(response) -> str:
    """The page's text, tags removed and spaces folded (no-break ones too)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " "))


def _links(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


def _fill_week(size: int) -> None:
    """``size`` rows of every kind the home page shows, and the rows it must
    leave out."""
    today = timezone.localdate()
    for n in range(size):
        day = EventFactory(title=f"Journée {n}", starts_at=_soon(3 + n))
        matin = EventPartFactory(event=day, title="Matinée", capacity=1)
        RegistrationPartFactory(registration__event=day, part=matin)
        RegistrationPartFactory(registration__event=day, part=matin, waiting_position=1)
        soiree = EventFactory(title=f"Soirée {n}", starts_at=_soon(4), capacity=2)
        RegistrationFactory(event=soiree)
        RegistrationFactory(event=soiree, waiting_position=1)

        meeting = MeetingFactory(title=f"Comité {n}", starts_at=_soon(-20))
        ActionFactory(
            event=meeting,
            description=f"Relancer la mairie {n}",
            due_on=today - dt.timedelta(days=2),
            person=PersonFactory(first_name="Zoé", last_name=f"Martin{n}"),
            organisation=OrganisationFactory(name=f"CCAS {n}"),
        )

        ChangeRequestFactory(organisation=OrganisationFactory(name=f"Asso {n}"))

        questionnaire = QuestionnaireFactory(title=f"Satisfaction {n}", event=day)
        ResponseFactory.create_batch(2, questionnaire=questionnaire)

        ready = ReportJobFactory(
            title=f"Compte-rendu {n}",
            status=ReportJob.Status.READY,
            finished_at=timezone.now(),
        )
        ready.file.save(f"compte-rendu-{n}.pdf", ContentFile(b"%PDF-1.7 test"))
        ReportJobFactory(
            title=f"Programme {n}",
            status=ReportJob.Status.FAILED,
            finished_at=timezone.now(),
            error="WeasyPrint a échoué",
        )


def test_home_shows_the_next_events_with_seats_and_waiting_lists(client, coordinator):
    day = EventFactory(title="Rencontres Agir ensemble", starts_at=_soon(5))
    matin = EventPartFactory(event=day, title="Matinée bénévoles", capacity=2)
    apres = EventPartFactory(event=day, title="Après-midi", capacity=None)
    RegistrationPartFactory.create_batch(2, registration__event=day, part=matin)
    RegistrationPartFactory(registration__event=day, part=matin, waiting_position=1)
    RegistrationPartFactory(registration__event=day, part=apres)
    cancelled = RegistrationPartFactory(registration__event=day, part=apres)
    cancelled.registration.cancelled_at = timezone.now()
    cancelled.registration.save()
    soiree = EventFactory(title="Soirée-débat", starts_at=_soon(2), capacity=10)
    RegistrationFactory.create_batch(3, event=soiree)
    EventFactory(title="Journée passée", starts_at=_soon(-10))
    EventFactory(title="Journée annulée", status=Event.Status.CANCELLED)
    MeetingFactory(title="Réunion du groupe", starts_at=_soon(1))

    response = _home(client, coordinator)

    week = response.context["week"]
    assert [event.title for event in week.events.rows] == [
        "Soirée-débat",
        "Rencontres Agir ensemble",
    ]
    text = _text(response)
    assert "Prochains événements 2" in text
    assert "3 places prises sur 10" in text
    assert "Matinée bénévoles : 2 places prises sur 2" in text
    assert "Après-midi : 1 inscrit·e, sans limite" in text
    assert "Liste d’attente : 1 personne" in text
    assert "4 inscriptions" in text
    links = _links(response)
    assert reverse("events:orga_event_detail", args=[day.pk]) in links
    assert reverse("events:orga_attendee_list", args=[day.pk]) in links
    waiting = reverse("events:orga_attendee_list", args=[day.pk]) + "?waiting=yes"
    assert waiting in links
    assert (
        reverse("events:orga_attendee_list", args=[soiree.pk]) + "?waiting=yes"
        not in links
    )


def test_home_counts_an_event_waiting_list_without_parts(client, coordinator):
    soiree = EventFactory(title="Ciné-débat", starts_at=_soon(2), capacity=1)
    RegistrationFactory(event=soiree)
    RegistrationFactory.create_batch(2, event=soiree, waiting_position=1)

    response = _home(client, coordinator)

    (event,) = response.context["week"].events.rows
    assert (event.confirmed_count, event.waiting_total) == (1, 2)
    assert "1 place prise sur 1" in _text(response)
    assert "Liste d’attente : 2 personnes" in _text(response)


def test_home_lists_open_actions_due_this_week_or_late_with_their_owners(
    client, coordinator
):
    today = timezone.localdate()
    meeting = MeetingFactory(title="Comité de pilotage", starts_at=_soon(-30))
    late = ActionFactory(
        event=meeting,
        description="Envoyer le bilan à la CAF",
        due_on=today - dt.timedelta(days=3),
        person=PersonFactory(first_name="Claire", last_name="Martin"),
    )
    due = ActionFactory(
        event=meeting,
        description="Réserver la salle",
        due_on=today + dt.timedelta(days=2),
        organisation=OrganisationFactory(name="Mairie de Meaux"),
    )
    ActionFactory(event=meeting, due_on=today + dt.timedelta(days=30))
    ActionFactory(event=meeting, due_on=None)
    ActionFactory(event=meeting, due_on=today, status=Action.Status.DONE)
    ActionFactory(event=meeting, due_on=today, status=Action.Status.DROPPED)

    response = _home(client, coordinator)

    assert response.context["week"].actions.rows == [late, due]
    text = _text(response)
    assert "Actions dues ou en retard 2" in text
    assert "En retard" in text
    assert "Claire Martin" in text
    assert "Mairie de Meaux" in text
    assert text.count("En retard") == 1
    assert reverse(
        "events:orga_meeting_detail", args=[meeting.pk]
    ) + "#actions" in _links(response)


def test_home_lists_pending_proposals_with_their_review_page(client, coordinator):
    pending = ChangeRequestFactory(
        organisation=OrganisationFactory(name="Secours populaire"),
        proposed={"phone": "01 60 00 00 00", "email": "contact@example.org"},
        submitter_name="Nadia Benali",
    )
    ChangeRequestFactory(status=ChangeRequest.Status.ACCEPTED)
    ChangeRequestFactory(status=ChangeRequest.Status.REJECTED)

    response = _home(client, coordinator)

    assert response.context["week"].change_requests.rows == [pending]
    assert "2 champs, proposés par Nadia Benali" in _text(response)
    # Proposals are accepted or rejected on their list, field by field.
    assert reverse("partners:orga_changerequest_list") in _links(response)


def test_home_lists_open_questionnaires_with_their_answer_counts(client, coordinator):
    open_one = QuestionnaireFactory(title="Satisfaction 2026")
    ResponseFactory.create_batch(3, questionnaire=open_one)
    QuestionnaireFactory(title="Pas encore ouvert", opens_at=None)
    QuestionnaireFactory(title="Fermé", opens_at=_soon(-10), closes_at=_soon(-1))

    response = _home(client, coordinator)

    assert response.context["week"].questionnaires.rows == [open_one]
    assert "3 réponses" in _text(response)
    assert reverse(
        "evaluations:orga_questionnaire_results", args=[open_one.pk]
    ) in _links(response)


def test_home_lists_documents_just_rendered_or_failed(client, coordinator):
    ready = ReportJobFactory(
        title="Compte-rendu du comité",
        status=ReportJob.Status.READY,
        finished_at=timezone.now() - dt.timedelta(hours=1),
    )
    failed = ReportJobFactory(
        title="Programme des Rencontres",
        status=ReportJob.Status.FAILED,
        finished_at=timezone.now(),
    )
    ReportJobFactory(title="En cours", status=ReportJob.Status.RUNNING)
    ReportJobFactory(
        title="Ancien",
        status=ReportJob.Status.READY,
        finished_at=timezone.now() - dt.timedelta(days=20),
    )

    response = _home(client, coordinator)

    assert response.context["week"].documents.rows == [failed, ready]
    links = _links(response)
    assert reverse("reports:job_download", args=[ready.pk]) in links
    assert reverse("reports:job_download", args=[failed.pk]) not in links
    assert reverse("reports:job_detail", args=[failed.pk]) in links
    text = _text(response)
    assert "Prêt" in text
    assert "Échec" in text


def test_home_says_in_french_that_the_week_is_empty(client, coordinator):
    response = _home(client, coordinator)

    text = _text(response)
    assert "Aucun événement à venir." in text
    assert "Aucune action du compte-rendu n’est due cette semaine." in text
    assert "Aucune proposition n’attend d’être examinée." in text
    assert "Aucun questionnaire n’est ouvert." in text
    assert "Aucun document n’a été généré cette semaine." in text
    assert reverse("events:orga_event_create") in _links(response)


def test_home_panel_shows_a_few_rows_and_says_how_many_more(client, coordinator):
    for n in range(PANEL_SIZE + 2):
        ChangeRequestFactory(organisation=OrganisationFactory(name=f"Asso {n}"))

    response = _home(client, coordinator)

    panel = response.context["week"].change_requests
    assert (len(panel.rows), panel.total, panel.more) == (PANEL_SIZE, 8, 2)
    assert "Et 2 de plus." in _text(response)
    assert reverse("partners:orga_changerequest_list") in _links(response)


def test_every_link_of_the_home_page_opens_for_the_coordinator(client, coordinator):
    _fill_week(1)

    response = _home(client, coordinator)

    links = sorted(
        link
        for link in _links(response)
        if link.startswith("/") and not link.startswith("/static/")
    )
    statuses = {link: client.get(link).status_code for link in links}
    assert statuses == dict.fromkeys(links, 200)


@pytest.mark.parametrize("size", (1, PANEL_SIZE + 2))
def test_home_query_count_does_not_grow_with_the_week(
    client, coordinator, size, django_assert_max_num_queries
):
    _fill_week(size)
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("core:dashboard"))

    assert response.context["week"].events.total == 2 * size


def test_home_runs_the_same_queries_for_one_row_or_many(coordinator):
    counts = []
    for size in (1, PANEL_SIZE):
        _fill_week(size)
        user = User.objects.get(pk=coordinator.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as queries:
            coordinator_week(user=user)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_partner_and_funder_see_their_own_home_not_the_coordinators(
    client, partner_user, funder
):
    _fill_week(1)

    for user in (partner_user, funder):
        response = _home(client, user)

        assert response.status_code == 200
        assert "week" not in response.context
        text = _text(response)
        assert "Prochains événements" not in text
        assert "Asso 0" not in text
        assert "Relancer la mairie" not in text


def test_home_sends_a_visitor_to_sign_in(client):
    _fill_week(1)

    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"
