"""The public questionnaire a phone opens: cheap for every respondent.

The questions of the empty form are the same for every respondent, so they
are rendered once per process (``{% samefragment %}``,
bench/bench_public_pages.py); the page stays the same: same markup, a new
CSRF token and one-time key, a change of the questions shown at once, a
respondent's answers and errors never shown to another.
"""

import re

import pytest
from django.test import Client

from core.consent import consent_in_force
from core.models import ConsentText
from evaluations.forms import ResponseForm
from evaluations.models import Question
from tests.factories import (
    ChoiceFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db
CRISPY_FIELD = "bootstrap5/field.html"
_PER_VISITOR = re.compile(
    r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value="|'
    r'name="submission_key" value=")[^"]*'
)


def _page(url, **headers) -> tuple[str, list[str]]:
    response = Client().get(url, **headers)  # a phone without cookies
    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    return _PER_VISITOR.sub(r"\1…", response.text), templates


def _questionnaire(questions=5):
    questionnaire = QuestionnaireFactory()
    section = SectionFactory(questionnaire=questionnaire)
    kinds = [
        Question.Kind.SATISFACTION,
        Question.Kind.SINGLE,
        Question.Kind.LONG_TEXT,
        Question.Kind.RECOMMENDATION,
        Question.Kind.MULTIPLE,
    ]
    for number in range(questions):
        question = QuestionFactory(
            section=section, questionnaire=questionnaire, kind=kinds[number % 5]
        )
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            ChoiceFactory.create_batch(3, question=question)
    questionnaire.refresh_from_db()
    return questionnaire


def test_second_respondent_gets_the_same_page_without_rendering_the_fields_again(
    satisfaction_questionnaire,
):
    url = satisfaction_questionnaire.get_public_url()

    first, _ = _page(url)
    second, templates = _page(url)

    assert CRISPY_FIELD not in templates
    assert second == first
    assert "Partie 1 sur 2" in second


def test_the_page_is_the_one_rendered_field_by_field(monkeypatch):
    url = _questionnaire(questions=10).get_public_url()
    _page(url)
    cached, _ = _page(url)

    monkeypatch.setattr(ResponseForm, "rendering_key", lambda form: None)
    rendered, templates = _page(url)

    assert CRISPY_FIELD in templates
    assert cached == rendered


@pytest.mark.parametrize("questions", (5, 40))
def test_query_count_does_not_grow_with_the_questions(
    questions, django_assert_max_num_queries
):
    url = _questionnaire(questions=questions).get_public_url()
    _page(url)  # warm the caches

    with django_assert_max_num_queries(0):
        page, templates = _page(url)

    assert page.count('class="question mb-4"') + page.count("scale") > 0
    assert CRISPY_FIELD not in templates


@pytest.mark.parametrize("questions", (5, 40))
def test_query_count_of_a_first_visit_does_not_grow_with_the_questions(
    questions, django_assert_max_num_queries
):
    questionnaire = _questionnaire(questions=questions)
    # The quote consent's first text is recorded once for the whole site,
    # the first time any page needs it; then it comes from the cache.
    consent_in_force(ConsentText.Purpose.QUOTE)

    with django_assert_max_num_queries(4):
        page, _ = _page(questionnaire.get_public_url())

    for question in questionnaire.questions.all():
        assert f'name="q{question.pk}"' in page


def test_a_changed_question_shows_at_once(satisfaction_questionnaire):
    url = satisfaction_questionnaire.get_public_url()
    _page(url)
    question = satisfaction_questionnaire.questions.first()

    question.label = "Qu’avez-vous pensé de la salle ?"
    question.save()
    page, _ = _page(url)

    assert "Qu’avez-vous pensé de la salle ?" in page


def test_each_language_gets_its_own_questions_page(satisfaction_questionnaire):
    url = satisfaction_questionnaire.get_public_url()

    french, _ = _page(url, HTTP_ACCEPT_LANGUAGE="fr")
    english, _ = _page(url, HTTP_ACCEPT_LANGUAGE="en")

    assert "Partie 1 sur 2" in french and "Part 1 of 2" in english


def test_the_open_link_and_an_invitation_each_get_their_own_fields():
    questionnaire = _questionnaire()
    questionnaire.segment_mode = questionnaire.SegmentMode.REGISTRATION
    questionnaire.save()
    invitation = InvitationFactory(questionnaire=questionnaire)
    open_link, _ = _page(questionnaire.get_public_url())

    personal, _ = _page(invitation.get_public_url())

    assert 'name="segment"' in open_link
    assert 'name="segment"' not in personal


def test_answers_and_errors_are_never_shown_to_the_next_respondent(client):
    questionnaire = _questionnaire()
    url = questionnaire.get_public_url()
    _page(url)
    text = questionnaire.questions.get(kind=Question.Kind.LONG_TEXT)

    response = client.post(url, {f"q{text.pk}": "Une réponse bien à moi " + "x" * 5000})
    page, _ = _page(url)

    assert response.status_code == 400
    assert "Une réponse bien à moi" in response.text
    assert "Une réponse bien à moi" not in page
    assert "is-invalid" not in page
