"""Reads of questionnaires and their results, aggregated by the database.

The results page costs the same number of queries whatever the number of
answers: distributions are ``GROUP BY`` counts, averages ``AVG``, and medians
are read off those counts (a scale has at most 11 values) or, for free
numbers, from one ordered query per question.
"""

import functools
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event

from .models import Answer, Choice, Question, Questionnaire, Response, Segment


def questionnaires_for_organiser(*, user) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.for_user(user)
        .select_related("event", "workshop")
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("-event__starts_at", "-created_at")
    )


def questionnaire_for_builder(*, user, pk) -> Questionnaire:
    """Raises ``Questionnaire.DoesNotExist`` when the user may not see it."""
    return (
        Questionnaire.objects.for_user(user)
        .select_related("event", "workshop")
        .prefetch_related(
            Prefetch(
                "sections__questions",
                queryset=Question.objects.prefetch_related("choices"),
            )
        )
        .get(pk=pk)
    )


# The questionnaire behind a public link, cached: it is read by every phone
# that answers, and changes rarely (``signals.py`` busts it on any change).
ANSWERING_SNAPSHOT_SECONDS = 300


def answering_snapshot_key(token: str) -> str:
    return f"evaluations:answering:{token}"


def questionnaire_for_answering(*, token: str) -> Questionnaire:
    """The questionnaire of a public link, with its event, from the cache or
    one query. ``Questionnaire.DoesNotExist`` for an unknown token (not
    cached). Whether it is open is decided from its dates at each request."""
    return cache.get_or_set(
        answering_snapshot_key(token),
        lambda: Questionnaire.objects.select_related("event").get(token=token),
        ANSWERING_SNAPSHOT_SECONDS,
    )


# Questions and choices of the questionnaires being answered, per process,
# keyed by ``updated_at`` which every change of the structure bumps (see
# ``signals.py``): a submission then costs one read instead of three.
_STRUCTURES: dict[int, tuple] = {}
_STRUCTURES_MAX = 200


def questions_for_answering(*, questionnaire) -> list[Question]:
    """The questions to show, in order, with their choices (read-only objects)."""
    cached = _STRUCTURES.get(questionnaire.pk)
    if cached is not None and cached[0] == questionnaire.updated_at:
        return cached[1]
    questions = list(
        questionnaire.questions.select_related("section").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )
    if len(_STRUCTURES) >= _STRUCTURES_MAX:
        _STRUCTURES.clear()
    _STRUCTURES[questionnaire.pk] = (questionnaire.updated_at, questions)
    return questions


def open_questionnaire_for_event(event) -> Questionnaire | None:
    """The participants' questionnaire of ``event`` open right now, if any."""
    return (
        Questionnaire.objects.open_at(timezone.now())
        .filter(event=event, audience=Questionnaire.Audience.PARTICIPANTS)
        .order_by("-opens_at")
        .first()
    )


# -- Results ------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float = 0.0

    @property
    def width(self) -> int:
        """Length of the bar in the SVG chart (300 units for 100 %)."""
        return round(3 * self.percent)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    average: float | None = None
    median: float | None = None
    minimum: int | None = None
    maximum: int | None = None
    nps: int | None = None

    @property
    def has_chart(self) -> bool:
        return bool(self.bars)


def _median_from_counts(counts: list[tuple[int, int]]) -> float | None:
    """Median of values given as sorted ``(value, how many)`` pairs."""
    total = sum(n for _value, n in counts)
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, n in counts:
        if lower is None and lower_rank < seen + n:
            lower = value
        if upper_rank < seen + n:
            upper = value
            break
        seen += n
    return (lower + upper) / 2


def _median_of_numbers(answers: QuerySet[Answer], count: int) -> float | None:
    """Median of a free-number question with one or two ``OFFSET`` queries."""
    if not count:
        return None
    ordered = answers.order_by("int_value").values_list("int_value", flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle)


