from django.core.management import BaseCommand, CommandError

from accounts.models import Organisation
from accounts.operations import add_organisation


class Command(BaseCommand):
    help = "Add an organisation: a local authority, or a school, health, social care or voluntary one in an area."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)
        parser.add_argument("--area", help="The name of its local authority (already added).")

    def handle(self, *args, name, kind, area, **options):
        local_authority = None
        if area:
            local_authority = Organisation.objects.filter(name=area, kind=Organisation.Kind.LOCAL_AUTHORITY).first()
            if local_authority is None:
                raise CommandError(
                    f'There is no local authority called "{area}". Add it first with --kind local_authority.'
                )
        elif kind != Organisation.Kind.LOCAL_AUTHORITY:
            raise CommandError("Say which local authority's area it is in, with --area.")
        organisation = add_organisation(name=name, kind=kind, area=local_authority)
        if organisation.kind != kind:
            raise CommandError(f'"{name}" already exists there as a {organisation.get_kind_display().lower()}.')
        self.stdout.write(f"{organisation.name} ({organisation.get_kind_display()}) is ready.")
