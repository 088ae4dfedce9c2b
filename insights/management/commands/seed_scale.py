"""manage.py seed_scale --people 25000: a large synthetic local authority for speed figures."""

import time

from django.core.management import BaseCommand, CommandError

from accounts.models import Organisation
from insights import facts
from insights.models import FactsBuilt
from insights.scale import DEFAULT_AREA, AreaStoppedPartWay, seed_area


class Command(BaseCommand):
    help = (
        "Create a synthetic local authority with N people and two years of their plans (profiles, "
        "reviews, statements with themes, outcomes, actions), the same every time for one seed. "
        "Made-up names and words only. Does nothing if the area exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="how many people (e.g. 25000)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
        parser.add_argument("--area", default=DEFAULT_AREA, help=f"the council's name (default {DEFAULT_AREA!r})")

    def handle(self, *args, people, seed, area, **options):
        if not 1 <= people <= 1_000_000:
            raise CommandError("Give --people between 1 and 1000000.")
        started = time.monotonic()
        try:
            totals = seed_area(people, seed=seed, area=area, say=self.stdout.write)
        except AreaStoppedPartWay as error:
            raise CommandError(str(error)) from None
        if totals is None:
            made = Organisation.objects.get(name=area, kind=Organisation.Kind.LOCAL_AUTHORITY)
            if FactsBuilt.objects.filter(local_authority=made, built_at__isnull=False).exists():
                self.stdout.write(f"{area} is there already; nothing changed.")
                return
            # Seeded before the area figures kept facts: built now, so the first look is not slow.
            facts.build(made)
            self.stdout.write(
                f"{area} is there already; nothing changed in its records. "
                f"Built its area figures' facts in {time.monotonic() - started:.1f} s."
            )
            return
        self.stdout.write(f"Made {area} in {time.monotonic() - started:.1f} s:")
        for label, count in totals.items():
            self.stdout.write(f"  {label}: {count:,}")
