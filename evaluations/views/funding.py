"""The coordinators' pages of funded projects and their logical framework.

A project's page holds the four parts of the seed's "cadre logique" (1
réalisations attendues: sub-objectives → expected results → indicators →
periods; 2 réalisations inattendues; 3 pistes d'amélioration; 4 relation
partenariale), its submitted versions and the funders' comments on them.
Every row of the framework has its own create, edit and delete pages; each
delete is confirmed (``core.confirm``). The live rows are the draft: a
submitted version is a frozen snapshot and has no edit page.
"""

from django.contrib import messages
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..achievement import Achievement, achievement
from ..forms_funding import (
    ExpectedResultForm,
    FundedProjectFilter,
    FundedProjectForm,
    ImprovementPointForm,
    IndicatorForm,
    IndicatorPeriodForm,
    SubObjectiveForm,
    UnexpectedResultForm,
)
from ..funding import WorkflowError, framework, has_unsubmitted_changes, submit_version
from ..models import (
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    SubObjective,
    UnexpectedResult,
    VersionComment,
)

ACHIEVEMENT_BADGES = {
    Achievement.REACHED: "text-bg-success",
    Achievement.PARTLY: "text-bg-warning",
    Achievement.MISSED: "text-bg-danger",
}


def optional_url(name, *args) -> str:
    """The address of a page another part of the work may not have built yet
    (the budget, the comparison of versions…): empty until it exists."""
    try:
        return reverse(f"evaluations:{name}", args=args)
    except NoReverseMatch:
        return ""


class FundingMixin(OrganiserAreaMixin):
    permission_required = "evaluations.change_funded_project"

    def get_permission_object(self):
        return None

    def projects(self):
        return FundedProject.objects.for_user(self.request.user)

    def get_project(self, pk=None):
        return get_object_or_404(self.projects(), pk=pk or self.kwargs["pk"])


# --- the projects -----------------------------------------------------------


class FundingListView(FundingMixin, ListView):
    template_name = "evaluations/funding/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        last = EvaluationVersion.objects.filter(project=OuterRef("pk")).order_by(
            "-number"
        )
        queryset = (
            self.projects()
            .select_related("coordinator")
            .prefetch_related("funders")
            .annotate(
                last_version=Subquery(last.values("number")[:1]),
                last_status=Subquery(last.values("status")[:1]),
            )
        )
        self.filterset = FundedProjectFilter(
            self.request.GET or None, queryset=queryset
        )
        if self.filterset.is_bound and self.filterset.is_valid():
            return self.filterset.qs
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter"] = self.filterset
        context["query_string"] = query.urlencode()
        context["is_filtered"] = bool(self.request.GET.get("q", "").strip())
        context["status_labels"] = dict(EvaluationVersion.Status.choices)
        return context


class FundingCreateView(FundingMixin, CreateView):
    template_name = "evaluations/funding/project_form.html"
    form_class = FundedProjectForm

    def get_initial(self):
        return {"coordinator": self.request.user.pk}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("The funded project was created."))
        return redirect("evaluations:funding_detail", pk=self.object.pk)


class FundingUpdateView(FundingMixin, UpdateView):
    """Edits the live draft; submitted versions stay as they were frozen."""

    template_name = "evaluations/funding/project_form.html"
    form_class = FundedProjectForm

    def get_queryset(self):
        return self.projects()

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("The changes were saved."))
        return redirect("evaluations:funding_detail", pk=self.object.pk)


class FundingDeleteView(ConfirmDeleteMixin, FundingMixin, View):
    success_message = gettext_lazy("The funded project was deleted.")
    warning = gettext_lazy(
        "Its submitted versions go with it: the funders will no longer see them."
    )

    def get_delete_object(self):
        return self.get_project()

    def delete(self, obj):
        obj.delete()

    def get_success_url(self):
        return reverse("evaluations:funding_list")

    def get_cancel_url(self):
        return reverse("evaluations:funding_detail", args=[self.kwargs["pk"]])


