"""The coordinators' event pages: events, programme builder, attendees."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin
from partners.models import Organisation, Person
from partners.validators import normalise_text

from ..exporters import attendees_csv, attendees_xlsx
from ..forms import (
    ActivitySessionForm,
    AgendaItemForm,
    BudgetLineForm,
    DuplicateEventForm,
    DurationForm,
    EventForm,
    EventPartForm,
    HandRegistrationForm,
    InlineSpeakerForm,
    ReorderForm,
    RoomForm,
    SeriesForm,
    SpeakerForm,
    StandForm,
    TeamRoleForm,
)
from ..models import (
    BudgetLine,
    Event,
    EventSeries,
    Registration,
    SessionAttendance,
    TeamRole,
)
from ..selectors import (
    attendee_counts,
    attendees,
    checkin_counts,
    checkin_part,
    events_for_organiser,
    parts_with_seats,
    programme_by_part,
    programme_conflicts,
    programme_items,
    series_statistics,
)
from ..services import (
    EventStateError,
    ProgrammeMoveError,
    RegistrationError,
    add_part,
    allowed_statuses,
    change_event_status,
    change_item_duration,
    create_event,
    delete_series,
    duplicate_event,
    move_agenda_item,
    programme_snapshot,
    registrations_in_part,
    remove_part,
    restore_programme,
    save_series,
    set_attended,
    update_event,
    update_part,
)
from ..services.registrations import (
    register_by_hand,
    set_part_attended,
    set_session_attendance,
)
from ..services.rows import (
    add_agenda_item,
    add_event_row,
    add_speaker,
    add_speaker_named,
    remove_event_row,
    update_row,
)


class EventMixin:
    """Fetch ``self.event`` from the URL through the user's visible events."""

    event_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.event = get_object_or_404(
                events_for_organiser(user=request.user), pk=kwargs[self.event_kwarg]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        return context


class EventListView(OrganiserAreaMixin, ListView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        events = events_for_organiser(user=self.request.user)
        self.kind = self.request.GET.get("kind", "")
        if self.kind == "reunions":
            events = events.meetings()
        elif self.kind in Event.Kind.values:
            events = events.filter(kind=self.kind)
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Event.Kind.choices
        context["kind"] = self.kind
        context["query_string"] = f"kind={self.kind}" if self.kind else ""
        context["series_list"] = EventSeries.objects.for_user(self.request.user).only(
            "title"
        )
        return context


class EventDetailView(OrganiserAreaMixin, DetailView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return events_for_organiser(user=self.request.user).prefetch_related(
            "co_organisers",
            "funders",
            "rooms",
            Prefetch("stands", queryset=_stands()),
            Prefetch(
                "team",
                queryset=TeamRole.objects.select_related("person", "organisation"),
            ),
            Prefetch(
                "budget_lines", queryset=BudgetLine.objects.select_related("funder")
            ),
            "sessions",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        items = programme_items(event=event)
        context["programme"] = programme_by_part(items=items)
        context["conflicts"] = programme_conflicts(event=event, items=items)
        context["parts"] = parts_with_seats(event=event)
        context["budget"] = event.budget_lines.aggregate(
            planned=Sum("planned"), actual=Sum("actual")
        )
        context["next_statuses"] = [
            (status, Event.Status(status).label, STATUS_BUTTONS[status])
            for status in allowed_statuses(event)
        ]
        return context


# What each status change's button says (the verb, in the infinitive).
STATUS_BUTTONS = {
    Event.Status.PUBLISHED: gettext_lazy("Publish the event"),
    Event.Status.DRAFT: gettext_lazy("Back to draft"),
    Event.Status.FINISHED: gettext_lazy("Mark as finished"),
    Event.Status.CANCELLED: gettext_lazy("Cancel the event"),
}


def _stands():
    from ..models import Stand

    return Stand.objects.select_related("organisation")


class EventCreateView(OrganiserAreaMixin, CreateView):
    permission_required = "events.add_event"
    template_name = "events/organiser/event_form.html"
    form_class = EventForm

    def get_initial(self):
        initial = super().get_initial()
        if series_id := self.request.GET.get("series"):
            initial["series"] = series_id
        return initial

    def form_valid(self, form):
        self.object = create_event(data=form.cleaned_data, by=self.request.user)
        messages.success(self.request, _("The event was created as a draft."))
        return redirect(self.object)


class EventUpdateView(OrganiserAreaMixin, UpdateView):
    permission_required = "events.change_event"
    template_name = "events/organiser/event_form.html"
    form_class = EventForm

    def get_queryset(self):
        return events_for_organiser(user=self.request.user)

    def form_valid(self, form):
        promoted = update_event(
            event=self.object, data=form.cleaned_data, by=self.request.user
        )
        messages.success(self.request, _("The event was saved."))
        _report_promotions(self.request, promoted)
        return redirect(self.object)


def _report_promotions(request, promoted) -> None:
    if promoted:
        messages.info(
            request,
            ngettext(
                "%(count)s person left the waiting list and was told by e-mail.",
                "%(count)s people left the waiting list and were told by e-mail.",
                len(promoted),
            )
            % {"count": len(promoted)},
        )


class EventStatusView(OrganiserAreaMixin, EventMixin, View):
    """Publish, finish, cancel or reopen an event, as its status allows."""

    permission_required = "events.change_event"
    messages_by_status = {
        Event.Status.PUBLISHED: gettext_lazy("The event is now published."),
        Event.Status.DRAFT: gettext_lazy("The event is back to draft."),
        Event.Status.FINISHED: gettext_lazy("The event is marked as finished."),
        Event.Status.CANCELLED: gettext_lazy("The event is cancelled."),
    }

    def post(self, request, *args, **kwargs):
        status = request.POST.get("status", "")
        try:
            change_event_status(event=self.event, status=status, by=request.user)
        except EventStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.messages_by_status[status])
        return redirect(self.event)


class EventDuplicateView(OrganiserAreaMixin, EventMixin, FormView):
    """A new edition from this one, programme shifted to the new date."""

    permission_required = "events.add_event"
    template_name = "events/organiser/event_duplicate.html"
    form_class = DuplicateEventForm

    def get_initial(self):
        year = self.event.starts_at.year
        title = self.event.title.replace(str(year), str(year + 1))
        if title == self.event.title:
            title = _("%(title)s (new edition)") % {"title": self.event.title}
        return {
            "title": title,
            "starts_at": self.event.starts_at.replace(year=year + 1)
            if not (self.event.starts_at.month == 2 and self.event.starts_at.day == 29)
            else self.event.starts_at,
        }

    def form_valid(self, form):
        copy = duplicate_event(
            event=self.event,
            starts_at=form.cleaned_data["starts_at"],
            title=form.cleaned_data["title"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("The new edition was created as a draft, with its programme."),
        )
        return redirect("events:orga_programme", pk=copy.pk)


# --- Rooms, parts, stands, team and budget ---------------------------------

SUBOBJECTS = {
    "salles": (RoomForm, "rooms"),
    "parties": (EventPartForm, "parts"),
    "stands": (StandForm, "stands"),
    "equipe": (TeamRoleForm, "team"),
    "budget": (BudgetLineForm, "budget_lines"),
    "seances": (ActivitySessionForm, "sessions"),
}


class EventSetupView(OrganiserAreaMixin, EventMixin, TemplateView):
    """Rooms, parts, stands, team and budget of one event, on one page."""

    permission_required = "events.change_event"
    template_name = "events/organiser/event_setup.html"

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = forms or {}
        event = self.event
        context["forms"] = {
            key: forms.get(key) or form_class(event=event, prefix=key)
            for key, (form_class, _related) in SUBOBJECTS.items()
        }
        context["rooms"] = list(event.rooms.all())
        context["parts"] = parts_with_seats(event=event)
        context["stands"] = list(_stands().filter(event=event))
        context["team"] = list(event.team.select_related("person", "organisation"))
        context["budget_lines"] = list(event.budget_lines.select_related("funder"))
        context["sessions"] = list(event.sessions.select_related("room"))
        context["budget"] = event.budget_lines.aggregate(
            planned=Sum("planned"), actual=Sum("actual")
        )
        return context


class EventSetupAddView(EventSetupView):
    def post(self, request, *args, **kwargs):
        key = kwargs["what"]
        if key not in SUBOBJECTS:
            raise Http404
        form_class, _related = SUBOBJECTS[key]
        form = form_class(request.POST, event=self.event, prefix=key)
        if form.is_valid():
            if key == "parties":
                add_part(event=self.event, by=request.user, **form.cleaned_data)
            else:
                add_event_row(
                    event=self.event,
                    model=form._meta.model,
                    data=form.cleaned_data,
                    by=request.user,
                )
            messages.success(request, _("Added."))
            return redirect(
                reverse("events:orga_event_setup", args=[self.event.pk]) + f"#{key}"
            )
        return self.render_to_response(self.get_context_data(forms={key: form}))


class EventSetupDeleteView(ConfirmDeleteMixin, OrganiserAreaMixin, EventMixin, View):
    """A room, stand, team role, budget line or session: GET says what goes
    with it, POST removes it. A part has its own page (it tells people)."""

    permission_required = "events.change_event"
    success_message = gettext_lazy("Deleted.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["what"] not in SUBOBJECTS:
            raise Http404
        if kwargs["what"] == "parties":
            return redirect(
                "events:orga_part_delete", pk=kwargs["pk"], part=kwargs["obj"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_delete_object(self):
        related = getattr(self.event, SUBOBJECTS[self.kwargs["what"]][1])
        return get_object_or_404(related.all(), pk=self.kwargs["obj"])

    def delete(self, obj):
        remove_event_row(row=obj, by=self.request.user)

    def get_success_url(self):
        return (
            reverse("events:orga_event_setup", args=[self.event.pk])
            + f"#{self.kwargs['what']}"
        )


class PartMixin(OrganiserAreaMixin, EventMixin):
    permission_required = "events.change_event"

    def get_part(self):
        return get_object_or_404(self.event.parts.all(), pk=self.kwargs["part"])

    def setup_url(self):
        return reverse("events:orga_event_setup", args=[self.event.pk]) + "#parties"


class PartUpdateView(PartMixin, View):
    """Edit a part: its title, times and capacity (seats kept, those waiting
    seated when it grows)."""

    template_name = "events/organiser/part_form.html"

    def render_form(self, part, form):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "event": self.event,
                "part": part,
                "form": form,
                "registration_count": registrations_in_part(part).count(),
            },
        )

    def get(self, request, *args, **kwargs):
        part = self.get_part()
        return self.render_form(part, EventPartForm(instance=part, event=self.event))

    def post(self, request, *args, **kwargs):
        part = self.get_part()
        form = EventPartForm(request.POST, instance=part, event=self.event)
        if not form.is_valid():
            return self.render_form(self.get_part(), form)
        promoted = update_part(part=part, by=request.user, **form.cleaned_data)
        messages.success(request, _("The part was saved."))
        _report_promotions(request, promoted)
        return redirect(self.setup_url())


class PartDeleteView(PartMixin, View):
    """Removing a part asks first, saying how many registrations it holds;
    those registrants are told by e-mail."""

    template_name = "events/organiser/part_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        part = self.get_part()
        return render(
            request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "event": self.event,
                "part": part,
                "registration_count": registrations_in_part(part).count(),
            },
        )

    def post(self, request, *args, **kwargs):
        part = self.get_part()
        concerned = remove_part(part=part, by=request.user)
        messages.success(
            request,
            ngettext(
                "The part “%(part)s” was removed; %(count)s person was told by e-mail.",
                "The part “%(part)s” was removed; %(count)s people were told by "
                "e-mail.",
                len(concerned),
            )
            % {"part": part.title, "count": len(concerned)},
        )
        return redirect(self.setup_url())


# --- Programme builder ------------------------------------------------------


def programme_context(event, *, form=None, speaker_forms=None):
    items = programme_items(event=event)
    conflicts = programme_conflicts(event=event, items=items)
    in_conflict = {pk for conflict in conflicts for pk in conflict.item_ids}
    for item in items:
        item.has_conflict = item.pk in in_conflict
    # A new item starts where the previous one ended.
    start = max((item.ends_at for item in items), default=None)
    return {
        "event": event,
        "items": items,
        "conflicts": conflicts,
        "form": form or AgendaItemForm(event=event, start=start),
        "rooms": list(event.rooms.all()),
        "parts": list(event.parts.all()),
    }


class ProgrammeMixin(OrganiserAreaMixin, EventMixin):
    permission_required = "events.change_event"
    template_name = "events/organiser/programme_builder.html"

    def programme_response(self, *, form=None, status=200, **extra):
        """The builder (or its #programme fragment for htmx); ``extra``: the
        item to focus after a move and the undo key."""
        context = programme_context(self.event, form=form)
        context["layout_template"] = self.layout_template
        context.update(extra)
        if self.request.htmx:
            return render(
                self.request,
                f"{self.template_name}#programme",
                context,
                status=status,
            )
        if form is not None and form.errors:
            return render(self.request, self.template_name, context, status=status)
        return redirect("events:orga_programme", pk=self.event.pk)

    def item(self):
        return get_object_or_404(self.event.agenda_items.all(), pk=self.kwargs["item"])


class ProgrammeView(ProgrammeMixin, View):
    def get(self, request, *args, **kwargs):
        context = programme_context(self.event)
        context["layout_template"] = self.layout_template
        template = self.template_name
        if request.htmx and not request.htmx.boosted:
            template += "#programme"
        return render(request, template, context)


class AgendaItemCreateView(ProgrammeMixin, View):
    def post(self, request, *args, **kwargs):
        form = AgendaItemForm(request.POST, event=self.event)
        if not form.is_valid():
            # 200 even with errors: htmx swaps only successful responses.
            return self.programme_response(form=form)
        add_agenda_item(event=self.event, data=form.item_data(), by=request.user)
        messages.success(request, _("The item was added to the programme."))
        return self.programme_response()


class AgendaItemUpdateView(ProgrammeMixin, View):
    template_name_edit = "events/organiser/agenda_item_form.html"

    def render_edit(self, item, *, form=None, speaker_form=None):
        return render(
            self.request,
            self.template_name_edit,
            {
                "layout_template": self.layout_template,
                "event": self.event,
                "item": item,
                "form": form or AgendaItemForm(instance=item, event=self.event),
                "speaker_form": speaker_form or SpeakerForm(),
                "speakers": item.speakers.select_related("person"),
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_edit(self.item())

    def post(self, request, *args, **kwargs):
        item = self.item()
        form = AgendaItemForm(request.POST, instance=item, event=self.event)
        if not form.is_valid():
            return self.render_edit(item, form=form)
        update_row(row=item, data=form.item_data(), by=request.user)
        messages.success(request, _("The item was saved."))
        return redirect("events:orga_programme", pk=self.event.pk)


class AgendaItemDeleteView(ConfirmDeleteMixin, ProgrammeMixin, View):
    """GET: what the item takes with it (its speakers); POST: remove it. The
    builder's htmx button posts straight away after ``hx-confirm``."""

    success_message = gettext_lazy("The item was removed from the programme.")

    def get_delete_object(self):
        return self.item()

    def delete(self, obj):
        remove_event_row(row=obj, by=self.request.user)

    def get_success_url(self):
        return reverse("events:orga_programme", args=[self.event.pk])

    def deleted_response(self):
        return self.programme_response()


class AgendaItemMoveView(ProgrammeMixin, View):
    """Keyboard alternative to drag and drop: one step up or down. The
    answer keeps the focus on the moved item and offers to undo the move."""

    def post(self, request, *args, **kwargs):
        if kwargs["direction"] not in ("monter", "descendre"):
            raise Http404
        offset = -1 if kwargs["direction"] == "monter" else 1
        item = self.item()
        undo = programme_snapshot(event=self.event)
        try:
            move_agenda_item(item=item, offset=offset)
        except ProgrammeMoveError as error:
            messages.error(request, str(error))
            undo = None
        return self.programme_response(
            focus_item=item.pk, focus_direction=kwargs["direction"], undo=undo
        )


class ProgrammeUndoView(ProgrammeMixin, View):
    """ "Annuler": put back the programme as it was before the last change."""

    def post(self, request, *args, **kwargs):
        try:
            restore_programme(event=self.event, snapshot=request.POST.get("undo", ""))
        except ProgrammeMoveError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The change was undone."))
        return self.programme_response()


class AgendaItemDurationView(ProgrammeMixin, View):
    def post(self, request, *args, **kwargs):
        item = self.item()
        form = DurationForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The duration must be between 5 minutes and 24 hours.")
            )
            return self.programme_response()
        undo = programme_snapshot(event=self.event)
        change_item_duration(item=item, minutes=form.cleaned_data["minutes"])
        messages.success(
            request, _("Duration changed; the following items were shifted.")
        )
        return self.programme_response(undo=undo)


class ProgrammeReorderView(ProgrammeMixin, View):
    """Drag and drop: the item dropped goes where it was dropped by the same
    steps as the Up and Down buttons (``move_agenda_item``), so a drag
    re-times no more of the day than the buttons would."""

    def post(self, request, *args, **kwargs):
        form = ReorderForm(request.POST)
        undo = None
        if form.is_valid():
            ids = list(self.event.agenda_items.values_list("pk", flat=True))
            if form.cleaned_data["item"] in ids:
                item = self.event.agenda_items.get(pk=form.cleaned_data["item"])
                undo = programme_snapshot(event=self.event)
                try:
                    move_agenda_item(item=item, index=form.drop_index(ids))
                except ProgrammeMoveError as error:
                    messages.error(request, str(error))
                    undo = None
        return self.programme_response(undo=undo)


class SpeakerAddView(AgendaItemUpdateView):
    def post(self, request, *args, **kwargs):
        item = self.item()
        form = SpeakerForm(request.POST)
        if not form.is_valid():
            return self.render_edit(item, speaker_form=form)
        add_speaker(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("The speaker was added."))
        return redirect(
            "events:orga_agenda_item_update", pk=self.event.pk, item=item.pk
        )


class SpeakerInlineAddView(ProgrammeMixin, View):
    """A speaker typed in the programme itself (htmx): a person picked from
    the directory's suggestions or a guest's name, in the "+ speaker" form
    of an item's row (its ``item`` field). The row's form stays open, its
    name field focused, for the item's next speaker."""

    def item(self):
        wanted = self.request.POST.get("item", "")
        if not wanted.isdigit() or len(wanted) > 18:
            raise Http404
        return get_object_or_404(self.event.agenda_items.all(), pk=wanted)

    def post(self, request, *args, **kwargs):
        item = self.item()
        form = InlineSpeakerForm(request.POST)
        if not form.is_valid():
            return self.programme_response(
                speaker_item=item.pk, speaker_form=form, focus_speaker=item.pk
            )
        speaker = add_speaker_named(
            item=item,
            text=form.cleaned_data["speaker"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(name)s speaks at “%(item)s”.")
            % {"name": speaker.display_name, "item": item.title},
        )
        return self.programme_response(focus_speaker=item.pk)


class SpeakerSuggestView(ProgrammeMixin, View):
    """The directory's people matching what was typed, accents and case
    ignored (the directory's own search), as the options of the speakers'
    datalist (ten at most)."""

    def get(self, request, *args, **kwargs):
        words = normalise_text(request.GET.get("speaker", "")[:150]).split()[:3]
        people = []
        if len("".join(words)) >= 2:
            people = (
                Person.objects.search(" ".join(words))
                .order_by("sort_name", "pk")
                .only("first_name", "last_name")[:10]
            )
        return render(
            request, "events/organiser/speaker_suggestions.html", {"people": people}
        )


class SpeakerDeleteView(ConfirmDeleteMixin, ProgrammeMixin, View):
    success_message = gettext_lazy("The speaker was removed.")

    def deleted_response(self):
        if self.request.htmx:
            return self.programme_response()
        return super().deleted_response()

    def get_delete_object(self):
        return get_object_or_404(
            self.item().speakers.select_related("person"), pk=self.kwargs["speaker"]
        )

    def delete(self, obj):
        remove_event_row(row=obj, by=self.request.user)

    def get_success_url(self):
        return reverse(
            "events:orga_agenda_item_update", args=[self.event.pk, self.kwargs["item"]]
        )


# --- Attendees, exports, check-in ------------------------------------------


def _attendee_filters(request):
    return {
        key: request.GET.get(key, "")
        for key in ("q", "status", "part", "organisation_kind", "attended", "waiting")
    }


class AttendeeListView(OrganiserAreaMixin, EventMixin, TemplateView):
    permission_required = "events.view_registration"
    template_name = "events/organiser/attendee_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = _attendee_filters(self.request)
        if filters["part"] and not filters["part"].isdigit():
            filters["part"] = ""
        page = Paginator(
            attendees(event=self.event, filters=filters), self.paginate_by
        ).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "page_obj": page,
                "registrations": page.object_list,
                "filters": filters,
                "is_filtered": any(filters.values()),
                "counts": attendee_counts(event=self.event),
                "statuses": Registration.Status.choices,
                "organisation_kinds": Organisation.Kind.choices,
                "query_string": query.urlencode(),
            }
        )
        return context


class AttendeeExportView(OrganiserAreaMixin, EventMixin, View):
    permission_required = "events.view_registration"

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in ("csv", "xlsx"):
            raise Http404
        registrations = attendees(event=self.event, filters=_attendee_filters(request))
        if kwargs["format"] == "xlsx":
            content = attendees_xlsx(registrations, title=self.event.title)
            response = HttpResponse(
                content,
                content_type=(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
            )
        else:
            response = HttpResponse(
                attendees_csv(registrations), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = (
            f'attachment; filename="inscrits-{self.event.slug}.{kwargs["format"]}"'
        )
        return response


class CheckInMixin(OrganiserAreaMixin, EventMixin):
    permission_required = "events.change_registration"
    template_name = "events/organiser/checkin.html"

    def checkin_context(self, *, wanted: str, query: str = "", hand_form=None):
        """The door's page: the part being checked (or the whole event),
        the people matching ``query`` and the present / expected counter."""
        parts = list(self.event.parts.all())
        part = checkin_part(
            event=self.event, parts=parts, wanted=wanted, now=timezone.now()
        )
        filters = {"q": query, "part": part.pk if part else ""}
        registrations = list(attendees(event=self.event, filters=filters)[:50])
        for registration in registrations:
            registration.choice = (
                next(
                    (
                        c
                        for c in registration.part_choices.all()
                        if c.part_id == part.pk
                    ),
                    None,
                )
                if part
                else None
            )
        present, expected = checkin_counts(event=self.event, part=part)
        return {
            "event": self.event,
            "layout_template": self.layout_template,
            "parts": parts,
            "part": part,
            "part_key": str(part.pk) if part else "tout",
            "query": query,
            "registrations": registrations,
            "present": present,
            "expected": expected,
            "hand_form": hand_form
            or HandRegistrationForm(
                event=self.event,
                initial={"present": True, "parts": [part] if part else []},
            ),
        }


class CheckInView(CheckInMixin, View):
    """Search a name and tick them present, per part of the day: made for a
    phone at the door."""

    def get(self, request, *args, **kwargs):
        context = self.checkin_context(
            wanted=request.GET.get("partie", ""),
            query=request.GET.get("q", "").strip(),
        )
        template = self.template_name
        if request.htmx and not request.htmx.boosted:
            # The counter polls on its own: other doors tick people too.
            template += "#counter" if request.GET.get("compteur") else "#results"
        return render(request, template, context)


class CheckInToggleView(CheckInMixin, View):
    """Tick or untick one person at the door (of a part when ``partie`` is
    sent); htmx gets the row back and the counter, updated out of band."""

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(
            self.event.registrations.active(), pk=kwargs["registration"]
        )
        attended = request.POST.get("attended") == "1"
        wanted = request.POST.get("partie", "")
        choice = None
        if wanted.isdigit():
            choice = get_object_or_404(
                registration.part_choices.select_related("registration"),
                part__pk=wanted,
            )
            set_part_attended(choice=choice, attended=attended, by=request.user)
            registration.refresh_from_db()
        else:
            wanted = "tout"
            set_attended(registration=registration, attended=attended, by=request.user)
        if not request.htmx:
            return redirect(
                reverse("events:orga_checkin", args=[self.event.pk])
                + "?"
                + urlencode({"partie": wanted, "q": request.POST.get("q", "")})
            )
        part = choice.part if choice else None
        present, expected = checkin_counts(event=self.event, part=part)
        registration.choice = choice
        return render(
            request,
            "events/organiser/checkin.html#toggled",
            {
                "registration": registration,
                "event": self.event,
                "part": part,
                "part_key": wanted,
                "query": request.POST.get("q", ""),
                "present": present,
                "expected": expected,
            },
        )


class RegistrationByHandView(CheckInMixin, View):
    """A coordinator registers someone who phoned or walked in."""

    def post(self, request, *args, **kwargs):
        wanted = request.POST.get("partie", "")
        form = HandRegistrationForm(request.POST, event=self.event)
        if form.is_valid():
            parts = form.cleaned_data.get("parts") or ()
            door = next((p for p in parts if str(p.pk) == wanted), None)
            try:
                registration = register_by_hand(
                    event=self.event,
                    data=form.registration_data(),
                    parts=parts,
                    present=form.cleaned_data["present"],
                    door=door,
                    by=request.user,
                )
            except RegistrationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered.") % {"name": registration.full_name},
                )
                return redirect(
                    reverse("events:orga_checkin", args=[self.event.pk])
                    + "?"
                    + urlencode({"partie": wanted})
                )
        context = self.checkin_context(wanted=wanted, hand_form=form)
        return render(request, self.template_name, context)


# --- Activity cycles: attendance per session --------------------------------


class SessionAttendanceView(OrganiserAreaMixin, EventMixin, TemplateView):
    permission_required = "events.change_registration"
    template_name = "events/organiser/session_attendance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(self.event.sessions.all())
        registrations = list(
            self.event.registrations.active().order_by("last_name", "first_name")
        )
        present = set(
            SessionAttendance.objects.filter(
                session__event=self.event, is_present=True
            ).values_list("session_id", "registration_id")
        )
        context["sessions"] = sessions
        context["rows"] = [
            (
                registration,
                [
                    (session, (session.pk, registration.pk) in present)
                    for session in sessions
                ],
            )
            for registration in registrations
        ]
        return context

    def post(self, request, *args, **kwargs):
        present = set()
        for value in request.POST.getlist("present"):
            session_id, _sep, registration_id = value.partition("-")
            if session_id.isdigit() and registration_id.isdigit():
                present.add((int(session_id), int(registration_id)))
        set_session_attendance(event=self.event, present=present, by=request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("events:orga_session_attendance", pk=self.event.pk)


# --- Series -------------------------------------------------------------------


class SeriesDetailView(OrganiserAreaMixin, DetailView):
    """Participants per edition: an SVG bar chart drawn here, and its table."""

    permission_required = "events.view_series"
    template_name = "events/organiser/series_detail.html"
    context_object_name = "series"

    def get_queryset(self):
        return EventSeries.objects.for_user(self.request.user).select_related(
            "organiser"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = series_statistics(series=self.object)
        context["rows"] = rows
        context["chart"] = bar_chart(rows)
        return context


def bar_chart(rows, *, width=640, height=260):
    """Geometry of a vertical bar chart, for a template to draw as SVG."""
    left, bottom, top = 48, 40, 16
    plot_height = height - bottom - top
    maximum = max((row["participants"] or 0 for row in rows), default=0) or 1
    step = (width - left - 8) / max(len(rows), 1)
    bar_width = min(step * 0.6, 80)
    bars = []
    for index, row in enumerate(rows):
        value = row["participants"]
        bar_height = round(plot_height * (value or 0) / maximum, 1)
        x = round(left + index * step + (step - bar_width) / 2, 1)
        bars.append(
            {
                "x": x,
                "y": round(top + plot_height - bar_height, 1),
                "width": round(bar_width, 1),
                "height": bar_height,
                "value": value,
                "label": str(row["event"].starts_at.year),
                "label_x": round(x + bar_width / 2, 1),
            }
        )
    ticks = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        ticks.append(
            {
                "y": round(top + plot_height * (1 - fraction), 1),
                "value": round(maximum * fraction),
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "axis_y": top + plot_height,
        "left": left,
        "label_y": height - bottom + 18,
    }


class SeriesFormMixin(OrganiserAreaMixin):
    permission_required = "events.change_series"
    template_name = "events/organiser/series_form.html"
    form_class = SeriesForm

    def get_queryset(self):
        return EventSeries.objects.for_user(self.request.user)


class SeriesCreateView(SeriesFormMixin, CreateView):
    def form_valid(self, form):
        self.object = save_series(data=form.cleaned_data)
        messages.success(self.request, _("The series was created."))
        return redirect(self.object)


class SeriesUpdateView(SeriesFormMixin, UpdateView):
    def form_valid(self, form):
        save_series(series=self.object, data=form.cleaned_data)
        messages.success(self.request, _("The series was saved."))
        return redirect(self.object)


class SeriesDeleteView(ConfirmDeleteMixin, OrganiserAreaMixin, View):
    """Its editions stay, as events without a series (the page says so)."""

    permission_required = "events.change_series"
    success_message = gettext_lazy("The series was deleted; its editions remain.")

    def get_delete_object(self):
        return get_object_or_404(
            EventSeries.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def delete(self, obj):
        delete_series(series=obj)

    def get_success_url(self):
        return reverse("events:orga_series_list")

    def get_cancel_url(self):
        return reverse("events:orga_series_detail", args=[self.kwargs["pk"]])


class SeriesListView(OrganiserAreaMixin, ListView):
    permission_required = "events.view_series"
    template_name = "events/organiser/series_list.html"
    context_object_name = "series_list"
    paginate_by = 25

    def get_queryset(self):
        from django.db.models import Count

        return (
            EventSeries.objects.for_user(self.request.user)
            .select_related("organiser")
            .annotate(edition_count=Count("editions"))
            .order_by("title", "pk")
        )
