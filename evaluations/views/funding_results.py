"""Coordinators' pages about a funded project's figures: refreshing the
computed indicators, and comparing two versions of its evaluation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from core.views import OrganiserAreaMixin

from ..compare import compare
from ..funding import snapshot
from ..indicators import refresh_indicators
from ..models import EvaluationVersion, FundedProject

DRAFT = "brouillon"


class FundingAreaMixin(OrganiserAreaMixin):
    permission_required = "evaluations.change_funded_project"

    def get_permission_object(self):
        # Permissions are by role; the project is fetched (or 404) afterwards.
        return None

    def get_project(self) -> FundedProject:
        return get_object_or_404(
            FundedProject.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )


class RefreshIndicatorsView(FundingAreaMixin, View):
    """Recompute the project's indicators from the platform's data."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        count = refresh_indicators(project)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s period of the computed indicators was refreshed.",
                    "%(count)s periods of the computed indicators were refreshed.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(
                request,
                _(
                    "This project has no computed indicator: choose a source of "
                    "the value other than « entered by hand » for an indicator."
                ),
            )
        return redirect("evaluations:funding_detail", pk=project.pk)


class BadSide(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.message, self.status = message, status


class CompareVersionsView(FundingAreaMixin, TemplateView):
    """Two versions side by side, or a version and the live draft:
    ``?a=<number>&b=<number|brouillon>``."""

    template_name = "evaluations/funding/compare.html"

    def _parse(self, name: str, default):
        raw = self.request.GET.get(name, "").strip()
        if not raw:
            return default
        if raw == DRAFT:
            return DRAFT
        if not raw.isdigit() or len(raw) > 9:
            raise BadSide(
                _(
                    "« %(value)s » is not a version: choose a version number or "
                    "the draft."
                )
                % {"value": raw[:30]},
                400,
            )
        return int(raw)

    def _label(self, side, versions) -> str:
        if side == DRAFT:
            return _("Current draft")
        version = versions[side]
        return _("Version %(number)s, submitted on %(date)s") % {
            "number": version.number,
            "date": date_format(version.submitted_at, "SHORT_DATE_FORMAT"),
        }

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        versions = {
            v.number: v
            for v in project.versions.order_by("number").only(
                "number", "status", "submitted_at", "project_id"
            )
        }
        latest = max(versions, default=None)
        context = self.get_context_data(
            project=project,
            versions=list(versions.values()),
            draft=DRAFT,
            a=latest,
            b=DRAFT,
        )
        status = 200
        try:
            a = self._parse("a", latest)
            b = self._parse("b", DRAFT)
            context.update(a=a, b=b)
            for side in (a, b):
                if side is None:
                    raise BadSide(
                        _(
                            "No version has been submitted yet: there is nothing "
                            "to compare the draft with."
                        ),
                        200,
                    )
                if side != DRAFT and side not in versions:
                    raise BadSide(
                        _("This project has no version %(number)s.") % {"number": side},
                        404,
                    )
        except BadSide as error:
            context["error"] = error.message
            status = error.status
        else:
            numbers = [side for side in (a, b) if side != DRAFT]
            frozen = dict(
                EvaluationVersion.objects.filter(
                    project=project, number__in=numbers
                ).values_list("number", "snapshot")
            )
            live = snapshot(project) if DRAFT in (a, b) else None
            context.update(
                a_label=self._label(a, versions),
                b_label=self._label(b, versions),
                comparison=compare(
                    live if a == DRAFT else frozen[a],
                    live if b == DRAFT else frozen[b],
                ),
            )
        return self.render_to_response(context, status=status)


urlpatterns = [
    path(
        "financements/<int:pk>/indicateurs/actualiser/",
        RefreshIndicatorsView.as_view(),
        name="funding_refresh_indicators",
    ),
    path(
        "financements/<int:pk>/versions/comparer/",
        CompareVersionsView.as_view(),
        name="funding_compare",
    ),
]
