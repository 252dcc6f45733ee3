"""Django's admin, asking the second factor of those who set one up.

A coordinator or an admin with a confirmed device (``core.security``) opens
the admin only from a session verified by a code; anyone else as before (the
factor is optional). An unverified session is sent to the sign-in page,
which asks for the password and then the code.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        # Imported here: this module is read before the models are.
        from .security import second_factor_satisfied

        return super().has_permission(request) and second_factor_satisfied(request.user)


class AdminConfig(DjangoAdminConfig):
    default_site = "core.admin_site.AdminSite"
