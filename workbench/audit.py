"""The audit log as a page, for the auditor and the Secretariat (mounted at /audit/)."""

from django.views.generic import ListView

from web.permissions import RoleRequiredMixin
from workflows.models import AuditEvent
from workflows.permissions import is_auditor, is_secretariat


class AuditLogView(RoleRequiredMixin, ListView):
    """The newest events first, 50 a page."""

    role = (is_auditor, is_secretariat)
    template_name = "workbench/audit_log.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return AuditEvent.objects.order_by("-id")
