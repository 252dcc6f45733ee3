"""The people picker and the pin form's registrant picker in a real browser:
type without accents, pick, save (issue 14), axe clean."""

import pytest
from playwright.sync_api import expect

from tests.partners.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_action_owner_is_picked_by_typing(live_server, page, assert_accessible):
    from tests.factories import MeetingFactory, PersonFactory

    meeting = MeetingFactory(title="Groupe bénévoles / professionnels")
    owner = PersonFactory(first_name="Hélène", last_name="Lefèvre")
    for n in range(30):
        PersonFactory(first_name="Camille", last_name=f"Martin {n}")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/reunions/{meeting.pk}/")
    page.get_by_text("Ajouter une action").click()
    form = page.locator("#add-actions")
    expect(form.locator("#id_actions-person option")).to_have_count(1)
    form.get_by_label("Quoi").fill("Diffuser le compte rendu")
    form.locator("#id_actions-person-search").fill("helene LEFEVRE")
    choice = form.get_by_role("button", name="Hélène Lefèvre")
    expect(choice).to_be_visible()
    expect(form.get_by_role("button", name="Camille Martin 1")).to_have_count(0)
    assert_accessible(page)
    choice.click()
    expect(form.locator("#id_actions-person")).to_have_value(str(owner.pk))
    form.get_by_role("button", name="Ajouter l’action").click()

    expect(page.locator("#actions li[id^='action-']")).to_contain_text("Hélène Lefèvre")
    assert [a.person for a in meeting.actions.all()] == [owner]


def test_several_people_are_pinned_to_a_table_by_typing(
    live_server, page, assert_accessible
):
    from tests.factories import EventFactory, RegistrationFactory
    from workshops.tablelocks import stored_locks

    event = EventFactory(title="Séminaire du Relais")
    helene = RegistrationFactory(event=event, first_name="Hélène", last_name="Roy")
    paul = RegistrationFactory(event=event, first_name="Paul", last_name="Durand")
    for n in range(30):
        RegistrationFactory(event=event, first_name="Camille", last_name=f"Martin {n}")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/ateliers/{event.pk}/tables/epingles/")
    form = page.locator("#pin-form")
    expect(form.locator("#id_registration option")).to_have_count(0)
    for typed, name in (("HELENE", "Hélène Roy"), ("durand", "Paul Durand")):
        form.locator("#id_registration-search").fill(typed)
        form.get_by_role("button", name=name).click()
    expect(form.locator("#id_registration option:checked")).to_have_count(2)
    assert_accessible(page)
    form.get_by_label("Table").fill("2")
    form.get_by_role("button", name="Épingler").click()

    expect(page.locator("#lock-list")).to_contain_text("Hélène Roy")
    expect(page.locator("#lock-list")).to_contain_text("Paul Durand")
    assert stored_locks(event) == {helene.pk: {1: 2}, paul.pk: {1: 2}}
    assert_accessible(page)
