"""Browser tests: programme by drag and drop, phone registration, check-in."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PHONE = {"width": 375, "height": 740}


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))


def _day():
    from tests.factories import EventFactory

    start = dt.datetime(2030, 6, 12, 9, 0, tzinfo=PARIS)
    return EventFactory(
        title="Journée inter-associative",
        slug="journee-navigateur",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=9),
        is_registration_open=True,
        offers_lunch=True,
    )


def _titles(event):
    return [item.title for item in event.agenda_items.order_by("starts_at", "position")]


def test_programme_built_by_drag_and_drop_and_keyboard(
    live_server, page, assert_accessible
):
    from tests.factories import AgendaItemFactory, CoordinatorFactory

    CoordinatorFactory(username="camille")
    event = _day()
    base = event.starts_at + dt.timedelta(minutes=30)
    for n, title in enumerate(["Accueil café", "Présentation", "Ice-breaking"]):
        AgendaItemFactory(
            event=event,
            title=title,
            starts_at=base + dt.timedelta(minutes=30 * n),
            ends_at=base + dt.timedelta(minutes=30 * (n + 1)),
        )
    _sign_in(page, live_server, "camille")

    page.goto(f"{live_server.url}/evenements/{event.pk}/programme/")
    assert_accessible(page)
    page.get_by_label("Titre").fill("Restitution en plénière")
    page.get_by_label("Début").fill("12:00")
    page.get_by_label("Fin").fill("12:30")
    page.get_by_role("button", name="Ajouter au programme").click()
    expect(page.locator("#programme-items > li")).to_have_count(4)

    items = page.locator("#programme-items > li")
    # The add form, below, kept the scroll; Bootstrap's smooth scrolling
    # would still be moving the items while their boxes are read.
    # A drag within one screen: the first and the dragged item both in view.
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    expect(items.nth(0)).to_be_in_viewport()
    expect(items.nth(3).locator(".drag-handle")).to_be_in_viewport()
    source = items.nth(3).locator(".drag-handle").bounding_box()
    target = items.nth(0).bounding_box()
    # SortableJS's fallback emulates dragover on a 50 ms timer, which a loaded
    # machine delays: the hand stays over the first item, moving a little,
    # until the dragged item is shown among the first three, then lets go.
    in_place = page.locator("#programme-items > li:not(.sortable-fallback)")
    x, y = target["x"] + 20, target["y"] + target["height"] / 2
    with page.expect_response(lambda r: "/programme/ordre/" in r.url):
        page.mouse.move(source["x"] + 5, source["y"] + 5)
        page.mouse.down()
        page.mouse.move(x, y, steps=15)
        for wiggle in range(40):
            if "Restitution en plénière" not in in_place.nth(3).inner_text():
                break
            page.wait_for_timeout(100)
            page.mouse.move(x + (wiggle % 2) * 4, y + (wiggle % 3), steps=2)
        page.mouse.up()
    shown = page.locator("#programme-items .item-title").all_inner_texts()
    assert shown.index("Restitution en plénière") < 3
    assert _titles(event) == shown

    for _step in range(shown.index("Restitution en plénière")):
        with page.expect_response(lambda r: "/monter/" in r.url):
            page.get_by_role(
                "button", name="Monter « Restitution en plénière »"
            ).click()
    expect(page.locator("#programme-items > li").first).to_contain_text(
        "9 h 30 – 10 h Restitution en plénière"
    )
    assert _titles(event)[0] == "Restitution en plénière"
    assert_accessible(page)


def test_participant_registers_on_a_phone(browser, live_server, assert_accessible):
    from events.models import Registration
    from tests.factories import EventPartFactory, OrganisationFactory

    event = _day()
    EventPartFactory(event=event, title="Matinée", capacity=30)
    reso = OrganisationFactory(name="Réseau RESO77", commune="Melun")
    OrganisationFactory(name="Secours populaire")
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True)
    page = context.new_page()

    page.goto(f"{live_server.url}/e/{event.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name="S’inscrire").click()
    page.get_by_label("Prénom").fill("Annie")
    page.locator("#id_last_name").fill("Marchand")
    page.locator("#id_email").fill("annie@example.org")
    page.get_by_label("Votre structure (dans l’annuaire)").fill("reseau")
    page.get_by_label("Réseau RESO77 — Melun").check()
    expect(page.get_by_text("Secours populaire")).to_have_count(0)
    page.get_by_label("Bénévole").check()
    page.get_by_label("Matinée").check()
    page.get_by_label("Je déjeunerai sur place").check()
    page.get_by_label(re.compile("J’accepte que mes données")).check()
    assert_accessible(page)
    page.get_by_role("button", name="S’inscrire").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merci, votre inscription est enregistrée"
    )
    assert_accessible(page)
    registration = Registration.objects.get()
    assert (
        registration.email,
        registration.organisation,
        registration.wants_lunch,
        [p.title for p in registration.parts.all()],
    ) == (
        "annie@example.org",
        reso,
        True,
        ["Matinée"],
    )
    context.close()


def test_coordinator_checks_in_a_participant_on_a_phone(
    browser, live_server, assert_accessible
):
    from tests.factories import CoordinatorFactory, RegistrationFactory

    CoordinatorFactory(username="camille")
    event = _day()
    registration = RegistrationFactory(
        event=event, first_name="Annie", last_name="Marchand"
    )
    RegistrationFactory(event=event, first_name="Marilyne", last_name="Leterme")
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    _sign_in(page, live_server, "camille")

    page.goto(f"{live_server.url}/evenements/{event.pk}/accueil/")
    assert_accessible(page)
    page.get_by_label("Rechercher un nom, un e-mail ou une structure").fill("march")
    expect(page.locator("#checkin-results li")).to_have_count(1)
    page.get_by_role("button", name="Pointer Annie Marchand").click()
    expect(
        page.get_by_role("button", name="✓ Présent·e : Annie Marchand")
    ).to_be_visible()
    assert_accessible(page)

    registration.refresh_from_db()
    assert registration.attended is True
    context.close()


def test_coordinator_pages_pass_axe(live_server, page, assert_accessible):
    from tests.factories import (
        ActionFactory,
        AgendaPointFactory,
        AttendanceFactory,
        BudgetLineFactory,
        CoordinatorFactory,
        EventPartFactory,
        EventSeriesFactory,
        MeetingFactory,
        RegistrationFactory,
        RegistrationPartFactory,
        RoomFactory,
        StandFactory,
    )

    CoordinatorFactory(username="camille")
    event = _day()
    event.series = EventSeriesFactory(title="Rencontres")
    event.participant_count = 322
    event.save()
    part = EventPartFactory(event=event, title="Matinée", capacity=10)
    RoomFactory(event=event, name="Hall")
    StandFactory(event=event)
    BudgetLineFactory(event=event)
    RegistrationPartFactory(registration=RegistrationFactory(event=event), part=part)
    meeting = MeetingFactory()
    AttendanceFactory(event=meeting)
    AgendaPointFactory(event=meeting, notes="Notes")
    ActionFactory(event=meeting)
    _sign_in(page, live_server, "camille")

    for path in (
        "/evenements/",
        f"/evenements/{event.pk}/",
        f"/evenements/{event.pk}/organisation/",
        f"/evenements/{event.pk}/inscrits/",
        f"/reunions/{meeting.pk}/",
        f"/series/{event.series.pk}/",
        "/reunions/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