class FundingDetailView(FundingMixin, TemplateView):
    template_name = "evaluations/funding/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = get_object_or_404(
            self.projects()
            .select_related("coordinator")
            .prefetch_related("funders", "events", "series"),
            pk=self.kwargs["pk"],
        )
        sub_objectives = framework(project)
        for sub_objective in sub_objectives:
            for result in sub_objective.results.all():
                for indicator in result.indicators.all():
                    for period in indicator.periods.all():
                        period.achievement = achievement(indicator, period)
                        period.achievement_label = (
                            Achievement(period.achievement).label
                            if period.achievement
                            else ""
                        )
                        period.achievement_badge = ACHIEVEMENT_BADGES.get(
                            period.achievement, ""
                        )
        versions = list(
            project.versions.select_related(
                "submitted_by", "acknowledged_by"
            ).prefetch_related(
                Prefetch(
                    "comments",
                    queryset=VersionComment.objects.select_related("author"),
                )
            )
        )
        compare_url = optional_url("funding_compare", project.pk)
        for version in versions:
            version.compare_url = (
                f"{compare_url}?a={version.number}&b=brouillon" if compare_url else ""
            )
        context.update(
            project=project,
            sub_objectives=sub_objectives,
            unexpected_results=list(project.unexpected_results.all()),
            improvement_points=list(project.improvement_points.all()),
            versions=versions,
            has_changes=has_unsubmitted_changes(project),
            compare_url=compare_url,
            budget_url=optional_url("funding_budget", project.pk),
            refresh_url=optional_url("funding_refresh_indicators", project.pk),
            has_computed=any(
                indicator.is_computed
                for sub_objective in sub_objectives
                for result in sub_objective.results.all()
                for indicator in result.indicators.all()
            ),
        )
        return context


class FundingSubmitView(FundingMixin, View):
    """POST: freeze the draft as the next version, submitted to the funders."""

    http_method_names = ["post"]

    def post(self, request, pk):
        project = self.get_project(pk)
        if project.versions.exists() and not has_unsubmitted_changes(project):
            messages.error(
                request,
                _(
                    "Nothing changed since the last version submitted: "
                    "there is no new version to submit."
                ),
            )
            return HttpResponseRedirect(
                reverse("evaluations:funding_detail", args=[pk]) + "#versions"
            )
        try:
            version = submit_version(project, user=request.user)
        except WorkflowError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Version %(number)s was submitted to the funder.")
                % {"number": version.number},
            )
        return HttpResponseRedirect(
            reverse("evaluations:funding_detail", args=[pk]) + "#versions"
        )


# --- the rows of the framework and of parts 2 and 3 -------------------------


class RowMixin(FundingMixin):
    """A row of a project's evaluation: where it hangs, how it reaches its
    project (for the scope), where the page goes back to."""

    model = None
    form_class = None
    parent_model = None  # the model the create page's ``pk`` names
    parent_field = ""  # the row's foreign key to it
    project_path = (
        ""  # from the row to its project, e.g. "result__sub_objective__project"
    )
    anchor = ""
    template_name = "evaluations/funding/row_form.html"
    create_title = ""
    update_title = ""

    def scoped(self, model, path):
        lookup = f"{path}__in" if path else "pk__in"
        return model.objects.filter(**{lookup: self.projects()})

    def parent_path(self):
        """From the parent model to the project."""
        return self.project_path.removeprefix(self.parent_field).removeprefix("__")

    @cached_property
    def parent(self):
        if self.parent_model is FundedProject:
            return self.get_project()
        return get_object_or_404(
            self.scoped(self.parent_model, self.parent_path()), pk=self.kwargs["pk"]
        )

    def project_of(self, row):
        obj = row
        for name in self.project_path.split("__"):
            obj = getattr(obj, name)
        return obj

    def back_url(self, project):
        url = reverse("evaluations:funding_detail", args=[project.pk])
        return f"{url}#{self.anchor}" if self.anchor else url

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.extra_form_kwargs())
        return kwargs

    def extra_form_kwargs(self):
        return {}

    def form_valid(self, form):
        row = form.save(commit=False)
        self.before_save(form, row)
        row.save()
        form.save_m2m()
        messages.success(self.request, _("Saved."))
        return redirect(self.back_url(self.project_of(row)))

    def before_save(self, form, row):
        pass


