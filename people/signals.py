from django.db.models import Q

from people import versions
from people.models import CircleMember, Person


def record_saved(sender, instance, raw=False, **kwargs):
    """``post_save`` and ``post_delete`` of a record about a person (``people.apps``)."""
    if not raw:
        versions.bump([instance.person_id])


def account_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """``post_save`` of an account: if its name may have changed, the records version of everyone
    it coordinates or is in the circle of moves on, since their pages show the name. A new account
    plans with nobody yet; a save of other fields only (a sign-in's time) changes no page."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    in_circle = CircleMember.objects.filter(user=instance).values("person_id")
    versions.bump(Person.objects.filter(Q(coordinator=instance) | Q(pk__in=in_circle)).values_list("pk", flat=True))
