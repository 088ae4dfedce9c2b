"""Dot voting: everyone has six dots, three "could change now" and three "needs further planning",
to place on the ideas from the five tables. Participants vote from their phones; the facilitator
places the dots of anyone working on paper. The tally is live on every screen in the room.

Dots placed at once by many people are counted one after another under the review's lock
(``operations.place_dot``): none is lost or counted twice, and a seventh is refused."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.access import area_review_for, paper_voter_for, participant_for, record
from audit.models import AuditEvent
from ourplan.numbers import whole_number
from toolkit import live as live_parts
from toolkit import operations, tally
from toolkit.forms_voting import MOVE, PLACE, TAKE_BACK, VoteForm
from toolkit.models import DOTS_PER_COLOUR, Dot, Participant
from toolkit.views_day_two import participant_redirect

Colour = Dot.Colour


def ordinal(number):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _tenths(part, whole):
    """``part`` of ``whole`` as a percentage in steps of 10 (the bar classes' widths)."""
    return 0 if not whole else round(part * 10 / whole) * 10


def with_ranks_and_bars(counted):
    """Each counted idea with its rank in words ("joint 2nd") and its bar's widths, scaled to the
    idea with most dots: the "could change now" part and the whole."""
    most = max((c.total for c in counted), default=0)
    for c in counted:
        place = ordinal(c.rank)
        c.rank_label = _("joint %(place)s") % {"place": place} if c.joint else place
        c.total_width = _tenths(c.total, most)
        c.now_width = min(_tenths(c.now, most), c.total_width)
        c.later_width = c.total_width - c.now_width
    return counted


def by_step(counted):
    """The counted ideas grouped by their step, in the steps' order and the order written."""
    ordered = sorted(counted, key=lambda c: (c.idea.step.position, c.idea.step_id, c.idea.pk))
    return [(step, list(items)) for step, items in groupby(ordered, key=lambda c: c.idea.step)]


def _is_live(request):
    """A screen asking for its live part (``?live=1``, which does not count as someone being active)."""
    return live_parts.asks_for_news(request)


def _live_unchanged(request, review):
    return _is_live(request) and live_parts.nothing_new(request, review)


# The facilitator's page: open and close voting, the live tally, the results


@login_required
def voting(request, pk):
    review = area_review_for(request, pk, "the dot voting of an area review")
    if request.method == "POST":
        return _open_or_close(request, review)
    if _live_unchanged(request, review):
        return HttpResponse(status=204)
    people = list(Participant.objects.filter(review=review).annotate(dots_placed=Count("dots")))
    counted = with_ranks_and_bars(tally.counted_ideas(review))
    closed = review.voting_closed_at is not None
    context = {
        "review": review,
        "counted": counted,
        "people": len(people),
        "all_placed": sum(1 for p in people if p.dots_placed >= 2 * DOTS_PER_COLOUR),
        "on_paper": [p for p in people if p.on_paper],
        "dots": sum(c.total for c in counted),
        "closed": closed,
        "by_colour": [
            (colour, label, with_ranks_and_bars(tally.ranked_by_colour(review, colour)))
            for colour, label in Colour.choices
        ]
        if closed
        else [],
    }
    template = "toolkit/voting/_tally_live.html" if _is_live(request) else "toolkit/voting/voting.html"
    return render(request, template, context)


def _open_or_close(request, review):
    action = request.POST.get("action", "")
    try:
        with transaction.atomic():
            if action == "open":
                operations.open_voting(review)
                record(request, None, AuditEvent.Action.CHANGED, "opened dot voting", role="facilitator")
                messages.success(request, _("Voting is open. Everyone can place their six dots now."))
            elif action == "close":
                if not review.voting_open:
                    raise operations.NotNow(_("Voting is not open."))
                operations.close_voting(review)
                record(request, None, AuditEvent.Action.CHANGED, "closed dot voting", role="facilitator")
                messages.success(request, _("Voting is closed. The ideas are ranked below."))
            else:
                messages.error(request, _("Use the button to open or close voting."))
    except operations.NotNow as refused:
        messages.error(request, str(refused))
    return redirect("toolkit:voting", review.pk)


# Placing dots: a participant on their phone, or the facilitator for someone on paper


def vote(request, code):
    review, participant = participant_for(request, code, "dot voting in an area review")
    if participant is None:
        return participant_redirect("join_with_code", code) or render(
            request, "toolkit/day_two/ask_facilitator.html", {"review": review, "joined": False}, status=403
        )
    participant.review = review
    return _ballot(request, review, participant, facilitator=False)


@login_required
def vote_for(request, pk):
    participant = paper_voter_for(request, pk)
    return _ballot(request, participant.review, participant, facilitator=True)


def _ballot(request, review, participant, *, facilitator):
    if _live_unchanged(request, review):
        return HttpResponse(status=204)
    form = None
    if request.method == "POST":
        form = _cast(request, review, participant, facilitator)
        if form is None:
            return redirect(_ballot_url(review, participant, facilitator))
    counted = tally.counted_ideas(review)
    mine = list(Dot.objects.filter(participant=participant).order_by("colour", "slot"))
    for dot in mine:
        dot.idea = next((c.idea for c in counted if c.idea.pk == dot.idea_id), None)
    on_idea = {}
    for dot in mine:
        on_idea.setdefault(dot.idea_id, []).append(dot)
    for c in counted:
        c.mine = on_idea.get(c.idea.pk, [])
    left = {colour: DOTS_PER_COLOUR - sum(1 for d in mine if d.colour == colour) for colour in Colour.values}
    context = {
        "review": review,
        "participant": participant,
        "facilitator": facilitator,
        "form": form,
        "steps": by_step(counted),
        "ideas": sorted((c.idea for c in counted), key=lambda i: (i.step.position, i.pk)),
        "my_dots": [(label, [d for d in mine if d.colour == colour], left[colour]) for colour, label in Colour.choices],
        "left": left,
        "left_words": [_dots_left_words(colour, left[colour]) for colour in Colour.values],
        "open": review.voting_open,
        "closed": review.voting_closed_at is not None,
        "action_url": _ballot_url(review, participant, facilitator),
    }
    template = "toolkit/voting/_ballot_live.html" if _is_live(request) else "toolkit/voting/vote.html"
    return render(request, template, context, status=400 if form is not None else 200)


def _ballot_url(review, participant, facilitator):
    if facilitator:
        return reverse("toolkit:vote_for", args=[participant.pk])
    return reverse("toolkit:vote", kwargs={"code": review.join_code})


def _dots_left_words(colour, left):
    if colour == Colour.NOW:
        return ngettext(
            "You have %(n)d ‘could change now’ dot left",
            "You have %(n)d ‘could change now’ dots left",
            left,
        ) % {"n": left}
    return ngettext(
        "You have %(n)d ‘needs further planning’ dot left",
        "You have %(n)d ‘needs further planning’ dots left",
        left,
    ) % {"n": left}


NO_DOTS_LEFT = {
    Colour.NOW: gettext_lazy(
        "You have placed all three of your ‘could change now’ dots. Move one if you want to change your mind."
    ),
    Colour.LATER: gettext_lazy(
        "You have placed all three of your ‘needs further planning’ dots. Move one if you want to change your mind."
    ),
}


def _cast(request, review, participant, facilitator):
    """Place, move or take back one dot. Returns None when done (or refused with a banner), else
    the form carrying what was wrong. Only the voter's own dots can be moved: any other is 404."""
    action = request.POST.get("action", "")
    dot = None
    if action in (MOVE, TAKE_BACK):
        dot = get_object_or_404(Dot, pk=whole_number(request.POST.get("dot", "")), participant=participant)
        dot.review = review
    form = VoteForm(request.POST, review=review)
    if not form.is_valid():
        return form
    idea, colour = form.cleaned_data["idea"], form.cleaned_data["colour"]
    try:
        with transaction.atomic():
            if action == PLACE:
                operations.place_dot(participant, idea, colour)
                done = _("Your dot is on: %(idea)s") % {"idea": idea.text}
            elif action == MOVE:
                operations.move_dot(dot, idea)
                done = _("Your dot is moved to: %(idea)s") % {"idea": idea.text}
            else:
                operations.take_back_dot(dot)
                done = _("Your dot is taken back. You can place it again.")
            if facilitator:
                what = "placed, moved or took back a dot for someone voting on paper"
                record(request, None, AuditEvent.Action.CHANGED, what, role="facilitator")
    except operations.NoDotsLeft:
        form.add_error(None, NO_DOTS_LEFT[colour])
        return form
    except operations.VotingClosed as closed:
        messages.error(request, str(closed))
        return None
    messages.success(request, done)
    return None
