"""A retention run says when it finished, and, on PostgreSQL, the audit trail's trigger (audit/0004,
privacy/0002, privacy/0003) lets the retention job delete only sign-in records, and only with
proof that a real run is under way:

- only an event with no person whose action is a sign-in, a failed sign-in or a change to how
  someone signs in: a refusal or a change with no person (the plain words list, an area review)
  is part of the audit trail and stays;
- only when ``ourplan.retention`` holds the id of a retention run that acts (not a dry run) and
  has not finished, as anonymising needs the id of its anonymisation record (privacy/0002).
  Saying "on" is no longer enough.

Runs made before this are marked finished, so no old run's id can be used again."""

from django.db import migrations, models
from django.db.models import F

ALLOW_ANONYMISING_AND_RETENTION_RUN = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    -- Forgetting which account it was when that account is deleted (user_label keeps who it was).
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    -- Anonymising a person: only the words change, inside the transaction that recorded it.
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - ARRAY['what', 'user_label', 'path', 'ip_address'])
           = (to_jsonb(OLD) - ARRAY['what', 'user_label', 'path', 'ip_address'])
       AND EXISTS (
           SELECT 1 FROM privacy_anonymisation
           WHERE id::text = current_setting('ourplan.anonymising', true)
       ) THEN
        RETURN NEW;
    END IF;
    -- The retention job deleting a sign-in record (no person; signed in, failed to, or changed
    -- how they sign in) whose time is up, inside the transaction where it named its run, which
    -- must be one that acts and is still under way (SET LOCAL: it ends with the transaction).
    IF TG_OP = 'DELETE' AND OLD.person_id IS NULL
       AND OLD.action IN ('signed_in', 'failed', 'account')
       AND EXISTS (
           SELECT 1 FROM privacy_retentionrun
           WHERE id::text = current_setting('ourplan.retention', true)
             AND NOT dry_run AND finished_at IS NULL
       ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
"""

# As privacy/0003 left it, for going back.
ALLOW_ANONYMISING_AND_RETENTION = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - ARRAY['what', 'user_label', 'path', 'ip_address'])
           = (to_jsonb(OLD) - ARRAY['what', 'user_label', 'path', 'ip_address'])
       AND EXISTS (
           SELECT 1 FROM privacy_anonymisation
           WHERE id::text = current_setting('ourplan.anonymising', true)
       ) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.person_id IS NULL
       AND current_setting('ourplan.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
"""


def finish_earlier_runs(apps, schema_editor):
    run = apps.get_model("privacy", "RetentionRun")
    run.objects.filter(finished_at__isnull=True).update(finished_at=F("at"))


def allow_retention_run(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISING_AND_RETENTION_RUN)


def allow_retention_on(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISING_AND_RETENTION)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_account_retention_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="retentionrun",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(finish_earlier_runs, migrations.RunPython.noop),
        migrations.RunPython(allow_retention_run, allow_retention_on),
    ]
