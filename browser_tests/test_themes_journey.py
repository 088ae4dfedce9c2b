"""Ms Green gives themes to what was said at Sam's review: she accepts OurPlan's suggestion for the
late taxi and ticks a theme of her own, on a desktop and on a phone. Priya then sees the count of
suggestions on her themes page. Every page is checked with axe-core (WCAG 2.2 A and AA)."""

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from insights.models import StatementTheme
from insights.themes import ensure_default_themes
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
from reviews.operations import add_statement

pytestmark = pytest.mark.browser


@pytest.fixture
def sams_review(transactional_db):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    ensure_default_themes(council)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    green = UserFactory(name="Ms Green", email="green@school.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    priya = UserFactory(name="Priya", email="priya@council.example")
    MembershipFactory(user=priya, organisation=council, role=Membership.Role.PLANNING_LEAD)
    aisha = UserFactory(name="Aisha", email="aisha@family.example")
    sam = PersonFactory(
        preferred_name="Sam",
        full_name="Sam Example",
        date_of_birth=born_in_year_group(9),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    R = CircleMember.Relationship
    CircleMemberFactory(person=sam, user=green, relationship=R.SCHOOL, role_description="SENCO")
    CircleMemberFactory(person=sam, user=aisha, relationship=R.PARENT_CARER, role_description="Mum")
    review = ReviewFactory(person=sam)
    # Sent by Aisha; the background job (run at once in tests, as the change commits) suggests themes.
    taxi = add_statement(review, author=aisha, question="not_working", text="The taxi to school is always late")
    add_statement(review, author=aisha, question="important_to", text="Swimming on Saturdays")
    return review, taxi


@pytest.mark.parametrize("screen", ["checked_page", "phone_page"])
def test_ms_green_accepts_a_suggestion_and_tags_a_statement(sams_review, request, screen):
    review, taxi = sams_review
    assert StatementTheme.objects.filter(statement=taxi, theme__name="Transport", source="suggested").exists()
    page = request.getfixturevalue(screen)
    page.sign_in("green@school.example", PASSWORD)
    page.goto(f"/reviews/{review.pk}/")
    page.click_and_check(page.page.get_by_role("link", name="Themes in what was said"))

    card = page.page.locator(f"#statement-{taxi.pk}")
    expect(card).to_contain_text("The taxi to school is always late")
    # The label is what a person taps: GOV.UK radios and checkboxes draw their own box over the input.
    card.get_by_role("group", name="OurPlan suggests ‘Transport’. Does it fit?").get_by_text("Yes, it fits").click()
    card.get_by_text("Family support", exact=True).click()
    page.click_and_check(card.get_by_role("button", name="Save themes"))

    expect(page.page.get_by_role("alert")).to_contain_text("Themes saved.")
    card = page.page.locator(f"#statement-{taxi.pk}")
    expect(card.get_by_label("Transport")).to_be_checked()
    expect(card.get_by_label("Family support")).to_be_checked()
    sources = dict(StatementTheme.objects.filter(statement=taxi).values_list("theme__name", "source"))
    assert sources["Transport"] == "accepted" and sources["Family support"] == "tagged"

    page.sign_out()
    page.sign_in("priya@council.example", PASSWORD)
    page.goto("/area/themes/")
    expect(page.page.get_by_role("heading", name="How often OurPlan's suggestions were accepted")).to_be_visible()
    expect(page.page.get_by_text("The taxi to school")).to_have_count(0)
