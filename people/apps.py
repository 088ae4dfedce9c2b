from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# Records about a person, besides those the area figures count (insights.apps), that their page
# shows or that decide what it shows: each save or delete moves the person's records version on.
ABOUT_A_PERSON = [
    "people.CircleMember",
    "people.Invitation",
    "people.LawfulBasis",
    "people.AccessChoice",
    "people.DecisionRecord",
    "people.DetailsChange",
    "privacy.LegalHold",
]


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and their circles"

    def ready(self):
        from django.conf import settings

        from people.signals import account_saved, organisation_saved, record_saved

        for label in ABOUT_A_PERSON:
            for signal in (post_save, post_delete):
                signal.connect(record_saved, sender=label, dispatch_uid=f"people_version_{label}")

        # A renamed account's name shows on the pages of the people it plans with (people.versions).
        post_save.connect(account_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="people_account_renamed")
        # A school or college's name shows on its pupils' pages and caseload rows.
        post_save.connect(organisation_saved, sender="accounts.Organisation", dispatch_uid="people_setting_renamed")
