import pytest
from django.core import mail

from events.tasks import send_promotion_email_task, send_registration_confirmation_task
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_send_registration_confirmation_task_is_in_the_registrants_language():
    registration = RegistrationFactory(language="en", event__title="Journée")

    send_registration_confirmation_task.delay(registration_id=registration.pk)

    assert mail.outbox[0].subject == "Your registration: Journée"


def test_send_registration_confirmation_task_in_french():
    registration = RegistrationFactory(language="fr", event__title="Journée")

    send_registration_confirmation_task.delay(registration_id=registration.pk)

    assert mail.outbox[0].subject == "Votre inscription\u00a0: Journée"


def test_send_registration_confirmation_task_skips_a_cancelled_registration():
    registration = RegistrationFactory(cancelled_at="2020-01-01T10:00:00Z")

    result = send_registration_confirmation_task.delay(registration_id=registration.pk)

    assert (result.get(), mail.outbox) == (False, [])


def test_send_promotion_email_task_attaches_the_ics():
    registration = RegistrationFactory()

    send_promotion_email_task.delay(registration_id=registration.pk)

    assert mail.outbox[0].attachments[0][2] == "text/calendar"


def test_send_registration_confirmation_task_for_missing_registration_returns_false():
    result = send_registration_confirmation_task.delay(registration_id=999999)

    assert result.get() is False