def _nps(counts: dict[int, int]) -> int | None:
    total = sum(counts.values())
    if not total:
        return None
    promoters = sum(n for value, n in counts.items() if value >= 9)
    detractors = sum(n for value, n in counts.items() if value <= 6)
    return round(100 * (promoters - detractors) / total)


def _filtered_responses(questionnaire, segment: str) -> QuerySet[Response]:
    responses = questionnaire.responses.all()
    if segment:
        responses = responses.filter(segment=segment)
    return responses


@dataclass
class Results:
    questionnaire: Questionnaire
    segment: str
    response_count: int
    registered: int
    attended: int
    questions: list[QuestionResult]
    segments: list[tuple[str, str, int]]
    comparison: list = field(default_factory=list)

    @staticmethod
    def _rate(count: int, people: int) -> float | None:
        """A rate that means something: none above 100 % (answers from
        people who did not register, through the open link)."""
        if not people or count > people:
            return None
        return 100 * count / people

    @property
    def rate_registered(self) -> float | None:
        return self._rate(self.response_count, self.registered)

    @property
    def rate_attended(self) -> float | None:
        return self._rate(self.response_count, self.attended)

    @property
    def more_answers_than_registered(self) -> bool:
        return self.response_count > self.registered

    @property
    def more_answers_than_attended(self) -> bool:
        return self.response_count > self.attended


def questionnaire_results(
    *, questionnaire: Questionnaire, segment: str = ""
) -> Results:
    """Counts, distributions, averages, medians and NPS of one questionnaire."""
    responses = _filtered_responses(questionnaire, segment)
    response_count = responses.count()
    people = questionnaire.event.registrations.filter(
        cancelled_at__isnull=True
    ).aggregate(total=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    segment_counts = dict(
        questionnaire.responses.values_list("segment")
        .annotate(n=Count("pk"))
        .values_list("segment", "n")
    )
    questions = list(
        questionnaire.questions.select_related("section").prefetch_related("choices")
    )
    answers = Answer.objects.filter(question__questionnaire=questionnaire)
    if segment:
        answers = answers.filter(response__segment=segment)
    # One pass for counts and statistics. Only a multiple-choice question has
    # several rows per response, so only it pays for a DISTINCT count.
    stats = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            rows=Count("pk"),
            respondents=Count(
                "response_id",
                distinct=True,
                filter=Q(question__kind=Question.Kind.MULTIPLE),
            ),
            avg=Avg("int_value"),
            low=Min("int_value"),
            high=Max("int_value"),
        )
    }
    answered = {
        question_id: row["respondents"] or row["rows"]
        for question_id, row in stats.items()
    }
    scale_ids = [
        q.pk for q in questions if q.kind in Question.SCALE_KINDS or q.has_choices
    ]
    histogram: dict[int, dict] = {}
    for row in (
        answers.filter(question_id__in=scale_ids)
        .values("question_id", "int_value", "choice_id")
        .annotate(n=Count("pk"))
    ):
        value = row["choice_id"] if row["choice_id"] is not None else row["int_value"]
        histogram.setdefault(row["question_id"], {})[value] = row["n"]

    results = []
    for question in questions:
        result = QuestionResult(
            question=question, answered=answered.get(question.pk, 0)
        )
        counts = histogram.get(question.pk, {})
        if question.kind in Question.SCALE_KINDS:
            options = question.scale()
            if question.kind == Question.Kind.YES_NO:
                options = list(reversed(options))  # "no" then "yes"
        elif question.has_choices:
            options = [
                (
                    choice.pk,
                    _("%(label)s (removed)") % {"label": choice.label}
                    if choice.is_archived
                    else choice.label,
                )
                for choice in question.choices.all()
            ]
            if question.has_other:
                # « Autre (précisez) »: the answers with a text and no choice.
                options.append((None, _("Other (specify)")))
        else:
            options = []
        result.bars = [
            Bar(
                label=str(label),
                count=counts.get(value, 0),
                percent=100 * counts.get(value, 0) / result.answered
                if result.answered
                else 0.0,
            )
            for value, label in options
        ]
        row = stats.get(question.pk)
        if (
            row
            and row["avg"] is not None
            and question.kind in (*Question.SCALE_KINDS, Question.Kind.NUMBER)
        ):
            result.average = row["avg"]
            result.minimum, result.maximum = row["low"], row["high"]
            if question.kind == Question.Kind.NUMBER:
                result.median = _median_of_numbers(
                    answers.filter(question=question, int_value__isnull=False),
                    result.answered,
                )
            else:
                result.median = _median_from_counts(sorted(counts.items()))
        if question.kind == Question.Kind.RECOMMENDATION:
            result.nps = _nps(counts)
        results.append(result)

    return Results(
        questionnaire=questionnaire,
        segment=segment,
        response_count=response_count,
        registered=people["total"],
        attended=people["attended"],
        questions=results,
        segments=[
            (value, label, segment_counts.get(value, 0))
            for value, label in Segment.choices
        ],
        comparison=series_comparison(questionnaire=questionnaire, segment=segment),
    )


