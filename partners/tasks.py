"""Thin Celery entry points for the partner directory."""

from celery import shared_task


@shared_task(name="partners.delete_stale_import_previews")
def delete_stale_import_previews_task() -> int:
    """Delete the import previews left unconfirmed for a day (run by beat)."""
    from .services import delete_stale_import_previews

    return delete_stale_import_previews()


@shared_task(name="partners.send_update_links")
def send_update_links_task(*, organisation_ids: list[int], base_url: str) -> dict:
    """Queue the self-update link of each organisation (many at once)."""
    from .selfupdate import send_update_links

    return send_update_links(organisation_ids=organisation_ids, base_url=base_url)
