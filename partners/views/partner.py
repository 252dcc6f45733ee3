"""Signed-in pages: a partner's own organisation, a partnership's convention."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from django.views.generic.detail import SingleObjectMixin
from rules.contrib.views import PermissionRequiredMixin

from core.storage import download_response
from core.views import PartnerAreaMixin

from .. import services
from ..forms import SelfUpdateForm
from ..models import Organisation, Partnership
from ..selectors import organisations_for_partner
from .selfupdate import ContactsFormsetMixin


class PartnerOrganisationListView(PartnerAreaMixin, PermissionRequiredMixin, ListView):
    permission_required = "partners.view_own_organisation"
    template_name = "partners/partner/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return organisations_for_partner(user=self.request.user)


class PartnerOrganisationUpdateView(
    ContactsFormsetMixin, PartnerAreaMixin, SingleObjectMixin, FormView
):
    template_name = "partners/partner/organisation_update.html"
    form_class = SelfUpdateForm
    context_object_name = "organisation"

    def get_queryset(self):
        # Another organisation is a 404: its existence does not leak.
        return organisations_for_partner(user=self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_entry(self):
        return self.object

    def get_initial(self):
        return {
            "submitter_name": self.request.user.get_full_name(),
            **services.pending_proposal(self.object),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        original = Organisation.objects.get(pk=self.object.pk)
        change = services.submit_change_request(
            organisation=original,
            data=form.cleaned_data,
            submitter_name=form.cleaned_data["submitter_name"],
            by=self.request.user,
            contacts=self.contact_changes(original),
        )
        if change is None:
            messages.info(self.request, _("Nothing was changed."))
        else:
            messages.success(
                self.request,
                _("Thank you. Your changes will be reviewed by a coordinator."),
            )
        return redirect("partners:partner_organisation_list")


class PartnershipConventionView(PartnerAreaMixin, SingleObjectMixin, View):
    """Stream a partnership's convention, to those whose scope holds it.

    Coordinators and the partners of either organisation may download it
    (``Partnership.objects.for_user``); anyone else gets a 404, so that not
    even the partnership's existence leaks. The file lives on the private
    storage: this view is its only door.
    """

    def get_queryset(self):
        return Partnership.objects.for_user(self.request.user).only(
            "pk", "first", "second", "convention_file"
        )

    def get(self, request, *args, **kwargs):
        return download_response(self.get_object().convention_file)
