from django.contrib import admin

from workflows.admin_audit import AuditedAdminMixin

from .models import OutgoingMessage


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "member_state", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "subject", "esp_message_id"]
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]

    def has_add_permission(self, request):
        return False
