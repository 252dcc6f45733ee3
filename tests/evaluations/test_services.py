import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations.models import Answer, Invitation, Question, Questionnaire, Response
from evaluations.services import (
    InvitationAlreadyUsed,
    QuestionnaireClosed,
    create_questionnaire,
    invite_participants,
    mark_testimonial,
    move_item,
    save_question,
    submit_response,
)
from tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    EventFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_create_questionnaire_from_satisfaction_template_has_the_eight_topics():
    event = EventFactory()

    questionnaire = create_questionnaire(event=event, template_key="satisfaction")

    assert questionnaire.title == "Questionnaire de satisfaction"
    assert list(questionnaire.questions.values_list("key", flat=True)) == [
        "overall",
        "content",
        "format",
        "exchanges",
        "organisation",
        "takeaway",
        "improve",
        "come_back",
        "recommend",
    ]
    assert questionnaire.sections.count() == 2


def test_create_questionnaire_from_internal_template_is_for_the_team():
    questionnaire = create_questionnaire(event=EventFactory(), template_key="internal")

    assert questionnaire.title == "Évaluation interne"
    assert questionnaire.audience == Questionnaire.Audience.TEAM
    assert questionnaire.questions.count() == 8


def test_create_questionnaire_copy_keeps_questions_choices_and_keys():
    source = create_questionnaire(event=EventFactory(), template_key="satisfaction")
    question = save_question(
        question=Question(
            section=source.sections.first(), kind=Question.Kind.SINGLE, label="Venu"
        ),
        choice_labels=["En bus", "À pied"],
    )
    question.key = "transport"
    question.save()

    copy = create_questionnaire(event=EventFactory(), source=source)

    assert copy.title == source.title
    assert list(copy.questions.values_list("key", flat=True)) == list(
        source.questions.values_list("key", flat=True)
    )
    copied = copy.questions.get(key="transport")
    assert list(copied.choices.values_list("label", flat=True)) == ["En bus", "À pied"]


def test_save_question_keeps_existing_choice_rows_and_drops_removed_ones():
    question = QuestionFactory(kind=Question.Kind.SINGLE)
    kept = ChoiceFactory(question=question, label="Oui, beaucoup", position=0)
    ChoiceFactory(question=question, label="Pas du tout", position=1)

    save_question(question=question, choice_labels=["Un peu", "Oui, beaucoup"])

    assert list(question.choices.values_list("label", "position")) == [
        ("Un peu", 0),
        ("Oui, beaucoup", 1),
    ]
    assert question.choices.get(label="Oui, beaucoup").pk == kept.pk


def test_move_item_swaps_a_question_with_the_next_one():
    section = SectionFactory()
    first = QuestionFactory(section=section, position=0)
    second = QuestionFactory(section=section, position=1)

    move_item(item=first, direction=1)

    assert list(section.questions.all()) == [second, first]


def test_move_item_does_nothing_past_the_end():
    section = SectionFactory()
    first = QuestionFactory(section=section, position=0)
    second = QuestionFactory(section=section, position=1)

    move_item(item=second, direction=1)

    assert list(section.questions.all()) == [first, second]


def _questionnaire_with_all_kinds():
    questionnaire = QuestionnaireFactory()
    section = SectionFactory(questionnaire=questionnaire)
    questions = {
        kind: QuestionFactory(section=section, kind=kind) for kind in Question.Kind
    }
    for kind in Question.CHOICE_KINDS:
        ChoiceFactory.create_batch(3, question=questions[kind])
    return questionnaire, questions


