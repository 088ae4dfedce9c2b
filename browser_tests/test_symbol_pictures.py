"""The pictures to choose from are fetched only when someone opens their group, so a page with the
picker loads as quickly on a phone as one without it."""

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
from people.models import CircleMember
from profiles import symbols

pytestmark = pytest.mark.browser


@pytest.fixture
def sam(transactional_db, pathway_groups):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    green = UserFactory(name="Ms Green", email="green@school.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    sam = PersonFactory(
        preferred_name="Sam",
        date_of_birth=born_in_year_group(9),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    R = CircleMember.Relationship
    CircleMemberFactory(person=sam, user=green, relationship=R.SCHOOL)
    CircleMemberFactory(person=sam, user=UserFactory(name="Sam", email="sam@family.example"), relationship=R.SELF)
    return sam


def test_a_groups_pictures_are_fetched_only_when_it_is_opened(sam, phone_page):
    fetched = []
    phone_page.page.on("request", lambda request: fetched.append(request.url) if "/static/symbols/" in request.url else None)
    phone_page.sign_in("green@school.example", PASSWORD)
    phone_page.goto(f"/people/{sam.pk}/profile/suggest/")
    phone_page.page.wait_for_load_state("networkidle")
    assert fetched == []

    group, options = symbols.choices()[0]
    phone_page.page.get_by_text(str(group), exact=True).click()
    phone_page.page.get_by_role("radio", name=str(options[0][1]), exact=True).wait_for()
    phone_page.page.wait_for_load_state("networkidle")
    assert 0 < len(fetched) <= len(options)
    phone_page.check()
