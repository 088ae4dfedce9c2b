"""Reviews that are asking someone for their views now, for their home page: so a young person, their
family and everyone invited find their way to the review without waiting for (or finding) an email."""

from dataclasses import dataclass

from django.db.models import Exists, Q
from django.utils import timezone

from audit.access import reviews_withheld_from
from reviews.models import Invitee, Question, Review


@dataclass(frozen=True)
class Ask:
    review: Review
    own: bool  # the review of the user's own plan (the young person themselves)
    due_on: object  # the date views are due by, if it has not passed
    sent: bool  # an invitee who has sent their views already
    first_question: str = Question.values[0]  # where the young person's easy form starts


def asks_for(user, people_ids, own_ids):
    """The reviews of ``people_ids`` (the people ``user`` may see) asking ``user`` for their views
    today: those whose invitations have gone (the day the coordinator chose has come), whose meeting
    day has not passed and whose record is not signed off, where ``user`` is invited, or is the
    person (``own_ids``); never a review of someone whose reviews they may not see (``people.consent``),
    even if they were invited before that was decided. Soonest meeting first. Two queries, however many."""
    today = timezone.localdate()
    open_now = Q(invite_on__lte=today, meeting_date__gte=today, signed_off_at__isnull=True)
    invited = {
        invitee.review_id: invitee
        for invitee in Invitee.objects.filter(user=user, review__person_id__in=people_ids).only(
            "review_id", "responded_at"
        )
    }
    reviews = (
        Review.objects.filter(open_now, Q(pk__in=list(invited)) | Q(person_id__in=own_ids))
        .exclude(Exists(reviews_withheld_from(user)))
        .select_related("person")
        .order_by("meeting_date", "pk")
        if invited or own_ids
        else []
    )
    return [
        Ask(
            review=review,
            own=review.person_id in own_ids,
            due_on=review.views_due_on if review.views_due_on and review.views_due_on >= today else None,
            sent=review.pk in invited and invited[review.pk].responded_at is not None,
        )
        for review in reviews
    ]
