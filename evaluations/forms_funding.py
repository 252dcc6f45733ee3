"""The coordinators' forms for funded projects and their logical framework.

Each refusal comes back next to its field, in the reader's language, and
nothing is saved: a period end before its start, a numeric target on a
qualitative indicator (or none on a numeric one's qualitative target), an
actual without its source of verification.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm
from core.models import Role, User
from events.models import Event, EventSeries
from partners.models import Organisation

from .models import (
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    SubObjective,
    UnexpectedResult,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n):
    return forms.Textarea(attrs={"rows": n})


class _Saved:
    """A crispy helper with one « Enregistrer » button."""

    def add_helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class FundedProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search (title or funder)"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = FundedProject
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        """Every word in the title or in a funder's name (accents ignored
        for the funder, as in the directory)."""
        from partners.validators import normalise_text

        for word in value.split():
            funded = FundedProject.funders.through.objects.filter(
                organisation__search_text__contains=normalise_text(word)
            ).values("fundedproject_id")
            queryset = queryset.filter(Q(title__icontains=word) | Q(pk__in=funded))
        return queryset


class FundedProjectForm(_Saved, ModelForm):
    class Meta:
        model = FundedProject
        fields = [
            "title",
            "funders",
            "starts_on",
            "ends_on",
            "amount_granted",
            "events",
            "series",
            "coordinator",
            "general_objective",
            "relationship_expectations",
            "relationship_assessment",
            "bilan_qualitatif",
            "volunteer_hour_rate",
            "variance_threshold",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "general_objective": _rows(3),
            "relationship_expectations": _rows(3),
            "relationship_assessment": _rows(3),
            "bilan_qualitatif": _rows(4),
            "funders": forms.SelectMultiple(attrs={"size": 6}),
            "events": forms.SelectMultiple(attrs={"size": 6}),
            "series": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "funders": _("Organisations of the directory granting the money."),
            "general_objective": _("Part 1 of the evaluation: agreed with the funder."),
            "relationship_expectations": _(
                "Part 4 of the evaluation. What the network expects from the "
                "funder beyond its money."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funders"].queryset = Organisation.objects.order_by(
            "sort_name", "pk"
        )
        self.fields["events"].queryset = Event.objects.order_by("-starts_at")
        self.fields["series"].queryset = EventSeries.objects.order_by("title")
        self.fields["coordinator"].queryset = (
            User.objects.filter(Q(groups__name=Role.COORDINATOR) | Q(is_superuser=True))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["coordinator"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.add_helper()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("The end of the period cannot be before its start.")
            )
        return cleaned


class SubObjectiveForm(_Saved, ModelForm):
    class Meta:
        model = SubObjective
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper()


class ExpectedResultForm(_Saved, ModelForm):
    class Meta:
        model = ExpectedResult
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper()


class IndicatorForm(_Saved, ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "measure",
            "unit",
            "direction",
            "computation",
            "disaggregation",
            "baseline_value",
            "baseline_year",
            "target",
            "target_text",
        ]
        help_texts = {
            "computation": _(
                "Computed indicators take their values from Maillage's data "
                "(events, attendance, questionnaires)."
            ),
            "target": _("For a number or a percentage."),
            "target_text": _("For a qualitative indicator."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper()

    def clean(self):
        cleaned = super().clean()
        qualitative = cleaned.get("measure") == Indicator.Measure.QUALITATIVE
        if qualitative:
            if cleaned.get("target") is not None:
                self.add_error(
                    "target",
                    _(
                        "A qualitative indicator has no numeric target: "
                        "write it in “qualitative target”."
                    ),
                )
            if not cleaned.get("target_text", "").strip() and "target_text" not in (
                self.errors
            ):
                self.add_error(
                    "target_text",
                    _("Write the target of this qualitative indicator."),
                )
            if cleaned.get("computation"):
                self.add_error(
                    "computation",
                    _("A computed indicator is a number or a percentage."),
                )
            if cleaned.get("baseline_value") is not None:
                self.add_error(
                    "baseline_value",
                    _("A qualitative indicator has no numeric baseline."),
                )
        return cleaned


class IndicatorPeriodForm(_Saved, ModelForm):
    """A period of ``indicator``: its fields follow the indicator's kind.

    A computed indicator's actual is written by the computation, so its form
    has no actual; a numeric one has a number, a qualitative one a text and
    an assessment (reached, partly, missed), which numeric ones compute.
    """

    SOURCE_NEEDED = _("Give the source of verification of this value.")

    class Meta:
        model = IndicatorPeriod
        fields = [
            "label",
            "event",
            "year",
            "target",
            "actual",
            "actual_text",
            "assessment",
            "source",
            "collection_method",
            "comment",
            "evidence",
        ]
        widgets = {
            "actual_text": _rows(3),
            "comment": _rows(2),
            "evidence": _rows(2),
        }
        help_texts = {
            "label": _("An edition or a year, e.g. “2017”."),
            "evidence": _("Where the proof is kept (a file, a list, a report)."),
        }

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.is_computed:
            drop = ["actual", "actual_text", "assessment"]
        elif indicator.is_numeric:
            drop = ["actual_text", "assessment"]
        else:
            drop = ["target", "actual"]
        for name in drop:
            del self.fields[name]
        project = indicator.result.sub_objective.project
        self.fields["event"].queryset = (
            Event.objects.filter(
                Q(funded_projects=project) | Q(series__funded_projects=project)
            )
            .distinct()
            .order_by("starts_at")
        )
        self.fields["event"].help_text = _(
            "An event of the project (linked to it or in one of its series)."
        )
        if "assessment" in self.fields:
            self.fields["assessment"].help_text = _("Is the target reached?")
        self.add_helper()

    def clean(self):
        cleaned = super().clean()
        has_value = cleaned.get("actual") is not None or bool(
            (cleaned.get("actual_text") or "").strip()
        )
        if (
            has_value
            and not (cleaned.get("source") or "").strip()
            and "source" not in self.errors
        ):
            self.add_error("source", self.SOURCE_NEEDED)
        return cleaned

    @property
    def actual_changed(self) -> bool:
        """Did the person type (or change) the period's actual?"""
        return any(name in self.changed_data for name in ("actual", "actual_text"))


class UnexpectedResultForm(_Saved, ModelForm):
    class Meta:
        model = UnexpectedResult
        fields = ["description", "effect"]
        widgets = {"description": _rows(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper()


class ImprovementPointForm(_Saved, ModelForm):
    class Meta:
        model = ImprovementPoint
        fields = ["kind", "description"]
        widgets = {"description": _rows(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper()
