import factory

from partners.models import (
    Audience,
    ChangeRequest,
    Membership,
    Organisation,
    Partnership,
    Person,
    Theme,
)

__all__ = [
    "AudienceFactory",
    "ThemeFactory",
    "OrganisationFactory",
    "PersonFactory",
    "MembershipFactory",
    "PartnershipFactory",
    "ChangeRequestFactory",
]


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Public {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Thématique {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association n° {n}")
    kind = Organisation.Kind.ASSOCIATION
    commune = "Meaux"
    postal_code = "77100"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    directory_consent = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    function = "Chargé·e de mission"
    status = Membership.Status.EMPLOYEE


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    first = factory.SubFactory(OrganisationFactory)
    second = factory.SubFactory(OrganisationFactory)
    level = Partnership.Level.FIELD


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    organisation = factory.SubFactory(OrganisationFactory)
    proposed = factory.LazyFunction(lambda: {"phone": "01 60 00 00 00"})
    submitter_name = "Claire Martin"
