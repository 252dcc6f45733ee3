"""Présents and excusés of a meeting, many at once.

Candidates come from three sources: the committee's members ("tous
présents", then untick), the meeting's check-in (registrations marked
attended) or a pasted list of names ("Cathy CLERC, MDS Meaux", one a line).
Each candidate is matched against the directory, accents and case ignored;
a name the directory does not know is proposed as a new person with the
organisation typed beside it. ``add_attendees`` then writes the ticked ones
in one transaction.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from partners.models import Membership, Organisation, Person
from partners.validators import normalise_text

from ..models import Attendance, Event, Registration

MAX_LINES = 200
_BULLET = re.compile(r"^[\s\-–—•*·]+")
# Words that say what the person is rather than where: kept as the note.
NOTE_PREFIXES = ("stagiaire", "service civique", "benevole", "interne")


@dataclass
class Candidate:
    """One line of the list to confirm: who, from where, and whom it matches."""

    first_name: str = ""
    last_name: str = ""
    organisation_name: str = ""
    note: str = ""
    matches: list = field(default_factory=list)  # Person objects
    organisation: Organisation | None = None
    already: bool = False
    ticked: bool = True
    errors: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def person(self):
        return self.matches[0] if len(self.matches) == 1 else None


@dataclass
class AttendeeRow:
    """A ticked line: an existing person (``person_id``) or a new one."""

    person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    organisation_name: str = ""
    note: str = ""


def split_name(text: str) -> tuple[str, str]:
    """ "Marie Josée CHAUMETTE" -> ("Marie Josée", "CHAUMETTE"): words in
    capitals are the last name; otherwise the last word is."""
    words = text.split()
    if not words:
        return "", ""
    upper = [w for w in words if len(w) > 1 and w.isupper()]
    if upper and len(upper) < len(words):
        first = [w for w in words if w not in upper]
        return " ".join(first), " ".join(upper)
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def parse_line(line: str) -> Candidate | None:
    """A pasted line as a candidate; ``None`` for a blank line."""
    text = _BULLET.sub("", line).strip()
    if not text:
        return None
    name, _sep, organisation = text.partition(",")
    organisation = organisation.strip()
    note = ""
    folded = normalise_text(organisation)
    for prefix in NOTE_PREFIXES:
        if folded.startswith(prefix + " "):
            words = len(prefix.split())
            parts = organisation.split()
            note, organisation = " ".join(parts[:words]), " ".join(parts[words:])
            break
    first, last = split_name(name.strip())
    return Candidate(
        first_name=first[:100],
        last_name=last[:100],
        organisation_name=organisation[:200],
        note=note[:150],
    )


def parse_names(text: str) -> list[Candidate]:
    lines = (parse_line(line) for line in (text or "").splitlines()[:MAX_LINES])
    return [c for c in lines if c is not None]


def _name_key(first: str, last: str) -> str:
    return normalise_text(f"{first} {last}")


class Directory:
    """The people and organisations of the directory, folded once (two
    queries), to match many names without a query per name."""

    def __init__(self):
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.only("first_name", "last_name", "email"):
            for key in (
                _name_key(person.first_name, person.last_name),
                _name_key(person.last_name, person.first_name),
            ):
                bucket = self.people.setdefault(key, [])
                if person not in bucket:
                    bucket.append(person)
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.only("name", "acronym"):
            for key in (
                normalise_text(organisation.name),
                normalise_text(organisation.acronym),
                normalise_text(str(organisation)),
            ):
                if key:
                    self.organisations.setdefault(key, organisation)

    def match_person(self, first: str, last: str) -> list[Person]:
        return list(self.people.get(_name_key(first, last), []))

    def match_organisation(self, name: str) -> Organisation | None:
        key = normalise_text(name)
        if not key:
            return None
        if key in self.organisations:
            return self.organisations[key]
        # "RESO 77" and "RESO77": spaces ignored as a last resort.
        squeezed = key.replace(" ", "")
        for known, organisation in self.organisations.items():
            if known.replace(" ", "") == squeezed:
                return organisation
        return None


def match_candidates(meeting: Event, candidates: list[Candidate]) -> list[Candidate]:
    """Fill each candidate's matches, organisation and whether it is
    already on the meeting's list (three queries in all)."""
    directory = Directory()
    on_list = set(meeting.attendances.values_list("person_id", flat=True))
    for candidate in candidates:
        if not candidate.matches:
            candidate.matches = directory.match_person(
                candidate.first_name, candidate.last_name
            )
        if candidate.organisation is None:
            candidate.organisation = directory.match_organisation(
                candidate.organisation_name
            )
        candidate.already = any(p.pk in on_list for p in candidate.matches)
    return candidates


