"""Invitations e-mailed by a real Celery worker process."""

import time

import pytest

from core.models import OutboundMail
from evaluations.services import invite_participants
from tests.factories import QuestionnaireFactory, RegistrationFactory

pytestmark = pytest.mark.integration


def test_live_worker_sends_the_invitations(live_worker):
    questionnaire = QuestionnaireFactory()
    RegistrationFactory.create_batch(2, event=questionnaire.event)

    created = invite_participants(questionnaire=questionnaire)
    deadline = time.monotonic() + 60
    while OutboundMail.objects.exclude(status=OutboundMail.Status.SENT).exists():
        assert time.monotonic() < deadline, "the worker did not send the invitations"
        time.sleep(0.2)

    assert created == 2
    assert OutboundMail.objects.filter(kind="evaluations.invitation").count() == 2
    assert questionnaire.invitations.filter(sent_at__isnull=False).count() == 2
