"""Taking part from a phone, with no account: type the code given in the room (or open its link or
QR code), say who you are, then the room page says what to do now and refreshes as the stage moves.

The browser session holds which participant it joined as (``audit.access.remember_participant``),
for that review only. Wrong codes are counted per address with the sign-in throttle
(``accounts.throttle``): the 6th in 15 minutes from one address is refused until the oldest is
15 minutes old.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from audit.access import participant_for, remember_participant, review_for_code
from toolkit import live as live_parts
from toolkit import operations
from toolkit.forms_setup import ChooseGroupForm, CodeForm, JoinForm
from toolkit.models import AreaReview

Stage = AreaReview.Stage
KEEP_PARTICIPANT_AT_MOST = 31 * 24 * 60 * 60
WRONG_CODE = gettext_lazy("That code is not right. Check the code you were given in the room and type it again.")


def _wait_message(until):
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return ngettext(
        "Too many wrong codes have been typed on this connection. Wait until %(time)s (%(minutes)d minute) and "
        "try again, or ask the facilitator for the link.",
        "Too many wrong codes have been typed on this connection. Wait until %(time)s (%(minutes)d minutes) and "
        "try again, or ask the facilitator for the link.",
        minutes,
    ) % {"time": time_format(timezone.localtime(until), "H:i"), "minutes": minutes}


def _review_for_code(request, code, form):
    """The review whose code is ``code`` (``access.review_for_code``: wrong codes are counted per
    address); None with the error on ``form``."""
    review, until = review_for_code(request, code)
    if until:
        form.add_error("code", _wait_message(until))
    elif review is None:
        form.add_error("code", WRONG_CODE)
    return review


def _keep_until_day_two_is_over(request, review):
    """Someone who joined without signing in stays this participant until the end of Day 2 (a week
    or two after Day 1, longer than a session's usual 12 hours), at most 31 days. A signed-in
    session keeps its own limits (``accounts.sessions``)."""
    if request.user.is_authenticated:
        return
    end = datetime.datetime.combine(
        review.day_two + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone()
    )
    seconds = int((end - timezone.now()).total_seconds())
    request.session.set_expiry(min(max(seconds, settings.SESSION_COOKIE_AGE), KEEP_PARTICIPANT_AT_MOST))


@require_http_methods(["GET", "POST"])
def join(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = _review_for_code(request, form.cleaned_data["code"], form)
        if review is not None:
            return redirect("toolkit:join_with_code", code=review.join_code)
    return render(request, "toolkit/join/join.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def join_with_code(request, code):
    code_form = CodeForm({"code": code})
    review = _review_for_code(request, code, code_form) if code_form.is_valid() else None
    if review is None:  # the join page, saying what was wrong with the code in the link
        return render(request, "toolkit/join/join.html", {"form": code_form}, status=404)
    _review, participant = participant_for(request, review.join_code)
    if participant is not None:
        return redirect("toolkit:room", code=review.join_code)
    if review.stage == Stage.FINISHED:
        return render(request, "toolkit/join/finished.html", {"review": review})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = operations.join(
                review,
                user=request.user if request.user.is_authenticated else None,
                **form.cleaned_data,
            )
        except operations.NotNow:
            return render(request, "toolkit/join/finished.html", {"review": review})
        remember_participant(request, participant)
        _keep_until_day_two_is_over(request, review)
        return redirect("toolkit:room", code=review.join_code)
    return render(
        request,
        "toolkit/join/join_with_code.html",
        {"form": form, "review": review},
        status=400 if form.errors else 200,
    )


# What a participant does at each stage, and the page of it (a URL name taking the code).
PARTICIPANT_NOW = {
    Stage.SETTING_UP: (None, None),
    Stage.DAY_ONE: ("toolkit:walk", "walk"),
    Stage.DAY_TWO: ("toolkit:my_table", "table"),
    Stage.VOTING: ("toolkit:vote", "vote"),
    Stage.ACTIONS: ("toolkit:room_strategy", "strategy"),
    Stage.FINISHED: ("toolkit:room_strategy", "strategy"),
}


def _room_context(review, participant, form=None):
    url_name, what = PARTICIPANT_NOW[review.stage]
    groups = list(review.work_groups.all())
    return {
        "review": review,
        "participant": participant,
        "now_url_name": url_name,
        "now": what,
        "groups": groups,
        "group_form": form or ChooseGroupForm(review=review, initial={"work_group": participant.work_group_id}),
        "form": form,  # for the error summary
    }


def room(request, code):
    review, participant = participant_for(request, code, "an area review's room, as someone taking part")
    if participant is None:
        return redirect("toolkit:join_with_code", code=review.join_code)
    if request.GET.get("live"):
        if live_parts.nothing_new(request, review):
            return HttpResponse(status=204)
        announce = request.GET.get("stage") != review.stage  # said aloud only when the room moves on
        return render(
            request, "toolkit/join/_room_live.html", {**_room_context(review, participant), "announce": announce}
        )
    return render(request, "toolkit/join/room.html", _room_context(review, participant))


@require_http_methods(["GET", "POST"])
def choose_group(request, code):
    """Choosing a small group (a POST from the room page); a page that needs a group first sends
    the participant here, and a GET shows them the room's choice of groups."""
    review, participant = participant_for(request, code, "choosing a small group, as someone taking part")
    if participant is None:
        return redirect("toolkit:join_with_code", code=review.join_code)
    if request.method == "GET":
        return redirect(reverse("toolkit:room", kwargs={"code": review.join_code}) + "#your-group")
    form = ChooseGroupForm(request.POST, review=review)
    if not form.is_valid():
        return render(request, "toolkit/join/room.html", _room_context(review, participant, form), status=400)
    participant.review = review
    operations.choose_work_group(participant, form.cleaned_data["work_group"])
    return redirect("toolkit:room", code=review.join_code)
