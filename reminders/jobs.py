"""The daily reminder run: ``send_reminders(now)`` works out who needs reminding of what on the
day of ``now``, and queues the emails (``ourplan.tasks.send_email``). It reads the clock only from
``now``, so tests can walk it through weeks day by day.

What goes, and to whom:

- an action's owner, once 7 days (or fewer) before it is due ("due soon"), and once when it
  becomes overdue (the day after its date); only for actions in an agreed plan that are not done
  and not carried into a later plan. An overdue reminder goes at most 7 days late (after the
  worker was down), so switching reminders on does not send a pile of old news;
- a person's coordinator, once, 8 weeks before the person's next review is due: the next review
  date of their most recent agreed plan, while no later review has been planned;
- every coordinator, on Mondays, a weekly summary of the people they coordinate: reviews overdue or
  due within 8 weeks, and stuck or overdue actions. Nothing is sent when there is nothing to say.
  When Monday's run did not happen (the worker was down), the first run later that week sends
  them (``WeeklySummaryWeek`` records each week worked out);
- someone who chose one email a day (``ReminderSettings.wants_digest``) gets their reminders of the
  day gathered in one email instead of one each (on Mondays the weekly summary is in it too),
  and nothing on a day with nothing new;
- the owner of an area strategy action (``toolkit.models.StrategyAction``, with an account), like
  a plan action's owner: once 7 days (or fewer) before it is due and once when it becomes overdue,
  while it is not done; and in their weekly summary, their strategy actions that are stuck or
  overdue. These are about an area's services, so they name no person.

A reminder goes only to an active user who still has standing with the person
(``audit.access.standing``) and, for an action, may still see the person's action plan. Each is recorded as a ``SentReminder`` with a key
(``action-due-soon:<action>:<due date>``, ``action-overdue:<action>:<due date>``,
``review-due:<plan>:<date>``, ``strategy-due-soon:<strategy action>:<due date>``,
``strategy-overdue:<strategy action>:<due date>``, ``weekly-digest:<user>:<ISO week>``, ``daily-digest:<user>:<date>``)
before its email is queued, and a key is never sent to the same user twice, however many runs
there are (the database refuses a second row). A moved due date or review date is a new reminder.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.access import Can, standing
from ourplan.dates import day_and_month, long_date
from ourplan.tasks import send_email
from people.models import Section
from plans.models import Action, ActionPlan
from reminders.models import ReminderSettings, SentReminder, WeeklySummaryWeek
from reviews.models import Review
from toolkit.models import StrategyAction

DUE_SOON = datetime.timedelta(days=7)
OVERDUE_CATCH_UP = datetime.timedelta(days=7)
REVIEW_NOTICE = datetime.timedelta(weeks=8)
WEEKLY_DIGEST_DAY = 0  # Monday


@dataclass
class Reminder:
    """One thing to remind one user of."""

    user: object
    key: str
    kind: str  # "action_due_soon", "action_overdue", "review_due", "strategy_due_soon" or "strategy_overdue"
    person: object  # None for a strategy action (about an area's services, not a person)
    due: datetime.date
    link: str
    action: object = None
    plan: object = None
    plan_link: str = ""


@dataclass
class WeeklySummary:
    """What a coordinator's people need this week."""

    user: object
    key: str
    reviews: list = field(default_factory=list)  # (person, plan) pairs, soonest first
    stuck: list = field(default_factory=list)  # actions
    overdue: list = field(default_factory=list)  # actions
    strategy: list = field(default_factory=list)  # (strategy action, link): the user's own, stuck or overdue

    def __bool__(self):
        return bool(self.about_people or self.strategy)

    @property
    def about_people(self):
        """Whether it tells of the people the user coordinates (else only of their strategy actions)."""
        return bool(self.reviews or self.stuck or self.overdue)


@dataclass
class Email:
    user: object
    subject: str
    body: str
    keys: list  # (key, person or None)


