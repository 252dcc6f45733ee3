from django.contrib import admin

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


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class EventPartInline(admin.TabularInline):
    model = EventPart
    extra = 0


class StandInline(admin.TabularInline):
    model = Stand
    extra = 0
    autocomplete_fields = ["organisation"]


class TeamRoleInline(admin.TabularInline):
    model = TeamRole
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class ActivitySessionInline(admin.TabularInline):
    model = ActivitySession
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room"]
    list_filter = ["kind"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "room"]
    inlines = [SpeakerInline]


class RegistrationPartInline(admin.TabularInline):
    model = RegistrationPart
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "event", "status", "attended"]
    list_filter = ["status", "attended"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["event"]
    autocomplete_fields = ["organisation"]
    inlines = [RegistrationPartInline]


class CharterVersionInline(admin.StackedInline):
    model = CharterVersion
    extra = 0


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["title"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CharterVersionInline]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organiser", "cadence"]
    list_filter = ["kind"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CommitteeMemberInline]


@admin.register(AgendaPoint)
class AgendaPointAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "position"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "status", "organisation"]
    list_filter = ["status"]
    list_select_related = ["person", "event", "organisation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event"]
    list_select_related = ["event"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "person", "organisation", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["event", "person", "organisation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "is_present"]
    list_select_related = ["registration", "session"]
