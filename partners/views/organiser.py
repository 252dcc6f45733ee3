"""The coordinators' directory pages."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)
from django.views.generic.detail import SingleObjectMixin

from core.consent import tick_again
from core.views import OrganiserAreaMixin

from .. import importing, services
from ..filters import OrganisationFilter
from ..forms import (
    ImportForm,
    MemberForm,
    MergeForm,
    OrganisationForm,
    PartnershipForm,
    VocabularyForm,
    parse_field_choices,
)
from ..models import Audience, ChangeRequest, ImportPreview, Organisation, Theme
from ..resources import OrganisationResource, export_csv, export_xlsx
from ..selectors import (
    change_request_diff,
    deleted_proposed_entries,
    merge_effects,
    organisation_for_detail,
    organisations_for_directory,
    pending_change_requests,
    vocabulary_entry_usage,
    vocabulary_names,
)


class DirectoryMixin(OrganiserAreaMixin):
    permission_required = "partners.view_directory"


class DirectoryChangeMixin(OrganiserAreaMixin):
    permission_required = "partners.change_directory"

    def get_queryset(self):
        return Organisation.objects.for_user(self.request.user)


class OrganisationListView(DirectoryMixin, ListView):
    template_name = "partners/organiser/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = OrganisationFilter(
            self.request.GET or None,
            queryset=organisations_for_directory(user=self.request.user),
        )
        if self.filterset.is_bound and self.filterset.is_valid():
            return self.filterset.qs.distinct()
        return organisations_for_directory(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter"] = self.filterset
        context["query_string"] = query.urlencode()
        context["pending_count"] = (
            ChangeRequest.objects.for_user(self.request.user)
            .filter(status=ChangeRequest.Status.PENDING)
            .count()
        )
        return context


class OrganisationDetailView(DirectoryMixin, DetailView):
    template_name = "partners/organiser/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return organisation_for_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context["partnerships"] = [
            (p, p.second) for p in organisation.partnerships_as_first.all()
        ] + [(p, p.first) for p in organisation.partnerships_as_second.all()]
        context["history"] = list(
            organisation.history.select_related("history_user").order_by(
                "-history_date"
            )[:10]
        )
        context["partnership_form"] = PartnershipForm(organisation=organisation)
        context["merge_form"] = MergeForm(organisation=organisation)
        context["member_form"] = MemberForm()
        return context


class OrganisationCreateView(DirectoryChangeMixin, CreateView):
    template_name = "partners/organiser/organisation_form.html"
    form_class = OrganisationForm

    def form_valid(self, form):
        self.object = services.save_organisation(form=form, by=self.request.user)
        messages.success(self.request, _("The organisation was added."))
        return redirect(self.object)


class OrganisationUpdateView(DirectoryChangeMixin, UpdateView):
    template_name = "partners/organiser/organisation_form.html"
    form_class = OrganisationForm

    def form_valid(self, form):
        self.object = services.save_organisation(form=form, by=self.request.user)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.object)


class PartnershipCreateView(DirectoryChangeMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        form = PartnershipForm(request.POST, request.FILES, organisation=organisation)
        if form.is_valid():
            from ..editing import save_partnership

            try:
                save_partnership(form=form, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The partnership was added."))
                return redirect(organisation)
        return render(
            request,
            "partners/organiser/partnership_form.html",
            {
                "form": form,
                "organisation": organisation,
                "layout_template": self.layout_template,
            },
            status=400,
        )


class MemberCreateView(DirectoryChangeMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        form, status = MemberForm(request.POST), 400
        if form.is_valid():
            if not form.shown_another_consent_text(form.consent_text):
                services.add_member(
                    organisation=organisation,
                    data=form.cleaned_data,
                    by=request.user,
                    consent_text=form.consent_text,
                )
                messages.success(request, _("The person was added."))
                return redirect(organisation)
            # A new directory text was published while the page was open.
            form = tick_again(form, in_force=form.consent_text, build=MemberForm)
            status = 409
        return render(
            request,
            "partners/organiser/member_form.html",
            {
                "form": form,
                "organisation": organisation,
                "layout_template": self.layout_template,
            },
            status=status,
        )


class OrganisationMergeView(DirectoryChangeMixin, SingleObjectMixin, View):
    """GET shows what merging the chosen duplicate moves and deletes; POST
    (that page's form) merges."""

    def get(self, request, *args, **kwargs):
        keep = self.get_object()
        form = MergeForm(request.GET, organisation=keep)
        if not form.is_valid():
            messages.error(request, _("Choose the duplicate to merge."))
            return redirect(keep)
        duplicate = form.cleaned_data["duplicate"]
        return render(
            request,
            "partners/organiser/organisation_merge.html",
            {
                "organisation": keep,
                "duplicate": duplicate,
                "effects": merge_effects(keep=keep, duplicate=duplicate),
                "layout_template": self.layout_template,
            },
        )

    def post(self, request, *args, **kwargs):
        keep = self.get_object()
        form = MergeForm(request.POST, organisation=keep)
        if not form.is_valid():
            messages.error(request, _("Choose the duplicate to merge."))
            return redirect(keep)
        duplicate = form.cleaned_data["duplicate"]
        name = str(duplicate)
        services.merge_organisations(keep=keep, duplicate=duplicate, by=request.user)
        messages.success(
            request,
            _("%(duplicate)s was merged into this organisation.") % {"duplicate": name},
        )
        return redirect(keep)


class UpdateLinkView(DirectoryChangeMixin, SingleObjectMixin, View):
    """Make a signed self-update link and e-mail it to the organisation."""

    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        token = services.make_update_token(organisation=organisation)
        link = request.build_absolute_uri(
            reverse("partners:public_organisation_update", args=[token])
        )
        sent = services.send_update_link(
            organisation=organisation, link=link, by=request.user
        )
        if sent:
            messages.success(
                request,
                _("The link was sent to %(email)s. It is valid for 30 days: %(link)s")
                % {"email": organisation.email, "link": link},
            )
        else:
            messages.warning(
                request,
                _(
                    "This organisation has no generic e-mail. Send it this "
                    "link yourself (valid for 30 days): %(link)s"
                )
                % {"link": link},
            )
        return redirect(organisation)


# Review queue -------------------------------------------------------------


class ChangeRequestListView(DirectoryMixin, ListView):
    template_name = "partners/organiser/changerequest_list.html"
    context_object_name = "change_requests"
    paginate_by = 20

    def get_queryset(self):
        return pending_change_requests(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = vocabulary_names()
        context["reviews"] = [
            (request, change_request_diff(request, names))
            for request in context["change_requests"]
        ]
        return context


class ChangeRequestReviewView(DirectoryChangeMixin, SingleObjectMixin, View):
    def get_queryset(self):
        return pending_change_requests(user=self.request.user)

    def post(self, request, *args, **kwargs):
        change_request = self.get_object()
        try:
            if request.POST.get("decision") == "accept":
                deleted = deleted_proposed_entries(change_request)
                services.accept_change_request(
                    change_request=change_request, by=request.user
                )
                messages.success(request, _("The change was applied."))
                if deleted:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d proposed audience or theme was deleted "
                            "since the proposal; it was left out.",
                            "%(count)d proposed audiences or themes were deleted "
                            "since the proposal; they were left out.",
                            deleted,
                        )
                        % {"count": deleted},
                    )
            else:
                services.reject_change_request(
                    change_request=change_request, by=request.user
                )
                messages.success(request, _("The change was rejected."))
        except services.ChangeRequestStateError as error:
            messages.error(request, str(error))
        except ValidationError as error:  # a proposal that no longer validates
            messages.error(
                request,
                _("The change cannot be applied: %(errors)s")
                % {"errors": "; ".join(error.messages)},
            )
        return redirect("partners:orga_changerequest_list")


