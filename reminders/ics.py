"""A user's calendar feed, written by hand as iCalendar (RFC 5545): the due dates of the actions
they own, the meetings of reviews they are invited to or coordinate, and the next review dates of
the people they coordinate. Every event is all-day (``DTSTART;VALUE=DATE``), names the person by
their preferred name only, and keeps its words short: a calendar is read on phones and shared
screens. Only people the user still has standing with appear (``people_visible_to``).
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.access import actions_owned_by, people_visible_to, reviews_withheld_from
from plans.models import Action
from reminders.jobs import action_link, link, next_reviews
from reviews.models import Review

PAST_REVIEWS = datetime.timedelta(days=90)  # how far back review meetings stay in the feed
SHORT = 60  # the most characters of an action's words in an event's title
MAX_OCTETS = 75  # a content line's length limit, in octets, before folding


def escape(text):
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped (RFC 5545 3.3.11)."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line into lines of at most 75 octets, each continuation starting with one
    space, never splitting a UTF-8 character (RFC 5545 3.1)."""
    parts, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def shorten(text, limit=SHORT):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str


class Feed:
    """The events of ``user``'s calendar at ``now``, and the people they are about (for the audit)."""

    def __init__(self, user, now=None):
        self.user = user
        self.now = now or timezone.now()
        self._people = {}
        self.events = []
        host = urlsplit(settings.SITE_URL).hostname or "ourplan"
        self._uid = lambda kind, pk: f"{kind}-{pk}@{host}"
        self._add_actions()
        self._add_review_meetings()
        self._add_next_reviews()
        self.events.sort(key=lambda event: (event.day, event.uid))

    @property
    def people(self):
        """The people the feed shows something about."""
        return list(self._people.values())

    def _person(self, person):
        return self._people.setdefault(person.pk, person)

    def _add_actions(self):
        actions = (
            actions_owned_by(self.user)
            .filter(done_at__isnull=True, plan__agreed_at__isnull=False, carried_into__isnull=True)
            .exclude(status=Action.Status.DONE)
            .select_related("plan__review__person")
        )
        for action in actions:
            person = self._person(action.plan.review.person)
            self.events.append(
                Event(
                    uid=self._uid("action", action.pk),
                    day=action.due_by,
                    summary=_("Due: %(what)s (%(name)s)")
                    % {"what": shorten(action.what), "name": person.preferred_name},
                    description=_("Your action for %(name)s. Update it:") % {"name": person.preferred_name},
                    url=action_link(action),
                )
            )

    def _add_review_meetings(self):
        today = timezone.localtime(self.now).date()
        reviews = (
            Review.objects.filter(person__in=people_visible_to(self.user), meeting_date__gte=today - PAST_REVIEWS)
            .filter(Q(person__coordinator=self.user) | Q(invitees__user=self.user))
            # Not the reviews of someone whose reviews this user may not see (people.consent).
            .exclude(Exists(reviews_withheld_from(self.user)))
            .distinct()
            .select_related("person")
        )
        for review in reviews:
            person = self._person(review.person)
            time = f" {review.starts_at:%H:%M}" if review.starts_at else ""
            self.events.append(
                Event(
                    uid=self._uid("review", review.pk),
                    day=review.meeting_date,
                    summary=_("%(name)s's review%(time)s") % {"name": person.preferred_name, "time": time},
                    description=_("The review meeting. Details:"),
                    url=link("reviews:detail", review.pk),
                )
            )

    def _add_next_reviews(self):
        visible = set(people_visible_to(self.user).values_list("pk", flat=True))
        for person, plan in next_reviews(coordinator=self.user):
            if person.pk not in visible:
                continue
            person = self._person(person)
            self.events.append(
                Event(
                    uid=self._uid("next-review", plan.pk),
                    day=plan.next_review_date,
                    summary=_("%(name)s's next review is due") % {"name": person.preferred_name},
                    description=_("Plan the review by this date:"),
                    url=link("reviews:add", person.pk),
                )
            )

    def lines(self):
        stamp = self.now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        yield "BEGIN:VCALENDAR"
        yield "VERSION:2.0"
        yield "PRODID:-//OurPlan//Reminders//EN"
        yield "CALSCALE:GREGORIAN"
        yield "METHOD:PUBLISH"
        yield f"X-WR-CALNAME:{escape(_('OurPlan: actions and reviews'))}"
        for event in self.events:
            yield "BEGIN:VEVENT"
            yield f"UID:{event.uid}"
            yield f"DTSTAMP:{stamp}"
            yield f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}"
            yield f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}"
            yield f"SUMMARY:{escape(event.summary)}"
            yield f"DESCRIPTION:{escape(event.description + ' ' + event.url)}"
            yield f"URL:{event.url}"
            yield "TRANSP:TRANSPARENT"
            yield "END:VEVENT"
        yield "END:VCALENDAR"

    def to_ics(self):
        """The whole calendar: CRLF after every (folded) line, as RFC 5545 asks."""
        return "".join(fold(line) + "\r\n" for line in self.lines())
