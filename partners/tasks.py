"""Thin Celery entry points for the partner directory."""

from celery import shared_task


@shared_task(name="partners.delete_stale_import_previews")
def delete_stale_import_previews_task() -> int:
    """Delete the import previews left unconfirmed for a day (run by beat)."""
    from .services import delete_stale_import_previews

    return delete_stale_import_previews()
