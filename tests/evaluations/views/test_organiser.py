import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import models
from evaluations.models import Question, Questionnaire, Section
from tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RegistrationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def _urls(questionnaire, question, section, answer):
    q = questionnaire.pk
    return [
        ("get", reverse("evaluations:orga_questionnaire_list")),
        ("get", reverse("evaluations:orga_questionnaire_create")),
        ("get", reverse("evaluations:orga_questionnaire_detail", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_update", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_share", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_qr", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_poster", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_results", args=[q])),
        ("get", reverse("evaluations:orga_answer_list", args=[q])),
        (
            "get",
            reverse(
                "evaluations:orga_questionnaire_export", args=[q, "reponses", "csv"]
            ),
        ),
        ("get", reverse("evaluations:orga_question_update", args=[question.pk])),
        ("get", reverse("evaluations:orga_question_create", args=[section.pk])),
        ("post", reverse("evaluations:orga_section_create", args=[q])),
        (
            "post",
            reverse("evaluations:orga_question_action", args=[question.pk, "delete"]),
        ),
        ("post", reverse("evaluations:orga_questionnaire_invite", args=[q])),
        ("post", reverse("evaluations:orga_testimonial_create", args=[answer.pk])),
    ]


@pytest.mark.parametrize("user_fixture", ["funder", "partner_user"])
def test_builder_and_results_are_forbidden_to_funders_and_partners(
    client, request, user_fixture
):
    answer = AnswerFactory(
        question__kind=Question.Kind.LONG_TEXT,
        text_value="x",
        response__quote_consent=True,
    )
    question = answer.question
    client.force_login(request.getfixturevalue(user_fixture))

    statuses = {
        url: getattr(client, method)(url).status_code
        for method, url in _urls(
            question.questionnaire, question, question.section, answer
        )
    }

    # Section pages are a 403; a page naming an object is a 404 (issue 12).
    expected = {
        url: 403 if url.endswith(("/questionnaires/", "/nouveau/")) else 404
        for url in statuses
    }
    assert statuses == expected
    assert Question.objects.count() == 1
    assert models.Testimonial.objects.count() == 0


def test_builder_sends_visitors_to_sign_in(client):
    response = client.get(reverse("evaluations:orga_questionnaire_list"))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("count", (1, 12))
def test_orga_questionnaire_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    for questionnaire in QuestionnaireFactory.create_batch(count):
        AnswerFactory(question__section__questionnaire=questionnaire)
    client.force_login(coordinator)

    with django_assert_num_queries(5):
        response = client.get(reverse("evaluations:orga_questionnaire_list"))

    assert len(response.context["questionnaires"]) == count
    assert "Questionnaires de satisfaction" in response.text


def test_orga_questionnaire_create_from_the_template(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_questionnaire_create"),
        {
            "source": "tpl:satisfaction",
            "event": event.pk,
            "title": "",
            "audience": "participants",
            "is_anonymous": "on",
            "segment_mode": "ask",
        },
    )

    questionnaire = Questionnaire.objects.get()
    assert response.url == questionnaire.get_absolute_url()
    assert (
        questionnaire.title,
        questionnaire.event,
        questionnaire.questions.count(),
    ) == (
        "Questionnaire de satisfaction",
        event,
        9,
    )


def test_orga_questionnaire_create_shows_errors_next_to_fields_in_french(
    client, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_questionnaire_create"),
        {
            "source": "",
            "title": "",
            "audience": "participants",
            "segment_mode": "ask",
            "opens_at": "2026-05-02T10:00",
            "closes_at": "2026-05-01T10:00",
        },
    )

    assert response.status_code == 200
    assert "Donnez un titre ou choisissez un modèle." in response.text
    assert "La date de clôture doit suivre l&#x27;ouverture." in response.text
    assert Questionnaire.objects.count() == 0


def test_orga_builder_renders_sections_and_questions_in_french(client, coordinator):
    question = QuestionFactory(label="Le contenu", section__title="Votre avis")
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_detail", args=[question.questionnaire_id]
        )
    )

    assert "Partie 1 — Votre avis" in response.text
    assert "Le contenu" in response.text
    assert "Ajouter une question" in response.text


def test_orga_question_create_with_choices(client, coordinator):
    section = SectionFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_question_create", args=[section.pk]),
        {
            "kind": "multiple",
            "label": "Comment êtes-vous venu·e ?",
            "help_text": "",
            "is_required": "",
            "choices_text": "En bus\nÀ pied\n\nEn bus",
        },
    )

    question = section.questions.get()
    assert response.status_code == 302
    assert list(question.choices.values_list("label", flat=True)) == [
        "En bus",
        "À pied",
    ]
    assert question.questionnaire == section.questionnaire


