"""Charters and their versions, as coordinators write them.

A version someone has accepted is a record of what they agreed to: it is
never changed again; a new wording is published as a new version.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Charter, CharterVersion


@transaction.atomic
def create_charter(*, data: dict, text: str, by=None) -> Charter:
    """Create a charter from ``data`` (its fields) with ``text`` as version 1."""
    charter = Charter.objects.create(**data)
    CharterVersion.objects.create(charter=charter, number=1, text=text)
    return charter


def update_charter(*, charter: Charter, data: dict, by=None) -> Charter:
    """Save a charter's title and slug; its versions are unchanged."""
    for name, value in data.items():
        setattr(charter, name, value)
    charter.save()
    return charter


@transaction.atomic
def publish_charter_version(*, charter: Charter, text: str, by=None) -> CharterVersion:
    """Add the next version of ``charter``; registrations from now on accept
    it, those before keep the version they accepted."""
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    last = charter.versions.aggregate(last=Max("number"))["last"] or 0
    return CharterVersion.objects.create(charter=charter, number=last + 1, text=text)


def refuse_if_accepted(version: CharterVersion) -> None:
    """Raise ``ValidationError`` if someone has accepted ``version``."""
    if version.acceptances.exists():
        raise ValidationError(
            _(
                "This version has already been accepted by registrants: it can "
                "no longer be changed. Publish a new version instead."
            ),
            code="accepted",
        )


@transaction.atomic
def update_charter_version(*, version: CharterVersion, text: str, by=None):
    """Change the wording of a version nobody has accepted yet; raises
    ``ValidationError`` (in French) otherwise."""
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    refuse_if_accepted(version)
    version.text = text
    version.save(update_fields=["text", "updated_at"])
    return version


def delete_charter(*, charter: Charter, by=None) -> None:
    """Delete a charter and its versions; ``ProtectedError`` if an event asks
    for it or a registration accepted one of its versions."""
    charter.delete()
