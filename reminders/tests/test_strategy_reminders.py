"""Reminders of an area's strategy actions (the area review toolkit), to the accounts that keep them
up to date: like a plan action's, due soon, overdue and in the weekly summary, but about services,
never about a person."""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory
from plans.models import ActionPlan
from reminders.jobs import send_reminders
from reminders.models import ReminderSettings, SentReminder, WeeklySummaryWeek
from toolkit import content, operations
from toolkit.models import Participant, StrategyAction

MONDAY = datetime.date(2027, 1, 18)
DUE = datetime.date(2027, 1, 20)  # a Wednesday
WEEKLY = "Your weekly summary: reviews and actions to look at"
DUE_SOON = "Due by 20 January: your action in Riverside Council's strategy"
OVERDUE = "Overdue since 20 January: your action in Riverside Council's strategy"


def seven_am(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))


def run_days(first, last, runs_a_day=1):
    """Run the reminders every morning from ``first`` to ``last``: (day, to, subject) of each email."""
    sent = []
    day = first
    while day <= last:
        for _ in range(runs_a_day):
            before = len(mail.outbox)
            send_reminders(seven_am(day))
            sent += [(day, m.to[0], m.subject) for m in mail.outbox[before:]]
        day += datetime.timedelta(days=1)
    return sent


@pytest.fixture
def toolkit(area):
    """Riverside's area review, run by Priya, with one priority whose actions Ms Green keeps up to date."""
    steps, people_groups = content.content_for(area.council)
    review = operations.set_up_review(
        area.council,
        by=area.priya,
        title="Riverside review of planning",
        facilitator=area.priya,
        day_one=datetime.date(2026, 11, 2),
        day_two=datetime.date(2026, 11, 9),
    )
    red = operations.add_work_group(review, name="Red group", people_groups=people_groups[:2])
    aisha = operations.join(review, name="Aisha", role=Participant.Role.EXPERIENCE)
    idea = operations.add_idea(red, step=steps[0], text="Every Year 9 gets a person-centred review", by=aisha)
    priority = operations.make_priority(review, idea, timescale="now")

    def add_action(what, by_when=DUE, owner=area.green):
        return operations.add_strategy_action(
            priority,
            by=area.priya,
            who="SEND team",
            owner=owner,
            what=what,
            by_when=by_when,
            monitored_by="Head of SEND",
            task_group="Transition task group",
            report_by=by_when + datetime.timedelta(days=30),
        )

    return SimpleNamespace(review=review, priority=priority, add_action=add_action)


def test_the_owner_is_reminded_once_when_a_strategy_action_is_due_soon_and_once_when_it_is_overdue(area, toolkit):
    toolkit.add_action("Train the review chairs")

    sent = run_days(datetime.date(2027, 1, 4), datetime.date(2027, 1, 31), runs_a_day=2)

    green = area.green.email
    assert sent == [
        (datetime.date(2027, 1, 13), green, DUE_SOON),
        (datetime.date(2027, 1, 21), green, OVERDUE),
        (datetime.date(2027, 1, 25), green, WEEKLY),  # still overdue on Monday
    ]
    assert set(SentReminder.objects.filter(user=area.green).values_list("key", flat=True)) >= {
        f"strategy-due-soon:{StrategyAction.objects.get().pk}:2027-01-20",
        f"strategy-overdue:{StrategyAction.objects.get().pk}:2027-01-20",
    }


def test_the_due_soon_email_says_which_action_of_which_areas_strategy_by_when_and_links_straight_to_it(area, toolkit):
    action = toolkit.add_action("Train the review chairs")

    send_reminders(seven_am(datetime.date(2027, 1, 13)))

    (email,) = mail.outbox
    assert email.to == [area.green.email]
    assert email.subject == DUE_SOON
    assert (
        "An action you keep up to date in Riverside Council's strategy, from the area review \"Riverside review of "
        'planning", is due by Wednesday 20 January 2027:' in email.body
    )
    assert "  Train the review chairs\n" in email.body
    assert "It is for the priority: Every Year 9 gets a person-centred review" in email.body
    assert "What to do:" in email.body
    assert f"Update it here:\n{settings.SITE_URL}/toolkit/actions/{action.pk}/\n" in email.body
    assert "Aisha" not in email.body and "Priya" not in email.body  # about services, not people


