import datetime as dt

import factory
from django.utils import timezone

from evaluations.models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
    Testimonial,
)

from .events import EventFactory, RegistrationFactory

__all__ = [
    "QuestionnaireFactory",
    "SectionFactory",
    "QuestionFactory",
    "ChoiceFactory",
    "InvitationFactory",
    "ResponseFactory",
    "AnswerFactory",
    "TestimonialFactory",
]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """An open, anonymous participants' questionnaire, without questions."""

    class Meta:
        model = Questionnaire

    title = factory.Sequence(lambda n: f"Questionnaire de satisfaction n° {n}")
    event = factory.SubFactory(EventFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    is_anonymous = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    title = factory.Sequence(lambda n: f"Partie {n}")
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A satisfaction question (1 to 5) in its own section."""

    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    questionnaire = factory.SelfAttribute("section.questionnaire")
    kind = Question.Kind.SATISFACTION
    label = factory.Sequence(lambda n: f"Question n° {n}")
    position = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    label = factory.Sequence(lambda n: f"Choix {n}")
    position = factory.Sequence(lambda n: n)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    registration = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..questionnaire.event")
    )


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    questionnaire = factory.SubFactory(QuestionnaireFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    response = factory.SubFactory(
        ResponseFactory, questionnaire=factory.SelfAttribute("..question.questionnaire")
    )
    int_value = 4


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimonial

    answer = factory.SubFactory(
        AnswerFactory,
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="Très enrichissant.",
        response__quote_consent=True,
    )
    text = factory.SelfAttribute("answer.text_value")
