"""The public answer page: one-time key, text limits, help texts."""

import re

import pytest
from django.urls import reverse

from evaluations.models import Answer, Question, Response
from tests.factories import InvitationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _url(questionnaire):
    return reverse(
        "evaluations:public_questionnaire_answer", args=[questionnaire.token]
    )


def _key(page: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', page).group(1)


def test_each_rendering_of_the_answer_page_carries_a_new_key(client):
    question = QuestionFactory()

    first = _key(client.get(_url(question.questionnaire)).text)
    second = _key(client.get(_url(question.questionnaire)).text)

    assert len(first) >= 16
    assert first != second


def test_a_double_tap_on_send_stores_one_response(client):
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)
    url = _url(question.questionnaire)
    data = {f"q{question.pk}": "4", "submission_key": _key(client.get(url).text)}

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1
    assert Response.objects.get().submission_key == data["submission_key"]


def test_two_renderings_sent_once_each_store_two_responses(client):
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)
    url = _url(question.questionnaire)

    for _time in range(2):
        key = _key(client.get(url).text)
        client.post(url, {f"q{question.pk}": "4", "submission_key": key})

    assert Response.objects.count() == 2


def test_a_double_tap_on_a_personal_link_lands_on_thanks_again(client):
    invitation = InvitationFactory()
    question = QuestionFactory(
        questionnaire=invitation.questionnaire,
        section__questionnaire=invitation.questionnaire,
    )
    url = reverse(
        "evaluations:public_invitation_answer",
        args=[invitation.questionnaire.token, invitation.token],
    )
    data = {f"q{question.pk}": "5", "submission_key": _key(client.get(url).text)}

    first = client.post(url, data)
    second = client.post(url, data)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Response.objects.count() == 1


def test_a_malformed_key_is_refused_without_storing(client):
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)

    response = client.post(
        _url(question.questionnaire),
        {f"q{question.pk}": "4", "submission_key": "x" * 80},
    )

    assert response.status_code == 400
    assert "Ce formulaire a expiré" in response.text
    assert not Response.objects.exists()


def test_a_long_answer_field_shows_its_limit_and_is_not_cut_by_the_browser(client):
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT, label="Remarques")

    page = client.get(_url(question.questionnaire)).text

    assert f'name="q{question.pk}"' in page
    assert 'data-maxlength="5000"' in page
    assert 'maxlength="5000"' not in page.replace('data-maxlength="5000"', "")
    assert "5\u202f000 caractères au maximum." in page
    assert "evaluations/answer.js" in page


def test_a_20000_character_paste_is_refused_next_to_the_field_not_cut(client):
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT, label="Remarques")

    response = client.post(
        _url(question.questionnaire), {f"q{question.pk}": "é" * 20_000}
    )

    assert response.status_code == 400
    assert "Votre réponse compte 20000 caractères" in response.text
    assert "é" * 1000 in response.text  # the text is given back, whole
    assert not Answer.objects.exists()


def test_a_question_help_text_is_shown_as_text_not_html(client):
    question = QuestionFactory(
        help_text='<a href="https://phishing.example/login">Connectez-vous</a>'
    )

    page = client.get(_url(question.questionnaire)).text

    assert '<a href="https://phishing.example/login">' not in page
    assert "&lt;a href=&quot;https://phishing.example/login&quot;&gt;" in page
