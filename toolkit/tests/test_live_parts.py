"""The toolkit's live parts (replaced every couple of seconds while something changed): each is marked
for the one guard that keeps it from being replaced under someone's focus or typing, each page loads
that guard, and what is said aloud goes to a region outside the part, only when it matters."""

from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from toolkit import operations
from toolkit.models import AreaReview, Dot

Stage = AreaReview.Stage
JS = Path(settings.BASE_DIR) / "assets" / "js"
GUARD = "js/toolkit-live.mjs"
# Modules that bring the guard with them (they import it).
WITH_GUARD = ("js/toolkit-live.mjs", "js/toolkit-timer.mjs", "js/toolkit-day-one.mjs")


def tree(response):
    assert response.status_code == 200, response
    return lxml.html.fromstring(response.content.decode())


def live_parts(page):
    return page.xpath('//*[contains(@hx-trigger, "every")]')


def check_live_page(response):
    """Every polling part is marked data-toolkit-live, no aria-live region is inside one (it would be
    replaced, and screen readers stop listening to a replaced region), and the guard is loaded."""
    page = tree(response)
    parts = live_parts(page)
    assert parts, "no live part"
    for part in parts:
        assert part.get("data-toolkit-live") is not None, part.get("id")
    assert not page.xpath('//*[contains(@hx-trigger, "every")]//*[@aria-live]')
    scripts = [src for src in page.xpath("//script/@src")]
    assert any(src.endswith(module) for src in scripts for module in WITH_GUARD), scripts
    return page


@pytest.fixture
def priya(area, signed_in):
    return signed_in(area.priya)


def url(name, *args):
    return reverse(f"toolkit:{name}", args=args)


def test_the_timer_and_day_one_modules_bring_the_one_guard_with_them():
    for module in ("toolkit-timer.mjs", "toolkit-day-one.mjs"):
        assert 'import "./toolkit-live.mjs";' in (JS / module).read_text(), module
    guard = (JS / "toolkit-live.mjs").read_text()
    assert "[data-toolkit-live]" in guard and "htmx:beforeRequest" in guard and "htmx:beforeSwap" in guard


def test_the_facilitators_pages_live_parts_are_guarded(priya, toolkit):
    review = toolkit.review
    check_live_page(priya.get(url("overview", review.pk)))
    operations.move_to_stage(review, Stage.DAY_ONE)
    check_live_page(priya.get(url("matrix", review.pk)))
    operations.move_to_stage(review, Stage.DAY_TWO)
    check_live_page(priya.get(url("tables", review.pk)))
    operations.move_to_stage(review, Stage.VOTING)
    check_live_page(priya.get(url("voting", review.pk)))


def test_the_participants_pages_live_parts_are_guarded(toolkit, as_participant):
    review, code = toolkit.review, toolkit.review.join_code
    phone = as_participant(toolkit.aisha)
    check_live_page(phone.get(url("room", code)))
    operations.move_to_stage(review, Stage.DAY_ONE)
    check_live_page(phone.get(url("walk", code)))
    operations.move_to_stage(review, Stage.DAY_TWO)
    check_live_page(phone.get(url("my_table", code)))
    operations.move_to_stage(review, Stage.VOTING)
    check_live_page(phone.get(url("vote", code)))
    operations.move_to_stage(review, Stage.ACTIONS)
    check_live_page(phone.get(url("room_strategy", code)))


# The overview: how many take part --------------------------------------------------------------


def test_the_overview_asks_with_how_many_take_part_and_says_it_only_when_that_changed(priya, toolkit):
    review = toolkit.review
    page = tree(priya.get(url("overview", review.pk)))
    assert page.xpath('//p[@id="participants-news"][@aria-live="polite"]')  # stable, outside the list
    (poll,) = live_parts(page)
    review.refresh_from_db()
    assert poll.get("hx-get").endswith(f"seen={review.version}&people=3")

    review = operations.move_to_stage(review, Stage.DAY_ONE)  # something changed, but not who is here
    quiet = priya.get(url("overview", review.pk), {"live": "1", "seen": "0", "people": "3"})
    assert quiet.status_code == 200 and "participants-news" not in quiet.content.decode()

    operations.join(review, name="Newcomer", role="health")
    told = tree(priya.get(url("overview", review.pk), {"live": "1", "seen": "0", "people": "3"}))
    (news,) = told.xpath('//*[@id="participants-news"]')
    assert news.get("hx-swap-oob") == "innerHTML" and news.text_content() == "4 people taking part."
    assert live_parts(told)[0].get("hx-get").endswith("&people=4")


# The room: the stage ---------------------------------------------------------------------------


def test_the_room_says_the_new_stage_into_its_stable_region(toolkit, as_participant):
    phone = as_participant(toolkit.jo)
    review, code = toolkit.review, toolkit.review.join_code
    assert tree(phone.get(url("room", code))).xpath('//p[@id="room-news"][@aria-live="polite"]')
    operations.move_to_stage(review, Stage.DAY_ONE)
    told = tree(phone.get(url("room", code), {"live": "1", "seen": "0", "stage": "setting_up"}))
    (news,) = told.xpath('//*[@id="room-news"]')
    assert news.get("hx-swap-oob") == "innerHTML" and news.text_content() == "Now: Day 1: the review"
    quiet = phone.get(url("room", code), {"live": "1", "seen": "0", "stage": "day_one"})
    assert "room-news" not in quiet.content.decode()


# The strategy room: the priorities and their actions -------------------------------------------


@pytest.fixture
def chosen(area, toolkit):
    """One idea voted for and made a priority; the room is setting actions."""
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan from Year 9")
    operations.move_to_stage(toolkit.review, Stage.VOTING)
    operations.place_dot(toolkit.aisha, idea, Dot.Colour.NOW)
    review = operations.move_to_stage(toolkit.review, Stage.ACTIONS)
    return operations.make_priority(review, idea, timescale=Dot.Colour.NOW)


def news_of(response):
    (part,) = live_parts(tree(response))
    return part.get("data-toolkit-news"), part.get("data-news-key"), part.get("data-news-text")


def test_the_strategy_room_tells_of_new_priorities_and_actions_but_not_every_edit(
    area, toolkit, chosen, as_participant
):
    phone = as_participant(toolkit.patel)
    room = url("room_strategy", toolkit.review.join_code)
    page = tree(phone.get(room))
    assert page.xpath('//p[@id="strategy-news"][@aria-live="polite"]')
    region, first_key, text = news_of(phone.get(room))
    assert region == "strategy-news" and first_key == f"{chosen.pk}:0;"
    assert text == "The priorities or their actions have changed. There is 1 priority now."

    operations.set_year_from_now(chosen, "Every Year 9 pupil has a review")  # an edit: refreshed, not said
    assert news_of(phone.get(room, {"live": "1", "seen": "0"}))[1] == first_key

    operations.add_strategy_action(
        chosen,
        by=area.priya,
        who="Transition team",
        what="Write to every school",
        by_when=toolkit.review.day_two,
        monitored_by="Board",
        task_group="Transition task group",
        report_by=toolkit.review.day_two,
    )
    assert news_of(phone.get(room, {"live": "1", "seen": "0"}))[1] == f"{chosen.pk}:1;"
