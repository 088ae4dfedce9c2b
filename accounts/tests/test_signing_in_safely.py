"""Signing in safely: Argon2, password rules, slowing down guessing, and how long sessions last."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from accounts.models import SignInAttempt
from ourplan.tests.test_project import manage, production_env

SIGN_IN = reverse("accounts:sign_in")


@pytest.fixture
def clock(monkeypatch):
    """Time that stands still until a test moves it on: ``clock.advance(minutes=15)``."""

    class Clock:
        now = timezone.now()

        def advance(self, **kwargs):
            self.now += datetime.timedelta(**kwargs)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def sign_in(client, email, password, address="192.0.2.1"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


# Passwords


def test_production_settings_hash_passwords_with_argon2_and_still_accept_older_hashes():
    env = production_env(SECRET_KEY="k3y-" + "abcdefghij" * 6, ALLOWED_HOSTS="ourplan.example")
    result = manage("shell", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS)", env=env)
    hashers = result.stdout.strip().splitlines()[-1]
    assert hashers.startswith("['django.contrib.auth.hashers.Argon2PasswordHasher'")
    assert "PBKDF2PasswordHasher" in hashers


def test_an_older_pbkdf2_password_still_signs_in_and_is_rehashed_with_argon2(area, client, password, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    area.aisha.password = make_password(password, hasher="pbkdf2_sha256")
    area.aisha.save(update_fields=["password"])
    assert sign_in(client, "aisha@family.example", password).status_code == 302
    area.aisha.refresh_from_db()
    assert area.aisha.password.startswith("argon2")


def test_a_password_under_12_characters_is_refused_with_what_to_do(area, signed_in, password):
    response = signed_in(area.aisha).post(
        reverse("accounts:change_password"),
        {"old_password": password, "new_password1": "swim-sunday", "new_password2": "swim-sunday"},
    )
    assert response.status_code == 400
    assert "Choose a different password: This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )


# Slowing down password guessing


def test_the_sixth_try_within_15_minutes_for_one_email_is_refused_even_with_the_right_password(area, clock, password):
    client = Client()
    for _ in range(5):
        assert "not right" in sign_in(client, "aisha@family.example", "wrong-guess").content.decode()
        clock.advance(minutes=1)
    refused = sign_in(client, "Aisha@family.example", password, address="198.51.100.7")
    content = refused.content.decode()
    assert "You have tried too many times with a wrong password" in content
    until = timezone.localtime(clock.now - datetime.timedelta(minutes=5) + throttle.WINDOW)
    assert f"wait until {until:%H:%M} (10 minutes) and try again" in content
    assert "_auth_user_id" not in client.session
    clock.advance(minutes=9)
    assert "You have tried too many times" in sign_in(client, "aisha@family.example", password).content.decode()
    clock.advance(minutes=1)
    assert sign_in(client, "aisha@family.example", password).status_code == 302


def test_the_sixth_failure_from_one_address_is_refused_whatever_email_is_tried(area, clock, password):
    client = Client()
    for email in ["a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example"]:
        sign_in(client, email, "wrong-guess", address="203.0.113.9")
    refused = sign_in(client, "aisha@family.example", password, address="203.0.113.9")
    assert "You have tried too many times" in refused.content.decode()
    assert sign_in(Client(), "aisha@family.example", password, address="192.0.2.50").status_code == 302


def test_signing_in_does_not_forget_failures_from_another_address(area, clock, password):
    attacker, aisha = Client(), Client()
    for _ in range(3):
        sign_in(attacker, "aisha@family.example", "guess", address="203.0.113.9")
    sign_in(aisha, "aisha@family.example", "typo", address="192.0.2.1")
    assert sign_in(aisha, "aisha@family.example", password, address="192.0.2.1").status_code == 302
    for _ in range(2):
        assert "not right" in sign_in(attacker, "aisha@family.example", "guess", address="203.0.113.9").content.decode()
    refused = sign_in(attacker, "aisha@family.example", "guess", address="203.0.113.9")
    assert "You have tried too many times" in refused.content.decode()


def test_refusals_are_recorded_without_the_email_address_or_password_typed(area, clock):
    client = Client()
    for _ in range(6):
        sign_in(client, "aisha@family.example", "secret-guess-123")
    rows = list(SignInAttempt.objects.values_list("email_hash", "ip_address", "outcome"))
    assert [outcome for *_, outcome in rows].count("refused") == 1
    assert all(ip == "192.0.2.1" for _, ip, _ in rows)
    stored = repr(rows)
    assert "aisha" not in stored and "secret-guess" not in stored
    assert {email_hash for email_hash, *_ in rows} == {throttle.email_hash("aisha@family.example")}


def test_failures_are_pruned_once_they_stop_counting_and_refusals_after_30_days(db, clock):
    throttle.note_refusal("aisha@family.example", "192.0.2.1")
    throttle.note_failure("aisha@family.example", "192.0.2.1")
    clock.advance(minutes=15)
    throttle.note_failure("sam@family.example", "192.0.2.1")
    assert SignInAttempt.objects.count() == 2
    clock.advance(days=30)
    throttle.prune()
    assert SignInAttempt.objects.count() == 0


# Sessions


def test_signing_in_gives_the_session_a_new_id(area, client, password):
    before = client.session
    before["visited"] = True
    before.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    sign_in(client, "aisha@family.example", password)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before.session_key
    assert not SessionStore().exists(before.session_key)


def test_a_professional_is_signed_out_after_30_minutes_without_activity(area, signed_in, clock):
    client = signed_in(area.patel)
    clock.advance(minutes=29)
    assert client.get(reverse("home")).status_code == 200
    clock.advance(minutes=29)
    assert client.get(reverse("home")).status_code == 200  # the last visit counted
    clock.advance(minutes=30)
    response = client.get(reverse("plans:my_actions"), follow=True)
    assert response.redirect_chain[0][0] == f"{SIGN_IN}?ended=idle&next=%2Fmy-actions%2F"
    assert "You were signed out after 30 minutes without activity" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_family_member_may_stay_signed_in_while_idle_for_hours(area, signed_in, clock):
    client = signed_in(area.aisha)
    clock.advance(hours=3)
    assert client.get(reverse("home")).status_code == 200


def test_everyone_is_signed_out_12_hours_after_signing_in_however_active(area, signed_in, clock):
    client = signed_in(area.aisha)
    for _ in range(12):
        clock.advance(minutes=59)
        assert client.get(reverse("home")).status_code == 200
    clock.advance(minutes=12)
    response = client.get(reverse("home"), follow=True)
    assert "You were signed out because you had been signed in for 12 hours" in response.content.decode()


def test_a_meeting_board_asking_for_updates_does_not_keep_a_professional_signed_in(area, signed_in, clock):
    from ourplan.tests.factories import ReviewFactory

    review = ReviewFactory(person=area.sam)
    client = signed_in(area.green)
    updates = reverse("reviews:board_updates", kwargs={"pk": review.pk})
    for _ in range(2):
        clock.advance(minutes=10)
        assert "HX-Redirect" not in client.get(updates, {"seen": 0}, headers={"HX-Request": "true"})
    clock.advance(minutes=10)
    response = client.get(updates, {"seen": 0}, headers={"HX-Request": "true", "HX-Current-URL": "/board/"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{SIGN_IN}?ended=idle&next=%2Fboard%2F"


def test_an_area_review_screen_asking_for_updates_does_not_keep_its_facilitator_signed_in(area, signed_in, clock):
    from toolkit import operations

    review = operations.set_up_review(
        area.council,
        by=area.priya,
        title="Riverside review of planning",
        facilitator=area.priya,
        day_one=datetime.date(2026, 12, 1),
        day_two=datetime.date(2026, 12, 8),
    )
    client = signed_in(area.priya)
    overview = reverse("toolkit:overview", kwargs={"pk": review.pk})
    for _ in range(2):
        clock.advance(minutes=10)
        assert client.get(overview, {"live": "1", "seen": review.version}).status_code == 204
    clock.advance(minutes=10)
    assert client.get(overview, {"live": "1", "seen": review.version}).status_code == 302


def test_sign_out_everywhere_ends_every_session_of_that_user_only(area, signed_in):
    laptop, phone, someone_else = Client(), Client(), Client()
    laptop.force_login(area.green)
    phone.force_login(area.green)
    someone_else.force_login(area.aisha)
    response = phone.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert "You are signed out everywhere" in response.content.decode()
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    assert someone_else.get(reverse("home")).status_code == 200


def test_sign_out_everywhere_needs_a_post(area, signed_in):
    assert signed_in(area.green).get(reverse("accounts:sign_out_everywhere")).status_code == 405


def test_switching_an_account_off_ends_its_sessions_at_once(area, signed_in):
    client = signed_in(area.patel)
    area.patel.is_active = False
    area.patel.save(update_fields=["is_active"])
    assert client.get(reverse("home")).status_code == 302


# Your account


def test_your_account_shows_who_you_are_signed_in_as(area, signed_in):
    content = signed_in(area.green).get(reverse("accounts:account")).content.decode()
    assert "Ms Green" in content and "green@school.example" in content and "Riverside Academy" in content
    assert "Sign out everywhere" in content


def test_your_account_pages_send_someone_not_signed_in_to_sign_in(db, client):
    for name in ("accounts:account", "accounts:change_password"):
        assert client.get(reverse(name))["Location"].startswith(SIGN_IN)


def test_changing_your_password_asks_for_the_current_one_and_keeps_you_signed_in_here_only(area, signed_in, password):
    elsewhere = Client()
    elsewhere.force_login(area.aisha)
    client = signed_in(area.aisha)
    new = {"new_password1": "swimming-on-saturdays", "new_password2": "swimming-on-saturdays"}
    wrong = client.post(reverse("accounts:change_password"), {"old_password": "not-it", **new})
    assert wrong.status_code == 400
    assert "Your current password is not right. Type it again." in wrong.content.decode()
    saved = client.post(reverse("accounts:change_password"), {"old_password": password, **new}, follow=True)
    assert "Your new password is saved" in saved.content.decode()
    assert client.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302
    area.aisha.refresh_from_db()
    assert area.aisha.check_password("swimming-on-saturdays")


def test_guessing_the_current_password_counts_towards_the_sign_in_limit(area, signed_in, password, clock):
    client = signed_in(area.aisha)
    for _ in range(5):
        client.post(reverse("accounts:change_password"), {"old_password": "guess", "new_password1": "x"})
    refused = client.post(
        reverse("accounts:change_password"),
        {"old_password": password, "new_password1": "swimming-on-saturdays", "new_password2": "swimming-on-saturdays"},
    )
    assert "You have tried too many times" in refused.content.decode()
    area.aisha.refresh_from_db()
    assert area.aisha.check_password(password)


def test_an_account_switched_off_and_on_again_does_not_get_its_old_sessions_back(area, client):
    client.force_login(area.aisha)
    assert client.get(reverse("home")).status_code == 200
    area.aisha.is_active = False
    area.aisha.save()
    area.aisha.is_active = True
    area.aisha.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]
