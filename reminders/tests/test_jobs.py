"""The reminder run, walked day by day with a clock the test controls."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory
from plans.models import Action, ActionPlan
from reminders.jobs import link, send_reminders
from reminders.models import ReminderSettings, SentReminder

START = datetime.date(2027, 1, 4)  # a Monday


def seven_am(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))


def agreed_plan(person, meeting_date, next_review_date):
    review = ReviewFactory(person=person, meeting_date=meeting_date)
    plan = ActionPlan.objects.get(review=review)
    plan.agreed_at = seven_am(meeting_date)
    plan.next_review_date = next_review_date
    plan.save()
    return plan


def run_days(first, last, changes=None, runs_a_day=1):
    """Run the reminders every morning from ``first`` to ``last``, making ``changes[day]()`` first.
    Returns (day, to, subject) for every email sent."""
    changes = changes or {}
    sent = []
    day = first
    while day <= last:
        if day in changes:
            changes[day]()
        for _ in range(runs_a_day):
            before = len(mail.outbox)
            send_reminders(seven_am(day))
            sent += [(day, m.to[0], m.subject) for m in mail.outbox[before:]]
        day += datetime.timedelta(days=1)
    return sent


@pytest.fixture
def sams_plan(area):
    """Sam's plan from December: his next review is due on 15 March 2027."""
    return agreed_plan(area.sam, datetime.date(2026, 12, 14), datetime.date(2027, 3, 15))


@pytest.fixture
def actions(area, sams_plan):
    return {
        "patel": ActionFactory(
            plan=sams_plan,
            owner=area.patel,
            what="Start the talking programme at school",
            due_by=datetime.date(2027, 1, 20),
        ),
        "aisha": ActionFactory(
            plan=sams_plan,
            owner=area.aisha,
            what="Visit the college open day with Sam",
            due_by=datetime.date(2027, 1, 29),
        ),
        "jo": ActionFactory(
            plan=sams_plan,
            owner=area.jo,
            what="Find a swimming club with quiet sessions",
            due_by=datetime.date(2027, 2, 10),
        ),
        # Mr Black is not in Sam's circle: he is never reminded about Sam.
        "black": ActionFactory(plan=sams_plan, owner=area.black, what="Share notes", due_by=datetime.date(2027, 1, 20)),
    }


def mark(action, status, **fields):
    def change():
        action.status = status
        for name, value in fields.items():
            setattr(action, name, value)
        action.save()

    return change


def test_ten_weeks_of_reminders_go_to_exactly_the_right_people_once(area, actions):
    ReminderSettings.objects.create(user=area.jo, wants_digest=True)
    changes = {
        datetime.date(2027, 1, 15): mark(actions["jo"], Action.Status.STUCK, stuck_because="No club answers the phone"),
        datetime.date(2027, 1, 25): mark(
            actions["aisha"], Action.Status.DONE, done_at=seven_am(datetime.date(2027, 1, 25))
        ),
    }

    sent = run_days(START, START + datetime.timedelta(weeks=10, days=-1), changes, runs_a_day=2)

    weekly = "Your weekly summary: reviews and actions to look at"
    green, patel, aisha, jo = (u.email for u in (area.green, area.patel, area.aisha, area.jo))
    assert sent == [
        (datetime.date(2027, 1, 13), patel, "Due by 20 January: your action for Sam"),
        (datetime.date(2027, 1, 18), green, "Sam's next review is due by 15 March 2027: time to plan it"),
        (datetime.date(2027, 1, 18), green, weekly),  # the review, and Jo's stuck action
        (datetime.date(2027, 1, 21), patel, "Overdue since 20 January: your action for Sam"),
        (datetime.date(2027, 1, 22), aisha, "Due by 29 January: your action for Sam"),
        (datetime.date(2027, 1, 25), green, weekly),
        (datetime.date(2027, 2, 1), green, weekly),
        (datetime.date(2027, 2, 3), jo, "Your OurPlan reminders for 3 February 2027"),
        (datetime.date(2027, 2, 8), green, weekly),
        (datetime.date(2027, 2, 11), jo, "Your OurPlan reminders for 11 February 2027"),
        (datetime.date(2027, 2, 15), green, weekly),
        (datetime.date(2027, 2, 22), green, weekly),
        (datetime.date(2027, 3, 1), green, weekly),
        (datetime.date(2027, 3, 8), green, weekly),
    ]
    assert area.black.email not in {to for _, to, _ in sent}
    keys = list(SentReminder.objects.values_list("user_id", "key"))
    assert len(keys) == len(set(keys))


