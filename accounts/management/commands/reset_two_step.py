from django.core.management import BaseCommand, CommandError

from accounts.models import User
from accounts.two_step import reset_two_step


class Command(BaseCommand):
    help = (
        "For someone who has lost both their phone and their recovery codes, after checking who they are: "
        "remove their authenticator app and recovery codes and sign them out everywhere. A professional "
        "sets up a new app the next time they sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--reason", required=True, help="Why, and how you checked who they are (kept in the audit trail)."
        )

    def handle(self, *args, email, reason, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account with the email address {email}.")
        reset_two_step(user, reason)
        self.stdout.write(
            f"Two-step sign-in is reset for {user.email}. They are signed out everywhere"
            + (" and will set up a new app when they next sign in." if user.is_professional else ".")
        )
