"""Writing the minutes in place: présents many at once, rows edited inline."""

import pytest
from django.urls import reverse

from events.models import Action, Attendance
from partners.models import Person
from reports.registry import PDF_BUILDERS
from tests.factories import (
    ActionFactory,
    AgendaPointFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"events:{name}", args=args)


# Agenda points, decisions, actions -------------------------------------


def test_adding_a_point_through_htmx_gives_the_minutes_back(client, coordinator):
    meeting = MeetingFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_meeting_add", meeting.pk, "points"),
        {"points-title": "Bilan conférence Partenariat", "points-notes": "Intéressant"},
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response.status_code == 200
    # What goes inside the #minutes block, which stays in the page.
    assert response.text.lstrip().startswith('<p role="status"')
    assert 'id="minutes"' not in response.text
    assert "Ajouté au compte rendu" in response.text or "Ajouté" in response.text
    assert "Bilan conférence Partenariat" in response.text
    assert "autofocus" in response.text
    assert meeting.agenda_points.get().notes == "Intéressant"


def test_an_invalid_point_comes_back_with_its_error_and_saves_nothing(
    client, coordinator
):
    meeting = MeetingFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_meeting_add", meeting.pk, "points"),
        {"points-title": ""},
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.text
    assert meeting.agenda_points.count() == 0


def test_editing_a_decision_inline(client, coordinator):
    decision = DecisionFactory(text="Faire une fiche")
    meeting = decision.event
    client.force_login(coordinator)
    url = _url("orga_minutes_row_update", meeting.pk, "decisions", decision.pk)

    form = client.get(url, **HTMX)
    response = client.post(url, {"text": "Faire une fiche projet"}, **HTMX)

    assert f'id="edit-decisions-{decision.pk}"' in form.text
    assert "<html" not in form.text
    # What goes inside the #minutes block, which stays in the page.
    assert response.text.lstrip().startswith('<p role="status"')
    assert 'id="minutes"' not in response.text
    decision.refresh_from_db()
    assert decision.text == "Faire une fiche projet"


def test_an_invalid_edit_comes_back_in_place_of_the_form(client, coordinator):
    decision = DecisionFactory(text="Faire une fiche")
    client.force_login(coordinator)

    response = client.post(
        _url("orga_minutes_row_update", decision.event.pk, "decisions", decision.pk),
        {"text": ""},
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response["HX-Retarget"] == f"#edit-decisions-{decision.pk}"
    assert "Ce champ est obligatoire" in response.text
    decision.refresh_from_db()
    assert decision.text == "Faire une fiche"


def test_editing_an_action_without_javascript(client, coordinator):
    action = ActionFactory(description="Envoyer l'évaluation")
    meeting = action.event
    person = PersonFactory()
    client.force_login(coordinator)
    url = _url("orga_minutes_row_update", meeting.pk, "actions", action.pk)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        url,
        {
            "description": "Envoyer l'évaluation par mail",
            "person": person.pk,
            "due_on": "2012-02-01",
            "status": Action.Status.DROPPED,
        },
    )

    assert "Modifier l’action" in page.text or "action" in page.text
    assert response.status_code == 302
    assert response.url.endswith("#actions")
    action.refresh_from_db()
    assert (action.description, action.person, action.status) == (
        "Envoyer l'évaluation par mail",
        person,
        Action.Status.DROPPED,
    )


def test_the_old_notes_address_edits_the_point(client, coordinator):
    point = AgendaPointFactory(title="Aide-mémoire")
    client.force_login(coordinator)

    client.post(
        _url("orga_agenda_point_update", point.event.pk, point.pk),
        {"title": "Aide-mémoire", "notes": "Bien accueilli"},
    )

    point.refresh_from_db()
    assert point.notes == "Bien accueilli"


@pytest.mark.parametrize("what", ["presences", "attendees", "x" * 40])
def test_editing_something_else_is_not_found(client, coordinator, what):
    attendance = AttendanceFactory()
    client.force_login(coordinator)

    response = client.get(
        _url("orga_minutes_row_update", attendance.event.pk, what, attendance.pk)
    )

    assert response.status_code == 404


def test_a_row_of_another_meeting_is_not_found(client, coordinator):
    decision = DecisionFactory()
    other = MeetingFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_minutes_row_update", other.pk, "decisions", decision.pk),
        {"text": "Détourné"},
    )

    assert response.status_code == 404
    decision.refresh_from_db()
    assert decision.text != "Détourné"


@pytest.mark.parametrize("what", ["points", "actions"])
def test_removing_a_point_or_an_action_is_confirmed_first(client, coordinator, what):
    row = (AgendaPointFactory if what == "points" else ActionFactory)()
    client.force_login(coordinator)
    url = _url("orga_meeting_delete", row.event.pk, what, row.pk)

    confirm = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert confirm.status_code == 200
    assert type(row).objects.filter(pk=row.pk).exists()

    client.post(url)
    assert not type(row).objects.filter(pk=row.pk).exists()


