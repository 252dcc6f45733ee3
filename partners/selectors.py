"""Reads of the partner directory."""

from django.db.models import QuerySet

from .models import Organisation


def organisations_for_directory() -> QuerySet[Organisation]:
    """Organisations ready to list: parent and vocabularies fetched up front."""
    return Organisation.objects.select_related("parent").prefetch_related(
        "audiences", "themes"
    )
