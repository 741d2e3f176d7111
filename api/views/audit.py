from django_filters import rest_framework as filters
from rest_framework import viewsets

from api.permissions import AuditLogAccess
from api.serializers.nominations import AuditEventSerializer
from workflows.models import AuditEvent


class AuditEventFilter(filters.FilterSet):
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    actor = filters.CharFilter(field_name="actor_label", lookup_expr="iexact")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor_role", "actor"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log, oldest first."""

    permission_classes = [AuditLogAccess]
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.order_by("id")
    filterset_class = AuditEventFilter
    lookup_value_regex = r"\d+"
