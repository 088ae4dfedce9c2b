from django.db import transaction
from django.utils import timezone

from profiles.models import Profile, ProfileStatement


class ProfileChangedMeanwhile(Exception):
    """Someone else saved the profile after this person started editing it."""


def version_of(profile):
    """A token for the saved state of ``profile``, sent with the form to spot overlapping edits."""
    return profile.updated_at.isoformat() if profile.updated_at else "new"


@transaction.atomic
def write_profile(profile, *, by, statements, editing_version=None):
    """Save the profile's statements, ``{heading: [text, ...]}``, in the order given.

    A statement kept word for word keeps who first wrote it; new ones are credited to ``by``.
    With ``editing_version`` (from ``version_of`` when the form was shown), refuses to overwrite
    a save made by someone else in between.
    """
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    if editing_version is not None and version_of(locked) != editing_version:
        raise ProfileChangedMeanwhile(profile.pk)
    existing = {}
    for statement in profile.statements.all():
        existing.setdefault((statement.heading, statement.text), statement)
    keep, create = [], []
    for heading, texts in statements.items():
        for position, text in enumerate(texts):
            old = existing.pop((heading, text), None)
            if old is not None:
                old.position = position
                keep.append(old)
            else:
                create.append(
                    ProfileStatement(profile=profile, heading=heading, text=text, position=position, written_by=by)
                )
    ProfileStatement.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    ProfileStatement.objects.bulk_update(keep, ["position"])
    ProfileStatement.objects.bulk_create(create)
    profile.updated_at = timezone.now()
    profile.updated_by = by
    profile.save(update_fields=["updated_at", "updated_by"])
    return profile
