"""The three documents: their text is in the PDF, their queries are bounded."""

import datetime as dt

import pytest
from django.core import mail

from events.models import Attendance
from reports import services
from reports.models import ReportJob
from reports.registry import PDF_BUILDERS
from reports.tasks import render_report_task
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AgendaPointFactory,
    AttendanceFactory,
    CoordinatorFactory,
    DecisionFactory,
    EventFactory,
    EventPartFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    SpeakerFactory,
)

from .conftest import job_pdf, pdf_text

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=1))


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(**kwargs)
    job.refresh_from_db()
    return job


def reso77_meeting():
    reso77 = OrganisationFactory(name="RESO77", acronym="RESO77")
    mds = OrganisationFactory(name="Maison départementale des solidarités de Meaux")
    meeting = MeetingFactory(
        title="Réunion du groupe bénévoles / professionnels",
        organiser=reso77,
        starts_at=dt.datetime(2012, 1, 5, 14, 0, tzinfo=PARIS),
        ends_at=dt.datetime(2012, 1, 5, 16, 0, tzinfo=PARIS),
        venue_name="Maison des associations",
        venue_address="Meaux",
    )
    AttendanceFactory(
        event=meeting,
        person=PersonFactory(
            first_name="Cathy", last_name="Clerc", email="cathy@example.org"
        ),
        organisation=mds,
    )
    AttendanceFactory(
        event=meeting,
        person=PersonFactory(
            first_name="Danièle", last_name="Kubik", email="daniele@example.org"
        ),
        status=Attendance.Status.EXCUSED,
    )
    AgendaPointFactory(
        event=meeting,
        title="Bilan de la soirée-débat",
        notes='Les participants ont apprécié "le village des associations"!',
    )
    DecisionFactory(event=meeting, text="Organiser une seconde soirée-débat.")
    ActionFactory(
        event=meeting,
        description="Réserver la salle",
        person=PersonFactory(first_name="Annie", last_name="Marchand"),
        due_on=dt.date(2012, 2, 1),
    )
    meeting.next_meeting = MeetingFactory(
        organiser=reso77,
        starts_at=dt.datetime(2012, 3, 8, 14, 0, tzinfo=PARIS),
        ends_at=dt.datetime(2012, 3, 8, 16, 0, tzinfo=PARIS),
    )
    meeting.save()
    return meeting


def test_compte_rendu_shows_attendees_agenda_decisions_actions_and_next_meeting(
    django_capture_on_commit_callbacks,
):
    meeting = reso77_meeting()

    job = ask(
        django_capture_on_commit_callbacks,
        kind="compte-rendu",
        obj=meeting,
        user=CoordinatorFactory(),
    )

    text = pdf_text(job_pdf(job))
    assert job.status == "ready"
    assert job.file.name.endswith("compte-rendu-reso77-2012-01-05.pdf")
    for expected in (
        "Réunion du groupe bénévoles / professionnels",
        "jeudi 5 janvier 2012 à 14 h",
        "Cathy Clerc — Maison départementale des solidarités de Meaux",
        "Présent·es (1)",
        "Excusé·es (1)",
        "Danièle Kubik",
        "Bilan de la soirée-débat",
        "Organiser une seconde soirée-débat.",
        "Réserver la salle Annie Marchand mercredi 1 février 2012",
        "Prochaine réunion",
        "jeudi 8 mars 2012 à 14 h",
        "page 1 / 1",
    ):
        assert expected in text, expected


def test_compte_rendu_notes_follow_french_typography():
    from reports.templatetags.reports_tags import french_typography

    text = french_typography('Ils ont apprécié "le village"! Pourquoi? Voir: ici; là')

    assert text == (
        "Ils ont apprécié «\u00a0le village\u00a0»\u00a0! Pourquoi\u00a0? "
        "Voir\u00a0: ici\u00a0; là"
    )


def test_french_typography_leaves_times_and_addresses_alone():
    from reports.templatetags.reports_tags import french_typography

    text = french_typography("18:30 sur https://example.org/a?b=1")

    assert text == "18:30 sur https://example.org/a?b=1"


