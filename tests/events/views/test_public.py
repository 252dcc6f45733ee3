import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.test.utils import override_script_prefix
from django.urls import reverse
from icalendar import Calendar

from core.extensions import _EVENT_PUBLIC_LINK_PROVIDERS, Link
from events.models import Event, Registration
from events.services.emails import send_pending_confirmations
from tests.factories import (
    AgendaItemFactory,
    CharterVersionFactory,
    EventFactory,
    EventPartFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    RoomFactory,
    SpeakerFactory,
    StandFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0):
    return dt.datetime(2031, 10, 8, hour, minute, tzinfo=PARIS)


def rencontre(**kwargs):
    return EventFactory(
        slug="agir-ensemble-2013", starts_at=at(10), ends_at=at(20), **kwargs
    )


def test_public_event_detail_shows_programme_by_part_with_speakers_and_stands(client):
    event = rencontre(title="Rencontres Agir ensemble 2013")
    morning = EventPartFactory(event=event, title="Matinée bénévoles", position=0)
    afternoon = EventPartFactory(
        event=event, title="Après-midi tout public", position=1
    )
    hall = RoomFactory(event=event, name="Grand hall")
    AgendaItemFactory(
        event=event,
        part=morning,
        starts_at=at(10),
        ends_at=at(12),
        title="Débat seniors",
    )
    talk = AgendaItemFactory(
        event=event,
        part=afternoon,
        room=hall,
        starts_at=at(14, 15),
        ends_at=at(15, 30),
        title="Repenser la solidarité",
    )
    SpeakerFactory(agenda_item=talk, name="Serge Paugam", title="sociologue, EHESS")
    StandFactory(
        event=event, name="Solidar'Auto", organisation=OrganisationFactory(name="AMS")
    )

    response = client.get("/e/agir-ensemble-2013/", HTTP_ACCEPT_LANGUAGE="fr")

    assert [
        (p.title if p else None, [i.title for i in items])
        for p, items in response.context["programme"]
    ] == [
        ("Matinée bénévoles", ["Débat seniors"]),
        ("Après-midi tout public", ["Repenser la solidarité"]),
    ]
    assert "sociologue, EHESS" in response.text
    assert "Grand hall" in response.text
    assert "Village des solidarités" in response.text
    assert "Ajouter à mon agenda (.ics)" in response.text


def test_public_event_detail_of_a_draft_is_404(client):
    rencontre(status=Event.Status.DRAFT)

    response = client.get("/e/agir-ensemble-2013/")

    assert response.status_code == 404


def test_public_event_detail_of_a_draft_is_404_even_for_a_coordinator(
    client, coordinator
):
    rencontre(status=Event.Status.DRAFT)
    client.force_login(coordinator)

    response = client.get("/e/agir-ensemble-2013/")

    assert response.status_code == 404


def test_public_event_detail_unknown_slug_is_404(client):
    response = client.get("/e/nexiste-pas/")

    assert response.status_code == 404


def test_public_event_detail_shows_links_from_other_apps(client):
    event = rencontre()

    def provider(e):
        return [Link(label="Donner votre avis", url="/q/abc/")] if e == event else []

    _EVENT_PUBLIC_LINK_PROVIDERS.append(provider)
    try:
        response = client.get("/e/agir-ensemble-2013/")
    finally:
        _EVENT_PUBLIC_LINK_PROVIDERS.remove(provider)

    assert (
        '<a class="btn btn-outline-primary" href="/q/abc/">Donner votre avis</a>'
        in response.text
    )


@pytest.mark.parametrize("count", (10, 1000))
def test_public_event_detail_query_count_is_constant(
    client, count, django_assert_num_queries
):
    event = rencontre()
    part = EventPartFactory(event=event)
    room = RoomFactory(event=event)
    items = AgendaItemFactory.build_batch(count, event=event, part=part, room=room)
    from events.models import AgendaItem, Speaker

    AgendaItem.objects.bulk_create(items)
    Speaker.objects.bulk_create(
        Speaker(agenda_item=item, name=f"Intervenant {n}")
        for n, item in enumerate(event.agenda_items.all())
    )

    client.get(
        "/e/agir-ensemble-2013/"
    )  # warm per-process caches (navigation, content types)
    with django_assert_num_queries(7):
        response = client.get("/e/agir-ensemble-2013/")

    assert sum(len(items) for _p, items in response.context["programme"]) == count


