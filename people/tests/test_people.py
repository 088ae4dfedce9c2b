import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from ourplan.tests.factories import (
    ActionFactory,
    PersonFactory,
    ReviewFactory,
    StatementFactory,
    date_parts,
)
from ourplan.tests.words import words
from people.models import CircleMember, Invitation, Person, year_group, year_group_label
from profiles.models import Profile
from profiles.operations import add_statement, publish_profile


@pytest.mark.parametrize(
    "born, on, expected",
    [
        (datetime.date(2012, 9, 1), datetime.date(2026, 11, 22), 9),  # first day of the cohort
        (datetime.date(2013, 8, 31), datetime.date(2026, 11, 22), 9),  # last day of the same cohort
        (datetime.date(2013, 9, 1), datetime.date(2026, 11, 22), 8),
        (datetime.date(2012, 9, 1), datetime.date(2026, 8, 31), 8),  # before the new school year starts
        (datetime.date(2021, 10, 1), datetime.date(2026, 9, 1), 0),  # Reception
        (datetime.date(2023, 1, 1), datetime.date(2026, 11, 22), -1),
    ],
)
def test_year_group_uses_englands_first_of_september_cut_off(born, on, expected):
    assert year_group(born, on) == expected


def test_year_group_labels_are_plain_words():
    assert year_group_label(0) == "Reception"
    assert year_group_label(9) == "Year 9"
    assert year_group_label(-1) == "Not at school yet"


def test_coordinator_adds_a_person_and_joins_their_circle(area, signed_in):
    client = signed_in(area.green)
    response = client.post(
        reverse("people:add"),
        {
            "preferred_name": "Ollie",
            "full_name": "Oliver Example",
            **date_parts("date_of_birth", "2015-03-04"),
            "setting": area.school.pk,
            "sen_status": "sen_support",
        },
    )
    person = Person.objects.get(preferred_name="Ollie")
    assert response["Location"] == reverse("people:circle", args=[person.pk])
    assert person.coordinator == area.green
    assert person.local_authority == area.council
    assert CircleMember.objects.filter(person=person, user=area.green).exists()
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


