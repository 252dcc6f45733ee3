"""Self-update pages: field-by-field review, stale entries, verification,
revoked links, and the people a partner proposes with its update."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from core.consent import tick_again

from .. import selfupdate
from ..consent import directory_text_in_force
from ..forms_selfupdate import ContactFormSet, ReviewForm, contact_initial
from ..selectors import change_request_diff
from .organiser import ChangeRequestReviewView, DirectoryChangeMixin, DirectoryMixin


class ChangeRequestFieldReviewView(ChangeRequestReviewView):
    """GET: each proposed field and person with accept / refuse and a reason;
    POST: the decisions (the list page's "accept all" / "reject all" still
    post ``decision``)."""

    template_name = "partners/organiser/changerequest_review.html"

    def get(self, request, *args, **kwargs):
        change_request = self.get_object()
        return self.render_review(
            change_request, ReviewForm(change_request=change_request)
        )

    def post(self, request, *args, **kwargs):
        if "decision" in request.POST:
            return super().post(request, *args, **kwargs)
        change_request = self.get_object()
        form = ReviewForm(request.POST, change_request=change_request)
        if not form.is_valid():
            return self.render_review(change_request, form, status=200)
        fields, contacts = form.decisions()
        try:
            selfupdate.review_change_request(
                change_request=change_request,
                fields=fields,
                contacts=contacts,
                by=request.user,
            )
        except selfupdate.ChangeRequestStateError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            form.add_error(
                None,
                _("The change cannot be applied: %(errors)s")
                % {"errors": "; ".join(error.messages)},
            )
            return self.render_review(change_request, form, status=200)
        else:
            messages.success(
                request,
                _("The review was saved and the partner will be told by e-mail."),
            )
        return redirect("partners:orga_changerequest_list")

    def render_review(self, change_request, form, *, status=200):
        diff = change_request_diff(change_request)
        items = form.bound_items()
        field_rows = [
            (label, current, proposed, decision, reason)
            for (label, current, proposed), (decision, reason, _key) in zip(
                diff, items, strict=False
            )
        ]
        contacts = {
            c.pk: c
            for c in change_request.proposed_contacts.select_related(
                "membership__person"
            )
        }
        contact_rows = [
            (contacts[key[1]], decision, reason)
            for decision, reason, key in items[len(diff) :]
        ]
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "change": change_request,
                "form": form,
                "field_rows": field_rows,
                "contact_rows": contact_rows,
            },
            status=status,
        )


class StaleEntryListView(DirectoryMixin, ListView):
    """Entries never verified, or not for twelve months."""

    template_name = "partners/organiser/stale_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        return selfupdate.stale_entries().filter(
            pk__in=selfupdate.Organisation.objects.for_user(self.request.user).values(
                "pk"
            )
        )


class StaleLinksSendView(DirectoryChangeMixin, View):
    """One action: every stale entry receives its update link."""

    def post(self, request, *args, **kwargs):
        count, without_email, queued = selfupdate.send_stale_links(
            base_url=request.build_absolute_uri("/"), by=request.user
        )
        if queued:
            message = ngettext(
                "The link of %(count)d entry is being sent.",
                "The links of %(count)d entries are being sent; "
                "it may take a few minutes.",
                count,
            )
        else:
            message = ngettext(
                "The link of %(count)d entry was sent.",
                "The links of %(count)d entries were sent.",
                count,
            )
        messages.success(request, message % {"count": count})
        if without_email:
            messages.warning(
                request,
                ngettext(
                    "%(count)d entry has no e-mail: send it its link yourself "
                    "from its page.",
                    "%(count)d entries have no e-mail: send them their link "
                    "yourself from their pages.",
                    without_email,
                )
                % {"count": without_email},
            )
        return redirect("partners:orga_stale_list")


class OrganisationVerifyView(DirectoryChangeMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        selfupdate.mark_verified(organisation=organisation)
        messages.success(request, _("The entry is marked as verified today."))
        if request.POST.get("next") == "stale":
            return redirect("partners:orga_stale_list")
        return redirect(organisation)


class UpdateLinkRevokeView(DirectoryChangeMixin, SingleObjectMixin, View):
    """GET: what revoking does; POST: revoke every link sent so far."""

    def get(self, request, *args, **kwargs):
        return render(
            request,
            "partners/organiser/update_link_revoke.html",
            {
                "layout_template": self.layout_template,
                "organisation": self.get_object(),
            },
        )

    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        selfupdate.revoke_update_links(organisation=organisation)
        messages.success(
            request,
            _("The update links sent to this organisation no longer work."),
        )
        return redirect(organisation)


class ContactsFormsetMixin:
    """The people of the entry, proposed with the update (added, changed or
    removed); the view's ``organisation`` is the entry."""

    def get_contacts_formset(self):
        if not hasattr(self, "_contacts"):
            # A form without the people part (an older page) proposes none.
            data = (
                self.request.POST if "people-TOTAL_FORMS" in self.request.POST else None
            )
            self._contacts = self.contacts_formset(data)
        return self._contacts

    def contacts_formset(self, data):
        organisation = self.get_entry()
        return ContactFormSet(
            data,
            prefix="people",
            organisation=organisation,
            initial=contact_initial(organisation),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.get_contacts_formset()
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        contacts = self.get_contacts_formset()
        if form.is_valid() and (not contacts.is_bound or contacts.is_valid()):
            text = directory_text_in_force()
            if contacts.is_bound and contacts.shown_another_consent_text(text):
                # A new directory text was published while the page was open:
                # the boxes ticked are ticked again beside it before they count.
                self._contacts = tick_again(
                    contacts, in_force=text, build=self.contacts_formset
                )
                context = self.get_context_data(form=form)
                return self.render_to_response(context, status=409)
            return self.form_valid(form)
        return self.form_invalid(form)

    def contact_changes(self, organisation):
        if not self.get_contacts_formset().is_bound:
            return []
        return selfupdate.contact_changes(
            organisation=organisation,
            rows=[form.cleaned_data for form in self.get_contacts_formset().forms],
        )