def test_running_again_the_same_day_sends_nothing_more(area, actions):
    day = datetime.date(2027, 1, 13)
    send_reminders(seven_am(day))
    first = len(mail.outbox)

    send_reminders(seven_am(day).replace(hour=15))

    assert first == 1
    assert len(mail.outbox) == first


def test_the_due_soon_email_names_the_person_the_action_what_to_do_and_links_straight_to_it(area, actions):
    send_reminders(seven_am(datetime.date(2027, 1, 13)))

    (email,) = mail.outbox
    assert email.to == [area.patel.email]
    assert "Sam's plan" in email.body
    assert "Start the talking programme at school" in email.body
    assert "What to do:" in email.body
    assert settings.SITE_URL + "/" in email.body
    assert f"/actions/{actions['patel'].pk}/progress/" in email.body or (
        f"/reviews/{actions['patel'].plan.review_id}/plan/" in email.body
    )
    assert "Sam Example" not in email.body  # preferred name only


def test_a_moved_due_date_is_a_new_reminder(area, actions):
    action = actions["patel"]
    send_reminders(seven_am(datetime.date(2027, 1, 13)))
    action.due_by = datetime.date(2027, 1, 27)
    action.save()

    sent = run_days(datetime.date(2027, 1, 14), datetime.date(2027, 1, 20))

    assert [email for email in sent if email[1] == area.patel.email] == [
        (datetime.date(2027, 1, 20), area.patel.email, "Due by 27 January: your action for Sam")
    ]


def test_a_done_action_gets_no_overdue_reminder(area, actions):
    action = actions["patel"]
    action.done_at = seven_am(datetime.date(2027, 1, 19))
    action.status = Action.Status.DONE
    action.save()

    sent = run_days(datetime.date(2027, 1, 19), datetime.date(2027, 1, 31))

    assert area.patel.email not in {to for _, to, _ in sent}


def test_an_inactive_owner_gets_no_reminders(area, actions):
    area.patel.is_active = False
    area.patel.save()

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert area.patel.email not in {to for _, to, _ in sent}


def test_someone_who_has_left_the_circle_gets_no_reminders(area, actions):
    area.sam.circle.filter(user=area.patel).delete()

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert area.patel.email not in {to for _, to, _ in sent}


def test_an_old_overdue_action_is_not_dug_up_when_reminders_start(area, sams_plan):
    ActionFactory(plan=sams_plan, owner=area.patel, due_by=datetime.date(2026, 12, 20))

    send_reminders(seven_am(datetime.date(2027, 1, 12)))

    assert area.patel.email not in [m.to[0] for m in mail.outbox]


def test_actions_in_a_plan_not_yet_agreed_are_not_reminded(area):
    review = ReviewFactory(person=area.sam, meeting_date=datetime.date(2027, 1, 5))
    ActionFactory(plan=review.action_plan, owner=area.patel, due_by=datetime.date(2027, 1, 10))

    send_reminders(seven_am(datetime.date(2027, 1, 6)))

    assert mail.outbox == []


def test_no_review_reminder_once_the_next_review_is_planned(area, sams_plan):
    ReviewFactory(person=area.sam, meeting_date=datetime.date(2027, 3, 10))

    sent = run_days(datetime.date(2027, 1, 17), datetime.date(2027, 1, 19))

    assert sent == []


def test_the_review_reminder_says_what_to_do_and_links_to_planning_the_review(area, sams_plan):
    send_reminders(seven_am(datetime.date(2027, 1, 19)))

    (email,) = mail.outbox
    assert email.to == [area.green.email]
    assert "Sam's next review is due by Monday 15 March 2027" in email.body
    assert "What to do:" in email.body
    assert f"{settings.SITE_URL}/people/{area.sam.pk}/reviews/new/" in email.body
    assert f"{settings.SITE_URL}/reviews/{sams_plan.review_id}/plan/" in email.body


