import factory

from events.models import AgendaItem
from workshops.models import Workshop, WorkshopChoice, WorkshopPlace, WorkshopSession

from .events import AgendaItemFactory, EventFactory, RegistrationFactory

__all__ = [
    "WorkshopFactory",
    "WorkshopSessionFactory",
    "WorkshopChoiceFactory",
    "WorkshopPlaceFactory",
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
