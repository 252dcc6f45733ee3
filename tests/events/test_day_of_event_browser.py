"""Browser: the 2013 Rencontres programme (seeds/004) rebuilt from an empty
event by a coordinator, counting page loads; focus kept after a move; the
door's counter updated live."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.events.test_browser import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

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


def _count_page_loads(page):
    loads = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    return loads


def test_coordinator_rebuilds_the_seeds_004_programme(
    live_server, page, assert_accessible
):
    from partners.models import Person
    from tests.factories import CoordinatorFactory, PersonFactory

    CoordinatorFactory(username="camille")
    PersonFactory(first_name="Serge", last_name="Paugam")
    event = _empty_rencontre()
    loads = _count_page_loads(page)
    _sign_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/evenements/{event.pk}/programme/")
    expect(page.get_by_text("Le programme est vide.")).to_be_visible()

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

    adder = page.locator("#speaker-add")
    for _s, _e, _k, title, _f, speakers in PROGRAMME:
        for name, quality in speakers:
            adder.locator("select[name=item]").select_option(
                label=adder.locator("select[name=item] option", has_text=title)
                .inner_text()
                .strip()
            )
            adder.locator("input[name=speaker]").fill(name)
            adder.locator("input[name=title]").fill(quality)
            adder.get_by_role("button", name="Ajouter l’intervenant·e").click()
            expect(
                page.locator("#programme-items > li", has_text=title)
            ).to_contain_text(name)

    assert_accessible(page)
    shown = [
        (i.starts_at.astimezone(PARIS).strftime("%H:%M"), i.title, i.fixed_time)
        for i in event.agenda_items.order_by("starts_at", "position")
    ]
    assert shown == [(p[0], p[3], p[4]) for p in PROGRAMME]
    paugam = event.agenda_items.get(title__startswith="Conférence").speakers.get()
    assert paugam.person == Person.objects.get(last_name="Paugam")
    assert sum(len(p[5]) for p in PROGRAMME) == (
        sum(i.speakers.count() for i in event.agenda_items.all())
    )
    # Sign-in (2 loads) and the builder: everything else was htmx.
    print(f"\nseeds/004 programme rebuilt in {len(loads)} page loads: {loads}")
    assert len(loads) <= 4


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
