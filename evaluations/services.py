"""Everything that writes questionnaires, answers, invitations and testimonials."""

import difflib
import functools
import operator
from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.consent import consent_in_force
from core.db import prepared_cursor
from core.models import ConsentText

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
                for c in question.offered_choices()
            )


def add_section(*, questionnaire: Questionnaire, title: str, description="") -> Section:
    return Section.objects.create(
        questionnaire=questionnaire,
        title=title,
        description=description,
        position=_next_position(questionnaire.sections),
    )


def check_kind_change(*, question: Question, kind: str) -> None:
    """Refuse to change the type of a question that has answers.

    Its answers would be read as the new type (a "yes" becomes a 1 out of 5).
    Raises ``ValidationError`` (on ``kind``).
    """
    if question.pk is None:
        return
    stored_kind = Question.objects.filter(pk=question.pk).values_list("kind", flat=True)
    if kind != stored_kind.first() and question.answers.exists():
        raise ValidationError(
            {
                "kind": _(
                    "This question already has answers: its type cannot change "
                    "any more (they would be read as another type). Add a new "
                    "question instead."
                )
            }
        )


@transaction.atomic
def save_question(
    *, question: Question, choice_labels: Iterable[str] | None = None
) -> Question:
    """Save a new or changed question and, for choice questions, its choices.

    A question that has answers keeps them: its type cannot change
    (``check_kind_change``, raises ``ValidationError``); a choice reworded
    keeps its row, and a choice no longer listed that was answered is
    archived (no longer offered, still in the results and exports) — ask
    first, with ``answered_choices_removed``. Unanswered ones are deleted.
    """
    check_kind_change(question=question, kind=question.kind)
    if question.pk is None:
        question.position = _next_position(question.section.questions)
        question.questionnaire = question.section.questionnaire
    else:
        stored = Question.objects.values_list("section_id", flat=True)
        if stored.get(pk=question.pk) != question.section_id:
            move_to_section(question=question, section=question.section, save=False)
    question.save()
    labels = [label for label in choice_labels or [] if label]
    _sync_choices(question, labels if question.has_choices else [])
    return question


# How close a corrected choice label stays to the old one ("A pied" and
# "À pied": 0.83; "A pied" and "En voiture": 0.25).
REWORDING_SIMILARITY = 0.7


def _choice_plan(question: Question, labels: list[str]):
    """``({label: existing choice kept for it}, [offered choices dropped])``.

    A label already known keeps its choice (an archived one comes back). A
    new label in the place of an offered choice whose label is no longer
    listed, and close to it (a typo or an accent corrected), rewords that
    choice: its answers follow it. A different label is a new choice, and
    the one it replaces is dropped (archived if answered, after a question).
    """
    choices = list(question.choices.all()) if question.pk else []
    known = {choice.label: choice for choice in choices}
    offered = [choice for choice in choices if not choice.is_archived]
    kept = {label: known[label] for label in labels if label in known}
    taken = {choice.pk for choice in kept.values()}
    for position, label in enumerate(labels):
        if label in kept or position >= len(offered):
            continue
        previous = offered[position]
        if (
            previous.pk not in taken
            and previous.label not in labels
            and _is_rewording(previous.label, label)
        ):
            kept[label] = previous
            taken.add(previous.pk)
    return kept, [choice for choice in offered if choice.pk not in taken]


def _is_rewording(old: str, new: str) -> bool:
    """Whether ``new`` corrects ``old`` rather than names another choice."""
    matcher = difflib.SequenceMatcher(None, old.casefold(), new.casefold())
    return matcher.ratio() >= REWORDING_SIMILARITY


def answered_choices_removed(
    *, question: Question, choice_labels: Iterable[str]
) -> list[tuple[Choice, int]]:
    """The answered choices that saving ``choice_labels`` would take off the
    question, each with its number of answers (to confirm first)."""
    labels = [label for label in choice_labels if label] if question.has_choices else []
    _kept, dropped = _choice_plan(question, labels)
    if not dropped:
        return []
    counts = dict(
        Answer.objects.filter(choice__in=dropped)
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    )
    return [(choice, counts[choice.pk]) for choice in dropped if choice.pk in counts]


def _sync_choices(question: Question, labels: list[str]) -> None:
    kept, dropped = _choice_plan(question, labels)
    for position, label in enumerate(labels):
        choice = kept.get(label)
        if choice is None:
            Choice.objects.create(question=question, label=label, position=position)
        elif (choice.label, choice.position, choice.is_archived) != (
            label,
            position,
            False,
        ):
            choice.label, choice.position, choice.is_archived = label, position, False
            choice.save(update_fields=["label", "position", "is_archived"])
    answered = set(
        Answer.objects.filter(choice__in=dropped).values_list("choice_id", flat=True)
    )
    for choice in dropped:
        if choice.pk in answered:
            choice.is_archived = True
            choice.save(update_fields=["is_archived"])
        else:
            choice.delete()


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


