import datetime as dt

import pytest
from django.test import override_settings
from django.test.utils import override_script_prefix
from django.urls import reverse
from django.utils import timezone

from core.extensions import event_public_links
from evaluations.models import Answer, Question, Response
from tests.factories import (
    ChoiceFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
)

pytestmark = pytest.mark.django_db


def _url(questionnaire):
    return reverse(
        "evaluations:public_questionnaire_answer", args=[questionnaire.token]
    )


def test_answer_page_shows_the_questions_in_french_with_progress(
    client, satisfaction_questionnaire
):
    response = client.get(_url(satisfaction_questionnaire))

    assert response.status_code == 200
    assert "Dans l&#x27;ensemble, êtes-vous satisfait·e\u00a0?" in response.text
    assert "Partie 1 sur 2" in response.text
    assert "Très insatisfait·e" in response.text
    assert "J&#x27;accepte que ma réponse soit citée" in response.text
    assert "Ce questionnaire est anonyme" in response.text


def test_answer_page_offers_each_kind_of_question_its_widget(client):
    scale = QuestionFactory(kind=Question.Kind.RECOMMENDATION, label="Recommander")
    questionnaire = scale.questionnaire
    section = scale.section
    single = QuestionFactory(
        section=section, kind=Question.Kind.SINGLE, label="Venu·e comment"
    )
    ChoiceFactory(question=single, label="À pied")
    multiple = QuestionFactory(
        section=section, kind=Question.Kind.MULTIPLE, label="Ateliers suivis"
    )
    ChoiceFactory(question=multiple, label="Atelier cuisine")
    ChoiceFactory(question=multiple, label="Atelier jardin")
    long_text = QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, label="Remarques"
    )

    page = client.get(_url(questionnaire)).text

    assert page.count(f'name="q{scale.pk}"') == 11
    assert 'class="scale scale-recommendation' in page
    assert (
        page.count(f'type="radio" class="form-check-input"  name="q{single.pk}"') == 1
    )
    assert "À pied" in page
    assert (
        page.count(f'type="checkbox" class="form-check-input"  name="q{multiple.pk}"')
        == 2
    )
    assert "Atelier jardin" in page
    assert f'name="q{long_text.pk}" cols="40" rows="4"' in page


def test_answer_post_stores_the_response_and_confirms(client):
    question = QuestionFactory(kind=Question.Kind.SATISFACTION, is_required=True)
    questionnaire = question.questionnaire

    response = client.post(
        _url(questionnaire),
        {f"q{question.pk}": "5", "segment": "benevole", "quote_consent": "on"},
        follow=True,
    )

    assert response.redirect_chain == [
        (
            reverse(
                "evaluations:public_questionnaire_thanks", args=[questionnaire.token]
            ),
            302,
        )
    ]
    assert "Vos réponses ont bien été enregistrées" in response.text
    assert list(Response.objects.values_list("segment", "quote_consent")) == [
        ("benevole", True)
    ]
    assert list(Answer.objects.values_list("int_value", flat=True)) == [5]


def test_answer_post_redirects_under_the_address_the_site_is_served_at(client):
    question = QuestionFactory(kind=Question.Kind.SATISFACTION)
    questionnaire = question.questionnaire
    thanks = f"/q/{questionnaire.token}/merci/"

    url = _url(questionnaire)

    locations = []
    for prefix in ("/", "/maillage/", "/"):
        with override_script_prefix(prefix):
            response = client.post(url, {f"q{question.pk}": "4"})
        locations.append(response.headers["Location"])

    assert locations == [thanks, "/maillage" + thanks, thanks]


def test_answer_post_with_an_error_keeps_what_was_typed_and_says_why_in_french(client):
    questionnaire = QuestionnaireFactory()
    required = QuestionFactory(
        section__questionnaire=questionnaire,
        kind=Question.Kind.SATISFACTION,
        is_required=True,
    )
    text = QuestionFactory(
        section__questionnaire=questionnaire, kind=Question.Kind.LONG_TEXT
    )

    response = client.post(_url(questionnaire), {f"q{text.pk}": "Court et bien ciblé"})

    assert response.status_code == 400
    assert "Court et bien ciblé</textarea>" in response.text
    assert "Ce champ est obligatoire." in response.text
    assert f"error_1_id_q{required.pk}" in response.text
    assert Response.objects.count() == 0


