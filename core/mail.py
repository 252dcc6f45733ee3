"""The outbox: every e-mail of the platform is a row, sent by a worker.

``queue_mail`` writes an ``OutboundMail`` in the caller's transaction and
queues ``send_outbound_mail_task`` once it commits; a request never talks to
the mail server. ``send_outbound_mail`` claims a row with a conditional
UPDATE (``pending`` -> ``sending``), so a message delivered twice, a retry and
the beat sweep never send the same e-mail twice. A failed attempt records
its error and goes back to ``pending`` with an exponential delay, until
``MAX_ATTEMPTS``; then the row is ``failed`` and a coordinator may retry it
from ``/courriels/``.
"""

import base64
import datetime as dt
import logging
from collections.abc import Iterable

from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboundMail
from .queue import enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits after the first, second… failed attempt: 1, 2, 4, 8 minutes.
RETRY_BASE_SECONDS = 60
# A row left ``sending`` this long had its worker die mid-send.
SENDING_TIMEOUT = dt.timedelta(minutes=10)
SWEEP_BATCH = 100
# Sent messages hold addresses and personal links: kept this long, to show
# coordinators what left, then deleted by the sweep.
SENT_RETENTION = dt.timedelta(days=90)


def inline_attachment(filename: str, content: str | bytes, mimetype: str) -> dict:
    """A small attachment (an .ics) stored in the row itself."""
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "mimetype": mimetype,
            "base64": base64.b64encode(content).decode("ascii"),
        }
    return {"filename": filename, "mimetype": mimetype, "content": content}


def stored_attachment(
    filename: str, name: str, mimetype: str, *, storage: str = "private"
) -> dict:
    """A file attached by reference: ``name`` in ``storages[storage]``, read
    when the message leaves, so that the row stays small."""
    return {
        "filename": filename,
        "mimetype": mimetype,
        "storage": storage,
        "name": name,
    }


def queue_mail(
    *,
    to: str,
    subject: str,
    body: str,
    language: str,
    kind: str = "",
    attachments: Iterable[dict] = (),
) -> OutboundMail:
    """Put one message for one recipient in the outbox.

    The row is written in the caller's transaction (rolled back with it) and
    ``send_outbound_mail_task`` is queued once it commits; if the broker is
    down then, the beat sweep sends it. Subject and body must already be in
    ``language``, the recipient's.
    """
    from .tasks import send_outbound_mail_task

    mail = OutboundMail.objects.create(
        to=to,
        subject=subject,
        body=body,
        language=language,
        kind=kind,
        attachments=list(attachments),
        next_attempt_at=timezone.now(),
    )
    enqueue_on_commit(send_outbound_mail_task, mail_id=mail.pk)
    return mail


def _message(mail: OutboundMail) -> EmailMessage:
    message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.to])
    for attachment in mail.attachments:
        if "storage" in attachment:
            with storages[attachment["storage"]].open(attachment["name"], "rb") as f:
                content = f.read()
        elif "base64" in attachment:
            content = base64.b64decode(attachment["base64"])
        else:
            content = attachment["content"]
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def retry_delay(attempts: int) -> int:
    """Seconds to wait after ``attempts`` failed attempts."""
    return RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)


def send_outbound_mail(*, mail_id: int) -> OutboundMail | None:
    """Send one outbox row if it is pending; return it as it ends up.

    ``None`` when the row is gone or not pending (already sent, being sent,
    failed): calling it again never sends twice. Any error is recorded on
    the row, which goes back to ``pending`` for a later attempt or, after
    ``MAX_ATTEMPTS``, to ``failed``.
    """
    now = timezone.now()
    claimed = OutboundMail.objects.filter(
        pk=mail_id, status=OutboundMail.Status.PENDING
    ).update(
        status=OutboundMail.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    if not claimed:
        return None
    mail = OutboundMail.objects.get(pk=mail_id)
    try:
        _message(mail).send()
    except Exception as error:  # the mail server, a file gone: all recorded
        logger.warning("E-mail %s not sent: %s", mail.pk, error)
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.status = OutboundMail.Status.FAILED
            mail.next_attempt_at = None
        else:
            mail.status = OutboundMail.Status.PENDING
            mail.next_attempt_at = timezone.now() + dt.timedelta(
                seconds=retry_delay(mail.attempts)
            )
    else:
        mail.status = OutboundMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.next_attempt_at = None
    mail.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at"])
    return mail


def send_pending_mail(*, batch: int = SWEEP_BATCH) -> int:
    """Send the outbox rows that are due; return how many left.

    The beat sweep: it catches rows whose task was never delivered (broker
    or worker down at commit), retries whose message was lost, and rows
    whose worker died mid-send (``sending`` for ``SENDING_TIMEOUT``, put
    back to ``pending``). Sent messages older than ``SENT_RETENTION`` are
    deleted.
    """
    now = timezone.now()
    OutboundMail.objects.filter(
        status=OutboundMail.Status.SENT, sent_at__lt=now - SENT_RETENTION
    ).delete()
    OutboundMail.objects.filter(
        status=OutboundMail.Status.SENDING,
        last_attempt_at__lt=now - SENDING_TIMEOUT,
    ).update(status=OutboundMail.Status.PENDING, next_attempt_at=now)
    due = (
        OutboundMail.objects.filter(status=OutboundMail.Status.PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    sent = 0
    for mail_id in list(due):
        mail = send_outbound_mail(mail_id=mail_id)
        sent += mail is not None and mail.status == OutboundMail.Status.SENT
    return sent


@transaction.atomic
def retry_mail(*, mail: OutboundMail, by) -> bool:
    """Give a failed message a new round of attempts, starting now.

    Returns ``False`` when it is no longer failed (retried meanwhile).
    """
    from .tasks import send_outbound_mail_task

    retried = OutboundMail.objects.filter(
        pk=mail.pk, status=OutboundMail.Status.FAILED
    ).update(
        status=OutboundMail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if retried:
        logger.info("E-mail %s retried by user %s.", mail.pk, getattr(by, "pk", None))
        enqueue_on_commit(send_outbound_mail_task, mail_id=mail.pk)
    return bool(retried)
