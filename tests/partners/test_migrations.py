import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from partners.models import Partnership
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

convention_file_private = importlib.import_module(
    "partners.migrations.0003_convention_file_private"
)


def test_convention_migration_moves_public_files_to_the_private_storage(
    file_storages,
):
    storages["default"].save("conventions/ancienne.pdf", ContentFile(b"%PDF-1.4"))
    partnership = PartnershipFactory()
    Partnership.objects.filter(pk=partnership.pk).update(
        convention_file="conventions/ancienne.pdf"
    )
    PartnershipFactory()

    convention_file_private.move_conventions_to_private_storage(apps, None)

    partnership.refresh_from_db()
    assert (
        partnership.convention_file.read(),
        storages["default"].exists("conventions/ancienne.pdf"),
    ) == (b"%PDF-1.4", False)