def test_adding_a_person_born_in_the_future_says_what_to_do_and_keeps_what_was_typed(area, signed_in):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = signed_in(area.green).post(
        reverse("people:add"),
        {
            "preferred_name": "Ollie",
            "full_name": "",
            **date_parts("date_of_birth", future),
            "sen_status": "sen_support",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Date of birth must be today or in the past" in content
    assert "Enter their full name" in content
    assert 'value="Ollie"' in content
    assert not Person.objects.filter(preferred_name="Ollie").exists()


def test_only_coordinators_can_add_people(area, signed_in):
    assert signed_in(area.aisha).get(reverse("people:add")).status_code == 403


def invite(client, person, email="dad@family.example"):
    return client.post(
        reverse("people:invite", args=[person.pk]),
        {
            "name": "Sam's dad",
            "email": email,
            "relationship": "parent_carer",
            "role_description": "Dad",
        },
    )


@pytest.fixture
def emailed_link(area, client, django_capture_on_commit_callbacks):
    """Ms Green invites someone to Sam's circle, signs out, and the link from the email is returned."""

    def send():
        client.force_login(area.green)
        with django_capture_on_commit_callbacks(execute=True):
            invite(client, area.sam)
        client.logout()
        return link_in_last_email().replace("http://127.0.0.1:8000", "")

    return send


def link_in_last_email():
    return re.search(r"http://\S+/join/(\S+)/", mail.outbox[-1].body).group(0)


def test_invitation_email_says_who_for_and_links_to_a_join_page(area, signed_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(signed_in(area.green), area.sam)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dad@family.example"]
    assert "Sam" in message.subject and "Ms Green" in message.subject
    assert "/join/" in message.body
    assert Invitation.objects.get().token_hash not in message.body  # only a hash is stored


def test_accepting_an_invitation_sets_a_password_and_joins_that_circle_only(area, client, emailed_link):
    link = emailed_link()
    response = client.post(link, {"name": "Sam's dad", "password": "swimming-on-saturdays"})
    assert response.status_code == 302
    member = CircleMember.objects.get(user__email="dad@family.example")
    assert member.person == area.sam and member.relationship == "parent_carer"
    assert client.get(reverse("people:detail", args=[area.sam.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[area.leah.pk])).status_code == 404
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "This invitation link does not work" in again.content.decode()


def test_signing_in_for_the_first_time_from_an_invitation_is_in_the_accounts_own_history(area, client, emailed_link):
    client.post(emailed_link(), {"name": "Sam's dad", "password": "swimming-on-saturdays"})
    dad = User.objects.get(email="dad@family.example")
    signed_in = AuditEvent.objects.filter(user=dad, person=None, action=AuditEvent.Action.SIGNED_IN)
    assert [event.what for event in signed_in] == ["signed in for the first time, from an invitation"]
    assert signed_in.get().ip_address == "127.0.0.1"


def test_a_weak_password_is_refused_with_a_reason_and_keeps_the_name(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.sam)
    client.logout()
    response = client.post(
        link_in_last_email().replace("http://127.0.0.1:8000", ""), {"name": "Dad", "password": "password"}
    )
    content = response.content.decode()
    assert "Choose a different password" in content
    assert 'value="Dad"' in content
    assert not CircleMember.objects.filter(user__email="dad@family.example").exists()


def test_an_invitation_expires_after_seven_days(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.sam)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    assert client.get(link_in_last_email().replace("http://127.0.0.1:8000", "")).status_code == 410


def test_invitation_lasts_seven_days(area, signed_in):
    invite(signed_in(area.green), area.sam)
    invitation = Invitation.objects.get()
    lifetime = invitation.expires_at - invitation.created_at
    assert datetime.timedelta(days=6, hours=23) < lifetime <= datetime.timedelta(days=7, seconds=1)


def test_a_cancelled_invitation_no_longer_works(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.sam)
    invitation = Invitation.objects.get()
    client.post(reverse("people:revoke_invitation", args=[invitation.pk]))
    client.logout()
    assert client.get(link_in_last_email().replace("http://127.0.0.1:8000", "")).status_code == 410


def test_resending_sends_a_new_link_and_the_old_one_stops_working(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.sam)
    old = link_in_last_email().replace("http://127.0.0.1:8000", "")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:resend_invitation", args=[Invitation.objects.get().pk]))
    new = link_in_last_email().replace("http://127.0.0.1:8000", "")
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_someone_with_an_account_joins_after_signing_in(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.leah, email="aisha@family.example")
    link = link_in_last_email().replace("http://127.0.0.1:8000", "")
    client.logout()
    assert "Sign in to accept your invitation" in client.get(link).content.decode()
    client.force_login(area.aisha)
    client.post(link)
    assert CircleMember.objects.filter(person=area.leah, user=area.aisha).exists()


def test_inviting_someone_already_in_the_circle_says_so(area, signed_in):
    response = invite(signed_in(area.green), area.sam, email="aisha@family.example")
    assert "already in Sam's circle" in html.unescape(response.content.decode())


def test_sams_page_shows_his_profile_reviews_plan_circle_and_what_happened(area, signed_in):
    review = ReviewFactory(person=area.sam)
    StatementFactory(review=review, text="Sam loves swimming")
    ActionFactory(plan=review.action_plan, owner=area.aisha, what="book swimming lessons")
    review.action_plan.agreed_at = timezone.now()
    review.action_plan.next_review_date = timezone.localdate() + datetime.timedelta(days=90)
    review.action_plan.save()
    sam_writes = signed_in(area.sam_user)
    sam_writes.post(reverse("profiles:add_statement", args=[area.sam.pk]), {"heading": "admire", "text": "I am kind"})
    sam_writes.post(reverse("profiles:publish", args=[area.sam.pk]))
    content = signed_in(area.patel).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    for expected in [
        "One-page profile",
        "I am kind",
        "book swimming lessons",
        "Year 9",
        "Aisha",
        "Dr Patel",
        "published version 1 of Sam&#x27;s one-page profile",
        "Person-centred review",
    ]:
        assert expected in content


def test_sams_page_shows_the_version_of_his_profile_just_published(area, signed_in):
    profile = Profile.objects.get(person=area.sam)
    add_statement(profile, by=area.sam_user, heading="admire", text="I am kind")
    publish_profile(profile, by=area.sam_user)
    url = reverse("people:detail", args=[area.sam.pk])
    first = signed_in(area.patel).get(url).content.decode()
    assert "I am kind" in first and "Version 1," in first
    add_statement(Profile.objects.get(person=area.sam), by=area.sam_user, heading="important", text="I like trains")
    assert "I like trains" not in signed_in(area.patel).get(url).content.decode()  # not published yet
    publish_profile(Profile.objects.get(person=area.sam), by=area.sam_user)
    second = signed_in(area.patel).get(url).content.decode()
    assert "I am kind" in second and "I like trains" in second and "Version 2," in second


def test_sams_page_makes_the_same_number_of_queries_however_much_he_has(area, signed_in, queries_to_show):
    client = signed_in(area.green)
    url = reverse("people:detail", args=[area.sam.pk])
    client.get(url)

    def queries():
        return queries_to_show(client, url)

    review = ReviewFactory(person=area.sam)
    ActionFactory(plan=review.action_plan, owner=area.aisha)
    review.action_plan.agreed_at = timezone.now()
    review.action_plan.save()
    add_statement(Profile.objects.get(person=area.sam), by=area.sam_user, heading="admire", text="Kind")
    publish_profile(Profile.objects.get(person=area.sam), by=area.sam_user)
    small = queries()
    for _ in range(5):
        more = ReviewFactory(person=area.sam)
        more.action_plan.agreed_at = timezone.now()
        more.action_plan.save()
        ActionFactory(plan=review.action_plan, owner=area.patel)
        for heading in ("admire", "important", "support"):
            add_statement(Profile.objects.get(person=area.sam), by=area.sam_user, heading=heading, text="More")
        publish_profile(Profile.objects.get(person=area.sam), by=area.sam_user)
    assert queries() == small


def test_outsider_gets_404_for_someone_elses_page(area, signed_in):
    assert signed_in(area.black).get(reverse("people:detail", args=[area.sam.pk])).status_code == 404


def test_a_circle_member_sees_the_circle_but_cannot_invite(area, signed_in):
    client = signed_in(area.jo)
    assert client.get(reverse("people:circle", args=[area.sam.pk])).status_code == 200
    assert client.get(reverse("people:invite", args=[area.sam.pk])).status_code == 404


def test_coordinator_changes_details_and_the_year_group_follows_the_birthday(area, signed_in):
    client = signed_in(area.green)
    response = client.post(
        reverse("people:edit", args=[area.sam.pk]),
        {
            "preferred_name": "Sammy",
            "full_name": "Sam Example",
            **date_parts("date_of_birth", "2013-08-31"),
            "sen_status": "ehc_plan",
        },
    )
    assert response.status_code == 302
    area.sam.refresh_from_db()
    assert area.sam.preferred_name == "Sammy" and area.sam.sen_status == "ehc_plan"
    assert area.sam.year_group == year_group(datetime.date(2013, 8, 31))


def test_people_list_shows_only_the_people_you_support(area, signed_in):
    PersonFactory(preferred_name="Noah", coordinator=area.black)
    content = signed_in(area.aisha).get(reverse("home")).content.decode()
    assert "Sam" in content and "Noah" not in words(content) and "Leah" not in words(content)


def test_a_link_used_at_the_same_moment_in_two_tabs_joins_once_and_explains_the_other(area, client, emailed_link):
    from people import operations

    link = emailed_link()
    invitation = Invitation.objects.get()
    real_accept = operations.accept_invitation

    def accept_after_the_other_tab(inv, **kwargs):
        Invitation.objects.filter(pk=inv.pk).update(accepted_at=timezone.now())
        return real_accept(inv, **kwargs)

    from unittest import mock

    with mock.patch.object(operations, "accept_invitation", accept_after_the_other_tab):
        response = client.post(link, {"name": "Dad", "password": "swimming-on-saturdays"})
    assert response.status_code == 410
    assert not CircleMember.objects.filter(user__email="dad@family.example").exists()
    assert invitation.pk


def test_someone_signed_in_as_another_person_is_told_the_invitation_is_not_theirs(
    area, client, django_capture_on_commit_callbacks
):
    client.force_login(area.green)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, area.sam, email="dad@family.example")
    link = link_in_last_email().replace("http://127.0.0.1:8000", "")
    client.force_login(area.jo)
    response = client.get(link)
    assert "This invitation is for someone else" in response.content.decode()
    client.post(link, {"name": "Jo", "password": "swimming-on-saturdays"})
    assert not CircleMember.objects.filter(user__email="dad@family.example").exists()
    assert not CircleMember.objects.filter(person=area.sam, user=area.jo, relationship="parent_carer").exists()


def test_an_overlong_email_address_gets_a_plain_message(area, signed_in):
    response = invite(signed_in(area.green), area.sam, email=("a" * 250) + "@family.example")
    assert "enter one of 254 characters or fewer" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_line_break_in_a_name_never_reaches_the_email_subject(area, signed_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(area.green).post(
            reverse("people:invite", args=[area.sam.pk]),
            {"name": "Sam's\ndad", "email": "dad@family.example", "relationship": "parent_carer"},
        )
    assert Invitation.objects.get().name == "Sam's dad"
    assert "\n" not in mail.outbox[0].subject


def test_a_coordinator_whose_organisation_has_no_council_area_is_told_what_to_do(db, signed_in):
    from accounts.models import Membership
    from ourplan.tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        UserFactory,
    )

    lone = UserFactory(name="Lone Coordinator")
    MembershipFactory(user=lone, organisation=OrganisationFactory(), role=Membership.Role.COORDINATOR)
    response = signed_in(lone).post(
        reverse("people:add"),
        {
            "preferred_name": "Ollie",
            "full_name": "Oliver Example",
            **date_parts("date_of_birth", "2015-03-04"),
            "sen_status": "sen_support",
        },
    )
    assert response.status_code == 409
    assert "not linked to a council area" in response.content.decode()
    assert not Person.objects.exists()


def test_an_accepted_invitation_cannot_be_cancelled(area, client, django_capture_on_commit_callbacks):
    client.force_login(area.green)
    invite(client, area.sam)
    invitation = Invitation.objects.get()
    invitation.accepted_at = timezone.now()
    invitation.save()
    client.post(reverse("people:revoke_invitation", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_resending_an_old_invitation_closes_any_other_open_one_for_that_email(area, signed_in):
    client = signed_in(area.green)
    invite(client, area.sam)
    first = Invitation.objects.get()
    client.post(reverse("people:revoke_invitation", args=[first.pk]))
    invite(client, area.sam)
    client.post(reverse("people:resend_invitation", args=[first.pk]))
    assert Invitation.objects.open().count() == 1


def test_the_error_summary_links_to_the_first_choice_of_a_question_with_choices(area, signed_in):
    response = signed_in(area.green).post(
        reverse("people:invite", args=[area.sam.pk]), {"name": "A", "email": "a@b.example"}
    )
    assert 'href="#id_relationship_0"' in response.content.decode()


def test_the_audit_log_keeps_which_page_someone_joined_from_but_never_the_secret_link(area, client, emailed_link):
    from audit.models import AuditEvent

    link = emailed_link()
    client.post(link, {"name": "Sam's dad", "password": "swimming-on-saturdays"})
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert AuditEvent.objects.filter(path="/join/[secret link]/").exists()
    assert not AuditEvent.objects.filter(path__contains=token).exists()


def test_a_group_or_school_id_too_large_for_the_database_gets_a_plain_message_not_an_error(area, signed_in):
    client = signed_in(area.green)
    form = {
        "preferred_name": "Sam",
        "full_name": "Sam Example",
        "date_of_birth_day": "14",
        "date_of_birth_month": "3",
        "date_of_birth_year": "2012",
        "sen_status": "sen_support",
    }
    for field, message in [
        ("pathway_groups", "Choose groups from the list only"),
        ("setting", "Choose a school or college from the list"),
    ]:
        response = client.post(reverse("people:edit", args=[area.sam.pk]), {**form, field: "9" * 23})
        assert response.status_code in (200, 400), field
        assert message in response.content.decode(), field
