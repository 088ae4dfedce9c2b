from django.core.management import BaseCommand, CommandError

from accounts.models import Membership, Organisation
from accounts.operations import add_member, choose_password_link
from ourplan.tasks import send_email


class Command(BaseCommand):
    help = (
        "Give a professional an account and a role in an organisation, and email them a link to choose "
        "a password. Families and young people join through invitations instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", required=True, help="Its exact name.")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)

    def handle(self, *args, email, name, organisation, role, **options):
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            raise CommandError(f'There is no organisation called "{organisation}". Add it with add_organisation.')
        user = add_member(email=email, name=name, organisation=org, role=role)
        link = choose_password_link(user)
        send_email.enqueue(
            user.email,
            "Your OurPlan account is ready",
            f"Hello {user.name},\n\nYou have an OurPlan account for {org.name}. Open this link to choose your "
            f"password (it works once, for a few days):\n{link}\n\nOurPlan\n",
        )
        self.stdout.write(
            f"{user.email} is a {role.replace('_', ' ')} at {org.name}. We have emailed them this link:\n{link}"
        )
