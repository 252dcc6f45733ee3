import pytest

from events.forms import RegistrationForm
from tests.factories import EventFactory, EventPartFactory

pytestmark = pytest.mark.django_db


def test_registration_forms_that_only_validate_share_their_fields():
    event = EventFactory(is_registration_open=True)
    parts = [EventPartFactory(event=event)]

    first, second = (
        RegistrationForm({}, event=event, parts=parts, share_fields=True)
        for _ in range(2)
    )
    shown = RegistrationForm({}, event=event, parts=parts)

    assert first.fields["email"] is second.fields["email"]
    assert first.fields is not second.fields
    assert shown.fields["email"] is not first.fields["email"]
    assert list(shown.fields) == list(first.fields)


def test_registration_form_validates_with_shared_fields():
    event = EventFactory(is_registration_open=True, offers_lunch=False)
    part = EventPartFactory(event=event)

    form = RegistrationForm(
        {
            "first_name": "Annie",
            "last_name": "Marchand",
            "email": " Annie@Example.org ",
            "status": "benevole",
            "parts": [str(part.pk)],
            "consent": "on",
        },
        event=event,
        parts=[part],
        share_fields=True,
    )

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["email"], form.cleaned_data["parts"]) == (
        "annie@example.org",
        [part],
    )
    assert "wants_lunch" not in form.fields
