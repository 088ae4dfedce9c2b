from django.apps import AppConfig
from django.db.models.signals import post_save


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Learning from plans"

    def ready(self):
        # Themes are suggested in the background for every statement sent (insights.tasks).
        from insights.tasks import statement_saved

        post_save.connect(statement_saved, sender="reviews.Statement", dispatch_uid="insights_suggest_themes")
