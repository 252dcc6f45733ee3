from django.contrib import admin

from .models import Event, EventSeries, Registration


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "starts_at", "organiser"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["co_organisers", "funders"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "event", "status", "attended"]
    list_filter = ["status", "attended"]
    search_fields = ["last_name", "first_name", "email"]
