from django.db import transaction
from django.utils import timezone

from profiles.models import ProfileStatement


@transaction.atomic
def write_profile(profile, *, by, statements):
    """Save the profile's statements, ``{heading: [text, ...]}``, in the order given.

    A statement kept word for word keeps who first wrote it; new ones are credited to ``by``.
    """
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
                create.append(ProfileStatement(profile=profile, heading=heading, text=text, position=position, written_by=by))
    ProfileStatement.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    ProfileStatement.objects.bulk_update(keep, ["position"])
    ProfileStatement.objects.bulk_create(create)
    profile.updated_at = timezone.now()
    profile.updated_by = by
    profile.save(update_fields=["updated_at", "updated_by"])
    return profile
