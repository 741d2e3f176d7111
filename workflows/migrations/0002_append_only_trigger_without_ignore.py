"""The audit log's append-only trigger, no longer one that a session can switch off.

pgtrigger's triggers return early when the session sets ``pgtrigger.ignore``,
which any connection may do. This one consults nothing: only the table's
owner (the migrations' role) can disable it. TRUNCATE is refused by privilege,
not by trigger (see ``manage.py grant_app_role``), so the test flush still works.
"""

import pgtrigger.migrations
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION workflows_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER workflows_auditevent_append_only
    BEFORE UPDATE OR DELETE ON workflows_auditevent
    FOR EACH ROW EXECUTE FUNCTION workflows_auditevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS workflows_auditevent_append_only ON workflows_auditevent;
DROP FUNCTION IF EXISTS workflows_auditevent_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="auditevent",
            name="audit_event_append_only",
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
