"""A nomination's JSON is written out by hand for speed; it must stay what DRF's fields
(which also make the schema) would give, field for field."""

import datetime
import json

import pytest
from rest_framework import serializers

from api.serializers.nominations import LIST_VALUES, NominationSerializer, from_values
from nominations.models import Nomination
from tests import factories


def by_the_fields(nomination):
    return serializers.ModelSerializer.to_representation(NominationSerializer(), nomination)


@pytest.mark.django_db
def test_the_written_out_representation_is_the_fields_one(member_states):
    full = factories.NominationFactory(
        member_state=member_states["MEX"],
        candidate__full_name="María José Pérez",
        candidate__date_of_birth=datetime.date(1971, 3, 9),
        candidate__languages=["es", "en"],
        candidate__postal_address="Av. Reforma 1\nCiudad de México",
        note_verbale__dated_on=datetime.date(2026, 11, 2),
        note_verbale__received_at=datetime.datetime(2026, 11, 3, 23, 30, tzinfo=datetime.UTC),
        is_late=True,
        status="late",
    )
    sparse = factories.NominationFactory(
        member_state=member_states["KEN"],
        candidate__email="",
        candidate__phone="",
        candidate__gender="undisclosed",
        note_verbale__received_at=None,
        note_verbale__reference="",
    )
    for nomination in Nomination.objects.filter(pk__in=[full.pk, sparse.pk]):
        written_out = NominationSerializer(nomination).data
        assert written_out == by_the_fields(nomination)
        assert list(written_out) == list(by_the_fields(nomination))
    assert NominationSerializer(full).data["note_verbale"]["received_at"] == (
        "2026-11-04T00:30:00+01:00"
    )


@pytest.mark.django_db
def test_a_list_row_read_as_values_is_the_objects_representation(member_states):
    """The list's pages are written from values() (api/serializers/nominations.py)."""
    factories.NominationFactory(
        member_state=member_states["MEX"],
        candidate__full_name="María José Pérez",
        candidate__date_of_birth=datetime.date(1971, 3, 9),
        candidate__languages=["es", "en"],
        candidate__postal_address="Av. Reforma 1\nCiudad de México",
        note_verbale__dated_on=datetime.date(2026, 11, 2),
        note_verbale__received_at=datetime.datetime(2026, 11, 3, 23, 30, tzinfo=datetime.UTC),
        is_late=True,
        status="late",
    )
    factories.NominationFactory(
        member_state=member_states["KEN"],
        candidate__email="",
        candidate__phone="",
        candidate__gender="undisclosed",
        note_verbale__received_at=None,
        note_verbale__reference="",
    )
    nominations = Nomination.objects.order_by("id")

    rows = from_values(nominations.values(*LIST_VALUES))

    objects = [NominationSerializer(nomination).data for nomination in nominations]
    assert json.dumps(rows) == json.dumps(objects)  # the same keys in the same order
