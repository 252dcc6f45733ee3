"""Staff support. Fields that decide who holds a place (capacities, waiting
positions, cancellation, parts) are read-only here: they change through the
services (events.services), which keep seats and waiting lists whole; the
actions below call them."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import admin as core_admin

from .models import (
    Action,
    ActivitySession,
    AgendaItem,
    AgendaPoint,
    Attendance,
    BudgetLine,
    Charter,
    CharterVersion,
    Committee,
    CommitteeMember,
    Decision,
    Event,
    EventPart,
    EventSeries,
    Registration,
    RegistrationPart,
    Room,
    SessionAttendance,
    Speaker,
    Stand,
    TeamRole,
)
from .services import EventStateError, cancel_registration, publish_event


@admin.register(EventSeries)
class EventSeriesAdmin(core_admin.ModelAdmin):
    list_display = ["title", "organiser"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class RoomInline(core_admin.TabularInline):
    model = Room
    extra = 0


class ReadOnlyInline(core_admin.TabularInline):
    """Shown, never written: the coordinator's pages go through the services."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


class EventPartInline(ReadOnlyInline):
    model = EventPart
    fields = ["title", "capacity", "starts_at", "ends_at", "position"]


class StandInline(core_admin.TabularInline):
    model = Stand
    extra = 0
    autocomplete_fields = ["organisation"]


class TeamRoleInline(core_admin.TabularInline):
    model = TeamRole
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class BudgetLineInline(core_admin.TabularInline):
    model = BudgetLine
    extra = 0


class ActivitySessionInline(core_admin.TabularInline):
    model = ActivitySession
    extra = 0


@admin.register(Event)
class EventAdmin(core_admin.ModelAdmin):
    list_display = ["title", "kind", "status", "starts_at", "organiser"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["co_organisers", "funders"]
    autocomplete_fields = ["organiser", "series", "committee", "next_meeting"]
    inlines = [
        RoomInline,
        EventPartInline,
        StandInline,
        TeamRoleInline,
        BudgetLineInline,
        ActivitySessionInline,
    ]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        # A new event starts as a draft; an existing one changes its capacity
        # through change_event_capacity (the coordinator's edit page).
        return ["status"] if obj is None else ["status", "capacity"]

    @admin.action(description=gettext_lazy("Publish the selected draft events"))
    def publish(self, request, queryset):
        published = 0
        for event in queryset:
            try:
                publish_event(event=event, by=request.user)
            except EventStateError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)s event published.",
                    "%(count)s events published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )


class SpeakerInline(core_admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(AgendaItem)
class AgendaItemAdmin(core_admin.ModelAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room"]
    list_filter = ["kind"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "room"]
    inlines = [SpeakerInline]


class RegistrationPartInline(ReadOnlyInline):
    model = RegistrationPart
    fields = ["part", "waiting_position"]


@admin.register(Registration)
class RegistrationAdmin(core_admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "event",
        "status",
        "waiting_position",
        "cancelled_at",
        "attended",
    ]
    list_filter = ["status", "attended"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["event"]
    autocomplete_fields = ["organisation"]
    inlines = [RegistrationPartInline]
    # Who holds a place, waits, came or left: written by the services only.
    readonly_fields = [
        "event",
        "waiting_position",
        "cancelled_at",
        "attended",
        "checked_in_at",
        "consent_at",
        "charter_version",
        "charter_accepted_at",
        "confirmation_pending",
        "confirmation_sent_at",
    ]
    actions = ["cancel"]

    def has_add_permission(self, request):
        # A registration takes its seat through register_participant.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a seated registration would free its seat without giving
        # it to the waiting list: cancel it first.
        return obj is not None and obj.is_cancelled

    @admin.action(description=gettext_lazy("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.active():
            promoted += len(
                cancel_registration(registration=registration, by=request.user)
            )
            cancelled += 1
        self.message_user(
            request,
            _(
                "%(cancelled)s cancelled; %(promoted)s promoted from the waiting "
                "list and told by e-mail."
            )
            % {"cancelled": cancelled, "promoted": promoted},
            messages.SUCCESS,
        )


class CharterVersionInline(core_admin.StackedInline):
    model = CharterVersion
    extra = 0


@admin.register(Charter)
class CharterAdmin(core_admin.ModelAdmin):
    list_display = ["title"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CharterVersionInline]


class CommitteeMemberInline(core_admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Committee)
class CommitteeAdmin(core_admin.ModelAdmin):
    list_display = ["title", "kind", "organiser", "cadence"]
    list_filter = ["kind"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CommitteeMemberInline]


@admin.register(AgendaPoint)
class AgendaPointAdmin(core_admin.ModelAdmin):
    list_display = ["title", "event", "position"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]


@admin.register(Attendance)
class AttendanceAdmin(core_admin.ModelAdmin):
    list_display = ["person", "event", "status", "organisation"]
    list_filter = ["status"]
    list_select_related = ["person", "event", "organisation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Decision)
class DecisionAdmin(core_admin.ModelAdmin):
    list_display = ["__str__", "event"]
    list_select_related = ["event"]


@admin.register(Action)
class ActionAdmin(core_admin.ModelAdmin):
    list_display = ["__str__", "event", "person", "organisation", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["event", "person", "organisation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(core_admin.ModelAdmin):
    list_display = ["registration", "session", "is_present"]
    list_select_related = ["registration", "session"]
