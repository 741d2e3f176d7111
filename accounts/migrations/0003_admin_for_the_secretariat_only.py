"""Only superusers and the Secretariat use the admin (DESIGN §1).

Groups created before this had the executive office and the auditor holding
admin view permissions, and every account but a mission's was made staff.
Take those away in databases already seeded; ``ensure_groups`` keeps the
groups in step from now on.
"""

from django.db import migrations

NO_ADMIN = ["executive", "auditor", "mission"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    for group in Group.objects.filter(name__in=NO_ADMIN):
        group.permissions.clear()
    User.objects.filter(is_staff=True, is_superuser=False).exclude(
        groups__name="secretariat"
    ).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
