"""The bilans: an event's (``bilan``) and a series' editions (``bilan-serie``).

Registered with ``reports`` from ``EvaluationsConfig.ready()``; rendered by the
reports pipeline in a Celery worker, never in a web request.

A bilan shows figures, never a participant: registrations are counted by
status, part and kind of organisation; questionnaires through their results
(``selectors.questionnaire_results``, the coordinators' results page). The
free-text answers (what went well, what should change, observations) appear
only as the testimonials a coordinator approved from answers whose author
agreed to be quoted, grouped under their question, with their signature.

Every figure comes from a ``GROUP BY`` or an aggregate: the queries of an
edition do not grow with its participants or answers, and the pages do not
either (one chart and its table per question). A series renders edition by
edition through ``Section``\\ s, so ten editions stay ten small layouts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import (
    AgendaItem,
    BudgetLine,
    Event,
    EventPart,
    EventSeries,
    Registration,
    RegistrationPart,
)
from events.selectors import participants_figure, series_statistics
from partners.models import Organisation
from reports.charts import pygal_chart, render
from reports.registry import PdfBuilder, Plan, Section, register
from workshops.models import WorkshopSynthesis
from workshops.syntheses import event_syntheses

from .models import Answer, Question, Questionnaire, Response, Testimonial
from .selectors import questionnaire_results, testimonials_for_event

# Red to green, for "very dissatisfied" … "very satisfied" and 0 … 10.
LIKERT_COLOURS = ("#b2182b", "#ef8a62", "#bdbdbd", "#67a9cf", "#2166ac")
NPS_COLOURS = ("#b2182b",) * 7 + ("#bdbdbd",) * 2 + ("#2166ac",) * 2
CHART_WIDTH = 340


# -- figures -------------------------------------------------------------------


@dataclass
class Share:
    label: str
    count: int
    percent: float = 0.0


def _shares(rows: list[tuple[str, int]], total: int) -> list[Share]:
    return [
        Share(label=str(label), count=n, percent=100 * n / total if total else 0.0)
        for label, n in rows
    ]


@dataclass
class QuestionnaireBilan:
    questionnaire: Questionnaire
    results: object  # selectors.Results
    charts: dict[int, str] = field(default_factory=dict)

    @property
    def shown(self) -> list:
        """The questions with figures (free text goes through testimonials)."""
        return [
            result
            for result in self.results.questions
            if result.bars or result.average is not None
        ]

    @property
    def rows(self) -> list[tuple]:
        """``(result, chart SVG)`` of each question shown."""
        return [
            (result, self.charts.get(result.question.pk, "")) for result in self.shown
        ]

    @property
    def satisfaction_average(self) -> float | None:
        """Mean of the satisfaction questions' averages (1 to 5)."""
        averages = [
            result.average
            for result in self.results.questions
            if result.question.kind == Question.Kind.SATISFACTION
            and result.average is not None
        ]
        return sum(averages) / len(averages) if averages else None


@dataclass
class EditionBilan:
    """What a bilan shows of one event; aggregates only."""

    event: Event
    registered: int
    present: int
    waiting: int
    participants: int | None
    organisations: int
    typed_organisations: int
    parts: list[dict]
    statuses: list[Share]
    kinds: list[Share]
    items: list[AgendaItem]
    questionnaires: list[QuestionnaireBilan]
    testimonials: list[tuple[str, list[Testimonial]]]
    budget: list[dict]
    syntheses: list[WorkshopSynthesis] = field(default_factory=list)

    @property
    def response_count(self) -> int:
        return sum(q.results.response_count for q in self.questionnaires)

    @property
    def testimonial_count(self) -> int:
        return sum(len(group) for _label, group in self.testimonials)

    @property
    def satisfaction_average(self) -> float | None:
        averages = [
            q.satisfaction_average
            for q in self.questionnaires
            if q.questionnaire.audience == Questionnaire.Audience.PARTICIPANTS
            and q.satisfaction_average is not None
        ]
        return averages[0] if averages else None


