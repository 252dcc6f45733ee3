"""Présents and excusés many at once: parsing, matching, adding."""

import pytest

from events.models import Attendance
from events.services.attendees import (
    AttendeeRow,
    add_attendees,
    checkin_candidates,
    committee_candidates,
    parse_line,
    pasted_candidates,
    split_name,
)
from partners.models import Membership, Organisation, Person
from tests.factories import (
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marie Josée CHAUMETTE", ("Marie Josée", "CHAUMETTE")),
        ("Anne Cécile PAYET", ("Anne Cécile", "PAYET")),
        ("Cathy Clerc", ("Cathy", "Clerc")),
        ("Annie", ("Annie", "")),
        ("", ("", "")),
    ],
)
def test_split_name_takes_capitals_as_the_last_name(text, expected):
    assert split_name(text) == expected


def test_parse_line_reads_bullet_name_organisation_and_note():
    candidate = parse_line(" - Martin PALLA, stagiaire ADSEA AESF")

    assert (
        candidate.first_name,
        candidate.last_name,
        candidate.organisation_name,
        candidate.note,
    ) == ("Martin", "PALLA", "ADSEA AESF", "stagiaire")
    assert parse_line(" -  ") is None


def test_pasted_names_match_the_directory_without_accents_or_case():
    meeting = MeetingFactory()
    daniele = PersonFactory(first_name="Danièle", last_name="Kubik")
    aede = OrganisationFactory(name="AEDE")
    reso = OrganisationFactory(name="RESO 77")

    candidates = pasted_candidates(
        meeting, "- Daniele KUBIK, aede\n\n- Marilyne LETERME, RESO77\n"
    )

    assert [(c.person, c.organisation) for c in candidates] == [
        (daniele, aede),
        (None, reso),
    ]


def test_pasted_names_say_who_is_already_on_the_list():
    meeting = MeetingFactory()
    annie = PersonFactory(first_name="Annie", last_name="Marchand")
    AttendanceFactory(event=meeting, person=annie)

    [candidate] = pasted_candidates(meeting, "Annie MARCHAND, RESO77")

    assert candidate.already is True


def test_two_people_of_the_same_name_are_both_proposed():
    meeting = MeetingFactory()
    first = PersonFactory(first_name="Marie", last_name="Martin")
    second = PersonFactory(first_name="Marie", last_name="Martin")

    [candidate] = pasted_candidates(meeting, "Marie MARTIN")

    assert set(candidate.matches) == {first, second}
    assert candidate.person is None


def test_committee_candidates_are_its_members():
    committee = CommitteeFactory()
    organisation = OrganisationFactory(name="MDS Meaux")
    member = CommitteeMemberFactory(
        committee=committee, organisation=organisation
    ).person
    meeting = MeetingFactory(committee=committee)

    [candidate] = committee_candidates(meeting)

    assert (candidate.person, candidate.organisation) == (member, organisation)
    assert committee_candidates(MeetingFactory(committee=None)) == []


def test_checkin_candidates_are_the_attended_registrations_matched_by_email():
    meeting = MeetingFactory()
    known = PersonFactory(first_name="Elsa", last_name="Geoffroy", email="e@x.org")
    RegistrationFactory(
        event=meeting, first_name="Elsa", last_name="G.", email="E@x.org", attended=True
    )
    RegistrationFactory(
        event=meeting, first_name="Caroline", last_name="Jacquet", attended=True
    )
    RegistrationFactory(event=meeting, first_name="Absente", attended=False)

    candidates = checkin_candidates(meeting)

    assert [(c.first_name, c.person) for c in candidates] == [
        ("Elsa", known),
        ("Caroline", None),
    ]


def test_add_attendees_creates_new_people_with_their_organisation():
    meeting = MeetingFactory()
    known = PersonFactory(first_name="Cathy", last_name="Clerc")
    mds = OrganisationFactory(name="MDS Meaux")

    created, skipped = add_attendees(
        meeting=meeting,
        rows=[
            AttendeeRow(person_id=known.pk, organisation_name="mds meaux"),
            AttendeeRow(
                first_name="Elsa",
                last_name="GEOFFROY",
                organisation_name="Cultures du cœur",
                note="bénévole",
            ),
        ],
        status=Attendance.Status.PRESENT,
    )

    assert skipped == 0
    assert [(a.person.first_name, a.organisation.name, a.note) for a in created] == [
        ("Cathy", mds.name, ""),
        ("Elsa", "Cultures du cœur", "bénévole"),
    ]
    elsa = Person.objects.get(first_name="Elsa")
    assert Membership.objects.filter(
        person=elsa, organisation__name="Cultures du cœur"
    ).exists()


def test_add_attendees_reuses_an_organisation_created_on_an_earlier_line():
    meeting = MeetingFactory()

    add_attendees(
        meeting=meeting,
        rows=[
            AttendeeRow(first_name="Caroline", organisation_name="Maison de l'emploi"),
            AttendeeRow(first_name="Anaëlle", organisation_name="Maison de l’Emploi"),
        ],
        status=Attendance.Status.PRESENT,
    )

    assert Organisation.objects.filter(name__icontains="emploi").count() == 1


def test_add_attendees_keeps_someone_already_on_the_list():
    meeting = MeetingFactory()
    attendance = AttendanceFactory(event=meeting, status=Attendance.Status.PRESENT)

    created, skipped = add_attendees(
        meeting=meeting,
        rows=[AttendeeRow(person_id=attendance.person_id)],
        status=Attendance.Status.EXCUSED,
    )

    assert (created, skipped) == ([], 1)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.PRESENT


def test_add_attendees_refuses_an_unknown_status_and_writes_nothing():
    meeting = MeetingFactory()

    with pytest.raises(ValueError):
        add_attendees(
            meeting=meeting,
            rows=[AttendeeRow(first_name="Personne")],
            status=Attendance.Status.ABSENT,
        )

    assert not Person.objects.filter(first_name="Personne").exists()
