"""Read-only share links to a published one-page profile, each for one named recipient.

A link's token is shown once, to whoever made the link; only its hash is stored
(``profiles.models.hash_share_token``), so the link cannot be read back from the database or the
audit trail. A link stops working on revocation or after its last day (``ShareLink.is_open``), and
``audit.access.shared_profile_for`` records each opening in the person's audit trail.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from profiles.models import ShareLink, hash_share_token, new_share_token


def latest_allowed_expiry(today=None):
    """The last day a link made today may stay open."""
    return (today or timezone.localdate()) + datetime.timedelta(days=ShareLink.MAX_DAYS)


@transaction.atomic
def create_share_link(profile, *, by, recipient, expires_on):
    """A new link to ``profile``'s latest published version for ``recipient``, open until the end
    of ``expires_on`` (today at the earliest, 90 days ahead at the latest). Returns ``(link, token)``:
    show the token to its creator now, because it cannot be shown again."""
    today = timezone.localdate()
    if not today <= expires_on <= latest_allowed_expiry(today):
        raise ValueError(f"A share link must expire between today and {ShareLink.MAX_DAYS} days from now.")
    if not profile.published_number:
        raise ValueError("Only a published profile can be shared.")
    token = new_share_token()
    link = ShareLink.objects.create(
        profile=profile,
        recipient=recipient,
        token_hash=hash_share_token(token),
        expires_on=expires_on,
        created_by=by,
    )
    return link, token


@transaction.atomic
def revoke_share_link(link, *, by):
    """Stop ``link`` working at once. Returns False, changing nothing, if it was revoked already."""
    now = timezone.now()
    revoked = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by)
    if revoked:
        link.revoked_at, link.revoked_by = now, by
    return bool(revoked)


def record_opened(link):
    """Count one opening of ``link``; an F() update, so openings at the same moment all count."""
    now = timezone.now()
    ShareLink.objects.filter(pk=link.pk).update(opened_count=F("opened_count") + 1, last_opened_at=now)
    link.opened_count += 1
    link.last_opened_at = now
