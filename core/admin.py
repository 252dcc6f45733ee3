"""The admin's base classes, and the admin of core's models.

Every ModelAdmin and inline of the project derives from the classes below
(tests/core/test_junk.py checks every registration): their dates are bounded
and their ids checked like the project's forms (core.fields, STYLE §12), so
that a year-1 date typed in the admin is refused next to the field instead of
being stored and breaking every page that lists it.
"""

import copy

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models

from .fields import bounded_kwargs, out_of_id_range
from .models import OutboundMail, User


class BoundedAutocompleteMixin:
    """An autocomplete widget that does not look up ids no database can hold:
    re-shown with the submitted values, Django's queries them (a 40-digit id
    overflows SQLite's integers)."""

    def optgroups(self, name, value, attr=None):
        meta = self.field.remote_field.model._meta
        # A foreign key names its target field; a many-to-many targets the pk.
        field_name = getattr(self.field.remote_field, "field_name", None)
        target = meta.get_field(field_name) if field_name else meta.pk
        if isinstance(target, models.IntegerField):
            value = [v for v in value if not v or not out_of_id_range(v)]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(BoundedAutocompleteMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(
    BoundedAutocompleteMixin, widgets.AutocompleteSelectMultiple
):
    pass


class BoundedFieldsMixin:
    """``formfield_for_dbfield`` building core.fields' bounded form fields
    (and autocomplete widgets that do not query out-of-range ids)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelect(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        for klass in type(db_field).mro():
            if klass in self.formfield_overrides:
                overrides = copy.deepcopy(self.formfield_overrides[klass])
                kwargs = {**overrides, **kwargs}
                break
        kwargs = bounded_kwargs(db_field, kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ModelAdmin(BoundedFieldsMixin, admin.ModelAdmin):
    pass


class TabularInline(BoundedFieldsMixin, admin.TabularInline):
    pass


class StackedInline(BoundedFieldsMixin, admin.StackedInline):
    pass


@admin.register(User)
class UserAdmin(BoundedFieldsMixin, DjangoUserAdmin):
    pass


@admin.register(OutboundMail)
class OutboundMailAdmin(ModelAdmin):
    """Read-only: messages are written by ``core.mail.queue_mail`` and retried
    from the coordinators' ``/courriels/`` page."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    # Bodies hold personal links (password reset, invitations, update links).
    exclude = ["body", "attachments"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BoundedFieldsMixin, DjangoGroupAdmin):
    pass


# django-otp's admin of the second factor's devices (an administrator
# removes the device of someone who lost their phone) and of its recovery
# codes, with bounded fields; the secret, the QR code and the codes stay
# hidden (``OTP_ADMIN_HIDE_SENSITIVE_DATA``; no token inline, even on "add").
from django_otp.plugins.otp_static.admin import (  # noqa: E402
    StaticDeviceAdmin as OtpStaticDeviceAdmin,
)
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.admin import (  # noqa: E402
    TOTPDeviceAdmin as OtpTOTPDeviceAdmin,
)
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(BoundedFieldsMixin, OtpTOTPDeviceAdmin):
    # Its date filters would pass a year-1 date straight to the query.
    list_filter = ["confirmed"]


@admin.register(StaticDevice)
class StaticDeviceAdmin(BoundedFieldsMixin, OtpStaticDeviceAdmin):
    list_filter = ["confirmed"]
    inlines = []