@dataclass
class ComparisonRow:
    label: str
    averages: list[float | None]


def series_comparison(*, questionnaire: Questionnaire, segment: str = "") -> dict:
    """Averages of the same questions (same key) across the series' editions."""
    series_id = questionnaire.event.series_id
    if series_id is None:
        return {}
    editions = list(
        Event.objects.filter(series_id=series_id)
        .filter(questionnaires__audience=questionnaire.audience)
        .distinct()
        .order_by("starts_at")
    )
    if len(editions) < 2:
        return {}
    answers = Answer.objects.filter(
        question__questionnaire__event__series_id=series_id,
        question__questionnaire__audience=questionnaire.audience,
        question__kind__in=[Question.Kind.SATISFACTION, Question.Kind.RECOMMENDATION],
        int_value__isnull=False,
    ).exclude(question__key="")
    if segment:
        answers = answers.filter(response__segment=segment)
    averages = {
        (row["question__key"], row["question__questionnaire__event_id"]): row["avg"]
        for row in answers.values(
            "question__key", "question__questionnaire__event_id"
        ).annotate(avg=Avg("int_value"))
    }
    responses = Response.objects.filter(
        questionnaire__event__series_id=series_id,
        questionnaire__audience=questionnaire.audience,
    )
    if segment:
        responses = responses.filter(segment=segment)

    @functools.cache
    def counts() -> list[int]:
        """Responses per edition, read when a page shows them (one query)."""
        by_event = dict(
            responses.values_list("questionnaire__event_id")
            .annotate(n=Count("pk"))
            .values_list("questionnaire__event_id", "n")
        )
        return [by_event.get(event.pk, 0) for event in editions]

    keyed = [q for q in questionnaire.questions.all() if q.key]
    rows = [
        ComparisonRow(
            label=question.label,
            averages=[averages.get((question.key, event.pk)) for event in editions],
        )
        for question in keyed
        if question.kind in (Question.Kind.SATISFACTION, Question.Kind.RECOMMENDATION)
    ]
    return {
        "editions": editions,
        "rows": rows,
        # A callable (templates call it): the PDFs that leave it out pay nothing.
        "counts": counts,
    }


# The profiles compared side by side (the registrations' statuses).
PROFILE_COLUMNS = (
    (Segment.VOLUNTEER, gettext_lazy("Volunteers")),
    (Segment.PROFESSIONAL, gettext_lazy("Employees")),
    (Segment.ELECTED, gettext_lazy("Elected officials")),
)


@dataclass
class ProfileRow:
    question: Question
    # One (average, answers) pair per profile column, then everyone's.
    cells: list[tuple[float | None, int]]
    # A yes/no question reads as a percentage of "yes".
    percent: bool = False


