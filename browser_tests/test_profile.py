"""Sam writes his one-page profile in "Me" mode, his mum suggests something, and he publishes it."""

import re

import pytest

from accounts.models import Membership, Organisation
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
from profiles import symbols

pytestmark = pytest.mark.browser


@pytest.fixture
def sams_circle(transactional_db, pathway_groups):
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
    CircleMemberFactory(person=sam, user=green, relationship=R.SCHOOL)
    CircleMemberFactory(person=sam, user=UserFactory(name="Sam", email="sam@family.example"), relationship=R.SELF)
    CircleMemberFactory(
        person=sam, user=UserFactory(name="Aisha", email="aisha@family.example"), relationship=R.PARENT_CARER
    )
    return sam


def add_in_me_mode(p, starter, words, group, picture):
    page = p.page
    page.get_by_label(starter).check()
    box = page.get_by_label("Write it here")
    assert box.input_value().startswith(starter.rstrip("…"))  # the starter went into the box
    box.press("End")
    box.type(words)
    page.get_by_text(group, exact=True).click()  # open the group of pictures
    page.get_by_role("radio", name=picture, exact=True).check()
    p.click_and_check(page.get_by_role("button", name="Add it"))


def test_sam_writes_in_me_mode_aisha_suggests_sam_accepts_publishes_and_downloads_the_pdf(sams_circle, phone_page):
    p = phone_page
    page = p.page

    # Sam, on his phone, opens his profile in "Me" mode.
    p.sign_in("sam@family.example", PASSWORD)
    p.click_and_check(page.get_by_role("link", name="See your plan and your one-page profile"))
    p.click_and_check(page.get_by_role("button", name="Write the profile"))
    p.click_and_check(page.get_by_role("button", name="Write it in “Me” mode"))
    assert page.get_by_role("heading", name="What do people like and admire about you?").is_visible()
    page.get_by_role("button", name="Read it to me").click()  # the browser reads the question aloud
    add_in_me_mode(p, "People say I am good at…", "swimming", "Things I like doing", "swimming")
    assert page.get_by_text("People say I am good at swimming").is_visible()
    assert page.get_by_role("img", name="swimming").first.is_visible()

    # He moves on with the keyboard alone.
    page.get_by_role("button", name="Next part").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    p.check()
    assert page.get_by_role("heading", name="What is important to you?").is_visible()
    add_in_me_mode(p, "I like it when…", "my cat Pixel sits with me", "Animals and outdoors", "cat")
    assert page.get_by_text("I like it when my cat Pixel sits with me").is_visible()
    p.sign_out()

    # Aisha suggests something for "How best to support me".
    p.sign_in("aisha@family.example", PASSWORD)
    p.click_and_check(page.get_by_role("link", name="Sam"))
    p.click_and_check(page.get_by_role("button", name="Open the profile"))
    p.click_and_check(page.get_by_role("link", name="Suggest something for “How best to support me”"))
    page.get_by_label("What do you want to say?").fill("Give me time to answer")
    p.click_and_check(page.get_by_role("button", name="Send the suggestion"))
    assert page.get_by_text("Suggestion sent").is_visible()
    p.sign_out()

    # Sam accepts it, publishes, and downloads his one-page PDF.
    p.sign_in("sam@family.example", PASSWORD)
    p.click_and_check(page.get_by_role("link", name="See your plan and your one-page profile"))
    p.click_and_check(page.get_by_role("button", name="Write the profile"))
    assert page.get_by_text("Aisha suggests this for “How best to support me”.").is_visible()
    p.click_and_check(page.get_by_role("button", name=re.compile(r"Add it\W+Give me time to answer")))
    assert page.get_by_text("Suggested by Aisha").is_visible()
    assert page.get_by_text("Fits on one page").is_visible()
    p.click_and_check(page.get_by_role("button", name="Publish the profile"))
    assert page.get_by_text("Version 1 was published").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the one-page PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    data = open(pdf.path(), "rb").read()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 1


def test_jargon_is_flagged_as_sam_types_and_one_click_puts_in_a_plainer_word(sams_circle, plain_words, checked_page):
    p = checked_page
    page = p.page
    p.sign_in("sam@family.example", PASSWORD)
    p.goto(f"/people/{sams_circle.pk}/profile/add/?heading=support")
    box = page.get_by_label("What do you want to say?")
    box.click()
    box.type("My TA helps me in maths")
    flag = page.get_by_text("‘TA’ may not be clear to everyone.")
    flag.wait_for()
    p.check()  # the suggestions pass the accessibility checks too
    page.get_by_role("button", name=re.compile("teaching assistant")).first.click()
    assert box.input_value() == "My teaching assistant helps me in maths"
    p.click_and_check(page.get_by_role("button", name="Add it"))
    assert page.get_by_text("My teaching assistant helps me in maths", exact=True).is_visible()


def test_a_flagged_word_never_blocks_saving(sams_circle, plain_words, checked_page):
    p = checked_page
    page = p.page
    p.sign_in("sam@family.example", PASSWORD)
    p.goto(f"/people/{sams_circle.pk}/profile/add/?heading=support")
    page.get_by_label("What do you want to say?").fill("My TA helps me")
    p.click_and_check(page.get_by_role("button", name="Add it"))
    assert page.get_by_text("My TA helps me", exact=True).is_visible()
    # Beside the saved words, a button offers the plainer word without JavaScript.
    p.click_and_check(page.get_by_role("button", name=re.compile("Change it to ‘teaching assistant’")))
    assert page.get_by_text("My teaching assistant helps me", exact=True).is_visible()


def test_a_groups_pictures_are_fetched_only_when_it_is_opened(sams_circle, phone_page):
    """So a page with the picture picker loads as quickly on a phone as one without it."""
    fetched = []
    phone_page.page.on(
        "request", lambda request: fetched.append(request.url) if "/static/symbols/" in request.url else None
    )
    phone_page.sign_in("green@school.example", PASSWORD)
    phone_page.goto(f"/people/{sams_circle.pk}/profile/suggest/")
    phone_page.page.wait_for_load_state("networkidle")
    assert fetched == []

    group, options = symbols.choices()[0]
    phone_page.page.get_by_text(str(group), exact=True).click()
    phone_page.page.get_by_role("radio", name=str(options[0][1]), exact=True).wait_for()
    phone_page.page.wait_for_load_state("networkidle")
    assert 0 < len(fetched) <= len(options)
    phone_page.check()
