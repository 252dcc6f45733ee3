"""Everything that writes questionnaires, answers, invitations and testimonials."""

import functools
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.db import prepared_cursor

from .models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
    Testimonial,
)
from .templates_catalogue import TEMPLATES


class QuestionnaireClosed(Exception):
    """The questionnaire does not accept answers at this moment."""


class InvitationAlreadyUsed(Exception):
    """A personal link was already used to answer."""


# -- Building -----------------------------------------------------------------


def _next_position(items) -> int:
    last = items.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def create_questionnaire(
    *, event, by=None, template_key: str = "", source=None, **fields
) -> Questionnaire:
    """Create a questionnaire, filled from a ready template or another one.

    ``template_key`` names an entry of ``templates_catalogue.TEMPLATES``;
    ``source`` is an existing questionnaire whose sections, questions and
    choices are copied (keys included, so editions can be compared).
    """
    template = TEMPLATES.get(template_key)
    if template:
        fields.setdefault("title", str(template["title"]))
        fields.setdefault("intro", str(template["intro"]))
        fields.setdefault("audience", template["audience"])
    elif source is not None:
        for name in ("title", "intro", "audience", "is_anonymous", "segment_mode"):
            fields.setdefault(name, getattr(source, name))
    questionnaire = Questionnaire.objects.create(event=event, **fields)
    if template:
        fill_from_template(questionnaire, template)
    elif source is not None:
        copy_questionnaire_content(source=source, target=questionnaire)
    return questionnaire


def fill_from_template(questionnaire: Questionnaire, template: dict) -> None:
    offset = _next_position(questionnaire.sections)
    for section_position, section_data in enumerate(template["sections"]):
        section = Section.objects.create(
            questionnaire=questionnaire,
            title=str(section_data["title"]),
            position=offset + section_position,
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                section=section,
                key=key,
                kind=kind,
                label=str(label),
                is_required=required,
                position=position,
            )
            for position, (key, kind, label, required) in enumerate(
                section_data["questions"]
            )
        )


@transaction.atomic
def copy_questionnaire_content(*, source: Questionnaire, target: Questionnaire):
    """Append copies of ``source``'s sections, questions and choices to ``target``."""
    offset = _next_position(target.sections)
    sections = source.sections.prefetch_related("questions__choices")
    for section in sections:
        new_section = Section.objects.create(
            questionnaire=target,
            title=section.title,
            description=section.description,
            position=section.position + offset,
        )
        for question in section.questions.all():
            new_question = Question.objects.create(
                questionnaire=target,
                section=new_section,
                kind=question.kind,
                label=question.label,
                help_text=question.help_text,
                is_required=question.is_required,
                position=question.position,
                key=question.key,
            )
            Choice.objects.bulk_create(
                Choice(question=new_question, label=c.label, position=c.position)
                for c in question.choices.all()
            )


def add_section(*, questionnaire: Questionnaire, title: str, description="") -> Section:
    return Section.objects.create(
        questionnaire=questionnaire,
        title=title,
        description=description,
        position=_next_position(questionnaire.sections),
    )


@transaction.atomic
def save_question(
    *, question: Question, choice_labels: Iterable[str] | None = None
) -> Question:
    """Save a new or changed question and, for choice questions, its choices.

    Existing choices keep their rows (and their answers) when their label is
    kept; choices no longer listed are deleted.
    """
    if question.pk is None:
        question.position = _next_position(question.section.questions)
        question.questionnaire = question.section.questionnaire
    question.save()
    if question.has_choices:
        _sync_choices(question, [label for label in choice_labels or [] if label])
    else:
        question.choices.all().delete()
    return question


def _sync_choices(question: Question, labels: list[str]) -> None:
    existing = {choice.label: choice for choice in question.choices.all()}
    keep = []
    for position, label in enumerate(labels):
        choice = existing.get(label)
        if choice is None:
            choice = Choice.objects.create(
                question=question, label=label, position=position
            )
        elif choice.position != position:
            choice.position = position
            choice.save(update_fields=["position"])
        keep.append(choice.pk)
    question.choices.exclude(pk__in=keep).delete()


