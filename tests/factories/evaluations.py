import datetime as dt

import factory
from django.utils import timezone

from evaluations.models import (
    Answer,
    Choice,
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    Invitation,
    ProjectBudgetLine,
    Question,
    Questionnaire,
    Response,
    Section,
    SubObjective,
    Testimonial,
    UnexpectedResult,
)

from .events import EventFactory, RegistrationFactory
from .partners import OrganisationFactory

__all__ = [
    "QuestionnaireFactory",
    "SectionFactory",
    "QuestionFactory",
    "ChoiceFactory",
    "InvitationFactory",
    "ResponseFactory",
    "AnswerFactory",
    "TestimonialFactory",
    "FundedProjectFactory",
    "SubObjectiveFactory",
    "ExpectedResultFactory",
    "IndicatorFactory",
    "IndicatorPeriodFactory",
    "UnexpectedResultFactory",
    "ImprovementPointFactory",
    "ProjectBudgetLineFactory",
    "EvaluationVersionFactory",
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


class FundedProjectFactory(factory.django.DjangoModelFactory):
    """A project funded by one organisation (pass ``funders=[…]`` for others)."""

    class Meta:
        model = FundedProject
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet financé n° {n}")
    starts_on = dt.date(2017, 1, 1)
    ends_on = dt.date(2017, 12, 31)
    amount_granted = 10000
    general_objective = "Renforcer la coopération entre les associations du quartier."

    @factory.post_generation
    def funders(self, create, extracted, **kwargs):
        if create:
            self.funders.set(extracted or [OrganisationFactory(kind="fondation")])

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create and extracted:
            self.events.set(extracted)


class SubObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubObjective

    project = factory.SubFactory(FundedProjectFactory)
    title = factory.Sequence(lambda n: f"Sous-objectif {n}")


class ExpectedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpectedResult

    sub_objective = factory.SubFactory(SubObjectiveFactory)
    title = factory.Sequence(lambda n: f"Résultat attendu {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ExpectedResultFactory)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "personnes"
    target = 100


class IndicatorPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorPeriod

    indicator = factory.SubFactory(IndicatorFactory)
    label = "2017"
    year = 2017
    target = 100


class UnexpectedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnexpectedResult

    project = factory.SubFactory(FundedProjectFactory)
    description = "Une association a rejoint le réseau après la journée."


class ImprovementPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPoint

    project = factory.SubFactory(FundedProjectFactory)
    kind = ImprovementPoint.Kind.IMPROVEMENT
    description = "Prévoir plus de temps pour les ateliers."


class ProjectBudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBudgetLine

    project = factory.SubFactory(FundedProjectFactory)
    account = "60"
    label = factory.Sequence(lambda n: f"Ligne {n}")
    planned = 1000


class EvaluationVersionFactory(factory.django.DjangoModelFactory):
    """A submitted version (through the workflow service, so its snapshot is
    the project's real one)."""

    class Meta:
        model = EvaluationVersion

    project = factory.SubFactory(FundedProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    submitted_at = factory.LazyFunction(timezone.now)
    snapshot = factory.LazyAttribute(
        lambda o: __import__("evaluations.funding", fromlist=["snapshot"]).snapshot(
            o.project
        )
    )
