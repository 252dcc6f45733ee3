"""Questionnaires as people answer them (issue 14): services and selectors —
ticks limited, « Autre (précisez) », consent per question, reminders, closing
now, duplicating, moving a question, testimonials, profiles and editions."""

import datetime as dt

import pytest
import segno
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import OutboundMail
from evaluations import exporters, models, services
from evaluations.models import Answer, Question, Questionnaire, Response
from evaluations.selectors import (
    profile_comparison,
    questionnaire_results,
    series_comparison,
)
from evaluations.views.organiser import qr_code
from tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    EventFactory,
    EventSeriesFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
)
from tests.factories import TestimonialFactory as QuoteFactory

pytestmark = pytest.mark.django_db


def _multiple(max_choices=None, has_other=False):
    question = QuestionFactory(
        kind=Question.Kind.MULTIPLE, max_choices=max_choices, has_other=has_other
    )
    choices = [ChoiceFactory(question=question, label=f"Atelier {n}") for n in "ABC"]
    return question, choices


# -- Ticks, « Autre », consent ------------------------------------------------------


def test_more_ticks_than_allowed_are_refused_in_french_and_nothing_is_stored():
    question, choices = _multiple(max_choices=2)

    with pytest.raises(ValidationError) as error:
        services.submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: [c.pk for c in choices]},
        )

    assert error.value.messages == ["Cochez au plus 2 réponses."]
    assert Response.objects.count() == Answer.objects.count() == 0


def test_as_many_ticks_as_allowed_are_stored():
    question, choices = _multiple(max_choices=2)

    services.submit_response(
        questionnaire=question.questionnaire,
        values={question.pk: [choices[0].pk, choices[2].pk]},
    )

    assert sorted(Answer.objects.values_list("choice_id", flat=True)) == [
        choices[0].pk,
        choices[2].pk,
    ]


def test_other_answer_is_stored_with_its_text_and_counted_in_the_results():
    question, choices = _multiple(has_other=True)

    services.submit_response(
        questionnaire=question.questionnaire,
        values={question.pk: [choices[0].pk, Question.OTHER]},
        others={question.pk: "  Atelier théâtre  "},
    )

    assert sorted(
        Answer.objects.values_list("choice_id", "text_value"), key=str
    ) == sorted([(choices[0].pk, ""), (None, "Atelier théâtre")], key=str)
    result = questionnaire_results(questionnaire=question.questionnaire).questions[0]
    assert result.answered == 1
    assert [(bar.label, bar.count) for bar in result.bars] == [
        ("Atelier A", 1),
        ("Atelier B", 0),
        ("Atelier C", 0),
        ("Autre (précisez)", 1),
    ]


def test_other_without_its_text_is_refused():
    question = QuestionFactory(kind=Question.Kind.SINGLE, has_other=True)
    ChoiceFactory(question=question)

    with pytest.raises(ValidationError) as error:
        services.submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: Question.OTHER},
            others={question.pk: " "},
        )

    assert error.value.messages == ["Précisez votre réponse «\u00a0Autre\u00a0»."]
    assert Response.objects.count() == 0


def test_other_is_not_offered_when_the_question_does_not_ask_for_it():
    question = QuestionFactory(kind=Question.Kind.SINGLE)
    ChoiceFactory(question=question)

    with pytest.raises(ValidationError):
        services.submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: Question.OTHER},
            others={question.pk: "Autre chose"},
        )

    assert Response.objects.count() == 0


def test_consent_is_kept_per_question_and_only_consented_answers_can_be_quoted(
    coordinator,
):
    section = SectionFactory()
    quoted = QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, may_be_quoted=True
    )
    private = QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, may_be_quoted=True
    )

    response = services.submit_response(
        questionnaire=section.questionnaire,
        values={quoted.pk: "Très riche", private.pk: "Mon collègue était absent"},
        consents={quoted.pk},
    )

    answers = {a.question_id: a for a in response.answers.all()}
    assert (answers[quoted.pk].quote_consent, answers[private.pk].quote_consent) == (
        True,
        False,
    )
    services.mark_testimonial(answer=answers[quoted.pk], by=coordinator)
    with pytest.raises(ValidationError):
        services.mark_testimonial(answer=answers[private.pk], by=coordinator)
    assert list(models.Testimonial.objects.values_list("text", flat=True)) == [
        "Très riche"
    ]