def test_orga_question_create_refuses_a_choice_question_without_choices(
    client, coordinator
):
    section = SectionFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_question_create", args=[section.pk]),
        {"kind": "single", "label": "Lequel ?", "choices_text": "Un seul"},
    )

    assert "Indiquez au moins deux choix." in response.text
    assert section.questions.count() == 0


def test_orga_question_move_with_htmx_returns_the_builder_fragment(client, coordinator):
    section = SectionFactory()
    first = QuestionFactory(section=section, position=0, label="Première")
    second = QuestionFactory(section=section, position=1, label="Seconde")
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_question_action", args=[first.pk, "down"]),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="builder">')
    assert response.text.index("Seconde") < response.text.index("Première")
    assert list(section.questions.all()) == [second, first]


def test_orga_question_move_without_javascript_redirects_to_the_builder(
    client, coordinator
):
    section = SectionFactory()
    first = QuestionFactory(section=section, position=0)
    QuestionFactory(section=section, position=1)
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_question_action", args=[first.pk, "down"])
    )

    assert response.url == section.questionnaire.get_absolute_url()


def test_orga_section_create_and_delete(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)

    client.post(
        reverse("evaluations:orga_section_create", args=[questionnaire.pk]),
        {"title": "Logistique"},
    )
    section = questionnaire.sections.get()
    client.post(reverse("evaluations:orga_section_action", args=[section.pk, "delete"]))

    assert section.title == "Logistique"
    assert Section.objects.count() == 0


def test_orga_copy_from_the_internal_template_appends_its_questions(
    client, coordinator
):
    question = QuestionFactory()
    client.force_login(coordinator)

    client.post(
        reverse(
            "evaluations:orga_questionnaire_copy", args=[question.questionnaire_id]
        ),
        {"source": "tpl:internal"},
    )

    sections = list(question.questionnaire.sections.values_list("title", flat=True))
    assert sections == [
        question.section.title,
        "Préparation",
        "Le jour J",
        "Enseignements",
    ]


def test_orga_qr_code_is_an_svg_of_the_public_link(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse("evaluations:orga_questionnaire_qr", args=[questionnaire.pk])
    )

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or response.content.startswith(b"<svg")


def test_orga_poster_shows_the_public_url(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse("evaluations:orga_questionnaire_poster", args=[questionnaire.pk])
    )

    assert f"http://testserver/q/{questionnaire.token}/" in response.text
    assert "Votre avis compte\u00a0!" in response.text


def test_orga_invite_emails_the_registered_participants(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    questionnaire = QuestionnaireFactory()
    RegistrationFactory(event=questionnaire.event, email="margot@example.org")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:orga_questionnaire_invite", args=[questionnaire.pk])
        )

    invitation = questionnaire.invitations.get()
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["margot@example.org"]]
    assert f"/q/{questionnaire.token}/{invitation.token}/" in mailoutbox[0].body


def test_orga_results_page_shows_chart_and_table_in_french(client, coordinator):
    answer = AnswerFactory(int_value=5)
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_results",
            args=[answer.question.questionnaire_id],
        )
    )

    assert '<svg class="chart"' in response.text
    assert "Afficher sous forme de tableau" in response.text
    assert response.context["results"].response_count == 1


def test_orga_answer_list_marks_a_consented_answer_as_testimonial(client, coordinator):
    answer = AnswerFactory(
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="Très enrichissant",
        response__quote_consent=True,
    )
    client.force_login(coordinator)

    client.post(
        reverse("evaluations:orga_testimonial_create", args=[answer.pk]),
        {"first_name": "Bethan", "organisation_name": "Dons Solidaires"},
    )

    testimonial = models.Testimonial.objects.get()
    assert (testimonial.text, testimonial.signature) == (
        "Très enrichissant",
        "Bethan – Dons Solidaires",
    )


def test_orga_answer_list_refuses_a_testimonial_without_consent(client, coordinator):
    answer = AnswerFactory(
        question__kind=Question.Kind.LONG_TEXT,
        int_value=None,
        text_value="Bien",
        response__quote_consent=False,
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_testimonial_create", args=[answer.pk]), follow=True
    )

    assert "La personne n&#x27;a pas accepté d&#x27;être citée." in response.text
    assert models.Testimonial.objects.count() == 0


