"""The coordinators' pages that make and change committees and their members
(the list and the page of a committee are in ``meetings.py``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..forms_committees import CommitteeForm, CommitteeMemberForm
from ..models import Committee, CommitteeMember
from ..services.committees import (
    add_committee_member,
    delete_committee,
    remove_committee_member,
    save_committee,
)
from .meetings import CommitteeDetailView


class CommitteeChangeMixin(OrganiserAreaMixin):
    permission_required = "events.change_committee"

    def get_committee(self) -> Committee:
        return get_object_or_404(
            Committee.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )


class CommitteeFormView(CommitteeChangeMixin, View):
    template_name = "events/organiser/committee_form.html"

    def get_instance(self):
        return self.get_committee() if "pk" in self.kwargs else None

    def render_form(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "form": form,
                "committee": form.instance if form.instance.pk else None,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(CommitteeForm(instance=self.get_instance()))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CommitteeForm(request.POST, instance=instance)
        if not form.is_valid():
            return self.render_form(form, status=400)
        committee = save_committee(form=form, by=request.user)
        messages.success(
            request,
            _("The changes were saved.") if instance else _("The committee was added."),
        )
        return redirect(committee)


class CommitteeDeleteView(ConfirmDeleteMixin, CommitteeChangeMixin, View):
    success_message = gettext_lazy("The committee was deleted; its meetings remain.")

    def get_delete_object(self):
        return self.get_committee()

    def delete(self, obj):
        delete_committee(committee=obj, by=self.request.user)

    def get_success_url(self):
        return reverse("events:orga_committee_list")

    def get_cancel_url(self):
        return reverse("events:orga_committee_detail", args=[self.kwargs["pk"]])


class CommitteeMemberAddView(CommitteeChangeMixin, View):
    def post(self, request, *args, **kwargs):
        committee = self.get_committee()
        form = CommitteeMemberForm(request.POST, committee=committee)
        if form.is_valid():
            try:
                add_committee_member(member=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The member was added."))
                return redirect(
                    reverse("events:orga_committee_detail", args=[committee.pk])
                    + "#membres"
                )
        return CommitteeDetailView.render_committee(
            self, request, committee, member_form=form, status=400
        )


class CommitteeMemberRemoveView(ConfirmDeleteMixin, CommitteeChangeMixin, View):
    success_message = gettext_lazy("The member was removed from the committee.")

    def get_confirm_title(self, obj) -> str:
        return _("Remove %(person)s from “%(committee)s”") % {
            "person": obj.person,
            "committee": obj.committee,
        }

    def get_delete_object(self):
        return get_object_or_404(
            CommitteeMember.objects.filter(
                committee__in=Committee.objects.for_user(self.request.user)
            ).select_related("person", "committee"),
            pk=self.kwargs["member_pk"],
            committee_id=self.kwargs["pk"],
        )

    def delete(self, obj):
        remove_committee_member(member=obj, by=self.request.user)

    def get_success_url(self):
        return reverse("events:orga_committee_detail", args=[self.kwargs["pk"]])
