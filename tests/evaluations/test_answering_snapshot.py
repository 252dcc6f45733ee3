"""The public link's cached questionnaire, and the signals that bust it."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations.models import Response
from evaluations.selectors import questionnaire_for_answering
from tests.factories import QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


def answer_url(questionnaire):
    return f"/q/{questionnaire.token}/"


def test_the_questionnaire_is_read_once_then_cached(django_assert_num_queries):
    questionnaire = QuestionnaireFactory()

    with django_assert_num_queries(1):
        first = questionnaire_for_answering(token=questionnaire.token)
    with django_assert_num_queries(0):
        again = questionnaire_for_answering(token=questionnaire.token)

    assert first == again == questionnaire
    assert again.event.title == questionnaire.event.title


def test_an_unknown_token_is_404_and_not_cached(client):
    for _attempt in range(2):
        assert client.get("/q/inconnu/").status_code == 404


def test_a_warm_submission_is_one_statement(client, django_assert_max_num_queries):
    question = QuestionFactory()
    url = answer_url(question.questionnaire)
    client.post(url, {f"q{question.pk}": "4"})

    # SQLite: the test's savepoint, the response, its answers, the release.
    with django_assert_max_num_queries(4) as captured:
        response = client.post(url, {f"q{question.pk}": "5"})

    assert response.status_code == 302
    assert not [
        query
        for query in captured.captured_queries
        if 'FROM "evaluations_questionnaire"' in query["sql"]
    ]
    assert Response.objects.count() == 2


def test_closing_the_questionnaire_takes_effect_at_once(client):
    question = QuestionFactory()
    questionnaire = question.questionnaire
    questionnaire_for_answering(token=questionnaire.token)

    questionnaire.closes_at = timezone.now() - dt.timedelta(minutes=1)
    questionnaire.save()
    response = client.post(answer_url(questionnaire), {f"q{question.pk}": "4"})

    assert "closed" in response.templates[0].name
    assert not Response.objects.exists()


def test_a_question_added_shows_at_once(client):
    first = QuestionFactory(label="Accueil")
    questionnaire = first.questionnaire
    client.get(answer_url(questionnaire))

    QuestionFactory(section=first.section, label="Qualité des échanges")

    assert "Qualité des échanges" in client.get(answer_url(questionnaire)).text


def test_the_event_renamed_shows_at_once(client):
    questionnaire = QuestionFactory().questionnaire
    client.get(answer_url(questionnaire))

    questionnaire.event.title = "Rencontres Agir ensemble 2014"
    questionnaire.event.save()

    assert "Rencontres Agir ensemble 2014" in client.get(answer_url(questionnaire)).text


def test_a_new_link_retires_the_old_one_at_once(client):
    questionnaire = QuestionFactory().questionnaire
    old_url = answer_url(questionnaire)
    client.get(old_url)

    questionnaire.token = "nouveau-lien"
    questionnaire.save()

    assert client.get(old_url).status_code == 404
    assert client.get("/q/nouveau-lien/").status_code == 200


def test_a_deleted_questionnaire_is_gone_at_once(client):
    questionnaire = QuestionFactory().questionnaire
    url = answer_url(questionnaire)
    client.get(url)

    questionnaire.event.delete()

    assert client.get(url).status_code == 404
