"""Thin Celery entry points of the evaluations app."""

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(name="evaluations.send_invitations")
def send_invitations_task(*, questionnaire_id: int) -> int:
    """Put the questionnaire's unsent personal links in the outbox.

    ``invite_participants`` now does it in its own transaction; this entry
    point stays for the messages queued before that change."""
    from .models import Questionnaire
    from .services import send_invitations

    questionnaire = (
        Questionnaire.objects.select_related("event")
        .filter(pk=questionnaire_id)
        .first()
    )
    if questionnaire is None:
        logger.warning("Questionnaire %s vanished before sending.", questionnaire_id)
        return 0
    return send_invitations(questionnaire=questionnaire, site_url=settings.SITE_URL)
