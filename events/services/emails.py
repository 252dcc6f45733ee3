"""E-mails to registrants, sent from Celery tasks in their own language."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
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
