import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from core.models import OutboundMail, Role, User

__all__ = [
    "UserFactory",
    "CoordinatorFactory",
    "FunderFactory",
    "PartnerUserFactory",
    "OutboundMailFactory",
]


def _set_roles(user, create, roles, default=()):
    roles = roles if roles is not None else default
    if create and roles:
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])


def _with_roles(*default):
    return factory.PostGeneration(
        lambda user, create, extracted, **kw: _set_roles(
            user, create, extracted, default
        )
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("motdepasse-de-test")

    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: _set_roles(user, create, extracted)
    )

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


class CoordinatorFactory(UserFactory):
    roles = _with_roles(Role.COORDINATOR)


class FunderFactory(UserFactory):
    roles = _with_roles(Role.FUNDER)


class PartnerUserFactory(UserFactory):
    roles = _with_roles(Role.PARTNER)


class OutboundMailFactory(factory.django.DjangoModelFactory):
    """An outbox row as ``queue_mail`` writes it (without queuing a task)."""

    class Meta:
        model = OutboundMail

    to = factory.Sequence(lambda n: f"destinataire{n}@example.org")
    language = "fr"
    subject = factory.Sequence(lambda n: f"Message {n}")
    body = "Bonjour,\n\nUn message.\n"
    next_attempt_at = factory.LazyFunction(timezone.now)