def move_to_section(*, question: Question, section: Section, save=True) -> None:
    """Move ``question`` to the end of ``section``, a part of its own
    questionnaire (``ValidationError`` otherwise); its answers follow it."""
    if section.questionnaire_id != question.questionnaire_id:
        raise ValidationError(
            {"section": _("This part belongs to another questionnaire.")}
        )
    question.section = section
    question.position = _next_position(section.questions.exclude(pk=question.pk))
    if save:
        question.save(update_fields=["section", "position"])


@transaction.atomic
def delete_item(*, item, by=None) -> None:
    """Delete a section (with its questions) or a question (with its
    answers); the builder's confirmation page says how many first."""
    item.delete()


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
    if question.has_choices and question.has_other:
        choice_ids = choice_ids | {Question.OTHER}
    if kind == Question.Kind.MULTIPLE:
        values = {int(v) for v in value}
        if not values <= choice_ids:
            raise ValidationError(_("This choice is not offered."))
        check_max_choices(question, len(values))
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


def check_max_choices(question: Question, ticked: int) -> None:
    """Refuse more ticks than a multiple-choice question allows."""
    limit = question.max_choices
    if question.kind == Question.Kind.MULTIPLE and limit and ticked > limit:
        raise ValidationError(
            ngettext(
                "Tick at most %(count)s answer.",
                "Tick at most %(count)s answers.",
                limit,
            )
            % {"count": limit}
        )


class AnswerRow(NamedTuple):
    """One answer's values, before it is written (a row of ``Answer``)."""

    question_id: int
    int_value: int | None = None
    text_value: str = ""
    choice_id: int | None = None
    quote_consent: bool = False


def _other_row(question: Question, text: str) -> AnswerRow:
    """« Autre (précisez) »: an answer with no choice, and what was typed."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Specify your « Other » answer."))
    if len(text) > Question.SHORT_TEXT_MAX:
        raise ValidationError(_("This answer is too long."))
    return AnswerRow(question.pk, text_value=text)


def _answers_for(
    question, value, choice_ids, *, other_text="", consent=False
) -> list[AnswerRow]:
    if value in (None, "", []):
        return []
    value = _clean_value(question, value, choice_ids)
    if value in ("", []):
        return []
    if question.kind == Question.Kind.MULTIPLE:
        return [
            _other_row(question, other_text)
            if choice_id == Question.OTHER
            else AnswerRow(question.pk, choice_id=choice_id)
            for choice_id in value
        ]
    if question.kind == Question.Kind.SINGLE:
        if value == Question.OTHER:
            return [_other_row(question, other_text)]
        return [AnswerRow(question.pk, choice_id=value)]
    if question.is_text:
        return [
            AnswerRow(
                question.pk,
                text_value=value,
                quote_consent=bool(consent and question.quotable),
            )
        ]
    return [AnswerRow(question.pk, int_value=value)]


def submission_time(questionnaire: Questionnaire, moment):
    """The ``submitted_at`` stored for an answer sent at ``moment``: only the
    day (midnight, local time) for an anonymous questionnaire."""
    if not questionnaire.is_anonymous:
        return moment
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def stored_with_key(key: str | None) -> Response | None:
    """The response already stored from the answer page of one-time key ``key``."""
    if not key:
        return None
    return Response.objects.filter(submission_key=key).first()


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
    submission_key: str | None = None,
    others: dict[int, str] | None = None,
    consents: Iterable[int] = (),
    quote_consent_text=None,
    now=None,
) -> Response:
    """Store one respondent's answers, all or nothing.

    ``values`` maps question ids to a value (an int, a choice id, a list of
    choice ids or a text). Raises ``QuestionnaireClosed``,
    ``InvitationAlreadyUsed`` (the personal link is single-use), or
    ``ValidationError`` for a question of another questionnaire or a value
    out of range.

    ``others`` maps a choice question's id to the text of its « Autre
    (précisez) » answer; ``consents`` names the questions whose answer the
    respondent lets be quoted (asked per question, ``Question.may_be_quoted``).
    A consent to be quoted (once or per question) records
    ``quote_consent_text``, the version of the text the form showed (the
    one in force by default), and the response's ``submitted_at`` as its
    date: a day only on an anonymous questionnaire, like the response.

    ``submission_key`` is the answer page's one-time key
    (``core.forms.OneTimeKeyField``): a second submission with the same key
    stores nothing and returns the response the first one stored.

    An anonymous questionnaire stores no name, organisation or invitation
    with the response, and only the day it was sent: the invitation records
    only that it was used (no time, ``updated_at`` untouched), so nothing
    pairs a response with an invitation.
    """
    now = now or timezone.now()
    consents = set(consents)
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
        submitted_at=submission_time(questionnaire, now),
        quote_consent=quote_consent,
        first_name="" if anonymous else first_name.strip()[:100],
        organisation_name="" if anonymous else organisation_name.strip()[:200],
        invitation=None if anonymous else invitation,
        submission_key=submission_key or None,
    )
    # Every value is checked before anything is written; the rows stay plain
    # tuples (no model instance per answer) until the ORM needs them.
    answers = []
    for question_id, value in values.items():
        question = by_id[question_id]
        choice_ids = (
            {choice.pk for choice in question.offered_choices()}
            if question.kind in Question.CHOICE_KINDS
            else set()
        )
        answers.extend(
            _answers_for(
                question,
                value,
                choice_ids,
                other_text=(others or {}).get(question_id, ""),
                consent=question_id in consents,
            )
        )
    if any(answer.quote_consent for answer in answers):
        response.quote_consent = True
    if response.quote_consent:
        response.quote_consent_text = quote_consent_text or consent_in_force(
            ConsentText.Purpose.QUOTE
        )
        response.quote_consent_at = response.submitted_at
    if invitation is None and answers and connection.vendor == "postgresql":
        if not _insert_in_one_statement(response, answers):
            return stored_with_key(submission_key)
        return response
    try:
        with transaction.atomic():
            if invitation is not None:
                # A conditional update: two simultaneous submissions cannot
                # both win. ``update`` leaves ``updated_at`` as it was.
                claimed = Invitation.objects.filter(
                    pk=invitation.pk, used=False
                ).update(used=True)
                if not claimed:
                    raise InvitationAlreadyUsed
            response.save()
            Answer.objects.bulk_create(
                Answer(response=response, **answer._asdict()) for answer in answers
            )
    except (InvitationAlreadyUsed, IntegrityError):
        # The same page sent twice: the first submission stored it all.
        if stored := stored_with_key(submission_key):
            return stored
        raise
    return response


def _insert_fields(model, *, exclude: tuple[str, ...] = ()):
    """The columns an INSERT of ``model`` writes: all but the key and ``exclude``."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    ]


