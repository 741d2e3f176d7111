import datetime

from django.utils import timezone
from rest_framework import serializers

from api.fields import AwareDateTimeField, IdField, MemberStateCodeField
from api.serializers.calls import plausible_date
from nominations.models import Candidate, MemberState, Nomination, NoteVerbale, Post
from workflows import permissions
from workflows.models import AuditEvent

INCOMING_CHANNELS = [c for c in NoteVerbale.Channel.values]
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def plausible_birth(value):
    if value is None:
        return value
    if value > timezone.localdate():
        raise serializers.ValidationError("A date of birth cannot be in the future.")
    if value < EARLIEST_BIRTH:
        raise serializers.ValidationError(f"Give a date after {EARLIEST_BIRTH.isoformat()}.")
    return value


class CandidateSerializer(serializers.ModelSerializer):
    nationality = MemberStateCodeField(queryset=MemberState.objects.all(), help_text="ISO alpha-3")
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, validators=[plausible_birth]
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=35), max_length=20, required=False
    )

    class Meta:
        model = Candidate
        fields = [
            "full_name", "email", "phone", "nationality", "gender", "date_of_birth",
            "postal_address", "languages",
        ]  # fmt: skip
        # Every free-text field has a bound: the model's, or here where the model has none.
        extra_kwargs = {
            "full_name": {"allow_blank": False},
            "postal_address": {"max_length": 1000},
        }

    def validate_full_name(self, value):
        if not value.strip():
            raise serializers.ValidationError("The candidate's full name is required.")
        return " ".join(value.split())


def plausible_moment(value):
    if value is not None:
        plausible_date(value.date())
    return value


class NoteVerbaleSerializer(serializers.ModelSerializer):
    received_at = AwareDateTimeField(
        required=False,
        allow_null=True,
        validators=[plausible_moment],
        help_text="When the note reached the Secretariat. Set by the server for a mission.",
    )
    dated_on = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    channel = serializers.ChoiceField(choices=INCOMING_CHANNELS, default="email")

    class Meta:
        model = NoteVerbale
        fields = ["reference", "dated_on", "received_at", "channel"]


class NominationSerializer(serializers.ModelSerializer):
    member_state = serializers.CharField(source="member_state.code", read_only=True)
    candidate = CandidateSerializer(read_only=True)
    note_verbale = NoteVerbaleSerializer(read_only=True)
    call = serializers.IntegerField(source="post.call_id", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id", "post", "call", "member_state", "candidate", "note_verbale", "status",
            "is_late", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, nomination):
        """What DRF's fields above give, written out: a page of the list renders fifty
        nominations, and the field-by-field walk of the nested serializers cost more than
        the page's queries. The fields still describe the schema; a test keeps the two
        equal (tests/api/test_nomination_representation.py)."""
        moment = self.fields["created_at"].to_representation
        received = self.fields["note_verbale"].fields["received_at"].to_representation
        candidate, note = nomination.candidate, nomination.note_verbale
        return {
            "id": nomination.pk,
            "post": nomination.post_id,
            "call": nomination.post.call_id,
            "member_state": nomination.member_state.code,
            "candidate": {
                "full_name": candidate.full_name,
                "email": candidate.email,
                "phone": candidate.phone,
                "nationality": candidate.nationality.code,
                "gender": candidate.gender,
                "date_of_birth": _iso_date(candidate.date_of_birth),
                "postal_address": candidate.postal_address,
                "languages": [str(language) for language in candidate.languages],
            },
            "note_verbale": {
                "reference": note.reference,
                "dated_on": _iso_date(note.dated_on),
                "received_at": received(note.received_at),
                "channel": note.channel,
            },
            "status": getattr(nomination, "shown_status", nomination.status),
            "is_late": nomination.is_late,
            "created_at": moment(nomination.created_at),
        }


# What a list row reads (``values()``), for ``from_values``.
LIST_VALUES = [
    "id", "post_id", "post__call_id", "member_state__code", "candidate__full_name",
    "candidate__email", "candidate__phone", "candidate__nationality__code",
    "candidate__gender", "candidate__date_of_birth", "candidate__postal_address",
    "candidate__languages", "note_verbale__reference", "note_verbale__dated_on",
    "note_verbale__received_at", "note_verbale__channel", "status", "is_late", "created_at",
]  # fmt: skip


def from_values(rows):
    """``NominationSerializer``'s representation of each row of
    ``nominations.values(*LIST_VALUES)``, key for key: a page of the list without six
    model instances per row (tests/api/test_nomination_representation.py)."""
    fields = NominationSerializer().fields
    moment = fields["created_at"].to_representation
    received = fields["note_verbale"].fields["received_at"].to_representation
    return [
        {
            "id": row["id"],
            "post": row["post_id"],
            "call": row["post__call_id"],
            "member_state": row["member_state__code"],
            "candidate": {
                "full_name": row["candidate__full_name"],
                "email": row["candidate__email"],
                "phone": row["candidate__phone"],
                "nationality": row["candidate__nationality__code"],
                "gender": row["candidate__gender"],
                "date_of_birth": _iso_date(row["candidate__date_of_birth"]),
                "postal_address": row["candidate__postal_address"],
                "languages": [str(language) for language in row["candidate__languages"]],
            },
            "note_verbale": {
                "reference": row["note_verbale__reference"],
                "dated_on": _iso_date(row["note_verbale__dated_on"]),
                "received_at": received(row["note_verbale__received_at"]),
                "channel": row["note_verbale__channel"],
            },
            "status": row.get("shown_status", row["status"]),
            "is_late": row["is_late"],
            "created_at": moment(row["created_at"]),
        }
        for row in rows
    ]


def _iso_date(value):
    return value.isoformat() if value else None


class NominationCreateSerializer(serializers.Serializer):
    post = IdField("post", queryset=Post.objects.none())
    member_state = MemberStateCodeField(
        queryset=MemberState.objects.all(),
        required=False,
        help_text="ISO alpha-3; a mission's own state when left out.",
    )
    candidate = CandidateSerializer()
    note_verbale = NoteVerbaleSerializer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["post"].queryset = Post.objects.for_user(request.user)

    def validate(self, attrs):
        """A mission nominates for its own state; the Secretariat names the state."""
        user = self.context["request"].user
        chosen = attrs.get("member_state")
        if permissions.is_mission(user):
            if chosen not in (None, user.member_state):
                raise serializers.ValidationError(
                    {"member_state": ["Must be your own member state."]}
                )
            attrs["member_state"] = user.member_state
        elif chosen is None:
            raise serializers.ValidationError({"member_state": ["This field is required."]})
        return attrs


class AvailableTransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    target = serializers.CharField()
    needs_reason = serializers.BooleanField()
    params = serializers.ListField(child=serializers.CharField())


class TransitionRequestSerializer(serializers.Serializer):
    transition = serializers.CharField(max_length=60)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    deadline_date = serializers.DateField(required=False, validators=[plausible_date])


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id", "created_at", "actor_label", "actor_role", "object_type", "object_id",
            "action", "from_state", "to_state", "reason", "details", "prev_hash", "hash",
        ]  # fmt: skip
        read_only_fields = fields


class HistoryEventSerializer(serializers.ModelSerializer):
    """A nomination's history as its mission sees it: what happened, by which role."""

    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "actor_role", "action", "from_state", "to_state", "reason"]
        read_only_fields = fields
