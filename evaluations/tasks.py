"""Thin Celery entry points of the evaluations app."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

logger = logging.getLogger(__name__)


@shared_task(name="evaluations.send_invitations")
def send_invitations_task(*, questionnaire_id: int) -> int:
    """E-mail the questionnaire's unsent personal links (French messages)."""
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
    with translation.override(settings.LANGUAGE_CODE):
        return send_invitations(questionnaire=questionnaire, site_url=settings.SITE_URL)