def link(name, *args, fallback=None):
    """The absolute address of a page, for an email or a calendar; ``fallback`` (a name and its
    arguments) for a page that may not exist in this version of OurPlan."""
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        if fallback is None:
            raise
        return link(*fallback)


def action_link(action):
    """Straight to the action's progress page, or to its plan where there is none."""
    return link("plans:progress", action.pk, fallback=("plans:plan", action.plan.review_id))


def send_reminders(now):
    """Queue every reminder due on the day of ``now`` that has not gone before. Returns the
    emails queued (``Email``s), in a stable order."""
    today = timezone.localtime(now).date()
    people = _Shared()
    reminders = action_reminders(today, people) + review_reminders(today, people) + strategy_reminders(today, people)
    weekly = weekly_summaries_due(today)
    summaries = weekly_summaries(today, people) if weekly else []
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in reminders] + [s.key for s in summaries]).values_list(
            "user_id", "key"
        )
    )
    reminders = [r for r in reminders if (r.user.pk, r.key) not in sent]
    summaries = {s.user.pk: s for s in summaries if (s.user.pk, s.key) not in sent}
    by_user = defaultdict(list)
    for reminder in reminders:
        by_user[reminder.user.pk].append(reminder)
    users = {r.user.pk: r.user for r in reminders} | {s.user.pk: s.user for s in summaries.values()}
    digest_users = set(
        ReminderSettings.objects.filter(user_id__in=users, wants_digest=True).values_list("user_id", flat=True)
    )
    emails = []
    for user in sorted(users.values(), key=lambda u: u.email):
        own, summary = by_user[user.pk], summaries.get(user.pk)
        if user.pk in digest_users:
            emails.append(daily_digest_email(user, own, summary, today))
        else:
            emails.extend(reminder_email(r) for r in own)
            if summary:
                emails.append(weekly_email(summary, today))
    queued = [email for email in emails if _send(email, now)]
    if weekly:
        WeeklySummaryWeek.objects.get_or_create(week=iso_week(today), defaults={"done_at": now})
    return queued


def iso_week(day):
    """``day``'s ISO week, as ``2027-W03``."""
    return "{}-W{:02d}".format(*day.isocalendar()[:2])


def weekly_summaries_due(today):
    """Whether today's run works out the weekly summaries: on Mondays, and on a later day of a week
    whose Monday run did not happen, once summaries have gone in an earlier week (so a new
    installation starts on its first Monday rather than on whatever day it starts)."""
    if today.weekday() == WEEKLY_DIGEST_DAY:
        return True
    this_week = iso_week(today)
    done = WeeklySummaryWeek.objects.filter(week__lte=this_week).order_by("-week").values_list("week", flat=True)
    latest = done.first()
    return latest is not None and latest != this_week


def _send(email, now):
    """Record the email's reminders, then queue it; ``False`` if another run got there first."""
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(
                [SentReminder(user=email.user, key=key, person=person, sent_at=now) for key, person in email.keys]
            )
            # Queued in the same transaction (the task queue is in the database): the email and
            # the record that it went are saved together, so it is never lost and never sent twice.
            send_email.enqueue(email.user.email, email.subject, email.body)
    except IntegrityError:
        return False
    return True


class _Shared:
    """One object per person and per user for the whole run, so ``standing`` (cached on them)
    reads each circle and each user's role once."""

    def __init__(self):
        self.people, self.users = {}, {}

    def person(self, person):
        return self.people.setdefault(person.pk, person)

    def user(self, user):
        return self.users.setdefault(user.pk, user)

    def allows(self, user, person, power=Can.VIEW, section=None):
        """Whether ``user`` (active) may do ``power`` with ``person`` and, given ``section``, may see
        that part of their plan (``people.consent``): an email must not tell them what a page would not."""
        who = standing(self.user(user), self.person(person))
        return user.is_active and who.allows(power) and (section is None or who.sees(section))


def open_actions():
    """Actions someone still has to do: in an agreed plan, not done, not carried into a later plan."""
    return (
        Action.objects.filter(done_at__isnull=True, plan__agreed_at__isnull=False, carried_into__isnull=True)
        .exclude(status=Action.Status.DONE)
        .select_related("owner", "plan__review__person")
    )


