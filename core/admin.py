from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import OutboundMail, User

admin.site.register(User, UserAdmin)


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
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
