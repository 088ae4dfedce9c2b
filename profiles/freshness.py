"""Whether a one-page profile needs checking: profiles nobody updates are the commonest failure."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import add_months

CHECK_AFTER_MONTHS = 6
BEFORE_REVIEW = datetime.timedelta(weeks=4)  # when to prompt a check before the next review


@dataclass(frozen=True)
class Freshness:
    last_checked: datetime.date | None  # when it was last published
    needs_check: bool
    reason: str  # a plain sentence saying why, and what to do


def freshness(profile, current_plan=None, today=None):
    """How old ``profile`` is, and whether its author and coordinator should check it: when it was
    published more than 6 months ago, or before the last review with the next review coming up
    (or past) so it will be out of date at that review."""
    today = today or timezone.localdate()
    name = profile.person.preferred_name
    if not profile.published_at:
        return Freshness(None, False, _("Not published yet."))
    checked = timezone.localtime(profile.published_at).date()
    if add_months(checked, CHECK_AFTER_MONTHS) <= today:
        return Freshness(
            checked,
            True,
            _(
                "%(name)s's profile was last published on %(date)s, more than 6 months ago. "
                "Check it with %(name)s: change anything that is no longer true and publish it again."
            )
            % {"name": name, "date": f"{checked:%-d %B %Y}"},
        )
    next_review = current_plan.next_review_date if current_plan else None
    if next_review and today >= next_review - BEFORE_REVIEW and checked < current_plan.review.meeting_date:
        return Freshness(
            checked,
            True,
            _(
                "%(name)s's next review is on %(review)s, and the profile has not been published since the "
                "last review. Check it with %(name)s before the review and publish it again."
            )
            % {"name": name, "review": f"{next_review:%-d %B %Y}"},
        )
    return Freshness(checked, False, "")
