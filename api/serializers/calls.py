import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers

from api.fields import IdField
from nominations.models import Call, Competency, MemberState, Post, PostCompetency
from nominations.models.calls import Degree
from nominations.models.choices import POST_LANGUAGES
from nominations.models.competencies import framework_kind_problem, level_problem

LANGUAGE_CODES = [code for code, _name in POST_LANGUAGES]

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
        read_only=True,
        allow_null=True,
        help_text="The instant nominations close (exclusive), with its offset; null: not stated.",
    )
    deadline_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The deadline as published: 'by' this date; null while not stated.",
        validators=[plausible_date],
    )
    issued_on = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    addressed_states = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=MemberState.objects.all(),
        required=False,
        help_text="Alpha-3 codes of the states a call to chosen member states goes to.",
    )
    posts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id", "reference", "title", "issued_on", "deadline", "deadline_date", "place",
            "addressee_line", "enquiry_email", "addressees", "addressed_states",
            "note_verbale_text", "reminder_days", "posts",
        ]  # fmt: skip
        read_only_fields = ["id", "deadline", "posts"]

    def validate(self, attrs):
        addressees = attrs.get("addressees", Call.Addressees.MEMBERS)
        if addressees == Call.Addressees.MEMBERS and attrs.get("addressed_states"):
            raise serializers.ValidationError(
                {"addressed_states": ["Name states only for a call to chosen member states."]}
            )
        return attrs

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
    """A value or competency as the post's call words it; its order is the list's order."""

    position = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Competency.Kind.choices)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    level = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Null for a value (not levelled) or where the terms of reference state none.",
    )
    framework_entry = serializers.SlugRelatedField(
        source="competency",
        slug_field="code",
        queryset=Competency.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Code of the framework entry whose indicators apply, if any.",
    )

    def validate(self, attrs):
        problem = level_problem(attrs["kind"], attrs.get("level"))
        if problem:
            raise serializers.ValidationError({"level": [problem]})
        problem = framework_kind_problem(attrs.get("competency"), attrs["kind"])
        if problem:
            raise serializers.ValidationError({"framework_entry": [problem]})
        return attrs


class PostSerializer(serializers.ModelSerializer):
    call = IdField("call", queryset=Call.objects.all())
    criteria = CriteriaSerializer(source="*", required=False)
    competencies = RequiredCompetencySerializer(
        source="required_competencies", many=True, required=False
    )
    duties = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list
    )
    deadline_date = serializers.DateField(
        required=False, allow_null=True, validators=[plausible_date]
    )
    deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Post
        fields = [
            "id", "call", "title", "duty_station", "grade", "organizational_unit", "reports_to",
            "background", "duties_intro", "duties", "other_requirements", "criteria",
            "competencies",
            "deadline_date", "deadline", "status",
        ]  # fmt: skip
        read_only_fields = ["id", "deadline", "status"]

    def validate_competencies(self, value):
        names = [entry["name"] for entry in value]
        if len(names) != len(set(names)):
            raise serializers.ValidationError("Each competency may be listed once.")
        return value

    def validate(self, attrs):
        """The rule of Post.clean, which the admin applies too: an issued call takes no post."""
        call = attrs.get("call")
        if call is not None and (self.instance is None or self.instance.call_id != call.pk):
            try:
                call.check_takes_new_posts()
            except DjangoValidationError as error:
                raise serializers.ValidationError({"call": error.messages}) from error
        return attrs

    def create(self, validated_data):
        competencies = validated_data.pop("required_competencies", [])
        with transaction.atomic():
            post = Post.objects.create(**validated_data)
            PostCompetency.objects.bulk_create(
                PostCompetency(post=post, position=position, **entry)
                for position, entry in enumerate(competencies)
            )
        return post
