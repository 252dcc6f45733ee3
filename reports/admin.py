from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import admin as core_admin

from .models import ReportJob
from .services import retry_report


@admin.register(ReportJob)
class ReportJobAdmin(core_admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "progress",
        "requested_by",
        "attempts",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["title", "object_id", "error", "requested_by__username"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]
    actions = ["ask_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Generate these documents again"))
    def ask_again(self, request, queryset):
        count = 0
        for job in queryset:
            try:
                retry_report(job=job, user=request.user)
            except Exception as error:  # one bad job must not stop the others
                self.message_user(request, f"{job}: {error}", messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s document requested.", "%(count)s documents requested.", count
            )
            % {"count": count},
        )
