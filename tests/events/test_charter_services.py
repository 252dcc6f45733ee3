"""Charters as coordinators write them: a version someone accepted is never
changed; a new wording is a new version."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models.deletion import ProtectedError

from events.models import Charter, CharterVersion
from events.services.charters import (
    create_charter,
    delete_charter,
    publish_charter_version,
    update_charter_version,
)
from tests.factories import (
    CharterVersionFactory,
    EventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_a_new_charter_starts_at_version_one():
    charter = create_charter(
        data={"title": "Charte des bénévoles", "slug": "charte-benevoles"},
        text="Sans bénévole, le relais n'existe pas.",
    )

    assert [(v.number, v.text) for v in charter.versions.all()] == [
        (1, "Sans bénévole, le relais n'existe pas.")
    ]


def test_a_published_version_takes_the_next_number_and_becomes_current():
    version = CharterVersionFactory(number=3)
    charter = version.charter

    new = publish_charter_version(charter=charter, text="Nouvelle rédaction.")

    assert new.number == 4
    assert Charter.objects.get(pk=charter.pk).current_version == new
    version.refresh_from_db()
    assert version.number == 3


def test_a_version_nobody_accepted_can_be_corrected():
    version = CharterVersionFactory(text="Coquille")

    update_charter_version(version=version, text="Corrigé")

    version.refresh_from_db()
    assert version.text == "Corrigé"


def test_an_accepted_version_is_never_changed():
    version = CharterVersionFactory(text="Ce que j'ai accepté")
    RegistrationFactory(charter_version=version)

    with pytest.raises(ValidationError) as refused:
        update_charter_version(version=version, text="Autre chose")

    assert "Publiez plutôt une nouvelle version." in refused.value.messages[0]
    version.refresh_from_db()
    assert version.text == "Ce que j'ai accepté"


def test_a_charter_nobody_uses_is_deleted_with_its_versions():
    version = CharterVersionFactory()

    delete_charter(charter=version.charter)

    assert not Charter.objects.exists()
    assert not CharterVersion.objects.exists()


@pytest.mark.parametrize("used_by", ["acceptance", "event"])
def test_a_charter_accepted_or_asked_for_is_protected(used_by):
    version = CharterVersionFactory()
    if used_by == "acceptance":
        RegistrationFactory(charter_version=version)
    else:
        EventFactory(charter=version.charter)

    with pytest.raises(ProtectedError):
        delete_charter(charter=version.charter)

    assert CharterVersion.objects.filter(pk=version.pk).exists()
