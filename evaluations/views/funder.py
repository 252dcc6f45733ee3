"""The funder's space: /espace/financements/….

A funder's users see the projects their organisation funds
(``FundedProject.objects.for_user``) and the versions submitted to it
(``EvaluationVersion.objects.for_user``: never the live draft). A version is
read from its frozen ``snapshot`` only (``evaluations.funding.snapshot`` says
its layout), so what the funder reads is what was submitted, whatever the
coordinators edit afterwards. The project page shows no live row of the
evaluation either: its general objective comes from the last version sent.

Refusals follow ``SignedInAreaMixin``: a visitor goes to the sign-in page; a
signed-in user without the funder's role gets a 403 on the list and a 404 on
every page naming an object; a project or a version outside the funder's
scope is a 404. No participant's personal data is shown: the snapshot holds
figures and notes, and the pages show no registrant.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.rules import is_funder
from core.views import PartnerAreaMixin
from events.models import Event
from reports.registry import UnknownKind, get_builder

from ..achievement import Achievement
from ..funding import (
    WorkflowError,
    acknowledge_version,
    choice_label,
    comment_version,
    read_decimal,
)
from ..models import (
    EvaluationVersion,
    FundedProject,
    ImprovementPoint,
    Indicator,
    UnexpectedResult,
    VersionComment,
)

# The project's documents, in the order shown; a kind whose builder is not
# registered (yet) shows no button.
PROJECT_DOCUMENTS = ("rapport-evaluation", "compte-rendu-financier")
EVENT_DOCUMENT = "bilan"


class FunderAreaMixin(PartnerAreaMixin, PermissionRequiredMixin):
    permission_required = "evaluations.view_funder_space"

    def get_permission_object(self):
        # The permission is the role's; the object is fetched (or 404) after.
        return None

    def visible_projects(self):
        return FundedProject.objects.for_user(self.request.user)

    def visible_versions(self):
        return EvaluationVersion.objects.for_user(self.request.user)


class FunderProjectListView(FunderAreaMixin, ListView):
    template_name = "evaluations/funder/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        versions = self.visible_versions().filter(project=OuterRef("pk"))
        last = versions.order_by("-number")
        return self.visible_projects().annotate(
            last_version=Subquery(last.values("number")[:1]),
            last_status=Subquery(last.values("status")[:1]),
            awaiting=Subquery(
                versions.filter(status=EvaluationVersion.Status.SUBMITTED)
                .order_by()
                .values("project")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )


def available_documents(kinds) -> list[dict]:
    """The documents of ``kinds`` whose builder is registered, as
    ``{"kind", "label"}``: a kind not registered (yet) shows no button."""
    found = []
    for kind in kinds:
        try:
            builder = get_builder(kind)
        except UnknownKind:
            continue
        found.append({"kind": kind, "label": builder.label})
    return found


class FunderProjectDetailView(FunderAreaMixin, DetailView):
    template_name = "evaluations/funder/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return self.visible_projects()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        versions = list(
            self.visible_versions()
            .filter(project=project)
            .select_related("acknowledged_by")
            .annotate(comment_count=Count("comments"))
            .order_by("-number")
        )
        latest = versions[0] if versions else None
        documents = available_documents(PROJECT_DOCUMENTS)
        if latest is None:
            # The evaluation report shows an evaluation: none was sent yet.
            documents = [d for d in documents if d["kind"] != "rapport-evaluation"]
        context.update(
            versions=versions,
            latest=latest,
            general_objective=(
                latest.snapshot.get("general_objective", "") if latest else ""
            ),
            documents=documents,
            events=list(
                Event.objects.for_user(user)
                .filter(funded_projects=project)
                .order_by("starts_at", "pk")
            ),
            event_documents=available_documents([EVENT_DOCUMENT]),
        )
        return context


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=VersionComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write a comment.")},
    )


def _number(value) -> str:
    """A snapshot's number (a string) as a person reads it: ``1 155``,
    ``4,25``; an empty string for none."""
    if value in (None, ""):
        return ""
    number = read_decimal(value)
    if number is None:
        return str(value)
    decimals = 0 if number == number.to_integral_value() else 2
    return number_format(
        number, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def _with_unit(value, indicator) -> str:
    text = _number(value)
    if not text:
        return ""
    if indicator.get("measure") == Indicator.Measure.PERCENT:
        return f"{text}\u00a0%"
    unit = indicator.get("unit") or ""
    return f"{text}\u00a0{unit}" if unit else text


def read_snapshot(snapshot: dict) -> dict:
    """A version's snapshot made ready for the page: numbers formatted in the
    reader's language, choices as their labels. Missing keys read as empty,
    so an older snapshot still shows."""
    sub_objectives = []
    for sub_objective in snapshot.get("sub_objectives", []):
        results = []
        for result in sub_objective.get("results", []):
            indicators = []
            for indicator in result.get("indicators", []):
                qualitative = indicator.get("measure") == Indicator.Measure.QUALITATIVE
                periods = [
                    {
                        **period,
                        "target_shown": _with_unit(period.get("target"), indicator),
                        "actual_shown": (
                            period.get("actual_text", "")
                            if qualitative
                            else _with_unit(period.get("actual"), indicator)
                        )
                        or period.get("actual_text", ""),
                        "achievement_label": choice_label(
                            Achievement, period.get("achievement", "")
                        ),
                    }
                    for period in indicator.get("periods", [])
                ]
                indicators.append(
                    {
                        **indicator,
                        "periods": periods,
                        "qualitative": qualitative,
                        "direction_label": choice_label(
                            Indicator.Direction, indicator.get("direction", "")
                        ),
                        "computation_label": (
                            choice_label(
                                Indicator.Computation, indicator["computation"]
                            )
                            if indicator.get("computation")
                            else ""
                        ),
                        "baseline_shown": _with_unit(
                            indicator.get("baseline_value"), indicator
                        ),
                        "target_shown": _with_unit(indicator.get("target"), indicator)
                        or indicator.get("target_text", ""),
                    }
                )
            results.append({**result, "indicators": indicators})
        sub_objectives.append({**sub_objective, "results": results})
    return {
        "general_objective": snapshot.get("general_objective", ""),
        "sub_objectives": sub_objectives,
        "unexpected_results": [
            {
                **row,
                "effect_label": choice_label(
                    UnexpectedResult.Effect, row.get("effect")
                ),
            }
            for row in snapshot.get("unexpected_results", [])
        ],
        "improvement_points": [
            {**row, "kind_label": choice_label(ImprovementPoint.Kind, row.get("kind"))}
            for row in snapshot.get("improvement_points", [])
        ],
        "relationship": snapshot.get("relationship", {}),
    }


class VersionMixin(FunderAreaMixin):
    """The version named in the URL, in the funder's scope, or a 404."""

    @cached_property
    def version(self) -> EvaluationVersion:
        return get_object_or_404(
            self.visible_versions().select_related(
                "project", "acknowledged_by", "submitted_by"
            ),
            project_id=self.kwargs["pk"],
            number=self.kwargs["number"],
        )

    def get_success_url(self):
        return reverse(
            "evaluations:funder_version_detail",
            args=[self.kwargs["pk"], self.kwargs["number"]],
        )


