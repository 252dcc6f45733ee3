"""Browser test: the 5 January 2012 meeting of seeds/002 rebuilt as a
coordinator from an empty platform (only the coordinator's account: the
directory, the committee and the meeting are typed in the coordinator's
screens, never the admin), the meeting in at most 12 page loads (htmx
requests are not page loads; the directory's set-up is counted apart)."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.events.screens import add_committee, add_organisation, count_page_loads
from tests.events.test_browser import _sign_in
from tests.pickers import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MAX_PAGE_LOADS = 12

# The committee's members (4 were there, 1 excused) ...
MEMBERS = [
    ("Cathy", "Clerc", "MDS Meaux"),
    ("Annie", "Marchand", "RESO77"),
    ("Marilyne", "Leterme", "RESO77"),
    ("Jacqueline", "Thieulart", "Secours Catholique"),
    ("Paul", "Excusé", "ADSEA AESF"),
]
# ... and the others of the list, pasted as the minutes have them.
PASTED = """- Marie Josée CHAUMETTE, Croix Rouge de Meaux
 - Valérie DELAHAYE, MDS Provins
 - Emilien FOUGERON, Service civique Mission locale
 - Elsa GEOFFROY, Cultures du cœur
 - Caroline JACQUET, Maison de l'emploi
 - Véronique JOYEZ, La maison de Laurence
 - Daniele KUBIK, AEDE
 - Anaëlle MORTERA, Maison de l'emploi
 - Marie Paule ORTEGA, ADSEA AESF
 - Martin PALLA, stagiaire ADSEA AESF
 - Anne Cécile PAYET, Mission locale
 - Anaïs ROUSSELET, Stagiaire MDS Provins
"""
POINTS = [
    ("Bilan conférence Partenariat", "Intéressant. Importance du but commun."),
    ("Point sur le groupe", "Aide-mémoire intéressant pour les professionnels."),
    ("Attentes sur le partenariat", "Envie d’une boîte à outils type aide-mémoire."),
    ("Aide-mémoire", "Bien accueilli. Comment gérer les mises à jour ?"),
    ("Suite à donner", "Micro thème : secret partagé."),
    ("Divers", "Café RESO à Meaux pourrait être envisagé."),
]
DECISIONS = [
    ("Mettre un mail générique des structures comme coordonnées", "Aide-mémoire"),
    ("Micro thème sur le secret partagé", "Suite à donner"),
]
ACTIONS = [
    "Faire une fiche projet pour le groupe",
    "Compte rendu et article de presse",
    "Évaluation à envoyer par mail au groupe",
]


COMMITTEE = "Bénévoles associations caritatives / Professionnels Action sociale"
# The directory before the meeting: each organisation and its people. Danièle
# Kubik is there with the accent the pasted list forgets.
DIRECTORY = {
    "MDS Meaux": [("Cathy", "Clerc")],
    "RESO77": [("Annie", "Marchand"), ("Marilyne", "Leterme")],
    "Secours Catholique": [("Jacqueline", "Thieulart")],
    "ADSEA AESF": [("Paul", "Excusé")],
    "AEDE": [("Danièle", "Kubik")],
    "Maison de l’Emploi": [],
}


def _directory(page, live_server):
    """The directory and the committee, typed in the coordinator's screens."""
    for name, people in DIRECTORY.items():
        add_organisation(page, live_server, name, people)
    add_committee(
        page,
        live_server,
        COMMITTEE,
        "RESO77",
        [f"{first} {last}" for first, last, _o in MEMBERS],
    )


