import os

from django.core.management import BaseCommand

from ourplan.demo import DEMO_PASSWORD, DEMO_USERS, LA_NAME


class Command(BaseCommand):
    help = "Print the demo area's sign-ins."

    def handle(self, *args, **options):
        self.stdout.write("\nDemo sign-ins (every one uses the password: %s)\n" % DEMO_PASSWORD)
        width = max(len(u["email"]) for u in DEMO_USERS)
        for user in DEMO_USERS:
            self.stdout.write(f"  {user['email'].ljust(width)}  {user['name']}: {user['about']}")
        self.stdout.write(
            "Professionals (everyone but Aisha, Sam and Leah) also type a code from an authenticator app;\n"
            "in this demo area the page that asks for it shows the code, so no phone is needed.\n"
        )
        from toolkit.models import AreaReview

        joinable = AreaReview.objects.filter(area__name=LA_NAME).exclude(stage=AreaReview.Stage.FINISHED).first()
        if joinable:
            self.stdout.write(
                f'To take part in the demo area\'s "{joinable.title}" from another browser, open\n'
                f"  http://127.0.0.1:{os.environ.get('PORT', '8000')}/toolkit/join/ and type the code "
                f"{joinable.join_code} (no account needed).\n"
            )