def test_the_overdue_email_says_it_is_overdue_and_links_straight_to_the_action(area, toolkit):
    action = toolkit.add_action("Train the review chairs")

    send_reminders(seven_am(datetime.date(2027, 1, 21)))

    (email,) = mail.outbox
    assert email.subject == OVERDUE
    assert "was due by Wednesday 20 January 2027 and is not marked done:" in email.body
    assert "Riverside review of planning" in email.body
    assert f"{settings.SITE_URL}/toolkit/actions/{action.pk}/\n" in email.body
    assert "This is the only reminder you will get that this action is overdue." in email.body


def test_a_done_strategy_action_gets_no_reminder(area, toolkit):
    action = toolkit.add_action("Train the review chairs")
    operations.update_strategy_progress(action, status=StrategyAction.Status.DONE, by=area.green)

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert sent == []


def test_a_strategy_action_without_an_owner_gets_no_reminder(area, toolkit):
    toolkit.add_action("Train the review chairs", owner=None)

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert sent == []


def test_an_inactive_owner_gets_no_strategy_reminders(area, toolkit):
    toolkit.add_action("Train the review chairs")
    area.green.is_active = False
    area.green.save()

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert sent == []


def test_an_old_overdue_strategy_action_is_not_dug_up_when_reminders_start(area, toolkit):
    toolkit.add_action("Train the review chairs", by_when=datetime.date(2026, 12, 20))

    send_reminders(seven_am(datetime.date(2027, 1, 12)))  # a Tuesday: no weekly summary

    assert mail.outbox == []


def test_someone_who_chose_one_email_a_day_gets_their_strategy_reminders_in_it(area, toolkit):
    ReminderSettings.objects.create(user=area.green, wants_digest=True)
    soon = toolkit.add_action("Train the review chairs")
    late = toolkit.add_action("Write to every school", by_when=datetime.date(2027, 1, 12))

    send_reminders(seven_am(datetime.date(2027, 1, 13)))
    send_reminders(seven_am(datetime.date(2027, 1, 13)).replace(hour=15))

    (email,) = mail.outbox
    assert email.to == [area.green.email]
    assert email.subject == "Your OurPlan reminders for 13 January 2027"
    assert (
        'Overdue since 12 January 2027, in Riverside Council\'s strategy ("Riverside review of planning"): '
        "Write to every school" in email.body
    )
    assert f"{settings.SITE_URL}/toolkit/actions/{late.pk}/" in email.body
    assert (
        'Due by 20 January 2027, in Riverside Council\'s strategy ("Riverside review of planning"): '
        "Train the review chairs" in email.body
    )
    assert f"{settings.SITE_URL}/toolkit/actions/{soon.pk}/" in email.body


def test_the_weekly_summary_lists_the_owners_stuck_and_overdue_strategy_actions(area, toolkit):
    late = toolkit.add_action("Write to every school", by_when=datetime.date(2027, 1, 5))
    stuck = toolkit.add_action("Run a families' evening", by_when=datetime.date(2027, 6, 1))
    operations.update_strategy_progress(
        stuck, status=StrategyAction.Status.STUCK, note="No room is free in the evening", by=area.green
    )
    toolkit.add_action("Count the reviews done", by_when=datetime.date(2027, 9, 1))  # on track
    done = toolkit.add_action("Agree the terms of reference", by_when=datetime.date(2027, 1, 6))
    operations.update_strategy_progress(done, status=StrategyAction.Status.DONE, by=area.green)

    send_reminders(seven_am(MONDAY))

    (summary,) = [m for m in mail.outbox if m.subject == WEEKLY]
    assert summary.to == [area.green.email]
    body = summary.body
    assert "weekly summary of the actions you keep up to date in an area's strategy" in body
    assert "people you coordinate" not in body and "caseload" not in body
    assert (
        '- In Riverside Council\'s strategy ("Riverside review of planning"): Write to every school\n'
        "  Overdue since 5 January 2027.\n"
        f"  Say where it is up to: {settings.SITE_URL}/toolkit/actions/{late.pk}/\n" in body
    )
    assert (
        "Run a families' evening\n  Stuck, due by 1 June 2027. In the way: No room is free in the evening\n"
        f"  Say where it is up to: {settings.SITE_URL}/toolkit/actions/{stuck.pk}/\n" in body
    )
    assert "Count the reviews done" not in body
    assert "Agree the terms of reference" not in body


