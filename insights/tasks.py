"""Background jobs of insights: suggesting themes for what people said, never in a web request.

When a statement is sent (or its words change at the meeting), ``queue_suggestions`` queues
``suggest_themes`` for it once the change is saved (``transaction.on_commit``); the worker
(``manage.py db_worker``) suggests themes with the area's model (``insights.themes.model_for``),
kept in the worker's memory until the area's themes or its practitioners' choices change.
``manage.py suggest_themes`` does the same for statements already held.

When the area page finds its kept figures older than the area's records, it shows them and queues
``refresh_figures`` (once at a time for each page: ``insights.figures.shown_figures``), which works
them out afresh, as a page with nothing kept would, and keeps them.
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from accounts.models import Organisation
from insights import figures, themes
from reviews.models import Statement


def queue_suggestions(statement_ids):
    """Queue suggestions for the statements ``statement_ids`` once the current change is saved."""
    ids = sorted({int(pk) for pk in statement_ids})
    if ids:
        transaction.on_commit(lambda: suggest_themes.enqueue(ids))


def statement_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """``post_save`` of a review statement: a new sent statement, or new words, get suggestions."""
    if raw or instance.draft or instance.merged_into_id:
        return
    if not created and update_fields is not None and not {"text", "draft"} & set(update_fields):
        return
    queue_suggestions([instance.pk])


@task()
def suggest_themes(statement_ids):
    """Suggest themes for the statements ``statement_ids`` (sent, not merged away), area by area."""
    statements = list(
        Statement.objects.filter(pk__in=statement_ids, draft=False, merged_into=None).select_related(
            "review__person__local_authority"
        )
    )
    by_area = {}
    for statement in statements:
        area = statement.review.person.local_authority
        if area is not None:
            by_area.setdefault(area.pk, (area, []))[1].append(statement)
    added = sum(themes.suggest_for(found, themes.model_for(area)) for area, found in by_area.values())
    return f"{added} themes suggested for {len(statements)} statements"


@task()
def refresh_figures(area_id, start, end, dimension, value, language):
    """Work out afresh and keep the area page's figures for one period, selection and language."""
    area = Organisation.objects.filter(pk=area_id).first()
    if area is None:
        return "the area is gone"
    period = figures.Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), timezone.localdate())
    with translation.override(language):
        found = figures.area_figures(area, period, figures.Selection(dimension, value))
    return f"figures of {area.name} for {start} to {end} kept" + (" (too few people)" if found.too_small else "")