def test_the_status_of_an_action_through_htmx(client, coordinator):
    action = ActionFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_action_status", action.event.pk, action.pk),
        {"status": Action.Status.DONE},
        **HTMX,
    )

    # What goes inside the #minutes block, which stays in the page.
    assert response.text.lstrip().startswith('<p role="status"')
    assert 'id="minutes"' not in response.text
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_the_minutes_pdf_leaves_dropped_actions_out():
    meeting = MeetingFactory()
    ActionFactory(event=meeting, description="Faire une fiche projet")
    ActionFactory(event=meeting, description="Café RESO", status=Action.Status.DROPPED)

    plan = PDF_BUILDERS["compte-rendu"].plan(meeting, {})

    assert [a.description for a in plan.context["actions"]] == [
        "Faire une fiche projet"
    ]


# Présents and excusés many at once --------------------------------------


def test_everyone_from_the_committee_is_proposed_ticked(client, coordinator):
    committee = CommitteeFactory()
    members = [
        CommitteeMemberFactory(committee=committee, person=PersonFactory(last_name=n))
        for n in ("Clerc", "Delahaye")
    ]
    meeting = MeetingFactory(committee=committee)
    AttendanceFactory(event=meeting, person=members[1].person)
    client.force_login(coordinator)

    response = client.get(
        _url("orga_attendee_candidates", meeting.pk) + "?source=comite",
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response.text.count('name="line"') == 2
    assert response.text.count(" checked") == 2  # one line, and "Présent"
    assert "déjà sur la liste" in response.text


def test_an_empty_source_says_so(client, coordinator):
    meeting = MeetingFactory(committee=CommitteeFactory())
    client.force_login(coordinator)

    committee = client.get(
        _url("orga_attendee_candidates", meeting.pk) + "?source=comite",
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )
    checkin = client.get(
        _url("orga_attendee_candidates", meeting.pk) + "?source=emargement",
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )
    unknown = client.get(
        _url("orga_attendee_candidates", meeting.pk) + "?source=autre", **HTMX
    )

    assert "Le comité n’a pas encore de membres." in committee.text
    assert "Personne n’a été émargé à cette réunion." in checkin.text
    assert unknown.status_code == 404


def test_pasted_names_are_matched_and_new_ones_proposed(client, coordinator):
    meeting = MeetingFactory()
    PersonFactory(first_name="Véronique", last_name="Joyez")
    client.force_login(coordinator)

    response = client.post(
        _url("orga_attendee_candidates", meeting.pk),
        {"names": "- Veronique JOYEZ, La maison de Laurence\n- Danièle KUBIK, AEDE"},
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert "dans l’annuaire" in response.text
    assert "nouvelle personne" in response.text
    assert 'value="KUBIK"' in response.text


def test_pasted_names_without_javascript_show_the_meeting_page(client, coordinator):
    meeting = MeetingFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_attendee_candidates", meeting.pk), {"names": "Annie MARCHAND"}
    )

    assert "<html" in response.text
    assert 'value="MARCHAND"' in response.text


def test_the_ticked_lines_are_added_as_present(client, coordinator):
    meeting = MeetingFactory()
    known = PersonFactory(first_name="Cathy", last_name="Clerc")
    OrganisationFactory(name="MDS Meaux")
    client.force_login(coordinator)

    response = client.post(
        _url("orga_attendees_add", meeting.pk),
        {
            "status": "present",
            "index": ["0", "1", "2"],
            "line": ["0", "1"],
            "person-0": str(known.pk),
            "organisation-0": "MDS Meaux",
            "person-1": "",
            "first_name-1": "Martin",
            "last_name-1": "PALLA",
            "organisation-1": "ADSEA AESF",
            "note-1": "stagiaire",
            "person-2": "",
            "first_name-2": "Pas",
            "last_name-2": "Coché",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response["HX-Retarget"] == "#minutes"
    assert response["HX-Reswap"] == "innerHTML"
    assert "2 personnes ajoutées aux présents." in response.text
    assert sorted(
        (a.person.first_name, a.organisation.name, a.note, a.status)
        for a in meeting.attendances.all()
    ) == [
        ("Cathy", "MDS Meaux", "", "present"),
        ("Martin", "ADSEA AESF", "stagiaire", "present"),
    ]
    assert not Person.objects.filter(first_name="Pas").exists()


def test_the_ticked_lines_are_added_as_excused_without_javascript(client, coordinator):
    meeting = MeetingFactory()
    known = PersonFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_attendees_add", meeting.pk),
        {"status": "excuse", "index": "0", "line": "0", "person-0": str(known.pk)},
    )

    assert response.status_code == 302
    assert meeting.attendances.get().status == Attendance.Status.EXCUSED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "present", "index": "0"}, "Cochez au moins une personne."),
        (
            {"status": "present", "index": "0", "line": "0", "person-0": ""},
            "Indiquez un prénom ou un nom.",
        ),
        (
            {"status": "present", "index": "0", "line": "0", "person-0": "9" * 40},
            "Cette personne n’est pas dans l’annuaire.",
        ),
        (
            {"status": "absent", "index": "0", "line": "0", "first_name-0": "A"},
            "Sélectionnez un choix valide",
        ),
        ({"status": "present", "index": "x", "line": "-1"}, "Cochez au moins"),
    ],
)
def test_a_wrong_list_is_refused_beside_its_line(client, coordinator, data, message):
    meeting = MeetingFactory()
    client.force_login(coordinator)

    response = client.post(
        _url("orga_attendees_add", meeting.pk),
        data,
        HTTP_ACCEPT_LANGUAGE="fr",
        **HTMX,
    )

    assert response.status_code == 200
    assert message in response.text
    assert meeting.attendances.count() == 0
    assert not Person.objects.filter(first_name="A").exists()


