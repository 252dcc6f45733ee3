"""The evaluation report of a funded project (``rapport-evaluation``).

The seed's "cadre logique" in four parts (réalisations attendues with every
indicator's target against actual, table and chart; réalisations
inattendues; pistes d'amélioration; relation partenariale), the consented
testimonials of the project's events, and which version it is.

A version's report reads its frozen snapshot (``EvaluationVersion.snapshot``);
the live draft's reads ``evaluations.funding.snapshot`` of the rows as they
are, so both show exactly what the funder gets or will get. Coordinators
render the draft (no ``version``) or any version; a funder only the versions
submitted to it, the latest by default (``parameters_for``), and never sees
a draft's job (``visible_jobs``).

Registered with ``reports`` from ``EvaluationsConfig.ready()``; rendered by
the reports pipeline in a Celery worker, never in a web request.
"""

import hashlib
import json
import re

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.registry import PdfBuilder, Plan, Section, register

from .achievement import Achievement
from .funding import choice_label, read_decimal
from .models import (
    EvaluationVersion,
    ImprovementPoint,
    Indicator,
    Testimonial,
    UnexpectedResult,
)

COORDINATE = "evaluations.change_funded_project"
# A version number from a form or the command line: a few digits, never 0.
VERSION_NUMBER = re.compile(r"[0-9]{1,9}")


def project_testimonials(project, *, until=None):
    """Approved quotes from the questionnaires of the project's events (its
    own and those of its series) whose author agreed to be quoted; with
    ``until``, those approved by then (what a submitted version showed)."""
    from events.models import Event

    events = Event.objects.filter(
        Q(funded_projects=project) | Q(series__funded_projects=project)
    ).values("pk")
    quotes = Testimonial.objects.filter(
        answer__question__questionnaire__event__in=events,
        answer__response__quote_consent=True,
    )
    if until is not None:
        quotes = quotes.filter(created_at__lte=until)
    return quotes.order_by("created_at", "pk")


def _achievement_label(code: str) -> str:
    try:
        return str(Achievement(code).label)
    except ValueError:
        return ""


def _version_line(version: EvaluationVersion | None) -> str:
    if version is None:
        return _("Draft")
    # "12 janvier 2018": the day of the week would only lengthen the line.
    submitted = date_format(timezone.localtime(version.submitted_at), "j F Y")
    return _("Version %(number)s submitted on %(date)s") % {
        "number": version.number,
        "date": submitted,
    }


def indicator_chart(indicator: dict) -> str:
    """Target against actual, one pair of bars a period (numeric only)."""
    import pygal

    from reports.charts import pygal_chart, render

    periods = indicator["rows"]
    if not indicator["is_numeric"] or not any(
        row["target"] is not None or row["actual"] is not None for row in periods
    ):
        return ""
    chart = pygal_chart(
        pygal.Bar,
        title=indicator["name"][:60],
        width=310,
        height=220,
        include_x_axis=True,
        legend_at_bottom_columns=2,
        # A few round graduations: the table beside gives the exact values.
        min_scale=3,
        max_scale=6,
        truncate_label=-1,
        x_label_rotation=30 if len(periods) > 3 else 0,
    )
    chart.x_labels = [row["label"] for row in periods]
    chart.add(
        _("Target"),
        [None if row["target"] is None else float(row["target"]) for row in periods],
    )
    chart.add(
        _("Actual"),
        [None if row["actual"] is None else float(row["actual"]) for row in periods],
    )
    return render(chart)


def indicator_view(data: dict) -> dict:
    """An indicator of the snapshot, with its numbers and labels for the page."""
    is_numeric = data.get("measure") != Indicator.Measure.QUALITATIVE
    overall = read_decimal(data.get("target"))
    rows = []
    for period in data.get("periods", []):
        target = read_decimal(period.get("target"))
        rows.append(
            {
                **period,
                "target": target if target is not None else overall,
                "actual": read_decimal(period.get("actual")),
                "achievement_label": _achievement_label(period.get("achievement", "")),
            }
        )
    view = {
        **data,
        "is_numeric": is_numeric,
        "baseline_value": read_decimal(data.get("baseline_value")),
        "target": overall,
        "direction_label": choice_label(Indicator.Direction, data.get("direction", "")),
        "computation_label": (
            choice_label(Indicator.Computation, data["computation"])
            if data.get("computation")
            else ""
        ),
        "rows": rows,
        "has_notes": any(
            row.get(key)
            for row in rows
            for key in (
                "source",
                "collection_method",
                "computation_note",
                "comment",
                "evidence",
            )
        ),
    }
    view["chart"] = indicator_chart(view)
    return view


