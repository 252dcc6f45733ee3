from django.contrib import admin

from core import admin as core_admin

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(core_admin.ModelAdmin):
    list_display = ["title", "event", "room", "capacity"]
    list_select_related = ["event"]
    list_filter = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
