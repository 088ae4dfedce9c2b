from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Learning from plans"

    def ready(self):
        # Themes are suggested in the background for every statement sent (insights.tasks).
        from insights import facts
        from insights.tasks import statement_saved

        post_save.connect(statement_saved, sender="reviews.Statement", dispatch_uid="insights_suggest_themes")
        # Every change to what the area figures count marks the person, in the same transaction, so
        # their facts are worked out again before the figures are next read (insights.facts).
        for label in facts.PERSON_OF:
            if label == "people.Person":
                continue
            for signal in (post_save, post_delete):
                signal.connect(facts.record_saved, sender=label, dispatch_uid=f"insights_facts_{label}")
        post_save.connect(facts.person_saved, sender="people.Person", dispatch_uid="insights_facts_person")
        post_delete.connect(facts.person_deleted, sender="people.Person", dispatch_uid="insights_facts_person")
        from people.models import Person

        m2m_changed.connect(
            facts.pathway_groups_changed, sender=Person.pathway_groups.through, dispatch_uid="insights_facts_pathways"
        )
