"""Someone is told by email whenever how they sign in changes, so a change they did not make
cannot go unnoticed: what changed, when, and what to do if it was not them. Never a password or code."""

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import dateformat, timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_step
from accounts.operations import choose_password_link
from accounts.tests.test_two_step import two_step_session_confirmed
from ourplan.tests.two_step import app_for, code_for, pass_second_step

SET_UP = reverse("accounts:set_up_two_step")
NEW_PASSWORD = "swimming-on-saturdays"


def only_email_to(address):
    sent = [m for m in mail.outbox if m.to == [address]]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    return sent[0]


def assert_says_when_and_what_to_do_if_it_was_not_you(message):
    body = message.body
    assert f"This happened on {dateformat.format(timezone.localtime(), 'j F Y')} at " in body
    assert "If this was not you" in body and "Contact your coordinator" in body
    assert f"{settings.SITE_URL}/accounts/forgotten-password/" in body
    assert f"{settings.SITE_URL}/accounts/account/" in body


def turn_on_with_an_app(client, user):
    """Set up an app through the page (password just typed again); returns the codes shown."""
    two_step_session_confirmed(client)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SET_UP, {"code": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())


def test_changing_your_password_emails_you_what_changed_when_and_what_to_do_if_it_was_not_you(
    area, signed_in, password
):
    client = signed_in(area.aisha)
    new = {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:change_password"), new).status_code == 302
    message = only_email_to("aisha@family.example")
    assert message.subject == "Your OurPlan password has been changed"
    assert "The password of your OurPlan account was changed." in message.body
    assert_says_when_and_what_to_do_if_it_was_not_you(message)
    assert NEW_PASSWORD not in message.body and password not in message.body


def test_a_wrong_current_password_changes_nothing_and_emails_nobody(area, signed_in):
    client = signed_in(area.aisha)
    wrong = {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:change_password"), wrong).status_code == 400
    assert mail.outbox == []


def test_resetting_a_forgotten_password_emails_you_that_it_was_reset(area, client):
    client.post(reverse("accounts:forgotten_password"), {"email": "aisha@family.example"})
    link = re.search(r"http://\S+(/accounts/new-password/\S+/)", mail.outbox[-1].body).group(1)
    mail.outbox.clear()
    form = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    area.aisha.refresh_from_db()
    assert area.aisha.check_password(NEW_PASSWORD)
    message = only_email_to("aisha@family.example")
    assert message.subject == "Your OurPlan password has been reset"
    assert_says_when_and_what_to_do_if_it_was_not_you(message)
    assert NEW_PASSWORD not in message.body


def test_a_new_professional_choosing_their_first_password_is_not_told_it_was_reset(area, client):
    user = area.black
    user.set_unusable_password()  # as add_member makes a new account: no password until chosen
    user.save(update_fields=["password"])
    form = client.get(urlsplit(choose_password_link(user)).path, follow=True).redirect_chain[-1][0]
    client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert mail.outbox == []


def test_turning_two_step_on_emails_you_without_the_recovery_codes(area, signed_in):
    client = signed_in(area.aisha)
    codes = turn_on_with_an_app(client, area.aisha)
    message = only_email_to("aisha@family.example")
    assert message.subject == "Two-step sign-in is now on for your OurPlan account"
    assert_says_when_and_what_to_do_if_it_was_not_you(message)
    assert len(codes) == 10 and not any(code in message.body for code in codes)


def test_setting_up_a_new_app_emails_you(area, signed_in):
    client = signed_in(area.green)  # with an app already
    turn_on_with_an_app(client, area.green)
    message = only_email_to("green@school.example")
    assert message.subject == "A new authenticator app was set up for your OurPlan account"
    assert "the old recovery codes, no longer work" in message.body
    assert_says_when_and_what_to_do_if_it_was_not_you(message)


def test_making_new_recovery_codes_emails_you_without_the_codes(area, signed_in):
    client = signed_in(area.green)
    two_step_session_confirmed(client)
    response = client.post(reverse("accounts:new_recovery_codes"))
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    message = only_email_to("green@school.example")
    assert message.subject == "New recovery codes were made for your OurPlan account"
    assert_says_when_and_what_to_do_if_it_was_not_you(message)
    assert len(codes) == 10 and not any(code in message.body for code in codes)


def test_turning_two_step_off_emails_you(area, signed_in):
    client = signed_in(area.aisha)
    pass_second_step(client, area.aisha)  # with an app of her own
    two_step_session_confirmed(client)
    assert client.post(reverse("accounts:turn_off_two_step")).status_code == 302
    message = only_email_to("aisha@family.example")
    assert message.subject == "Two-step sign-in is now off for your OurPlan account"
    assert "the password alone now signs in" in message.body
    assert_says_when_and_what_to_do_if_it_was_not_you(message)


def test_an_administrator_resetting_two_step_emails_you(area):
    app_for(area.green)
    two_step.replace_recovery_codes(area.green)
    call_command("reset_two_step", "green@school.example", reason="lost phone; identity checked by video call")
    message = only_email_to("green@school.example")
    assert message.subject == "Two-step sign-in was reset for your OurPlan account"
    assert "An administrator reset two-step sign-in" in message.body
    assert "video call" not in message.body  # the reason stays in the audit trail
    assert_says_when_and_what_to_do_if_it_was_not_you(message)


@pytest.mark.parametrize("change", ["password_changed", "two_step_on", "two_step_reset"])
def test_these_emails_go_through_the_background_worker_not_the_web_request(area, change):
    from accounts.operations import tell_about_sign_in_change

    with mock.patch("accounts.operations.send_email") as task:
        tell_about_sign_in_change(area.aisha, change)
    task.enqueue.assert_called_once()
    assert task.enqueue.call_args.args[0] == "aisha@family.example"
    assert mail.outbox == []
