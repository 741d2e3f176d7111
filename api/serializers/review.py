"""The executive office's screening, conflicts and assessments in the API."""

from rest_framework import serializers

from review.forms import ConflictForm
from review.models import SCALE, ConflictDeclaration, CriterionCheck


class CheckSerializer(serializers.ModelSerializer):
    checked_by = serializers.EmailField(source="checked_by.email", read_only=True)

    class Meta:
        model = CriterionCheck
        fields = [
            "criterion",
            "is_asset",
            "finding",
            "justification",
            "cv_reference",
            "override_reason",
            "checked_by",
            "checked_at",
        ]


class CheckInputSerializer(serializers.Serializer):
    criterion = serializers.CharField(
        max_length=60, help_text="A key of the post's criteria: degree, experience, language:en…"
    )
    finding = serializers.ChoiceField(choices=CriterionCheck.Finding.choices)
    justification = serializers.CharField(max_length=2000)
    cv_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Why an unclear finding does not block the decision.",
    )


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    label = serializers.CharField()
    requirement = serializers.CharField()
    is_asset = serializers.BooleanField()
    check = CheckSerializer(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    transition = serializers.CharField(
        allow_blank=True, help_text="screen_eligible, screen_ineligible, or empty while blocked."
    )
    reason = serializers.CharField(allow_blank=True)
    blocked = serializers.ListField(child=serializers.CharField())


class ScreeningSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    status = serializers.CharField()
    criteria = CriterionSerializer(many=True)
    decision = DecisionSerializer()


# What a member declares: same nationality is the system's to record.
DECLARABLE_KINDS = [
    (value, str(label)) for value, label in ConflictForm.base_fields["kind"].choices
]


class ConflictInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DECLARABLE_KINDS)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ConflictSerializer(serializers.ModelSerializer):
    member = serializers.EmailField(source="member.email", read_only=True)
    kind = serializers.ChoiceField(choices=ConflictDeclaration.Kind.choices)

    class Meta:
        model = ConflictDeclaration
        fields = ["nomination", "member", "kind", "note", "automatic", "declared_at"]


class RatingSerializer(serializers.Serializer):
    post_competency = serializers.IntegerField()
    name = serializers.CharField(read_only=True)
    score = serializers.ChoiceField(choices=SCALE, allow_null=True)
    comment = serializers.CharField(allow_blank=True)


class RatingInputSerializer(serializers.Serializer):
    post_competency = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    score = serializers.ChoiceField(choices=SCALE, allow_null=True, required=False)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class RatingsInputSerializer(serializers.Serializer):
    ratings = RatingInputSerializer(many=True, required=False)


class PeerAssessmentSerializer(serializers.Serializer):
    member = serializers.EmailField()
    submitted_at = serializers.DateTimeField()
    ratings = RatingSerializer(many=True)


class AssessmentSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    declared = serializers.ChoiceField(
        choices=ConflictDeclaration.Kind.choices,
        allow_null=True,
        help_text="Your conflict declaration; null until you declare (before rating).",
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    ratings = RatingSerializer(many=True)
    peers_visible = serializers.BooleanField(
        help_text="Whether the other members' ratings are shown: after your own submission."
    )
    peers = PeerAssessmentSerializer(many=True)