def test_an_answer_with_an_error_does_not_mark_the_next_respondents_page(client):
    # Submissions are checked by forms that share their fields; a page shown
    # with its errors must have its own, or its error classes would stick to
    # the widgets every respondent's page is built from.
    question = QuestionFactory(kind=Question.Kind.SHORT_TEXT)

    refused = client.post(
        _url(question.questionnaire),
        {f"q{question.pk}": "x" * (Question.SHORT_TEXT_MAX + 1)},
    )
    page = client.get(_url(question.questionnaire))

    assert refused.status_code == 400
    assert "is-invalid" in refused.text
    assert "is-invalid" not in page.text


def test_answer_page_follows_a_change_of_the_questions(client):
    question = QuestionFactory(label="Question d'avant", kind=Question.Kind.SHORT_TEXT)
    before = client.get(_url(question.questionnaire))
    question.label = "Question d'après"
    question.save()
    relabelled = client.get(_url(question.questionnaire))
    added = QuestionFactory(
        section=question.section,
        label="Nouvelle question",
        kind=Question.Kind.SHORT_TEXT,
    )

    extended = client.get(_url(question.questionnaire))
    posted = client.post(_url(question.questionnaire), {f"q{added.pk}": "Oui"})

    assert "Question d&#x27;avant" in before.text
    assert "Question d&#x27;après" in relabelled.text
    assert "Nouvelle question" in extended.text
    assert posted.status_code == 302
    assert Answer.objects.get().question == added


def test_answer_post_rejects_an_out_of_range_value(client):
    question = QuestionFactory(kind=Question.Kind.RECOMMENDATION)

    response = client.post(_url(question.questionnaire), {f"q{question.pk}": "11"})

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.text
    assert Response.objects.count() == 0


def test_answer_post_refuses_oversize_text(client):
    question = QuestionFactory(kind=Question.Kind.SHORT_TEXT)

    response = client.post(
        _url(question.questionnaire),
        {f"q{question.pk}": "x" * (Question.SHORT_TEXT_MAX + 1)},
    )

    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_answer_post_ignores_questions_of_another_questionnaire(client):
    question = QuestionFactory()
    foreign = QuestionFactory()
    foreign_choice = ChoiceFactory()

    client.post(
        _url(question.questionnaire),
        {f"q{question.pk}": "4", f"q{foreign.pk}": "1", "choice": foreign_choice.pk},
    )

    assert list(Answer.objects.values_list("question_id", flat=True)) == [question.pk]


def test_answer_post_escapes_a_script_everywhere_it_is_shown(client, coordinator):
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT)
    questionnaire = question.questionnaire
    payload = "<script>alert('x')</script>"
    client.post(
        _url(questionnaire), {f"q{question.pk}": payload, "quote_consent": "on"}
    )
    client.force_login(coordinator)

    page = client.get(reverse("evaluations:orga_answer_list", args=[questionnaire.pk]))

    assert Answer.objects.get().text_value == payload
    assert payload not in page.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page.text


def test_answer_post_with_the_honeypot_filled_stores_nothing(client):
    question = QuestionFactory()

    response = client.post(
        _url(question.questionnaire),
        {f"q{question.pk}": "4", "website": "http://spam.example"},
    )

    assert response.status_code == 302
    assert Response.objects.count() == 0


@override_settings(EVALUATIONS_RATE_PER_IP="3/m")
def test_answer_post_is_rate_limited_per_ip(client):
    question = QuestionFactory()
    for _attempt in range(3):
        client.post(_url(question.questionnaire), {f"q{question.pk}": "4"})

    response = client.post(_url(question.questionnaire), {f"q{question.pk}": "4"})

    assert response.status_code == 429
    assert Response.objects.count() == 3


@override_settings(EVALUATIONS_RATE_PER_IP="100/m", EVALUATIONS_RATE_PER_TOKEN="2/m")
def test_answer_post_is_rate_limited_per_token_across_addresses(client):
    question = QuestionFactory()
    url = _url(question.questionnaire)
    for address in ("10.0.0.1", "10.0.0.2"):
        client.post(url, {f"q{question.pk}": "4"}, REMOTE_ADDR=address)

    response = client.post(url, {f"q{question.pk}": "4"}, REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 429
    assert Response.objects.count() == 2


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 2, "n'est pas encore ouvert"),
        (-3, -1, "est clos depuis le"),
    ],
    ids=["before-opening", "after-closing"],
)
def test_closed_questionnaire_says_so(client, opens, closes, message):
    now = timezone.now()
    question = QuestionFactory(
        section__questionnaire__opens_at=now + dt.timedelta(days=opens),
        section__questionnaire__closes_at=now + dt.timedelta(days=closes),
    )

    page = client.get(_url(question.questionnaire))
    post = client.post(_url(question.questionnaire), {f"q{question.pk}": "4"})

    assert message in page.text
    assert message in post.text
    assert Response.objects.count() == 0


