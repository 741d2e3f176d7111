from rest_framework import serializers

from nominations.models import MemberState


class MemberStateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_en", read_only=True)

    class Meta:
        model = MemberState
        fields = ["code", "name", "name_fr", "name_es", "region", "is_member", "is_represented"]
        read_only_fields = fields
