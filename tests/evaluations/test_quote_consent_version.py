"""A consent to be quoted records the version of its text and its date
(issue 16), on the public answering form."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.consent import consent_in_force, publish_consent_text
from core.models import ConsentText
from core.personal_data import erase_person, export_person_data
from evaluations.models import Answer, Question, Response
from tests.factories import (
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

QUOTE = ConsentText.Purpose.QUOTE


def answer_url(questionnaire, invitation=None):
    if invitation is not None:
        return invitation.get_public_url()
    return reverse(
        "evaluations:public_questionnaire_answer", args=[questionnaire.token]
    )


def quotable(questionnaire=None, n=1):
    section = SectionFactory(
        **({"questionnaire": questionnaire} if questionnaire else {})
    )
    return [
        QuestionFactory(
            section=section, kind=Question.Kind.LONG_TEXT, may_be_quoted=True
        )
        for _n in range(n)
    ]


def publish_v2(by=None):
    return publish_consent_text(
        purpose=QUOTE, version="2", text="Nouveau texte sur les citations.", by=by
    )


def test_the_text_in_force_and_its_version_are_shown_beside_each_checkbox(client):
    first, second = quotable(n=2)
    publish_v2()

    page = client.get(answer_url(first.questionnaire)).text

    assert page.count("J&#x27;accepte que cette réponse soit citée") == 2
    assert page.count("Nouveau texte sur les citations.") == 2
    assert page.count("texte de consentement, version 2") == 2


def test_the_consent_asked_once_shows_the_text_too(client, satisfaction_questionnaire):
    page = client.get(answer_url(satisfaction_questionnaire)).text

    assert "J&#x27;accepte que ma réponse soit citée" in page
    assert "texte de consentement, version 1" in page


def test_a_consent_per_question_records_the_version_and_the_day(client):
    (question,) = quotable()
    questionnaire = question.questionnaire  # anonymous: the day only

    response = client.post(
        answer_url(questionnaire),
        {f"q{question.pk}": "Très bien", f"q{question.pk}_consent": "on"},
    )

    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.quote_consent_text == consent_in_force(QUOTE)
    assert stored.quote_consent_text.version == "1"
    assert stored.quote_consent_at == stored.submitted_at
    local = timezone.localtime(stored.quote_consent_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_an_identified_response_records_the_time(client):
    questionnaire = QuestionnaireFactory(is_anonymous=False)
    (question,) = quotable(questionnaire)
    before = timezone.now()

    client.post(
        answer_url(questionnaire),
        {f"q{question.pk}": "Bien", f"q{question.pk}_consent": "on"},
    )

    stored = Response.objects.get()
    assert before <= stored.quote_consent_at <= timezone.now()


def test_the_consent_asked_once_records_the_version(client, satisfaction_questionnaire):
    question = satisfaction_questionnaire.questions.first()

    client.post(
        answer_url(satisfaction_questionnaire),
        {f"q{question.pk}": "4", "quote_consent": "on"},
    )

    stored = Response.objects.get()
    assert stored.quote_consent
    assert stored.quote_consent_text == consent_in_force(QUOTE)


def test_no_consent_records_no_version(client):
    (question,) = quotable()

    client.post(answer_url(question.questionnaire), {f"q{question.pk}": "Bien"})

    stored = Response.objects.get()
    assert (stored.quote_consent, stored.quote_consent_text) == (False, None)
    assert stored.quote_consent_at is None


def test_a_new_version_leaves_earlier_consents_unchanged(client):
    (question,) = quotable()
    url = answer_url(question.questionnaire)
    data = {f"q{question.pk}": "Bien", f"q{question.pk}_consent": "on"}
    client.post(url, data)
    first = Response.objects.get()
    v1, at = first.quote_consent_text, first.quote_consent_at

    v2 = publish_v2()
    client.post(url, data)

    first.refresh_from_db()
    assert (first.quote_consent_text, first.quote_consent_at) == (v1, at)
    latest = Response.objects.exclude(pk=first.pk).get()
    assert latest.quote_consent_text == v2


def test_a_closed_questionnaire_stores_no_consent(client):
    (question,) = quotable()
    questionnaire = question.questionnaire
    questionnaire.closes_at = timezone.now() - dt.timedelta(hours=1)
    questionnaire.save()

    client.post(
        answer_url(questionnaire),
        {f"q{question.pk}": "Bien", f"q{question.pk}_consent": "on"},
    )

    assert not Response.objects.exists()


def test_a_used_invitation_stores_no_second_consent(client):
    questionnaire = QuestionnaireFactory(is_anonymous=False)
    (question,) = quotable(questionnaire)
    invitation = InvitationFactory(questionnaire=questionnaire)
    data = {f"q{question.pk}": "Bien", f"q{question.pk}_consent": "on"}

    client.post(answer_url(questionnaire, invitation), data)
    publish_v2()
    client.post(answer_url(questionnaire, invitation), data)

    assert list(Response.objects.values_list("quote_consent_text__version")) == [("1",)]


@pytest.mark.parametrize("count", (2, 20))
def test_the_answer_page_reads_the_text_once(client, count):
    consent_in_force(QUOTE)  # recorded once, then cached
    small = quotable(n=2)[0].questionnaire
    large = quotable(n=count)[0].questionnaire

    counts = []
    for questionnaire in (small, large):
        with CaptureQueriesContext(connection) as context:
            assert client.get(answer_url(questionnaire)).status_code == 200
        counts.append(len(context))

    assert counts[0] == counts[1]


# Personal data ---------------------------------------------------------------


def identified_response(client):
    questionnaire = QuestionnaireFactory(is_anonymous=False)
    (question,) = quotable(questionnaire)
    invitation = InvitationFactory(
        questionnaire=questionnaire, registration__email="lea@example.org"
    )
    client.post(
        answer_url(questionnaire, invitation),
        {f"q{question.pk}": "Bien", f"q{question.pk}_consent": "on"},
    )
    return Response.objects.get()


def test_the_export_lists_the_quote_consent_with_its_version(client):
    response = identified_response(client)

    consents = export_person_data("lea@example.org")["consents"]

    label = str(ConsentText.Purpose.QUOTE.label)
    (quote,) = [c for c in consents if c["purpose"] == label]
    assert (quote["given"], quote["version"]) == (True, "1")
    assert quote["given_at"] == response.quote_consent_at.isoformat()


def test_erasure_withdraws_the_quote_consents(client):
    response = identified_response(client)

    erase_person("lea@example.org")

    response.refresh_from_db()
    assert (response.quote_consent, response.quote_consent_text) == (False, None)
    assert response.quote_consent_at is None
    assert not Answer.objects.filter(quote_consent=True).exists()


# A text published while the page was open ------------------------------------


def test_a_consent_ticked_under_an_older_text_is_asked_again(client):
    (question,) = quotable()
    url = answer_url(question.questionnaire)
    v1 = consent_in_force(QUOTE)
    client.get(url)
    v2 = publish_v2()
    data = {
        f"q{question.pk}": "Très bien",
        f"q{question.pk}_consent": "on",
        "quote_consent_version": str(v1.pk),
    }

    asked = client.post(url, data)

    assert asked.status_code == 409
    assert "Le texte du consentement vient de changer" in asked.text
    assert "Nouveau texte sur les citations." in asked.text
    assert "Très bien" in asked.text  # the answers come back
    assert not Response.objects.exists()

    stored = client.post(url, {**data, "quote_consent_version": str(v2.pk)})

    assert stored.status_code == 302
    assert Response.objects.get().quote_consent_text == v2


def test_an_older_text_without_a_consent_is_stored_as_is(client):
    (question,) = quotable()
    v1 = consent_in_force(QUOTE)
    publish_v2()

    response = client.post(
        answer_url(question.questionnaire),
        {f"q{question.pk}": "Bien", "quote_consent_version": str(v1.pk)},
    )

    assert response.status_code == 302
    assert Response.objects.get().quote_consent_text is None


@pytest.mark.parametrize("junk", ["abc", "0", "9" * 40])
def test_a_junk_version_is_refused_without_a_500(client, junk):
    (question,) = quotable()

    response = client.post(
        answer_url(question.questionnaire),
        {f"q{question.pk}": "Bien", "quote_consent_version": junk},
    )

    assert response.status_code == 400
    assert not Response.objects.exists()