def test_a_coordinators_weekly_summary_has_their_people_and_then_their_strategy_actions(area, toolkit):
    review = ReviewFactory(person=area.sam, meeting_date=datetime.date(2026, 12, 14))
    plan = ActionPlan.objects.get(review=review)
    plan.agreed_at = seven_am(review.meeting_date)
    plan.next_review_date = datetime.date(2027, 3, 15)
    plan.save()
    ActionFactory(plan=plan, owner=area.patel, what="Start the talking programme", due_by=datetime.date(2027, 1, 6))
    toolkit.add_action("Write to every school", by_when=datetime.date(2027, 1, 5))

    send_reminders(seven_am(MONDAY))

    (summary,) = [m for m in mail.outbox if m.subject == WEEKLY]
    body = summary.body
    assert "This is your weekly summary of the people you coordinate who need something from you." in body
    assert "Sam: due by 15 March 2027" in body
    assert "Start the talking programme (Dr Patel, due by 6 January 2027)" in body
    assert body.index("caseload") < body.index("Actions you keep up to date in an area's strategy")
    assert "Write to every school" in body


def test_no_weekly_summary_when_every_strategy_action_is_on_track(area, toolkit):
    action = toolkit.add_action("Count the reviews done", by_when=datetime.date(2027, 9, 1))
    operations.update_strategy_progress(action, status=StrategyAction.Status.IN_PROGRESS, by=area.green)

    send_reminders(seven_am(MONDAY))

    assert mail.outbox == []


def test_a_digest_users_strategy_reminders_and_summary_come_in_the_one_daily_email(area, toolkit):
    ReminderSettings.objects.create(user=area.green, wants_digest=True)
    toolkit.add_action("Train the review chairs")
    toolkit.add_action("Write to every school", by_when=datetime.date(2027, 1, 5))

    send_reminders(seven_am(MONDAY))

    (email,) = mail.outbox
    assert "Due by 20 January 2027, in Riverside Council's strategy" in email.body
    assert "Your weekly summary of your strategy actions:" in email.body
    assert "Overdue since 5 January 2027." in email.body


def test_the_runs_query_count_does_not_grow_with_more_strategy_actions(area, toolkit):
    # Both owners chose one email a day, so there are two emails however many actions there are.
    ReminderSettings.objects.create(user=area.green, wants_digest=True)
    ReminderSettings.objects.create(user=area.jo, wants_digest=True)

    def add_some(n):
        for i in range(n):
            toolkit.add_action(f"Due soon {n}.{i}")
            toolkit.add_action(f"Overdue {n}.{i}", by_when=datetime.date(2027, 1, 14))
            stuck = toolkit.add_action(f"Stuck {n}.{i}", by_when=datetime.date(2027, 5, 1))
            operations.update_strategy_progress(stuck, status=StrategyAction.Status.STUCK, by=area.green)
            toolkit.add_action(f"Jo's {n}.{i}", owner=area.jo)

    def queries_of_a_monday_run():
        SentReminder.objects.all().delete()
        WeeklySummaryWeek.objects.all().delete()  # as if this Monday had not run yet
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as ctx:
            send_reminders(seven_am(MONDAY))
        assert sorted(m.to[0] for m in mail.outbox) == sorted([area.green.email, area.jo.email])
        return len(ctx)

    add_some(1)
    with_a_few = queries_of_a_monday_run()
    add_some(5)
    with_many = queries_of_a_monday_run()

    assert with_many == with_a_few
    assert "Stuck 5.4" in next(m.body for m in mail.outbox if m.to == [area.green.email])
