"""A funded project's budget, for coordinators: /financements/<pk>/budget/.

The table follows the compte-rendu financier (Cerfa n° 15059): charges and
produits by account, planned and actual, contributions in kind computed from
the volunteers' attendance, the balance and the variances to explain. The
project's lines are added, changed and removed here (a removal is confirmed
first); the events' lines are edited on each event's page.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..budget import (
    add_budget_line,
    change_budget_settings,
    delete_budget_line,
    project_budget,
    update_budget_line,
)
from ..forms_budget import BudgetSettingsForm, ProjectBudgetLineForm
from ..models import FundedProject

TEMPLATE = "evaluations/budget/budget_detail.html"


class BudgetMixin(OrganiserAreaMixin):
    permission_required = "evaluations.change_funded_project"

    def get_permission_object(self):
        # The permission is the role's; the project is fetched (or 404) after.
        return None

    @cached_property
    def project(self) -> FundedProject:
        return get_object_or_404(
            FundedProject.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def budget_url(self, anchor: str = "") -> str:
        url = reverse("evaluations:funding_budget", args=[self.project.pk])
        return f"{url}#{anchor}" if anchor else url

    def render_budget(self, *, line_form=None, settings_form=None, status=200):
        project = self.project
        context = {
            "layout_template": self.layout_template,
            "project": project,
            "budget": project_budget(project),
            "line_form": line_form or ProjectBudgetLineForm(project=project),
            "settings_form": settings_form or BudgetSettingsForm(instance=project),
        }
        return render(self.request, TEMPLATE, context, status=status)


class BudgetView(BudgetMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_budget()


class BudgetLineCreateView(BudgetMixin, View):
    def get(self, request, *args, **kwargs):
        return redirect(self.budget_url("nouvelle-ligne"))

    def post(self, request, *args, **kwargs):
        form = ProjectBudgetLineForm(request.POST, project=self.project)
        if not form.is_valid():
            return self.render_budget(line_form=form)
        add_budget_line(project=self.project, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The budget line was added."))
        return redirect(self.budget_url("budget"))


class LineMixin(BudgetMixin):
    def get_line(self):
        return get_object_or_404(
            self.project.budget_lines.select_related("funder"), pk=self.kwargs["line"]
        )


class BudgetLineUpdateView(LineMixin, View):
    template_name = "evaluations/budget/line_form.html"

    def render_form(self, line, form):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "project": self.project,
                "line": line,
                "form": form,
            },
        )

    def get(self, request, *args, **kwargs):
        line = self.get_line()
        return self.render_form(
            line, ProjectBudgetLineForm(instance=line, project=self.project)
        )

    def post(self, request, *args, **kwargs):
        line = self.get_line()
        form = ProjectBudgetLineForm(request.POST, instance=line, project=self.project)
        if not form.is_valid():
            return self.render_form(self.get_line(), form)
        update_budget_line(line=line, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The budget line was saved."))
        return redirect(self.budget_url("budget"))


class BudgetLineDeleteView(ConfirmDeleteMixin, LineMixin, View):
    success_message = gettext_lazy("The budget line was deleted.")

    def get_delete_object(self):
        return self.get_line()

    def delete(self, obj):
        delete_budget_line(line=obj, by=self.request.user)

    def get_success_url(self):
        return self.budget_url("budget")


class BudgetSettingsView(BudgetMixin, View):
    def get(self, request, *args, **kwargs):
        return redirect(self.budget_url("reglages"))

    def post(self, request, *args, **kwargs):
        project = self.project
        form = BudgetSettingsForm(request.POST, instance=project)
        if not form.is_valid():
            # The form's validation wrote the refused values on the instance.
            self.__dict__.pop("project", None)
            return self.render_budget(settings_form=form)
        change_budget_settings(project=project, **form.cleaned_data, by=request.user)
        messages.success(request, _("The budget settings were saved."))
        return redirect(self.budget_url("reglages"))


B = "financements/<int:pk>/budget"

budget_pages = [
    path(f"{B}/", BudgetView.as_view(), name="funding_budget"),
    path(
        f"{B}/lignes/nouvelle/",
        BudgetLineCreateView.as_view(),
        name="funding_budget_line_create",
    ),
    path(
        f"{B}/lignes/<int:line>/modifier/",
        BudgetLineUpdateView.as_view(),
        name="funding_budget_line_update",
    ),
    path(
        f"{B}/lignes/<int:line>/supprimer/",
        BudgetLineDeleteView.as_view(),
        name="funding_budget_line_delete",
    ),
    path(
        f"{B}/reglages/", BudgetSettingsView.as_view(), name="funding_budget_settings"
    ),
]