# Who may --------------------------------------------------------------


def _urls(meeting, decision):
    return [
        ("get", _url("orga_minutes_row_update", meeting.pk, "decisions", decision.pk)),
        ("post", _url("orga_minutes_row_update", meeting.pk, "decisions", decision.pk)),
        ("get", _url("orga_attendee_candidates", meeting.pk) + "?source=comite"),
        ("post", _url("orga_attendee_candidates", meeting.pk)),
        ("post", _url("orga_attendees_add", meeting.pk)),
    ]


def test_anonymous_people_are_sent_to_log_in(client):
    decision = DecisionFactory()
    for method, url in _urls(decision.event, decision):
        response = getattr(client, method)(
            url, {"text": "x"} if method == "post" else {}
        )
        assert response.status_code == 302, url
        assert "/connexion/" in response.url or "login" in response.url, url


@pytest.mark.parametrize("who", ["partner_user", "funder"])
def test_partners_and_funders_may_not_write_the_minutes(client, request, who):
    user = request.getfixturevalue(who)
    decision = DecisionFactory(text="Intacte")
    meeting = decision.event
    user.organisations.set([meeting.organiser])
    meeting.funders.set([meeting.organiser])
    client.force_login(user)

    for method, url in _urls(meeting, decision):
        data = {"text": "x", "status": "present", "index": "0", "line": "0"}
        response = getattr(client, method)(url, data if method == "post" else {})
        assert response.status_code in (403, 404), url

    decision.refresh_from_db()
    assert decision.text == "Intacte"
    assert meeting.attendances.count() == 0


# Queries ----------------------------------------------------------------


@pytest.mark.parametrize("size", (2, 20))
def test_matching_pasted_names_costs_the_same_for_any_length(
    client, coordinator, size, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    names = []
    for n in range(size):
        person = PersonFactory(first_name=f"Prénom{n}", last_name=f"Nom{n}")
        OrganisationFactory(name=f"Structure {n}")
        names.append(f"{person.first_name} {person.last_name.upper()}, Structure {n}")
    client.force_login(coordinator)
    url = _url("orga_attendee_candidates", meeting.pk)
    client.post(url, {"names": "x"}, **HTMX)  # warm per-process caches

    with django_assert_max_num_queries(9):
        response = client.post(url, {"names": "\n".join(names)}, **HTMX)

    assert response.text.count("dans l’annuaire") >= size


@pytest.mark.parametrize("size", (2, 20))
def test_committee_candidates_cost_the_same_for_any_size(
    client, coordinator, size, django_assert_max_num_queries
):
    committee = CommitteeFactory()
    for _n in range(size):
        CommitteeMemberFactory(committee=committee, organisation=OrganisationFactory())
    meeting = MeetingFactory(committee=committee)
    client.force_login(coordinator)
    url = _url("orga_attendee_candidates", meeting.pk) + "?source=comite"
    client.get(url, **HTMX)

    with django_assert_max_num_queries(10):
        response = client.get(url, **HTMX)

    assert response.text.count('name="line"') == size


@pytest.mark.parametrize("size", (2, 12))
def test_adding_a_list_costs_a_bounded_number_of_queries_per_line(
    client, coordinator, size, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    people = PersonFactory.create_batch(size)
    client.force_login(coordinator)
    data = {"status": "present", "index": [], "line": []}
    for i, person in enumerate(people):
        data["index"].append(str(i))
        data["line"].append(str(i))
        data[f"person-{i}"] = str(person.pk)

    # Per line: its membership and its attendance; the rest is fixed.
    with django_assert_max_num_queries(30 + 3 * size):
        client.post(_url("orga_attendees_add", meeting.pk), data, **HTMX)

    assert meeting.attendances.count() == size