@functools.cache
def _one_statement_shape():
    """``(statement builder, response fields, answer values getter)``, read
    once from the models: a column added to ``Response`` or ``Answer`` is
    written here too (an answer's values come from ``AnswerRow``, which must
    name each of ``Answer``'s columns)."""
    response_fields = _insert_fields(Response)
    answer_fields = _insert_fields(Answer, exclude=("response",))
    answer_values = operator.attrgetter(*(field.attname for field in answer_fields))
    if set(AnswerRow._fields) != {field.attname for field in answer_fields}:
        raise ImproperlyConfigured("AnswerRow must name every column of Answer.")
    return response_fields, answer_fields, answer_values


@functools.lru_cache(maxsize=64)
def _one_statement_sql(answer_count: int) -> str:
    """The statement of ``_insert_in_one_statement`` for so many answers."""
    quote = connection.ops.quote_name
    response_fields, answer_fields, _values = _one_statement_shape()
    response_pk = quote(Response._meta.pk.column)
    answer_response = quote(Answer._meta.get_field("response").column)
    response_columns = ", ".join(quote(field.column) for field in response_fields)
    answer_columns = ", ".join(quote(field.column) for field in answer_fields)
    row = ", ".join(f"%s::{field.cast_db_type(connection)}" for field in answer_fields)
    rows = ", ".join([f"({row})"] * answer_count)
    names = ", ".join(f"v{index}" for index in range(len(answer_fields)))
    placeholders = ", ".join(["%s"] * len(response_fields))
    # A response whose one-time key is already stored conflicts: nothing
    # is inserted, and no row comes back.
    return (
        f"WITH r AS (INSERT INTO {quote(Response._meta.db_table)} "  # noqa: S608 - names from the models, values are parameters
        f"({response_columns}) VALUES ({placeholders}) "
        f"ON CONFLICT DO NOTHING RETURNING {response_pk}) "
        f"INSERT INTO {quote(Answer._meta.db_table)} "
        f"({answer_response}, {answer_columns}) "
        f"SELECT r.{response_pk}, {names} FROM r CROSS JOIN (VALUES {rows}) "
        f"AS v({names}) RETURNING {answer_response}"
    )


def _insert_in_one_statement(response: Response, answers: list[AnswerRow]) -> bool:
    """Insert a response and its answers in one PostgreSQL statement.

    The open link is what many phones use at once, right after an event: one
    round trip (atomic on its own) instead of BEGIN, two INSERTs and COMMIT
    doubles the submissions a server absorbs (``bench/bench_questionnaire.py``).
    Returns ``False`` (and inserts nothing) when the response's one-time key
    is already stored.
    """
    response_fields, _fields, answer_values = _one_statement_shape()
    sql = _one_statement_sql(len(answers))
    params = [
        field.get_db_prep_save(getattr(response, field.attname), connection)
        for field in response_fields
    ]
    for answer in answers:
        params.extend(answer_values(answer))
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    return True


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
    invitations = questionnaire.invitations.filter(sent_at__isnull=True, used=False)
    sent = _queue_invitation_mails(questionnaire, invitations, site_url)
    Invitation.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)


