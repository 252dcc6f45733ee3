"""The audit of personal data (issue 16): the history of people,
memberships and registrations (django-simple-history), the accesses to a
person's data, the coordinators' log and each person's trail; erasure
anonymises the history and keeps who did what."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import PersonalDataAccess
from core.personal_data import (
    ERASED_ADDRESS,
    anonymise_expired_registrations,
    audit_trail,
    erase_person,
    export_person_data,
)
from events.models import Registration
from events.services.registrations import register_by_hand
from partners.models import Membership, Person
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
EMAIL = "annie.marchand@example.org"
JOURNAL = reverse("core:orga_personal_data_journal")
PERSON_PAGE = reverse("core:orga_personal_data")
SECRETS = ("annie", "marchand", "06 12 34 56 78", "06 99", "directrice", "gluten")


@pytest.fixture
def annie(coordinator):
    """Annie in the directory (her phone changed once), with a function in
    an organisation, and registered by hand at an event, then changed."""
    person = PersonFactory(
        first_name="Annie",
        last_name="Marchand",
        email=EMAIL,
        phone="06 99 99 99 99",
        directory_consent=True,
    )
    person._history_user = coordinator
    person.phone = "06 12 34 56 78"
    person.save()
    MembershipFactory(
        person=person,
        organisation=OrganisationFactory(name="RESO77"),
        function="Directrice",
    )
    registration = register_by_hand(
        event=EventFactory(title="Journée inter-associative"),
        data={
            "first_name": "Annie",
            "last_name": "Marchand",
            "email": EMAIL,
            "status": Registration.Status.VOLUNTEER,
            "wants_lunch": True,
            "dietary_needs": "sans gluten",
        },
        by=coordinator,
    )
    registration.last_name = "Marchand-Dupont"
    registration.save()
    return person, registration


def _history_text() -> str:
    rows = []
    for model in (Person, Membership, Registration):
        rows += [str(values) for values in model.history.values_list()]
    return " ".join(rows).lower()


def test_changes_are_recorded_with_who_made_them(annie, coordinator):
    person, registration = annie
    assert list(
        person.history.order_by("history_id").values_list(
            "history_type", "phone", "history_user"
        )
    ) == [("+", "06 99 99 99 99", None), ("~", "06 12 34 56 78", coordinator.pk)]
    created = registration.history.earliest("history_id")
    assert (created.history_type, created.history_user) == ("+", coordinator)
    # The registration's keys are no one's data: not copied into the history.
    assert not hasattr(created, "token") and not hasattr(created, "submission_key")


def test_a_registration_made_on_the_public_form_records_no_history(client):
    EventFactory(slug="journee", is_registration_open=True)
    response = client.post(
        "/e/journee/inscription/",
        {
            "first_name": "Bob",
            "last_name": "Martin",
            "email": "bob@example.org",
            "status": Registration.Status.VOLUNTEER,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.history.count() == 0
    # Changed afterwards, it is.
    registration.attended = True
    registration.save()
    assert registration.history.get().history_type == "~"


def test_erasure_anonymises_the_history_and_keeps_who_did_what(annie, coordinator):
    person, registration = annie
    assert "annie" in _history_text()
    reader = CoordinatorFactory(username="lecture")
    PersonalDataAccess.objects.create(action="viewed", email=EMAIL, user=reader)

    erasure = erase_person(EMAIL, by=coordinator)

    text = _history_text()
    for secret in SECRETS:
        assert secret not in text, secret
    assert EMAIL not in text
    assert not PersonalDataAccess.objects.filter(email__iexact=EMAIL).exists()
    # Who created, changed, read and anonymised, and when, remains.
    assert person.history.filter(history_user=coordinator).count() == 2
    erased = person.history.latest("history_id")
    assert erased.history_change_reason == "anonymisation (RGPD)"
    assert registration.history.filter(history_user=coordinator).exists()
    assert set(
        PersonalDataAccess.objects.values_list("action", "user__username", "email")
    ) == {
        ("viewed", "lecture", ERASED_ADDRESS),
        ("erased", "coordination", ERASED_ADDRESS),
    }
    assert PersonalDataAccess.objects.get(action="erased").records == len(
        erasure.changes
    )
    # The live rows are anonymised as before.
    person.refresh_from_db()
    assert person.first_name == "Personne"


def test_erasure_finds_a_deleted_registration_by_its_old_address(annie):
    _person, registration = annie
    pk = registration.pk
    registration.delete()
    assert Registration.history.filter(id=pk, history_type="-").exists()

    erase_person(EMAIL)

    assert "marchand" not in _history_text()
    assert set(Registration.history.filter(id=pk).values_list("email", flat=True)) == {
        f"anonyme-{pk}@anonyme.invalid"
    }


def test_a_dry_run_records_nothing(annie):
    before = _history_text()
    erase_person(EMAIL, dry_run=True)
    assert _history_text() == before
    assert not PersonalDataAccess.objects.exists()


def test_retention_anonymises_the_registrations_history(annie, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 12
    _person, registration = annie
    long_ago = timezone.now() - dt.timedelta(days=800)
    registration.event.starts_at = long_ago
    registration.event.ends_at = long_ago + dt.timedelta(hours=6)
    registration.event.save()

    assert anonymise_expired_registrations() == 1

    names = Registration.history.values_list("first_name", "last_name", "email")
    assert {(first, last) for first, last, _email in names} == {
        ("Personne", "anonymisée")
    }
    assert not any("example.org" in email for _f, _l, email in names)


def test_the_trail_says_who_did_what_and_the_export_holds_it(annie, coordinator):
    trail = audit_trail(" Annie.Marchand@example.org ")
    records = [entry["record"] for entry in trail]
    assert any(r.startswith("fiche annuaire n°") for r in records)
    assert any(r.startswith("appartenance n°") for r in records)
    assert any(r.startswith("inscription n°") for r in records)
    assert {entry["by"] for entry in trail} >= {"Camille " + coordinator.last_name}
    assert [e["at"] for e in trail] == sorted((e["at"] for e in trail), reverse=True)

    data = export_person_data(EMAIL)
    assert len(data["audit_trail"]) == len(trail)
    json.dumps(data)


def test_the_persons_page_records_each_access_and_shows_the_trail(
    client, coordinator, annie
):
    client.force_login(coordinator)
    page = client.post(PERSON_PAGE, {"email": EMAIL, "action": "show"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Qui a fait quoi" in text and "consulté" in text
    client.post(PERSON_PAGE, {"email": EMAIL, "action": "download"})
    out = StringIO()
    call_command("export_person_data", EMAIL, stdout=out)

    assert list(
        PersonalDataAccess.objects.order_by("pk").values_list("action", "user")
    ) == [
        ("viewed", coordinator.pk),
        ("downloaded", coordinator.pk),
        ("exported", None),
    ]
    assert PersonalDataAccess.objects.first().records == 2

    client.post(PERSON_PAGE, {"email": EMAIL, "action": "erase"})
    erased = PersonalDataAccess.objects.get(action="erased")
    assert (erased.user, erased.email) == (coordinator, ERASED_ADDRESS)


def _journal_rows(response) -> list[str]:
    page = response.content.decode()
    if 'id="journal"' not in page:
        return []
    body = page.split('id="journal"', 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[2:]


def test_the_journal_lists_and_filters(client, coordinator, annie):
    person, _registration = annie
    other = CoordinatorFactory(username="autre")
    PersonFactory(first_name="Bernard", email="bernard@example.org")
    PersonalDataAccess.objects.create(action="viewed", email=EMAIL, user=other)
    client.force_login(coordinator)

    response = client.get(JOURNAL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Journal des données personnelles" in text
    assert "Bernard" in text and "Annie Marchand" in text
    everything = len(_journal_rows(response))
    # Person +/~, membership +, registration +/~, Bernard +, one access.
    assert everything == 7

    by_other = _journal_rows(client.get(JOURNAL, {"user": other.pk}))
    assert len(by_other) == 1 and "consulté" in by_other[0]

    annies = client.get(JOURNAL, {"person": person.pk})
    rows = _journal_rows(annies)
    assert len(rows) == 6 and not any("Bernard" in row for row in rows)
    (membership,) = [row for row in rows if "appartenance" in row]
    assert "Annie Marchand — RESO77" in membership
    assert "Afficher tout le monde" in annies.content.decode()

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert _journal_rows(client.get(JOURNAL, {"start": tomorrow})) == []
    assert len(_journal_rows(client.get(JOURNAL, {"end": tomorrow}))) == everything


@pytest.mark.parametrize(
    "query",
    [
        {"person": "abc"},
        {"person": "123456"},
        {"user": "-1"},
        {"start": "0001-01-01"},
        {"start": "demain"},
        {"start": "2026-05-02", "end": "2026-05-01"},
        {"page": "9999"},
    ],
)
def test_the_journal_refuses_junk_without_an_error_page(client, coordinator, query):
    client.force_login(coordinator)
    response = client.get(JOURNAL, query)
    assert response.status_code == 200
    assert "Journal des données personnelles" in response.content.decode()


def test_an_id_no_database_holds_is_a_bad_request(client, coordinator):
    client.force_login(coordinator)
    assert client.get(JOURNAL, {"person": "9" * 40}).status_code == 400


def _many_entries(n: int, by) -> None:
    for i in range(n):
        person = PersonFactory(first_name=f"P{i}", email=f"p{i}@example.org")
        person._history_user = by
        person.phone = "01"
        person.save()
        PersonalDataAccess.objects.create(action="viewed", email=person.email, user=by)


def test_the_journal_query_count_does_not_grow(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    _many_entries(3, CoordinatorFactory())
    with django_assert_max_num_queries(8) as small:
        assert client.get(JOURNAL).status_code == 200
    _many_entries(30, CoordinatorFactory())
    with django_assert_max_num_queries(len(small)):
        response = client.get(JOURNAL)
    assert len(_journal_rows(response)) == 50
    assert "Page 1 sur 2" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_coordinators_read_the_journal(client, method, partner_user, funder):
    response = getattr(client, method)(JOURNAL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (partner_user, funder):
        client.force_login(user)
        assert getattr(client, method)(JOURNAL).status_code == 403


def test_the_register_names_the_log(client):
    page = client.get(reverse("core:privacy_notice")).content.decode()
    assert "Journal des données personnelles" in page
    assert "Obligation légale (responsabilité, RGPD)" in page
