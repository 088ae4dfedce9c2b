"""An area review of planning from start to finish, in real browsers. Priya, Riverside Council's
planning lead, sets it up on her laptop and runs the room; Aisha, Leah and Dr Patel join on their
phones with the code. Day 1: the small groups walk the pathway and Priya's grid and report fill up.
Day 2: the groups go round the tables against the timer and give their top 2 ideas; everyone places
six dots and the tally ranks the ideas. Priya then chooses a priority, says what a year from now
looks like, sets an action with who monitors it and which task group reports to the Board, and
downloads the strategy.

Every page visited, and the live parts after they change by themselves, is checked with axe-core
(WCAG 2.2 A and AA) under the strict Content-Security-Policy.
"""

import datetime
import io
import re
import threading
import zipfile

import docx
import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from browser_tests.conftest import CheckedPage
from ourplan.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from ourplan.tests.pdf import pdf_pages
from toolkit.models import AreaReview, Dot, Finding, Idea, Participant, StrategyAction, TableNote

pytestmark = pytest.mark.browser

LIVE = 8000  # ms: screens in the room ask for changes every 2 seconds

STEP_1 = "How planning happens for everyone"
STEP_2 = "Who is supporting person-centred planning and approaches"
YEAR_9 = "Young people from Year 9"
AUTISTIC = "Autistic people"
NEW_TO_AREA = "Someone new to the area or new to services"

# Day 1 notes, one from each person's phone.
INVITES_EARLY = "Invitations to Year 9 reviews go out four weeks before"
NO_QUIET_ROOM = "Reviews are held in busy rooms with no quiet space"
HEALTH_LATE = "Health reports reach the review on the day"

# Day 2: what is written at the tables, and the four ideas voted on.
FUTURE_NOTE = "Every young person shapes their own review"
BLUE_NOTE = "Therapists are not invited until the last week"
RED_NOTE = "Nobody checks that the actions happen"
REVIEW_FOR_ALL = "A person-centred review for everyone in Year 9"  # A: 4 now, 3 later
EASY_READ = "Easy-read invitations sent four weeks before"  # D: 0 now, 2 later
HEALTH_REPORTS = "Health reports shared two weeks before reviews"  # B: 3 now, 2 later
TRAIN_STAFF = "Train support staff in person-centred planning"  # C: 2 now, 2 later
THIRD_IDEA = "Families chair their own reviews"

# Each person's six dots: (idea, colour), chosen so the ranking is known in advance.
NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER
DOTS = {
    "Aisha": [(REVIEW_FOR_ALL, LATER), (TRAIN_STAFF, LATER), (EASY_READ, LATER), (REVIEW_FOR_ALL, NOW),
              (REVIEW_FOR_ALL, NOW), (HEALTH_REPORTS, NOW)],
    "Leah": [(REVIEW_FOR_ALL, NOW), (HEALTH_REPORTS, NOW), (TRAIN_STAFF, NOW), (REVIEW_FOR_ALL, LATER),
             (HEALTH_REPORTS, LATER), (TRAIN_STAFF, LATER)],
    "Dr Patel": [(REVIEW_FOR_ALL, NOW), (HEALTH_REPORTS, NOW), (TRAIN_STAFF, NOW), (REVIEW_FOR_ALL, LATER),
                 (HEALTH_REPORTS, LATER), (EASY_READ, LATER)],
}  # fmt: skip
RANKED = [  # rank, idea, could change now, needs further planning, all dots
    ("1st", REVIEW_FOR_ALL, "4", "3", "7"),
    ("2nd", HEALTH_REPORTS, "3", "2", "5"),
    ("3rd", TRAIN_STAFF, "2", "2", "4"),
    ("4th", EASY_READ, "0", "2", "2"),
]

YEAR_FROM_NOW = "All young people in Year 9 have a person-centred review"
ACTION_WHAT = "Invite the family of every Year 9 pupil with an EHC plan to a person-centred review"


@pytest.fixture
def riverside(transactional_db):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    priya = UserFactory(name="Priya", email="priya@council.example")
    MembershipFactory(user=priya, organisation=council, role=Membership.Role.PLANNING_LEAD)
    return council


ONE_AT_A_TIME = threading.Lock()


