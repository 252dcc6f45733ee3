"""An anonymous questionnaire answered through invitations links no answer
to a name: nothing stored pairs an invitation with a response."""

from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from evaluations import exporters
from evaluations.models import Invitation, Question, Response
from evaluations.services import submit_response
from tests.factories import InvitationFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


def _answer_through(invitation, now):
    question = QuestionFactory(
        questionnaire=invitation.questionnaire,
        section__questionnaire=invitation.questionnaire,
    )
    return submit_response(
        questionnaire=invitation.questionnaire,
        values={question.pk: 4},
        invitation=invitation,
        now=now,
    )


def test_the_invitation_and_the_response_share_no_time():
    invitation = InvitationFactory(questionnaire__is_anonymous=True)
    created, updated = invitation.created_at, invitation.updated_at
    now = timezone.now().replace(hour=15, minute=42, second=7, microsecond=123456)

    response = _answer_through(invitation, now)

    invitation.refresh_from_db()
    response.refresh_from_db()
    assert invitation.used is True
    assert not hasattr(invitation, "used_at")
    assert (invitation.created_at, invitation.updated_at) == (created, updated)
    local = timezone.localtime(response.submitted_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert local.date() == timezone.localtime(now).date()
    assert response.invitation is None
    stored = {
        value
        for value in Invitation.objects.values_list(
            "created_at", "updated_at", "sent_at"
        ).get()
    }
    assert response.submitted_at not in stored


def test_a_named_questionnaire_keeps_the_time_and_the_invitation():
    invitation = InvitationFactory(questionnaire__is_anonymous=False)
    now = timezone.now().replace(microsecond=123456)

    response = _answer_through(invitation, now)

    response.refresh_from_db()
    assert response.submitted_at == now
    assert response.invitation == invitation


def test_the_admin_lists_no_use_time():
    assert "used_at" not in site._registry[Invitation].list_display
    assert "used" in site._registry[Invitation].list_display


def test_the_migration_clears_the_times_that_linked_existing_answers():
    migration = import_module(
        "evaluations.migrations.0003_archived_choices_submission_key_anonymous_use"
    )
    invitation = InvitationFactory(questionnaire__is_anonymous=True, used=True)
    moment = timezone.now().replace(hour=14, minute=3, microsecond=42)
    response = Response.objects.create(
        questionnaire=invitation.questionnaire, submitted_at=moment
    )
    named = Response.objects.create(
        questionnaire=QuestionnaireFactory(is_anonymous=False), submitted_at=moment
    )
    Invitation.objects.filter(pk=invitation.pk).update(updated_at=moment)

    migration.clear_linking_times(global_apps, None)

    invitation.refresh_from_db()
    response.refresh_from_db()
    named.refresh_from_db()
    assert invitation.updated_at == invitation.created_at
    assert response.submitted_at == timezone.localtime(moment).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    assert named.submitted_at == moment


def test_pages_and_exports_show_the_day_only_for_an_anonymous_questionnaire(
    client, coordinator
):
    invitation = InvitationFactory(questionnaire__is_anonymous=True)
    question = QuestionFactory(
        questionnaire=invitation.questionnaire,
        section__questionnaire=invitation.questionnaire,
        kind=Question.Kind.LONG_TEXT,
    )
    now = timezone.now().replace(hour=15, minute=42)
    submit_response(
        questionnaire=invitation.questionnaire,
        values={question.pk: "Très bien"},
        invitation=invitation,
        now=now,
    )
    client.force_login(coordinator)

    answers_page = client.get(
        reverse("evaluations:orga_answer_list", args=[question.questionnaire_id])
    ).text
    rows = list(exporters.raw_rows(questionnaire=question.questionnaire))

    assert "Très bien" in answers_page
    assert " à 0 h" not in answers_page and " à 00" not in answers_page
    assert rows[1][1] == timezone.localtime(now).strftime("%Y-%m-%d")
