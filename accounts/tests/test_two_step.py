"""Two-step sign-in: required for professionals, offered to families, never bypassed."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle, two_step
from accounts.models import RECOVERY_CODE_HASHER, RecoveryCode, RecoveryCodes, SignInAttempt, hash_recovery_code
from audit.models import AuditEvent
from ourplan.tests.two_step import app_for, code_for

SIGN_IN = reverse("accounts:sign_in")
SECOND_STEP = reverse("accounts:second_step")
SET_UP = reverse("accounts:set_up_two_step")
CONFIRM_PASSWORD = reverse("accounts:confirm_password")
HOME = reverse("home")


def sign_in(client, email, password, address="192.0.2.1"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def type_code(client, code, next_url=""):
    return client.post(SECOND_STEP, {"code": code, "next": next_url})


def set_up_app(client, password=None):
    """Go through setting up an app; returns the app and the recovery codes shown. A family member
    is first asked to type their ``password`` again."""
    response = client.get(SET_UP)
    if password is not None:
        assert response.status_code == 302 and response["Location"].startswith(CONFIRM_PASSWORD)
        response = client.post(CONFIRM_PASSWORD, {"password": password, "next": SET_UP})
        assert response.status_code == 302 and response["Location"] == SET_UP
        client.get(SET_UP)
    device = TOTPDevice.objects.get(user__email=client.email, confirmed=False)
    response = client.post(SET_UP, {"code": code_for(device)})
    assert response.status_code == 200, response.content.decode()
    return device, re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())


@pytest.fixture
def client_for(db):
    def make(email):
        client = Client()
        client.email = email
        return client

    return make


# Professionals must use it


def test_a_professional_who_has_only_typed_a_password_reaches_no_page_but_setting_up_two_step(
    area, client_for, password
):
    green = client_for("green@school.example")
    response = sign_in(green, "green@school.example", password)
    assert response.status_code == 302
    for path in [HOME, reverse("people:detail", args=[area.sam.pk]), reverse("accounts:account")]:
        response = green.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SET_UP), path
    assert green.post(reverse("people:detail", args=[area.sam.pk])).status_code == 302


def test_setting_up_an_app_shows_a_qr_code_and_a_key_to_type_and_then_ten_recovery_codes(area, client_for, password):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    page = green.get(SET_UP).content.decode()
    assert "<svg" in page and "I cannot scan the QR code" in page
    device, codes = set_up_app(green)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert green.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(user=area.green, action="account", what="turned on two-step sign-in").exists()


def test_a_wrong_first_code_from_a_new_app_says_what_to_check_and_turns_nothing_on(area, client_for, password):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    green.get(SET_UP)
    new_app = TOTPDevice.objects.get(user=area.green)
    response = green.post(SET_UP, {"code": "000000" if code_for(new_app) != "000000" else "111111"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    new_app.refresh_from_db()
    assert not new_app.confirmed
    assert green.get(HOME).status_code == 302


def test_a_professional_with_an_app_types_its_code_after_the_password_and_goes_where_they_were_going(
    area, client_for, password
):
    app = app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    sam_page = reverse("people:detail", args=[area.sam.pk])
    response = green.get(sam_page)
    assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP)
    page = green.get(response["Location"]).content.decode()
    assert "Enter your code" in page and "My actions" not in page  # nowhere to go yet
    response = type_code(green, code_for(app), next_url=sam_page)
    assert response.status_code == 302 and response["Location"] == sam_page
    assert green.get(sam_page).status_code == 200
    kinds = list(AuditEvent.objects.filter(user=area.green, person=None).values_list("action", "what"))
    assert ("signed_in", "passed the second step with their authenticator app") in kinds


def test_each_code_from_the_app_works_only_once(area, client_for, password):
    app = app_for(area.green)
    code = code_for(app)
    first, second = client_for("green@school.example"), client_for("green@school.example")
    for client in (first, second):
        sign_in(client, "green@school.example", password)
    assert type_code(first, code).status_code == 302
    response = type_code(second, code)
    assert response.status_code == 400 and "each code works once" in response.content.decode()
    assert second.get(HOME).status_code == 302


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(area, client_for, password):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    _, codes = set_up_app(green)
    for client_number in range(2):
        client = client_for("green@school.example")
        sign_in(client, "green@school.example", password)
        response = type_code(client, codes[0].upper())
        if client_number == 0:
            assert response.status_code == 302
            assert "You have 9 left" in client.get(HOME).content.decode()
        else:
            assert response.status_code == 400
    assert two_step.recovery_codes_left(area.green) == 9
    assert RecoveryCode.objects.filter(device__user=area.green, used_at__isnull=False).count() == 1


def test_wrong_codes_slow_down_further_tries(area, client_for, password):
    app = app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    wrong = "123456" if code_for(app) != "123456" else "654321"
    type_code(green, wrong)
    response = type_code(green, code_for(app))
    assert response.status_code == 400 and "Too many wrong codes. Wait" in response.content.decode()
    assert AuditEvent.objects.filter(user=area.green, action="failed", what="typed a wrong code").exists()


def test_setting_up_a_new_app_needs_the_second_step_not_just_the_password(area, client_for, password):
    app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    response = green.get(SET_UP)
    assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP)
    assert not TOTPDevice.objects.filter(user=area.green, confirmed=False).exists()


def test_a_forgotten_password_reset_still_leads_to_the_second_step(area, client_for):
    app = app_for(area.green)
    green = client_for("green@school.example")
    green.post(reverse("accounts:forgotten_password"), {"email": "green@school.example"})
    link = re.search(r"http://\S+(/accounts/new-password/\S+/)", mail.outbox[-1].body).group(1)
    form_page = green.get(link, follow=True)
    new = {"new_password1": "a brand new long password", "new_password2": "a brand new long password"}
    green.post(form_page.redirect_chain[-1][0], new)
    assert green.get(HOME).status_code == 302  # resetting signs nobody in
    sign_in(green, "green@school.example", "a brand new long password")
    response = green.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP)
    assert TOTPDevice.objects.filter(pk=app.pk, confirmed=True).exists()


def test_a_part_of_a_page_asking_before_the_second_step_sends_the_whole_page_there(area, client_for, password):
    app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    response = green.get(HOME, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == SECOND_STEP


def test_a_professional_cannot_turn_two_step_sign_in_off(area, signed_in):
    client = signed_in(area.green)
    two_step_session_confirmed(client)
    assert client.post(reverse("accounts:turn_off_two_step")).status_code == 403
    assert two_step.has_two_step(area.green)


# Families may choose it


def test_a_family_member_signs_in_with_a_password_alone_until_they_turn_two_step_on(area, client_for, password):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    assert aisha.get(HOME).status_code == 200
    assert "Turn on two-step sign-in" in aisha.get(reverse("accounts:account")).content.decode()
    app, _ = set_up_app(aisha, password)  # her password again first: signing in a while ago is not enough
    later = client_for("aisha@family.example")
    sign_in(later, "aisha@family.example", password)
    assert later.get(HOME)["Location"].startswith(SECOND_STEP)
    assert type_code(later, code_for(app)).status_code == 302


def test_a_family_member_turning_two_step_on_types_their_password_again_before_any_app_is_made(
    area, client_for, password
):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    for response in (aisha.get(SET_UP), aisha.post(SET_UP, {"code": "123456"})):
        assert response.status_code == 302 and response["Location"].startswith(CONFIRM_PASSWORD)
    assert not TOTPDevice.objects.filter(user=area.aisha).exists()
    two_step_session_confirmed(aisha, minutes_ago=11)  # typed too long ago
    assert aisha.get(SET_UP)["Location"].startswith(CONFIRM_PASSWORD)
    two_step_session_confirmed(aisha)
    assert aisha.get(SET_UP).status_code == 200


def test_a_professional_held_at_set_up_just_after_typing_the_password_is_not_asked_for_it_again(
    area, client_for, password
):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    response = green.get(HOME)
    assert response["Location"].startswith(SET_UP)
    assert green.get(response["Location"]).status_code == 200


def test_a_professional_left_at_set_up_more_than_10_minutes_after_signing_in_types_the_password_again(
    area, client_for, password
):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    session = green.session
    session[two_step.SIGNED_IN_AT] = (timezone.now() - datetime.timedelta(minutes=11)).timestamp()
    session.save()

    for response in (green.get(SET_UP), green.post(SET_UP, {"code": "123456"})):
        assert response.status_code == 302 and response["Location"].startswith(CONFIRM_PASSWORD)
    assert not TOTPDevice.objects.filter(user=area.green).exists()
    response = green.post(CONFIRM_PASSWORD, {"password": password, "next": SET_UP})
    assert response.status_code == 302 and response["Location"] == SET_UP
    assert green.get(SET_UP).status_code == 200


def test_replacing_an_app_redirects_to_confirm_the_password(area, signed_in):
    green = signed_in(area.green)  # with an app, past the second step
    for response in (green.get(SET_UP + "?again=1"), green.post(SET_UP, {"code": "123456"})):
        assert response.status_code == 302 and response["Location"].startswith(CONFIRM_PASSWORD)
    assert not TOTPDevice.objects.filter(user=area.green, confirmed=False).exists()
    two_step_session_confirmed(green)
    assert "Set up a new phone" in green.get(SET_UP + "?again=1").content.decode()


def test_turning_two_step_on_signs_you_out_everywhere_else(area, client_for, password):
    phone, laptop = client_for("aisha@family.example"), client_for("aisha@family.example")
    sign_in(phone, "aisha@family.example", password)
    sign_in(laptop, "aisha@family.example", password)
    set_up_app(laptop, password)
    assert laptop.get(HOME).status_code == 200
    assert phone.get(HOME).status_code == 302


def test_a_family_member_can_turn_two_step_off_after_typing_the_password_again(area, client_for, password, settings):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    set_up_app(aisha, password)
    two_step_session_confirmed(aisha, minutes_ago=11)
    turn_off = reverse("accounts:turn_off_two_step")
    response = aisha.post(turn_off)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm_password"))
    assert two_step.has_two_step(area.aisha)
    wrong = aisha.post(reverse("accounts:confirm_password"), {"password": "not my password", "next": turn_off})
    assert wrong.status_code == 400 and "That is not your password" in wrong.content.decode()
    aisha.post(reverse("accounts:confirm_password"), {"password": password, "next": turn_off})
    assert aisha.post(turn_off).status_code == 302
    assert not two_step.has_two_step(area.aisha)
    assert not RecoveryCodes.objects.filter(user=area.aisha).exists()
    assert AuditEvent.objects.filter(user=area.aisha, what="turned off two-step sign-in").exists()


def test_new_recovery_codes_replace_the_old_ones(area, client_for, password):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    _, old_codes = set_up_app(aisha, password)
    two_step_session_confirmed(aisha, minutes_ago=11)
    response = aisha.post(reverse("accounts:new_recovery_codes"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm_password"))
    two_step_session_confirmed(aisha)
    response = aisha.post(reverse("accounts:new_recovery_codes"))
    new_codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert two_step.recovery_codes_left(area.aisha) == 10
    codes = RecoveryCodes.objects.get(user=area.aisha)
    assert codes.verify_token(new_codes[0]) and not codes.verify_token(old_codes[0])


def test_recovery_codes_are_kept_only_as_salted_hashes(area):
    codes = two_step.replace_recovery_codes(area.aisha)
    kept = list(RecoveryCode.objects.filter(device__user=area.aisha).values_list("code_hash", flat=True))
    assert len(kept) == 10 and len({h.split("$")[2] for h in kept}) == 10  # a salt of its own each
    assert all(h.startswith("pbkdf2_sha256$100000$") for h in kept)
    assert not any(code in h for code in codes for h in kept)
    assert hash_recovery_code(codes[0]) != hash_recovery_code(codes[0])


def test_checking_a_recovery_code_checks_every_unused_one_so_the_time_taken_says_nothing(area):
    from unittest import mock

    codes = two_step.replace_recovery_codes(area.aisha)
    device = RecoveryCodes.objects.get(user=area.aisha)
    with mock.patch.object(RECOVERY_CODE_HASHER, "verify", wraps=RECOVERY_CODE_HASHER.verify) as verify:
        assert device.verify_token(codes[0])
    assert verify.call_count == 10
    with mock.patch.object(RECOVERY_CODE_HASHER, "verify", wraps=RECOVERY_CODE_HASHER.verify) as verify:
        device.throttle_reset()
        assert not device.verify_token(codes[0])  # used up
    assert verify.call_count == 9


def test_recovery_codes_made_before_they_were_hashed_still_work_once_and_are_no_longer_kept_as_they_were(area):
    from importlib import import_module

    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    old = StaticDevice.objects.create(user=area.green, name="Recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=old, token=t) for t in ("abcd2345", "efgh6723")])
    import_module("accounts.migrations.0004_hash_existing_recovery_codes").hash_static_tokens(apps, None)

    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    assert two_step.recovery_codes_left(area.green) == 2
    device = RecoveryCodes.objects.get(user=area.green)
    assert device.verify_token("abcd2345")
    assert not device.verify_token("abcd2345")
    assert two_step.recovery_codes_left(area.green) == 1


def test_old_recovery_codes_of_several_people_are_hashed_a_few_at_a_time_each_keeping_their_own(area, monkeypatch):
    from importlib import import_module

    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    migration = import_module("accounts.migrations.0004_hash_existing_recovery_codes")
    monkeypatch.setattr(migration, "BATCH", 1)
    for user, token in [(area.green, "green111"), (area.aisha, "aisha111"), (area.green, "green222")]:
        StaticToken.objects.create(device=StaticDevice.objects.create(user=user, confirmed=True), token=token)
    StaticDevice.objects.create(user=area.jo, confirmed=False)

    migration.hash_static_tokens(apps, None)

    assert not StaticDevice.objects.exists() and RecoveryCodes.objects.count() == 2
    assert (two_step.recovery_codes_left(area.green), two_step.recovery_codes_left(area.aisha)) == (2, 1)
    assert RecoveryCodes.objects.get(user=area.green).verify_token("green222")
    assert not RecoveryCodes.objects.get(user=area.aisha).verify_token("green111")


# Typing the password again before changing how you sign in


def two_step_session_confirmed(client, minutes_ago=0):
    session = client.session
    session[two_step.CONFIRMED_AT] = (timezone.now() - datetime.timedelta(minutes=minutes_ago)).timestamp()
    session.save()


def test_changing_your_email_needs_your_password_typed_again_even_just_after_signing_in(area, client_for, password):
    client = client_for("aisha@family.example")
    sign_in(client, "aisha@family.example", password)
    change = reverse("accounts:change_email")
    response = client.get(change)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm_password"))
    client.post(reverse("accounts:confirm_password"), {"password": password, "next": change})
    assert client.get(change).status_code == 200


def test_a_new_email_address_is_used_only_once_the_link_sent_to_it_is_opened(area, signed_in):
    client = signed_in(area.aisha)
    other = Client()
    other.force_login(area.aisha)
    two_step_session_confirmed(client)
    response = client.post(reverse("accounts:change_email"), {"email": "Aisha.New@Family.example"})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    area.aisha.refresh_from_db()
    assert area.aisha.email == "aisha@family.example"  # nothing changes yet
    to_new = next(m for m in mail.outbox if m.to == ["aisha.new@family.example"])
    assert any(m.to == ["aisha@family.example"] and "asked to change" in m.subject for m in mail.outbox)
    link = re.search(r"http://\S+(/accounts/account/email/confirm/\S+/)", to_new.body).group(1)

    page = client.get(link)
    assert page.status_code == 200 and "aisha.new@family.example" in page.content.decode()
    area.aisha.refresh_from_db()
    assert area.aisha.email == "aisha@family.example"  # opening the link (an email preview) changes nothing
    assert client.post(link).status_code == 302
    area.aisha.refresh_from_db()
    assert area.aisha.email == "aisha.new@family.example"
    assert client.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(user=area.aisha, what="changed their email address").exists()
    assert client.post(link).status_code == 404  # used once


def test_an_email_change_link_works_only_for_the_account_that_asked(area, signed_in):
    from accounts.operations import request_email_change

    request_email_change(area.aisha, "aisha.new@family.example")
    link = re.search(r"http://\S+(/accounts/account/email/confirm/\S+/)", mail.outbox[0].body).group(1)
    response = signed_in(area.sam_user).post(link)
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    area.aisha.refresh_from_db()
    assert area.aisha.email == "aisha@family.example"


def test_an_email_address_another_account_uses_is_refused_with_what_to_do(area, signed_in):
    client = signed_in(area.aisha)
    two_step_session_confirmed(client)
    response = client.post(reverse("accounts:change_email"), {"email": "green@school.example"})
    assert response.status_code == 400 and "Another account uses that email address" in response.content.decode()


# The audit trail of signing in


def test_signing_in_and_failing_to_are_in_the_audit_trail_without_the_password(area, client_for, password):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", "not-the-password")
    sign_in(aisha, "nobody@family.example", "not-the-password")
    sign_in(aisha, "aisha@family.example", password)
    events = AuditEvent.objects.filter(person=None).order_by("id")
    assert [(e.user_label, e.action) for e in events] == [
        ("aisha@family.example", "failed"),
        ("no account with the email address typed", "failed"),
        ("aisha@family.example", "signed_in"),
    ]
    assert all("not-the-password" not in e.what for e in events)
    assert "Recent sign-ins" in aisha.get(reverse("accounts:account")).content.decode()


# Password guessing all at once


def test_guesses_still_being_checked_count_so_at_most_five_reach_the_password_check(area):
    """Each guess is counted before its password is checked (``claim``, not yet released), so
    guesses sent at once, all still waiting for their password check, count against each other."""
    in_flight = [throttle.claim("aisha@family.example", "203.0.113.9") for _ in range(8)]
    allowed = [attempt for attempt, until in in_flight if attempt is not None]
    assert len(allowed) == 5
    assert SignInAttempt.objects.filter(outcome="refused").count() == 3


def test_the_pages_of_your_account_send_someone_not_signed_in_to_sign_in(db, client):
    for name in ["second_step", "set_up_two_step", "turn_off_two_step", "confirm_password", "change_email"]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), name
    assert client.post(reverse("accounts:new_recovery_codes")).status_code == 302


def test_an_administrator_can_reset_two_step_for_someone_who_lost_their_phone_and_codes(area, client_for, password):
    from django.core.management import call_command

    app_for(area.green)
    two_step.replace_recovery_codes(area.green)
    green = client_for("green@school.example")
    green.force_login(area.green)
    call_command("reset_two_step", "Green@school.example", reason="lost phone; identity checked by video call")
    assert not TOTPDevice.objects.filter(user=area.green).exists()
    assert not RecoveryCodes.objects.filter(user=area.green).exists()
    assert green.get(HOME).status_code == 302  # signed out everywhere
    sign_in(green, "green@school.example", password)
    assert green.get(HOME)["Location"].startswith(SET_UP)
    assert AuditEvent.objects.filter(user=area.green, what__contains="identity checked by video call").exists()


def test_a_next_address_that_is_not_a_path_on_this_site_is_ignored(area, client_for, password):
    app = app_for(area.green)
    for next_url in ["0", "https://evil.example/", "//evil.example/"]:
        green = client_for("green@school.example")
        sign_in(green, "green@school.example", password)
        response = type_code(green, code_for(app), next_url=next_url)
        assert response.status_code == 302 and response["Location"] == HOME, next_url


def test_digits_from_other_scripts_are_not_taken_for_a_code(area, client_for, password):
    app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    response = type_code(green, "¹²³⁴⁵⁶")
    assert response.status_code == 400 and "Enter the 6 numbers" in response.content.decode()


def test_making_new_recovery_codes_signs_out_a_session_that_used_an_old_one(area, client_for, password):
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    _, codes = set_up_app(green)
    attacker = client_for("green@school.example")
    sign_in(attacker, "green@school.example", password)
    assert type_code(attacker, codes[0]).status_code == 302
    two_step_session_confirmed(green)
    green.post(reverse("accounts:new_recovery_codes"))
    assert attacker.get(reverse("people:detail", args=[area.sam.pk])).status_code == 302
    assert green.get(HOME).status_code == 200


def test_a_session_whose_app_is_removed_must_pass_the_second_step_again(area, client_for, password):
    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    app, _ = set_up_app(aisha, password)
    assert aisha.get(HOME).status_code == 200
    TOTPDevice.objects.filter(pk=app.pk).update(confirmed=False)  # as if removed behind its back
    TOTPDevice.objects.create(user=area.aisha, name="Authenticator app", confirmed=True)
    response = aisha.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP)


def test_a_family_member_given_a_job_in_an_organisation_is_signed_out_to_set_up_two_step(area, client_for, password):
    from accounts.operations import add_member

    aisha = client_for("aisha@family.example")
    sign_in(aisha, "aisha@family.example", password)
    assert aisha.get(HOME).status_code == 200
    add_member(email="aisha@family.example", name="Aisha", organisation=area.school, role="practitioner")
    assert aisha.get(HOME).status_code == 302
    sign_in(aisha, "aisha@family.example", password)
    assert aisha.get(HOME)["Location"].startswith(SET_UP)


def test_passing_the_second_step_gives_the_session_a_new_id(area, client_for, password):
    app = app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    before = green.cookies["sessionid"].value
    type_code(green, code_for(app))
    assert green.cookies["sessionid"].value != before


def test_with_only_a_password_a_professional_is_sent_to_the_second_step_from_every_page(area, client_for, password):
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.converters import IntConverter

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = f"{entry.namespace}:" if entry.namespace else ""
                yield from ((namespace + name, route) for name, route in walk(entry.url_patterns))
            elif isinstance(entry, URLPattern) and entry.name:
                yield entry.name, entry

    app_for(area.green)
    green = client_for("green@school.example")
    sign_in(green, "green@school.example", password)
    allowed = two_step.SECOND_STEP_PAGES
    checked = 0
    for name, pattern in walk(get_resolver().url_patterns):
        if name in allowed:
            continue
        kwargs = {
            key: ("1" if isinstance(conv, IntConverter) else "x") for key, conv in pattern.pattern.converters.items()
        }
        path = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(green, method)(path)
            assert response.status_code == 302, (name, method, response.status_code)
            assert response["Location"].startswith(SECOND_STEP), (name, method)
        checked += 1
    assert checked > 90