def edition_bilan(event: Event, *, with_charts: bool = True) -> EditionBilan:
    """The figures of one event, in a number of queries that depends on its
    questionnaires and parts' count, never on its participants or answers."""
    active = Registration.objects.filter(event=event, cancelled_at__isnull=True)
    people = active.aggregate(
        registered=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        waiting=Count("pk", filter=Q(waiting_position__isnull=False)),
        organisations=Count("organisation", distinct=True),
        typed=Count(
            "organisation_name",
            distinct=True,
            filter=Q(organisation__isnull=True) & ~Q(organisation_name=""),
        ),
    )
    seat = Q(
        choices__registration__cancelled_at__isnull=True,
        choices__waiting_position__isnull=True,
    )
    parts = [
        {
            "part": part,
            "seats": part.seat_count,
            "waiting": part.waiting_count,
            "present": part.present_count,
        }
        for part in EventPart.objects.filter(event=event)
        .annotate(
            seat_count=Count("choices", filter=seat),
            waiting_count=Count(
                "choices",
                filter=Q(
                    choices__registration__cancelled_at__isnull=True,
                    choices__waiting_position__isnull=False,
                ),
            ),
            present_count=Count(
                "choices", filter=seat & Q(choices__registration__attended=True)
            ),
        )
        .order_by("position", "pk")
    ]
    by_status = dict(active.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [
        (label, by_status.get(value, 0)) for value, label in Registration.Status.choices
    ]
    by_kind = dict(
        active.order_by().values_list("organisation__kind").annotate(n=Count("pk"))
    )
    kinds = [
        (label, by_kind[value])
        for value, label in Organisation.Kind.choices
        if by_kind.get(value)
    ]
    if by_kind.get(None):
        kinds.append((_("No organisation in the directory"), by_kind[None]))
    items = list(
        AgendaItem.objects.filter(event=event)
        .select_related("part")
        .order_by("starts_at", "position", "pk")
    )
    questionnaires = []
    for questionnaire in (
        Questionnaire.objects.filter(event=event)
        .select_related("event")
        .order_by("audience", "created_at", "pk")
    ):
        results = questionnaire_results(questionnaire=questionnaire)
        bilan = QuestionnaireBilan(questionnaire=questionnaire, results=results)
        if with_charts:
            bilan.charts = {
                result.question.pk: question_chart(result) for result in bilan.shown
            }
        questionnaires.append(bilan)
    testimonials: dict[str, list[Testimonial]] = {}
    for testimonial in (
        testimonials_for_event(event)
        .select_related("answer__question__section")
        .order_by(
            "answer__question__section__position",
            "answer__question__position",
            "created_at",
            "pk",
        )
    ):
        label = testimonial.answer.question.label
        testimonials.setdefault(label, []).append(testimonial)
    budget = [
        {
            "direction": BudgetLine.Direction(row["direction"]).label,
            "planned": row["planned"],
            "actual": row["actual"],
            "lines": row["lines"],
        }
        for row in BudgetLine.objects.filter(event=event)
        .order_by("direction")
        .values("direction")
        .annotate(planned=Sum("planned"), actual=Sum("actual"), lines=Count("pk"))
    ]
    budget.sort(key=lambda row: row["direction"] != BudgetLine.Direction.EXPENSE.label)
    return EditionBilan(
        event=event,
        registered=people["registered"],
        present=people["present"],
        waiting=people["waiting"],
        participants=participants_figure(
            head_count=event.participant_count,
            attended=people["present"],
            registered=people["registered"],
        ),
        organisations=people["organisations"],
        typed_organisations=people["typed"],
        parts=parts,
        statuses=_shares(statuses, people["registered"]),
        kinds=_shares(kinds, people["registered"]),
        items=items,
        questionnaires=questionnaires,
        testimonials=list(testimonials.items()),
        budget=budget,
        syntheses=event_syntheses(event),
    )


# -- charts --------------------------------------------------------------------


def _number(value) -> str:
    return floatformat(value, "-1g") if value is not None else ""


def _percent(value) -> str:
    return f"{floatformat(value, 0)}\u00a0%" if value is not None else ""


def _chart(chart_class, *, title: str, **config):
    """``pygal_chart`` with its axes' numbers in French too ("1 100", "3,5")."""
    chart = pygal_chart(chart_class, title=title, width=CHART_WIDTH, **config)
    chart.value_formatter = _number
    return chart


def _whole_numbers(chart, largest: int) -> None:
    """Counts get whole ticks (no "0,2 inscription")."""
    step = max(1, -(-largest // 8))
    chart.y_labels = list(range(0, largest + step, step))


def question_chart(result) -> str:
    """A stacked Likert bar for a scale, bars for choices; "" for numbers."""
    import pygal

    question = result.question
    title = question.label if len(question.label) <= 70 else question.label[:69] + "…"
    if question.kind in Question.SCALE_KINDS:
        chart = _chart(
            pygal.HorizontalStackedBar,
            title=title,
            height=170 if len(result.bars) <= 5 else 185,
            show_y_labels=False,
            range=(0, 100),
            legend_at_bottom_columns=2 if len(result.bars) <= 5 else 6,
            truncate_legend=-1,
        )
        colours = {
            Question.Kind.SATISFACTION: LIKERT_COLOURS,
            Question.Kind.RECOMMENDATION: NPS_COLOURS,
            Question.Kind.YES_NO: (LIKERT_COLOURS[0], LIKERT_COLOURS[-1]),
        }[question.kind]
        style = copy.copy(chart.config.style)
        style.colors = colours
        chart.style = style
        chart.formatter = chart.value_formatter = _percent
        chart.x_labels = [""]
        chart.y_labels = [0, 25, 50, 75, 100]
        for bar in result.bars:
            chart.add(bar.label, [bar.percent])
        return render(chart)
    if question.has_choices and result.bars:
        chart = _chart(
            pygal.HorizontalBar,
            title=title,
            height=70 + 22 * len(result.bars),
            truncate_label=28,
        )
        chart.show_legend = False
        _whole_numbers(chart, max(bar.count for bar in result.bars))
        # pygal draws the first label at the bottom: the first choice on top.
        bars = list(reversed(result.bars))
        chart.x_labels = [bar.label for bar in bars]
        chart.add(_("Answers"), [bar.count for bar in bars])
        return render(chart)
    return ""


def attendance_chart(rows: list[dict]) -> str:
    import pygal

    chart = _chart(
        pygal.Line,
        title=_("Participants per edition"),
        height=260,
        allow_interruptions=True,
        include_x_axis=True,
    )
    chart.x_labels = [row["label"] for row in rows]
    chart.add(_("Participants"), [row["participants"] for row in rows])
    chart.add(_("Registrations"), [row["registrations"] or None for row in rows])
    return render(chart)


def statuses_chart(rows: list[dict], statuses: list[str]) -> str:
    import pygal

    chart = _chart(
        pygal.StackedBar,
        title=_("Registrations per status and edition"),
        height=260,
    )
    chart.x_labels = [row["label"] for row in rows]
    _whole_numbers(chart, max(sum(s.count for s in row["statuses"]) for row in rows))
    for index, label in enumerate(statuses):
        chart.add(label, [row["statuses"][index].count for row in rows])
    return render(chart)


def satisfaction_chart(labels: list[str], lines: list[tuple[str, list]]) -> str:
    import pygal

    chart = _chart(
        pygal.Line,
        title=_("Average satisfaction per edition"),
        height=260,
        allow_interruptions=True,
        range=(1, 5),
        truncate_legend=40,
    )
    chart.x_labels = labels
    for label, values in lines:
        chart.add(label, values)
    return render(chart)


# -- sections ------------------------------------------------------------------


def _weight(bilan: EditionBilan) -> dict[str, int]:
    """Rough sizes, in about a sixth of a page: a chart is three."""
    return {
        "attendance": 2 + len(bilan.parts),
        "who": 3 + len(bilan.kinds) // 3,
        "programme": max(1, len(bilan.items) // 4),
        "testimonials": max(1, bilan.testimonial_count // 2),
    }


def edition_sections(
    bilan: EditionBilan, *, level: int, prefix: str = ""
) -> list[Section]:
    """The sections of one edition; in a series (``level`` 2) the first one
    carries the edition's title."""
    weights = _weight(bilan)
    heading = "h2" if level == 1 else "h3"
    common = {"bilan": bilan, "heading": heading}
    sections = []
    if level == 2:
        sections.append(
            Section(
                context={**common, "part": "edition"},
                title=str(bilan.event.title),
                anchor=f"{prefix}edition",
                weight=2,
                level=1,
            )
        )
    sections.append(
        Section(
            context={**common, "part": "attendance"},
            title=_("Attendance") if level == 1 else "",
            anchor=f"{prefix}presence",
            weight=weights["attendance"] + weights["who"],
            level=level,
        )
    )
    if bilan.items:
        sections.append(
            Section(
                context={**common, "part": "programme"},
                title=_("Programme") if level == 1 else "",
                anchor=f"{prefix}programme",
                weight=weights["programme"],
                level=level,
            )
        )
    for number, questionnaire in enumerate(bilan.questionnaires, start=1):
        sections.append(
            Section(
                context={**common, "part": "questionnaire", "entry": questionnaire},
                title=str(questionnaire.questionnaire.title) if level == 1 else "",
                anchor=f"{prefix}questionnaire-{number}",
                weight=2 + 3 * len(questionnaire.charts or questionnaire.shown),
                level=level,
            )
        )
    if bilan.testimonials:
        sections.append(
            Section(
                context={**common, "part": "testimonials"},
                title=_("What participants said") if level == 1 else "",
                anchor=f"{prefix}temoignages",
                weight=weights["testimonials"],
                level=level,
            )
        )
    if bilan.syntheses:
        sections.append(
            Section(
                context={**common, "part": "syntheses"},
                title=_("Syntheses of the ateliers") if level == 1 else "",
                anchor=f"{prefix}syntheses",
                weight=2 * len(bilan.syntheses),
                level=level,
            )
        )
    if bilan.event.has_review:
        sections.append(
            Section(
                context={**common, "part": "review"},
                title=_("The organisers’ review") if level == 1 else "",
                anchor=f"{prefix}bilan",
                weight=2,
                level=level,
            )
        )
    if bilan.budget:
        sections.append(
            Section(
                context={**common, "part": "budget"},
                title=_("Budget") if level == 1 else "",
                anchor=f"{prefix}budget",
                weight=1,
                level=level,
            )
        )
    return sections


# -- what changes a bilan ------------------------------------------------------


def _figures(events: Q) -> str:
    """Counts and last changes of everything a bilan shows, one query a table
    (no join between them: a cross product of registrations and answers)."""
    sources = [
        (Registration, "event", "updated_at"),
        (RegistrationPart, "registration__event", "updated_at"),
        (EventPart, "event", "updated_at"),
        (AgendaItem, "event", "updated_at"),
        (BudgetLine, "event", "updated_at"),
        (Questionnaire, "event", "updated_at"),
        (Response, "questionnaire__event", "pk"),
        (Answer, "question__questionnaire__event", "pk"),
        (Testimonial, "answer__question__questionnaire__event", "updated_at"),
        (WorkshopSynthesis, "workshop__event", "updated_at"),
    ]
    figures = []
    for model, path, last in sources:
        row = model.objects.filter(
            **{f"{path}__in": Event.objects.filter(events).values("pk")}
        ).aggregate(count=Count("pk"), last=Max(last), first=Min("pk"))
        figures.append((model.__name__, row["count"], str(row["last"]), row["first"]))
    return repr(figures)


def _year_label(event: Event, duplicates: set[int]) -> str:
    year = event.starts_at.year
    if year in duplicates:
        return date_format(event.starts_at, "SHORT_DATE_FORMAT")
    return str(year)


# -- builders ------------------------------------------------------------------


class BilanBuilder(PdfBuilder):
    """The bilan of an event: who came, what they thought, what it cost.

    Whoever sees the event sees its bilan (``Event.objects.for_user``): the
    coordinators, the funders of a public event and its (co-)organisers.
    """

    kind = "bilan"
    label = gettext_lazy("Event review")
    template_name = "reports/pdf/bilan.html"
    model = "events.Event"
    section_weight_limit = 45

    def scope(self, user):
        return super().scope(user).select_related("organiser", "series")

    def source_version(self, obj, parameters: dict) -> str:
        return repr([obj.updated_at, obj.organiser.updated_at, _figures(Q(pk=obj.pk))])

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Review — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"bilan-{obj.slug}"

    def plan(self, obj, parameters: dict) -> Plan:
        event = Event.objects.select_related("organiser", "series").get(pk=obj.pk)
        bilan = edition_bilan(event)
        sections = edition_sections(bilan, level=1)
        weight = sum(section.weight for section in sections)
        return Plan(
            title=self.plan_title(event, parameters),
            subtitle=event.series.title if event.series_id else "",
            organiser_name=event.organiser.name,
            logo=event.organiser.logo,
            context={"kind": self.kind, "event": event, "bilan": bilan},
            sections=sections,
            estimated_pages=1 + weight // 6,
        )


class SeriesBilanBuilder(PdfBuilder):
    """The bilan of a series: editions compared, then each edition's bilan.

    Series are a back-office matter (``EventSeries.objects.for_user``):
    coordinators only.
    """

    kind = "bilan-serie"
    label = gettext_lazy("Series review")
    template_name = "reports/pdf/bilan-serie.html"
    model = "events.EventSeries"
    section_weight_limit = 45

    def scope(self, user):
        return super().scope(user).select_related("organiser")

    def source_version(self, obj, parameters: dict) -> str:
        editions = Event.objects.filter(series=obj).aggregate(
            count=Count("pk"), last=Max("updated_at")
        )
        return repr(
            [
                obj.updated_at,
                obj.organiser.updated_at,
                sorted(editions.items()),
                _figures(Q(series=obj)),
            ]
        )

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Review — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"bilan-{slugify(obj.slug or obj.title)}"

    def plan(self, obj, parameters: dict) -> Plan:
        series = EventSeries.objects.select_related("organiser").get(pk=obj.pk)
        statistics = series_statistics(series=series)
        years = [row["event"].starts_at.year for row in statistics]
        duplicates = {year for year in years if years.count(year) > 1}
        bilans = []
        rows = []
        for row in statistics:
            edition = row["event"]
            edition.series = series
            bilan = edition_bilan(edition)
            bilans.append(bilan)
            rows.append(
                {
                    "event": edition,
                    "label": _year_label(edition, duplicates),
                    "participants": row["participants"],
                    "registrations": row["registrations"],
                    "present": bilan.present,
                    "head_count": edition.participant_count,
                    "statuses": bilan.statuses,
                    "organisations": bilan.organisations,
                    "typed_organisations": bilan.typed_organisations,
                    "responses": bilan.response_count,
                    "satisfaction": bilan.satisfaction_average,
                }
            )
        status_labels = [str(label) for _value, label in Registration.Status.choices]
        comparison = _comparison(bilans)
        if comparison["rows"]:
            lines = [(row["label"], row["values"]) for row in comparison["rows"]]
        else:
            lines = [(_("Average satisfaction"), [row["satisfaction"] for row in rows])]
        has_satisfaction = any(
            value is not None for _label, values in lines for value in values
        )
        sections = [
            Section(
                context={
                    "part": "series-attendance",
                    "chart": attendance_chart(rows) if rows else "",
                },
                title=_("Attendance per edition"),
                anchor="presence",
                weight=3 + len(rows) // 4,
            ),
            Section(
                context={
                    "part": "series-who",
                    "chart": statuses_chart(rows, status_labels) if rows else "",
                    "status_labels": status_labels,
                },
                title=_("Who came, per edition"),
                anchor="publics",
                weight=3 + len(rows) // 4,
            ),
            Section(
                context={
                    "part": "series-satisfaction",
                    "chart": satisfaction_chart([row["label"] for row in rows], lines)
                    if has_satisfaction
                    else "",
                    "comparison": comparison,
                },
                title=_("Satisfaction per edition"),
                anchor="satisfaction",
                weight=3 + len(comparison["rows"]) // 3,
            ),
        ]
        if series.has_review:
            sections.append(
                Section(
                    context={"part": "series-review"},
                    title=_("The organisers’ review"),
                    anchor="bilan",
                    weight=2,
                )
            )
        for bilan in bilans:
            sections.extend(
                edition_sections(bilan, level=2, prefix=f"e{bilan.event.pk}-")
            )
        weight = sum(section.weight for section in sections)
        return Plan(
            title=self.plan_title(series, parameters),
            subtitle=series.organiser.name,
            organiser_name=series.organiser.name,
            logo=series.organiser.logo,
            context={
                "kind": self.kind,
                "series": series,
                "rows": rows,
                "edition_count": len(rows),
                "period": " – ".join(
                    dict.fromkeys([rows[0]["label"], rows[-1]["label"]])
                )
                if rows
                else "",
            },
            sections=sections,
            estimated_pages=2 + weight // 6,
        )


def _comparison(bilans: list[EditionBilan]) -> dict:
    """Average of each satisfaction question asked the participants of
    several editions (same key), from each edition's results."""
    by_key: dict[str, dict] = {}
    for index, bilan in enumerate(bilans):
        for entry in bilan.questionnaires:
            if entry.questionnaire.audience != Questionnaire.Audience.PARTICIPANTS:
                continue
            for result in entry.results.questions:
                question = result.question
                if (
                    question.kind != Question.Kind.SATISFACTION
                    or not question.key
                    or result.average is None
                ):
                    continue
                row = by_key.setdefault(
                    question.key,
                    {"label": question.label, "values": [None] * len(bilans)},
                )
                row["label"] = question.label  # the latest wording
                if row["values"][index] is None:
                    row["values"][index] = result.average
    rows = [
        row
        for row in by_key.values()
        if sum(value is not None for value in row["values"]) >= 2
    ]
    return {"rows": rows}


register(BilanBuilder())
register(SeriesBilanBuilder())
