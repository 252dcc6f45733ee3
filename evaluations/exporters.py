"""CSV and XLSX exports of a questionnaire's raw answers and of its summary.

Rows hold numbers as numbers (``int``, ``float``): an XLSX cell is then a
number that French Excel shows with its decimal comma. A ``;`` CSV has no
types, so ``for_csv`` writes decimals with a comma, as French Excel reads them.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Answer, Question, Segment


def raw_rows(*, questionnaire):
    """Header then one row per response; answers are read in one query."""
    questions = list(questionnaire.questions.prefetch_related("choices"))
    choice_labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    scale_labels = {
        q.pk: {value: str(label) for value, label in q.scale()}
        for q in questions
        if q.kind in (Question.Kind.SATISFACTION, Question.Kind.YES_NO)
    }
    segments = dict(Segment.choices)
    header = [_("Response"), _("Submitted at"), _("Profile")]
    if not questionnaire.is_anonymous:
        header += [_("First name"), _("Organisation")]
    header += [_("May be quoted"), *(q.label for q in questions)]
    yield header
    column = {q.pk: index for index, q in enumerate(questions)}
    answers = (
        Answer.objects.filter(response__questionnaire=questionnaire)
        .order_by("response_id", "pk")
        .values_list(
            "response_id",
            "response__submitted_at",
            "response__segment",
            "response__first_name",
            "response__organisation_name",
            "response__quote_consent",
            "question_id",
            "int_value",
            "text_value",
            "choice_id",
        )
    )
    current, row, cells = None, None, None

    def finish():
        # One number stays a number; several values are joined as text.
        return [
            *row,
            *(c[0] if len(c) == 1 else " | ".join(map(str, c)) for c in cells),
        ]

    for (
        response_id,
        submitted_at,
        segment,
        first_name,
        organisation,
        consent,
        question_id,
        int_value,
        text_value,
        choice_id,
    ) in answers.iterator(chunk_size=2000):
        if response_id != current:
            if current is not None:
                yield finish()
            current = response_id
            row = [
                response_id,
                # An anonymous response keeps its day only (services.submit_response).
                timezone.localtime(submitted_at).strftime(
                    "%Y-%m-%d" if questionnaire.is_anonymous else "%Y-%m-%d %H:%M"
                ),
                str(segments.get(segment, "")),
            ]
            if not questionnaire.is_anonymous:
                row += [first_name, organisation]
            row.append(_("yes") if consent else _("no"))
            cells = [[] for _question in questions]
        if choice_id is not None:
            value = choice_labels.get(choice_id, "")
        elif int_value is not None:
            value = scale_labels.get(question_id, {}).get(int_value, int_value)
        else:
            value = text_value
        cells[column[question_id]].append(value)
    if current is not None:
        yield finish()


def summary_rows(*, results):
    yield [_("Question"), _("Answers"), _("Value"), _("Count"), _("Percentage")]
    for result in results.questions:
        label = result.question.label
        for bar in result.bars:
            yield [label, result.answered, bar.label, bar.count, round(bar.percent, 1)]
        for name, value in (
            (_("Average"), result.average),
            (_("Median"), result.median),
            (_("Recommendation score"), result.nps),
        ):
            if value is not None:
                yield [label, result.answered, name, round(value, 2), ""]
        if not result.bars and result.average is None:
            yield [label, result.answered, "", "", ""]


class _CsvDecimal:
    """A decimal as French Excel reads it in a CSV: ``4,25``.

    Not a ``str``, so the formula neutralisation of ``core.spreadsheets``
    leaves a negative number alone; the CSV writer calls ``str`` on it.
    """

    __slots__ = ("text",)

    def __init__(self, value: float):
        self.text = repr(value).replace(".", ",")

    def __str__(self):
        return self.text


def for_csv(rows):
    """``rows`` with each decimal written with a comma (see ``_CsvDecimal``)."""
    for row in rows:
        yield [_CsvDecimal(cell) if isinstance(cell, float) else cell for cell in row]


def testimonial_rows(*, testimonials):
    """Header then one row per testimonial: the quote, its signature, the
    question it answers and when it was approved."""
    yield [_("Quote"), _("First name"), _("Organisation"), _("Question"), _("Date")]
    for testimonial in testimonials:
        yield [
            testimonial.text,
            testimonial.first_name,
            testimonial.organisation_name,
            testimonial.answer.question.label,
            timezone.localtime(testimonial.created_at).date(),
        ]
