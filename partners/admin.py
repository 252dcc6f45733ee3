from django.contrib import admin

from .models import Audience, Membership, Organisation, Person, Theme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active", "audiences", "themes"]
    search_fields = ["name", "acronym", "commune", "rna", "siret"]
    filter_horizontal = ["audiences", "themes", "users"]
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "directory_consent"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [MembershipInline]


admin.site.register(Audience, search_fields=["name"])
admin.site.register(Theme, search_fields=["name"])
