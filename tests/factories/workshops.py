import factory

from events.models import AgendaItem
from workshops.models import (
    ThemeProposal,
    ThemeVote,
    Workshop,
    WorkshopChoice,
    WorkshopPlace,
    WorkshopSession,
)

from .events import AgendaItemFactory, EventFactory, RegistrationFactory

__all__ = [
    "WorkshopFactory",
    "WorkshopSessionFactory",
    "WorkshopChoiceFactory",
    "WorkshopPlaceFactory",
    "ThemeVoteFactory",
    "ThemeProposalFactory",
]


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Comment renforcer le lien social ? ({n})")
    room = "Salle A"
    capacity = 20


class WorkshopSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSession

    workshop = factory.SubFactory(WorkshopFactory)
    agenda_item = factory.SubFactory(
        AgendaItemFactory,
        event=factory.SelfAttribute("..workshop.event"),
        kind=AgendaItem.Kind.WORKSHOP,
        title="Ateliers",
    )


class WorkshopChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopChoice

    workshop = factory.SubFactory(WorkshopFactory)
    registration = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..workshop.event")
    )
    rank = 1


class WorkshopPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopPlace

    session = factory.SubFactory(WorkshopSessionFactory)
    registration = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..session.workshop.event")
    )
    rank = 1


class ThemeVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeVote

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Thème de la soirée n° {n}")
    dots_per_voter = 3


class ThemeProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeProposal

    vote = factory.SubFactory(ThemeVoteFactory)
    title = factory.Sequence(lambda n: f"Le bien-être au travail ({n})")
    question = "Comment prendre soin de celles et ceux qui accompagnent ?"
