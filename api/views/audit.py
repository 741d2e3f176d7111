from rest_framework import viewsets

from api.filters import AuditEventFilter
from api.permissions import AuditLogAccess
from api.serializers.nominations import AuditEventSerializer
from workflows.models import AuditEvent


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log, oldest first."""

    permission_classes = [AuditLogAccess]
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.order_by("id")
    filterset_class = AuditEventFilter
    lookup_value_regex = r"\d+"
