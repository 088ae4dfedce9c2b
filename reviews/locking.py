"""Changes to one review's board happen one after another, tell the screens showing the board, and
stop once the record is signed off. Every operation that changes what the board shows (in
``reviews.board``, ``reviews.contributions``, ``reviews.operations``, ``plans``) calls these inside
its transaction. The review page keeps its rendered statements, outcomes and actions until
``board_version`` moves (``reviews.views._six_questions``), so anything new that changes what
they show must call ``board_changed`` too."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from reviews.models import Review

LOCKED_MESSAGE = _(
    "The record of this review is signed off, so it cannot change. To correct something, add an "
    "amendment to the record."
)


class RecordLocked(Exception):
    """The review's record is signed off: corrections are amendments to the record."""


def open_board(review):
    """Lock ``review``'s row for this transaction; refuse when its record is signed off."""
    locked = Review.objects.select_for_update().only("pk", "signed_off_at").get(pk=review.pk)
    if locked.signed_off_at is not None:
        raise RecordLocked(review.pk)
    return locked


def moved_on(review):
    """Tell the screens showing the board that it has changed (``Review.board_version``)."""
    Review.objects.filter(pk=review.pk).update(board_version=F("board_version") + 1)


def board_changed(review):
    """For a change made away from the board: refuse it once signed off; else the board shows it."""
    open_board(review)
    moved_on(review)