def test_submit_response_stores_typed_values_for_every_kind():
    questionnaire, q = _questionnaire_with_all_kinds()
    single = q[Question.Kind.SINGLE].choices.first()
    multiple = list(q[Question.Kind.MULTIPLE].choices.all())

    response = submit_response(
        questionnaire=questionnaire,
        values={
            q[Question.Kind.SATISFACTION].pk: 5,
            q[Question.Kind.SINGLE].pk: single.pk,
            q[Question.Kind.MULTIPLE].pk: [multiple[0].pk, multiple[2].pk],
            q[Question.Kind.YES_NO].pk: 1,
            q[Question.Kind.NUMBER].pk: 42,
            q[Question.Kind.SHORT_TEXT].pk: " Court et ciblé ",
            q[Question.Kind.LONG_TEXT].pk: "",
            q[Question.Kind.RECOMMENDATION].pk: 9,
        },
        segment="benevole",
    )

    stored = list(
        response.answers.order_by("question_id", "choice_id").values_list(
            "question__kind", "int_value", "text_value", "choice_id"
        )
    )
    assert stored == [
        ("satisfaction", 5, "", None),
        ("single", None, "", single.pk),
        ("multiple", None, "", multiple[0].pk),
        ("multiple", None, "", multiple[2].pk),
        ("yes_no", 1, "", None),
        ("number", 42, "", None),
        ("short_text", None, "Court et ciblé", None),
        ("recommendation", 9, "", None),
    ]
    assert response.segment == "benevole"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Question.Kind.SATISFACTION, 6),
        (Question.Kind.SATISFACTION, 0),
        (Question.Kind.RECOMMENDATION, 11),
        (Question.Kind.YES_NO, 2),
        (Question.Kind.NUMBER, 10_000_000),
    ],
)
def test_submit_response_rejects_a_value_out_of_range(kind, value):
    question = QuestionFactory(kind=kind)

    with pytest.raises(ValidationError):
        submit_response(
            questionnaire=question.questionnaire, values={question.pk: value}
        )

    assert Response.objects.count() == 0


def test_submit_response_rejects_a_choice_of_another_question():
    question = QuestionFactory(kind=Question.Kind.SINGLE)
    ChoiceFactory(question=question)
    foreign = ChoiceFactory()

    with pytest.raises(ValidationError):
        submit_response(
            questionnaire=question.questionnaire, values={question.pk: foreign.pk}
        )

    assert Answer.objects.count() == 0


def test_submit_response_rejects_a_question_of_another_questionnaire():
    question = QuestionFactory()
    other = QuestionFactory()

    with pytest.raises(ValidationError):
        submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: 4, other.pk: 4},
        )

    assert Response.objects.count() == 0


def test_submit_response_rejects_oversize_text():
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT)

    with pytest.raises(ValidationError):
        submit_response(
            questionnaire=question.questionnaire,
            values={question.pk: "x" * (Question.LONG_TEXT_MAX + 1)},
        )

    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 2), (-3, -1), (None, None)],
    ids=["before-opening", "after-closing", "never-opened"],
)
def test_submit_response_refuses_a_closed_questionnaire(opens, closes):
    now = timezone.now()
    questionnaire = QuestionnaireFactory(
        opens_at=opens and now + dt.timedelta(days=opens),
        closes_at=closes and now + dt.timedelta(days=closes),
    )

    with pytest.raises(QuestionnaireClosed):
        submit_response(questionnaire=questionnaire, values={})

    assert Response.objects.count() == 0


def test_submit_response_uses_an_invitation_once():
    invitation = InvitationFactory(questionnaire__is_anonymous=False)
    submit_response(
        questionnaire=invitation.questionnaire, values={}, invitation=invitation
    )

    with pytest.raises(InvitationAlreadyUsed):
        submit_response(
            questionnaire=invitation.questionnaire, values={}, invitation=invitation
        )

    assert Response.objects.filter(invitation=invitation).count() == 1


def test_submit_response_anonymous_stores_no_personal_data():
    invitation = InvitationFactory(questionnaire__is_anonymous=True)

    response = submit_response(
        questionnaire=invitation.questionnaire,
        values={},
        first_name="Margot",
        organisation_name="AGORAé",
        invitation=invitation,
    )

    response.refresh_from_db()
    invitation.refresh_from_db()
    assert (response.first_name, response.organisation_name, response.invitation) == (
        "",
        "",
        None,
    )
    assert invitation.used is True


