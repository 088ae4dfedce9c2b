"""Suggest themes for statements already held: ``manage.py suggest_themes [--area NAME ...]``.

New statements get their suggestions in the background as they are sent (``insights.tasks``);
this is for statements from before, or after the area's themes changed. Safe to run again: a
theme already on a statement is not suggested twice, and nothing a practitioner decided changes.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from insights import themes

PAGE = 5000  # statements read and written at a time


class Command(BaseCommand):
    help = "Suggest themes for the statements already held, area by area."

    def add_arguments(self, parser):
        parser.add_argument(
            "--area", action="append", default=[], help="A local authority's name or id (again for more); all if none."
        )

    def handle(self, *args, area, **options):
        areas = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")
        if area:
            chosen = [a for a in areas if a.name in area or str(a.pk) in area]
            unknown = set(area) - {a.name for a in chosen} - {str(a.pk) for a in chosen}
            if unknown:
                raise CommandError(f"No local authority called {', '.join(sorted(unknown))}. Check the name or id.")
            areas = chosen
        for local_authority in areas:
            self.suggest_in(local_authority)

    def suggest_in(self, local_authority):
        started = time.monotonic()
        themes.ensure_default_themes(local_authority)
        model = themes.model_for(local_authority)
        built = time.monotonic() - started
        statements = themes.statements_needing_suggestions(local_authority)
        seen = added = 0
        last = 0
        while True:
            page = list(statements.filter(pk__gt=last)[:PAGE])
            if not page:
                break
            added += themes.suggest_for(page, model)
            seen += len(page)
            last = page[-1].pk
        self.stdout.write(
            f"{local_authority.name}: {added} themes suggested for {seen} statements "
            f"(model from {model.examples} checked statements in {built:.1f}s; "
            f"{time.monotonic() - started:.1f}s in all)"
        )
