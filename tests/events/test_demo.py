import pytest

from events import demo
from events.models import Action, Event
from partners import demo as partners_demo

pytestmark = pytest.mark.django_db


def _load():
    partners_demo.load()
    demo.load()


def test_demo_load_is_idempotent_and_has_the_seed_stories():
    _load()
    counts = (Event.objects.count(), Action.objects.count())

    _load()

    journee = Event.objects.get(slug="journee-inter-associative-2017")
    assert (Event.objects.count(), Action.objects.count()) == counts
    assert [
        (item.starts_at.astimezone(demo.PARIS).strftime("%H:%M"), item.title)
        for item in journee.agenda_items.all()
        if item.room is None or item.room.name == "Plénière" or item.kind == "dejeuner"
    ][:3] == [
        ("09:30", "Accueil café"),
        ("10:00", "Présentation de la journée"),
        ("10:30", "Atelier collectif pour mieux se connaître (ice-breaking)"),
    ]
    assert [f.name for f in journee.funders.all()] == ["Fondation Monoprix"]
    assert list(
        Event.objects.filter(series__slug="rencontres-agir-ensemble")
        .order_by("starts_at")
        .values_list("participant_count", flat=True)
    ) == [322, None, 1155]


def test_demo_reso77_meeting_has_attendees_actions_and_next_meeting():
    _load()

    meeting = Event.objects.get(slug="reso77-groupe-2012-01-05")

    assert meeting.attendances.count() == 12
    assert meeting.actions.count() == 7
    assert meeting.next_meeting.venue_name == "Résidence les Servins AEDE"
    assert meeting.next_meeting.agenda_points.count() == 7


def test_demo_has_an_open_published_journee_and_a_draft():
    _load()

    assert list(
        Event.objects.filter(
            is_registration_open=True, status="published", kind="journee"
        ).values_list("slug", flat=True)
    ) == ["journee-inter-associative-prochaine"]
    assert (
        Event.objects.get(slug="soiree-debat-participation-habitants").status == "draft"
    )


def test_demo_registrations_hold_their_seats():
    _load()

    event = Event.objects.get(slug="journee-inter-associative-prochaine")
    morning = event.parts.get(title="Matinée")

    assert morning.seats.filter(holder__isnull=False).count() == 3


def test_demo_pages_render_for_the_coordinator_and_the_public(client, coordinator):
    from django.urls import reverse

    _load()
    client.force_login(coordinator)
    journee = Event.objects.get(slug="journee-inter-associative-2017")
    meeting = Event.objects.get(slug="reso77-groupe-2012-01-05")
    upcoming = Event.objects.get(slug="journee-inter-associative-prochaine")
    activity = Event.objects.get(slug="atelier-numerique-6-seances")
    agir = Event.objects.get(slug="agir-ensemble-2013")
    urls = [
        reverse("events:orga_event_list"),
        reverse("events:orga_meeting_list"),
        reverse("events:orga_committee_list"),
        reverse("events:orga_series_list"),
        reverse("events:orga_series_detail", args=[agir.series_id]),
        reverse("events:orga_event_detail", args=[journee.pk]),
        reverse("events:orga_programme", args=[upcoming.pk]),
        reverse("events:orga_event_setup", args=[upcoming.pk]),
        reverse("events:orga_attendee_list", args=[upcoming.pk]),
        reverse("events:orga_checkin", args=[upcoming.pk]),
        reverse("events:orga_session_attendance", args=[activity.pk]),
        reverse("events:orga_meeting_detail", args=[meeting.pk]),
        reverse("events:orga_meeting_detail", args=[meeting.next_meeting_id]),
        reverse("events:orga_event_duplicate", args=[journee.pk]),
        "/e/agir-ensemble-2013/",
        "/e/agir-ensemble-2013/programme.ics",
        "/e/journee-inter-associative-prochaine/inscription/",
    ]

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {200}
