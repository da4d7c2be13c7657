from django.contrib import admin
from django.http import HttpRequest

from ficshelf.moderation.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is append-only."""

    audited = False  # nothing to audit: nobody can change anything here
    list_display = ["created_at", "actor_name", "action", "content_type", "object_label", "source"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["actor_name", "object_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
