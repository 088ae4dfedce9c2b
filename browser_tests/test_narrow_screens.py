"""Pages that hold tables, the meeting board and the toolkit's join code, on a phone and on wide
screens: nothing makes the page scroll sideways (WCAG 1.4.10, reflow at 320 CSS pixels), and the
join code stays on one line. The demo area gives each table realistic rows."""

import pytest

from browser_tests.conftest import CheckedPage
from ourplan.demo import DEMO_PASSWORD, load_demo_area
from people.models import Person
from reviews.models import Review
from toolkit.models import AreaReview

pytestmark = pytest.mark.browser

PHONES = (320, 390)


@pytest.fixture
def demo_area(transactional_db, pathway_groups):
    load_demo_area()
    sam = Person.objects.get(preferred_name="Sam")
    reviews = Review.objects.filter(person=sam).order_by("meeting_date")
    return {"sam": sam, "signed_off": reviews.first(), "next": reviews.last()}


@pytest.fixture
def wide_page(browser, live_server):
    """Opens a page signed in as someone, whose window each test resizes; every page it goes to is
    checked with axe-core and for Content-Security-Policy reports, as ``checked_page`` checks them."""
    opened = []

    def open_as(email):
        context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
        checked = CheckedPage(context.new_page(), live_server.url)
        opened.append((context, checked))
        checked.sign_in(email, DEMO_PASSWORD)
        return checked

    yield open_as
    for context, _ in opened:
        context.close()
    assert [checked.problems for _, checked in opened] == [[] for _ in opened]


def sideways_scroll(page):
    """How many CSS pixels the page scrolls sideways (0 when it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_page_with_a_table_scrolls_sideways_on_a_phone(demo_area, wide_page):
    p = wide_page("green@school.example")
    sam, signed_off, upcoming = demo_area["sam"], demo_area["signed_off"], demo_area["next"]
    pages = [
        f"/reviews/{upcoming.pk}/invitees/",
        f"/people/{sam.pk}/history/",
        "/caseload/",
        f"/people/{sam.pk}/",
        f"/reviews/{signed_off.pk}/plan/",
        f"/reviews/{upcoming.pk}/plan/",
        f"/reviews/{upcoming.pk}/board/",
        f"/reviews/{signed_off.pk}/board/",
        "/my-actions/",
    ]
    too_wide = {}
    for width in PHONES:
        p.page.set_viewport_size({"width": width, "height": 800})
        for path in pages:
            p.goto(path)
            if sideways_scroll(p.page) > 0:
                too_wide[f"{path} at {width}px"] = sideways_scroll(p.page)
    assert too_wide == {}


def test_on_a_phone_each_invitee_is_a_card_with_its_headings_and_its_remove_link(demo_area, wide_page):
    p = wide_page("green@school.example")
    p.page.set_viewport_size({"width": 390, "height": 800})
    p.goto(f"/reviews/{demo_area['next'].pk}/invitees/")
    row = p.page.locator("tbody tr", has_text="Dr Patel")
    heading = row.locator("[data-label='Invitation']").evaluate("cell => getComputedStyle(cell, '::before').content")
    assert heading == '"Invitation"'
    remove = row.get_by_role("link", name="Remove Dr Patel")
    box = remove.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_meeting_board_keeps_the_page_margins_on_wide_screens(demo_area, wide_page):
    p = wide_page("green@school.example")
    for width in (1024, 1280, 390):
        p.page.set_viewport_size({"width": width, "height": 800})
        p.goto(f"/reviews/{demo_area['next'].pk}/board/")
        assert sideways_scroll(p.page) == 0, f"the board scrolls sideways at {width}px"
        main = p.page.locator("main").bounding_box()
        assert main["x"] >= 15 and main["x"] + main["width"] <= width - 15, f"no margins at {width}px"


def test_the_join_code_stays_on_one_line_and_the_room_screen_fits_a_phone(demo_area, wide_page):
    # The widest code there can be: six of the widest letter.
    review = AreaReview.objects.get(title="Autumn review of planning")
    AreaReview.objects.filter(pk=review.pk).update(join_code="WWWWWW")
    p = wide_page("priya@council.example")
    for width in (320, 390, 641, 800, 1024, 1280):
        p.page.set_viewport_size({"width": width, "height": 800})
        p.goto(f"/toolkit/{review.pk}/")
        code = p.page.locator(".op-toolkit-join__code")
        assert code.inner_text() == "WWWWWW"
        lines, overflow = code.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " return [r.getClientRects().length, el.scrollWidth - el.clientWidth]; }"
        )
        assert (lines, overflow) == (1, 0), f"the code does not fit on one line at {width}px"
        if width in PHONES:
            assert sideways_scroll(p.page) == 0, f"the room screen scrolls sideways at {width}px"
