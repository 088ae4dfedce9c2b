"""A whole review in real browsers: Ms Green plans Sam's review, his mum and his speech and language
therapist send their views, Sam sends his own in "Me" mode on his phone, the meeting board updates
live between two screens, and the record is signed off and downloaded as a PDF and a Word file.

Every page, and the board after it changes by itself, is checked with axe-core (WCAG 2.2 A and AA).
"""

import datetime
import re
from contextlib import contextmanager

import docx
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from browser_tests.conftest import CheckedPage
from ourplan.dates import long_date
from ourplan.tests.factories import (
    PASSWORD,
    CircleMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    born_in_year_group,
)
from ourplan.tests.pdf import pdf_pages
from people.models import CircleMember
from reviews.models import Review

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1024, "height": 800}}


@pytest.fixture
def sams_circle(transactional_db, pathway_groups, plain_words, settings, live_server):
    settings.SITE_URL = live_server.url  # the links in the emails point at the test server
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
    R = CircleMember.Relationship
    CircleMemberFactory(person=sam, user=green, relationship=R.SCHOOL, role_description="Coordinator")
    CircleMemberFactory(person=sam, user=UserFactory(name="Sam", email="sam@family.example"), relationship=R.SELF)
    CircleMemberFactory(
        person=sam,
        user=UserFactory(name="Aisha", email="aisha@family.example"),
        relationship=R.PARENT_CARER,
        role_description="Mum",
    )
    CircleMemberFactory(
        person=sam,
        user=UserFactory(name="Dr Patel", email="patel@nhs.example"),
        relationship=R.HEALTH,
        role_description="Speech and language therapist",
    )
    return sam


@contextmanager
def another_screen(browser, live_server, device):
    """A second browser (its own context: its own cookies, so its own person signed in), checked
    like the fixtures' pages, and closed at the end."""
    context = browser.new_context(locale="en-GB", **device)
    screen = CheckedPage(context.new_page(), live_server.url)
    try:
        yield screen
    finally:
        context.close()
    assert screen.problems == []