def test_public_event_detail_does_not_show_the_attendee_list(client):
    event = rencontre()
    RegistrationFactory(
        event=event, last_name="Confidentiel", email="secret@example.org"
    )

    public = client.get("/e/agir-ensemble-2013/")
    attendees = client.get(reverse("events:orga_attendee_list", args=[event.pk]))

    assert "Confidentiel" not in public.text
    assert (attendees.status_code, attendees.url.split("?")[0]) == (
        302,
        "/accounts/login/",
    )


def test_public_programme_ics_has_one_vevent_per_item_in_paris_time(client):
    event = rencontre(title="Rencontres")
    AgendaItemFactory(event=event, starts_at=at(10), ends_at=at(12), title="Débat")
    AgendaItemFactory(event=event, starts_at=at(14), ends_at=at(15), title="Conférence")

    response = client.get("/e/agir-ensemble-2013/programme.ics")

    calendar = Calendar.from_ical(response.content)
    vevents = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(v["SUMMARY"]) for v in vevents] == ["Débat", "Conférence"]
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert vevents[0]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevents[0].decoded("DTSTART") == at(10)
    assert b"DTSTART;TZID=Europe/Paris:20311008T100000" in response.content


def test_public_programme_ics_of_a_draft_is_404(client):
    rencontre(status=Event.Status.DRAFT)

    response = client.get("/e/agir-ensemble-2013/programme.ics")

    assert response.status_code == 404


def registration_post(**overrides):
    return {
        "first_name": "Annie",
        "last_name": "Marchand",
        "email": "annie@example.org",
        "organisation_name": "RESO77",
        "status": Registration.Status.VOLUNTEER,
        "consent": "on",
        **overrides,
    }


