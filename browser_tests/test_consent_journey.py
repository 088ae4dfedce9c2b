"""Leah, 17, past the end of compulsory school age, confirms who keeps access to her plan: her mum
keeps only the action plan and meeting records, and her mum's access follows her choice."""

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
from people.models import AccessChoice, CircleMember

pytestmark = pytest.mark.browser


@pytest.fixture
def leahs_circle(transactional_db):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    green = UserFactory(name="Ms Green", email="green@school.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    leah = PersonFactory(
        preferred_name="Leah",
        full_name="Leah Example",
        date_of_birth=born_in_year_group(12),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    R = CircleMember.Relationship
    CircleMemberFactory(person=leah, user=green, relationship=R.SCHOOL, role_description="SENCO")
    CircleMemberFactory(person=leah, user=UserFactory(name="Leah", email="leah@family.example"), relationship=R.SELF)
    CircleMemberFactory(
        person=leah,
        user=UserFactory(name="Mrs Example", email="leah.mum@family.example"),
        relationship=R.PARENT_CARER,
        role_description="Mum",
    )
    return leah


def test_leah_confirms_her_mum_keeps_only_the_plan_and_records_and_her_mum_is_refused_the_profile(
    leahs_circle, phone_page
):
    p = phone_page
    page = p.page
    leah = leahs_circle

    p.sign_in("leah@family.example", PASSWORD)
    p.goto(f"/people/{leah.pk}/")
    assert page.get_by_text("You now decide who sees your plan.").is_visible()
    p.click_and_check(page.get_by_role("button", name="Choose who keeps access"))
    assert page.get_by_role("heading", name="Who keeps access to your plan").is_visible()

    mum_choice = page.get_by_role("group", name="What may Mrs Example (Mum) see?")
    mum_choice.get_by_label("Only some parts").check()
    parts = page.get_by_role("group", name="If only some parts: which parts may Mrs Example see?")
    parts.get_by_label("One-page profile").uncheck()
    parts.get_by_label("Reviews and everyone's views").uncheck()
    p.click_and_check(page.get_by_role("button", name="Confirm my choices"))

    assert page.get_by_role("heading", name="Consent and sharing").is_visible()
    assert page.get_by_text("Your choices are saved").is_visible()
    choice = AccessChoice.objects.get(person=leah)
    assert (choice.choice, choice.sections, choice.decided_as) == ("limit", ["plan", "records"], "young_person")
    p.goto(f"/people/{leah.pk}/")
    assert not page.get_by_text("You now decide who sees your plan.").is_visible()
    p.sign_out()

    p.sign_in("leah.mum@family.example", PASSWORD)
    p.goto(f"/people/{leah.pk}/")
    assert page.get_by_role("heading", name="Current action plan").is_visible()
    assert page.get_by_role("heading", name="One-page profile").count() == 0
    profile = f"/people/{leah.pk}/profile/"
    assert page.goto(p.base_url + profile).status == 404
    # That 404 is the point of the test, not a problem with the page; the browser logs it as one.
    p.problems = [problem for problem in p.problems if f"{profile}: Failed to load resource" not in problem]
