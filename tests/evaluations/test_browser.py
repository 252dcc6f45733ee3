"""Answering on a phone (with and without JavaScript) and building in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Answer, Question, Response
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _questionnaire():
    from tests.factories import QuestionFactory, QuestionnaireFactory, SectionFactory

    questionnaire = QuestionnaireFactory(title="Votre avis sur la journée")
    section = SectionFactory(questionnaire=questionnaire, title="Votre avis général")
    QuestionFactory(
        section=section,
        kind=Question.Kind.SATISFACTION,
        label="Dans l'ensemble, êtes-vous satisfait·e ?",
        is_required=True,
    )
    QuestionFactory(
        section=section,
        kind=Question.Kind.LONG_TEXT,
        label="Que retiendrez-vous de cette journée ?",
    )
    return questionnaire


def _answer_on_a_phone(browser, live_server, *, javascript: bool):
    questionnaire = _questionnaire()
    context = browser.new_context(
        viewport=PHONE,
        java_script_enabled=javascript,
        locale="fr-FR",
        timezone_id="Europe/Paris",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{questionnaire.token}/")
    # axe-core needs JavaScript: the pages are checked in the run that has it.
    check = (lambda: axe_violations(page)) if javascript else list
    assert check() == []
    expect(page.get_by_text("Partie 1 sur 1")).to_be_visible()

    # A first try without the required answer keeps the typed text.
    page.get_by_label("Que retiendrez-vous de cette journée ?").fill("Court bien ciblé")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    expect(page.get_by_label("Que retiendrez-vous de cette journée ?")).to_have_value(
        "Court bien ciblé"
    )
    assert check() == []

    page.get_by_label("Très satisfait·e").check()
    page.get_by_label("J'accepte que ma réponse soit citée").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci\u00a0!")
    assert check() == []
    context.close()
    return questionnaire


def test_answer_on_a_phone_with_javascript(browser, live_server):
    questionnaire = _answer_on_a_phone(browser, live_server, javascript=True)

    assert list(
        Answer.objects.order_by("question__position").values_list(
            "int_value", "text_value"
        )
    ) == [(5, ""), (None, "Court bien ciblé")]
    assert list(Response.objects.values_list("questionnaire", "quote_consent")) == [
        (questionnaire.pk, True)
    ]


def test_answer_on_a_phone_without_javascript(browser, live_server):
    _answer_on_a_phone(browser, live_server, javascript=False)

    assert list(
        Answer.objects.order_by("question__position").values_list(
            "int_value", "text_value"
        )
    ) == [(5, ""), (None, "Court bien ciblé")]


def test_coordinator_builds_a_questionnaire(live_server, page):
    from tests.factories import CoordinatorFactory, EventFactory

    CoordinatorFactory(username="camille")
    EventFactory(title="Journée inter-associative 2026")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(f"{live_server.url}/evaluations/questionnaires/nouveau/")
    assert axe_violations(page) == []
    page.get_by_label("Partir de").select_option("")
    page.get_by_label("Événement").select_option(label="Journée inter-associative 2026")
    page.get_by_label("Titre").fill("Bilan de l'atelier numérique")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bilan de l'atelier numérique"
    )

    page.get_by_label("Titre").fill("L'atelier")
    page.get_by_role("button", name="Ajouter la partie").click()
    for label, kind, choices in (
        ("Comment êtes-vous venu·e ?", "single", "En bus\nÀ pied"),
        ("Recommanderiez-vous l'atelier ?", "recommendation", ""),
    ):
        page.get_by_role("link", name="Ajouter une question").click()
        page.get_by_label("Type").select_option(kind)
        page.locator("#id_label").fill(label)
        page.get_by_label("Choix").fill(choices)
        page.get_by_role("button", name="Enregistrer la question").click()
    assert axe_violations(page) == []

    page.get_by_role(
        "button", name="Descendre la question Comment êtes-vous venu·e ?"
    ).click()
    expect(page.locator("#builder li strong").first).to_have_text(
        "Recommanderiez-vous l'atelier ?"
    )
    # The keyboard focus stays on the moved question's controls.
    expect(page.locator(":focus")).to_have_count(1)

    assert list(Question.objects.values_list("label", "kind")) == [
        ("Recommanderiez-vous l'atelier ?", "recommendation"),
        ("Comment êtes-vous venu·e ?", "single"),
    ]


def test_results_share_and_answers_pages_are_accessible(live_server, page):
    from tests.factories import AnswerFactory, CoordinatorFactory, QuestionFactory

    CoordinatorFactory(username="camille")
    question = QuestionFactory(kind=Question.Kind.RECOMMENDATION)
    AnswerFactory(question=question, int_value=9)
    AnswerFactory(
        question__section__questionnaire=question.questionnaire,
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="Très enrichissant",
        response__questionnaire=question.questionnaire,
        response__quote_consent=True,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()
    base = f"{live_server.url}/evaluations/questionnaires/{question.questionnaire_id}"

    violations = {}
    for path in ("resultats/", "diffusion/", "reponses/", "affiche/", ""):
        page.goto(f"{base}/{path}")
        violations[path] = axe_violations(page)

    assert violations == {path: [] for path in violations}


def test_a_long_answer_shows_a_live_counter_and_its_limit(browser, live_server):
    questionnaire = _questionnaire()
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{questionnaire.token}/")
    field = page.get_by_label("Que retiendrez-vous de cette journée ?")

    field.fill("x" * 5003)

    counter = page.locator(".answer-counter")
    expect(counter).to_have_text(re.compile(r"^5\s?003 / 5\s?000 caractères$"))
    expect(counter).to_have_class(re.compile("text-danger"))
    expect(field).to_have_value("x" * 5003)  # not cut: the form says so instead
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Votre réponse compte 5003 caractères")).to_be_visible()
    assert not Response.objects.exists()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_tapping_send_twice_on_a_phone_stores_one_response(
    browser, live_server, javascript
):
    """Two quick taps on "Envoyer mes réponses": one response, the thank-you page."""
    questionnaire = _questionnaire()
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        locale="fr-FR",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{questionnaire.token}/")
    page.get_by_label("Très satisfait·e").check()
    page.get_by_label("Que retiendrez-vous de cette journée ?").fill("Court bien ciblé")

    # The first tap's answer is slow to come back (a phone on a crowded
    # Wi-Fi): the second tap sends the form again. Playwright holds the first
    # request until the second one is sent, then both reach the server.
    held = []

    def hold_the_first_post(route):
        if route.request.method != "POST":
            route.continue_()
        elif not held:
            held.append(route)
        else:
            held[0].fetch()  # the first tap's request, as the server gets it
            route.continue_()

    page.route(f"**/q/{questionnaire.token}/", hold_the_first_post)
    send = page.get_by_role("button", name="Envoyer mes réponses")
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)  # the raw tap: no waiting for the navigation
    while not held:  # the route handler runs while Playwright waits
        page.wait_for_timeout(20)
    page.touchscreen.tap(x, y)

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci\u00a0!")
    assert page.url.endswith(f"/q/{questionnaire.token}/merci/")
    context.close()
    assert list(Response.objects.values_list("questionnaire", flat=True)) == [
        questionnaire.pk
    ]
    assert list(Answer.objects.values_list("text_value", flat=True).order_by("id")) == [
        "",
        "Court bien ciblé",
    ]