def test_send_to_attendees_mails_the_pdf_once_ready(
    django_capture_on_commit_callbacks,
):
    meeting = reso77_meeting()
    user = CoordinatorFactory()
    job = ask(
        django_capture_on_commit_callbacks, kind="compte-rendu", obj=meeting, user=user
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.request_sending(job=job, by=user)

    job.refresh_from_db()
    # One message per recipient, nobody in copy of anyone.
    assert sorted((m.to, m.bcc) for m in mail.outbox) == [
        (["cathy@example.org"], []),
        (["daniele@example.org"], []),
    ]
    assert {m.attachments[0][0] for m in mail.outbox} == {
        "compte-rendu-reso77-2012-01-05.pdf"
    }
    assert {m.attachments[0][1][:5] for m in mail.outbox} == {b"%PDF-"}
    assert job.sent_at is not None


def test_send_to_attendees_waits_for_the_job_then_mails_it_once(
    django_capture_on_commit_callbacks,
):
    meeting = reso77_meeting()
    user = CoordinatorFactory()
    job = services.request_report(kind="compte-rendu", obj=meeting, user=user)
    services.request_sending(job=job, by=user)
    assert len(mail.outbox) == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.queue_job(job=job)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_report(job_id=job.pk)
        again = services.send_report(job_id=job.pk)

    assert (again, len(mail.outbox)) == (0, 2)


def test_sent_minutes_are_outbox_rows_in_the_jobs_language_with_the_pdf_by_reference(
    django_capture_on_commit_callbacks,
):
    from core.models import OutboundMail

    meeting = reso77_meeting()
    user = CoordinatorFactory()
    job = ask(
        django_capture_on_commit_callbacks,
        kind="compte-rendu",
        obj=meeting,
        user=user,
        language="en",
    )
    ReportJob.objects.filter(pk=job.pk).update(send_to_recipients=True)

    assert services.send_report(job_id=job.pk) == 2

    rows = OutboundMail.objects.order_by("to")
    assert [(r.to, r.language, r.body.startswith("Hello,")) for r in rows] == [
        ("cathy@example.org", "en", True),
        ("daniele@example.org", "en", True),
    ]
    # The row names the stored PDF rather than holding its bytes.
    assert rows[0].attachments == [
        {
            "filename": "compte-rendu-reso77-2012-01-05.pdf",
            "mimetype": "application/pdf",
            "storage": "private",
            "name": job.file.name,
        }
    ]


def test_programme_shows_parts_times_rooms_speakers_and_venue(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(
        title="Journée inter-associative",
        starts_at=dt.datetime(2017, 12, 5, 9, 0, tzinfo=PARIS),
        ends_at=dt.datetime(2017, 12, 5, 17, 0, tzinfo=PARIS),
        venue_name="Salle des fêtes",
        venue_address="1 place de l'Hôtel de ville, 77100 Meaux",
    )
    morning = EventPartFactory(event=event, title="Matinée bénévoles")
    room = RoomFactory(event=event, name="Salle Colette")
    item = AgendaItemFactory(
        event=event,
        part=morning,
        room=room,
        title="Table ronde : l'engagement",
        starts_at=dt.datetime(2017, 12, 5, 9, 30, tzinfo=PARIS),
        ends_at=dt.datetime(2017, 12, 5, 10, 45, tzinfo=PARIS),
    )
    SpeakerFactory(agenda_item=item, name="Marie Dupont", title="sociologue, EHESS")

    job = ask(
        django_capture_on_commit_callbacks,
        kind="programme",
        obj=event,
        user=CoordinatorFactory(),
    )

    text = pdf_text(job_pdf(job))
    assert job.file.name.endswith(f"programme-{event.slug}.pdf")
    for expected in (
        "Journée inter-associative",
        "mardi 5 décembre 2017 à 9 h",
        "Matinée bénévoles",
        "9 h 30 – 10 h 45",
        "Table ronde\u00a0: l'engagement",
        "Salle Colette",
        "Marie Dupont, sociologue, EHESS",
        "Lieu et accès",
        "1 place de l'Hôtel de ville, 77100 Meaux",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("item_count", (2, 6))
def test_programme_builder_query_count_is_constant(
    item_count, django_assert_num_queries
):
    event = EventFactory()
    part = EventPartFactory(event=event)
    for _ in range(item_count):
        SpeakerFactory(
            agenda_item=AgendaItemFactory(
                event=event, part=part, room=RoomFactory(event=event)
            )
        )
    builder = PDF_BUILDERS["programme"]

    with django_assert_num_queries(6):
        plan = builder.plan(event, {})
        html = _html(builder, plan)

    assert html.count('class="kind-') == item_count


@pytest.mark.parametrize("size", (1, 4))
def test_compte_rendu_builder_query_count_is_constant(size, django_assert_num_queries):
    meeting = MeetingFactory()
    for _ in range(size):
        AttendanceFactory(event=meeting, organisation=OrganisationFactory())
        AgendaPointFactory(event=meeting)
        DecisionFactory(event=meeting)
        ActionFactory(event=meeting, person=PersonFactory())
    builder = PDF_BUILDERS["compte-rendu"]

    with django_assert_num_queries(5):
        plan = builder.plan(meeting, {})
        html = _html(builder, plan)

    assert html.count("<tr><td>") == size


@pytest.mark.parametrize("size", (2, 6))
def test_aide_memoire_builder_query_count_is_constant(size, django_assert_num_queries):
    from tests.factories import AudienceFactory, MembershipFactory

    audience = AudienceFactory()
    for _ in range(size):
        organisation = OrganisationFactory()
        organisation.audiences.add(audience)
        MembershipFactory(organisation=organisation)
    builder = PDF_BUILDERS["aide-memoire"]

    with django_assert_num_queries(5):
        plan = builder.plan(None, {"group_by": "audience"})
        html = _html(builder, plan)

    assert html.count('<p class="contact">') == size


def _html(builder, plan):
    from reports.rendering import DocumentRenderer

    renderer = DocumentRenderer(
        template_name=builder.template_name,
        plan=plan,
        language="fr",
        weight_limit=builder.section_weight_limit,
    )
    return renderer.full_html()


def test_compte_rendu_job_fails_when_the_meeting_is_deleted_while_waiting():
    meeting = MeetingFactory()
    job = services.request_report(
        kind="compte-rendu", obj=meeting, user=CoordinatorFactory()
    )
    meeting.delete()

    render_report_task.apply(kwargs={"job_id": str(job.pk)})

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "L'objet a été supprimé.")
    assert ReportJob.objects.count() == 1


def test_programme_is_current_until_an_item_changes(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    item = AgendaItemFactory(event=event)
    job = ask(
        django_capture_on_commit_callbacks,
        kind="programme",
        obj=event,
        user=CoordinatorFactory(),
    )
    current_before = services.job_is_current(job)

    item.title = "Accueil café"
    item.ends_at = item.ends_at + dt.timedelta(minutes=5)
    item.save()

    assert (current_before, services.job_is_current(job)) == (True, False)
