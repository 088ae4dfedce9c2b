"""The whole planning loop in a real browser, as a coordinator and a parent would use it."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import Membership, Organisation
from ourplan.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    born_in_year_group,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def riverside(transactional_db, pathway_groups, settings, live_server, tmp_path):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "ourplan.mail.DevOutboxBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    green = UserFactory(name="Ms Green", email="green@school.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    return green


def fill_date(page, question, day):
    """Type a date into GOV.UK's day, month and year boxes, as a person would."""
    group = page.get_by_role("group", name=question, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_coordinator_and_parent_go_round_the_whole_planning_loop(riverside, checked_page):
    p = checked_page
    page = p.page
    today = timezone.localdate()

    # Ms Green signs in and adds Sam, first making a mistake the form explains.
    p.sign_in("green@school.example", PASSWORD)
    p.click_and_check(page.get_by_role("button", name="Add a person"))
    page.get_by_label("Preferred name").fill("Sam")
    p.click_and_check(page.get_by_role("button", name="Add person"))
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_role("link", name="Enter their full name").is_visible()
    assert page.get_by_label("Preferred name").input_value() == "Sam"
    page.get_by_label("Full name").fill("Samuel Example")
    fill_date(page, "Date of birth", born_in_year_group(9))
    page.get_by_label("School or college", exact=True).select_option(label="Riverside Academy")
    page.get_by_label("Education, health and care plan", exact=True).check()
    page.get_by_label("Is autistic").check()
    p.click_and_check(page.get_by_role("button", name="Add person"))
    assert page.get_by_role("heading", name="Sam's circle").is_visible()

    # She invites Aisha, Sam's mum.
    p.click_and_check(page.get_by_role("button", name="Invite someone"))
    page.get_by_label("Their name").fill("Aisha")
    page.get_by_label("Their email address").fill("aisha@family.example")
    page.get_by_label("Parent or carer").check()
    page.get_by_label("Their role (optional)").fill("Mum")
    p.click_and_check(page.get_by_role("button", name="Send invitation"))
    assert page.get_by_text("We have emailed an invitation to aisha@family.example").is_visible()

    # Aisha follows the link in her email (the development outbox) and joins.
    p.goto("/dev/outbox/")
    invitation_link = page.get_by_role("link", name="/join/").first.get_attribute("href")
    p.sign_out()
    p.page.goto(invitation_link)
    p.check()
    assert page.get_by_role("heading", name="Join Sam's circle").is_visible()
    page.get_by_label("Choose a password").fill("swimming-on-saturdays-2026")
    p.click_and_check(page.get_by_role("button", name="Join the circle"))
    assert page.get_by_role("heading", name="Sam", exact=True).is_visible()

    # Aisha writes Sam's one-page profile with him (he has no account, so his mum is its author).
    p.click_and_check(page.get_by_role("button", name="Write the profile"))
    for heading, text in [
        ("What people like and admire about me", "I am a really strong swimmer"),
        ("What is important to me", "Swimming on Saturdays"),
        ("How best to support me", "Tell me about changes before they happen"),
    ]:
        p.click_and_check(page.get_by_role("link", name=f"Add something to “{heading}”"))
        page.get_by_label("What do you want to say?").fill(text)
        p.click_and_check(page.get_by_role("button", name="Add it"))
    assert page.get_by_text("Fits on one page").is_visible()
    p.click_and_check(page.get_by_role("button", name="Publish the profile"))
    assert page.get_by_text("I am a really strong swimmer", exact=True).is_visible()
    p.sign_out()

    # Ms Green plans the review and adds her view.
    p.sign_in("green@school.example", PASSWORD)
    p.click_and_check(page.get_by_role("link", name="Sam"))
    p.click_and_check(page.get_by_role("button", name="Plan a review"))
    page.get_by_label("Person-centred review").check()
    fill_date(page, "Date of the meeting", today)
    p.click_and_check(page.get_by_role("button", name="Set up the review"))
    review_url = page.url
    p.click_and_check(page.get_by_role("button", name="Open the meeting board"))
    board_url = page.url
    page.get_by_role("radio", name="What are Sam's strengths?").check()
    page.get_by_label("What was said").fill("Sam works hard in maths")
    p.click_and_check(page.get_by_role("button", name="Add it to the board"))
    p.sign_out()

    # Aisha adds hers.
    p.sign_in("aisha@family.example", "swimming-on-saturdays-2026")
    p.goto(board_url.replace(p.base_url, ""))
    page.get_by_role("radio", name="What is working in Sam's life?").check()
    page.get_by_label("What was said").fill("Sam is happier since the lunchtime club")
    p.click_and_check(page.get_by_role("button", name="Add it to the board"))
    assert page.get_by_text("Sam works hard in maths", exact=True).is_visible()
    assert page.get_by_text("Sam is happier since the lunchtime club", exact=True).is_visible()
    p.sign_out()

    # Ms Green agrees two actions and the next review.
    p.sign_in("green@school.example", PASSWORD)
    p.goto(review_url.replace(p.base_url, ""))
    p.click_and_check(page.get_by_role("button", name="Action plan"))
    for owner, what, days in [
        ("Aisha", "visit two sixth forms with Sam", 30),
        ("Ms Green", "arrange travel training", 60),
    ]:
        page.get_by_label("Who").select_option(label=owner)
        page.get_by_label("Will do what").fill(what)
        fill_date(page, "By when", today + datetime.timedelta(days=days))
        p.click_and_check(page.get_by_role("button", name="Add action"))
    next_review = today + datetime.timedelta(days=120)
    fill_date(page, "Date of the next review", next_review)
    p.click_and_check(page.get_by_role("button", name="Agree the plan"))

    # Everything is on Sam's page.
    assert page.get_by_role("heading", name="Sam", exact=True).is_visible()
    assert page.get_by_text("Year 9, Riverside Academy").is_visible()
    for text in [
        "I am a really strong swimmer",
        "visit two sixth forms with Sam",
        "arrange travel training",
        "Person-centred review",
        "Aisha",
    ]:
        assert page.get_by_text(text).first.is_visible(), text
    assert page.get_by_text(next_review.strftime("%-d %B %Y")).first.is_visible()
    assert page.get_by_text("agreed the action plan").is_visible()

    # Ms Green marks her action done without leaving the page (htmx), and it shows straight away.
    page.get_by_role("button", name=re.compile(r"Mark as done\W+arrange travel training")).click()
    page.locator("tr", has_text="arrange travel training").get_by_text("Done").wait_for()
    p.check()
    assert len(p.checked) >= 20


def test_sams_page_works_on_a_phone(area, phone_page):
    p = phone_page
    p.sign_in("aisha@family.example", PASSWORD)
    p.click_and_check(p.page.get_by_role("link", name="Sam"))
    width = p.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px wide)"
    menu = p.page.get_by_role("button", name="Menu")
    menu.click()
    assert p.page.get_by_role("link", name="Home").is_visible()


def test_someone_who_forgot_their_password_chooses_a_new_one(area, checked_page, settings, live_server):
    from django.core import mail

    settings.SITE_URL = live_server.url
    p = checked_page
    p.goto("/accounts/sign-in/")
    p.click_and_check(p.page.get_by_role("link", name="Forgotten your password?"))
    p.page.get_by_label("Your email address").fill("aisha@family.example")
    p.click_and_check(p.page.get_by_role("button", name="Send me a link"))
    assert p.page.get_by_role("heading", name="Check your email").is_visible()
    link = re.search(r"http://\S+/accounts/new-password/\S+/", mail.outbox[-1].body).group(0)
    p.page.goto(link)
    p.check()
    p.page.get_by_label("New password", exact=True).fill("swimming-on-saturdays")
    p.page.get_by_label("Type the new password again").fill("swimming-on-saturdays")
    p.click_and_check(p.page.get_by_role("button", name="Save the new password"))
    p.sign_in("aisha@family.example", "swimming-on-saturdays")
    assert p.page.get_by_role("heading", name="Hello, Aisha").is_visible()
