"""The confirmation sweep hands its worker back after a time budget.

Under a plenary's registrations, a sweep that ran until nothing was pending
held both worker processes for three minutes (bench/bench_faults.py) and the
PDF jobs waited behind it.
"""

import pytest
from django.core import mail

from events.models import Registration
from events.services import emails, register_participant
from tests.factories.events import EventFactory, registration_data

pytestmark = pytest.mark.django_db


def _pending(count: int) -> None:
    event = EventFactory(is_registration_open=True, status="published")
    for n in range(count):
        register_participant(
            event=event,
            data=registration_data(f"p{n}@example.org", language="fr"),
            consent=True,
        )


def test_a_sweep_past_its_budget_stops_after_the_current_batch(
    django_capture_on_commit_callbacks, monkeypatch
):
    _pending(5)
    clock = iter(range(0, 1000, 10))  # ten "seconds" per reading
    monkeypatch.setattr(emails.time, "monotonic", lambda: next(clock))

    with django_capture_on_commit_callbacks(execute=True):
        first = emails.send_pending_confirmations(batch=2, budget=5)
        pending = Registration.objects.filter(confirmation_pending=True).count()

    assert (first, pending, len(mail.outbox)) == (2, 3, 2)


def test_the_next_sweeps_send_the_rest_once(django_capture_on_commit_callbacks):
    _pending(5)

    with django_capture_on_commit_callbacks(execute=True):
        sent = [emails.send_pending_confirmations(batch=2, budget=0) for _ in range(4)]

    assert sent == [2, 2, 1, 0]
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"p{n}@example.org" for n in range(5)
    ]
