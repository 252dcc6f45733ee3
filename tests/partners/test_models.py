import pytest
from django.core.exceptions import ValidationError

from partners.models import Organisation, Partnership
from partners.validators import luhn_is_valid, normalise_text
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rna", ["W771234567", "w 771234567"])
def test_organisation_full_clean_accepts_and_normalises_rna(rna):
    organisation = OrganisationFactory.build(name="AEDE", rna=rna)

    organisation.full_clean(exclude=["logo"])

    assert organisation.rna == "W771234567"


@pytest.mark.parametrize("rna", ["771234567", "W77123456", "X771234567", "W77123456A"])
def test_organisation_full_clean_rejects_malformed_rna(rna):
    organisation = OrganisationFactory.build(name="AEDE", rna=rna)

    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["logo"])

    assert list(error.value.message_dict) == ["rna"]


def test_organisation_full_clean_rejects_siret_with_bad_check_digit():
    organisation = OrganisationFactory.build(name="AEDE", siret="73282932000075")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["logo"])

    assert [e.code for e in error.value.error_dict["siret"]] == [
        "invalid_siret_checksum"
    ]


def test_organisation_full_clean_rejects_siret_of_wrong_length():
    organisation = OrganisationFactory.build(name="AEDE", siret="1234")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["logo"])

    assert [e.code for e in error.value.error_dict["siret"]] == ["invalid_siret"]


def test_organisation_full_clean_strips_spaces_from_siret():
    organisation = OrganisationFactory.build(name="AEDE", siret="732 829 320 00074")

    organisation.full_clean(exclude=["logo"])

    assert organisation.siret == "73282932000074"


def test_luhn_is_valid_on_known_siret():
    assert (luhn_is_valid("73282932000074"), luhn_is_valid("73282932000075")) == (
        True,
        False,
    )


def test_normalise_text_drops_accents_case_and_hyphens():
    assert (
        normalise_text("Croix-Rouge française — Cœur") == "croix rouge francaise coeur"
    )


def test_organisation_save_fills_search_text():
    organisation = OrganisationFactory(
        name="Croix-Rouge française", acronym="CRF", commune="Meaux"
    )

    assert organisation.search_text == "croix rouge francaise crf meaux 77100"


def test_organisation_search_ignores_accents_case_and_hyphens():
    red_cross = OrganisationFactory(name="Croix-Rouge française")
    OrganisationFactory(name="Secours catholique")

    found = list(Organisation.objects.search("croix ROUGE Francaise"))

    assert found == [red_cross]


def test_organisation_history_records_who_and_when():
    coordinator = UserFactory()
    organisation = OrganisationFactory(name="Mission locale")
    organisation._history_user = coordinator
    organisation.phone = "01 64 00 00 00"

    organisation.save()

    latest = organisation.history.first()
    assert (latest.history_user, latest.phone, latest.history_type) == (
        coordinator,
        "01 64 00 00 00",
        "~",
    )


def test_partnership_clean_rejects_same_organisation_twice():
    organisation = OrganisationFactory()
    partnership = Partnership(first=organisation, second=organisation)

    with pytest.raises(ValidationError) as error:
        partnership.full_clean()

    assert list(error.value.message_dict) == ["second"]
