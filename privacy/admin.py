"""Retention rules and legal holds in Django's admin, for a deployment that switches it on
(``django.contrib.admin`` is not installed by default: ``manage.py retention_rules`` changes the
rules without it). Anonymisation records and retention runs can be read, never changed."""

from django.contrib import admin

from privacy.models import Anonymisation, LegalHold, RetentionRule, RetentionRun


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "keep_for", "unit", "updated_by", "updated_at"]
    fields = ["kind", "keep_for", "unit", "updated_by"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False  # the kinds are fixed in privacy.retention

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnly):
    list_display = ["person_id", "placed_at", "placed_by_label", "lifted_at"]


@admin.register(Anonymisation)
class AnonymisationAdmin(ReadOnly):
    list_display = ["reference", "at", "by_label", "basis", "rule"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnly):
    list_display = ["at", "today", "dry_run", "found", "done", "held"]
