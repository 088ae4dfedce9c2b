"""Day 2 in a browser: Priya runs the tables and the timer on a desktop; Aisha, on her phone, reads
her group's table, adds to it and then places her dots. Every page is checked with axe-core (WCAG
2.2 A and AA) under the strict Content-Security-Policy, and the timer counts down in the browser."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from audit.access import PARTICIPANT_SESSION_KEY
from ourplan.tests.factories import PASSWORD
from toolkit import operations
from toolkit.models import AreaReview, Dot, TableNote
from toolkit.tests.conftest import toolkit  # noqa: F401 (the area review the tests share)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def join_as(page, participant):
    """The phone's browser is ``participant``, as joining with the code makes it."""
    session = SessionStore()
    session[PARTICIPANT_SESSION_KEY] = {str(participant.review_id): participant.pk}
    session.save()
    page.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": page.base_url}]
    )


def test_priya_runs_the_tables_and_the_timer_counts_down(toolkit, checked_page):  # noqa: F811
    page = checked_page
    operations.add_table_note(toolkit.blue, step=toolkit.steps[0], kind="future", text="Every plan read")
    page.sign_in("priya@council.example", PASSWORD)
    page.goto(f"/toolkit/{toolkit.review.pk}/day-2/")
    expect(page.page.get_by_text("The timer has not started yet.")).to_be_visible()
    page.click_and_check(page.page.get_by_role("button", name="Start round 1"))
    clock = page.page.locator("[data-toolkit-clock]")
    expect(clock).to_have_text(re.compile(r"^1[45]:\d\d$"))
    first = clock.text_content()
    expect(clock).not_to_have_text(first, timeout=3000)  # counted down in the browser
    page.click_and_check(page.page.get_by_role("button", name="Pause"))
    expect(page.page.get_by_text("left: paused")).to_be_visible()
    page.click_and_check(page.page.get_by_role("link", name=re.compile("Read this table’s sheet")).first)
    expect(page.page.get_by_text("Every plan read")).to_be_visible()
    page.click_and_check(page.page.get_by_role("button", name="Move every group to its next table"))
    expect(page.page.get_by_role("heading", name="Round 2")).to_be_visible()


def test_aisha_adds_to_her_tables_sheet_and_places_her_dots_on_her_phone(toolkit, phone_page):  # noqa: F811
    page = phone_page
    join_as(page, toolkit.aisha)
    operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_TWO)
    operations.start_round(toolkit.review)
    operations.add_table_note(toolkit.blue, step=toolkit.steps[0], kind="not_working", text="Reviews come late")
    code = toolkit.review.join_code
    page.goto(f"/toolkit/in/{code}/day-2/")
    expect(page.page.get_by_role("heading", name=f"Table 1: {toolkit.steps[0].name}")).to_be_visible()
    expect(page.page.get_by_text("Reviews come late")).to_be_visible()
    page.page.get_by_text("Things to think about").click()
    page.check()
    page.page.get_by_label("What we want to see in the future").check()
    page.page.get_by_role("textbox", name="What your group says").fill("Every young person has a plan by Year 10")
    page.click_and_check(page.page.get_by_role("button", name="Add it to the sheet"))
    expect(page.page.get_by_text("Every young person has a plan by Year 10")).to_be_visible()
    assert TableNote.objects.filter(written_by=toolkit.aisha).count() == 1
    page.page.get_by_role("textbox", name="An idea for the strategy").fill("A review for everyone in Year 9")
    page.click_and_check(page.page.get_by_role("button", name="Add the idea"))

    operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    page.goto(f"/toolkit/in/{code}/vote/")
    expect(page.page.get_by_text("You have 3 ‘could change now’ dots left")).to_be_visible()
    page.click_and_check(page.page.get_by_role("button", name=re.compile("Place a ‘could change now’ dot")).first)
    expect(page.page.get_by_text("You have 2 ‘could change now’ dots left")).to_be_visible()
    page.click_and_check(page.page.get_by_role("button", name=re.compile("^Take back")).first)
    assert not Dot.objects.filter(participant=toolkit.aisha).exists()


def test_priya_watches_the_tally(toolkit, checked_page):  # noqa: F811
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="A review for everyone in Year 9")
    other = operations.add_idea(toolkit.blue, step=toolkit.steps[1], text="Easy-read guide")
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    operations.place_dot(toolkit.aisha, idea, Dot.Colour.NOW)
    operations.place_dot(toolkit.jo, other, Dot.Colour.NOW)
    page = checked_page
    page.sign_in("priya@council.example", PASSWORD)
    page.goto(f"/toolkit/{review.pk}/voting/")
    expect(page.page.get_by_text("joint 1st")).to_have_count(2)
    operations.place_dot(toolkit.patel, idea, Dot.Colour.LATER)  # someone votes: the tally updates itself
    expect(page.page.locator("#toolkit-tally").get_by_text("1st", exact=True)).to_be_visible(timeout=5000)
    page.check()
    page.click_and_check(page.page.get_by_role("button", name="Close voting"))
    expect(page.page.get_by_role("heading", name="The ranked ideas")).to_be_visible()