# -- Running it -------------------------------------------------------------------


def test_close_now_stops_answers_at_once():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(section__questionnaire=questionnaire)

    services.close_now(questionnaire=questionnaire)

    questionnaire.refresh_from_db()
    assert not questionnaire.is_open
    with pytest.raises(services.QuestionnaireClosed):
        services.submit_response(questionnaire=questionnaire, values={question.pk: 4})


def test_close_now_refuses_a_questionnaire_never_opened():
    questionnaire = QuestionnaireFactory(opens_at=None, closes_at=None)

    with pytest.raises(ValidationError):
        services.close_now(questionnaire=questionnaire)

    questionnaire.refresh_from_db()
    assert questionnaire.closes_at is None


def test_reminders_go_to_invitees_who_have_not_answered_once_in_two_days():
    questionnaire = QuestionnaireFactory(event__title="Journée")
    sent = timezone.now() - dt.timedelta(days=3)
    waiting = InvitationFactory(
        questionnaire=questionnaire, sent_at=sent, registration__email="a@example.org"
    )
    InvitationFactory(
        questionnaire=questionnaire,
        sent_at=sent,
        used=True,
        registration__email="b@example.org",
    )
    InvitationFactory(questionnaire=questionnaire, registration__email="c@x.org")

    first = services.remind_invitees(questionnaire=questionnaire, site_url="https://x")
    again = services.remind_invitees(questionnaire=questionnaire, site_url="https://x")

    assert (first, again) == (1, 0)
    mails = list(OutboundMail.objects.values_list("to", "subject", "kind", "body"))
    assert [m[:3] for m in mails] == [
        (
            "a@example.org",
            "Relance\u00a0: votre avis sur «\u00a0Journée\u00a0»",
            "evaluations.reminder",
        )
    ]
    assert waiting.get_public_url() in mails[0][3]
    waiting.refresh_from_db()
    assert waiting.reminded_at is not None


