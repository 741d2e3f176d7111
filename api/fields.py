"""Input fields that refuse what the database or the calendar cannot hold, in plain words."""

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

# PostgreSQL stores offsets up to ±15:59; real ones run from -12:00 to +14:00.
MAX_OFFSET = datetime.timedelta(hours=15, minutes=59)
OFFSET_MESSAGE = "Give a UTC offset between -15:59 and +15:59."
NAIVE_MESSAGE = "Give the time zone offset, e.g. 2023-11-14T10:30:00+01:00."
ALPHA3 = re.compile(r"[A-Za-z]{3}")


def offset_within_range(value):
    """For Django form fields (the filters) as for serializer fields."""
    offset = value.utcoffset() if value is not None else None
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise DjangoValidationError(OFFSET_MESSAGE, code="offset")
    return value


class IdField(serializers.PrimaryKeyRelatedField):
    """A related object by its id: a whole number, as JSON or as digits."""

    def __init__(self, noun, **kwargs):
        self.noun = noun
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        is_number = isinstance(data, int) and not isinstance(data, bool)
        if not (is_number or (isinstance(data, str) and data.isascii() and data.isdigit())):
            raise serializers.ValidationError(f"Give the {self.noun}'s id, a whole number.")
        return super().to_internal_value(int(data))


class MemberStateCodeField(serializers.SlugRelatedField):
    """A member state by its ISO alpha-3 code, in any case."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not ALPHA3.fullmatch(data):
            raise serializers.ValidationError("Give an ISO alpha-3 code, e.g. FRA.")
        return super().to_internal_value(data.upper())


class AwareDateTimeField(serializers.DateTimeField):
    """An instant: its UTC offset is part of it, never guessed."""

    def enforce_timezone(self, value):
        if value.utcoffset() is None:
            raise serializers.ValidationError(NAIVE_MESSAGE, code="naive")
        if abs(value.utcoffset()) > MAX_OFFSET:
            raise serializers.ValidationError(OFFSET_MESSAGE, code="offset")
        return super().enforce_timezone(value)