def test_public_registration_records_and_sends_email(
    client, django_capture_on_commit_callbacks
):
    event = rencontre(is_registration_open=True, offers_lunch=True)
    part = EventPartFactory(event=event, title="Matinée")

    response = client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(
            parts=[part.pk], wants_lunch="on", dietary_needs="végétarien"
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_pending_confirmations()

    registration = Registration.objects.get()
    assert response.url == f"/e/agir-ensemble-2013/inscription/{registration.token}/"
    assert (
        registration.wants_lunch,
        registration.dietary_needs,
        list(registration.parts.all()),
    ) == (True, "végétarien", [part])
    assert registration.consent_at is not None
    assert mail.outbox[0].to == ["annie@example.org"]
    assert f"/inscription/{registration.token}/annuler/" in mail.outbox[0].body


def test_public_registration_form_renders_in_french(client):
    rencontre(is_registration_open=True)

    response = client.get(
        "/e/agir-ensemble-2013/inscription/", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "Vous venez en tant que" in response.text


def test_public_registration_same_email_twice_shows_french_error(client):
    event = rencontre(is_registration_open=True)
    RegistrationFactory(event=event, email="annie@example.org")

    response = client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(email="Annie@Example.org"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 409
    assert (
        response.context["form"]
        .errors["email"][0]
        .startswith("Cette adresse e-mail est déjà inscrite à cet événement.")
    )
    assert Registration.objects.count() == 1


def test_public_registration_sent_twice_counts_once_and_confirms_both(client):
    """A double tap on "Register" sends the page's one-time key twice."""
    event = rencontre(is_registration_open=True)
    part = EventPartFactory(event=event, title="Matinée", capacity=10)
    page = client.get("/e/agir-ensemble-2013/inscription/")
    key = page.context["form"]["submission_key"].value()

    first, second = (
        client.post(
            "/e/agir-ensemble-2013/inscription/",
            registration_post(parts=[part.pk], submission_key=key),
        )
        for _ in range(2)
    )

    registration = Registration.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert (
        first.url
        == second.url
        == (f"/e/agir-ensemble-2013/inscription/{registration.token}/")
    )
    assert (len(key) >= 16, registration.submission_key) == (True, key)
    assert part.seats.filter(holder__isnull=False).count() == 1


def test_public_registration_another_key_with_the_same_email_is_refused(client):
    event = rencontre(is_registration_open=True)
    RegistrationFactory(event=event, email="annie@example.org", submission_key="a" * 32)

    response = client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(submission_key="b" * 32),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert (response.status_code, list(response.context["form"].errors)) == (
        409,
        ["email"],
    )
    assert Registration.objects.count() == 1


def test_public_registration_form_carries_a_new_key_at_each_rendering(client):
    rencontre(is_registration_open=True)

    keys = {
        client.get("/e/agir-ensemble-2013/inscription/")
        .context["form"]["submission_key"]
        .value()
        for _ in range(2)
    }

    assert len(keys) == 2


@pytest.mark.parametrize(
    "mistake",
    (
        {"email": "Annie@Example.org"},  # refused by the service: a duplicate
        {"consent": ""},  # refused by the form
    ),
)
def test_public_registration_error_does_not_mark_the_next_visitors_form(
    client, mistake
):
    # Forms that only validate share their fields; a form shown with its
    # errors must have its own, or its error classes would stick to the
    # widgets everyone's form is built from.
    event = rencontre(is_registration_open=True)
    RegistrationFactory(event=event, email="annie@example.org")

    refused = client.post(
        "/e/agir-ensemble-2013/inscription/", registration_post(**mistake)
    )
    response = client.get("/e/agir-ensemble-2013/inscription/")

    assert refused.status_code in (409, 422)
    assert "is-invalid" in refused.text
    assert "is-invalid" not in response.text


def test_public_registration_form_follows_the_event_and_the_language(client):
    event = rencontre(is_registration_open=True, offers_lunch=False)
    part = EventPartFactory(event=event, title="Matinée", capacity=1)
    before = client.get("/e/agir-ensemble-2013/inscription/")
    event.offers_lunch = True
    event.charter = CharterVersionFactory().charter
    event.save()
    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=part)

    french = client.get("/e/agir-ensemble-2013/inscription/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(
        "/e/agir-ensemble-2013/inscription/", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert ("wants_lunch" in before.context["form"].fields) is False
    assert ("accept_charter" in before.context["form"].fields) is False
    assert {"wants_lunch", "accept_charter"} <= set(french.context["form"].fields)
    assert "Matinée — complet, liste d’attente" in french.text
    assert "Matinée — full, waiting list" in english.text


def test_public_registration_without_consent_is_refused_at_the_field(client):
    rencontre(is_registration_open=True)

    response = client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(consent=""),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.context["form"].errors == {
        "consent": [
            "Pour vous inscrire, merci d’accepter le traitement de vos données."
        ]
    }
    assert Registration.objects.count() == 0


def test_public_registration_for_a_full_part_goes_on_the_waiting_list(client):
    event = rencontre(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=1)
    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=part)

    client.post(
        "/e/agir-ensemble-2013/inscription/", registration_post(parts=[part.pk])
    )
    registration = Registration.objects.get(email="annie@example.org")
    response = client.get(
        f"/e/agir-ensemble-2013/inscription/{registration.token}/",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert [c.waiting_position for c in registration.part_choices.all()] == [1]
    assert "ce temps est complet" in response.text


def test_public_registration_form_marks_a_full_part(client):
    event = rencontre(is_registration_open=True)
    part = EventPartFactory(event=event, title="Matinée", capacity=1)
    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=part)

    response = client.get(
        "/e/agir-ensemble-2013/inscription/", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "Matinée — complet, liste d’attente" in response.text


def test_public_registration_needs_charter_acceptance_and_keeps_version(client):
    version = CharterVersionFactory(number=2)
    rencontre(is_registration_open=True, charter=version.charter)

    refused = client.post("/e/agir-ensemble-2013/inscription/", registration_post())
    client.post(
        "/e/agir-ensemble-2013/inscription/", registration_post(accept_charter="on")
    )

    assert list(refused.context["form"].errors) == ["accept_charter"]
    assert Registration.objects.get().charter_version == version


def test_public_registration_closed_event_is_refused(client):
    rencontre(is_registration_open=False)

    response = client.post("/e/agir-ensemble-2013/inscription/", registration_post())

    assert response.status_code == 409
    assert Registration.objects.count() == 0


def test_public_registration_of_a_draft_is_404(client):
    rencontre(status=Event.Status.DRAFT, is_registration_open=True)

    response = client.post("/e/agir-ensemble-2013/inscription/", registration_post())

    assert (response.status_code, Registration.objects.count()) == (404, 0)


def test_public_registration_cancel_then_reuse_says_so_kindly(client):
    registration = RegistrationFactory(event=rencontre())
    url = reverse("events:public_registration_cancel", args=[registration.token])

    client.post(url)
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="fr")

    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert response.status_code == 200
    assert 'id="already-cancelled"' in response.text
    assert "Vous n’avez plus rien à faire" in response.text


def test_public_registration_cancel_with_unknown_token_is_404(client):
    response = client.get("/inscription/00000000-0000-0000-0000-000000000000/annuler/")

    assert response.status_code == 404


# The organisation: searched in the directory, never listed on the page.


def _search(query, slug="agir-ensemble-2013", client=None):
    return client.get(
        f"/e/{slug}/inscription/structures/", {"organisation_search": query}
    )


def test_public_registration_page_searches_the_directory_instead_of_listing_it(
    client,
):
    rencontre(is_registration_open=True)
    OrganisationFactory(name="Association des Paralysés de France")

    page = client.get("/e/agir-ensemble-2013/inscription/").text

    assert "Paralysés" not in page
    assert 'hx-get="/e/agir-ensemble-2013/inscription/structures/"' in page
    assert "Saisissez au moins deux lettres" in page


def test_organisation_search_matches_active_organisations_ignoring_accents(client):
    rencontre(is_registration_open=True)
    epicerie = OrganisationFactory(
        name="Épicerie solidaire", acronym="ES", commune="Angers"
    )
    OrganisationFactory(name="Épicerie fermée", is_active=False)
    OrganisationFactory(name="Secours populaire")

    response = _search("epicerie", client=client)

    assert response.status_code == 200
    assert response.text.count('type="radio" name="organisation"') == 2
    assert f'value="{epicerie.pk}"' in response.text
    assert "Épicerie solidaire (ES) — Angers" in response.text
    assert "fermée" not in response.text
    assert "Pas dans la liste" in response.text


def test_organisation_search_shows_at_most_eight_and_says_when_none_match(client):
    rencontre(is_registration_open=True)
    for n in range(10):
        OrganisationFactory(name=f"Maison de quartier {n}")

    many = _search("maison quartier", client=client).text
    none = _search("zzz introuvable", client=client).text
    too_short = _search("m", client=client).text

    assert many.count('type="radio" name="organisation"') == 8 + 1
    assert "Aucune structure de l’annuaire ne correspond" in none
    assert 'type="radio"' not in too_short
    assert "Aucune structure" not in too_short


def test_organisation_search_of_a_draft_event_is_404(client):
    rencontre(status=Event.Status.DRAFT, is_registration_open=True)
    OrganisationFactory(name="Secours populaire")

    assert _search("secours", client=client).status_code == 404


def test_public_registration_keeps_the_organisation_picked_from_the_search(client):
    event = rencontre(is_registration_open=True)
    organisation = OrganisationFactory(name="Secours populaire")

    client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(organisation=organisation.pk, organisation_name=""),
    )

    assert Registration.objects.get(event=event).organisation == organisation


def test_public_registration_error_shows_the_picked_organisation_again(client):
    rencontre(is_registration_open=True)
    organisation = OrganisationFactory(name="Secours populaire", commune="Meaux")

    response = client.post(
        "/e/agir-ensemble-2013/inscription/",
        registration_post(
            organisation=organisation.pk, organisation_search="secours", consent=""
        ),
    )

    assert response.status_code == 422
    assert (
        f'value="{organisation.pk}" id="id_organisation_{organisation.pk}" checked'
        in response.text
    )
    assert "Secours populaire — Meaux" in response.text
    assert 'value="secours"' in response.text


def test_public_registration_refuses_an_inactive_organisation_at_the_field(client):
    rencontre(is_registration_open=True)
    closed = OrganisationFactory(name="Ancienne association", is_active=False)

    response = client.post(
        "/e/agir-ensemble-2013/inscription/", registration_post(organisation=closed.pk)
    )

    assert response.status_code == 422
    assert "Sélectionnez un choix valide" in response.text
    assert Registration.objects.count() == 0


def test_public_registration_redirects_under_the_address_the_site_is_served_at(
    client,
):
    rencontre(is_registration_open=True)
    url = "/e/agir-ensemble-2013/inscription/"

    locations = []
    for n, prefix in enumerate(("/", "/maillage/", "/")):
        with override_script_prefix(prefix):
            response = client.post(url, registration_post(email=f"p{n}@example.org"))
        locations.append(response.headers["Location"])

    tokens = [
        str(token)
        for token in Registration.objects.order_by("pk").values_list("token", flat=True)
    ]
    assert locations == [
        f"{url}{tokens[0]}/",
        f"/maillage{url}{tokens[1]}/",
        f"{url}{tokens[2]}/",
    ]
