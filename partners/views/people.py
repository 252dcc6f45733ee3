"""The coordinators' pages for people, their memberships and partnerships."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.confirm import ConfirmDeleteMixin
from core.consent import tick_again

from .. import editing
from ..forms import PartnershipForm
from ..forms_people import (
    MembershipEndForm,
    MembershipForm,
    PersonForm,
    PersonSearchForm,
)
from ..models import Membership, Organisation, Partnership, Person
from .organiser import DirectoryChangeMixin, DirectoryMixin


def saved(request, form, save, message) -> bool:
    """Run ``save()`` (a service); its refusal goes beside the field it names,
    its success is said with ``message``."""
    try:
        save()
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
        return False
    messages.success(request, message)
    return True


class DirectoryDeleteView(ConfirmDeleteMixin, DirectoryChangeMixin, View):
    """Confirmed deletion of a directory entry through its service
    ``remove(obj, by)``; back to ``list_url``, cancel to its page."""

    model = None
    list_url = ""
    detail_url = ""

    def get_delete_object(self):
        return get_object_or_404(
            self.model.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def delete(self, obj):
        self.remove(obj, by=self.request.user)

    def get_success_url(self):
        return reverse(self.list_url)

    def get_cancel_url(self):
        return reverse(self.detail_url, args=[self.kwargs["pk"]])


# People ------------------------------------------------------------------


class PersonMixin:
    def get_queryset(self):
        return Person.objects.for_user(self.request.user)


class PersonListView(PersonMixin, DirectoryMixin, ListView):
    template_name = "partners/organiser/person_list.html"
    context_object_name = "people"
    paginate_by = 25

    def get_queryset(self):
        self.search_form = PersonSearchForm(self.request.GET or None)
        people = (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(
                        ended_on__isnull=True
                    ).select_related("organisation"),
                    to_attr="current_memberships",
                )
            )
            .order_by("sort_name", "pk")
        )
        if self.search_form.is_valid():
            # Names, e-mails and organisations, ignoring accents and case.
            people = people.search(self.search_form.cleaned_data["q"])
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["search_form"] = self.search_form
        context["query_string"] = query.urlencode()
        return context


class PersonDetailView(PersonMixin, DirectoryMixin, SingleObjectMixin, View):
    def get(self, request, *args, **kwargs):
        person = self.get_object()
        return self.render_person(person, MembershipForm(person=person))

    def render_person(self, person, membership_form, status=200):
        memberships = list(
            person.memberships.select_related("organisation").order_by(
                "organisation__name", "pk"
            )
        )
        return render(
            self.request,
            "partners/organiser/person_detail.html",
            {
                "layout_template": self.layout_template,
                "person": person,
                "current": [m for m in memberships if m.ended_on is None],
                "past": sorted(
                    (m for m in memberships if m.ended_on is not None),
                    key=lambda m: m.ended_on,
                    reverse=True,
                ),
                "membership_form": membership_form,
            },
            status=status,
        )


class PersonFormMixin:
    """The person form's pages: saved through ``editing.save_person``; a
    directory consent ticked beside an older text than the one in force
    (published while the page was open) is asked again (409)."""

    template_name = "partners/organiser/person_form.html"
    form_class = PersonForm
    success_message = None

    def form_valid(self, form):
        if form.shown_another_consent_text(form.consent_text):
            form = tick_again(form, in_force=form.consent_text, build=self.form_again)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        person = editing.save_person(form=form, by=self.request.user)
        messages.success(self.request, self.success_message)
        return redirect("partners:orga_person_detail", pk=person.pk)

    def form_again(self, data):
        # A fresh instance: validating the first form wrote into its own.
        instance = self.get_object() if self.object is not None else None
        return self.form_class(data=data, instance=instance)


class PersonCreateView(PersonFormMixin, DirectoryChangeMixin, CreateView):
    success_message = gettext_lazy("The person was added.")


class PersonUpdateView(PersonFormMixin, PersonMixin, DirectoryChangeMixin, UpdateView):
    context_object_name = "person"
    success_message = gettext_lazy("The changes were saved.")


class PersonDeleteView(DirectoryDeleteView):
    model = Person
    list_url = "partners:orga_person_list"
    detail_url = "partners:orga_person_detail"
    success_message = gettext_lazy("The person was deleted.")

    def remove(self, obj, by):
        editing.delete_person(person=obj, by=by)


# Memberships -------------------------------------------------------------


class MembershipMixin(DirectoryChangeMixin):
    def get_membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.for_user(self.request.user).select_related(
                "person", "organisation"
            ),
            pk=self.kwargs["pk"],
        )

    def person_url(self, membership) -> str:
        return reverse("partners:orga_person_detail", args=[membership.person_id])


class MembershipCreateView(PersonDetailView):
    """POST from the person's page: a new role in an organisation."""

    permission_required = "partners.change_directory"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = self.get_object()
        form = MembershipForm(request.POST, person=person)
        if form.is_valid() and saved(
            request,
            form,
            lambda: editing.save_membership(membership=form.instance, by=request.user),
            _("The organisation was added."),
        ):
            return redirect("partners:orga_person_detail", pk=person.pk)
        return self.render_person(person, form, status=400)


