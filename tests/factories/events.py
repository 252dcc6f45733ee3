import datetime as dt

import factory
from django.utils import timezone

from events.models import Event, EventSeries, Registration

from .partners import OrganisationFactory

__all__ = ["EventSeriesFactory", "EventFactory", "RegistrationFactory"]


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Rencontres n° {n}")
    slug = factory.Sequence(lambda n: f"rencontres-{n}")
    organiser = factory.SubFactory(OrganisationFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Journée inter-associative n° {n}")
    slug = factory.Sequence(lambda n: f"journee-{n}")
    kind = Event.Kind.DAY
    status = Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=30)).replace(
            hour=8, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=8))
    organiser = factory.SubFactory(OrganisationFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.org")
    status = Registration.Status.VOLUNTEER
