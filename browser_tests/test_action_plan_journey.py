"""Making sure the plan happens, in a real browser: Dr Patel, Sam's speech and language therapist,
says his action is stuck and what is in the way; Ms Green sees it on her caseload; at Sam's next
review she marks how the last outcome went and carries the unfinished action into the new plan.

Every page visited is checked with axe-core (WCAG 2.2 A and AA) and the Content-Security-Policy.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from ourplan.dates import long_date
from ourplan.tests.factories import (
    PASSWORD,
    CircleMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReviewFactory,
    UserFactory,
    born_in_year_group,
)
from people.models import CircleMember
from plans import operations
from plans.models import Action, ActionPlan, Outcome

pytestmark = pytest.mark.browser

THE_ACTION = "run a weekly talking group for Sam with two friends"
THE_OUTCOME = "Order his own lunch in the canteen"
IN_THE_WAY = "The group room has been taken over for exams until the end of term"


@pytest.fixture
def sams_last_review(transactional_db, pathway_groups, plain_words, settings, live_server):
    """Sam (Year 9) had a review about three months ago. Ms Green coordinates; Dr Patel and Aisha
    took part. The plan agreed then has one outcome, Dr Patel's action for it (not done) and
    Aisha's action (done), with the next review three weeks from today."""
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    green = UserFactory(name="Ms Green", email="green@school.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    sam = PersonFactory(
        preferred_name="Sam",
        full_name="Sam Example",
        date_of_birth=born_in_year_group(9),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    aisha = UserFactory(name="Aisha", email="aisha@family.example")
    patel = UserFactory(name="Dr Patel", email="patel@nhs.example")
    R = CircleMember.Relationship
    CircleMemberFactory(person=sam, user=green, relationship=R.SCHOOL, role_description="Coordinator")
    CircleMemberFactory(person=sam, user=UserFactory(name="Sam", email="sam@family.example"), relationship=R.SELF)
    CircleMemberFactory(person=sam, user=aisha, relationship=R.PARENT_CARER, role_description="Mum")
    CircleMemberFactory(person=sam, user=patel, relationship=R.HEALTH, role_description="Speech and language therapist")

    last_time = today - datetime.timedelta(days=91)
    review = ReviewFactory(person=sam, meeting_date=last_time, created_by=green)  # Ms Green takes part
    review.participants.add(aisha, patel)
    plan = ActionPlan.objects.get(review=review)
    outcome = operations.add_outcome(
        plan,
        by=green,
        text=THE_OUTCOME,
        area=Outcome.Area.INDEPENDENT_LIVING,
        how_we_will_know="He asks for what he wants at the counter on 3 days in a week",
        due_by=plan.ends_on,
    )
    operations.add_action(
        plan,
        by=green,
        owner=patel,
        what=THE_ACTION,
        due_by=today + datetime.timedelta(days=14),
        outcome=outcome,
        kind=Action.Kind.THERAPY,
    )
    visit = operations.add_action(
        plan, by=green, owner=aisha, what="practise ordering at the café on Saturdays", due_by=today, outcome=outcome
    )
    operations.mark_action_done(visit, by=aisha)
    operations.agree_action_plan(plan, by=green, next_review_date=today + datetime.timedelta(days=21))
    return sam


def fill_date(page, question, day):
    """Type a date into GOV.UK's day, month and year boxes, as a person would."""
    group = page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def path_of(screen, url):
    return url.replace(screen.base_url, "")


def test_a_stuck_action_is_seen_on_the_caseload_and_carried_into_the_next_plan(sams_last_review, checked_page):
    screen = checked_page
    page = screen.page
    today = timezone.localdate()

    # 1. Dr Patel opens "My actions": his action for Sam is due in the next 4 weeks.
    screen.sign_in("patel@nhs.example", PASSWORD)
    screen.click_and_check(page.get_by_role("link", name="My actions", exact=True))
    due_soon = page.get_by_role("table", name="Due in the next 4 weeks")
    expect(due_soon.get_by_role("row", name=re.compile(THE_ACTION))).to_contain_text("Sam")
    screen.click_and_check(due_soon.get_by_role("link", name=re.compile(THE_ACTION)))
    assert page.get_by_role("heading", name=THE_ACTION).is_visible()

    # He says it is stuck, but forgets to say why: the page tells him what to do.
    page.get_by_label("Stuck", exact=True).check()
    screen.click_and_check(page.get_by_role("button", name="Save progress"))
    what_to_do = "Say what is in the way, so the coordinator and the circle can help"
    expect(page.locator(".govuk-error-summary")).to_contain_text(what_to_do)
    assert page.title().startswith("Error:")
    # The form comes back with a 400 status, by design; Chromium logs that as a console error,
    # which is not a problem with the page.
    screen.problems = [
        p
        for p in screen.problems
        if "progress/: Failed to load resource: the server responded with a status of 400" not in p
    ]

    # He says what is in the way, and the history shows it, dated and with his name.
    page.get_by_label("Stuck", exact=True).check()
    page.get_by_label("What has happened, or what is in the way").fill(IN_THE_WAY)
    # The box counts as he types (GOV.UK's character count): nothing is cut off without a word.
    expect(page.locator(".govuk-character-count__status")).to_have_text(
        f"You have {500 - len(IN_THE_WAY)} characters remaining"
    )
    screen.click_and_check(page.get_by_role("button", name="Save progress"))
    assert page.get_by_text("Progress saved: Stuck.").is_visible()
    history = page.locator("ol", has=page.get_by_text(IN_THE_WAY))
    expect(history.locator("li").first).to_contain_text("Stuck")
    expect(history.locator("li").first).to_contain_text(f"Dr Patel, {long_date(today)}")
    assert page.get_by_text(f"In the way: {IN_THE_WAY}").is_visible()
    screen.sign_out()

    # 2. Ms Green opens her caseload: Sam has a stuck action and his review is due soon.
    screen.sign_in("green@school.example", PASSWORD)
    caseload_link = page.get_by_role("link", name=re.compile("caseload", re.IGNORECASE))
    if caseload_link.count():
        screen.click_and_check(caseload_link.first)
    else:  # no link to the caseload from the home page yet: she goes to its address
        screen.goto("/caseload/")
    assert page.get_by_role("heading", name="Your caseload").is_visible()
    sams_row = page.get_by_role("row", name=re.compile(r"^Sam\b"))
    expect(sams_row).to_contain_text("1 action stuck")
    expect(sams_row).to_contain_text("Review due in the next 8 weeks")
    expect(sams_row).to_contain_text(long_date(today + datetime.timedelta(days=21)))

    # She shows only the people with stuck or overdue actions: Sam is one of them.
    page.get_by_label("Stuck or overdue actions").check()
    screen.click_and_check(page.get_by_role("button", name="Show these people"))
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("row", name=re.compile(r"^Sam\b"))).to_contain_text("1 action stuck")

    # 3. She plans Sam's next review for today, from his page, where the stuck action shows too.
    screen.click_and_check(page.get_by_role("link", name="Sam", exact=True))
    expect(page.get_by_role("row", name=re.compile(THE_ACTION))).to_contain_text(f"In the way: {IN_THE_WAY}")
    screen.click_and_check(page.get_by_role("button", name="Plan a review"))
    page.get_by_label("Person-centred review").check()
    fill_date(page, "Date of the meeting", today)
    screen.click_and_check(page.get_by_role("button", name="Set up the review"))
    review_path = path_of(screen, page.url)
    new_review = int(re.search(r"/reviews/(\d+)/", review_path).group(1))

    # She invites the circle, so that she can record who took part.
    screen.click_and_check(page.get_by_role("link", name="Who is invited, and their emails"))
    screen.click_and_check(page.get_by_role("button", name="Invite everyone in the circle"))
    screen.goto(review_path)
    screen.click_and_check(page.get_by_role("button", name="Open the meeting board"))
    board_path = path_of(screen, page.url)

    # How did the last outcomes go? Sam orders his lunch some days, with help: partly achieved,
    # and it carries on in the new plan.
    screen.click_and_check(page.get_by_role("link", name="How did the last outcomes go?"))
    assert page.get_by_role("heading", name=THE_OUTCOME).is_visible()
    page.get_by_role("group", name=f"How far was “{THE_OUTCOME}” achieved?").get_by_label("Partly achieved").check()
    page.get_by_label("A short note (optional)").fill("He orders on his own when the queue is short")
    page.get_by_label("Carry it forward into this plan").check()
    screen.click_and_check(page.get_by_role("button", name="Save"))
    assert page.get_by_text("Earlier outcomes saved.").is_visible()

    # Carry forward unfinished actions: Aisha's is done, so only Dr Patel's is offered, and he
    # cannot own it until he is recorded as taking part in this review.
    screen.goto(board_path)
    screen.click_and_check(page.get_by_role("link", name="Carry forward unfinished actions"))
    assert page.get_by_role("heading", name=THE_ACTION).is_visible()
    expect(page.get_by_role("main")).to_contain_text(f"Stuck: {IN_THE_WAY}")
    expect(page.get_by_role("main")).not_to_contain_text("practise ordering at the café")
    expect(page.get_by_role("main")).to_contain_text("Dr Patel did not take part in this review")

    # She records who took part: Dr Patel joined online.
    screen.goto(board_path)
    screen.click_and_check(page.get_by_role("link", name="Record who took part"))
    page.get_by_label("Came to the whole meeting").check()
    page.get_by_role("group", name="Dr Patel (Speech and language therapist)").get_by_label(
        "Online", exact=True
    ).check()
    page.get_by_role("group", name="Aisha (Mum)").get_by_label("In person", exact=True).check()
    screen.click_and_check(page.get_by_role("button", name="Save who took part"))
    assert page.get_by_text("Saved who took part.").is_visible()

    # Now Dr Patel keeps his action, with a new date, in the new plan.
    new_date = today + datetime.timedelta(days=60)
    screen.click_and_check(page.get_by_role("link", name="Carry forward unfinished actions"))
    page.get_by_label("Carry it forward").check()
    page.get_by_label("Who will make sure it happens now?").select_option(label="Dr Patel")
    fill_date(page, "By when", new_date)
    screen.click_and_check(page.get_by_role("button", name="Carry forward"))
    assert page.get_by_text("Actions carried forward.").is_visible()

    # 4. The new plan: the outcome carried on from last time, and Dr Patel's action for it, by the new date.
    assert path_of(screen, page.url) == f"/reviews/{new_review}/plan/"
    assert page.get_by_role("heading", name="Sam's action plan").is_visible()
    outcomes = page.locator("div", has=page.get_by_role("heading", name=THE_OUTCOME, level=3)).last
    expect(outcomes).to_contain_text(f"Carried on from the review on {long_date(today - datetime.timedelta(days=91))}.")
    carried = page.get_by_role("row", name=re.compile(THE_ACTION))
    expect(carried).to_contain_text("Dr Patel")
    expect(carried).to_contain_text(new_date.strftime("%-d %b %Y"))
    expect(carried).to_contain_text(f"For: {THE_OUTCOME}")
    expect(carried).to_contain_text("Not started")

    # The outcome's history shows how it went at today's review, and who said so.
    screen.click_and_check(page.get_by_role("link", name=re.compile(rf"^See its history\W+{THE_OUTCOME}$")))
    assert page.get_by_role("heading", name=THE_OUTCOME, level=1).is_visible()
    history = page.get_by_role("main")
    expect(history).to_contain_text("Partly achieved")
    expect(history).to_contain_text(f"at the review on {long_date(today)}, recorded by Ms Green")
    expect(history).to_contain_text("He orders on his own when the queue is short")
    expect(history).to_contain_text(f"Dr Patel will {THE_ACTION} by {long_date(new_date)}")

    assert len(screen.checked) >= 20
