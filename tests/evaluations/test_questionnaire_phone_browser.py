"""Answering on a phone (390 × 844): 1-to-5 questions as a grid, the 0-to-10
question as one row, « Autre (précisez) », a limit on ticks said in French,
consent per question, tap targets of at least 44 px, and no axe violation."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Answer, Question, Response
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _questionnaire():
    from tests.factories import (
        ChoiceFactory,
        QuestionFactory,
        QuestionnaireFactory,
        SectionFactory,
    )

    questionnaire = QuestionnaireFactory(title="Rencontres Agir ensemble")
    section = SectionFactory(questionnaire=questionnaire, title="La journée")
    for label in ("L'accueil", "Les ateliers", "Le repas"):
        QuestionFactory(section=section, kind=Question.Kind.SATISFACTION, label=label)
    QuestionFactory(
        section=section,
        kind=Question.Kind.RECOMMENDATION,
        label="Recommanderiez-vous la journée ?",
    )
    workshops = QuestionFactory(
        section=section,
        kind=Question.Kind.MULTIPLE,
        label="Ateliers suivis",
        max_choices=2,
        has_other=True,
    )
    for label in ("Logement", "Emploi", "Santé"):
        ChoiceFactory(question=workshops, label=label)
    QuestionFactory(
        section=section,
        kind=Question.Kind.LONG_TEXT,
        label="Ce que vous retenez",
        may_be_quoted=True,
    )
    return questionnaire


def _boxes(page, selector):
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {w: r.width, h: r.height, top: Math.round(r.top),"
        " right: r.right}; })"
    )


def test_answering_on_a_phone(browser, live_server):
    questionnaire = _questionnaire()
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{questionnaire.token}/")
    expect(page.locator(".scale-grid .scale-question")).to_have_count(3)
    assert axe_violations(page) == []

    # Tap targets: every scale button, the choices and the send button at
    # least 44 × 44 px, the 0-to-10 question's eleven included.
    cells = _boxes(page, ".scale-cell")
    assert len(cells) == 3 * 5 + 11
    assert min(cell["h"] for cell in cells) >= 44
    assert min(cell["w"] for cell in cells) >= 44
    choices = _boxes(page, ".answer-page .form-check-label")
    assert choices and min(c["h"] for c in choices) >= 44
    send = _boxes(page, "button[type=submit]")[0]
    assert send["h"] >= 44 and send["w"] >= 44
    # The 0-to-10 question holds on two rows within the screen: 0-5, then
    # 6-10; its ends say what 0 and 10 mean, to a screen reader too.
    row = cells[15:]
    tops = sorted({cell["top"] for cell in row})
    assert len(tops) == 2
    assert [cell["top"] for cell in row] == [tops[0]] * 6 + [tops[1]] * 5
    assert all(cell["right"] <= PHONE["width"] for cell in row)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    scale = page.get_by_role("group", name="Recommanderiez-vous")
    expect(scale.get_by_role("radio")).to_have_count(11)
    expect(scale).to_have_accessible_description(
        "0 = Pas du tout probable 10 = Très probable"
    )
    expect(scale.get_by_text("0 = Pas du tout probable")).to_be_visible()
    expect(scale.get_by_text("10 = Très probable")).to_be_visible()

    page.get_by_role("group", name="L'accueil").get_by_role(
        "radio", name="Très satisfait·e", exact=True
    ).check()
    page.get_by_role("group", name="Le repas").get_by_role(
        "radio", name="Satisfait·e", exact=True
    ).check()
    page.get_by_role("group", name="Recommanderiez-vous").get_by_role(
        "radio", name="9", exact=True
    ).check()
    page.get_by_label("Logement").check()
    page.get_by_label("Emploi").check()
    page.get_by_label("Autre (précisez)").check()
    page.get_by_label("Autre : précisez").fill("Théâtre forum")
    page.get_by_label("Ce que vous retenez").fill("Des contacts utiles")
    page.get_by_label("J'accepte que cette réponse soit citée").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()

    # Three ticks for two allowed: said in French beside the question.
    expect(page.get_by_text("Cochez au plus 2 réponses.")).to_be_visible()
    assert Response.objects.count() == 0
    assert axe_violations(page) == []
    page.get_by_label("Emploi").uncheck()
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci\u00a0!")
    context.close()
    response = Response.objects.get()
    answers = {
        (
            a.question.label,
            a.int_value,
            a.choice.label if a.choice else "",
            a.text_value,
        )
        for a in Answer.objects.select_related("question", "choice")
    }
    assert answers == {
        ("L'accueil", 5, "", ""),
        ("Le repas", 4, "", ""),
        ("Recommanderiez-vous la journée ?", 9, "", ""),
        ("Ateliers suivis", None, "Logement", ""),
        ("Ateliers suivis", None, "", "Théâtre forum"),
        ("Ce que vous retenez", None, "", "Des contacts utiles"),
    }
    assert response.answers.get(question__label="Ce que vous retenez").quote_consent


def test_the_0_to_10_question_is_one_row_on_a_wide_screen(browser, live_server):
    questionnaire = _questionnaire()
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{questionnaire.token}/")
    row = _boxes(page, ".scale-row-11 .scale-cell")
    assert len(row) == 11
    assert len({cell["top"] for cell in row}) == 1
    assert min(cell["w"] for cell in row) >= 44
    assert min(cell["h"] for cell in row) >= 44
    assert axe_violations(page) == []
    context.close()
