"""The coordinator's new questionnaire screens in Chromium, checked by axe:
« Dupliquer » from the list, the share page (close now, remind), the
testimonials and the profiles."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Question, Questionnaire
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_runs_a_questionnaire(live_server, page):
    from tests.factories import (
        AnswerFactory,
        CoordinatorFactory,
        EventFactory,
        InvitationFactory,
        QuestionFactory,
        QuestionnaireFactory,
    )
    from tests.factories import TestimonialFactory as QuoteFactory

    CoordinatorFactory(username="camille")
    questionnaire = QuestionnaireFactory(title="Avis 2013")
    question = QuestionFactory(
        section__questionnaire=questionnaire, label="L'accueil", key="accueil"
    )
    AnswerFactory(question=question, int_value=5, response__segment="benevole")
    QuoteFactory(
        answer__question__section__questionnaire=questionnaire,
        answer__question__kind=Question.Kind.LONG_TEXT,
        text="Une journée utile.",
    )
    InvitationFactory(questionnaire=questionnaire, sent_at=timezone.now())
    EventFactory(title="Rencontres 2014")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()

    base = f"{live_server.url}/evaluations/questionnaires/{questionnaire.pk}"
    page.goto(f"{base}/temoignages/")
    expect(page.get_by_text("« Une journée utile. »")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{base}/profils/")
    expect(page.locator("#profiles")).to_contain_text("Bénévoles")
    assert axe_violations(page) == []

    page.goto(f"{base}/diffusion/")
    assert axe_violations(page) == []
    page.get_by_role(
        "button", name="Relancer les personnes qui n'ont pas répondu"
    ).click()
    expect(page.get_by_text("1 relances sont en cours d'envoi.")).to_be_visible()
    page.get_by_role("button", name="Fermer maintenant").click()
    expect(page.get_by_text("Le questionnaire est fermé.")).to_be_visible()

    page.goto(f"{live_server.url}/evaluations/questionnaires/")
    page.get_by_role("link", name="Dupliquer — Avis 2013").click()
    assert axe_violations(page) == []
    page.get_by_label("Titre de la nouvelle édition").fill("Avis 2014")
    page.get_by_label("Événement").select_option(label="Rencontres 2014")
    page.get_by_role("button", name="Dupliquer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avis 2014")

    questionnaire.refresh_from_db()
    assert not questionnaire.is_open
    copy = Questionnaire.objects.get(title="Avis 2014")
    assert list(copy.questions.values_list("key", flat=True))[0] == "accueil"