# A reminder at most this often to the same invitee.
REMINDER_INTERVAL = timedelta(days=2)


class NotOpen(ValidationError):
    """The action needs the questionnaire to be open."""


@transaction.atomic
def remind_invitees(*, questionnaire: Questionnaire, site_url: str, now=None) -> int:
    """E-mail again, through the outbox, the invitees who have not answered.

    Only while the questionnaire is open (``NotOpen`` otherwise); an invitee
    reminded less than ``REMINDER_INTERVAL`` ago is left alone, so a second
    click does not e-mail everyone twice. Returns how many were reminded.
    """
    now = now or timezone.now()
    if not questionnaire.is_open_at(now):
        raise NotOpen(_("The questionnaire is not open: nobody can answer now."))
    waiting = questionnaire.invitations.filter(
        sent_at__isnull=False, used=False
    ).exclude(reminded_at__gt=now - REMINDER_INTERVAL)
    reminded = _queue_invitation_mails(questionnaire, waiting, site_url, reminder=True)
    Invitation.objects.filter(pk__in=reminded).update(reminded_at=now)
    return len(reminded)


def _queue_invitation_mails(questionnaire, invitations, site_url, *, reminder=False):
    """Queue one e-mail per invitation, in its participant's language; the
    ids of the invitations e-mailed."""
    from django.template.loader import render_to_string

    from core.mail import queue_mail

    sent = []
    for invitation in invitations.select_related("registration"):
        context = {
            "invitation": invitation,
            "questionnaire": questionnaire,
            "url": site_url.rstrip("/") + invitation.get_public_url(),
            "reminder": reminder,
        }
        language = invitation.registration.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = (
                _("Reminder: your opinion on « %(event)s »")
                if reminder
                else _("Your opinion on « %(event)s »")
            )
            queue_mail(
                to=invitation.registration.email,
                subject=subject % {"event": questionnaire.event.title},
                body=render_to_string("evaluations/email/invitation.txt", context),
                language=language,
                kind="evaluations.reminder" if reminder else "evaluations.invitation",
            )
        sent.append(invitation.pk)
    return sent


def close_now(*, questionnaire: Questionnaire, by=None, now=None) -> Questionnaire:
    """Close an open questionnaire at once (« Fermer maintenant »).

    ``NotOpen`` when it is not open: one never opened has nothing to close,
    and a closed one stays closed at its date.
    """
    now = now or timezone.now()
    if not questionnaire.is_open_at(now):
        raise NotOpen(_("The questionnaire is not open: there is nothing to close."))
    questionnaire.closes_at = now
    questionnaire.save(update_fields=["closes_at", "updated_at"])
    return questionnaire


@transaction.atomic
def duplicate_questionnaire(
    *, source: Questionnaire, title: str, event, by=None
) -> Questionnaire:
    """« Dupliquer »: a new edition with ``source``'s questions (keys kept,
    for comparisons), not open yet, and no answer."""
    return create_questionnaire(
        event=event,
        by=by,
        source=source,
        title=title,
        workshop=source.workshop
        if source.workshop and source.workshop.event_id == event.pk
        else None,
    )


# -- Testimonials -------------------------------------------------------------


def may_quote(answer: Answer) -> bool:
    """Whether the respondent agreed to be quoted: per answer for a question
    that asks (``may_be_quoted``), once for the response on older ones."""
    if answer.question.may_be_quoted:
        return answer.quote_consent
    return answer.response.quote_consent


def mark_testimonial(
    *, answer: Answer, by, text: str = "", first_name=None, organisation_name=None
) -> Testimonial:
    """Make a consented free-text answer a testimonial (idempotent).

    Raises ``ValidationError`` if the respondent did not consent to be quoted
    or the answer is not free text.
    """
    if not may_quote(answer):
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


def update_testimonial(
    *, testimonial: Testimonial, text: str, first_name="", organisation_name="", by=None
) -> Testimonial:
    """Correct a testimonial's quote (a typo, a cut) or its signature."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A testimonial needs its quote.")})
    testimonial.text = text
    testimonial.first_name = (first_name or "").strip()[:100]
    testimonial.organisation_name = (organisation_name or "").strip()[:200]
    testimonial.approved_by = by or testimonial.approved_by
    testimonial.save()
    return testimonial


def delete_testimonial(*, testimonial: Testimonial, by=None) -> None:
    """No longer quote an answer: the answer itself stays."""
    testimonial.delete()
