from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import feed_for
from reminders.forms import DAILY, SEPARATE, ReminderSettingsForm
from reminders.ics import Feed
from reminders.models import settings_of


@login_required
def reminder_settings(request):
    prefs = settings_of(request.user)
    form = ReminderSettingsForm(
        request.POST if request.method == "POST" else None, initial={"how": DAILY if prefs.wants_digest else SEPARATE}
    )
    if request.method == "POST" and form.is_valid():
        prefs.choose_digest(form.cleaned_data["how"])
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminders:settings")
    return render(request, "reminders/settings.html", {"form": form, "prefs": prefs})


@require_POST
@login_required
def reset_feed(request):
    """A new secret address for the calendar feed, shown this once (only its hash is kept)."""
    token = settings_of(request.user).reset_feed()
    feed_url = settings.SITE_URL + reverse("reminders:feed", args=[token])
    return render(request, "reminders/feed_made.html", {"feed_url": feed_url})


def feed(request, token):
    """The calendar feed: no sign-in, the secret address is the permission."""
    calendar = feed_for(request, token, Feed)
    response = HttpResponse(calendar.to_ics(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ourplan.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
