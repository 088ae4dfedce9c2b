"""The toolkit's screens in the room ask "anything new?" with ``?live=1&seen=<version>``; the
answer is a 204 until ``AreaReview.version`` moves (every change adds one)."""

from ourplan.numbers import whole_number


def asks_for_news(request):
    """Whether this request is a screen's own poll (not someone using the page)."""
    return request.GET.get("live") == "1"


def nothing_new(request, review):
    """Whether ``review`` has not changed since the version this screen last saw."""
    return whole_number(request.GET.get("seen", "")) == review.version