def profile_comparison(*, questionnaire: Questionnaire) -> dict:
    """The questionnaire's numeric questions with one column per profile
    (bénévoles, salarié·es, élu·es) and everyone's, and how many responses
    each profile gave; then the responses of each edition of the series by
    profile. Five queries, whatever the number of answers."""
    segments = [value for value, _label in PROFILE_COLUMNS]
    response_counts = dict(
        questionnaire.responses.values_list("segment")
        .annotate(n=Count("pk"))
        .values_list("segment", "n")
    )
    numeric = (*Question.SCALE_KINDS, Question.Kind.NUMBER)
    questions = [
        question
        for question in questionnaire.questions.select_related("section")
        if question.kind in numeric
    ]
    answers = Answer.objects.filter(
        question__in=[q.pk for q in questions], int_value__isnull=False
    )
    stats = {
        (row["question_id"], row["response__segment"]): (row["avg"], row["n"])
        for row in answers.values("question_id", "response__segment").annotate(
            avg=Avg("int_value"), n=Count("pk")
        )
    }
    overall = {
        row["question_id"]: (row["avg"], row["n"])
        for row in answers.values("question_id").annotate(
            avg=Avg("int_value"), n=Count("pk")
        )
    }
    rows = []
    for question in questions:
        percent = question.kind == Question.Kind.YES_NO
        cells = [stats.get((question.pk, s), (None, 0)) for s in segments]
        cells.append(overall.get(question.pk, (None, 0)))
        if percent:
            cells = [(None if a is None else 100 * a, n) for a, n in cells]
        rows.append(ProfileRow(question=question, cells=cells, percent=percent))
    return {
        "columns": [
            (value, label, response_counts.get(value, 0))
            for value, label in PROFILE_COLUMNS
        ],
        "total": sum(response_counts.values()),
        "rows": rows,
        "editions": _editions_by_profile(questionnaire, segments),
    }


@dataclass
class EditionCounts:
    event: Event
    counts: list[int]
    total: int


def _editions_by_profile(questionnaire, segments) -> list[EditionCounts]:
    """Responses per edition of the questionnaire's series (same audience),
    by profile: what the editions' comparisons rest on."""
    series_id = questionnaire.event.series_id
    if series_id is None:
        return []
    by_event: dict[int, dict[str, int]] = {}
    for event_id, segment, n in (
        Response.objects.filter(
            questionnaire__event__series_id=series_id,
            questionnaire__audience=questionnaire.audience,
        )
        .values_list("questionnaire__event_id", "segment")
        .annotate(n=Count("pk"))
        .values_list("questionnaire__event_id", "segment", "n")
    ):
        by_event.setdefault(event_id, {})[segment] = n
    editions = Event.objects.filter(pk__in=by_event).order_by("starts_at")
    return [
        EditionCounts(
            event=event,
            counts=[by_event[event.pk].get(s, 0) for s in segments],
            total=sum(by_event[event.pk].values()),
        )
        for event in editions
    ]


def text_answers(*, questionnaire: Questionnaire, segment="", search="", question=None):
    """Free-text answers, newest first, with their response and testimonial."""
    answers = (
        Answer.objects.filter(
            question__questionnaire=questionnaire,
            question__kind__in=Question.TEXT_KINDS,
        )
        .exclude(text_value="")
        .select_related("question", "response", "testimonial")
        .order_by("-response__submitted_at", "pk")
    )
    if segment:
        answers = answers.filter(response__segment=segment)
    if search:
        answers = answers.filter(text_value__icontains=search)
    if question:
        answers = answers.filter(question_id=question)
    return answers


def testimonials_for_event(event) -> QuerySet:
    """Approved quotes of an event's questionnaires, for reports and pages."""
    from .models import Testimonial

    return Testimonial.objects.filter(
        answer__question__questionnaire__event=event
    ).order_by("created_at")


def testimonials_for_questionnaire(questionnaire) -> QuerySet:
    """A questionnaire's testimonials, newest first, with their question."""
    from .models import Testimonial

    return (
        Testimonial.objects.filter(answer__question__questionnaire=questionnaire)
        .select_related("answer__question", "answer__response", "approved_by")
        .order_by("-created_at", "-pk")
    )