class MembershipUpdateView(MembershipMixin, View):
    template_name = "partners/organiser/membership_form.html"

    title = gettext_lazy("Edit the membership")
    submit_label = ""

    def render_form(self, membership, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "membership": membership,
                "form": form,
                "title": self.title,
                "submit_label": self.submit_label,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        membership = self.get_membership()
        return self.render_form(
            membership, MembershipForm(instance=membership, person=membership.person)
        )

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        form = MembershipForm(
            request.POST, instance=membership, person=membership.person
        )
        if form.is_valid() and saved(
            request,
            form,
            lambda: editing.save_membership(membership=form.instance, by=request.user),
            _("The changes were saved."),
        ):
            return redirect(self.person_url(membership))
        return self.render_form(membership, form, status=400)


class MembershipEndView(MembershipUpdateView):
    """The person left the organisation: a date, and the membership stays
    in their history."""

    title = gettext_lazy("Leaving the organisation")
    submit_label = gettext_lazy("Record the departure")

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_membership(), MembershipEndForm())

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        form = MembershipEndForm(request.POST)
        if form.is_valid() and saved(
            request,
            form,
            lambda: editing.end_membership(
                membership=membership,
                ended_on=form.cleaned_data["ended_on"],
                by=request.user,
            ),
            _("The departure was recorded; it stays in the history."),
        ):
            return redirect(self.person_url(membership))
        return self.render_form(membership, form, status=400)


class MembershipDeleteView(ConfirmDeleteMixin, MembershipMixin, View):
    success_message = gettext_lazy("The membership was deleted.")
    warning = gettext_lazy(
        "To record that the person left the organisation, use “Has left” instead: "
        "the membership then stays in the history."
    )

    def get_delete_object(self):
        self.membership = self.get_membership()
        return self.membership

    def delete(self, obj):
        editing.delete_membership(membership=obj, by=self.request.user)

    def get_success_url(self):
        return self.person_url(self.membership)


# Partnerships ------------------------------------------------------------


class PartnershipMixin(DirectoryChangeMixin):
    def get_partnership(self) -> Partnership:
        return get_object_or_404(
            Partnership.objects.for_user(self.request.user).select_related(
                "first", "second"
            ),
            pk=self.kwargs["pk"],
        )


class PartnershipUpdateView(PartnershipMixin, View):
    def render_form(self, partnership, form, status=200):
        return render(
            self.request,
            "partners/organiser/partnership_edit.html",
            {
                "layout_template": self.layout_template,
                "partnership": partnership,
                "organisation": partnership.first,
                "form": form,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        form = PartnershipForm(instance=partnership, organisation=partnership.first)
        return self.render_form(partnership, form)

    def post(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        form = PartnershipForm(
            request.POST,
            request.FILES,
            instance=partnership,
            organisation=partnership.first,
        )
        if form.is_valid() and saved(
            request,
            form,
            lambda: editing.save_partnership(form=form, by=request.user),
            _("The changes were saved."),
        ):
            return redirect(partnership.first)
        return self.render_form(partnership, form, status=400)


class PartnershipDeleteView(ConfirmDeleteMixin, PartnershipMixin, View):
    success_message = gettext_lazy("The partnership was deleted.")

    def get_delete_object(self):
        self.partnership = self.get_partnership()
        return self.partnership

    def delete(self, obj):
        editing.delete_partnership(partnership=obj, by=self.request.user)

    def get_success_url(self):
        return self.partnership.first.get_absolute_url()


# Organisations -----------------------------------------------------------


class OrganisationDeleteView(DirectoryDeleteView):
    model = Organisation
    list_url = "partners:orga_organisation_list"
    detail_url = "partners:orga_organisation_detail"
    success_message = gettext_lazy("The organisation was deleted.")
    warning = gettext_lazy(
        "A duplicate is better merged into the right entry: its people, "
        "partnerships and events then move there."
    )

    def remove(self, obj, by):
        editing.delete_organisation(organisation=obj, by=by)
