"""Writing the minutes in place: présents and excusés many at once, and
agenda points, decisions and actions edited inline (htmx, with a full-page
fallback)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_htmx.http import reswap, retarget

from partners.models import Person

from ..forms import AttendeeListForm
from ..models import Attendance, Event
from ..services.attendees import (
    AttendeeRow,
    Candidate,
    add_attendees,
    checkin_candidates,
    committee_candidates,
    pasted_candidates,
)
from ..services.rows import update_row
from .meetings import MEETING_FORMS, RELATED, MeetingMixin

EDITABLE = ("points", "decisions", "actions")
SOURCES = {"comite": committee_candidates, "emargement": checkin_candidates}


class MinutesRowUpdateView(MeetingMixin, View):
    """Edit a point (its notes too), a decision or an action of the minutes.

    To htmx, GET gives the row's form in place of the row; a valid POST
    gives the minutes back, an invalid one the form with its errors."""

    permission_required = "events.change_meeting"
    fragment_template = "events/organiser/_minutes_row_form.html"
    page_template = "events/organiser/minutes_row_form.html"

    def setup_row(self):
        what = self.kwargs.get("what", "points")
        if what not in EDITABLE:
            raise Http404
        obj_id = self.kwargs.get("obj") or self.kwargs.get("point")
        meeting = self.get_meeting()
        rows = {row.pk: row for row in getattr(meeting, RELATED[what]).all()}
        if obj_id not in rows:
            raise Http404
        return what, meeting, rows[obj_id]

    def form_for(self, what, meeting, row, data=None):
        # Unprefixed names; ids of their own, so several rows can be open.
        return MEETING_FORMS[what](
            data,
            instance=row,
            auto_id=f"id_edit-{what}-{row.pk}_%s",
            **({"event": meeting} if what != "points" else {}),
        )

    def render_form(self, what, meeting, row, form, status=200):
        context = {
            "layout_template": self.layout_template,
            "meeting": meeting,
            "event": meeting,
            "what": what,
            "row": row,
            "form": form,
        }
        if self.request.htmx:
            return render(self.request, self.fragment_template, context, status=status)
        return render(self.request, self.page_template, context, status=status)

    def get(self, request, *args, **kwargs):
        what, meeting, row = self.setup_row()
        return self.render_form(what, meeting, row, self.form_for(what, meeting, row))

    def post(self, request, *args, **kwargs):
        what, meeting, row = self.setup_row()
        form = self.form_for(what, meeting, row, request.POST)
        if not form.is_valid():
            response = self.render_form(what, meeting, row, form)
            if request.htmx:
                response = reswap(
                    retarget(response, f"#edit-{what}-{row.pk}"), "outerHTML"
                )
            return response
        update_row(row=row, data=form.cleaned_data, by=request.user)
        if request.htmx:
            return self.render_meeting(
                self.get_meeting(), notice=_("The minutes were saved.")
            )
        messages.success(request, _("The minutes were saved."))
        return redirect(
            reverse("events:orga_meeting_detail", args=[meeting.pk]) + f"#{what}"
        )


def _candidates_from_form(form: AttendeeListForm) -> list[Candidate]:
    people = Person.objects.in_bulk(form.known_people)
    candidates = []
    for line in form.lines:
        value = line["person"]
        person = (
            people.get(int(value)) if value.isdigit() and len(value) <= 12 else None
        )
        candidates.append(
            Candidate(
                first_name=line["first_name"],
                last_name=line["last_name"],
                organisation_name=line["organisation"],
                note=line["note"],
                matches=[person] if person else [],
                ticked=line["ticked"],
                errors=form.line_errors.get(line["index"], {}),
            )
        )
    return candidates


class AttendeeCandidatesView(MeetingMixin, View):
    """The list to confirm: the committee's members (GET ``source=comite``),
    the check-in (``source=emargement``) or pasted names (POST ``names``),
    each matched against the directory."""

    permission_required = "events.change_meeting"
    fragment_template = "events/organiser/_attendee_candidates.html"

    def get_meeting(self):
        if not self.request.htmx:
            return super().get_meeting()  # the whole page around the list
        return get_object_or_404(
            Event.objects.for_user(self.request.user)
            .meetings()
            .select_related("committee"),
            pk=self.kwargs["pk"],
        )

    def respond(self, meeting, candidates, *, source, form=None, names=""):
        context = {
            "meeting": meeting,
            "candidates": candidates,
            "source": source,
            "list_form": form or AttendeeListForm(),
            "names": names,
        }
        if self.request.htmx:
            return render(self.request, self.fragment_template, context)
        return self.render_meeting(meeting, extra=context, opened="presences")

    def get(self, request, *args, **kwargs):
        source = request.GET.get("source", "")
        if source not in SOURCES:
            raise Http404
        meeting = self.get_meeting()
        return self.respond(meeting, SOURCES[source](meeting), source=source)

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        names = request.POST.get("names", "")[:20000]
        return self.respond(
            meeting, pasted_candidates(meeting, names), source="liste", names=names
        )


class AttendeesAddView(AttendeeCandidatesView):
    """Put the ticked lines on the list, as présents or excusés."""

    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = AttendeeListForm(request.POST)
        if not form.is_valid():
            response = self.respond(
                meeting,
                _candidates_from_form(form),
                source=request.POST.get("source", "liste")[:20],
                form=form,
                names=request.POST.get("names", "")[:20000],
            )
            return response
        created, skipped = add_attendees(
            meeting=meeting,
            rows=[AttendeeRow(**row) for row in form.rows()],
            status=form.cleaned_data["status"],
            by=request.user,
        )
        if form.cleaned_data["status"] == Attendance.Status.PRESENT:
            notice = ngettext(
                "%(count)d person added to those present.",
                "%(count)d people added to those present.",
                len(created),
            ) % {"count": len(created)}
        else:
            notice = ngettext(
                "%(count)d person added to those excused.",
                "%(count)d people added to those excused.",
                len(created),
            ) % {"count": len(created)}
        if skipped:
            notice += " " + ngettext(
                "%(count)d was already on the list.",
                "%(count)d were already on the list.",
                skipped,
            ) % {"count": skipped}
        if request.htmx:
            response = self.render_meeting(
                MeetingMixin.get_meeting(self), notice=notice, opened="presences"
            )
            return reswap(retarget(response, "#minutes"), "innerHTML")
        messages.success(request, notice)
        return redirect(
            reverse("events:orga_meeting_detail", args=[meeting.pk]) + "#presences"
        )
