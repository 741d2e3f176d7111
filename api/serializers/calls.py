import datetime

from django.db import transaction
from rest_framework import serializers

from api.fields import IdField
from nominations.models import Call, Competency, Post, PostCompetency
from nominations.models.calls import Degree

LANGUAGE_CODES = ["en", "fr", "es", "ar", "zh", "ru", "pt", "de"]

EARLIEST = datetime.date(1945, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def plausible_date(value):
    """Calls are dated in the organization's lifetime, not in 1442 or 9999."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError(
            f"Give a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."
        )
    return value


class CallSerializer(serializers.ModelSerializer):
    deadline = serializers.DateTimeField(
        read_only=True, help_text="The instant nominations close (exclusive), with its offset."
    )
    deadline_date = serializers.DateField(
        help_text="The deadline as published: 'by' this date.", validators=[plausible_date]
    )
    issued_on = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    posts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id", "reference", "title", "issued_on", "deadline", "deadline_date", "place",
            "note_verbale_text", "reminder_days", "posts",
        ]  # fmt: skip
        read_only_fields = ["id", "deadline", "posts"]

    def validate_reminder_days(self, value):
        if not isinstance(value, list) or not all(
            isinstance(day, int) and not isinstance(day, bool) and 0 < day <= 365 for day in value
        ):
            raise serializers.ValidationError("Give a list of whole numbers of days (1 to 365).")
        return sorted(set(value), reverse=True)


class CriteriaSerializer(serializers.Serializer):
    min_degree = serializers.ChoiceField(choices=Degree.choices, default=Degree.NONE)
    education = serializers.CharField(allow_blank=True, required=False, default="")
    min_years_experience = serializers.IntegerField(min_value=0, max_value=60, default=0)
    experience = serializers.CharField(allow_blank=True, required=False, default="")
    required_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CODES), required=False, default=list
    )
    asset_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CODES), required=False, default=list
    )
    languages_text = serializers.CharField(allow_blank=True, required=False, default="")


class RequiredCompetencySerializer(serializers.Serializer):
    code = serializers.SlugRelatedField(
        source="competency", slug_field="code", queryset=Competency.objects.all()
    )
    name = serializers.CharField(source="competency.name", read_only=True)
    kind = serializers.CharField(source="competency.kind", read_only=True)
    level = serializers.IntegerField(min_value=0, max_value=3)


class PostSerializer(serializers.ModelSerializer):
    call = IdField("call", queryset=Call.objects.all())
    criteria = CriteriaSerializer(source="*", required=False)
    competencies = RequiredCompetencySerializer(
        source="required_competencies", many=True, required=False
    )
    duties = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list
    )
    deadline_date = serializers.DateField(required=False, validators=[plausible_date])
    deadline = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Post
        fields = [
            "id", "call", "title", "duty_station", "grade", "organizational_unit", "reports_to",
            "background", "duties", "other_requirements", "criteria", "competencies",
            "deadline_date", "deadline", "status",
        ]  # fmt: skip
        read_only_fields = ["id", "deadline", "status"]

    def validate_competencies(self, value):
        codes = [entry["competency"].code for entry in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("Each competency may be listed once.")
        return value

    def create(self, validated_data):
        competencies = validated_data.pop("required_competencies", [])
        with transaction.atomic():
            post = Post.objects.create(**validated_data)
            PostCompetency.objects.bulk_create(
                PostCompetency(post=post, competency=entry["competency"], level=entry["level"])
                for entry in competencies
            )
        return post
