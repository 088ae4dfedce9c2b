"""Adding up the dots: each idea's "could change now" and "needs further planning" dots, ranked."""

from dataclasses import dataclass

from django.db.models import Count, Q

from toolkit.models import Dot, Idea


@dataclass
class Counted:
    idea: Idea
    now: int
    later: int
    rank: int = 0  # 1 for the most dots; ideas with as many dots share a rank
    joint: bool = False

    @property
    def total(self):
        return self.now + self.later


def counted_ideas(review):
    """Every idea of ``review`` with its dots, ranked by all dots (ideas with as many share a place),
    listed within a place by "could change now" dots, then the order the ideas were written. One
    query, however many ideas and dots."""
    ideas = (
        Idea.objects.filter(review=review)
        .select_related("step", "work_group")
        .annotate(
            now_dots=Count("dots", filter=Q(dots__colour=Dot.Colour.NOW)),
            later_dots=Count("dots", filter=Q(dots__colour=Dot.Colour.LATER)),
        )
    )
    counted = [Counted(idea=idea, now=idea.now_dots, later=idea.later_dots) for idea in ideas]
    return rank(counted, key=lambda c: (c.total,), then=lambda c: (c.now,))


def rank(counted, key, then=lambda c: ()):
    """Sort ``counted`` by ``key`` (highest first), then by ``then`` (highest first) within a
    place, and give each its rank: items with the same ``key`` share it."""
    ordered = sorted(counted, key=lambda c: (tuple(-k for k in key(c) + then(c)), c.idea.step.position, c.idea.pk))
    previous, rank_now = None, 0
    for position, item in enumerate(ordered, start=1):
        if key(item) != previous:
            rank_now, previous = position, key(item)
        item.rank = rank_now
    ranks = [item.rank for item in ordered]
    for item in ordered:
        item.joint = ranks.count(item.rank) > 1
    return ordered


def ranked_by_colour(review, colour):
    """The ideas ranked by dots of one colour alone (ideas with none left out)."""
    counted = [c for c in counted_ideas(review) if getattr(c, colour) > 0]
    return rank(counted, key=lambda c: (getattr(c, colour),))


def dots_left(participant):
    """How many dots of each colour ``participant`` has still to place: {"now": n, "later": n}."""
    from toolkit.models import DOTS_PER_COLOUR

    placed = dict(
        Dot.objects.filter(participant=participant).values("colour").annotate(n=Count("pk")).values_list("colour", "n")
    )
    return {colour: DOTS_PER_COLOUR - placed.get(colour, 0) for colour in Dot.Colour.values}
