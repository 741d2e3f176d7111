from django.contrib import admin

from .admin_audit import AuditedAdminMixin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "actor_label",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "actor_role", "object_type"]
    search_fields = ["actor_label", "object_id", "reason"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
