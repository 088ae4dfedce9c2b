"""manage.py area_figures: check (and put right) the facts the area figures are counted from."""

import time

from django.core.management import BaseCommand, CommandError

from accounts.models import Organisation
from insights import facts


class Command(BaseCommand):
    help = (
        "Bring each area's facts up to date, then compare every person's facts with those "
        "worked out afresh from their records, put right any that differ and say how many did "
        "(none should). --rebuild works out the whole area again instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="only this local authority (its name)")
        parser.add_argument("--rebuild", action="store_true", help="work out every person's facts again")

    def handle(self, *args, area=None, rebuild=False, **options):
        areas = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")
        if area:
            areas = areas.filter(name=area)
            if not areas:
                raise CommandError(
                    f"No local authority is called {area!r}. Check the name as OurPlan shows it, "
                    "or leave out --area to check every area."
                )
        for la in areas:
            started = time.monotonic()
            if rebuild:
                facts.build(la)
                self.stdout.write(f"{la.name}: built again in {time.monotonic() - started:.1f} s.")
                continue
            facts.bring_up_to_date(la)
            wrong = facts.differences(la)
            if wrong:
                facts.refresh(wrong)
                facts.changed(wrong)  # so the version goes up and no published figures are kept
                facts.bring_up_to_date(la)
            self.stdout.write(
                f"{la.name}: {len(wrong)} people's facts differed from their records and were put right "
                f"({time.monotonic() - started:.1f} s)."
            )
