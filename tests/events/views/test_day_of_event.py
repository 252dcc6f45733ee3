"""The programme builder's moves, undo and inline speakers; the door's
check-in per part and walk-ins; the public form once the event is over."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from events.models import Registration, Speaker
from tests.events.test_day_of_event import item, rencontre
from tests.factories import (
    EventFactory,
    EventPartFactory,
    PersonFactory,
    RegistrationFactory,
    RegistrationPartFactory,
    registration_data,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "fr"}


def move_url(event, row, direction="monter"):
    return reverse("events:orga_agenda_item_move", args=[event.pk, row.pk, direction])


def test_move_with_htmx_marks_the_moved_item_for_focus_and_offers_undo(
    client, coordinator
):
    event = rencontre()
    item(event, "Accueil", (13,), (14,))
    pause = item(event, "Pause", (14,), (14, 30))
    client.force_login(coordinator)

    response = client.post(move_url(event, pause), **HTMX)

    html = response.text
    assert response.status_code == 200
    assert 'id="programme-undo"' in html and "Annuler" in html
    # The moved item is now first: its Up button is disabled, so Down gets focus.
    assert html.count("data-focus") == 1
    focus_at = html.index("data-focus")
    button = html[html.rindex("<button", 0, focus_at) : focus_at]
    assert "Descendre «\u00a0Pause\u00a0»" in button


def test_undo_puts_the_programme_back(client, coordinator):
    event = rencontre()
    item(event, "Accueil", (13,), (14,))
    pause = item(event, "Pause", (14,), (14, 30))
    client.force_login(coordinator)
    moved = client.post(move_url(event, pause), **HTMX)
    undo = moved.context["undo"]

    response = client.post(
        reverse("events:orga_programme_undo", args=[event.pk]), {"undo": undo}, **HTMX
    )

    assert [i.title for i in event.agenda_items.all()] == ["Accueil", "Pause"]
    assert "La modification a été annulée." in response.text


def test_undo_with_a_forged_key_changes_nothing_and_says_so(client, coordinator):
    event = rencontre()
    item(event, "Accueil", (13,), (14,))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_programme_undo", args=[event.pk]),
        {"undo": "x" * 5000},
        **HTMX,
    )

    assert response.status_code == 200
    assert "ne peut plus être annulée" in response.text


def test_moving_next_to_a_fixed_time_item_is_refused_with_a_message(
    client, coordinator
):
    event = rencontre()
    accueil = item(event, "Accueil", (13,), (14,))
    item(event, "Ouverture par le Maire", (14,), (14, 15), fixed_time=True)
    client.force_login(coordinator)

    response = client.post(move_url(event, accueil, "descendre"), **HTMX)

    assert "a une heure fixe" in response.text
    assert response.context["undo"] is None
    assert [i.title for i in event.agenda_items.all()] == [
        "Accueil",
        "Ouverture par le Maire",
    ]


def test_the_add_form_starts_where_the_last_item_ends(client, coordinator):
    event = rencontre()
    item(event, "Accueil", (13,), (14,))
    item(event, "Ouverture", (14,), (14, 15))
    client.force_login(coordinator)

    response = client.get(reverse("events:orga_programme", args=[event.pk]))

    form = response.context["form"]
    assert (form["start_time"].value(), form["end_time"].value()) == (
        dt.time(14, 15),
        dt.time(15, 15),
    )


def test_a_speaker_typed_in_the_programme_is_added_inline(client, coordinator):
    PersonFactory(first_name="Serge", last_name="Paugam")
    event = rencontre()
    talk = item(event, "Conférence", (14, 15), (15, 30))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_speaker_quick_add", args=[event.pk]),
        {"item": talk.pk, "speaker": "Serge Paugam", "title": "sociologue"},
        **HTMX,
    )

    speaker = Speaker.objects.get()
    assert (speaker.person.last_name, speaker.title) == ("Paugam", "sociologue")
    assert response.text.lstrip().startswith('<div id="programme">')
    assert "Paugam intervient à" in response.text


def test_an_empty_speaker_shows_the_error_beside_the_field(client, coordinator):
    event = rencontre()
    talk = item(event, "Conférence", (14, 15), (15, 30))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_speaker_quick_add", args=[event.pk]),
        {"item": talk.pk, "speaker": "   "},
        **HTMX,
    )

    assert response.status_code == 200
    assert f'id="speaker-name-{talk.pk}-error"' in response.text
    assert Speaker.objects.count() == 0


def test_speaker_suggestions_list_matching_people_of_the_directory(client, coordinator):
    PersonFactory(first_name="Serge", last_name="Paugam")
    PersonFactory(first_name="Martin", last_name="Hirsch")
    event = rencontre()
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_speaker_suggest", args=[event.pk]),
        {"speaker": "paug"},
        **HTMX,
    )

    assert response.text.strip() == '<option value="Serge Paugam"></option>'


@pytest.mark.parametrize(
    "name,args",
    [
        ("events:orga_programme_undo", []),
        ("events:orga_speaker_suggest", []),
        ("events:orga_registration_by_hand", []),
        ("events:orga_speaker_quick_add", []),
    ],
)
def test_new_screens_are_forbidden_to_anonymous_funder_and_partner(
    client, funder, partner_user, name, args
):
    event = rencontre(funders=[])
    talk = item(event, "Conférence", (14, 15), (15, 30))
    url = reverse(name, args=[event.pk, *[talk.pk for _ in args]])

    anonymous = client.post(url, {"speaker": "X"})
    client.force_login(funder)
    as_funder = client.post(url, {"speaker": "X"})
    client.force_login(partner_user)
    as_partner = client.post(url, {"speaker": "X"})

    assert anonymous.status_code == 302 and "login" in anonymous.url
    assert as_funder.status_code in (403, 404)
    assert as_partner.status_code in (403, 404)
    assert (Speaker.objects.count(), Registration.objects.count()) == (0, 0)


# --- Check-in per part, walk-ins ---------------------------------------------


def test_checkin_of_a_part_lists_its_people_and_shows_the_waiting_list(
    client, coordinator
):
    event = rencontre()
    morning = EventPartFactory(event=event, title="Matinée", capacity=1)
    seated = RegistrationFactory(event=event, last_name="Assis")
    waiting = RegistrationFactory(event=event, last_name="Attente")
    RegistrationFactory(event=event, last_name="Autrepartie")
    RegistrationPartFactory(registration=seated, part=morning)
    RegistrationPartFactory(registration=waiting, part=morning, waiting_position=1)
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_checkin", args=[event.pk]),
        {"partie": str(morning.pk)},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    html = response.text
    assert [r.last_name for r in response.context["registrations"]] == [
        "Assis",
        "Attente",
    ]
    assert "Liste d’attente (n°\u00a01)" in html
    assert (response.context["present"], response.context["expected"]) == (0, 1)


def test_checkin_toggle_of_a_part_updates_the_counter_out_of_band(client, coordinator):
    event = rencontre()
    morning = EventPartFactory(event=event)
    registration = RegistrationFactory(event=event)
    choice = RegistrationPartFactory(registration=registration, part=morning)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_checkin_toggle", args=[event.pk, registration.pk]),
        {"attended": "1", "partie": str(morning.pk)},
        **HTMX,
    )

    choice.refresh_from_db()
    registration.refresh_from_db()
    assert choice.checked_in_at is not None and registration.attended
    assert 'id="checkin-counter"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "<strong data-present>1</strong> présent·es sur" in response.text


def test_checkin_toggle_of_a_part_they_did_not_choose_is_404(client, coordinator):
    event = rencontre()
    morning, afternoon = EventPartFactory(event=event), EventPartFactory(event=event)
    registration = RegistrationFactory(event=event)
    RegistrationPartFactory(registration=registration, part=morning)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_checkin_toggle", args=[event.pk, registration.pk]),
        {"attended": "1", "partie": str(afternoon.pk)},
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.attended) == (404, False)


def test_a_walk_in_registered_at_the_door_is_present_at_once(client, coordinator):
    event = rencontre(is_registration_open=False)
    morning = EventPartFactory(event=event)
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_registration_by_hand", args=[event.pk]),
        {
            "partie": str(morning.pk),
            "first_name": "Jean",
            "last_name": "Dupont",
            "email": "",
            "status": Registration.Status.VOLUNTEER,
            "parts": [str(morning.pk)],
            "present": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.attended
    assert registration.part_choices.get().checked_in_at is not None


def test_a_walk_in_without_a_name_shows_the_errors_beside_the_fields(
    client, coordinator
):
    event = rencontre()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_registration_by_hand", args=[event.pk]),
        {"first_name": "", "last_name": "", "status": "autre"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert set(response.context["hand_form"].errors) == {"first_name", "last_name"}
    assert Registration.objects.count() == 0


def test_checkin_page_query_count_does_not_grow_with_registrations(
    client, coordinator, django_assert_max_num_queries
):
    event = rencontre()
    morning = EventPartFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:orga_checkin", args=[event.pk])

    for size in (3, 30):
        for _ in range(size - Registration.objects.count()):
            RegistrationPartFactory(
                registration=RegistrationFactory(event=event), part=morning
            )
        with django_assert_max_num_queries(14):
            response = client.get(url, {"partie": str(morning.pk)})
        assert len(response.context["registrations"]) == size


# --- The public form once the event is over -------------------------------------------


def test_the_public_form_of_an_event_that_is_over_refuses_in_french(client):
    past = EventFactory(
        slug="agir-ensemble-2013",
        is_registration_open=True,
        starts_at=dt.datetime(2013, 10, 8, 10, tzinfo=PARIS),
        ends_at=dt.datetime(2013, 10, 8, 20, tzinfo=PARIS),
    )
    url = reverse("events:public_registration", args=[past.slug])

    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    sent = client.post(
        url, {**registration_data(), "consent": "on"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    message = "Les inscriptions sont closes\u00a0: cet événement est terminé."
    assert message in shown.text
    assert sent.status_code == 409 and message in sent.text
    assert Registration.objects.count() == 0
