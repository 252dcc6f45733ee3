"""Thin Celery entry points for events."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="events.send_pending_confirmations")
def send_pending_confirmations_task() -> int:
    """E-mail the new registrants (what they registered for, a cancel link, the
    .ics): the outbox sweep, run by beat every few seconds."""
    from .services.emails import send_pending_confirmations

    return send_pending_confirmations()


@shared_task(name="events.send_promotion_email")
def send_promotion_email_task(*, registration_id: int) -> bool:
    """E-mail someone who just left the waiting list."""
    from .services.emails import send_promotion_email

    return send_promotion_email(registration_id=registration_id)
