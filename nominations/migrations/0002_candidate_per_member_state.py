"""Candidates belong to the member state that sent their details.

A record shared by several states' nominations is split: the first state keeps
it, every other state gets a copy and its nominations point at the copy.
"""

import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def _identity(candidate):
    # Frozen copy of nominations.models.candidates.identity_key at this migration.
    decomposed = unicodedata.normalize("NFKD", candidate.full_name or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    name = " ".join(bare.casefold().split())
    email = (candidate.email or "").strip().lower()
    if email:
        return f"{name}|{email}"
    if candidate.date_of_birth:
        return f"{name}|born {candidate.date_of_birth.isoformat()}"
    return f"{name}|"


def split_by_member_state(apps, schema_editor):
    Candidate = apps.get_model("nominations", "Candidate")
    Nomination = apps.get_model("nominations", "Nomination")
    taken = set()
    for candidate in Candidate.objects.order_by("pk"):
        original = candidate.pk
        states = Nomination.objects.filter(candidate_id=original).order_by("pk")
        states = list(dict.fromkeys(states.values_list("member_state_id", flat=True)))
        identity = _identity(candidate)
        for index, state_id in enumerate(states or [candidate.nationality_id]):
            if index:
                candidate.pk = None
            candidate.member_state_id = state_id
            candidate.identity = identity
            if (state_id, identity) in taken:
                # Records that were already duplicates within a state stay apart.
                candidate.identity = f"{identity}#{original}"
            taken.add((state_id, candidate.identity))
            candidate.save()
            if index:
                Nomination.objects.filter(candidate_id=original, member_state_id=state_id).update(
                    candidate_id=candidate.pk
                )


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="identity",
            field=models.CharField(db_index=True, default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="candidate",
            name="member_state",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidates",
                to="nominations.memberstate",
            ),
        ),
        migrations.RunPython(split_by_member_state, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="candidate",
            name="member_state",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidates",
                to="nominations.memberstate",
            ),
        ),
        migrations.AddConstraint(
            model_name="candidate",
            constraint=models.UniqueConstraint(
                fields=("member_state", "identity"), name="one_candidate_per_person_and_state"
            ),
        ),
    ]