# Vocabularies -------------------------------------------------------------


class VocabularyView(DirectoryChangeMixin, FormView):
    template_name = "partners/organiser/vocabulary_list.html"
    form_class = VocabularyForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["audiences"] = Audience.objects.all()
        context["themes"] = Theme.objects.all()
        return context

    def form_valid(self, form):
        form.cleaned_data["model"].objects.create(name=form.cleaned_data["name"])
        messages.success(self.request, _("The entry was added."))
        return redirect("partners:orga_vocabulary_list")


VOCABULARIES = {"audience": Audience, "theme": Theme}


def _vocabulary_entry(kind, pk):
    model = VOCABULARIES.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


class VocabularyRenameView(DirectoryChangeMixin, View):
    def post(self, request, kind, pk):
        entry = _vocabulary_entry(kind, pk)
        model = type(entry)
        name = request.POST.get("name", "").strip()[:120]
        if request.POST.get("delete"):
            # Deleting is confirmed on its own page, which says who uses it.
            return redirect("partners:orga_vocabulary_delete", kind=kind, pk=pk)
        if not name or model.objects.filter(name__iexact=name).exclude(pk=pk).exists():
            messages.error(request, _("This name is empty or already used."))
        else:
            entry.name = name
            entry.save(update_fields=["name", "updated_at"])
            messages.success(request, _("The entry was renamed."))
        return redirect("partners:orga_vocabulary_list")


