from rest_framework import serializers

from portal.models import WithdrawalRequest


class WithdrawalRequestCreateSerializer(serializers.Serializer):
    """The mission's note verbale asking for the withdrawal, and a message."""

    reference = serializers.CharField(max_length=80)
    dated_on = serializers.DateField()
    scan = serializers.FileField(allow_empty_file=True)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class WithdrawalRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="note_verbale.reference", read_only=True)
    dated_on = serializers.DateField(source="note_verbale.dated_on", read_only=True)

    class Meta:
        model = WithdrawalRequest
        fields = [
            "id", "nomination", "note_verbale", "reference", "dated_on", "scan", "message",
            "status", "requested_at", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields
