import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from events.models import (
    Action,
    ActivitySession,
    AgendaItem,
    AgendaPoint,
    Attendance,
    BudgetLine,
    Charter,
    CharterVersion,
    Committee,
    CommitteeMember,
    Decision,
    Event,
    EventPart,
    EventSeries,
    Registration,
    RegistrationPart,
    Room,
    SessionAttendance,
    Speaker,
    Stand,
    TeamRole,
)

from .partners import OrganisationFactory, PersonFactory

__all__ = [
    "EventSeriesFactory",
    "EventFactory",
    "MeetingFactory",
    "RegistrationFactory",
    "registration_data",
    "RegistrationPartFactory",
    "RoomFactory",
    "EventPartFactory",
    "AgendaItemFactory",
    "SpeakerFactory",
    "StandFactory",
    "CharterFactory",
    "CharterVersionFactory",
    "CommitteeFactory",
    "CommitteeMemberFactory",
    "TeamRoleFactory",
    "BudgetLineFactory",
    "ActivitySessionFactory",
    "SessionAttendanceFactory",
    "AgendaPointFactory",
    "AttendanceFactory",
    "DecisionFactory",
    "ActionFactory",
]


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Rencontres n° {n}")
    slug = factory.Sequence(lambda n: f"rencontres-{n}")
    organiser = factory.SubFactory(OrganisationFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

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

    @factory.post_generation
    def funders(self, create, extracted, **kwargs):
        if create and extracted:
            self.funders.set(extracted)


class MeetingFactory(EventFactory):
    title = factory.Sequence(lambda n: f"Réunion du groupe n° {n}")
    slug = factory.Sequence(lambda n: f"reunion-{n}")
    kind = Event.Kind.GROUP_MEETING
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=2))


def registration_data(email="marie@example.org", **extra) -> dict:
    """What ``register_participant`` receives from the public form."""
    return {
        "first_name": "Marie",
        "last_name": "Curie",
        "email": email,
        "status": Registration.Status.VOLUNTEER,
        **extra,
    }


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.org")
    status = Registration.Status.VOLUNTEER


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")


class EventPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPart

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Partie {n}")
    position = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the coordinator's page: a capped part gets
        # its seats.
        from events.services import add_part

        return add_part(**kwargs)


class RegistrationPartFactory(factory.django.DjangoModelFactory):
    """A seat (or a waiting-list rank): a seat in a capped part holds a ``Seat``."""

    class Meta:
        model = RegistrationPart
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory)
    part = factory.SubFactory(
        EventPartFactory, event=factory.SelfAttribute("..registration.event")
    )

    @factory.post_generation
    def seat(self, create, extracted, **kwargs):
        from django.db import transaction

        from events.services.registrations import claim_seat

        if create and self.waiting_position is None and self.part.capacity:
            with transaction.atomic():
                claim_seat(self)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Temps n° {n}")
    kind = AgendaItem.Kind.PLENARY
    starts_at = factory.LazyAttribute(lambda i: i.event.starts_at)
    ends_at = factory.LazyAttribute(lambda i: i.starts_at + dt.timedelta(minutes=30))
    position = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    agenda_item = factory.SubFactory(AgendaItemFactory)
    name = factory.Faker("name", locale="fr_FR")
    title = "sociologue, EHESS"


class StandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stand

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stand {n}")
    shows = "Présentation des actions de l'association"


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    title = factory.Sequence(lambda n: f"Charte des bénévoles n° {n}")
    slug = factory.Sequence(lambda n: f"charte-{n}")


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    charter = factory.SubFactory(CharterFactory)
    number = 1
    text = "Sans bénévole, le relais n'existe pas."


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    title = factory.Sequence(lambda n: f"Comité de pilotage n° {n}")
    slug = factory.Sequence(lambda n: f"comite-{n}")
    kind = Committee.Kind.STEERING
    organiser = factory.SubFactory(OrganisationFactory)
    cadence = "Tous les deux mois"


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)


class TeamRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamRole

    event = factory.SubFactory(EventFactory)
    role = TeamRole.Role.PROJECT_LEAD
    name = factory.Faker("name", locale="fr_FR")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    event = factory.SubFactory(EventFactory)
    label = factory.Sequence(lambda n: f"Poste {n}")
    planned = Decimal("1000.00")


class ActivitySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySession

    event = factory.SubFactory(EventFactory, kind=Event.Kind.ACTIVITY)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyAttribute(
        lambda s: s.event.starts_at + dt.timedelta(weeks=s.number - 1)
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))


class SessionAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(ActivitySessionFactory)
    registration = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..session.event")
    )


class AgendaPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaPoint

    event = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Point n° {n}")
    position = factory.Sequence(lambda n: n)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    event = factory.SubFactory(MeetingFactory)
    text = "Organiser une première soirée-débat."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    event = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Envoyer le compte-rendu n° {n}")
    status = Action.Status.TO_DO
