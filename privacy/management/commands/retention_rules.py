from django.core.management.base import BaseCommand, CommandError

from privacy import retention
from privacy.models import RetentionRule


class Command(BaseCommand):
    help = (
        "Show how long each kind of record is kept, or change one: "
        "retention_rules sen_records 31 years --by 'DPO, decision 2027/14'."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=sorted(retention.BY_CODE))
        parser.add_argument("keep_for", nargs="?", type=int)
        parser.add_argument("unit", nargs="?", choices=RetentionRule.Unit.values)
        parser.add_argument("--by", default="", help="Who decided, and on whose authority (kept with the rule).")

    def handle(self, *args, kind=None, keep_for=None, unit=None, by="", **options):
        if kind is not None:
            if keep_for is None or unit is None:
                raise CommandError("Give how long and a unit, for example: retention_rules sen_records 31 years")
            if not by:
                raise CommandError("Say who decided with --by, for example --by 'DPO, decision 2027/14'.")
            RetentionRule.objects.update_or_create(
                kind=kind, defaults={"keep_for": keep_for, "unit": unit, "updated_by": by}
            )
        periods = retention.periods()
        for each in retention.KINDS:
            self.stdout.write(f"{each.code}: {periods[each.code]} from {each.counted_from}, then {each.then}d")
            self.stdout.write(f"  {each.name}.")
        self.stdout.write(f"\n{retention.AUDIT_TRAIL_RULE}")