def action_reminders(today, shared):
    reminders = []
    actions = open_actions().filter(due_by__gte=today - OVERDUE_CATCH_UP, due_by__lte=today + DUE_SOON)
    for action in actions.order_by("due_by", "id"):
        person = shared.person(action.plan.review.person)
        owner = shared.user(action.owner)
        if not shared.allows(owner, person, section=Section.PLAN):
            continue
        kind = "action_overdue" if action.due_by < today else "action_due_soon"
        reminders.append(
            Reminder(
                user=owner,
                key=f"{kind.replace('_', '-')}:{action.pk}:{action.due_by.isoformat()}",
                kind=kind,
                person=person,
                due=action.due_by,
                link=action_link(action),
                action=action,
            )
        )
    return reminders


def strategy_action_link(action):
    """Straight to the strategy action's page, where its owner says how it is getting on."""
    return link("toolkit:action", action.pk)


def open_strategy_actions():
    """Area strategy actions not done yet, owned by an active account, with their review and area."""
    return (
        StrategyAction.objects.filter(owner__isnull=False, owner__is_active=True)
        .exclude(status=StrategyAction.Status.DONE)
        .select_related("owner", "priority__review__area", "priority__idea")
    )


def strategy_reminders(today, shared):
    """Due soon and overdue reminders of area strategy actions, to their owners (one query)."""
    reminders = []
    actions = open_strategy_actions().filter(by_when__gte=today - OVERDUE_CATCH_UP, by_when__lte=today + DUE_SOON)
    for action in actions.order_by("by_when", "id"):
        kind = "strategy_overdue" if action.by_when < today else "strategy_due_soon"
        reminders.append(
            Reminder(
                user=shared.user(action.owner),
                key=f"{kind.replace('_', '-')}:{action.pk}:{action.by_when.isoformat()}",
                kind=kind,
                person=None,
                due=action.by_when,
                link=strategy_action_link(action),
                action=action,
            )
        )
    return reminders


def next_reviews(coordinator=None):
    """Each person's current plan, with a next review date, whose next review is not planned yet:
    ``(person, plan)`` pairs, soonest first. Only people ``coordinator`` coordinates, if given."""
    plans = (
        ActionPlan.objects.filter(agreed_at__isnull=False)
        .select_related("review__person__coordinator")
        .order_by("review__person_id", "-review__meeting_date", "-review_id")
    )
    latest_review = Review.objects.values("person_id").annotate(latest=Max("meeting_date"))
    if coordinator is not None:
        plans = plans.filter(review__person__coordinator=coordinator)
        latest_review = latest_review.filter(person__coordinator=coordinator)
    latest = {row["person_id"]: row["latest"] for row in latest_review}
    current = {}
    for plan in plans:
        current.setdefault(plan.review.person_id, plan)
    pairs = [
        (plan.review.person, plan)
        for person_id, plan in current.items()
        if plan.next_review_date is not None and latest[person_id] <= plan.review.meeting_date
    ]
    return sorted(pairs, key=lambda pair: (pair[1].next_review_date, pair[0].preferred_name))


def review_reminders(today, shared):
    reminders = []
    for person, plan in next_reviews():
        if plan.next_review_date - REVIEW_NOTICE > today:
            continue
        person = shared.person(person)
        coordinator = shared.user(person.coordinator)
        if not shared.allows(coordinator, person, Can.MANAGE):
            continue
        reminders.append(
            Reminder(
                user=coordinator,
                key=f"review-due:{plan.pk}:{plan.next_review_date.isoformat()}",
                kind="review_due",
                person=person,
                due=plan.next_review_date,
                link=link("reviews:add", person.pk),
                plan=plan,
                plan_link=link("plans:plan", plan.review_id),
            )
        )
    return reminders