class RowCreateView(RowMixin, CreateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(**{self.parent_field: self.parent})
        return kwargs

    def before_save(self, form, row):
        siblings = self.model.objects.filter(**{self.parent_field: self.parent})
        row.position = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        super().before_save(form, row)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project_of(self.model(**{self.parent_field: self.parent}))
        context.update(
            title=self.create_title,
            parent=self.parent if self.parent_model is not FundedProject else None,
            project=project,
            cancel_url=self.back_url(project),
        )
        return context


class RowUpdateView(RowMixin, UpdateView):
    def get_queryset(self):
        return self.scoped(self.model, self.project_path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project_of(self.object)
        parent = getattr(self.object, self.parent_field)
        context.update(
            title=self.update_title,
            parent=parent if self.parent_model is not FundedProject else None,
            project=project,
            cancel_url=self.back_url(project),
        )
        return context


class RowDeleteView(ConfirmDeleteMixin, RowMixin, View):
    success_message = gettext_lazy("Deleted.")

    def get_delete_object(self):
        return get_object_or_404(
            self.scoped(self.model, self.project_path), pk=self.kwargs["pk"]
        )

    def delete(self, obj):
        self._project = self.project_of(obj)
        obj.delete()

    def get_success_url(self):
        project = getattr(self, "_project", None) or self.project_of(
            self.get_delete_object()
        )
        return self.back_url(project)


def _row_views(model, form_class, parent_model, parent_field, project_path, **attrs):
    """The create, update and delete views of one kind of row."""
    base = {
        "model": model,
        "form_class": form_class,
        "parent_model": parent_model,
        "parent_field": parent_field,
        "project_path": project_path,
        **attrs,
    }
    name = model.__name__
    return (
        type(f"{name}CreateView", (RowCreateView,), base),
        type(f"{name}UpdateView", (RowUpdateView,), base),
        type(f"{name}DeleteView", (RowDeleteView,), base),
    )


SubObjectiveCreateView, SubObjectiveUpdateView, SubObjectiveDeleteView = _row_views(
    SubObjective,
    SubObjectiveForm,
    FundedProject,
    "project",
    "project",
    anchor="cadre-logique",
    create_title=gettext_lazy("Add a sub-objective"),
    update_title=gettext_lazy("Edit the sub-objective"),
)
ResultCreateView, ResultUpdateView, ResultDeleteView = _row_views(
    ExpectedResult,
    ExpectedResultForm,
    SubObjective,
    "sub_objective",
    "sub_objective__project",
    anchor="cadre-logique",
    create_title=gettext_lazy("Add an expected result"),
    update_title=gettext_lazy("Edit the expected result"),
)
IndicatorCreateView, IndicatorUpdateView, IndicatorDeleteView = _row_views(
    Indicator,
    IndicatorForm,
    ExpectedResult,
    "result",
    "result__sub_objective__project",
    anchor="cadre-logique",
    create_title=gettext_lazy("Add an indicator"),
    update_title=gettext_lazy("Edit the indicator"),
)


class PeriodFormMixin:
    """A period's form depends on its indicator; a value typed by hand
    records who typed it."""

    def indicator(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.indicator
        return self.parent

    def extra_form_kwargs(self):
        return {"indicator": self.indicator()}

    def before_save(self, form, row):
        super().before_save(form, row)
        if form.actual_changed:
            row.author = self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator"] = self.indicator()
        return context


_PeriodCreate, _PeriodUpdate, PeriodDeleteView = _row_views(
    IndicatorPeriod,
    IndicatorPeriodForm,
    Indicator,
    "indicator",
    "indicator__result__sub_objective__project",
    anchor="cadre-logique",
    create_title=gettext_lazy("Add a period"),
    update_title=gettext_lazy("Edit the period"),
)


class PeriodCreateView(PeriodFormMixin, _PeriodCreate):
    pass


class PeriodUpdateView(PeriodFormMixin, _PeriodUpdate):
    def get_queryset(self):
        return super().get_queryset().select_related("indicator__result__sub_objective")


UnexpectedCreateView, UnexpectedUpdateView, UnexpectedDeleteView = _row_views(
    UnexpectedResult,
    UnexpectedResultForm,
    FundedProject,
    "project",
    "project",
    anchor="realisations-inattendues",
    create_title=gettext_lazy("Add an unexpected result"),
    update_title=gettext_lazy("Edit the unexpected result"),
)
ImprovementCreateView, ImprovementUpdateView, ImprovementDeleteView = _row_views(
    ImprovementPoint,
    ImprovementPointForm,
    FundedProject,
    "project",
    "project",
    anchor="pistes-amelioration",
    create_title=gettext_lazy("Add an improvement point"),
    update_title=gettext_lazy("Edit the improvement point"),
)


def _rows(prefix, kind, create, update, delete, parent="<int:pk>/", new="nouveau"):
    """The three addresses of a kind of row: added under its parent, edited
    and deleted under its own id."""
    return [
        path(
            f"{parent}{prefix}/{new}/", create.as_view(), name=f"funding_{kind}_create"
        ),
        path(
            f"{prefix}/<int:pk>/modifier/",
            update.as_view(),
            name=f"funding_{kind}_update",
        ),
        path(
            f"{prefix}/<int:pk>/supprimer/",
            delete.as_view(),
            name=f"funding_{kind}_delete",
        ),
    ]


# /financements/… (evaluations/urls.py includes them under that prefix).
urlpatterns = [
    path("", FundingListView.as_view(), name="funding_list"),
    path("nouveau/", FundingCreateView.as_view(), name="funding_create"),
    path("<int:pk>/", FundingDetailView.as_view(), name="funding_detail"),
    path("<int:pk>/modifier/", FundingUpdateView.as_view(), name="funding_update"),
    path("<int:pk>/supprimer/", FundingDeleteView.as_view(), name="funding_delete"),
    path("<int:pk>/soumettre/", FundingSubmitView.as_view(), name="funding_submit"),
    *_rows(
        "sous-objectifs",
        "subobjective",
        SubObjectiveCreateView,
        SubObjectiveUpdateView,
        SubObjectiveDeleteView,
    ),
    *_rows(
        "resultats",
        "result",
        ResultCreateView,
        ResultUpdateView,
        ResultDeleteView,
        parent="sous-objectifs/<int:pk>/",
    ),
    *_rows(
        "indicateurs",
        "indicator",
        IndicatorCreateView,
        IndicatorUpdateView,
        IndicatorDeleteView,
        parent="resultats/<int:pk>/",
    ),
    *_rows(
        "periodes",
        "period",
        PeriodCreateView,
        PeriodUpdateView,
        PeriodDeleteView,
        parent="indicateurs/<int:pk>/",
        new="nouvelle",
    ),
    *_rows(
        "realisations-inattendues",
        "unexpected",
        UnexpectedCreateView,
        UnexpectedUpdateView,
        UnexpectedDeleteView,
        new="nouvelle",
    ),
    *_rows(
        "pistes-amelioration",
        "improvement",
        ImprovementCreateView,
        ImprovementUpdateView,
        ImprovementDeleteView,
        new="nouvelle",
    ),
]
