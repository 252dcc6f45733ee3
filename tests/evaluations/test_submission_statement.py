"""The one-statement insert of an open-link response (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.consent import consent_in_force
from core.models import ConsentText
from evaluations.models import Answer, Question, Response
from evaluations.services import submit_response
from tests.factories import ChoiceFactory, QuestionFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the one-statement insert is PostgreSQL's (SQLite takes the "
    "transaction, tested by the rest of the suite)",
)


def _questionnaire():
    scale = QuestionFactory(kind=Question.Kind.SATISFACTION)
    section = scale.section
    single = QuestionFactory(section=section, kind=Question.Kind.SINGLE)
    choice = ChoiceFactory(question=single)
    text = QuestionFactory(section=section, kind=Question.Kind.LONG_TEXT)
    values = {scale.pk: 4, single.pk: choice.pk, text.pk: "Très bien"}
    return scale.questionnaire, values


@pytest.mark.django_db(transaction=True)
def test_the_statement_writes_every_column_of_the_models_in_one_query():
    questionnaire, values = _questionnaire()
    questions = list(questionnaire.questions.prefetch_related("choices"))
    # The quote consent text in force, as the answer page passes it (cached).
    consent_text = consent_in_force(ConsentText.Purpose.QUOTE)

    with CaptureQueriesContext(connection) as queries:
        response = submit_response(
            questionnaire=questionnaire,
            values=values,
            questions=questions,
            segment="elu",
            quote_consent=True,
            quote_consent_text=consent_text,
            submission_key="k" * 32,
        )

    assert len(queries) == 1, [query["sql"] for query in queries]
    stored = Response.objects.get()
    assert (stored.quote_consent_text, stored.quote_consent_at) == (
        consent_text,
        stored.submitted_at,
    )
    assert (stored.pk, stored.segment, stored.quote_consent, stored.submission_key) == (
        response.pk,
        "elu",
        True,
        "k" * 32,
    )
    assert sorted(
        Answer.objects.values_list(
            "question_id", "int_value", "text_value", "choice_id"
        )
    ) == sorted(
        [
            (questions[0].pk, 4, "", None),
            (questions[1].pk, None, "", values[questions[1].pk]),
            (questions[2].pk, None, "Très bien", None),
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_page_store_one_response():
    questionnaire, values = _questionnaire()
    questions = list(questionnaire.questions.prefetch_related("choices"))
    start = threading.Barrier(2)
    returned = []

    def submit():
        try:
            start.wait()
            returned.append(
                submit_response(
                    questionnaire=questionnaire,
                    values=values,
                    questions=questions,
                    submission_key="same-page-key-0123456789",
                ).pk
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Response.objects.count() == 1
    assert Answer.objects.count() == 3
    assert returned == [Response.objects.get().pk] * 2