def test_reminders_are_refused_once_closed():
    questionnaire = QuestionnaireFactory(
        opens_at=timezone.now() - dt.timedelta(days=9),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    InvitationFactory(questionnaire=questionnaire, sent_at=timezone.now())

    with pytest.raises(ValidationError):
        services.remind_invitees(questionnaire=questionnaire, site_url="https://x")

    assert OutboundMail.objects.count() == 0


def test_duplicate_copies_questions_with_their_keys_under_the_new_title():
    question = QuestionFactory(key="satisfaction-globale")
    ChoiceFactory(question__section=question.section)
    AnswerFactory(question=question)
    next_edition = EventFactory()

    copy = services.duplicate_questionnaire(
        source=question.questionnaire, title="Rencontres 2014", event=next_edition
    )

    assert (copy.title, copy.event, copy.opens_at, copy.responses.count()) == (
        "Rencontres 2014",
        next_edition,
        None,
        0,
    )
    assert (
        list(copy.questions.values_list("key", flat=True)).count("satisfaction-globale")
        == 1
    )
    assert copy.questions.count() == question.questionnaire.questions.count()


def test_a_question_moves_to_another_part_with_its_answers():
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    other = SectionFactory(questionnaire=question.questionnaire)
    QuestionFactory(section=other, position=0)

    question.section = other
    services.save_question(question=question)

    question.refresh_from_db()
    assert (question.section, question.position) == (other, 1)
    assert answer.question_id == question.pk and Answer.objects.count() == 1


def test_a_question_cannot_move_to_another_questionnaires_part():
    question = QuestionFactory()
    foreign = SectionFactory()

    with pytest.raises(ValidationError):
        services.move_to_section(question=question, section=foreign)

    question.refresh_from_db()
    assert question.section != foreign


def test_qr_codes_have_the_four_module_quiet_zone():
    url = "https://maillage.example.org/q/abc/"
    reference = segno.make(url, error="m")
    width = (reference.symbol_size(scale=8, border=4))[0]

    png = qr_code(url, "png")
    svg = qr_code(url, "svg", title="Avis").decode()

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == width
    assert f'width="{width}"' in svg and "<title>Avis</title>" in svg


# -- Testimonials -----------------------------------------------------------------


def test_a_testimonial_is_corrected_then_removed_and_its_answer_stays(coordinator):
    testimonial = QuoteFactory(first_name="Margot")

    services.update_testimonial(
        testimonial=testimonial,
        text="Très enrichissant !",
        first_name="Margot",
        organisation_name="AGORAé",
        by=coordinator,
    )
    testimonial.refresh_from_db()
    assert (testimonial.text, testimonial.signature) == (
        "Très enrichissant !",
        "Margot – AGORAé",
    )
    with pytest.raises(ValidationError):
        services.update_testimonial(testimonial=testimonial, text="  ")

    services.delete_testimonial(testimonial=testimonial)

    assert models.Testimonial.objects.count() == 0
    assert Answer.objects.filter(pk=testimonial.answer_id).exists()


def test_testimonials_export_rows():
    testimonial = QuoteFactory(first_name="Margot", answer__question__label="Q")

    rows = list(exporters.testimonial_rows(testimonials=[testimonial]))

    assert rows[0] == ["Citation", "Prénom", "Structure", "Question", "Date"]
    assert rows[1][:4] == ["Très enrichissant.", "Margot", "", "Q"]


# -- Profiles and editions ----------------------------------------------------------


def _answer(question, value, segment):
    AnswerFactory(
        question=question,
        int_value=value,
        response=ResponseFactory(questionnaire=question.questionnaire, segment=segment),
    )


def test_profiles_side_by_side_with_their_counts():
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)
    yes_no = QuestionFactory(section=question.section, kind=Question.Kind.YES_NO)
    QuestionFactory(section=question.section, kind=Question.Kind.LONG_TEXT)
    _answer(question, 5, "benevole")
    _answer(question, 3, "benevole")
    _answer(question, 2, "elu")
    _answer(yes_no, 1, "elu")
    _answer(yes_no, 0, "elu")

    comparison = profile_comparison(questionnaire=question.questionnaire)

    assert [(str(label), n) for _v, label, n in comparison["columns"]] == [
        ("Bénévoles", 2),
        ("Salarié·es", 0),
        ("Élu·es", 3),
    ]
    rows = {row.question.pk: row for row in comparison["rows"]}
    assert list(rows) == [question.pk, yes_no.pk]  # the text question is left out
    assert rows[question.pk].cells == [
        (4, 2),
        (None, 0),
        (2, 1),
        (pytest.approx(10 / 3), 3),
    ]
    assert rows[yes_no.pk].cells[2] == (50, 2)


def test_editions_are_compared_by_key_with_their_number_of_answers():
    series = EventSeriesFactory()
    editions = [
        EventFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=d))
        for d in (-400, -30)
    ]
    questions = [
        QuestionFactory(section__questionnaire__event=event, key="globale")
        for event in editions
    ]
    _answer(questions[0], 2, "benevole")
    _answer(questions[1], 4, "benevole")
    _answer(questions[1], 5, "elu")

    comparison = series_comparison(questionnaire=questions[1].questionnaire)
    by_profile = profile_comparison(questionnaire=questions[1].questionnaire)

    assert comparison["counts"]() == [1, 2]
    assert comparison["rows"][0].averages == [2, 4.5]
    assert [(e.event, e.counts, e.total) for e in by_profile["editions"]] == [
        (editions[0], [1, 0, 0], 1),
        (editions[1], [1, 0, 1], 2),
    ]


@pytest.mark.parametrize("responses", (2, 20))
def test_profile_comparison_reads_a_fixed_number_of_queries(
    responses, django_assert_max_num_queries
):
    question = QuestionFactory(
        section__questionnaire__event__series=EventSeriesFactory()
    )
    for n in range(responses):
        _answer(question, 1 + n % 5, ("benevole", "professionnel", "elu")[n % 3])
    questionnaire = Questionnaire.objects.select_related("event").get(
        pk=question.questionnaire_id
    )

    with django_assert_max_num_queries(6):
        comparison = profile_comparison(questionnaire=questionnaire)

    assert comparison["total"] == responses
