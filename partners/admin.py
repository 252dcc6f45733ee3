from pathlib import PurePath

from django import forms
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from core import admin as core_admin
from core.admin import BoundedFieldsMixin

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


class MembershipInline(core_admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ExportMixin, BoundedFieldsMixin, SimpleHistoryAdmin):
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
class PersonAdmin(core_admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "directory_consent"]
    search_fields = ["first_name", "last_name", "email"]
    # The proof of a consent is recorded by the forms, never typed here.
    readonly_fields = ["directory_consent_text", "directory_consent_at"]
    inlines = [MembershipInline]


class _DownloadLink:
    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """The current file links to a view that checks permissions, never to the
    private storage's own URL (none on disk, a signed one on S3)."""

    def __init__(self, *args, download_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.download_url = download_url

    def is_initial(self, value):
        return isinstance(value, FieldFile) and bool(value)

    def format_value(self, value):
        if self.is_initial(value):
            return _DownloadLink(PurePath(value.name).name, self.download_url)
        return super().format_value(value)


@admin.register(Partnership)
class PartnershipAdmin(core_admin.ModelAdmin):
    list_display = ["first", "second", "level", "convention_signed_on"]
    list_filter = ["level"]
    autocomplete_fields = ["first", "second"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields["convention_file"].widget = PrivateFileInput(
                download_url=reverse("partners:partnership_convention", args=[obj.pk])
            )
        return form


@admin.register(ChangeRequest)
class ChangeRequestAdmin(core_admin.ModelAdmin):
    list_display = ["organisation", "submitter_name", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["proposed"]


admin.site.register(Audience, core_admin.ModelAdmin, search_fields=["name"])
admin.site.register(Theme, core_admin.ModelAdmin, search_fields=["name"])
