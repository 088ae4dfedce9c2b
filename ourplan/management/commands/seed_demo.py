from django.core.management import BaseCommand

from ourplan.demo import load_demo_area


class Command(BaseCommand):
    help = "Load the demo local authority, its people, circles, profiles and reviews. Safe to run twice."

    def handle(self, *args, **options):
        if load_demo_area():
            self.stdout.write(self.style.SUCCESS("Loaded the demo area."))
        else:
            self.stdout.write("The demo area is already loaded; nothing was changed.")
