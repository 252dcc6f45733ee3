from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Audience,
    ChangeRequest,
    Membership,
    Organisation,
    Partnership,
    Person,
    Theme,
)
from .resources import OrganisationResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ExportMixin, SimpleHistoryAdmin):
    # Exports use the shared resource; imports go through the coordinators'
    # preview page (same resource), linked from the admin's changelist.
    resource_classes = [OrganisationResource]
    change_list_template = "admin/partners/organisation_change_list.html"
    list_display = ["name", "acronym", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active", "audiences", "themes"]
    search_fields = ["name", "acronym", "commune", "rna", "siret", "search_text"]
    filter_horizontal = ["audiences", "themes", "users"]
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "directory_consent"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [MembershipInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "level", "convention_signed_on"]
    list_filter = ["level"]
    autocomplete_fields = ["first", "second"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "submitter_name", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["proposed"]


admin.site.register(Audience, search_fields=["name"])
admin.site.register(Theme, search_fields=["name"])