class FunderVersionDetailView(VersionMixin, TemplateView):
    template_name = "evaluations/funder/version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.version
        context.update(
            version=version,
            project=version.project,
            evaluation=read_snapshot(version.snapshot or {}),
            comments=list(version.comments.select_related("author")),
            version_parameters=f"version={version.number}",
            can_acknowledge=(
                version.status == EvaluationVersion.Status.SUBMITTED
                and self.request.user.has_perm("evaluations.acknowledge_version")
            ),
        )
        context.setdefault("form", CommentForm())
        return context


def _acknowledgement(version: EvaluationVersion) -> str:
    by = version.acknowledged_by
    return _("This version was already acknowledged on %(date)s by %(name)s.") % {
        "date": date_format(version.acknowledged_at, "DATE_FORMAT"),
        "name": (by.get_full_name() or by.username) if by else "—",
    }


class ActingFunderMixin:
    """Acknowledging and commenting are the funder's own acts: a superuser,
    whom Django's ``has_perm`` lets through every rule, may read the
    funders' space but not speak in a funder's name."""

    def has_permission(self):
        return super().has_permission() and is_funder(self.request.user)


class FunderAcknowledgeView(ActingFunderMixin, VersionMixin, View):
    """POST: the funder acknowledges receipt of a submitted version (once)."""

    permission_required = "evaluations.acknowledge_version"

    def post(self, request, *args, **kwargs):
        version = self.version
        if version.status == EvaluationVersion.Status.ACKNOWLEDGED:
            messages.info(request, _acknowledgement(version))
            return redirect(self.get_success_url())
        try:
            acknowledge_version(version, user=request.user)
        except WorkflowError:
            # Another user of the funder acknowledged it meanwhile.
            version.refresh_from_db()
            messages.info(request, _acknowledgement(version))
        else:
            messages.success(request, _("Receipt of this version acknowledged."))
        return redirect(self.get_success_url())


class FunderCommentView(ActingFunderMixin, FunderVersionDetailView):
    """POST: a comment on a submitted version; an empty one is refused next
    to the field (the version page again, with the error)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.version
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_version(
                    version, user=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(self.get_success_url() + "#comments")
        return self.render_to_response(self.get_context_data(form=form))


V = "<int:pk>/versions/<int:number>/"

# Mounted at /espace/financements/ (evaluations/urls.py).
funder_pages = [
    path("", FunderProjectListView.as_view(), name="funder_project_list"),
    path("<int:pk>/", FunderProjectDetailView.as_view(), name="funder_project_detail"),
    path(V, FunderVersionDetailView.as_view(), name="funder_version_detail"),
    path(
        V + "accuser-reception/",
        FunderAcknowledgeView.as_view(),
        name="funder_version_acknowledge",
    ),
    path(V + "commenter/", FunderCommentView.as_view(), name="funder_version_comment"),
]
