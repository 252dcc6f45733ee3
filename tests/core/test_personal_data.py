"""RGPD: a person's data exported and anonymised everywhere, counts and
indicators unchanged; retention; the notice and the register; the commands
and the coordinators' page with its refusals."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.personal_data import (
    ERASED_DOMAIN,
    anonymise_expired_registrations,
    erase_person,
    export_person_data,
)
from tests.factories import (
    AnswerFactory,
    AttendanceFactory,
    CommitteeMemberFactory,
    EventFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    OutboundMailFactory,
    PersonFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    ResponseFactory,
)
from tests.factories import TestimonialFactory as QuoteFactory

pytestmark = pytest.mark.django_db
EMAIL = "annie.marchand@example.org"


@pytest.fixture
def annie():
    """Annie: a directory contact of two organisations, committee member,
    present at a meeting, registered at an event, who answered an identified
    questionnaire and agreed to be quoted; two e-mails were sent to her."""
    reso = OrganisationFactory(name="RESO77")
    person = PersonFactory(
        first_name="Annie",
        last_name="Marchand",
        email=EMAIL,
        phone="06 12 34 56 78",
        directory_consent=True,
    )
    MembershipFactory(person=person, organisation=reso, function="Directrice")
    MembershipFactory(person=person, organisation=reso, function="Trésorière")
    CommitteeMemberFactory(person=person)
    AttendanceFactory(person=person)
    event = EventFactory(title="Journée inter-associative")
    registration = RegistrationFactory(
        event=event,
        first_name="Annie",
        last_name="Marchand",
        email="Annie.Marchand@example.org",
        organisation=reso,
        dietary_needs="sans gluten",
        attended=True,
    )
    RegistrationFactory(event=event, email="autre@example.org", first_name="Bob")
    questionnaire = QuestionnaireFactory(event=event, is_anonymous=False)
    question = QuestionFactory(
        section__questionnaire=questionnaire, label="Un mot ?", kind="long_text"
    )
    invitation = InvitationFactory(
        questionnaire=questionnaire, registration=registration
    )
    response = ResponseFactory(
        questionnaire=questionnaire,
        invitation=invitation,
        first_name="Annie",
        quote_consent=True,
    )
    answer = AnswerFactory(response=response, question=question, text_value="Super")
    QuoteFactory(answer=answer, text="Super", first_name="Annie")
    OutboundMailFactory(to=EMAIL, subject="Votre inscription, Annie", status="sent")
    OutboundMailFactory(to=EMAIL, subject="Questionnaire", status="pending")
    return person, registration, event


def test_export_holds_everything_stored_about_the_person(annie):
    person, registration, event = annie
    data = export_person_data(" ANNIE.marchand@example.org ")
    text = json.dumps(data, ensure_ascii=False)
    assert [e["id"] for e in data["directory"]] == [person.pk]
    assert data["directory"][0]["téléphone"] == "06 12 34 56 78"
    kinds = [row["type"] for row in data["directory"][0]["related"]]
    assert kinds.count("appartenance") == 2
    assert "membre du comité" in kinds and "présence" in kinds
    assert [e["id"] for e in data["registrations"]] == [registration.pk]
    assert data["registrations"][0]["event"] == str(event)
    assert "sans gluten" in text
    assert data["identified_answers"][0]["answers"] == [
        {"question": "Un mot ?", "answer": "Super"}
    ]
    assert sorted(m["subject"] for m in data["emails_sent"]) == [
        "Questionnaire",
        "Votre inscription, Annie",
    ]
    # Another registrant's data is not in it.
    assert "Bob" not in text and "autre@example.org" not in text


def test_erasure_anonymises_everywhere_and_keeps_the_counts(annie):
    from core.models import OutboundMail
    from evaluations.models import Response, Testimonial
    from events.models import Attendance, CommitteeMember, Registration
    from partners.models import Membership

    person, registration, event = annie
    before = (
        Registration.objects.filter(event=event, attended=True).count(),
        Registration.objects.filter(organisation__name="RESO77").count(),
        Membership.objects.count(),
        Attendance.objects.count(),
        CommitteeMember.objects.count(),
        Response.objects.count(),
    )

    erasure = erase_person(EMAIL)

    person.refresh_from_db()
    registration.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        "Personne",
        "anonymisée",
        "",
        "",
    )
    assert person.directory_consent is False
    assert sorted(person.memberships.values_list("function", flat=True)) == [
        "",
        "(2)",
    ]
    assert registration.email == f"anonyme-{registration.pk}@{ERASED_DOMAIN}"
    assert (registration.first_name, registration.dietary_needs) == ("Personne", "")
    assert Response.objects.get(invitation__registration=registration).first_name == ""
    assert not Testimonial.objects.exists()
    mails = OutboundMail.objects.all()
    assert {m.to for m in mails} == {f"anonyme@{ERASED_DOMAIN}"}
    assert {m.subject for m in mails} == {""}
    # The one still waiting will never be sent to anybody.
    assert not mails.filter(status__in=["pending", "sending"]).exists()
    assert mails.filter(last_error="destinataire effacé (RGPD)").count() == 1
    after = (
        Registration.objects.filter(event=event, attended=True).count(),
        Registration.objects.filter(organisation__name="RESO77").count(),
        Membership.objects.count(),
        Attendance.objects.count(),
        CommitteeMember.objects.count(),
        Response.objects.count(),
    )
    assert after == before
    assert len(erasure.changes) == 1 + 2 + 1 + 1 + 1 + 2
    # Nothing is left to find under the address.
    data = export_person_data(EMAIL)
    assert data["directory"] == data["registrations"] == data["emails_sent"] == []
    # The other registrant is untouched.
    assert Registration.objects.get(email="autre@example.org").first_name == "Bob"


def test_dry_run_says_what_would_change_and_changes_nothing(annie):
    person, registration, _event = annie
    erasure = erase_person(EMAIL, dry_run=True)
    assert len(erasure.changes) == 8
    person.refresh_from_db()
    registration.refresh_from_db()
    assert person.first_name == "Annie" and registration.email.lower() == EMAIL


def test_indicators_are_the_same_after_erasure(annie):
    from evaluations.indicators import compute_indicators
    from evaluations.models import Indicator
    from tests.factories import (
        ExpectedResultFactory,
        FundedProjectFactory,
        IndicatorFactory,
        IndicatorPeriodFactory,
    )

    _person, _registration, event = annie
    project = FundedProjectFactory()
    project.events.add(event)
    result = ExpectedResultFactory(sub_objective__project=project)
    for computation in (
        Indicator.Computation.PARTICIPANTS,
        Indicator.Computation.ORGANISATIONS,
        Indicator.Computation.VOLUNTEER_SHARE,
        Indicator.Computation.RESPONSE_RATE,
    ):
        IndicatorPeriodFactory(
            indicator=IndicatorFactory(result=result, computation=computation),
            event=event,
        )

    def values():
        return [
            (p.indicator.computation, v.actual, v.breakdown)
            for p, v in compute_indicators(project)
        ]

    before = values()
    assert any(actual for _c, actual, _b in before)
    erase_person(EMAIL)
    assert values() == before


def test_an_address_with_nothing_changes_nothing(annie):
    erasure = erase_person("personne@example.org")
    assert erasure.changes == [] and erasure.left == []


def test_retention_anonymises_registrations_of_old_events_only(annie, settings):
    from events.models import Registration

    settings.PERSONAL_DATA_RETENTION_MONTHS = 12
    _person, registration, event = annie
    old = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=800),
        ends_at=timezone.now() - dt.timedelta(days=800) + dt.timedelta(hours=6),
    )
    expired = RegistrationFactory(event=old, first_name="Ancien")
    recent = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=6),
    )
    kept = RegistrationFactory(event=recent, first_name="Récent")
    event.starts_at = timezone.now() - dt.timedelta(days=1)
    event.ends_at = timezone.now() + dt.timedelta(days=10)
    event.save()

    assert anonymise_expired_registrations() == 1
    assert anonymise_expired_registrations() == 0
    expired.refresh_from_db()
    assert expired.first_name == "Personne" and expired.email.endswith(ERASED_DOMAIN)
    assert Registration.objects.get(pk=kept.pk).first_name == "Récent"
    assert Registration.objects.get(pk=registration.pk).first_name == "Annie"


def test_commands_export_and_erase(annie):
    out = StringIO()
    call_command("export_person_data", EMAIL, stdout=out)
    assert json.loads(out.getvalue())["directory"][0]["prénom"] == "Annie"

    out = StringIO()
    call_command("erase_person", EMAIL, "--dry-run", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "lignes à anonymiser : 8"
    person, _registration, _event = annie
    person.refresh_from_db()
    assert person.first_name == "Annie"

    out = StringIO()
    call_command("erase_person", EMAIL, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "lignes anonymisées : 8"
    assert any(line.startswith("personne #") for line in lines)
    person.refresh_from_db()
    assert person.first_name == "Personne"


def test_the_notice_and_the_register_are_public_and_french(client):
    response = client.get(reverse("core:privacy_notice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Registre des activités de traitement" in page
    assert "36 mois après l’événement" in page
    response = client.get(reverse("core:processing_register_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Traitement;Finalité")
    assert "Inscriptions aux événements" in text


def test_the_coordinators_page_shows_downloads_and_erases(client, coordinator, annie):
    person, _registration, _event = annie
    client.force_login(coordinator)
    url = reverse("core:orga_personal_data")
    assert client.get(url).status_code == 200

    page = client.post(url, {"email": EMAIL, "action": "show"}).content.decode()
    assert "06 12 34 56 78" in page and "Anonymiser définitivement" in page
    person.refresh_from_db()
    assert person.first_name == "Annie"

    download = client.post(url, {"email": EMAIL, "action": "download"})
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["email"] == EMAIL

    response = client.post(url, {"email": EMAIL, "action": "erase"}, follow=True)
    assert "Les données de la personne ont été anonymisées (8 enregistrements)" in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert person.first_name == "Personne"


def test_the_coordinators_page_says_a_bad_address_beside_the_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("core:orga_personal_data"), {"email": "pas-une-adresse"}
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_coordinators_reach_a_persons_data(
    client, method, partner_user, funder, annie
):
    url = reverse("core:orga_personal_data")
    response = getattr(client, method)(url, {"email": EMAIL, "action": "erase"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (partner_user, funder):
        client.force_login(user)
        response = getattr(client, method)(url, {"email": EMAIL, "action": "erase"})
        assert response.status_code == 403
    person, _registration, _event = annie
    person.refresh_from_db()
    assert person.first_name == "Annie"