def committee_candidates(meeting: Event) -> list[Candidate]:
    """The committee's members, in the directory's order."""
    if not meeting.committee_id:
        return []
    members = meeting.committee.members.select_related("person", "organisation")
    candidates = [
        Candidate(
            first_name=m.person.first_name,
            last_name=m.person.last_name,
            organisation_name=m.organisation.name if m.organisation else "",
            organisation=m.organisation,
            matches=[m.person],
        )
        for m in members.order_by("person__last_name", "person__first_name")
    ]
    return match_candidates(meeting, candidates)


def checkin_candidates(meeting: Event) -> list[Candidate]:
    """Registrations checked in at the meeting, matched by e-mail first."""
    registrations = (
        Registration.objects.filter(
            event=meeting, attended=True, cancelled_at__isnull=True
        )
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )
    registrations = list(registrations)
    emails = {r.email.lower() for r in registrations if r.email}
    by_email: dict[str, Person] = {}
    for person in Person.objects.filter(email__in=emails).only(
        "first_name", "last_name", "email"
    ):
        by_email.setdefault(person.email.lower(), person)
    candidates = [
        Candidate(
            first_name=r.first_name,
            last_name=r.last_name,
            organisation_name=r.organisation.name
            if r.organisation
            else r.organisation_name,
            organisation=r.organisation,
            matches=[by_email[r.email.lower()]] if r.email.lower() in by_email else [],
        )
        for r in registrations
    ]
    return match_candidates(meeting, candidates)


def pasted_candidates(meeting: Event, text: str) -> list[Candidate]:
    return match_candidates(meeting, parse_names(text))


@transaction.atomic
def add_attendees(
    *, meeting: Event, rows: list[AttendeeRow], status: str, by=None
) -> tuple[list[Attendance], int]:
    """Put ``rows`` on the meeting's list with ``status``; a row without a
    person creates one in the directory, with its organisation (found by
    name, accents ignored, or created). Someone already on the list keeps
    their line. Returns the new attendances and how many were already there.
    """
    if status not in (Attendance.Status.PRESENT, Attendance.Status.EXCUSED):
        raise ValueError(f"Unknown attendance status {status!r}")
    directory = Directory()
    on_list = set(meeting.attendances.values_list("person_id", flat=True))
    people = Person.objects.in_bulk([r.person_id for r in rows if r.person_id])
    created, skipped = [], 0
    for row in rows:
        organisation = directory.match_organisation(row.organisation_name)
        if row.person_id:
            person = people[row.person_id]
            if organisation is None:
                membership = (
                    Membership.objects.filter(person=person)
                    .select_related("organisation")
                    .first()
                )
                organisation = membership.organisation if membership else None
        else:
            if organisation is None and row.organisation_name.strip():
                organisation = Organisation.objects.create(
                    name=row.organisation_name.strip()[:200]
                )
                directory.organisations[normalise_text(organisation.name)] = (
                    organisation
                )
            person = Person.objects.create(
                first_name=row.first_name.strip()[:100],
                last_name=row.last_name.strip()[:100],
            )
            if organisation is not None:
                Membership.objects.create(person=person, organisation=organisation)
        if person.pk in on_list:
            skipped += 1
            continue
        on_list.add(person.pk)
        created.append(
            Attendance.objects.create(
                event=meeting,
                person=person,
                organisation=organisation,
                status=status,
                note=row.note.strip()[:150],
            )
        )
    return created, skipped
