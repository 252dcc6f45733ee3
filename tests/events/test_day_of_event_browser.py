"""Browser: the 2013 Rencontres programme (seeds/004) rebuilt by a
coordinator from an empty platform (only the coordinator's account: the
directory, the event, its programme and speakers typed in the coordinator's
screens, never the admin), counting page loads; focus kept after a move;
the door's counter updated live."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.events.screens import add_organisation, count_page_loads
from tests.events.test_browser import _sign_in
from tests.pickers import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MAX_PAGE_LOADS = 4

# seeds/004: (start, end, kind, title, fixed time, speakers as typed)
PROGRAMME = [
    ("10:00", "12:00", "Débat", "Quels enjeux et place des seniors dans le bénévolat ?",
     False, [("Jean-François Serres", "secrétaire général des Petits frères des pauvres")]),
    ("12:00", "13:00", "Déjeuner", "Déjeuner des bénévoles", False, []),
    ("13:00", "14:00", "Accueil", "Accueil : Village des solidarités", False, []),
    ("14:00", "14:15", "Plénière", "Ouverture par le Maire d’Angers, Président du CCAS",
     True, []),
    ("14:15", "15:30", "Conférence", "Conférence : « Repenser la solidarité »", False,
     [("Serge Paugam", "sociologue, directeur d’études à l’EHESS")]),
    ("15:30", "16:30", "Pause", "Pause au village des solidarités", False, []),
    ("16:30", "18:00", "Table ronde",
     "Table ronde : une logique de parcours pour accompagner les publics fragilisés",
     False, [("Martin Hirsch", "ancien Haut-commissaire aux solidarités actives"),
             ("Cabinet EQR", "")]),
    ("18:00", "19:15", "Débat", "Débat public : quels leviers pour Agir ensemble ?",
     False, [("UNA", ""), ("FNARS", ""), ("URIOPSS", ""), ("IRESA", "")]),
    ("19:15", "19:30", "Plénière", "Conclusion par le Maire d’Angers", True, []),
    ("19:30", "20:30", "Autre", "Cocktail apéritif au village des solidarités", False, []),
]  # fmt: skip


def _empty_rencontre():
    from tests.factories import EventFactory

    start = dt.datetime(2031, 10, 8, 10, 0, tzinfo=PARIS)
    return EventFactory(
        title="Rencontres « Agir ensemble »",
        slug="agir-ensemble",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=11),
    )


# The directory the programme leans on: the organiser, and two speakers'
# organisations with their people.
DIRECTORY = {
    "CCAS d’Angers": [],
    "Petits frères des pauvres": [("Jean-François", "Serres")],
    "EHESS": [("Serge", "Paugam")],
}


def _add_speaker(page, title, name, quality):
    """The row's "+ intervenant·e": its form opens in the row; a person of
    the directory is taken from the suggestions, typed without accents."""
    row = page.locator("#programme-items > li", has_text=title)
    details = row.locator("details.speaker-add-row")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    field = details.get_by_label("Intervenant·e : annuaire ou nom")
    expect(field).to_be_visible()
    if name == "Jean-François Serres":
        field.press_sequentially("jean-francois ser")
        suggestion = page.locator("#speaker-suggestions option")
        expect(suggestion).to_have_count(1)
        assert suggestion.get_attribute("value") == name
    field.fill(name)
    details.get_by_label("Qualité (facultatif)").fill(quality)
    details.get_by_role("button", name="Ajouter l’intervenant·e").click()
    row = page.locator("#programme-items > li", has_text=title)
    expect(row.locator(".item-speakers")).to_contain_text(name)
    # The row's form stays open, ready for the item's next speaker.
    expect(row.get_by_label("Intervenant·e : annuaire ou nom")).to_be_focused()


def test_coordinator_rebuilds_the_seeds_004_programme(
    live_server, page, assert_accessible
):
    from django.contrib.auth import get_user_model

    from events.models import Event
    from partners.models import Person
    from tests.factories import CoordinatorFactory

    # An empty platform: the coordinator's account and nothing else.
    CoordinatorFactory(username="camille")
    assert get_user_model().objects.count() == 1
    loads = count_page_loads(page)
    _sign_in(page, live_server, "camille")
    signed_in = len(loads)
    for name, people in DIRECTORY.items():
        add_organisation(page, live_server, name, people)
    directory = len(loads) - signed_in

    # The event, then its programme.
    page.goto(f"{live_server.url}/evenements/nouveau/")
    page.get_by_label("Titre").fill("Rencontres « Agir ensemble » 2013")
    page.get_by_label("Identifiant d’adresse").fill("agir-ensemble-2013")
    page.locator("#id_kind").select_option(label="Journée / rencontre")
    page.locator("#id_starts_at").fill("2013-10-08T10:00")
    page.locator("#id_ends_at").fill("2013-10-08T21:00")
    choose_organisation(page, "id_organiser", "CCAS d’Angers")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("navigation", name="Rubriques de l’événement").get_by_role(
        "link", name="Programme"
    ).click()
    expect(page.get_by_text("Le programme est vide.")).to_be_visible()
    event = Event.objects.get(slug="agir-ensemble-2013")

    form = page.locator("form[hx-post$='/programme/ajouter/']")
    for n, (start, end, kind, title, fixed, _speakers) in enumerate(PROGRAMME):
        # A new item starts where the previous one ended: nothing to type.
        expect(form.get_by_label("Début")).to_have_value(start)
        form.get_by_label("Titre").fill(title)
        form.get_by_label("Type").select_option(label=kind)
        form.get_by_label("Fin").fill(end)
        if fixed:
            form.get_by_label(re.compile("heure fixe", re.I)).check()
        form.get_by_role("button", name="Ajouter au programme").click()
        expect(page.locator("#programme-items > li")).to_have_count(n + 1)
        form = page.locator("form[hx-post$='/programme/ajouter/']")

    for _s, _e, _k, title, _f, speakers in PROGRAMME:
        for name, quality in speakers:
            _add_speaker(page, title, name, quality)

    assert_accessible(page)
    shown = [
        (i.starts_at.astimezone(PARIS).strftime("%H:%M"), i.title, i.fixed_time)
        for i in event.agenda_items.order_by("starts_at", "position")
    ]
    assert shown == [(p[0], p[3], p[4]) for p in PROGRAMME]
    linked = {
        speaker.person
        for item in event.agenda_items.all()
        for speaker in item.speakers.all()
        if speaker.person
    }
    assert linked == set(Person.objects.filter(last_name__in=["Paugam", "Serres"]))
    assert sum(len(p[5]) for p in PROGRAMME) == (
        sum(i.speakers.count() for i in event.agenda_items.all())
    )
    event_loads = loads[signed_in + directory :]
    print(
        f"\nseeds/004 from an empty platform: sign-in {signed_in} page loads, "
        f"directory {directory}, the event and its programme {len(event_loads)}: "
        f"{event_loads}"
    )
    # The event's form, the page it leads to, the builder: the programme
    # itself, items and speakers, is all htmx.
    assert len(event_loads) <= MAX_PAGE_LOADS, event_loads


def test_focus_stays_on_the_moved_item_and_the_move_can_be_undone(
    live_server, page, assert_accessible
):
    from tests.factories import AgendaItemFactory, CoordinatorFactory

    CoordinatorFactory(username="camille")
    event = _empty_rencontre()
    at = event.starts_at.replace(hour=13)
    for n, (title, minutes) in enumerate(
        [("Accueil", 60), ("Conférence", 75), ("Pause", 60), ("Table ronde", 90)]
    ):
        AgendaItemFactory(
            event=event,
            title=title,
            starts_at=at,
            ends_at=at + dt.timedelta(minutes=minutes),
            position=n,
        )
        at += dt.timedelta(minutes=minutes)
    _sign_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/evenements/{event.pk}/programme/")

    page.get_by_role("button", name="Monter « Pause »").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#programme-items > li").nth(1)).to_contain_text("Pause")
    expect(page.get_by_role("button", name="Monter « Pause »")).to_be_focused()
    expect(page.locator("#programme-items > li").nth(3)).to_contain_text(
        "16 h 15 – 17 h 45 Table ronde"
    )
    assert_accessible(page)

    page.keyboard.press("Enter")  # focus still there: a second move up
    expect(page.locator("#programme-items > li").first).to_contain_text("Pause")
    expect(page.get_by_role("button", name="Descendre « Pause »")).to_be_focused()

    page.get_by_role("button", name="Annuler").click()
    expect(page.locator("#programme-items > li").nth(1)).to_contain_text("Pause")
    assert [i.title for i in event.agenda_items.order_by("starts_at")] == [
        "Accueil",
        "Pause",
        "Conférence",
        "Table ronde",
    ]


def test_door_counter_updates_live_and_shows_the_waiting_list(
    live_server, page, assert_accessible
):
    from tests.factories import (
        CoordinatorFactory,
        EventPartFactory,
        RegistrationFactory,
        RegistrationPartFactory,
    )

    CoordinatorFactory(username="camille")
    event = _empty_rencontre()
    afternoon = EventPartFactory(event=event, title="Après-midi", capacity=1)
    annie = RegistrationFactory(event=event, first_name="Annie", last_name="Marchand")
    RegistrationPartFactory(registration=annie, part=afternoon)
    paul = RegistrationFactory(event=event, first_name="Paul", last_name="Leterme")
    RegistrationPartFactory(registration=paul, part=afternoon, waiting_position=1)
    _sign_in(page, live_server, "camille")

    page.goto(f"{live_server.url}/evenements/{event.pk}/accueil/")
    counter = page.locator("#checkin-counter")
    expect(counter).to_have_text(re.compile(r"0\s+présent·es sur\s+1\s+attendu·es"))
    expect(page.locator("#checkin-" + str(paul.pk))).to_contain_text("Liste d’attente")
    assert_accessible(page)

    page.get_by_role("button", name="Pointer Annie Marchand").click()
    expect(counter).to_have_text(re.compile(r"1\s+présent·es sur\s+1\s+attendu·es"))

    page.get_by_label("Prénom").fill("Jean")
    page.locator("#id_last_name").fill("Dupont")
    page.get_by_label("Après-midi").check()
    page.get_by_label("Présent·e maintenant").check()
    page.get_by_role("button", name="Inscrire cette personne").click()
    expect(page.get_by_text("Jean Dupont est inscrit·e.")).to_be_visible()
    expect(page.locator("#checkin-results")).to_contain_text("Dupont")
    assert_accessible(page)
