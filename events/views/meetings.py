"""The coordinators' meeting pages: ordre du jour, présents, décisions, actions."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..forms import (
    ActionForm,
    AgendaPointForm,
    AttendanceForm,
    DecisionForm,
    NextMeetingForm,
)
from ..models import Action, Committee, Event
from ..selectors import meeting_for_minutes
from ..services import EventStateError, schedule_next_meeting
from ..services.rows import (
    add_event_row,
    change_action_status,
    remove_event_row,
)

MEETING_FORMS = {
    "points": AgendaPointForm,
    "presences": AttendanceForm,
    "decisions": DecisionForm,
    "actions": ActionForm,
}
RELATED = {
    "points": "agenda_points",
    "presences": "attendances",
    "decisions": "decisions",
    "actions": "actions",
}


def _make_form(key, meeting, data=None):
    form_class = MEETING_FORMS[key]
    if key == "points":
        form = form_class(data, prefix=key)
        form.instance.event = meeting
        return form
    return form_class(data, event=meeting, prefix=key)


class MeetingListView(OrganiserAreaMixin, ListView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_queryset(self):
        return (
            Event.objects.for_user(self.request.user)
            .meetings()
            .select_related("organiser", "committee")
            .annotate(
                present_count=Count(
                    "attendances",
                    filter=Q(attendances__status="present"),
                    distinct=True,
                ),
                open_action_count=Count(
                    "actions",
                    filter=Q(actions__status__in=Action.OPEN_STATUSES),
                    distinct=True,
                ),
            )
            .order_by("-starts_at", "pk")
        )


class MeetingMixin(OrganiserAreaMixin):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/meeting_detail.html"

    def get_meeting(self):
        try:
            return meeting_for_minutes(
                meeting_id=self.kwargs["pk"], user=self.request.user
            )
        except Event.DoesNotExist:
            raise Http404 from None

    def render_meeting(
        self, meeting, *, forms=None, status=200, notice="", opened="", extra=None
    ):
        """The meeting page; to an htmx request, only its minutes (the
        ``#minutes`` block), with ``notice`` said in its status line and
        the ``opened`` section's add form open."""
        forms = forms or {}
        context = {
            "layout_template": self.layout_template,
            "event": meeting,
            "meeting": meeting,
            "present": [a for a in meeting.attendances.all() if a.status == "present"],
            "excused": [a for a in meeting.attendances.all() if a.status == "excuse"],
            "forms": {
                key: forms.get(key) or _make_form(key, meeting) for key in MEETING_FORMS
            },
            "next_form": forms.get("next") or NextMeetingForm(),
            "action_statuses": Action.Status.choices,
            "notice": notice,
            "opened": opened,
            **(extra or {}),
        }
        if opened in MEETING_FORMS and opened not in forms:
            # The form just used comes back empty, its first field focused.
            first = next(iter(context["forms"][opened].fields.values()))
            first.widget.attrs["autofocus"] = True
        template_name = self.template_name
        if self.request.htmx and not self.request.htmx.boosted:
            template_name = "events/organiser/_minutes_body.html"
        return render(self.request, template_name, context, status=status)


class MeetingDetailView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_meeting(self.get_meeting())


class MeetingAddView(MeetingMixin, View):
    permission_required = "events.change_meeting"

    def post(self, request, *args, **kwargs):
        key = kwargs["what"]
        if key not in MEETING_FORMS:
            raise Http404
        meeting = self.get_meeting()
        form = _make_form(key, meeting, request.POST)
        if not form.is_valid():
            return self.render_meeting(meeting, forms={key: form}, opened=key)
        add_event_row(
            event=meeting,
            model=form._meta.model,
            data=form.cleaned_data,
            by=request.user,
        )
        if request.htmx:
            return self.render_meeting(
                self.get_meeting(), notice=_("Added to the minutes."), opened=key
            )
        messages.success(request, _("Added to the minutes."))
        return redirect(
            reverse("events:orga_meeting_detail", args=[meeting.pk]) + f"#{key}"
        )


class MeetingDeleteView(ConfirmDeleteMixin, MeetingMixin, View):
    """A point, a presence, a decision or an action of the minutes: GET says
    what goes with it, POST removes it."""

    permission_required = "events.change_meeting"
    success_message = gettext_lazy("Removed from the minutes.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["what"] not in RELATED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_delete_object(self):
        meeting = get_object_or_404(
            Event.objects.for_user(self.request.user).meetings(), pk=self.kwargs["pk"]
        )
        related = getattr(meeting, RELATED[self.kwargs["what"]])
        return get_object_or_404(related.all(), pk=self.kwargs["obj"])

    def delete(self, obj):
        remove_event_row(row=obj, by=self.request.user)

    def get_success_url(self):
        return (
            reverse("events:orga_meeting_detail", args=[self.kwargs["pk"]])
            + f"#{self.kwargs['what']}"
        )


class ActionStatusView(MeetingMixin, View):
    permission_required = "events.change_meeting"

    def post(self, request, *args, **kwargs):
        meeting = get_object_or_404(
            Event.objects.for_user(request.user).meetings(), pk=kwargs["pk"]
        )
        action = get_object_or_404(meeting.actions.all(), pk=kwargs["action"])
        try:
            change_action_status(
                action=action, status=request.POST.get("status", ""), by=request.user
            )
        except EventStateError as error:
            messages.error(request, str(error))
        else:
            if request.htmx:
                return self.render_meeting(
                    self.get_meeting(), notice=_("The action's status was updated.")
                )
            messages.success(request, _("The action's status was updated."))
        return redirect(
            reverse("events:orga_meeting_detail", args=[meeting.pk]) + "#actions"
        )


class NextMeetingView(MeetingMixin, View):
    permission_required = "events.change_meeting"

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = NextMeetingForm(request.POST, meeting=meeting)
        if not form.is_valid():
            return self.render_meeting(meeting, forms={"next": form})
        try:
            next_meeting = schedule_next_meeting(
                meeting=meeting,
                by=request.user,
                **form.cleaned_data,
            )
        except EventStateError as error:
            messages.error(request, str(error))
            return redirect("events:orga_meeting_detail", pk=meeting.pk)
        messages.success(
            request,
            _("The next meeting is scheduled; open actions are on its agenda."),
        )
        return redirect("events:orga_meeting_detail", pk=next_meeting.pk)


class CommitteeListView(OrganiserAreaMixin, ListView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/committee_list.html"
    context_object_name = "committees"
    paginate_by = 25

    def get_queryset(self):
        return (
            Committee.objects.for_user(self.request.user)
            .select_related("organiser", "series")
            .annotate(
                member_count=Count("members", distinct=True),
                meeting_count=Count("meetings", distinct=True),
            )
            .order_by("title", "pk")
        )


class CommitteeDetailView(OrganiserAreaMixin, View):
    permission_required = "events.view_event_list"

    def get(self, request, *args, **kwargs):
        committee = get_object_or_404(
            Committee.objects.for_user(request.user).select_related(
                "organiser", "series"
            ),
            pk=kwargs["pk"],
        )
        return self.render_committee(request, committee)

    def render_committee(self, request, committee, member_form=None, status=200):
        from ..forms_committees import CommitteeMemberForm

        return render(
            request,
            "events/organiser/committee_detail.html",
            {
                "layout_template": self.layout_template,
                "committee": committee,
                "members": committee.members.select_related("person", "organisation"),
                "meetings": Event.objects.for_user(request.user)
                .filter(committee=committee)
                .order_by("-starts_at"),
                "member_form": member_form or CommitteeMemberForm(committee=committee),
            },
            status=status,
        )
