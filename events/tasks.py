"""Thin Celery entry points for events."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="events.send_registration_confirmation")
def send_registration_confirmation_task(*, registration_id: int) -> bool:
    """E-mail the registrant: what they registered for, a cancel link, the .ics."""
    from .services.emails import send_registration_confirmation

    return send_registration_confirmation(registration_id=registration_id)


@shared_task(name="events.send_promotion_email")
def send_promotion_email_task(*, registration_id: int) -> bool:
    """E-mail someone who just left the waiting list."""
    from .services.emails import send_promotion_email

    return send_promotion_email(registration_id=registration_id)