@transaction.atomic
def move_item(*, item, direction: int) -> None:
    """Swap a section or question with its neighbour (``direction`` -1 or +1)."""
    siblings = list(
        item.questionnaire.sections.all()
        if isinstance(item, Section)
        else item.section.questions.all()
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


# -- Answering ----------------------------------------------------------------


def _clean_value(question: Question, value, choice_ids: set[int]):
    """Return the checked value, or raise ``ValidationError``."""
    kind = question.kind
    if kind in Question.TEXT_KINDS:
        limit = (
            Question.SHORT_TEXT_MAX
            if kind == Question.Kind.SHORT_TEXT
            else Question.LONG_TEXT_MAX
        )
        if not isinstance(value, str) or len(value) > limit:
            raise ValidationError(_("This answer is too long."))
        return value.strip()
    if kind == Question.Kind.MULTIPLE:
        values = {int(v) for v in value}
        if not values <= choice_ids:
            raise ValidationError(_("This choice is not offered."))
        return sorted(values)
    value = int(value)
    if kind == Question.Kind.SINGLE:
        if value not in choice_ids:
            raise ValidationError(_("This choice is not offered."))
        return value
    if kind == Question.Kind.NUMBER:
        allowed = range(Question.NUMBER_MIN, Question.NUMBER_MAX + 1)
    else:
        allowed = [scale_value for scale_value, _label in question.scale()]
    if value not in allowed:
        raise ValidationError(_("This value is out of range."))
    return value


class AnswerRow(NamedTuple):
    """One answer's values, before it is written (a row of ``Answer``)."""

    question_id: int
    int_value: int | None = None
    text_value: str = ""
    choice_id: int | None = None


def _answers_for(question, value, choice_ids) -> list[AnswerRow]:
    if value in (None, "", []):
        return []
    value = _clean_value(question, value, choice_ids)
    if value in ("", []):
        return []
    if question.kind == Question.Kind.MULTIPLE:
        return [AnswerRow(question.pk, choice_id=choice_id) for choice_id in value]
    if question.kind == Question.Kind.SINGLE:
        return [AnswerRow(question.pk, choice_id=value)]
    if question.is_text:
        return [AnswerRow(question.pk, text_value=value)]
    return [AnswerRow(question.pk, int_value=value)]


def submit_response(
    *,
    questionnaire: Questionnaire,
    values: dict[int, object],
    questions: list[Question] | None = None,
    segment: str = "",
    quote_consent: bool = False,
    first_name: str = "",
    organisation_name: str = "",
    invitation: Invitation | None = None,
    now=None,
) -> Response:
    """Store one respondent's answers, all or nothing.

    ``values`` maps question ids to a value (an int, a choice id, a list of
    choice ids or a text). Raises ``QuestionnaireClosed``,
    ``InvitationAlreadyUsed`` (the personal link is single-use), or
    ``ValidationError`` for a question of another questionnaire or a value
    out of range. An anonymous questionnaire stores no name, organisation or
    invitation with the response.
    """
    now = now or timezone.now()
    if not questionnaire.is_open_at(now):
        raise QuestionnaireClosed
    if questions is None:
        questions = list(questionnaire.questions.prefetch_related("choices"))
    by_id = {question.pk: question for question in questions}
    if any(question_id not in by_id for question_id in values):
        raise ValidationError(_("This question belongs to another questionnaire."))
    for question in questions:
        if question.questionnaire_id != questionnaire.pk:
            raise ValidationError(_("This question belongs to another questionnaire."))
        if question.is_required and values.get(question.pk) in (None, "", []):
            raise ValidationError(_("This question requires an answer."))
    if invitation is not None:
        if invitation.questionnaire_id != questionnaire.pk:
            raise ValidationError(_("This link belongs to another questionnaire."))
        if questionnaire.segment_mode == Questionnaire.SegmentMode.REGISTRATION:
            segment = invitation.registration.status
    anonymous = questionnaire.is_anonymous
    response = Response(
        questionnaire=questionnaire,
        segment=segment,
        submitted_at=now,
        quote_consent=quote_consent,
        first_name="" if anonymous else first_name.strip()[:100],
        organisation_name="" if anonymous else organisation_name.strip()[:200],
        invitation=None if anonymous else invitation,
    )
    # Every value is checked before anything is written; the rows stay plain
    # tuples (no model instance per answer) until the ORM needs them.
    answers = []
    for question_id, value in values.items():
        question = by_id[question_id]
        choice_ids = (
            {choice.pk for choice in question.choices.all()}
            if question.kind in Question.CHOICE_KINDS
            else set()
        )
        answers.extend(_answers_for(question, value, choice_ids))
    if invitation is None and answers and connection.vendor == "postgresql":
        _insert_in_one_statement(response, answers)
        return response
    with transaction.atomic():
        if invitation is not None:
            # A conditional update: two simultaneous submissions cannot both win.
            claimed = Invitation.objects.filter(
                pk=invitation.pk, used_at__isnull=True
            ).update(used_at=now)
            if not claimed:
                raise InvitationAlreadyUsed
        response.save()
        Answer.objects.bulk_create(
            Answer(response=response, **answer._asdict()) for answer in answers
        )
    return response


@functools.lru_cache(maxsize=64)
def _one_statement_sql(answer_count: int) -> str:
    """The statement of ``_insert_in_one_statement`` for so many answers."""
    response_table = connection.ops.quote_name(Response._meta.db_table)
    answer_table = connection.ops.quote_name(Answer._meta.db_table)
    rows = ", ".join(["(%s::bigint, %s::integer, %s::text, %s::bigint)"] * answer_count)
    return (
        f"WITH r AS (INSERT INTO {response_table} (questionnaire_id, segment, "  # noqa: S608 - table names from the models, values are parameters
        "submitted_at, quote_consent, first_name, organisation_name) "
        "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id) "
        f"INSERT INTO {answer_table} "
        "(response_id, question_id, int_value, text_value, choice_id) "
        f"SELECT r.id, v.q, v.i, v.t, v.c FROM r CROSS JOIN (VALUES {rows}) "
        "AS v(q, i, t, c) RETURNING response_id"
    )


def _insert_in_one_statement(response: Response, answers: list[AnswerRow]) -> None:
    """Insert a response and its answers in one PostgreSQL statement.

    The open link is what many phones use at once, right after an event: one
    round trip (atomic on its own) instead of BEGIN, two INSERTs and COMMIT
    doubles the submissions a server absorbs (``bench/bench_questionnaire.py``).
    """
    sql = _one_statement_sql(len(answers))
    params = [
        response.questionnaire_id,
        response.segment,
        response.submitted_at,
        response.quote_consent,
        response.first_name,
        response.organisation_name,
    ]
    for answer in answers:
        params += [
            answer.question_id,
            answer.int_value,
            answer.text_value,
            answer.choice_id,
        ]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    response._state.db = connection.alias


# -- Invitations --------------------------------------------------------------


@transaction.atomic
def invite_participants(*, questionnaire: Questionnaire, by=None) -> int:
    """Create a personal link for each registered participant not yet invited.

    Puts every link not yet sent in the outbox (``send_invitations``), in the
    same transaction. Returns the number of new invitations.
    """
    already = questionnaire.invitations.values("registration_id")
    registrations = questionnaire.event.registrations.filter(
        cancelled_at__isnull=True
    ).exclude(pk__in=already)
    created = Invitation.objects.bulk_create(
        Invitation(questionnaire=questionnaire, registration=registration)
        for registration in registrations
    )
    send_invitations(questionnaire=questionnaire, site_url=settings.SITE_URL)
    return len(created)


@transaction.atomic
def send_invitations(*, questionnaire: Questionnaire, site_url: str) -> int:
    """Put every unsent invitation of ``questionnaire`` in the outbox, each in
    its participant's language; return how many.

    Each invitation is marked sent with its outbox row, in one transaction,
    so a second call never e-mails a participant twice.
    """
    from django.template.loader import render_to_string

    from core.mail import queue_mail

    invitations = questionnaire.invitations.filter(
        sent_at__isnull=True, used_at__isnull=True
    ).select_related("registration", "questionnaire__event")
    sent = []
    for invitation in invitations:
        context = {
            "invitation": invitation,
            "questionnaire": questionnaire,
            "url": site_url.rstrip("/") + invitation.get_public_url(),
        }
        language = invitation.registration.language or settings.LANGUAGE_CODE
        with translation.override(language):
            queue_mail(
                to=invitation.registration.email,
                subject=_("Your opinion on « %(event)s »")
                % {"event": questionnaire.event.title},
                body=render_to_string("evaluations/email/invitation.txt", context),
                language=language,
                kind="evaluations.invitation",
            )
        sent.append(invitation.pk)
    Invitation.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)


# -- Testimonials -------------------------------------------------------------


def mark_testimonial(
    *, answer: Answer, by, text: str = "", first_name=None, organisation_name=None
) -> Testimonial:
    """Make a consented free-text answer a testimonial (idempotent).

    Raises ``ValidationError`` if the respondent did not consent to be quoted
    or the answer is not free text.
    """
    if not answer.response.quote_consent:
        raise ValidationError(_("The respondent did not agree to be quoted."))
    if not answer.question.is_text or not answer.text_value:
        raise ValidationError(_("Only a written answer can be quoted."))
    response = answer.response
    testimonial, _created = Testimonial.objects.update_or_create(
        answer=answer,
        defaults={
            "text": text or answer.text_value,
            "first_name": response.first_name if first_name is None else first_name,
            "organisation_name": response.organisation_name
            if organisation_name is None
            else organisation_name,
            "approved_by": by,
        },
    )
    return testimonial
