"""Signing in, and loading the signed-in user once per request."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from accounts.models import Membership, User


class OurPlanBackend(ModelBackend):
    """Django's email-and-password backend, which also notes whether the user is a planning lead
    in the same query that loads them, since every page that shows a person needs to know."""

    def get_user(self, user_id):
        leads = Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.PLANNING_LEAD)
        user = User.objects.annotate(_is_planning_lead=Exists(leads)).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
