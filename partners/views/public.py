"""The self-update page a partner opens from a signed link, without account."""

from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.views import PublicAreaMixin

from .. import services
from ..forms import SelfUpdateForm
from ..models import Organisation
from .selfupdate import ContactsFormsetMixin


class OrganisationSelfUpdateView(ContactsFormsetMixin, PublicAreaMixin, FormView):
    template_name = "partners/public/organisation_update.html"
    form_class = SelfUpdateForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.organisation = services.organisation_from_token(kwargs["token"])
        except services.LinkRevoked:
            return self.link_error(
                _(
                    "This link was revoked by the network's coordinators. "
                    "Ask them for a new one."
                ),
                status=410,
            )
        except signing.SignatureExpired:
            return self.link_error(
                _(
                    "This link has expired. Ask the network's coordinators for a new one."
                ),
                status=410,
            )
        except (signing.BadSignature, ValueError, Organisation.DoesNotExist):
            return self.link_error(
                _("This link is not valid. Check that you copied it whole."),
                status=400,
            )
        return super().dispatch(request, *args, **kwargs)

    def link_error(self, message, *, status):
        return render(
            self.request,
            "partners/public/link_error.html",
            {"message": message, "layout_template": self.layout_template},
            status=status,
        )

    def get_entry(self):
        return self.organisation

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organisation
        kwargs["initial"] = services.pending_proposal(self.organisation)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        return context

    def form_valid(self, form):
        # The form's instance holds the proposal in memory; the entry itself
        # is only changed when a coordinator accepts it.
        original = Organisation.objects.get(pk=self.organisation.pk)
        change = services.submit_change_request(
            organisation=original,
            data=form.cleaned_data,
            submitter_name=form.cleaned_data["submitter_name"],
            submission_key=form.cleaned_data["submission_key"],
            contacts=self.contact_changes(original),
        )
        return render(
            self.request,
            "partners/public/organisation_update_done.html",
            {
                "organisation": original,
                "change": change,
                "layout_template": self.layout_template,
            },
        )
