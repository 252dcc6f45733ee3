"""E-mails to registrants, in their own language, through the outbox
(``core.mail``): these functions write the rows, a worker sends them."""

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import inline_attachment, queue_mail

from ..exporters import programme_ics
from ..models import Registration
from ..selectors import programme_items

logger = logging.getLogger(__name__)


def _registration(registration_id):
    return (
        Registration.objects.select_related("event", "organisation")
        .prefetch_related("part_choices__part")
        .filter(pk=registration_id)
        .first()
    )


def _send(registration, *, subject, template, kind="events.registration") -> bool:
    """Queue ``template`` (rendered in the active language, which must be the
    registrant's) to the registrant, with the programme as an .ics."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "cancel_url": settings.SITE_URL.rstrip("/")
        + reverse("events:public_registration_cancel", args=[registration.token]),
        "event_url": settings.SITE_URL.rstrip("/") + event.get_public_url(),
    }
    queue_mail(
        to=registration.email,
        subject=subject,
        body=render_to_string(template, context),
        language=translation.get_language(),
        kind=kind,
        attachments=[
            inline_attachment(
                f"{event.slug}.ics",
                programme_ics(event, programme_items(event=event)).decode(),
                "text/calendar",
            )
        ],
    )
    return True


def send_registration_confirmation(*, registration_id: int) -> bool:
    """Queue the confirmation (or waiting-list notice). False if it vanished."""
    registration = _registration(registration_id)
    if registration is None or registration.is_cancelled:
        logger.info("Registration %s gone before its e-mail.", registration_id)
        return False
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _("Your registration: %(event)s") % {
            "event": registration.event.title
        }
        return _send(
            registration,
            subject=subject,
            template="events/emails/registration_confirmation.txt",
            kind="events.registration_confirmation",
        )


def send_promotion_email(*, registration_id: int) -> bool:
    """Queue the e-mail telling someone that a seat freed up for them."""
    registration = _registration(registration_id)
    if registration is None or registration.is_cancelled:
        return False
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _("A seat is yours: %(event)s") % {"event": registration.event.title}
        return _send(
            registration,
            subject=subject,
            template="events/emails/registration_promoted.txt",
            kind="events.registration_promoted",
        )


# A confirmation still pending after this long (mail server down for days) is
# dropped with a warning: the event may be over by then.
CONFIRMATION_MAX_AGE = dt.timedelta(days=2)
CONFIRMATION_BATCH = 100
# One sweep stops after the batch that passes this many seconds; the next
# beat tick goes on. Under a plenary's registrations a sweep that ran until
# nothing was pending held both worker processes for three minutes, and the
# PDF jobs (and their own requeue) waited behind it (bench/bench_faults.py).
CONFIRMATION_SWEEP_BUDGET_SECONDS = 5.0


def send_pending_confirmations(
    *, batch: int = CONFIRMATION_BATCH, budget: float | None = None
) -> int:
    """Put in the outbox the confirmations that registrations are waiting for.

    ``register_participant`` keeps its hot path to one statement: each
    registration commits with ``confirmation_pending`` and a beat task calls
    this, which renders the e-mail into an outbox row (``core.mail``) in the
    same transaction as it clears the flag. A batch is locked with ``SKIP
    LOCKED`` so that two sweeps never queue the same e-mail; a mail server
    outage is the outbox's business, retried there. Returns the number of
    e-mails queued. It stops after ``budget`` seconds
    (``CONFIRMATION_SWEEP_BUDGET_SECONDS``), so that no worker process is
    held for long; what is left waits for the next tick.
    """
    budget = CONFIRMATION_SWEEP_BUDGET_SECONDS if budget is None else budget
    started = time.monotonic()
    expired = Registration.objects.filter(
        confirmation_pending=True,
        created_at__lt=timezone.now() - CONFIRMATION_MAX_AGE,
    ).update(confirmation_pending=False)
    if expired:
        logger.warning("Dropped %s confirmation e-mails pending for too long.", expired)
    queued = 0
    while True:
        with transaction.atomic():
            ids = list(
                Registration.objects.select_for_update(skip_locked=True)
                .filter(confirmation_pending=True)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)[:batch]
            )
            for registration_id in ids:
                done = send_registration_confirmation(registration_id=registration_id)
                Registration.objects.filter(pk=registration_id).update(
                    confirmation_pending=False,
                    confirmation_sent_at=timezone.now() if done else None,
                )
                queued += done
        if len(ids) < batch or time.monotonic() - started > budget:
            return queued


def send_part_removed_email(*, registration_id: int, part_title: str) -> bool:
    """Tell a registrant that a part they chose was removed from the event
    (and, if it was their only part, that their registration is cancelled)."""
    registration = _registration(registration_id)
    if registration is None:
        return False
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _("A part was removed: %(event)s") % {
            "event": registration.event.title
        }
        body = render_to_string(
            "events/emails/part_removed.txt",
            {
                "registration": registration,
                "event": registration.event,
                "part_title": part_title,
                "event_url": settings.SITE_URL.rstrip("/")
                + registration.event.get_public_url(),
            },
        )
        queue_mail(
            to=registration.email,
            subject=subject,
            body=body,
            language=translation.get_language(),
            kind="events.part_removed",
        )
        return True