def test_the_review_reminder_goes_to_the_coordinator_of_the_most_recent_plan_only(area, sams_plan):
    agreed_plan(area.sam, datetime.date(2027, 1, 6), datetime.date(2027, 7, 1))

    sent = run_days(datetime.date(2027, 1, 7), datetime.date(2027, 1, 31))

    assert [subject for _, _, subject in sent if "next review" in subject] == []


def test_the_weekly_summary_lists_reviews_stuck_and_overdue_actions_and_links_to_the_caseload(area, actions):
    mark(actions["jo"], Action.Status.STUCK, stuck_because="No club answers the phone")()

    send_reminders(seven_am(datetime.date(2027, 1, 25)))

    (summary,) = [m for m in mail.outbox if m.subject.startswith("Your weekly summary")]
    assert summary.to == [area.green.email]
    assert "Sam: due by 15 March 2027" in summary.body
    assert "Find a swimming club with quiet sessions (Jo Evans). In the way: No club answers the phone" in summary.body
    assert "Start the talking programme at school (Dr Patel, due by 20 January 2027)" in summary.body
    assert f"{link('caseload:caseload', fallback=('home',))}\n" in summary.body  # /caseload/, once it exists


def test_when_mondays_run_did_not_happen_the_weekly_summary_goes_on_the_next_run_that_week(area, actions):
    mark(actions["jo"], Action.Status.STUCK, stuck_because="No club answers the phone")()
    send_reminders(seven_am(datetime.date(2027, 1, 18)))  # a Monday: the summary goes
    mail.outbox.clear()

    # The worker is down on Monday 25 January and comes back on Wednesday.
    sent = run_days(datetime.date(2027, 1, 27), datetime.date(2027, 2, 7))

    summaries = [(day, to) for day, to, subject in sent if subject.startswith("Your weekly summary")]
    assert summaries == [(datetime.date(2027, 1, 27), area.green.email), (datetime.date(2027, 2, 1), area.green.email)]


def test_a_new_installation_sends_its_first_weekly_summary_on_a_monday(area, actions):
    mark(actions["jo"], Action.Status.STUCK, stuck_because="No club answers the phone")()

    sent = run_days(datetime.date(2027, 1, 6), datetime.date(2027, 1, 11))  # Wednesday to Monday

    summaries = [day for day, _, subject in sent if subject.startswith("Your weekly summary")]
    assert summaries == [datetime.date(2027, 1, 11)]


def test_no_weekly_summary_when_nothing_needs_the_coordinator(area, actions):
    sent = run_days(datetime.date(2027, 1, 4), datetime.date(2027, 1, 11))

    assert "Your weekly summary: reviews and actions to look at" not in {subject for _, _, subject in sent}


def test_someone_who_chose_one_email_a_day_gets_everything_of_that_day_in_it(area, sams_plan, actions):
    ReminderSettings.objects.create(user=area.green, wants_digest=True)
    ActionFactory(plan=sams_plan, owner=area.green, what="Book the room", due_by=datetime.date(2027, 1, 22))
    ActionFactory(plan=sams_plan, owner=area.green, what="Ring the college", due_by=datetime.date(2027, 1, 25))

    send_reminders(seven_am(datetime.date(2027, 1, 18)))

    (email,) = [m for m in mail.outbox if m.to == [area.green.email]]
    assert email.subject == "Your OurPlan reminders for 18 January 2027"
    assert "Due by 22 January 2027, for Sam: Book the room" in email.body
    assert "Due by 25 January 2027, for Sam: Ring the college" in email.body
    assert "Sam's next review is due by 15 March 2027 and is not planned yet" in email.body
    assert "Your weekly summary of the people you coordinate:" in email.body


def test_a_planning_lead_is_never_reminded_about_a_person(area, sams_plan):
    ActionFactory(plan=sams_plan, owner=area.priya, due_by=datetime.date(2027, 1, 20))

    sent = run_days(datetime.date(2027, 1, 12), datetime.date(2027, 1, 25))

    assert area.priya.email not in {to for _, to, _ in sent}
