import django.db.models.deletion
from django.db import migrations, models

# Framework entries an earlier demo loaded that seed 000 does not have (seed 001 adds them).
NOT_IN_THE_FRAMEWORK = ["courage", "empathy", "humility"]


def word_as_stated(apps, schema_editor):
    """Give each existing post competency the wording of its framework entry, in order.

    Level 0 meant "a value, not levelled"; it is now no level.
    """
    PostCompetency = apps.get_model("nominations", "PostCompetency")
    Competency = apps.get_model("nominations", "Competency")
    rows = PostCompetency.objects.select_related("competency").order_by(
        "post_id", "competency__position", "id"
    )
    position, post_id = 0, None
    for row in rows:
        position = position + 1 if row.post_id == post_id else 0
        post_id = row.post_id
        entry = row.competency
        row.name, row.description, row.kind = entry.name, entry.description, entry.kind
        row.position = position
        if row.level == 0:
            row.level = None
        if entry.code in NOT_IN_THE_FRAMEWORK:
            row.competency = None
        row.save()
    Competency.objects.filter(code__in=NOT_IN_THE_FRAMEWORK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0002_candidate_per_member_state"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="postcompetency",
            options={
                "ordering": ["post", "position", "id"],
                "verbose_name": "post competency",
                "verbose_name_plural": "post competencies",
            },
        ),
        migrations.RemoveConstraint(
            model_name="postcompetency",
            name="unique_post_competency",
        ),
        migrations.RemoveField(
            model_name="post",
            name="competencies",
        ),
        migrations.AddField(
            model_name="call",
            name="addressed_states",
            field=models.ManyToManyField(
                blank=True,
                help_text="Only for a call to chosen member states (a sponsored post).",
                related_name="calls_addressed",
                to="nominations.memberstate",
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="addressee_line",
            field=models.CharField(
                blank=True,
                help_text="As the note words it: 'To: Permanent Representatives of Member States of ...'",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="addressees",
            field=models.CharField(
                choices=[("members", "All member states"), ("chosen", "Chosen member states")],
                default="members",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="enquiry_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="enquiry address"),
        ),
        migrations.AddField(
            model_name="post",
            name="duties_intro",
            field=models.TextField(blank=True, verbose_name="introduction of the duties"),
        ),
        migrations.AddField(
            model_name="postcompetency",
            name="description",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="postcompetency",
            name="kind",
            field=models.CharField(
                choices=[
                    ("value", "Value"),
                    ("core", "Core competency"),
                    ("managerial", "Managerial competency"),
                ],
                default="value",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="postcompetency",
            name="name",
            field=models.CharField(default="", max_length=120),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="postcompetency",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, help_text="Order in the call's list"),
        ),
        migrations.AlterField(
            model_name="call",
            name="deadline",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="call",
            name="deadline_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="call",
            name="place",
            field=models.CharField(blank=True, max_length=80, verbose_name="place of issue"),
        ),
        migrations.AlterField(
            model_name="call",
            name="title",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="post",
            name="deadline",
            field=models.DateTimeField(db_index=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="post",
            name="deadline_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="postcompetency",
            name="competency",
            field=models.ForeignKey(
                blank=True,
                help_text="The entry of the competency framework whose indicators apply, if any.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="nominations.competency",
                verbose_name="framework entry",
            ),
        ),
        migrations.AlterField(
            model_name="postcompetency",
            name="level",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty for a value (not levelled) or where the terms of reference state none.",
                null=True,
            ),
        ),
        migrations.RunPython(word_as_stated, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="postcompetency",
            constraint=models.UniqueConstraint(
                fields=("post", "name"), name="unique_post_competency_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="postcompetency",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("level__isnull", True),
                    models.Q(("kind", "core"), ("level__in", (1, 2, 3))),
                    models.Q(("kind", "managerial"), ("level__in", (2, 3))),
                    _connector="OR",
                ),
                name="post_competency_level_fits_kind",
                violation_error_message="The level does not fit this kind of competency.",
            ),
        ),
    ]
