"""E-mails to registrants, sent from Celery tasks in their own language."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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


def _send(registration, *, subject, template) -> bool:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "cancel_url": settings.SITE_URL.rstrip("/")
        + reverse("events:public_registration_cancel", args=[registration.token]),
        "event_url": settings.SITE_URL.rstrip("/") + event.get_public_url(),
    }
    body = render_to_string(template, context)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    message.attach(
        f"{event.slug}.ics",
        programme_ics(event, programme_items(event=event)),
        "text/calendar",
    )
    message.send()
    return True


def send_registration_confirmation(*, registration_id: int) -> bool:
    """Send the confirmation (or waiting-list notice). False if it vanished."""
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
        )


def send_promotion_email(*, registration_id: int) -> bool:
    """Tell someone that a seat freed up for them."""
    registration = _registration(registration_id)
    if registration is None or registration.is_cancelled:
        return False
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _("A seat is yours: %(event)s") % {"event": registration.event.title}
        return _send(
            registration,
            subject=subject,
            template="events/emails/registration_promoted.txt",
        )


# A confirmation still pending after this long (mail server down for days) is
# dropped with a warning: the event may be over by then.
CONFIRMATION_MAX_AGE = dt.timedelta(days=2)
CONFIRMATION_BATCH = 100


def send_pending_confirmations(*, batch: int = CONFIRMATION_BATCH) -> int:
    """Send the confirmation e-mails that registrations are waiting for.

    The outbox of ``register_participant``: each registration commits with
    ``confirmation_pending`` and a beat task calls this. A batch is locked
    with ``SKIP LOCKED`` so that two sweeps never send the same e-mail; a
    send that fails (mail server down) stays pending for the next sweep.
    Returns the number of e-mails sent.
    """
    expired = Registration.objects.filter(
        confirmation_pending=True,
        created_at__lt=timezone.now() - CONFIRMATION_MAX_AGE,
    ).update(confirmation_pending=False)
    if expired:
        logger.warning("Dropped %s confirmation e-mails pending for too long.", expired)
    sent = 0
    while True:
        with transaction.atomic():
            ids = list(
                Registration.objects.select_for_update(skip_locked=True)
                .filter(confirmation_pending=True)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)[:batch]
            )
            for registration_id in ids:
                try:
                    done = send_registration_confirmation(
                        registration_id=registration_id
                    )
                except (smtplib.SMTPException, OSError) as error:
                    logger.error(
                        "Confirmation of registration %s not sent: %s",
                        registration_id,
                        error,
                    )
                    return sent
                Registration.objects.filter(pk=registration_id).update(
                    confirmation_pending=False,
                    confirmation_sent_at=timezone.now() if done else None,
                )
                sent += done
        if len(ids) < batch:
            return sent


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
        EmailMessage(subject=subject, body=body, to=[registration.email]).send()
        return True
