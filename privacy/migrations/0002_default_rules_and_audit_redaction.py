"""The default retention rules, and, on PostgreSQL, the one change the audit trail's trigger
(audit/0004) lets through besides forgetting a deleted account: anonymising a person rewrites the
words of audit events (what, who as text, the page, the internet address) and nothing else, and
only inside a transaction that has just written the anonymisation record it names
(``privacy.operations._save_audit_words``)."""

from django.db import migrations

DEFAULTS = [
    ("sen_records", 31, "years"),
    ("sign_in_attempts", 90, "days"),
    ("finished_jobs", 30, "days"),
    ("sent_reminders", 2, "years"),
    ("closed_share_links", 1, "years"),
    ("closed_invitations", 1, "years"),
]

ALLOW_ANONYMISING = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    -- The one change allowed: forgetting which account it was when that account is deleted
    -- (user_label keeps who it was).
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
    RAISE EXCEPTION 'Audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
"""


def add_defaults(apps, schema_editor):
    rule = apps.get_model("privacy", "RetentionRule")
    for kind, keep_for, unit in DEFAULTS:
        rule.objects.get_or_create(kind=kind, defaults={"keep_for": keep_for, "unit": unit, "updated_by": "default"})


def allow_anonymising(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISING)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("audit", "0004_append_only_on_postgresql"),
    ]
    operations = [
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
        migrations.RunPython(allow_anonymising, append_only),
    ]
