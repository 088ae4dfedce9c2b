"""How long a signed-in session lasts.

Everyone is signed out 12 hours after signing in. Professionals (anyone working for an
organisation) are also signed out after 30 minutes without activity, since they can see many
children's records, often on shared computers; families may stay signed in on their own devices.
Signing out everywhere and switching an account off are handled by Django itself: each session
holds a hash of the user's password and session token (``User.get_session_auth_hash``), and an
inactive user is never loaded (``OurPlanBackend``).
"""

import datetime

from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
ABSOLUTE_LIMIT = datetime.timedelta(hours=12)
IDLE_LIMIT = datetime.timedelta(minutes=30)
# Noting activity saves the session; once a minute is close enough.
NOTE_EVERY = datetime.timedelta(minutes=1)
# Asked by an open page on its own, not by someone using it: a meeting board left open on an
# unattended screen must still time out.
NOT_ACTIVITY = {"reviews:board_updates"}


def session_limits(get_response):
    def middleware(request):
        if request.user.is_authenticated:
            reason = _limit_reached(request, timezone.now())
            if reason:
                return _signed_out(request, reason)
        return get_response(request)

    return middleware


def _limit_reached(request, now):
    """Why this session has ended ("idle" or "absolute"), or None, noting activity if it goes on."""
    session = request.session
    started = _time(session.get(SIGNED_IN_AT))
    last_seen = _time(session.get(LAST_SEEN_AT))
    if started is None:
        # Signed in before these limits, or by a test's force_login: the limits start now.
        session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now.timestamp()
        return None
    if now - started >= ABSOLUTE_LIMIT:
        return "absolute"
    if request.user.is_professional and last_seen is not None and now - last_seen >= IDLE_LIMIT:
        return "idle"
    if (last_seen is None or now - last_seen >= NOTE_EVERY) and _is_activity(request):
        session[LAST_SEEN_AT] = now.timestamp()
    return None


def _is_activity(request):
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        return True
    # The area review toolkit's screens ask "anything new?" with ``?live=1`` on their own page.
    live_check = view_name.startswith("toolkit:") and request.method == "GET" and request.GET.get("live") == "1"
    return view_name not in NOT_ACTIVITY and not live_check


def _time(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC) if timestamp is not None else None


def _signed_out(request, reason):
    """Sign out, and send the browser to the sign-in page, which says why, then back to the page."""
    logout(request)
    query = {"ended": reason}
    if request.headers.get("HX-Request"):
        # A part of a page asked: htmx moves the whole page to the sign-in page, and back to it after.
        if request.headers.get("HX-Current-URL"):
            query["next"] = request.headers["HX-Current-URL"]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('accounts:sign_in')}?{urlencode(query)}"
        return response
    if request.method == "GET":
        query["next"] = request.get_full_path()
    return redirect(f"{reverse('accounts:sign_in')}?{urlencode(query)}")


def start_clocks(sender, request, user, **kwargs):
    """On signing in (Django's user_logged_in signal), the session's time limits start."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
