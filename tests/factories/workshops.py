import factory

from workshops.models import Workshop

from .events import EventFactory

__all__ = ["WorkshopFactory"]


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Comment renforcer le lien social ? ({n})")
    room = "Salle A"
    capacity = 20
