from people import versions


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
    from audit.access import people_planning_with  # audit.access imports this app's modules

    versions.bump(people_planning_with(instance).values_list("pk", flat=True))


def organisation_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """``post_save`` of an organisation: a school or college's name shows on the page and in the
    caseload row of each of its pupils, so their records versions move on when it may have changed."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    from people.models import Person

    versions.bump(Person.objects.filter(setting=instance).values_list("pk", flat=True))
