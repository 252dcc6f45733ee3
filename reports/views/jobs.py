"""Report jobs, for everyone signed in: ask, watch, download, retry, send.

Every page fetches its job through ``ReportJob.objects.for_user`` (a job is
seen by whoever sees its object, in the object's model's ``for_user``), and
a document is asked for about an object fetched by the builder's
``get_object(user, id)``: outside the scope is a 404, so that no existence
leaks, and no job is created.
"""

from urllib.parse import parse_qsl

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.storage import download_response
from core.views import PartnerAreaMixin

from ..models import ReportJob
from ..registry import UnknownKind, get_builder
from ..selectors import jobs_for_user
from ..services import job_is_current, request_report, request_sending, retry_report


class JobListView(PartnerAreaMixin, PermissionRequiredMixin, ListView):
    permission_required = "reports.view_job_list"
    template_name = "reports/job_list.html"
    context_object_name = "jobs"
    paginate_by = 20

    def get_queryset(self):
        return jobs_for_user(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_all"] = self.request.user.has_perm("reports.view_all_jobs")
        return context


class JobAccessMixin:
    """Fetch the job named in the URL; a job one may not see is a 404."""

    def get_job(self) -> ReportJob:
        return get_object_or_404(
            ReportJob.objects.for_user(self.request.user).select_related(
                "requested_by"
            ),
            pk=self.kwargs["pk"],
        )


class JobDetailView(PartnerAreaMixin, JobAccessMixin, DetailView):
    template_name = "reports/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_job()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context["is_current"] = job.is_ready and job_is_current(job)
        context["can_send"] = _can_send(job, self.request.user)
        return context


def _can_send(job: ReportJob, user) -> bool:
    try:
        builder = get_builder(job.kind)
        obj = builder.get_object(user, job.object_id)
    except (UnknownKind, ObjectDoesNotExist):
        return False
    return bool(builder.can_request(user, obj) and builder.recipients(obj))


class JobStatusView(PartnerAreaMixin, JobAccessMixin, View):
    """The status fragment the job page polls while the job is active."""

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        return render(
            request,
            "reports/job_detail.html#status",
            {"job": job, "can_send": job.is_ready and _can_send(job, request.user)},
        )


class JobDownloadView(PartnerAreaMixin, JobAccessMixin, View):
    """Stream the PDF; permission is checked on every download."""

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if not job.is_ready:
            raise Http404
        return download_response(job.file, content_type="application/pdf")


def _object_for(builder, user, object_id: str):
    """The object in ``user``'s scope, or a 404 (deleted or another's)."""
    try:
        return builder.get_object(user, object_id)
    except ObjectDoesNotExist:
        raise Http404 from None


class JobRequestView(PartnerAreaMixin, View):
    """POST from the "Générer le PDF" button: find or queue the job."""

    def post(self, request, *args, **kwargs):
        try:
            builder = get_builder(request.POST.get("kind", ""))
        except UnknownKind:
            raise Http404 from None
        obj = _object_for(builder, request.user, request.POST.get("object_id", ""))
        parameters = dict(parse_qsl(request.POST.get("parameters", "")))
        if request.POST.get("group_by"):
            parameters["group_by"] = request.POST["group_by"]
        # PermissionDenied (a 403) when one may see but not ask for it; a 404
        # when the parameters name something outside one's scope (a version).
        try:
            job = request_report(
                kind=builder.kind, obj=obj, user=request.user, parameters=parameters
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        if job.is_ready:
            messages.info(request, _("This document is already up to date."))
        return redirect(job)


class JobRetryView(PartnerAreaMixin, JobAccessMixin, View):
    def post(self, request, *args, **kwargs):
        job = self.get_job()
        try:
            new_job = retry_report(job=job, user=request.user)
        except ObjectDoesNotExist:
            messages.error(request, _("The object of this document was deleted."))
            return redirect(job)
        return redirect(new_job)


class JobSendView(PartnerAreaMixin, JobAccessMixin, View):
    """E-mail the document to the attendees, now or once it is ready."""

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        try:
            builder = get_builder(job.kind)
        except UnknownKind:
            raise Http404 from None
        obj = _object_for(builder, request.user, job.object_id)
        if not builder.can_request(request.user, obj):
            raise PermissionDenied
        if request_sending(job=job, by=request.user):
            if job.is_ready:
                messages.success(request, _("The document is being sent."))
            else:
                messages.success(
                    request, _("The document will be sent as soon as it is ready.")
                )
        else:
            messages.error(request, _("Nobody to send this document to."))
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            return HttpResponseRedirect(next_url)
        return redirect(job)
