"""The coordinator's home in a browser: the week at a glance, accessible."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.events.test_browser import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_home_holds_the_week_and_leads_to_the_work(live_server, page):
    from tests.factories import (
        ActionFactory,
        ChangeRequestFactory,
        CoordinatorFactory,
        EventFactory,
        EventPartFactory,
        MeetingFactory,
        OrganisationFactory,
        PersonFactory,
        QuestionnaireFactory,
        RegistrationPartFactory,
        ResponseFactory,
    )

    CoordinatorFactory(username="camille", first_name="Camille")
    day = EventFactory(
        title="Rencontres Agir ensemble",
        starts_at=timezone.now() + dt.timedelta(days=6),
    )
    matin = EventPartFactory(event=day, title="Matinée bénévoles", capacity=1)
    RegistrationPartFactory(registration__event=day, part=matin)
    RegistrationPartFactory(registration__event=day, part=matin, waiting_position=1)
    meeting = MeetingFactory(
        title="Comité de pilotage", starts_at=timezone.now() - dt.timedelta(days=9)
    )
    ActionFactory(
        event=meeting,
        description="Envoyer le bilan à la CAF",
        due_on=timezone.localdate() - dt.timedelta(days=1),
        person=PersonFactory(first_name="Claire", last_name="Martin"),
    )
    ChangeRequestFactory(organisation=OrganisationFactory(name="Secours populaire"))
    questionnaire = QuestionnaireFactory(title="Satisfaction 2026", event=day)
    ResponseFactory.create_batch(2, questionnaire=questionnaire)

    _sign_in(page, live_server, "camille")

    events = page.get_by_role("region", name=re.compile("Prochains événements"))
    expect(events).to_contain_text("Matinée bénévoles : 1 place prise sur 1")
    expect(
        events.get_by_role("link", name=re.compile("Liste d’attente"))
    ).to_be_visible()
    actions = page.get_by_role("region", name=re.compile("Actions dues ou en retard"))
    expect(actions).to_contain_text("En retard")
    expect(actions).to_contain_text("Claire Martin")
    expect(
        page.get_by_role("region", name=re.compile("Questionnaires ouverts"))
    ).to_contain_text("2 réponses")
    documents = page.get_by_role("region", name=re.compile("Documents de la semaine"))
    expect(documents).to_contain_text("Aucun document n’a été généré cette semaine.")
    assert axe_violations(page) == []

    actions.get_by_role("link", name="Envoyer le bilan à la CAF").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Comité de pilotage")
    expect(page).to_have_url(re.compile(r"#actions$"))

    page.go_back()
    events.get_by_role("link", name=re.compile("Liste d’attente")).click()

    expect(page).to_have_url(re.compile(r"\?waiting=yes$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_partner_home_keeps_its_own_sections(live_server, page):
    from tests.factories import ChangeRequestFactory, PartnerUserFactory

    PartnerUserFactory(username="partenaire", first_name="Paul")
    ChangeRequestFactory()

    _sign_in(page, live_server, "partenaire")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Paul")
    expect(
        page.get_by_role("region", name=re.compile("Prochains événements"))
    ).to_have_count(0)
    assert axe_violations(page) == []
