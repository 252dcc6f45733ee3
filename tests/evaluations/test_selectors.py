import pytest

from evaluations.models import Answer, Question, Response
from evaluations.selectors import questionnaire_results, text_answers
from evaluations.services import create_questionnaire
from tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    EventFactory,
    EventSeriesFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    ResponseFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def _answers(question, values, segment=""):
    for value in values:
        response = ResponseFactory(
            questionnaire=question.questionnaire, segment=segment
        )
        AnswerFactory(question=question, response=response, int_value=value)


def _result(results, question):
    return next(r for r in results.questions if r.question == question)


def test_results_distribution_average_and_median_of_a_satisfaction_question():
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)
    _answers(question, [5, 5, 4, 2])

    result = _result(
        questionnaire_results(questionnaire=question.questionnaire), question
    )

    assert [(bar.label, bar.count, bar.percent) for bar in result.bars] == [
        ("Très insatisfait·e", 0, 0.0),
        ("Insatisfait·e", 1, 25.0),
        ("Ni satisfait·e ni insatisfait·e", 0, 0.0),
        ("Satisfait·e", 1, 25.0),
        ("Très satisfait·e", 2, 50.0),
    ]
    assert (result.answered, result.average, result.median) == (4, 4.0, 4.5)


def test_results_median_of_an_odd_count_is_the_middle_value():
    question = QuestionFactory(kind=Question.Kind.RECOMMENDATION)
    _answers(question, [0, 10, 7, 8, 3])

    result = _result(
        questionnaire_results(questionnaire=question.questionnaire), question
    )

    assert result.median == 7


def test_results_median_of_free_numbers_is_read_by_an_ordered_query():
    question = QuestionFactory(kind=Question.Kind.NUMBER)
    _answers(question, [120, 3, 40, 12])

    result = _result(
        questionnaire_results(questionnaire=question.questionnaire), question
    )

    assert (result.median, result.minimum, result.maximum) == (26, 3, 120)


def test_results_recommendation_score_is_promoters_minus_detractors():
    question = QuestionFactory(kind=Question.Kind.RECOMMENDATION)
    _answers(question, [10, 9, 9, 8, 7, 6, 2, 10, 10, 0])

    result = _result(
        questionnaire_results(questionnaire=question.questionnaire), question
    )

    assert result.nps == 20  # 5 promoters, 3 detractors, 10 answers


def test_results_multiple_choice_counts_each_ticked_choice():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE)
    bus, walk = ChoiceFactory(question=question), ChoiceFactory(question=question)
    for choices in ([bus, walk], [bus], [walk], [bus]):
        response = ResponseFactory(questionnaire=question.questionnaire)
        for choice in choices:
            AnswerFactory(
                question=question, response=response, choice=choice, int_value=None
            )

    result = _result(
        questionnaire_results(questionnaire=question.questionnaire), question
    )

    assert [(bar.count, bar.percent) for bar in result.bars] == [(3, 75.0), (2, 50.0)]


def test_results_filtered_by_segment_count_only_that_segment():
    question = QuestionFactory()
    _answers(question, [5, 5], segment="benevole")
    _answers(question, [1], segment="elu")

    results = questionnaire_results(
        questionnaire=question.questionnaire, segment="benevole"
    )

    assert results.response_count == 2
    assert _result(results, question).average == 5
    assert ("elu", "Élu·e", 1) in results.segments


def test_results_rates_against_registrations_and_attendance():
    question = QuestionFactory()
    event = question.questionnaire.event
    RegistrationFactory.create_batch(3, event=event, attended=True)
    RegistrationFactory(event=event, attended=False)
    _answers(question, [4, 5])

    results = questionnaire_results(questionnaire=question.questionnaire)

    assert (results.registered, results.attended) == (4, 3)
    assert results.rate_registered == 50.0


def test_results_compare_the_same_question_across_editions_of_a_series():
    series = EventSeriesFactory()
    questionnaires = [
        create_questionnaire(
            event=EventFactory(series=series, starts_at=starts_at, ends_at=starts_at),
            template_key="satisfaction",
        )
        for starts_at in ("2012-10-08T09:00+02:00", "2013-10-08T09:00+02:00")
    ]
    for questionnaire, values in zip(questionnaires, ([3, 4], [5, 5]), strict=True):
        _answers(questionnaire.questions.get(key="overall"), values)

    comparison = questionnaire_results(questionnaire=questionnaires[1]).comparison

    assert [event.pk for event in comparison["editions"]] == [
        q.event_id for q in questionnaires
    ]
    assert comparison["rows"][0].averages == [3.5, 5.0]


@pytest.mark.parametrize("answer_count", (10, 1000))
def test_results_query_count_does_not_grow_with_answers(
    answer_count, django_assert_num_queries
):
    questionnaire = QuestionnaireFactory(event__series=EventSeriesFactory())
    section = SectionFactory(questionnaire=questionnaire)
    questions = [
        QuestionFactory(section=section, kind=kind, key=kind) for kind in Question.Kind
    ]
    for question in questions:
        if question.has_choices:
            ChoiceFactory.create_batch(3, question=question)
    responses = Response.objects.bulk_create(
        Response(questionnaire=questionnaire, segment="benevole")
        for _n in range(answer_count // 10)
    )
    answers = []
    for index, response in enumerate(responses):
        for question in questions:
            if question.is_text:
                answers.append(
                    Answer(response=response, question=question, text_value="Bien")
                )
            elif question.has_choices:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        choice=question.choices.all()[index % 3],
                    )
                )
            else:
                answers.append(
                    Answer(response=response, question=question, int_value=index % 2)
                )
    Answer.objects.bulk_create(answers)

    with django_assert_num_queries(9):
        results = questionnaire_results(questionnaire=questionnaire)

    assert results.response_count == answer_count // 10


def test_text_answers_search_and_segment():
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT)
    kept = AnswerFactory(
        question=question,
        int_value=None,
        text_value="Court et bien ciblé",
        response__segment="benevole",
    )
    AnswerFactory(
        question=question,
        int_value=None,
        text_value="Court mais trop dense",
        response__segment="elu",
    )
    AnswerFactory(question=question, int_value=None, text_value="Intéressant")

    answers = text_answers(
        questionnaire=question.questionnaire, segment="benevole", search="court"
    )

    assert list(answers) == [kept]


def test_testimonials_for_event_lists_only_that_event():
    from evaluations.selectors import testimonials_for_event
    from tests.factories import TestimonialFactory

    mine = TestimonialFactory()
    TestimonialFactory()

    testimonials = testimonials_for_event(mine.answer.question.questionnaire.event)

    assert list(testimonials) == [mine]