@pytest.fixture
def live_server(live_server):
    """With SQLite, the test database lives in memory and the test server's threads all share its
    one connection (pytest-django passes it to them), so requests from several screens at once can
    collide in it ("database table is locked"), which a real database never does. Here the server
    then answers one request at a time, and the test's own reads wait their turn (``ONE_AT_A_TIME``).
    With PostgreSQL the screens' requests are served at once, as in the room."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield live_server
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()

    def one_at_a_time(environ, start_response):
        with ONE_AT_A_TIME:
            response = app(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        return [body]

    httpd.set_app(one_at_a_time)
    yield live_server
    httpd.set_app(app)


@pytest.fixture
def phones(browser, live_server):
    """Make a phone for someone taking part (its own browser context: its own session); all are
    closed at the end, and none may have had an accessibility, script or CSP problem."""
    screens, contexts = [], []

    def new_phone():
        context = browser.new_context(
            viewport={"width": 375, "height": 740}, locale="en-GB", is_mobile=True, has_touch=True
        )
        contexts.append(context)
        return another_tab(context)

    def another_tab(context):
        screen = CheckedPage(context.new_page(), live_server.url)
        screens.append(screen)
        return screen

    new_phone.another_tab = another_tab
    yield new_phone
    for context in contexts:
        context.close()
    assert [problem for screen in screens for problem in screen.problems] == []


def fill_date(page, question, day):
    """Type a date into GOV.UK's day, month and year boxes, as a person would."""
    group = page.get_by_role("group", name=question, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def join(phone, code, name, part, group):
    """Someone types the code from the screen, says who they are and sits with a small group."""
    phone.goto("/toolkit/join/")
    phone.page.get_by_label("Code").fill(code.lower())  # typed as it comes: the code is not case-sensitive
    phone.click_and_check(phone.page.get_by_role("button", name="Continue"))
    phone.page.get_by_label("Your name").fill(name)
    phone.page.get_by_label(part, exact=True).check()
    phone.click_and_check(phone.page.get_by_role("button", name="Join"))
    expect(phone.page.get_by_text("You are not in a small group yet.")).to_be_visible()
    phone.page.get_by_label(group, exact=True).check()
    phone.click_and_check(phone.page.get_by_role("button", name="Choose this group"))
    expect(phone.page.get_by_text(f"You are {name}, in {group}.")).to_be_visible()


def go_on_when_the_room_moves(phone, button):
    """The room page changes by itself when Priya moves everyone on; then they tap the new button."""
    link = phone.page.get_by_role("link", name=button)
    expect(link).to_be_visible(timeout=LIVE)
    phone.check()
    phone.click_and_check(link)


def add_finding(phone, kind, text):
    phone.page.get_by_label(kind, exact=True).check()
    phone.page.get_by_label("What did your group find?").fill(text)
    phone.click_and_check(phone.page.get_by_role("button", name="Add this note"))
    expect(phone.page.locator("#walk-live")).to_contain_text(text)


def add_table_note(phone, box, text):
    phone.page.get_by_label(box, exact=True).check()
    phone.page.get_by_role("textbox", name="What your group says").fill(text)
    phone.click_and_check(phone.page.get_by_role("button", name="Add it to the sheet"))


def add_idea(phone, text):
    phone.page.get_by_role("textbox", name="An idea for the strategy").fill(text)
    phone.click_and_check(phone.page.get_by_role("button", name="Add the idea"))


def dot_button(phone, idea, colour):
    words = "could change now" if colour == NOW else "needs further planning"
    item = phone.page.locator(".toolkit-ideas__idea", has_text=idea)
    return item.get_by_role("button", name=re.compile(f"^Place a ‘{words}’ dot"))


def download(screen, link_name):
    with screen.page.expect_download() as event:
        screen.page.get_by_role("link", name=link_name).click()
    with open(event.value.path(), "rb") as file:
        return event.value.suggested_filename, file.read()


def word_text(data):
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_an_area_review_from_setting_up_to_the_strategy(riverside, checked_page, phones):
    priya = checked_page
    page = priya.page
    today = timezone.localdate()

    # 1. Priya sets up the review from her home page, adds two small groups and reads the code.
    priya.sign_in("priya@council.example", PASSWORD)
    priya.click_and_check(page.get_by_role("link", name=re.compile("^Area reviews")))
    expect(page.get_by_role("heading", name="Area reviews of planning")).to_be_visible()
    priya.click_and_check(page.get_by_role("link", name="Set up an area review"))
    page.get_by_label("Name of the review").fill("Riverside review of planning")
    page.get_by_label("Who will facilitate the two days").select_option(label="Priya")
    fill_date(page, "Day 1: the review", today)
    fill_date(page, "Day 2: action planning", today + datetime.timedelta(days=7))
    page.get_by_label("Where (optional)").fill("Riverside Library")
    priya.click_and_check(page.get_by_role("button", name="Set up the review"))
    expect(page.get_by_role("heading", name="Riverside review of planning", level=1)).to_be_visible()
    expect(page.get_by_text("Now: Setting up")).to_be_visible()
    with ONE_AT_A_TIME:
        review = AreaReview.objects.select_related("facilitator").get()
    assert (review.facilitator.name, review.day_one, review.place) == ("Priya", today, "Riverside Library")
    overview = page.url.replace(priya.base_url, "")

    for name, people_groups in (("Red group", [YEAR_9, AUTISTIC]), ("Blue group", [NEW_TO_AREA])):
        priya.click_and_check(page.get_by_role("link", name="Add a small group"))
        page.get_by_label("Name of the small group").fill(name)
        for people in people_groups:
            page.get_by_label(people, exact=True).check()
        priya.click_and_check(page.get_by_role("button", name="Add the group"))
        expect(page.get_by_role("heading", name=name, level=3)).to_be_visible()
    expect(page.locator("#groups")).to_contain_text(f"Day 1, thinking about: {YEAR_9}; {AUTISTIC}")
    code = page.locator(".op-toolkit-join__code").inner_text().strip()
    assert code == review.join_code

    # 2. Three people join from their phones with the code; Priya sees them arrive.
    aisha, leah, patel = phones(), phones(), phones()
    experience = "A person or family member with experience of planning"
    join(aisha, code, "Aisha", experience, "Red group")
    join(leah, code, "Leah", experience, "Red group")
    join(patel, code, "Dr Patel", "Health", "Blue group")
    expect(page.get_by_role("heading", name="Taking part: 3 people")).to_be_visible(timeout=LIVE)
    priya.check()
    people = page.get_by_role("region", name="People taking part")
    expect(people.get_by_role("row", name=re.compile("^Dr Patel"))).to_contain_text("Blue group")
    with ONE_AT_A_TIME:
        assert Participant.objects.filter(review=review, work_group__name="Red group").count() == 2

    # 3. Day 1: the groups walk the pathway; Priya's grid and the report fill up.
    priya.click_and_check(page.get_by_role("button", name="Move everyone on to Day 1: the review"))
    expect(page.get_by_text("The room is now at: Day 1: the review")).to_be_visible()
    priya.click_and_check(page.get_by_role("link", name="Open the Day 1 grid"))
    expect(page.get_by_text("0 of 15 boxes covered so far.")).to_be_visible()

    go_on_when_the_room_moves(aisha, "Go to Day 1")
    expect(aisha.page.get_by_role("heading", name=STEP_1, level=1)).to_be_visible()
    expect(aisha.page.get_by_text("Questions to talk about")).to_be_visible()
    add_finding(aisha, "What is working well", INVITES_EARLY)

    go_on_when_the_room_moves(leah, "Go to Day 1")
    leah.click_and_check(leah.page.get_by_role("link", name=AUTISTIC))
    add_finding(leah, "What is not working and needs to change", NO_QUIET_ROOM)
    expect(leah.page.get_by_text(f"{AUTISTIC}: 1 of 5 steps covered")).to_be_visible()

    go_on_when_the_room_moves(patel, "Go to Day 1")
    expect(patel.page.get_by_text(f"For: {NEW_TO_AREA}")).to_be_visible()
    patel.click_and_check(patel.page.get_by_role("link", name=re.compile("^Next step")))
    expect(patel.page.get_by_role("heading", name=STEP_2, level=1)).to_be_visible()
    add_finding(patel, "What is not working and needs to change", HEALTH_LATE)
    with ONE_AT_A_TIME:
        assert Finding.objects.filter(review=review).count() == 3

    matrix = page.locator("#matrix-live")
    expect(matrix).to_contain_text("3 of 15 boxes covered so far.", timeout=LIVE)  # without reloading
    for note, group in ((INVITES_EARLY, "Red group"), (NO_QUIET_ROOM, "Red group"), (HEALTH_LATE, "Blue group")):
        expect(matrix.locator(".op-toolkit-note", has_text=note)).to_contain_text(group)
    priya.check()

    priya.click_and_check(page.get_by_role("link", name="The report of Day 1"))
    celebrate, action = page.locator("section#celebrate"), page.locator("section#action")
    expect(celebrate.get_by_role("heading", name="What to celebrate")).to_be_visible()
    expect(celebrate).to_contain_text(f"{INVITES_EARLY} (about: {YEAR_9})")
    expect(action.get_by_role("heading", name="Areas for action")).to_be_visible()
    expect(action).to_contain_text(f"{NO_QUIET_ROOM} (about: {AUTISTIC})")
    expect(action).to_contain_text(f"{HEALTH_LATE} (about: {NEW_TO_AREA})")
    expect(celebrate).not_to_contain_text(NO_QUIET_ROOM)
    name, pdf = download(priya, "Download the report as a PDF")
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 1
    name, word = download(priya, "Download the report as a Word document")
    assert name.endswith(".docx") and zipfile.is_zipfile(io.BytesIO(word))
    assert INVITES_EARLY in word_text(word) and HEALTH_LATE in word_text(word)

    # 4. Day 2: the tables and the timer. Red group starts at table 1, Blue group at table 2.
    priya.goto(overview)
    priya.click_and_check(page.get_by_role("button", name="Move everyone on to Day 2: the five tables"))
    priya.click_and_check(page.get_by_role("link", name="Open the five tables and the timer"))
    priya.click_and_check(page.get_by_role("button", name="Start round 1"))
    expect(page.locator("[data-toolkit-clock]")).to_have_text(re.compile(r"^1[45]:\d\d$"))

    # Day 2 is a week later: each opens the review's page again from their phone (the Day 1 page's link).
    for phone in (aisha, leah, patel):
        phone.click_and_check(phone.page.get_by_role("link", name="Back to the review"))
    go_on_when_the_room_moves(aisha, "Go to your table")
    expect(aisha.page.get_by_role("heading", name=f"Table 1: {STEP_1}")).to_be_visible()
    clock = aisha.page.locator("[data-toolkit-clock]")
    expect(clock).to_have_text(re.compile(r"^1[45]:\d\d$"))
    expect(aisha.page.get_by_text("Nothing yet: your group is the first here.")).to_be_visible()
    add_table_note(aisha, "What we want to see in the future", FUTURE_NOTE)
    expect(aisha.page.locator(".toolkit-sheet")).to_contain_text(FUTURE_NOTE)

    go_on_when_the_room_moves(patel, "Go to your table")
    expect(patel.page.get_by_role("heading", name=f"Table 2: {STEP_2}")).to_be_visible()
    add_table_note(patel, "What is not working", BLUE_NOTE)
    add_idea(patel, HEALTH_REPORTS)

    # Leah, at the same table as Aisha, starts typing a third idea while Aisha adds the group's two.
    go_on_when_the_room_moves(leah, "Go to your table")
    leah.page.get_by_role("textbox", name="An idea for the strategy").fill(THIRD_IDEA)
    add_idea(aisha, REVIEW_FOR_ALL)
    add_idea(aisha, EASY_READ)
    expect(aisha.page.get_by_text("Your group already has its top 2 ideas at this table.")).to_be_visible()
    expect(aisha.page.get_by_role("textbox", name="An idea for the strategy")).to_have_count(0)
    leah.click_and_check(leah.page.get_by_role("button", name="Add the idea"))
    expect(leah.page.get_by_role("alert")).to_contain_text(
        "Your group already has its top 2 ideas at this table. Change one of them instead."
    )
    expect(leah.page).to_have_title(re.compile("^Error:"))
    with ONE_AT_A_TIME:
        assert not Idea.objects.filter(text=THIRD_IDEA).exists()

    # Time to move on: every group goes to its next table. Aisha's phone follows by itself and
    # shows what Blue group wrote at table 2 before anything of Red group's.
    priya.click_and_check(page.get_by_role("button", name="Move every group to its next table"))
    expect(page.get_by_role("heading", name="Round 2")).to_be_visible()
    expect(aisha.page.get_by_role("heading", name=f"Table 2: {STEP_2}")).to_be_visible(timeout=LIVE)
    aisha.check()
    sheet = aisha.page.locator(".toolkit-sheet")
    expect(sheet).to_contain_text(f"{BLUE_NOTE} Blue group")
    expect(sheet.locator(".toolkit-sheet__box--ideas")).to_contain_text(HEALTH_REPORTS)
    add_table_note(aisha, "What is not working", RED_NOTE)
    not_working = aisha.page.locator(
        ".toolkit-sheet__box", has=aisha.page.get_by_role("heading", name="What is not working")
    )
    expect(not_working.locator("li")).to_have_text(
        [re.compile(f"^{BLUE_NOTE}\\s+Blue group"), re.compile(f"^{RED_NOTE}\\s+Your group")]
    )
    add_idea(aisha, TRAIN_STAFF)
    with ONE_AT_A_TIME:
        assert Idea.objects.filter(review=review).count() == 4
        assert TableNote.objects.get(text=RED_NOTE).round == 1  # written in round 2

    # 5. Dot voting: six dots each; a seventh is refused; Priya's tally ranks the ideas by itself.
    priya.click_and_check(page.get_by_role("link", name="Dot voting"))
    priya.click_and_check(page.get_by_role("button", name="Open voting"))
    expect(page.get_by_text("Voting is open", exact=True)).to_be_visible()
    tally = page.locator("#toolkit-tally")
    expect(tally).to_contain_text("0 of 3 people have placed all six dots.")

    second_tab = None
    for phone, name in ((aisha, "Aisha"), (leah, "Leah"), (patel, "Dr Patel")):
        phone.goto(f"/toolkit/in/{code}/")
        phone.click_and_check(phone.page.get_by_role("link", name="Vote with your dots"))
        expect(phone.page.get_by_text("You have 3 ‘could change now’ dots left")).to_be_visible()
        for number, (idea, colour) in enumerate(DOTS[name], start=1):
            if name == "Aisha" and number == 6:
                # Aisha has the voting page open in a second tab too, one ‘could change now’ dot still to place.
                second_tab = phones.another_tab(aisha.page.context)
                second_tab.goto(f"/toolkit/in/{code}/vote/")
                dot_button(second_tab, EASY_READ, NOW).focus()
            phone.click_and_check(dot_button(phone, idea, colour))
            expect(phone.page.get_by_role("alert")).to_contain_text(f"Your dot is on: {idea}")
        expect(phone.page.get_by_text("You have 0 ‘could change now’ dots left")).to_be_visible()
        expect(phone.page.get_by_text("You have 0 ‘needs further planning’ dots left")).to_be_visible()
        expect(phone.page.get_by_role("button", name=re.compile("^Place a"))).to_have_count(0)

    # Her second tab still offers a ‘could change now’ dot: a seventh dot is refused, plainly.
    second_tab.click_and_check(dot_button(second_tab, EASY_READ, NOW))
    expect(second_tab.page.get_by_role("alert")).to_contain_text(
        "You have placed all three of your ‘could change now’ dots. Move one if you want to change your mind."
    )
    with ONE_AT_A_TIME:
        assert Dot.objects.filter(review=review).count() == 18

    expect(tally).to_contain_text("3 of 3 people have placed all six dots.", timeout=LIVE)
    expect(tally).to_contain_text("18 dots placed in all.")
    priya.check()
    rows = tally.get_by_role("table", name="All ideas, by all dots").locator("tbody tr")
    expect(rows).to_have_count(4)
    for row, (rank, idea, now, later, total) in zip(rows.all(), RANKED, strict=True):
        cells = [text.strip() for text in row.locator("td, th").all_inner_texts()]
        assert cells[0] == rank and cells[1].startswith(idea) and cells[2:5] == [now, later, total], cells
    priya.click_and_check(page.get_by_role("button", name="Close voting"))
    expect(page.get_by_role("heading", name="The ranked ideas")).to_be_visible()
    by_now = page.get_by_role("table", name="By ‘Could change now’ dots").locator("tbody tr")
    expect(by_now.first).to_contain_text(REVIEW_FOR_ALL)

    # 6. The priorities, a year from now, an action, and the strategy.
    priya.goto(overview)
    priya.click_and_check(page.get_by_role("button", name="Move everyone on to Day 2: setting actions"))
    priya.click_and_check(page.get_by_role("link", name="Open the priorities and actions"))
    ranked = page.get_by_role("table", name="The ideas ranked by all their dots")
    expect(ranked.locator("tbody tr").first).to_contain_text(REVIEW_FOR_ALL)
    row = ranked.get_by_role("row", name=re.compile(REVIEW_FOR_ALL))
    priya.click_and_check(row.get_by_role("button", name=re.compile("^Make it a priority: could change now")))
    expect(page.get_by_role("alert")).to_contain_text("It is a priority.")
    priya.click_and_check(page.get_by_role("link", name=REVIEW_FOR_ALL, exact=True))
    expect(page.get_by_role("heading", name=REVIEW_FOR_ALL, level=1)).to_be_visible()
    expect(page.get_by_text("4 could change now, 3 needs further planning: 7 in all")).to_be_visible()
    page.get_by_label("Imagine it is a year later. What is different to today?").fill(YEAR_FROM_NOW)
    priya.click_and_check(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_label("Imagine it is a year later. What is different to today?")).to_have_value(YEAR_FROM_NOW)

    by_when, report_by = today + datetime.timedelta(days=60), today + datetime.timedelta(days=90)
    page.get_by_label("Who", exact=True).fill("Transition team")
    page.get_by_label("Will do what").fill(ACTION_WHAT)
    fill_date(page, "By when", today - datetime.timedelta(days=1))  # a slip: yesterday
    page.get_by_label("Who monitors it").fill("Chair of the Partnership Board")
    page.get_by_label("Which task group delivers it and reports to the Board").fill("Transition task group")
    fill_date(page, "When it reports to the Partnership Board", report_by)
    priya.click_and_check(page.get_by_role("button", name="Add the action"))
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("By when must be a date in the future")
    expect(page.get_by_label("Who", exact=True)).to_have_value("Transition team")  # what was typed is kept
    expect(page.get_by_label("Will do what")).to_have_value(ACTION_WHAT)
    with ONE_AT_A_TIME:
        assert not StrategyAction.objects.exists()
    fill_date(page, "By when", by_when)
    priya.click_and_check(page.get_by_role("button", name="Add the action"))
    expect(page.get_by_role("alert")).to_contain_text("Action added.")
    with ONE_AT_A_TIME:
        action = StrategyAction.objects.get()
    assert (action.who, action.by_when, action.report_by) == ("Transition team", by_when, report_by)

    priya.click_and_check(page.get_by_role("link", name="Back to the priorities"))
    priya.click_and_check(page.get_by_role("link", name="See the strategy report"))
    expect(page.get_by_role("heading", name=REVIEW_FOR_ALL, level=4)).to_be_visible()
    expect(page.get_by_text("7 in all.")).to_be_visible()
    expect(page.get_by_text("4 dots for could change now, 3 for needs further planning", exact=False)).to_be_visible()
    expect(page.get_by_text(f"A year from now: {YEAR_FROM_NOW}")).to_be_visible()
    steps = page.get_by_role("table", name=f"First steps for {REVIEW_FOR_ALL}")
    expect(steps.get_by_role("row", name=re.compile("^Transition team"))).to_contain_text(ACTION_WHAT)
    governance = page.get_by_role("table", name="The actions Transition task group delivers")
    row = governance.get_by_role("row", name=re.compile(ACTION_WHAT))
    expect(row).to_contain_text("Chair of the Partnership Board")
    expect(row).to_contain_text(f"{report_by.day} {report_by:%B %Y}")
    name, pdf = download(priya, "Download the strategy as a PDF")
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 1
    name, word = download(priya, "Download the strategy as a Word document")
    assert name.endswith(".docx") and zipfile.is_zipfile(io.BytesIO(word))
    text = word_text(word)
    assert REVIEW_FOR_ALL in text and YEAR_FROM_NOW in text and "Transition task group" in text
    assert len(priya.checked) >= 25
