"""The outbox sent by a real Celery worker process."""

import time

import pytest

from core.mail import queue_mail
from core.models import OutboundMail

pytestmark = pytest.mark.integration


def wait_for_status(mail, status, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail.refresh_from_db()
        if mail.status == status:
            return mail
        time.sleep(0.2)
    raise AssertionError(f"e-mail still {mail.status} after {timeout}s")


def test_live_worker_sends_a_queued_mail(live_worker):
    mail = queue_mail(
        to="annie@example.org",
        subject="Votre inscription",
        body="Bonjour Annie",
        language="fr",
    )

    wait_for_status(mail, OutboundMail.Status.SENT)

    assert (mail.attempts, mail.last_error) == (1, "")
    assert mail.sent_at is not None
