"""An event deleted from its page, through the confirmation that names its
registrations, in a real browser."""

import pytest
from playwright.sync_api import expect

from events.models import Event, Registration
from tests.partners.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_deletes_an_event_after_the_confirmation(
    live_server, page, assert_accessible
):
    from tests.factories import EventFactory, RegistrationFactory

    event = EventFactory(title="Rencontres « Agir ensemble » 2013")
    RegistrationFactory.create_batch(3, event=event)
    kept = EventFactory(title="Forum des associations")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/evenements/{event.pk}/")
    page.locator("#event-actions").get_by_role("link", name="Supprimer").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Rencontres « Agir ensemble » 2013"
    )
    expect(page.locator("#cascaded")).to_contain_text("3 inscriptions")
    assert_accessible(page)
    # Nothing happens before the button is pressed.
    assert Event.objects.filter(pk=event.pk).exists()
    page.get_by_role("button", name="Supprimer").click()

    expect(page.get_by_text("L’événement a été supprimé.")).to_be_visible()
    expect(page.get_by_role("link", name="Forum des associations")).to_be_visible()
    expect(page.get_by_text("Rencontres « Agir ensemble » 2013")).to_have_count(0)
    assert list(Event.objects.all()) == [kept]
    assert not Registration.objects.exists()
