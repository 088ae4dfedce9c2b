"""The default retention rules of the kinds added for accounts and area reviews, and, on
PostgreSQL, the audit trail's trigger (audit/0004, privacy/0002) letting through one more change:
the retention job deleting an account event (an event with no person, such as a sign-in),
only inside the transaction in which it has said so
(``audit.models.AuditEventQuerySet.delete_account_events_for_retention``). An event about a
person still cannot be deleted by anyone."""

from django.db import migrations

DEFAULTS = [
    ("account_events", 2, "years"),
    ("switched_off_accounts", 2, "years"),
    ("area_review_participants", 6, "months"),
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

ALLOW_ANONYMISING_AND_RETENTION = """
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
    -- The retention job deleting an account event (no person) whose time is up, inside the
    -- transaction where it set ourplan.retention (SET LOCAL: it ends with the transaction).
    IF TG_OP = 'DELETE' AND OLD.person_id IS NULL
       AND current_setting('ourplan.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql;
"""


def add_defaults(apps, schema_editor):
    rule = apps.get_model("privacy", "RetentionRule")
    for kind, keep_for, unit in DEFAULTS:
        rule.objects.get_or_create(kind=kind, defaults={"keep_for": keep_for, "unit": unit, "updated_by": "default"})


def remove_defaults(apps, schema_editor):
    rule = apps.get_model("privacy", "RetentionRule")
    rule.objects.filter(kind__in=[kind for kind, _n, _unit in DEFAULTS], updated_by="default").delete()


def allow_retention(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISING_AND_RETENTION)


def allow_anonymising_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISING)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_default_rules_and_audit_redaction"),
        ("audit", "0005_account_events"),
    ]
    operations = [
        migrations.RunPython(add_defaults, remove_defaults),
        migrations.RunPython(allow_retention, allow_anonymising_only),
    ]