def test_unknown_token_is_404(client):
    QuestionnaireFactory()

    response = client.get("/q/pas-un-jeton/")

    assert response.status_code == 404


def test_invitation_of_another_questionnaire_is_404(client):
    questionnaire = QuestionnaireFactory()
    other_invitation = InvitationFactory()

    response = client.get(
        reverse(
            "evaluations:public_invitation_answer",
            args=[questionnaire.token, other_invitation.token],
        )
    )

    assert response.status_code == 404


def test_public_link_shows_only_its_own_questionnaire(client):
    mine = QuestionFactory(label="Ma question")
    QuestionFactory(label="La question d'un autre questionnaire")

    response = client.get(_url(mine.questionnaire))

    assert "Ma question" in response.text
    assert "La question d'un autre questionnaire" not in response.text


def test_invitation_second_submission_is_refused_kindly(client):
    question = QuestionFactory()
    invitation = InvitationFactory(questionnaire=question.questionnaire)
    url = reverse(
        "evaluations:public_invitation_answer",
        args=[question.questionnaire.token, invitation.token],
    )
    client.post(url, {f"q{question.pk}": "4"})

    again = client.post(url, {f"q{question.pk}": "1"})

    assert again.status_code == 200
    assert "Vous avez déjà répondu" in again.text
    assert list(Answer.objects.values_list("int_value", flat=True)) == [4]


def test_invitation_with_registration_segment_does_not_ask_it(client):
    question = QuestionFactory(
        section__questionnaire__segment_mode="registration",
        section__questionnaire__is_anonymous=False,
    )
    invitation = InvitationFactory(
        questionnaire=question.questionnaire, registration__status="professionnel"
    )
    url = reverse(
        "evaluations:public_invitation_answer",
        args=[question.questionnaire.token, invitation.token],
    )

    page = client.get(url)
    client.post(url, {f"q{question.pk}": "4", "first_name": "Bethan"})

    assert 'name="segment"' not in page.text
    assert list(
        Response.objects.values_list("segment", "first_name", "invitation")
    ) == [("professionnel", "Bethan", invitation.pk)]


def test_event_public_links_point_to_the_open_questionnaire():
    questionnaire = QuestionnaireFactory(title="Votre avis")
    QuestionnaireFactory(event=questionnaire.event, audience="team")

    links = event_public_links(questionnaire.event)

    assert [(link.url, link.description) for link in links] == [
        (f"/q/{questionnaire.token}/", "Votre avis")
    ]


def test_event_public_links_skip_a_closed_questionnaire():
    questionnaire = QuestionnaireFactory(opens_at=None)

    assert event_public_links(questionnaire.event) == []


def test_answer_page_shows_a_question_added_after_a_first_visit(client):
    question = QuestionFactory(label="Première question")
    client.get(_url(question.questionnaire))

    QuestionFactory(section=question.section, label="Question ajoutée")
    response = client.get(_url(question.questionnaire))

    assert "Question ajoutée" in response.text


def test_answer_page_shows_a_choice_renamed_after_a_first_visit(client):
    choice = ChoiceFactory(label="Ancien libellé")
    client.get(_url(choice.question.questionnaire))

    choice.label = "Nouveau libellé"
    choice.save()
    response = client.get(_url(choice.question.questionnaire))

    assert ("Nouveau libellé" in response.text, "Ancien libellé" in response.text) == (
        True,
        False,
    )


def test_coordinator_previews_a_questionnaire_not_open_yet(client, coordinator):
    question = QuestionFactory(
        label="Le contenu", section__questionnaire__opens_at=None
    )
    client.force_login(coordinator)

    page = client.get(_url(question.questionnaire))
    post = client.post(_url(question.questionnaire), {f"q{question.pk}": "4"})

    assert "Aperçu" in page.text
    assert "Le contenu" in page.text
    assert "n'est pas encore ouvert" in post.text
    assert Response.objects.count() == 0