def _open(page, section):
    details = page.locator(f"#{section} details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return page.locator(f"#add-{section}")


def _added(page, section, count):
    expect(page.locator(f"#{section} li[id^='{section[:-1]}-']")).to_have_count(count)


def _hold(page, url_part):
    """Keep the next request to ``url_part`` waiting; the function returned
    lets it go once it has been sent."""
    held = []
    pattern = re.compile(re.escape(url_part))

    def hold(route):
        held.append(route)

    page.route(pattern, hold)

    def release():
        for _ in range(600):  # the request is sent within 30 s, even on a slow box
            if held:
                break
            page.wait_for_timeout(50)
        held.pop().continue_()
        page.unroute(pattern, hold)

    return release


def test_the_seeds_002_meeting_is_rebuilt_in_a_few_page_loads(
    live_server, page, assert_accessible
):
    from django.contrib.auth import get_user_model

    from events.models import Attendance, Event
    from tests.factories import CoordinatorFactory

    # An empty platform: the coordinator's account and nothing else.
    CoordinatorFactory(username="camille")
    assert get_user_model().objects.count() == 1
    loads = count_page_loads(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server, "camille")
    signed_in = len(loads)
    _directory(page, live_server)
    directory = len(loads) - signed_in

    # The meeting itself.
    page.goto(f"{live_server.url}/evenements/nouveau/")
    page.get_by_label("Titre").fill("Réunion du groupe bénévoles / professionnels")
    page.get_by_label("Identifiant d’adresse").fill("reunion-2012-01-05")
    page.locator("#id_kind").select_option(label="Réunion de groupe")
    page.locator("#id_committee").select_option(label=COMMITTEE)
    page.locator("#id_starts_at").fill("2012-01-05T14:30")
    page.locator("#id_ends_at").fill("2012-01-05T16:30")
    choose_organisation(page, "id_organiser", "RESO77")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#presences-title")).to_be_visible()
    meeting = Event.objects.get(slug="reunion-2012-01-05")
    # The block htmx writes into stays in the page: an answer still on its
    # way when another lands does not go to a block taken out of it.
    page.locator("#minutes").evaluate("el => { el.dataset.first = 'yes'; }")

    # Présents: the committee in one click, the excused member unticked ...
    page.get_by_role("link", name="Tous présents (membres du comité)").click()
    candidates = page.locator("#attendee-candidates tr.attendee-candidate")
    expect(candidates).to_have_count(5)
    page.get_by_label("Ajouter Paul Excusé").uncheck()
    page.get_by_role("button", name="Ajouter les personnes cochées").click()
    expect(page.locator("#minutes-status")).to_have_text(
        "4 personnes ajoutées aux présents."
    )
    expect(page.locator("#minutes")).to_have_attribute("data-first", "yes")

    # ... then the others pasted, matched as they are typed.
    page.get_by_label("Ou collez une liste de noms, un par ligne").fill(PASTED)
    expect(candidates).to_have_count(12)
    kubik = candidates.filter(has_text="Danièle Kubik")
    expect(kubik.get_by_text("dans l’annuaire", exact=True)).to_be_visible()
    palla = candidates.nth(9)
    expect(palla.get_by_label("Précision")).to_have_value("stagiaire")
    expect(palla.get_by_text("Dans l’annuaire : ADSEA AESF")).to_be_visible()
    expect(candidates.nth(4).get_by_text("Dans l’annuaire")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ajouter les personnes cochées").click()
    expect(page.locator("#minutes-status")).to_have_text(
        "12 personnes ajoutées aux présents."
    )
    expect(page.locator("#present-list > li")).to_have_count(16)

    # Excusés the same way: the committee again, as excused. While the
    # answer is on its way, nothing else can be sent from the minutes.
    page.get_by_role("link", name="Tous présents (membres du comité)").click()
    expect(candidates).to_have_count(5)
    expect(page.locator("#attendee-candidates input[name=line]:checked")).to_have_count(
        1
    )
    page.get_by_role("radio", name="Excusé·e").check()
    release = _hold(page, "/presents/liste/")
    page.get_by_role("button", name="Ajouter les personnes cochées").click()
    expect(page.locator("#add-points button")).to_be_disabled()
    expect(page.locator("#add-decisions button")).to_be_disabled()
    release()
    expect(page.locator("#minutes-status")).to_have_text(
        "1 personne ajoutée aux excusés."
    )
    expect(page.locator("#excused-list > li")).to_have_text(
        [re.compile("^Paul Excusé, ADSEA AESF")]
    )
    expect(page.locator("#add-points button")).to_be_enabled()

    # Six points with their notes, each added in place.
    for n, (title, notes) in enumerate(POINTS, start=1):
        form = _open(page, "points")
        form.get_by_label("Titre").fill(title)
        form.get_by_label("Notes").fill(notes)
        form.get_by_role("button", name="Ajouter le point").click()
        _added(page, "points", n)
        expect(page.locator("#point-list > li").last).to_contain_text(title)
    expect(page.locator("#add-points").get_by_label("Titre")).to_be_focused()

    for n, (text, point) in enumerate(DECISIONS, start=1):
        form = _open(page, "decisions")
        form.get_by_label("Décision").fill(text)
        form.get_by_label("Point de l’ordre du jour").select_option(label=point)
        form.get_by_role("button", name="Ajouter la décision").click()
        _added(page, "decisions", n)

    for n, text in enumerate(ACTIONS, start=1):
        form = _open(page, "actions")
        form.get_by_label("Quoi").fill(text)
        choose_organisation(page, "id_actions-organisation", "RESO77")
        form.get_by_role("button", name="Ajouter l’action").click()
        _added(page, "actions", n)

    # A decision corrected in place.
    first = page.locator("#decision-list > li").first
    first.get_by_role("link", name=re.compile("^Modifier")).click()
    first.get_by_label("Décision").fill(
        "Mettre un mail générique des structures comme coordonnées dans l’aide-mémoire"
    )
    first.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#minutes-status")).to_have_text(
        "Le compte rendu est enregistré."
    )
    expect(page.locator("#decision-list")).to_contain_text("dans l’aide-mémoire")
    expect(page.locator("#minutes")).to_have_attribute("data-first", "yes")
    assert_accessible(page)

    # The next meeting: Jeudi 15 mars, 14 h 30 – 16 h 30, at the AEDE.
    next_meeting = page.locator("#prochaine")
    next_meeting.get_by_label("Date et heure").fill("2012-03-15T14:30")
    next_meeting.get_by_label("Fin").fill("2012-03-15T16:30")
    next_meeting.get_by_label("Lieu").fill("Résidence les Servins AEDE")
    next_meeting.get_by_label("Adresse").fill(
        "54 rue Pierre Mendès France, Nanteuil-lès-Meaux"
    )
    page.get_by_role("button", name="Programmer la prochaine réunion").click()
    expect(page).not_to_have_url(re.compile(rf"/reunions/{meeting.pk}/"))
    expect(page.locator("#points-title")).to_be_visible()
    expect(page.locator("#point-list > li")).to_have_count(3)

    meeting.refresh_from_db()
    statuses = list(meeting.attendances.values_list("status", flat=True))
    assert statuses.count(Attendance.Status.PRESENT) == 16
    assert statuses.count(Attendance.Status.EXCUSED) == 1
    assert meeting.agenda_points.count() == 6
    assert meeting.decisions.count() == 2
    assert meeting.actions.count() == 3
    assert meeting.next_meeting.starts_at == dt.datetime(
        2012, 3, 15, 14, 30, tzinfo=PARIS
    )
    assert meeting.next_meeting.agenda_points.count() == 3  # open actions carried
    assert errors == []
    meeting_loads = loads[signed_in + directory :]
    print(
        f"\nseeds/002 from an empty platform: sign-in {signed_in} page loads, "
        f"directory and committee {directory}, the meeting {len(meeting_loads)}: "
        f"{meeting_loads}"
    )
    assert len(meeting_loads) <= MAX_PAGE_LOADS, meeting_loads
