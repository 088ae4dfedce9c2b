"""Whether a one-page profile needs checking: profiles nobody updates are the commonest failure."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ourplan.dates import long_date
from plans.models import add_months, agreed_plans_newest_first

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
    return _freshness(
        profile.person.preferred_name,
        profile.published_at,
        current_plan.next_review_date if current_plan else None,
        current_plan.review.meeting_date if current_plan else None,
        today,
    )


def with_profile_dates(people):
    """``people`` (a queryset) with what ``freshness_of`` needs, in the same single query."""
    plans = agreed_plans_newest_first(OuterRef("pk"))
    return people.annotate(
        profile_published_at=F("profile__published_at"),
        next_review_date=Subquery(plans.values("next_review_date")[:1]),
        last_review_date=Subquery(plans.values("review__meeting_date")[:1]),
    )


def freshness_of(person, today=None):
    """``freshness`` for a person from ``with_profile_dates``."""
    return _freshness(
        person.preferred_name, person.profile_published_at, person.next_review_date, person.last_review_date, today
    )


def _freshness(name, published_at, next_review, last_review, today=None):
    today = today or timezone.localdate()
    if not published_at:
        return Freshness(None, False, _("Not published yet."))
    checked = timezone.localtime(published_at).date()
    if add_months(checked, CHECK_AFTER_MONTHS) <= today:
        return Freshness(
            checked,
            True,
            _(
                "%(name)s's profile was last published on %(date)s, more than 6 months ago. "
                "Check it with %(name)s: change anything that is no longer true and publish it again."
            )
            % {"name": name, "date": long_date(checked)},
        )
    if next_review and last_review and today >= next_review - BEFORE_REVIEW and checked < last_review:
        return Freshness(
            checked,
            True,
            _(
                "%(name)s's next review is on %(review)s, and the profile has not been published since the "
                "last review. Check it with %(name)s before the review and publish it again."
            )
            % {"name": name, "review": long_date(next_review)},
        )
    return Freshness(checked, False, "")
