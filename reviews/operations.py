from django.db import transaction

from people.models import CircleMember
from plans.models import ActionPlan
from reviews.models import Review, Statement


@transaction.atomic
def plan_review(person, *, by, kind, meeting_date):
    """Set up a review with an empty action plan; the coordinator takes part."""
    review = Review.objects.create(person=person, kind=kind, meeting_date=meeting_date, created_by=by)
    review.participants.add(by)
    ActionPlan.objects.create(review=review)
    return review


@transaction.atomic
def add_statement(review, *, author, question, text):
    """Add one answer to one of the six questions. Whoever answers has taken part."""
    by_the_person = CircleMember.objects.filter(
        person_id=review.person_id, user=author, relationship=CircleMember.Relationship.SELF
    ).exists()
    statement = Statement.objects.create(
        review=review, question=question, text=text, author=author, by_the_person=by_the_person
    )
    review.participants.add(author)
    return statement


@transaction.atomic
def record_participants(review, users):
    review.participants.set(users)
