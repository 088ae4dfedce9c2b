from django.db import transaction

from audit.access import is_the_person
from plans.models import ActionPlan
from reviews.locking import board_changed
from reviews.models import Review, Statement
from reviews.planning import mark_responded


@transaction.atomic
def plan_review(person, *, by, kind, meeting_date):
    """Set up a review with an empty action plan; the coordinator takes part."""
    review = Review.objects.create(person=person, kind=kind, meeting_date=meeting_date, created_by=by)
    review.participants.add(by)
    ActionPlan.objects.create(review=review)
    return review


@transaction.atomic
def add_statement(review, *, author, question, text):
    """Add one answer to one of the six questions. Whoever answers has taken part, and has sent
    their views (no reminder goes to them)."""
    board_changed(review)  # refused once the record is signed off
    statement = Statement.objects.create(
        review=review, question=question, text=text, author=author, by_the_person=is_the_person(author, review.person)
    )
    review.participants.add(author)
    mark_responded(review, author)
    return statement