class VocabularyDeleteView(DirectoryChangeMixin, View):
    """GET shows which organisations lose the entry; POST deletes it."""

    def get(self, request, kind, pk):
        entry = _vocabulary_entry(kind, pk)
        return render(
            request,
            "partners/organiser/vocabulary_delete.html",
            {
                "entry": entry,
                "kind": kind,
                "usage": vocabulary_entry_usage(entry),
                "layout_template": self.layout_template,
            },
        )

    def post(self, request, kind, pk):
        entry = _vocabulary_entry(kind, pk)
        services.delete_vocabulary_entry(entry=entry, by=request.user)
        messages.success(request, _("The entry was deleted."))
        return redirect("partners:orga_vocabulary_list")


# Import and export --------------------------------------------------------


def _preview_of(request, token) -> ImportPreview:
    """The importer's own preview; anyone else's is a 404."""
    return get_object_or_404(ImportPreview, token=token, created_by=request.user)


def _result_message(result: dict) -> str:
    return ngettext(
        "Import done: %(created)d created, %(updated)d updated, "
        "%(rejected)d rejected row.",
        "Import done: %(created)d created, %(updated)d updated, "
        "%(rejected)d rejected rows.",
        result.get("rejected", 0),
    ) % {
        "created": result.get("created", 0),
        "updated": result.get("updated", 0),
        "rejected": result.get("rejected", 0),
    }


class ImportUploadView(DirectoryChangeMixin, FormView):
    template_name = "partners/organiser/import_form.html"
    form_class = ImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            form.add_error(
                "file",
                _("The file is too large (at most %(size)d MB).")
                % {"size": importing.MAX_BYTES // (1024 * 1024)},
            )
            return self.form_invalid(form)
        content = upload.read()
        try:
            OrganisationResource.preview_file(
                content,
                upload.name,
                postal_code=form.cleaned_data["postal_code"],
            )
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        preview = services.create_import_preview(
            content=content,
            filename=PurePath(upload.name).name,
            postal_code=form.cleaned_data["postal_code"],
            by=self.request.user,
        )
        return redirect("partners:orga_import_preview", token=preview.token)


class ImportPreviewView(DirectoryChangeMixin, TemplateView):
    """GET shows what the file would do, field by field for updates; POST
    imports it once, keeping the current values the coordinator ticked."""

    template_name = "partners/organiser/import_preview.html"
    shown_rows = 500

    def get(self, request, token):
        preview = _preview_of(request, token)
        if preview.status == ImportPreview.Status.DONE:
            messages.info(request, _result_message(preview.result))
            return redirect("partners:orga_organisation_list")
        try:
            plan = services.plan_preview(preview)
        except importing.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("partners:orga_import")
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                token=token,
                entry=preview,
                outcomes=plan.outcomes[: self.shown_rows],
                shown_rows=self.shown_rows,
            )
        )

    def post(self, request, token):
        preview = _preview_of(request, token)
        try:
            preview, imported = services.confirm_import(
                preview=preview,
                by=request.user,
                kept=parse_field_choices(request.POST.getlist("keep")),
                decided=parse_field_choices(request.POST.getlist("decided")),
            )
        except importing.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("partners:orga_import")
        if imported:
            messages.success(request, _result_message(preview.result))
        else:
            messages.info(
                request,
                _("This import was already confirmed. %(result)s")
                % {"result": _result_message(preview.result)},
            )
        return redirect("partners:orga_organisation_list")


class ImportRejectedView(DirectoryChangeMixin, View):
    def get(self, request, token):
        preview = _preview_of(request, token)
        if preview.status != ImportPreview.Status.PENDING:
            raise Http404
        try:
            plan = services.plan_preview(preview)
        except importing.ImportFileError as error:
            raise Http404 from error
        response = HttpResponse(
            importing.rejected_rows_csv(plan).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="lignes-rejetees.csv"'
        return response


class ExportView(DirectoryMixin, View):
    def get(self, request, file_format):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        # The same scope as the directory's pages (``for_user``).
        organisations = OrganisationResource().get_queryset().for_user(request.user)
        if file_format == "xlsx":
            response = HttpResponse(
                export_xlsx(organisations),
                content_type=(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
            )
        else:
            response = HttpResponse(
                export_csv(organisations), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = (
            f'attachment; filename="annuaire-partenaires.{file_format}"'
        )
        return response
