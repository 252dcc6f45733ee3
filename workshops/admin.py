from django.contrib import admin

from core import admin as core_admin

from .models import Workshop, WorkshopChoice, WorkshopPlace, WorkshopSession


class WorkshopSessionInline(core_admin.TabularInline):
    model = WorkshopSession
    extra = 0
    raw_id_fields = ["agenda_item"]


@admin.register(Workshop)
class WorkshopAdmin(core_admin.ModelAdmin):
    list_display = ["title", "event", "room", "capacity"]
    list_select_related = ["event"]
    list_filter = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    raw_id_fields = ["facilitators", "rapporteur"]
    inlines = [WorkshopSessionInline]


@admin.register(WorkshopChoice)
class WorkshopChoiceAdmin(core_admin.ModelAdmin):
    list_display = ["registration", "workshop", "rank"]
    list_select_related = ["registration", "workshop"]
    raw_id_fields = ["registration", "workshop"]


@admin.register(WorkshopPlace)
class WorkshopPlaceAdmin(core_admin.ModelAdmin):
    list_display = ["registration", "session", "rank", "locked"]
    list_select_related = ["registration", "session__workshop", "session__agenda_item"]
    list_filter = ["locked"]
    raw_id_fields = ["registration", "session"]