def fill_date(page, question, day):
    """Type a date into GOV.UK's day, month and year boxes, as a person would."""
    group = page.get_by_role("group", name=question, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def link_in_email_to(address):
    """The link in the latest email to ``address`` (the tests keep sent emails in ``mail.outbox``)."""
    emails = [email for email in mail.outbox if address in email.to]
    assert emails, f"no email to {address}"
    return re.search(r"http://\S+", emails[-1].body).group(0)


def path_of(screen, url):
    return url.replace(screen.base_url, "")


def record_section(page, question):
    """The part of the record (or the board) under one of the six questions."""
    return page.locator("section", has=page.get_by_role("heading", name=question, exact=True))


def test_a_review_from_planning_to_the_signed_off_record(sams_circle, browser, live_server, checked_page, phone_page):
    green = checked_page  # Ms Green's laptop, later on the projector in the meeting room
    page = green.page
    today = timezone.localdate()

    # Ms Green plans Sam's review for tomorrow (no invitation goes on the day of the meeting).
    tomorrow = today + datetime.timedelta(days=1)
    green.sign_in("green@school.example", PASSWORD)
    green.click_and_check(page.get_by_role("link", name="Sam"))
    green.click_and_check(page.get_by_role("button", name="Plan a review"))
    page.get_by_label("Transition review (Year 9 onwards, preparing for adulthood)").check()
    fill_date(page, "Date of the meeting", tomorrow)
    green.click_and_check(page.get_by_role("button", name="Set up the review"))
    assert page.get_by_role("heading", name=f"Sam's review on {long_date(tomorrow)}").is_visible()
    review_path = path_of(green, page.url)

    # She says when and where it is, and that she will run it.
    green.click_and_check(page.get_by_role("link", name="When and where the review is"))
    page.get_by_label("Time").fill("14:00")
    page.get_by_label("Place").fill("Riverside Academy, meeting room 2")
    page.get_by_label("Who will run the meeting?").select_option(label="Ms Green")
    green.click_and_check(page.get_by_role("button", name="Save and choose who to invite"))
    assert page.get_by_role("heading", name="Who is invited").is_visible()

    # She invites the whole circle, and a careers adviser from outside it.
    green.click_and_check(page.get_by_role("button", name="Invite everyone in the circle"))
    assert page.get_by_text("Invited 4 people from the circle.").is_visible()
    page.get_by_label("Their name").fill("Mr Shah")
    page.get_by_label("Their email address").fill("shah@careers.example")
    page.get_by_label("Their role").fill("Careers adviser")
    green.click_and_check(page.get_by_role("button", name="Invite them"))
    assert page.get_by_text("Mr Shah is invited.").is_visible()
    invited = page.get_by_role("table", name="Invited")
    for name in ["Aisha", "Dr Patel", "Sam", "Mr Shah"]:
        assert invited.get_by_role("cell", name=re.compile(rf"^{name}\b")).is_visible(), name
    green.sign_out()

    # Views were due two weeks before the meeting, a day already gone: the invitation asks for them
    # before the meeting instead.
    invitation = next(email for email in mail.outbox if email.to == ["aisha@family.example"])
    assert invitation.subject.endswith("please give your views before the meeting")

    # Aisha, on her phone, follows the link in her invitation and answers two of the six questions.
    # She mentions Sam's friend Kai, who is not in the circle, so she is asked to check the name.
    with another_screen(browser, live_server, PHONE) as aisha:
        aisha.sign_in("aisha@family.example", PASSWORD)
        aisha.goto(path_of(aisha, link_in_email_to("aisha@family.example")))
        aisha.page.get_by_label("What is important to Sam?").fill("Swimming with his friend Kai on Saturdays")
        aisha.page.get_by_label("What are Sam's strengths?").fill("He is kind and patient with his little sister")
        aisha.click_and_check(aisha.page.get_by_role("button", name="Send my views"))
        assert aisha.page.get_by_text("‘Kai’ is not in Sam's circle. Check you have the right child.").is_visible()
        aisha.click_and_check(aisha.page.get_by_role("button", name="Yes, the names are right: send"))
        assert aisha.page.get_by_text("Your views are sent. Thank you.").is_visible()
        assert aisha.page.get_by_text("Swimming with his friend Kai on Saturdays").is_visible()

    # Dr Patel saves a draft on his laptop, comes back to it, and sends it.
    with another_screen(browser, live_server, DESKTOP) as patel:
        patel.sign_in("patel@nhs.example", PASSWORD)
        patel.goto(path_of(patel, link_in_email_to("patel@nhs.example")))
        patel.page.get_by_label("What is important for Sam?").fill("Time to answer: count to ten before asking again")
        patel.click_and_check(patel.page.get_by_role("button", name="Save and come back later"))
        assert patel.page.get_by_text("Saved. Only you can see this until you send it.").is_visible()
        patel.page.get_by_label("What are the challenges in Sam's life?").fill("Noisy rooms make it hard to talk")
        patel.click_and_check(patel.page.get_by_role("button", name="Send my views"))
        assert patel.page.get_by_text("Your views are sent. Thank you.").is_visible()

    # Sam, on his phone, finds his review and gives his own views in "Me" mode.
    sam = phone_page
    sam.sign_in("sam@family.example", PASSWORD)
    sam.goto(review_path)
    sam.click_and_check(sam.page.get_by_role("link", name="Give your views before the meeting"))
    sam.click_and_check(sam.page.get_by_role("button", name="Use the easy form"))
    assert sam.page.get_by_role("heading", name="What is important to you?").is_visible()
    sam.page.get_by_role("button", name="Read it to me").click()  # the browser reads the question aloud
    sam.page.get_by_label("I love…").check()
    box = sam.page.get_by_label("Write it here")
    assert box.input_value().startswith("I love")  # the sentence starter went into the box
    box.press("End")
    box.type(" swimming with my dad")
    sam.page.get_by_text("Things I like doing", exact=True).click()  # open the group of pictures
    sam.page.get_by_role("radio", name="swimming", exact=True).check()
    sam.click_and_check(sam.page.get_by_role("button", name="Add it"))
    assert sam.page.get_by_text("I love swimming with my dad").is_visible()
    assert sam.page.get_by_role("img", name="swimming").first.is_visible()
    sam.click_and_check(sam.page.get_by_role("button", name="Next question"))
    assert sam.page.get_by_role("heading", name="What do you need to stay well and safe?").is_visible()
    sam.sign_out()

    # Everyone's views are on the review page, Sam's first.
    green.sign_in("green@school.example", PASSWORD)
    green.goto(review_path)
    important_to = record_section(page, "What is important to Sam?").locator("li")
    expect(important_to.first).to_contain_text("I love swimming with my dad")
    expect(important_to.nth(1)).to_contain_text("Swimming with his friend Kai on Saturdays")
    expect(record_section(page, "What are the challenges in Sam's life?")).to_contain_text("Dr Patel")

    # The day of the meeting comes.
    Review.objects.filter(pk=int(re.search(r"\d+", review_path).group(0))).update(meeting_date=today)

    # In the meeting, the board is on the projector. Aisha adds to it from her phone, and it shows
    # on the projector within two seconds, without the page being loaded again.
    green.click_and_check(page.get_by_role("button", name="Open the meeting board"))
    board_path = path_of(green, page.url)
    page.evaluate("window.sameProjectorPage = true")
    assert not page.evaluate("document.getElementById('board-live').contains(document.activeElement)")
    with another_screen(browser, live_server, PHONE) as aisha:
        aisha.sign_in("aisha@family.example", PASSWORD)
        aisha.goto(board_path)
        aisha.page.get_by_role("radio", name="What is working in Sam's life?").check()
        aisha.page.get_by_label("What was said").fill("Sam is happier since he joined the lunchtime art club")
        with aisha.page.expect_navigation():
            aisha.page.get_by_role("button", name="Add it to the board").click()

        # The two seconds count from the moment her statement is saved.
        working = page.locator("#area-working")
        expect(working.get_by_text("Sam is happier since he joined the lunchtime art club")).to_be_visible(timeout=2000)
        expect(working).to_contain_text("Aisha (Mum)")
        assert page.evaluate("window.sameProjectorPage === true")  # the same page: it was not reloaded
        expect(page.locator("#board-news")).to_have_text("The board has changed.")  # for screen readers
        green.check()  # the board, as it changed by itself, passes the accessibility checks too
        aisha.check()
        assert aisha.page.get_by_text("Added to the board. You can add another.").is_visible()
        aisha.sign_out()

    # Ms Green records who took part, and how Sam took part (asked once: his invitation says the same).
    green.click_and_check(page.get_by_role("link", name="Record who took part"))
    assert page.get_by_role("group", name="Sam (The person themselves)").count() == 0
    page.get_by_label("Came to part of the meeting").check()
    page.get_by_label("Anything that helped them take part (optional)").fill("He chose who sat next to him")
    for invitee, how in [
        ("Aisha (Mum)", "In person"),
        ("Dr Patel (Speech and language therapist)", "Online"),
        ("Ms Green (Coordinator)", "In person"),
        ("Mr Shah (Careers adviser)", "Did not take part"),
    ]:
        page.get_by_role("group", name=invitee).get_by_label(how, exact=True).check()
    green.click_and_check(page.get_by_role("button", name="Save who took part"))
    assert page.get_by_text("Saved who took part.").is_visible()

    # She adds the outcome Sam wants, and an action for it, on the board.
    page.get_by_label("What does Sam want to achieve?").fill("Go to college to study art")
    page.get_by_label("Education and learning").check()
    page.get_by_label("How will everyone know it has happened? (optional)").fill("He has a college place")
    green.click_and_check(page.get_by_role("button", name="Add the outcome"))
    assert page.get_by_text("Outcome added.").is_visible()
    action_due = today + datetime.timedelta(days=30)
    page.get_by_label("Who", exact=True).select_option(label="Aisha")
    page.get_by_label("Will do what").fill("visit two colleges with Sam")
    fill_date(page, "By when", action_due)
    page.get_by_label("Which outcome is it for? (optional)").select_option(label="Go to college to study art")
    green.click_and_check(page.get_by_role("button", name="Add the action"))
    expect(page.locator("#agreed")).to_contain_text("visit two colleges with Sam")

    # She checks the record with everyone and signs it off, with the next review in four months.
    green.click_and_check(page.get_by_role("link", name="Check and sign off the record"))
    next_review = today + datetime.timedelta(days=120)
    fill_date(page, "Date of the next review", next_review)
    page.get_by_label("I have checked the record with the people who took part").check()
    green.click_and_check(page.get_by_role("button", name="Sign off the record"))
    assert page.get_by_text("The record is signed off and locked.").is_visible()

    # The record: everyone's words by question, with their roles; who took part; what was agreed.
    assert page.get_by_role("heading", name=f"The record of Sam's review on {long_date(today)}").is_visible()
    expect(record_section(page, "What is important to Sam?")).to_contain_text("I love swimming with my dad")
    expect(record_section(page, "What is important to Sam?")).to_contain_text("Sam's own words")
    expect(record_section(page, "What is important to Sam?")).to_contain_text("Aisha, Mum")
    expect(record_section(page, "What is important for Sam?")).to_contain_text(
        "Dr Patel, Speech and language therapist"
    )
    expect(record_section(page, "What is working in Sam's life?")).to_contain_text(
        "Sam is happier since he joined the lunchtime art club"
    )
    assert page.get_by_text("Sam: Came to part of the meeting. He chose who sat next to him").is_visible()
    took_part = page.get_by_role("table", name="Who was invited and how they took part")
    expect(took_part.get_by_role("row", name=re.compile("Dr Patel"))).to_contain_text("Online")
    expect(took_part.get_by_role("row", name=re.compile("Mr Shah"))).to_contain_text("Did not take part")
    assert page.get_by_text("Go to college to study art").first.is_visible()
    actions = page.get_by_role("table", name="The actions agreed")
    expect(actions).to_contain_text("visit two colleges with Sam")
    expect(actions).to_contain_text(long_date(action_due))
    assert page.get_by_text(f"The next review will be on or before {long_date(next_review)}.").is_visible()
    assert any("is ready to read" in email.subject for email in mail.outbox if "aisha@family.example" in email.to)

    # Ms Green downloads the record as a PDF and as a Word document.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the record as a PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == f"sam-review-{today.isoformat()}.pdf"
    data = open(pdf.path(), "rb").read()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the record as a Word document").click()
    word = download.value
    assert word.suggested_filename == f"sam-review-{today.isoformat()}.docx"
    document = docx.Document(word.path())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Sam is happier since he joined the lunchtime art club" in text
    assert "I love swimming with my dad" in text
    assert len(green.checked) + len(sam.checked) >= 20
