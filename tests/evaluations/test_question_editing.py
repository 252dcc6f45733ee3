"""Editing a question that already has answers loses none of them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations import exporters
from evaluations.models import Answer, Choice, Question
from evaluations.selectors import questionnaire_results, questions_for_answering
from evaluations.services import save_question, submit_response
from tests.factories import AnswerFactory, ChoiceFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _single_choice_question_answered():
    question = QuestionFactory(kind=Question.Kind.SINGLE, label="Venu·e comment")
    bus = ChoiceFactory(question=question, label="En bus", position=0)
    walk = ChoiceFactory(question=question, label="A pied", position=1)
    AnswerFactory(question=question, int_value=None, choice=bus)
    AnswerFactory(question=question, int_value=None, choice=walk)
    AnswerFactory(question=question, int_value=None, choice=walk)
    return question, bus, walk


def test_rewording_a_choice_keeps_its_answers():
    question, bus, walk = _single_choice_question_answered()

    save_question(question=question, choice_labels=["En bus", "À pied"])

    walk.refresh_from_db()
    assert walk.label == "À pied"
    assert not walk.is_archived
    assert walk.answers.count() == 2
    assert Answer.objects.filter(question=question).count() == 3


def test_rewording_the_question_keeps_its_answers():
    question, _bus, _walk = _single_choice_question_answered()
    question.label = "Comment êtes-vous venu·e ?"

    save_question(question=question, choice_labels=["En bus", "A pied"])

    assert Answer.objects.filter(question=question).count() == 3


def test_changing_the_kind_of_an_answered_question_is_refused():
    answer = AnswerFactory(question__kind=Question.Kind.YES_NO, int_value=1)
    question = answer.question
    question.kind = Question.Kind.SATISFACTION

    with pytest.raises(ValidationError) as error:
        save_question(question=question)

    assert "kind" in error.value.message_dict
    question.refresh_from_db()
    assert question.kind == Question.Kind.YES_NO


def test_changing_the_kind_of_an_unanswered_question_is_allowed():
    question = QuestionFactory(kind=Question.Kind.YES_NO)
    question.kind = Question.Kind.SATISFACTION

    save_question(question=question)

    question.refresh_from_db()
    assert question.kind == Question.Kind.SATISFACTION


def test_removing_an_answered_choice_archives_it_and_keeps_it_in_results_and_exports():
    question, bus, walk = _single_choice_question_answered()
    ChoiceFactory(question=question, label="À vélo", position=2)

    save_question(question=question, choice_labels=["En bus", "En voiture"])

    walk.refresh_from_db()
    assert walk.is_archived
    assert walk.answers.count() == 2
    assert not Choice.objects.filter(label="À vélo").exists()  # never answered
    offered = questions_for_answering(questionnaire=question.questionnaire)[0]
    assert [label for _pk, label in offered.choice_options()] == [
        "En bus",
        "En voiture",
    ]
    results = questionnaire_results(questionnaire=question.questionnaire)
    bars = {bar.label: bar.count for bar in results.questions[0].bars}
    assert bars["A pied (retiré)"] == 2
    rows = list(exporters.raw_rows(questionnaire=question.questionnaire))
    assert sorted(row[-1] for row in rows[1:]) == ["A pied", "A pied", "En bus"]


def test_an_archived_choice_cannot_be_answered_any_more():
    question, _bus, walk = _single_choice_question_answered()
    save_question(question=question, choice_labels=["En bus", "En voiture"])
    question = questions_for_answering(questionnaire=question.questionnaire)[0]

    with pytest.raises(ValidationError):
        submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: walk.pk},
            questions=[question],
        )


def _edit_url(question):
    return reverse("evaluations:orga_question_update", args=[question.pk])


def test_orga_kind_change_of_an_answered_question_is_refused_next_to_the_field(
    client, coordinator
):
    question, _bus, walk = _single_choice_question_answered()
    client.force_login(coordinator)

    response = client.post(
        _edit_url(question),
        {"kind": "yes_no", "label": "Venu·e en bus ?", "choices_text": ""},
    )

    assert response.status_code == 200
    assert "Cette question a déjà des réponses" in response.text
    assert response.context["form"].errors["kind"]
    assert 'name="confirm_removal"' not in response.text  # refused, not asked
    question.refresh_from_db()
    walk.refresh_from_db()
    assert (question.kind, question.label) == (Question.Kind.SINGLE, "Venu·e comment")
    assert not walk.is_archived


def test_orga_removing_an_answered_choice_asks_first_with_the_count(
    client, coordinator
):
    question, _bus, walk = _single_choice_question_answered()
    client.force_login(coordinator)
    data = {"kind": "single", "label": question.label, "choices_text": "En bus\nEn car"}

    asked = client.post(_edit_url(question), data)

    walk.refresh_from_db()
    assert asked.status_code == 200
    assert "« A pied »\u00a0: 2 réponses" in asked.text
    assert 'name="confirm_removal"' in asked.text
    assert not walk.is_archived
    assert question.choices.count() == 2

    done = client.post(_edit_url(question), {**data, "confirm_removal": "1"})

    walk.refresh_from_db()
    assert done.status_code == 302
    assert walk.is_archived
    assert walk.answers.count() == 2
    assert [c.label for c in question.offered_choices()] == ["En bus", "En car"]


def test_orga_question_edit_of_another_scope_is_404_and_visitors_sign_in(
    client, partner_user
):
    question, _bus, _walk = _single_choice_question_answered()

    assert client.get(_edit_url(question)).status_code == 302
    client.force_login(partner_user)
    assert client.post(_edit_url(question), {}).status_code in (403, 404)
    assert question.choices.count() == 2
