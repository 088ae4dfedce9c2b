"""Mr Black signs in for the first time: he must set up an authenticator app, saves his recovery
codes, and from then on signs in with a code; on his phone too."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Organisation
from ourplan.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from ourplan.tests.two_step import code_for

pytestmark = pytest.mark.browser


@pytest.fixture
def mr_black(transactional_db):
    school = OrganisationFactory(name="Hillside School", kind=Organisation.Kind.SCHOOL)
    black = UserFactory(name="Mr Black", email="black@school.example")
    MembershipFactory(user=black, organisation=school, role=Membership.Role.COORDINATOR)
    return black


def test_a_professional_sets_up_two_step_sign_in_then_signs_in_with_a_code(phone_page, mr_black):
    checked, page = phone_page, phone_page.page
    checked.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("black@school.example")
    page.get_by_label("Password").fill(PASSWORD)
    checked.click_and_check(page.get_by_role("button", name="Sign in"))

    assert page.get_by_role("heading", name="Set up two-step sign-in").is_visible()
    assert page.get_by_role("img", name="QR code to add OurPlan to your authenticator app").is_visible()
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".ourplan-key").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", key)
    app = TOTPDevice.objects.get(user=mr_black, confirmed=False)
    page.get_by_label("Code from the app").fill("12")
    checked.click_and_check(page.get_by_role("button", name="Turn on two-step sign-in"))
    assert page.get_by_role("link", name="Enter the 6 numbers your authenticator app shows, like 123456").is_visible()

    page.get_by_label("Code from the app").fill(code_for(app))
    checked.click_and_check(page.get_by_role("button", name="Turn on two-step sign-in"))
    assert page.get_by_role("heading", name="Two-step sign-in is on").is_visible()
    assert page.locator(".ourplan-recovery-codes li").count() == 10
    checked.click_and_check(page.get_by_role("link", name="I have saved my codes: continue"))
    assert page.url.endswith("/")  # where he was going when he signed in
    checked.goto("/accounts/account/")
    assert page.get_by_text("Recovery codes left").is_visible()
    assert page.get_by_text("Signed in: passed the second step").count() == 0  # set up, not a second step

    checked.sign_out()
    checked.sign_in("black@school.example", PASSWORD)  # types the app's code at the second step
    assert page.url.endswith("/")
    checked.goto("/accounts/account/")
    assert page.get_by_text("Signed in: passed the second step with their authenticator app").is_visible()
