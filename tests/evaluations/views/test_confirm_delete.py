"""Deleting a section or a question of a questionnaire asks first, saying how
many questions and answers go with it; the builder's htmx button still posts."""

import pytest
from django.urls import reverse

from evaluations.models import Answer, Question, Section
from tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def question():
    question = QuestionFactory(label="Le lieu était-il adapté ?")
    AnswerFactory.create_batch(3, question=question)
    return question


def _url(item, action="delete"):
    name = "question" if isinstance(item, Question) else "section"
    return reverse(f"evaluations:orga_{name}_action", args=[item.pk, action])


def test_question_delete_get_counts_its_answers_and_deletes_nothing(
    client, coordinator, question, django_assert_max_num_queries
):
    client.force_login(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(_url(question), **FR)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Le lieu était-il adapté ?" in body
    assert "3 réponses" in body
    assert Answer.objects.filter(question=question).count() == 3


def test_section_delete_get_counts_its_questions(client, coordinator, question):
    client.force_login(coordinator)

    body = client.get(_url(question.section), **FR).content.decode()

    assert "1 question" in body
    assert "3 réponses" in body
    assert Section.objects.filter(pk=question.section_id).exists()


def test_question_delete_post_deletes_it_and_its_answers(client, coordinator, question):
    client.force_login(coordinator)

    response = client.post(_url(question), **FR)

    assert response.status_code == 302
    assert response.url == reverse(
        "evaluations:orga_questionnaire_detail", args=[question.questionnaire_id]
    )
    assert not Question.objects.filter(pk=question.pk).exists()
    assert Answer.objects.count() == 0
    assert [str(m) for m in response.wsgi_request._messages] == ["Supprimé."]


def test_question_delete_by_htmx_answers_the_builder(client, coordinator, question):
    client.force_login(coordinator)

    response = client.post(_url(question), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'id="builder"' in response.content.decode()
    assert not Question.objects.filter(pk=question.pk).exists()


def test_builder_delete_buttons_reach_the_page_without_javascript(
    client, coordinator, question
):
    client.force_login(coordinator)
    body = client.get(
        reverse(
            "evaluations:orga_questionnaire_detail", args=[question.questionnaire_id]
        )
    ).content.decode()

    assert f'<form method="get" action="{_url(question)}"' in body
    assert f'<form method="get" action="{_url(question.section)}"' in body


def test_moving_is_not_a_page(client, coordinator, question):
    client.force_login(coordinator)

    assert client.get(_url(question, "up")).status_code == 405
    assert client.get(_url(question, "supprimer")).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_question_delete_is_a_404_for_a_funder_and_the_login_for_visitors(
    client, funder, question, method
):
    anonymous = getattr(client, method)(_url(question))
    client.force_login(funder)
    signed_in = getattr(client, method)(_url(question))

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    assert signed_in.status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
