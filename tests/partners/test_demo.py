import pytest

from partners import demo
from partners.models import Membership, Organisation, Partnership

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_keeps_the_seed_names():
    demo.load()
    counts = (
        Organisation.objects.count(),
        Partnership.objects.count(),
        Membership.objects.count(),
    )

    demo.load()

    names = set(Organisation.objects.values_list("name", flat=True))
    assert (
        counts,
        (
            Organisation.objects.count(),
            Partnership.objects.count(),
            Membership.objects.count(),
        ),
        {"RESO77", "Fondation Monoprix", "Centre communal d'action sociale d'Angers"}
        <= names,
        Organisation.objects.get(acronym="Croix-Rouge de Meaux").parent.acronym,
    ) == ((40, 24, 24), (40, 24, 24), True, "CRF")
