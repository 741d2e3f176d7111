"""Query-string filters.

An id filter chooses among the objects the requesting user may see, so an id
outside their scope is refused exactly as a missing one is: the answer never
tells whether another state's or a hidden object exists.
"""

import datetime

from django import forms
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters

from api.fields import offset_within_range
from api.serializers.calls import EARLIEST, LATEST
from nominations.models import Call, Nomination, Post
from workflows.models import AuditEvent


def visible_posts(request):
    return Post.objects.for_user(request.user) if request is not None else Post.objects.none()


def visible_calls(request):
    return Call.objects.for_user(request.user) if request is not None else Call.objects.none()


class PlausibleIsoDateTimeField(filter_fields.IsoDateTimeField):
    """An ISO 8601 instant the database can compare: a real offset, a year of ours."""

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError("Enter a valid date/time.", code="invalid") from error
        if moment is None:
            return None
        offset_within_range(moment)
        try:
            in_utc = moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            in_utc = None
        if in_utc is None or not EARLIEST <= in_utc.date() <= LATEST:
            raise forms.ValidationError(
                f"Give a moment between {EARLIEST.isoformat()} and {LATEST.isoformat()}.",
                code="range",
            )
        return in_utc


class PlausibleIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = PlausibleIsoDateTimeField


class NominationFilter(filters.FilterSet):
    post = filters.ModelChoiceFilter(queryset=visible_posts)
    call = filters.ModelChoiceFilter(field_name="post__call", queryset=visible_calls)
    member_state = filters.CharFilter(field_name="member_state__code", lookup_expr="iexact")
    status = filters.ChoiceFilter(choices=Nomination.Status.choices, method="filter_status")

    class Meta:
        model = Nomination
        fields = ["post", "status", "member_state", "is_late", "call"]

    def filter_status(self, queryset, name, value):
        # A mission filters on the status it reads (api/mission_status.py), never on a
        # withheld one.
        if "shown_status" in queryset.query.annotations:
            return queryset.filter(shown_status=value)
        return queryset.filter(status=value)


class PostFilter(filters.FilterSet):
    call = filters.ModelChoiceFilter(queryset=visible_calls)

    class Meta:
        model = Post
        fields = ["call", "status"]


class AuditEventFilter(filters.FilterSet):
    created_after = PlausibleIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = PlausibleIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    actor = filters.CharFilter(field_name="actor_label", lookup_expr="iexact")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor_role", "actor"]