def test_submit_response_takes_the_segment_from_the_registration():
    invitation = InvitationFactory(
        questionnaire__segment_mode=Questionnaire.SegmentMode.REGISTRATION,
        registration__status="elu",
    )

    response = submit_response(
        questionnaire=invitation.questionnaire,
        values={},
        segment="benevole",
        invitation=invitation,
    )

    assert response.segment == "elu"


def test_submit_response_named_keeps_first_name_and_organisation():
    questionnaire = QuestionnaireFactory(is_anonymous=False)

    response = submit_response(
        questionnaire=questionnaire,
        values={},
        first_name="Margot",
        organisation_name="AGORAé",
    )

    assert (response.first_name, response.organisation_name) == ("Margot", "AGORAé")


def test_submit_response_requires_the_required_questions():
    question = QuestionFactory(is_required=True)

    with pytest.raises(ValidationError):
        submit_response(questionnaire=question.questionnaire, values={})

    assert Response.objects.count() == 0


def test_invite_participants_emails_single_use_links_after_commit(
    django_capture_on_commit_callbacks,
):
    questionnaire = QuestionnaireFactory()
    RegistrationFactory(event=questionnaire.event, email="a@example.org")
    RegistrationFactory(event=questionnaire.event, email="b@example.org")
    RegistrationFactory(
        event=questionnaire.event, email="c@example.org", cancelled_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        created = invite_participants(questionnaire=questionnaire)

    assert created == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    tokens = list(questionnaire.invitations.values_list("token", flat=True))
    assert all(any(t in m.body for m in mail.outbox) for t in tokens)
    assert questionnaire.invitations.filter(sent_at__isnull=True).count() == 0


def test_invite_participants_twice_does_not_email_again(
    django_capture_on_commit_callbacks,
):
    questionnaire = QuestionnaireFactory()
    RegistrationFactory(event=questionnaire.event)
    with django_capture_on_commit_callbacks(execute=True):
        invite_participants(questionnaire=questionnaire)

    with django_capture_on_commit_callbacks(execute=True):
        created = invite_participants(questionnaire=questionnaire)

    assert (created, len(mail.outbox), Invitation.objects.count()) == (0, 1, 1)


def test_mark_testimonial_copies_first_name_and_organisation(coordinator):
    answer = AnswerFactory(
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="J'ai énormément appris.",
        response__quote_consent=True,
        response__first_name="Margot",
        response__organisation_name="AGORAé",
    )

    testimonial = mark_testimonial(answer=answer, by=coordinator)

    assert (testimonial.text, testimonial.signature, testimonial.approved_by) == (
        "J'ai énormément appris.",
        "Margot – AGORAé",
        coordinator,
    )


def test_mark_testimonial_refuses_without_consent(coordinator):
    answer = AnswerFactory(
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="Bien.",
        response__quote_consent=False,
    )

    with pytest.raises(ValidationError):
        mark_testimonial(answer=answer, by=coordinator)

    assert not hasattr(answer, "testimonial")


def test_invitations_are_in_each_participants_language():
    questionnaire = QuestionnaireFactory(event__title="Journée")
    RegistrationFactory(
        event=questionnaire.event, email="en@example.org", language="en"
    )
    RegistrationFactory(
        event=questionnaire.event, email="fr@example.org", language="fr"
    )

    invite_participants(questionnaire=questionnaire)

    from core.models import OutboundMail

    assert sorted(OutboundMail.objects.values_list("to", "language", "subject")) == [
        ("en@example.org", "en", "Your opinion on « Journée »"),
        ("fr@example.org", "fr", "Votre avis sur «\u00a0Journée\u00a0»"),
    ]