class EvaluationReportBuilder(PdfBuilder):
    """The evaluation report of a funded project, for its funders."""

    kind = "rapport-evaluation"
    label = gettext_lazy("Evaluation report")
    template_name = "reports/pdf/rapport-evaluation.html"
    model = "evaluations.FundedProject"

    # -- which version ----------------------------------------------------
    def clean_parameters(self, parameters: dict | None) -> dict:
        """``version``: a positive number; anything else is the draft."""
        raw = str((parameters or {}).get("version", "")).strip()
        if VERSION_NUMBER.fullmatch(raw) and int(raw) > 0:
            return {"version": int(raw)}
        return {}

    def parameters_for(self, user, obj, parameters: dict) -> dict:
        """Coordinators: the draft or any version. Funders: a version
        submitted to them, the latest without one; never the draft."""
        number = parameters.get("version")
        if user.has_perm(COORDINATE):
            if number is not None:
                obj.versions.get(number=number)  # DoesNotExist: a 404
            return parameters
        versions = EvaluationVersion.objects.for_user(user).filter(project=obj)
        if number is not None:
            versions.get(number=number)
            return parameters
        latest = versions.order_by("-number").values_list("number", flat=True)[:1]
        if not latest:
            raise EvaluationVersion.DoesNotExist
        return {**parameters, "version": latest[0]}

    def visible_jobs(self, user) -> Q:
        """A funder sees the reports of submitted versions, not the drafts
        coordinators render for themselves."""
        visible = super().visible_jobs(user)
        if user.has_perm(COORDINATE):
            return visible
        return visible & Q(parameters__has_key="version")

    def _version(self, obj, parameters: dict) -> EvaluationVersion | None:
        number = parameters.get("version")
        if number is None:
            return None
        version = obj.versions.filter(number=number).first()
        if version is None:
            from reports.services import ReportFailure

            raise ReportFailure(
                _("Version %(number)s of this project does not exist.")
                % {"number": number}
            )
        return version

    # -- the document -----------------------------------------------------
    def source_version(self, obj, parameters: dict) -> str:
        """A frozen version's report changes only if a quote it shows is
        withdrawn or edited; the draft's whenever its rows do."""
        from .funding import snapshot

        number = parameters.get("version")
        if number is not None:
            version = obj.versions.filter(number=number).first()
            if version is None:
                return f"missing version {number}"
            data, until = version.snapshot, version.submitted_at
            frozen = [version.pk, str(version.submitted_at)]
        else:
            data, until = snapshot(obj), None
            frozen = [str(obj.updated_at)]
        quotes = project_testimonials(obj, until=until).aggregate(
            count=Count("pk"), last=Max("updated_at")
        )
        digest = hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str).encode()
        ).hexdigest()
        return repr([*frozen, digest, quotes["count"], str(quotes["last"])])

    def plan_title(self, obj, parameters: dict) -> str:
        number = parameters.get("version")
        which = (
            _("version %(number)s") % {"number": number}
            if number is not None
            else _("draft")
        )
        return _("Evaluation report — %(title)s (%(which)s)") % {
            "title": obj.title,
            "which": which,
        }

    def filename(self, obj, parameters: dict) -> str:
        number = parameters.get("version")
        which = f"v{number}" if number is not None else "brouillon"
        return f"rapport-evaluation-{slugify(obj.title)[:60]}-{which}"

    def plan(self, obj, parameters: dict) -> Plan:
        from .funding import snapshot

        version = self._version(obj, parameters)
        data = version.snapshot if version is not None else snapshot(obj)
        quotes = list(
            project_testimonials(
                obj, until=version.submitted_at if version is not None else None
            ).select_related("answer__question__questionnaire__event")
        )
        sub_objectives = []
        indicator_count = 0
        for number, sub_objective in enumerate(data.get("sub_objectives", []), 1):
            results = []
            for result in sub_objective.get("results", []):
                indicators = [indicator_view(i) for i in result.get("indicators", [])]
                indicator_count += len(indicators)
                results.append({**result, "indicators": indicators})
            sub_objectives.append(
                {**sub_objective, "number": number, "results": results}
            )
        unexpected = [
            {
                **row,
                "effect_label": choice_label(UnexpectedResult.Effect, row["effect"]),
            }
            for row in data.get("unexpected_results", [])
        ]
        points = data.get("improvement_points", [])
        dysfunctions = [
            p for p in points if p["kind"] == ImprovementPoint.Kind.DYSFUNCTION
        ]
        improvements = [
            p for p in points if p["kind"] != ImprovementPoint.Kind.DYSFUNCTION
        ]
        starts_on, ends_on = data.get("period", [None, None])
        version_line = _version_line(version)

        sections = [
            Section(
                context={"part": "expected"},
                title=_("1. Expected achievements"),
                anchor="realisations-attendues",
            )
        ]
        for sub_objective in sub_objectives:
            indicators = sum(len(r["indicators"]) for r in sub_objective["results"])
            sections.append(
                Section(
                    context={"part": "sub_objective", "sub_objective": sub_objective},
                    title=f"1.{sub_objective['number']}. {sub_objective['title']}",
                    anchor=f"sous-objectif-{sub_objective['number']}",
                    weight=1 + 3 * indicators,
                    level=2,
                )
            )
        sections += [
            Section(
                context={"part": "unexpected"},
                title=_("2. Unexpected achievements"),
                anchor="realisations-inattendues",
                weight=max(1, len(unexpected)),
            ),
            Section(
                context={"part": "improvement"},
                title=_("3. Ways to improve"),
                anchor="pistes-amelioration",
                weight=max(1, len(points)),
            ),
            Section(
                context={"part": "relationship"},
                title=_("4. The partner relationship"),
                anchor="relation-partenariale",
                weight=2,
            ),
            Section(
                context={"part": "testimonials"},
                title=_("Testimonials"),
                anchor="temoignages",
                weight=max(1, len(quotes) // 2),
            ),
        ]
        return Plan(
            title=data.get("title") or obj.title,
            subtitle=_("Evaluation report"),
            organiser_name=getattr(settings, "NETWORK_NAME", "Maillage"),
            context={
                "kind": self.kind,
                "project": data,
                "version": version,
                "is_draft": version is None,
                "version_line": version_line,
                "starts_on": _date(starts_on),
                "ends_on": _date(ends_on),
                "amount_granted": read_decimal(data.get("amount_granted")),
                "general_objective": data.get("general_objective", ""),
                "sub_objectives": sub_objectives,
                "unexpected": unexpected,
                "dysfunctions": dysfunctions,
                "improvements": improvements,
                "relationship": data.get("relationship", {}),
                "testimonials": quotes,
            },
            sections=sections,
            estimated_pages=2 + indicator_count // 3 + len(quotes) // 10,
        )


def _date(value):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


register(EvaluationReportBuilder())
