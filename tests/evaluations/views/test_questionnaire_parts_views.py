"""The coordinators' new questionnaire screens (issue 14) and the answer
page's new questions: forbidden cases, French messages, query counts, the
poster rendered by the reports pipeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundMail
from evaluations import models
from evaluations.models import Answer, Question, Questionnaire, Response
from reports import services as reports
from tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    CoordinatorFactory,
    EventFactory,
    EventSeriesFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
)
from tests.factories import TestimonialFactory as QuoteFactory
from tests.reports.conftest import job_pdf, pdf_text, private_storage  # noqa: F401

pytestmark = pytest.mark.django_db


def _new_urls(questionnaire, testimonial):
    q = questionnaire.pk
    t = testimonial.pk
    return [
        ("get", reverse("evaluations:orga_questionnaire_qr_png", args=[q])),
        ("post", reverse("evaluations:orga_questionnaire_close", args=[q])),
        ("post", reverse("evaluations:orga_questionnaire_remind", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_duplicate", args=[q])),
        ("post", reverse("evaluations:orga_questionnaire_duplicate", args=[q])),
        ("get", reverse("evaluations:orga_questionnaire_profiles", args=[q])),
        ("get", reverse("evaluations:orga_testimonial_list", args=[q])),
        ("get", reverse("evaluations:orga_testimonial_export", args=[q, "csv"])),
        ("get", reverse("evaluations:orga_testimonial_update", args=[t])),
        ("post", reverse("evaluations:orga_testimonial_update", args=[t])),
        ("get", reverse("evaluations:orga_testimonial_delete", args=[t])),
        ("post", reverse("evaluations:orga_testimonial_delete", args=[t])),
    ]


def _quoted():
    testimonial = QuoteFactory(text="Très enrichissant.")
    return testimonial.answer.question.questionnaire, testimonial


def test_new_pages_send_visitors_to_sign_in(client):
    questionnaire, testimonial = _quoted()

    for method, url in _new_urls(questionnaire, testimonial):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url

    questionnaire.refresh_from_db()
    assert questionnaire.is_open and models.Testimonial.objects.count() == 1


@pytest.mark.parametrize("user_fixture", ["funder", "partner_user"])
def test_new_pages_are_forbidden_to_funders_and_partners(client, request, user_fixture):
    questionnaire, testimonial = _quoted()
    InvitationFactory(questionnaire=questionnaire, sent_at=timezone.now())
    client.force_login(request.getfixturevalue(user_fixture))

    statuses = {
        url: getattr(client, method)(url, {"title": "Copie"}).status_code
        for method, url in _new_urls(questionnaire, testimonial)
    }

    assert set(statuses.values()) <= {403, 404}, statuses
    questionnaire.refresh_from_db()
    assert questionnaire.is_open
    assert models.Testimonial.objects.get().text == "Très enrichissant."
    assert (Questionnaire.objects.count(), OutboundMail.objects.count()) == (1, 0)


def test_a_funder_cannot_ask_for_the_poster():
    from tests.factories import FunderFactory

    questionnaire = QuestionnaireFactory()

    with pytest.raises((PermissionDenied, models.Questionnaire.DoesNotExist)):
        reports.request_report(
            kind="affiche-questionnaire", obj=questionnaire, user=FunderFactory()
        )


# -- Running it ---------------------------------------------------------------------


def test_close_now_closes_and_says_so(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)
    share = reverse("evaluations:orga_questionnaire_share", args=[questionnaire.pk])
    assert "Fermer maintenant" in client.get(share).text

    response = client.post(
        reverse("evaluations:orga_questionnaire_close", args=[questionnaire.pk]),
        follow=True,
    )

    questionnaire.refresh_from_db()
    assert not questionnaire.is_open
    assert "Le questionnaire est fermé." in response.text
    assert "Fermer maintenant" not in response.text


def test_close_now_on_a_closed_questionnaire_says_why(client, coordinator):
    questionnaire = QuestionnaireFactory(opens_at=None, closes_at=None)
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_questionnaire_close", args=[questionnaire.pk]),
        follow=True,
    )

    assert "Le questionnaire n&#x27;est pas ouvert" in response.text
    questionnaire.refresh_from_db()
    assert questionnaire.closes_at is None


def test_remind_queues_one_mail_per_invitee_waiting(client, coordinator):
    questionnaire = QuestionnaireFactory()
    InvitationFactory(questionnaire=questionnaire, sent_at=timezone.now())
    InvitationFactory(questionnaire=questionnaire, sent_at=timezone.now(), used=True)
    client.force_login(coordinator)
    url = reverse("evaluations:orga_questionnaire_remind", args=[questionnaire.pk])

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert "1 relances sont en cours d&#x27;envoi." in first.text
    assert "Personne à relancer" in second.text
    assert OutboundMail.objects.filter(kind="evaluations.reminder").count() == 1


def test_duplicate_from_the_list_asks_for_the_new_title(client, coordinator):
    question = QuestionFactory(key="globale", section__questionnaire__title="2013")
    source = question.questionnaire
    next_edition = EventFactory(title="Rencontres 2014")
    client.force_login(coordinator)
    listing = client.get(reverse("evaluations:orga_questionnaire_list")).text
    url = reverse("evaluations:orga_questionnaire_duplicate", args=[source.pk])
    assert url in listing

    refused = client.post(url, {"title": "", "event": next_edition.pk})
    response = client.post(url, {"title": "Avis 2014", "event": next_edition.pk})

    assert refused.status_code == 200
    assert "Titre de la nouvelle édition" in refused.text
    assert "Ce champ est obligatoire." in refused.text
    copy = Questionnaire.objects.exclude(pk=source.pk).get()
    assert response.url == copy.get_absolute_url()
    assert (copy.title, copy.event, list(copy.questions.values_list("key"))) == (
        "Avis 2014",
        next_edition,
        [("globale",)],
    )


def test_question_form_sets_the_key_the_limit_and_moves_the_question(
    client, coordinator
):
    question = QuestionFactory(kind=Question.Kind.MULTIPLE)
    ChoiceFactory(question=question, label="A")
    ChoiceFactory(question=question, label="B")
    ChoiceFactory(question=question, label="C")
    other = SectionFactory(questionnaire=question.questionnaire, title="Fin")
    client.force_login(coordinator)
    url = reverse("evaluations:orga_question_update", args=[question.pk])
    data = {
        "section": other.pk,
        "kind": "multiple",
        "label": question.label,
        "choices_text": "A\nB\nC",
        "max_choices": "2",
        "has_other": "on",
        "key": "ateliers-suivis",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert (
        question.section,
        question.max_choices,
        question.has_other,
        question.key,
    ) == (other, 2, True, "ateliers-suivis")


def test_question_form_refuses_a_limit_on_a_single_choice(client, coordinator):
    question = QuestionFactory(kind=Question.Kind.SINGLE)
    client.force_login(coordinator)

    response = client.post(
        reverse("evaluations:orga_question_update", args=[question.pk]),
        {"kind": "single", "label": "x", "choices_text": "A\nB", "max_choices": "1"},
    )

    assert response.status_code == 200
    assert "Seule une question à choix multiples a un maximum." in response.text
    question.refresh_from_db()
    assert question.max_choices is None


def test_qr_code_png_and_svg(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)

    png = client.get(
        reverse("evaluations:orga_questionnaire_qr_png", args=[questionnaire.pk])
    )
    svg = client.get(
        reverse("evaluations:orga_questionnaire_qr", args=[questionnaire.pk])
    )

    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_poster_pdf_is_rendered_by_the_reports_pipeline(
    django_capture_on_commit_callbacks,
    private_storage,  # noqa: F811
):
    questionnaire = QuestionnaireFactory(event__title="Rencontres Agir ensemble")

    with django_capture_on_commit_callbacks(execute=True):
        job = reports.request_report(
            kind="affiche-questionnaire",
            obj=questionnaire,
            user=CoordinatorFactory(),
        )
    job.refresh_from_db()

    text = pdf_text(job_pdf(job))
    assert job.status == "ready"
    assert "RENCONTRES AGIR ENSEMBLE" in text  # in capitals, by the stylesheet
    assert "Votre avis compte" in text
    assert questionnaire.get_public_url() in text.replace("\n", "")


# -- Testimonials ------------------------------------------------------------------


@pytest.mark.parametrize("count", (1, 15))
def test_testimonial_list_query_count_is_constant(
    client, coordinator, count, django_assert_max_num_queries
):
    questionnaire = QuestionnaireFactory()
    for n in range(count):
        QuoteFactory(
            answer__question__section__questionnaire=questionnaire, text=f"Cit {n}"
        )
    client.force_login(coordinator)

    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("evaluations:orga_testimonial_list", args=[questionnaire.pk])
        )

    assert len(response.context["testimonials"]) == count
    assert "Cit 0" in response.text


def test_testimonial_list_empty_state(client, coordinator):
    questionnaire = QuestionnaireFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse("evaluations:orga_testimonial_list", args=[questionnaire.pk])
    )

    assert "Aucun témoignage pour l'instant" in response.text


def test_testimonial_is_edited_then_removed_after_confirmation(client, coordinator):
    questionnaire, testimonial = _quoted()
    client.force_login(coordinator)
    edit = reverse("evaluations:orga_testimonial_update", args=[testimonial.pk])
    delete = reverse("evaluations:orga_testimonial_delete", args=[testimonial.pk])

    refused = client.post(edit, {"text": "", "first_name": "Margot"})
    saved = client.post(
        edit, {"text": "Très riche.", "first_name": "Margot"}, follow=True
    )
    asked = client.get(delete)
    removed = client.post(delete, follow=True)

    assert "Ce champ est obligatoire." in refused.text
    assert "Le témoignage a été enregistré." in saved.text
    assert "Très riche." in saved.text
    assert asked.status_code == 200 and "Retirer ce témoignage" in asked.text
    assert "Le témoignage a été retiré" in removed.text
    assert not models.Testimonial.objects.exists()
    assert Answer.objects.filter(pk=testimonial.answer_id).exists()


def test_testimonials_export_as_csv_and_excel(client, coordinator):
    questionnaire, testimonial = _quoted()
    client.force_login(coordinator)

    csv = client.get(
        reverse("evaluations:orga_testimonial_export", args=[questionnaire.pk, "csv"])
    )
    xlsx = client.get(
        reverse("evaluations:orga_testimonial_export", args=[questionnaire.pk, "xlsx"])
    )
    other = client.get(
        reverse("evaluations:orga_testimonial_export", args=[questionnaire.pk, "pdf"])
    )

    assert "Très enrichissant." in csv.content.decode("utf-8-sig")
    assert xlsx.content[:2] == b"PK"
    assert other.status_code == 404


# -- Profiles and editions ---------------------------------------------------------


@pytest.mark.parametrize("responses", (2, 12))
def test_profiles_page_query_count_is_constant(
    client, coordinator, responses, django_assert_max_num_queries
):
    series = EventSeriesFactory()
    question = QuestionFactory(
        section__questionnaire__event__series=series, label="Accueil", key="accueil"
    )
    for n in range(responses):
        AnswerFactory(
            question=question,
            int_value=4,
            response=ResponseFactory(
                questionnaire=question.questionnaire,
                segment=("benevole", "elu")[n % 2],
            ),
        )
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(
            reverse(
                "evaluations:orga_questionnaire_profiles",
                args=[question.questionnaire_id],
            )
        )

    assert response.status_code == 200
    for label in ("Bénévoles", "Salarié·es", "Élu·es", "Accueil"):
        assert label in response.text
    assert response.context["comparison"]["total"] == responses


def test_results_show_the_number_of_answers_per_edition(client, coordinator):
    series = EventSeriesFactory()
    old, new = (
        QuestionFactory(
            section__questionnaire__event__series=series,
            section__questionnaire__event__starts_at=timezone.now()
            + dt.timedelta(days=days),
            key="globale",
        )
        for days in (-365, -10)
    )
    AnswerFactory(question=old, int_value=3)
    AnswerFactory(question=old, int_value=5)
    AnswerFactory(question=new, int_value=4)
    client.force_login(coordinator)

    response = client.get(
        reverse("evaluations:orga_questionnaire_results", args=[new.questionnaire_id])
    )

    assert "Nombre de réponses" in response.text
    assert response.context["results"].comparison["counts"]() == [2, 1]
    assert 'class="results-page"' in response.text


# -- The answer page ----------------------------------------------------------------


def _answer_url(questionnaire):
    return reverse(
        "evaluations:public_questionnaire_answer", args=[questionnaire.token]
    )


def test_answer_page_refuses_too_many_ticks_in_french(client):
    question = QuestionFactory(kind=Question.Kind.MULTIPLE, max_choices=1)
    a = ChoiceFactory(question=question)
    b = ChoiceFactory(question=question)

    response = client.post(
        _answer_url(question.questionnaire), {f"q{question.pk}": [a.pk, b.pk]}
    )

    assert response.status_code == 400
    assert "Cochez au plus 1 réponse." in response.text
    assert Response.objects.count() == 0


def test_answer_page_other_needs_its_text_then_stores_it(client):
    question = QuestionFactory(kind=Question.Kind.SINGLE, has_other=True)
    ChoiceFactory(question=question)
    url = _answer_url(question.questionnaire)
    page = client.get(url).text
    assert "Autre (précisez)" in page

    refused = client.post(url, {f"q{question.pk}": "0"})
    stored = client.post(
        url,
        {f"q{question.pk}": "0", f"q{question.pk}_other": "Covoiturage"},
    )

    assert refused.status_code == 400
    assert "Précisez votre réponse «\u00a0Autre\u00a0»." in refused.text
    assert stored.status_code == 302
    assert list(Answer.objects.values_list("choice", "text_value")) == [
        (None, "Covoiturage")
    ]


def test_answer_page_asks_consent_under_each_quotable_question(client):
    section = SectionFactory()
    quoted = QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, may_be_quoted=True
    )
    private = QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, may_be_quoted=True
    )
    url = _answer_url(section.questionnaire)

    page = client.get(url).text
    client.post(
        url,
        {
            f"q{quoted.pk}": "Super",
            f"q{quoted.pk}_consent": "on",
            f"q{private.pk}": "Rien à dire",
        },
    )

    assert page.count("J&#x27;accepte que cette réponse soit citée") == 2
    assert "J&#x27;accepte que ma réponse soit citée" not in page
    assert dict(Answer.objects.values_list("question_id", "quote_consent")) == {
        quoted.pk: True,
        private.pk: False,
    }


def test_answer_page_shows_a_grid_of_one_to_five_questions(client):
    first = QuestionFactory(kind=Question.Kind.SATISFACTION)
    QuestionFactory(section=first.section, kind=Question.Kind.SATISFACTION)
    QuestionFactory(section=first.section, kind=Question.Kind.RECOMMENDATION)

    page = client.get(_answer_url(first.questionnaire)).text

    assert page.count('class="scale-grid mb-4"') == 1
    assert page.count('class="scale-row scale-row-5"') == 2
    assert page.count('class="scale-row scale-row-11"') == 1
