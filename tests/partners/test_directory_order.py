"""French alphabetical order and one spelling per commune (issue 14)."""

import importlib

import pytest
from django.apps import apps as django_apps

from partners import importing
from partners.models import Membership, Organisation, Person
from partners.resources import OrganisationResource, export_csv
from partners.validators import normalise_commune
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ["Zèbre", "étoile du Nord", "Élan", "abri", "Eau vive", "Œuvre", "Ouest"]
FRENCH_ORDER = ["abri", "Eau vive", "Élan", "étoile du Nord", "Œuvre", "Ouest", "Zèbre"]


def test_organisations_in_french_order_whatever_the_database():
    for name in NAMES:
        OrganisationFactory(name=name)
    assert [o.name for o in Organisation.objects.all()] == FRENCH_ORDER


def test_the_export_uses_the_same_order():
    for name in NAMES:
        OrganisationFactory(name=name)
    text = export_csv(OrganisationResource().get_queryset()).decode("utf-8-sig")
    positions = [text.index(name) for name in FRENCH_ORDER]
    assert positions == sorted(positions)


def test_people_in_french_order_by_last_then_first_name():
    for last, first in [("Émery", "Zoé"), ("emery", "Anne"), ("Durand", "Élise")]:
        PersonFactory(last_name=last, first_name=first)
    assert [str(p) for p in Person.objects.all()] == [
        "Élise Durand",
        "Anne emery",
        "Zoé Émery",
    ]


def test_renaming_keeps_the_order_right():
    first = OrganisationFactory(name="Alpha")
    OrganisationFactory(name="Beta")
    first.name = "Zeta"
    first.save(update_fields=["name"])
    assert [o.name for o in Organisation.objects.all()] == ["Beta", "Zeta"]


def test_memberships_follow_the_organisations_order():
    person = PersonFactory()
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Zèbre"))
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Élan"))
    assert [m.organisation.name for m in Membership.objects.all()] == [
        "Élan",
        "Zèbre",
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("MEAUX", "Meaux"),
        ("  meaux ", "Meaux"),
        ("Meaux", "Meaux"),
        ("LE MÉE-SUR-SEINE", "Le Mée-sur-Seine"),
        ("SAINT-GERMAIN-EN-LAYE", "Saint-Germain-en-Laye"),
        ("L'HAY-LES-ROSES", "L'Hay-les-Roses"),
        ("VILLENEUVE-D'ASCQ", "Villeneuve-d'Ascq"),
        ("La Ferté-sous-Jouarre", "La Ferté-sous-Jouarre"),
        ("", ""),
    ],
)
def test_commune_spelling(typed, stored):
    assert normalise_commune(typed) == stored


def test_communes_normalised_on_save():
    OrganisationFactory(commune="MEAUX")
    OrganisationFactory(commune="Meaux")
    assert set(Organisation.objects.values_list("commune", flat=True)) == {"Meaux"}


def test_communes_normalised_on_import():
    OrganisationFactory(name="Déjà là", commune="Meaux", postal_code="77100")
    table = importing.read_table(
        (
            "nom;code_postal;commune\n"
            "Nouvelle;77100;MEAUX\n"
            "Autre;77350;LE MÉE-SUR-SEINE\n"
            "Déjà là;77100;meaux\n"
        ).encode(),
        "annuaire.csv",
    )
    plan = importing.plan_import(table)
    importing.apply_plan(plan)
    assert dict(Organisation.objects.values_list("name", "commune")) == {
        "Déjà là": "Meaux",
        "Nouvelle": "Meaux",
        "Autre": "Le Mée-sur-Seine",
    }
    # A commune that only differs by its capitals is not a change to review.
    assert not [o for o in plan.updated if o.changes]
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Autre",
        "Déjà là",
        "Nouvelle",
    ]


def test_migration_fills_sort_names_and_communes():
    Organisation.objects.create(name="Élan", commune="Meaux")
    Organisation.objects.create(name="abri", commune="Meaux")
    Organisation.objects.filter(name="Élan").update(sort_name="", commune="MEAUX")
    Person.objects.create(first_name="Zoé", last_name="Émery")
    Person.objects.update(sort_name="")
    migration = importlib.import_module("partners.migrations.0008_directory_order")
    migration.fill_sort_names_and_communes(django_apps, None)
    assert list(Organisation.objects.values_list("name", "commune")) == [
        ("abri", "Meaux"),
        ("Élan", "Meaux"),
    ]
    assert Person.objects.get().sort_name == "emery zoe"
