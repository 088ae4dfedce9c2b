"""Signing in, and loading the signed-in user once per request."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from accounts.models import Membership, User


class OurPlanBackend(ModelBackend):
    """Django's email-and-password backend, which also notes whether the user is a planning lead
    and whether they are a professional in the same query that loads them, since every page that
    shows a person needs the first and the session time-out (accounts.sessions) needs the second."""

    def get_user(self, user_id):
        leads = Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.PLANNING_LEAD)
        memberships = Membership.objects.filter(user=OuterRef("pk"))
        user = (
            User.objects.annotate(_is_planning_lead=Exists(leads), _is_professional=Exists(memberships))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