def weekly_summaries(today, shared):
    """A summary for every coordinator whose people need something this week, and for every owner
    of a stuck or overdue strategy action (others get none)."""
    summaries = {}

    def summary_for(user):
        if user.pk not in summaries:
            summaries[user.pk] = WeeklySummary(user=user, key=f"weekly-digest:{user.pk}:{iso_week(today)}")
        return summaries[user.pk]

    def summary_of(person):
        coordinator = shared.user(person.coordinator)
        if not shared.allows(coordinator, person, Can.MANAGE):
            return None
        return summary_for(coordinator)

    for person, plan in next_reviews():
        if plan.next_review_date <= today + REVIEW_NOTICE:
            summary = summary_of(shared.person(person))
            if summary is not None:
                summary.reviews.append((shared.person(person), plan))
    needing_attention = open_actions().select_related("plan__review__person__coordinator").order_by("due_by", "id")
    for action in needing_attention.filter(status=Action.Status.STUCK) | needing_attention.filter(due_by__lt=today):
        summary = summary_of(shared.person(action.plan.review.person))
        if summary is not None:
            (summary.stuck if action.status == Action.Status.STUCK else summary.overdue).append(action)
    strategy = open_strategy_actions().filter(Q(status=StrategyAction.Status.STUCK) | Q(by_when__lt=today))
    for action in strategy.order_by("by_when", "id"):
        summary_for(shared.user(action.owner)).strategy.append((action, strategy_action_link(action)))
    return [s for s in summaries.values() if s]


def _context(user, **extra):
    return {
        "user": user,
        "my_actions": link("plans:my_actions", fallback=("home",)),
        "settings_link": link("reminders:settings"),
        **extra,
    }


def reminder_email(reminder):
    if reminder.kind.startswith("strategy_"):
        return strategy_email(reminder)
    names = {
        "name": reminder.person.preferred_name,
        "date": long_date(reminder.due),
        "day": day_and_month(reminder.due),
    }
    if reminder.kind == "action_due_soon":
        subject = _("Due by %(day)s: your action for %(name)s") % names
    elif reminder.kind == "action_overdue":
        subject = _("Overdue since %(day)s: your action for %(name)s") % names
    else:
        subject = _("%(name)s's next review is due by %(date)s: time to plan it") % names
    body = render_to_string(f"reminders/email/{reminder.kind}.txt", _context(reminder.user, reminder=reminder))
    return Email(reminder.user, subject, body, [(reminder.key, reminder.person)])


def strategy_email(reminder):
    """A due soon or overdue reminder of an area strategy action: which action, of which area's
    strategy, by when, and where to update it."""
    names = {"area": reminder.action.priority.review.area.name, "day": day_and_month(reminder.due)}
    if reminder.kind == "strategy_due_soon":
        subject = _("Due by %(day)s: your action in %(area)s's strategy") % names
    else:
        subject = _("Overdue since %(day)s: your action in %(area)s's strategy") % names
    body = render_to_string(f"reminders/email/{reminder.kind}.txt", _context(reminder.user, reminder=reminder))
    return Email(reminder.user, subject, body, [(reminder.key, None)])


def weekly_email(summary, today):
    body = render_to_string(
        "reminders/email/weekly.txt",
        _context(summary.user, today=today, summary=summary, caseload=link("caseload:caseload", fallback=("home",))),
    )
    return Email(summary.user, _("Your weekly summary: reviews and actions to look at"), body, [(summary.key, None)])


def daily_digest_email(user, own, summary, today):
    """One email with all of ``user``'s reminders of the day, and on Mondays their weekly summary."""
    body = render_to_string(
        "reminders/email/daily.txt",
        _context(user, today=today, own=own, summary=summary, caseload=link("caseload:caseload", fallback=("home",))),
    )
    keys = [(f"daily-digest:{user.pk}:{today.isoformat()}", None)] + [(r.key, r.person) for r in own]
    if summary:
        keys.append((summary.key, None))
    return Email(user, _("Your OurPlan reminders for %(date)s") % {"date": long_date(today)}, body, keys)
