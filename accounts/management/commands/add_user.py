from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.models import Membership, Organisation
from accounts.operations import RoleWouldChange, add_member, email_account_ready


class Command(BaseCommand):
    help = (
        "Give a professional a role in an organisation. A new account is emailed a link to choose a password; "
        "an existing account keeps its password. Families and young people join through invitations instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", required=True, help="Its exact name.")
        parser.add_argument("--area", help="Its local authority, if more than one organisation has that name.")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--change-role", action="store_true", help="Change the role they already have there.")
        parser.add_argument(
            "--show-link", action="store_true", help="Also print the link (it lets whoever has it sign in as them)."
        )

    def handle(self, *args, email, name, organisation, area, role, change_role, show_link, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f'"{email}" is not an email address.') from None
        org = self._organisation(organisation, area)
        try:
            user, is_new = add_member(email=email, name=name, organisation=org, role=role, change_role=change_role)
        except RoleWouldChange as already:
            raise CommandError(
                f"{email} is already a {already} at {org.name}. Add --change-role to change it."
            ) from None
        said = f"{user.email} is a {role.replace('_', ' ')} at {org.name}."
        if is_new or not user.has_usable_password():
            link = email_account_ready(user, org)
            said += " We have emailed them a link to choose a password."
            if show_link:
                said += f"\n{link}"
        else:
            said += " They already have an account and sign in as before."
        self.stdout.write(said)

    def _organisation(self, name, area):
        matches = Organisation.objects.filter(name=name)
        if area:
            matches = matches.filter(local_authority__name=area)
        found = list(matches[:2])
        if not found:
            raise CommandError(f'There is no organisation called "{name}". Add it with add_organisation.')
        if len(found) > 1:
            raise CommandError(f'More than one organisation is called "{name}". Say which area with --area.')
        return found[0]