@pytest.mark.parametrize("count", (2, 25))
def test_orga_answer_list_query_count_is_constant(
    client, coordinator, count, django_assert_num_queries
):
    question = QuestionFactory(kind=Question.Kind.LONG_TEXT)
    AnswerFactory.create_batch(
        count,
        question=question,
        int_value=None,
        text_value="Intéressant",
        response__questionnaire=question.questionnaire,
    )
    client.force_login(coordinator)

    with django_assert_num_queries(6):
        response = client.get(
            reverse("evaluations:orga_answer_list", args=[question.questionnaire_id])
        )

    assert len(response.context["answers"]) == count


def test_orga_export_csv_is_semicolon_bom_and_injection_safe(client, coordinator):
    answer = AnswerFactory(
        question__kind=Question.Kind.SHORT_TEXT,
        question__label="Un mot",
        int_value=None,
        text_value='=HYPERLINK("http://x")',
    )
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_export",
            args=[answer.question.questionnaire_id, "reponses", "csv"],
        )
    )

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffRéponse;Envoyée le;Profil;Citation autorisée;Un mot")
    assert ';"\'=HYPERLINK(""http://x"")"' in text


def test_orga_export_xlsx_has_one_row_per_response(client, coordinator):
    question = QuestionFactory(kind=Question.Kind.MULTIPLE, label="Venu")
    bus, walk = (
        ChoiceFactory(question=question, label="Bus"),
        ChoiceFactory(question=question, label="À pied"),
    )
    answer = AnswerFactory(question=question, int_value=None, choice=bus)
    AnswerFactory(
        question=question, response=answer.response, int_value=None, choice=walk
    )
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_export",
            args=[question.questionnaire_id, "reponses", "xlsx"],
        )
    )

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][-1] == "Venu"
    assert [row[-1] for row in rows[1:]] == ["Bus | À pied"]


def test_orga_export_summary_lists_counts_per_value(client, coordinator):
    answer = AnswerFactory(question__label="Global", int_value=5)
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_export",
            args=[answer.question.questionnaire_id, "synthese", "csv"],
        )
    )

    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffQuestion;Réponses;Valeur;Nombre;Pourcentage"
    assert "Global;1;Très satisfait·e;1;100,0" in lines
    assert "Global;1;Moyenne;5,0;" in lines


def test_orga_questionnaire_create_refuses_a_workshop_of_another_event(
    client, coordinator
):
    from tests.factories import WorkshopFactory

    event = EventFactory()
    workshop = WorkshopFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_questionnaire_create"),
        {
            "source": "tpl:satisfaction",
            "event": event.pk,
            "workshop": workshop.pk,
            "audience": "participants",
            "segment_mode": "ask",
        },
    )

    assert "Cet atelier appartient à un autre événement." in response.text
    assert Questionnaire.objects.count() == 0


def test_orga_questionnaire_create_for_a_workshop(client, coordinator):
    from tests.factories import WorkshopFactory

    workshop = WorkshopFactory()
    client.force_login(coordinator)

    client.post(
        reverse("evaluations:orga_questionnaire_create"),
        {
            "source": "",
            "title": "L'atelier numérique",
            "event": workshop.event_id,
            "workshop": workshop.pk,
            "audience": "participants",
            "segment_mode": "ask",
        },
    )

    assert list(Questionnaire.objects.values_list("title", "workshop")) == [
        ("L'atelier numérique", workshop.pk)
    ]


def test_orga_results_page_counts_answers_in_french_plural(client, coordinator):
    question = QuestionFactory(label="Global")
    for value in (3, 4, 5):
        AnswerFactory(question=question, int_value=value)
    client.force_login(coordinator)

    response = client.get(
        reverse(
            "evaluations:orga_questionnaire_results", args=[question.questionnaire_id]
        )
    )

    assert "3 réponses" in response.text
    assert "moyenne 4,0" in response.text


@pytest.mark.parametrize("question_count", (1, 10))
def test_orga_builder_query_count_is_constant(
    client, coordinator, question_count, django_assert_num_queries
):
    questionnaire = QuestionnaireFactory()
    for _n in range(question_count):
        question = QuestionFactory(
            section=SectionFactory(questionnaire=questionnaire),
            kind=Question.Kind.SINGLE,
        )
        ChoiceFactory.create_batch(2, question=question)
    client.force_login(coordinator)

    with django_assert_num_queries(8):
        response = client.get(
            reverse("evaluations:orga_questionnaire_detail", args=[questionnaire.pk])
        )

    assert (
        response.text.count('class="list-group-item" id="question-') == question_count
    )
