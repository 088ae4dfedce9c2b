from django.urls import reverse

from accounts.views import publishable
from ourplan.tests.factories import PersonFactory
from ourplan.tests.words import words


def test_signing_in_with_email_and_password_takes_you_home(area, client, password):
    response = client.post(reverse("accounts:sign_in"), {"username": "AISHA@family.example", "password": password})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == area.aisha


def test_a_wrong_password_gets_a_plain_message_and_keeps_the_email(area, client):
    response = client.post(reverse("accounts:sign_in"), {"username": "aisha@family.example", "password": "nope"})
    content = response.content.decode()
    assert "The email address or password is not right" in content
    assert 'value="aisha@family.example"' in content
    assert "There is a problem" in content


def test_signing_out_needs_a_post_and_ends_the_session(area, signed_in):
    client = signed_in(area.aisha)
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("home")).status_code == 302


def test_the_planning_lead_sees_area_counts_and_never_a_name(area, signed_in):
    for n in range(6):
        PersonFactory(preferred_name=f"Child{n}", local_authority=area.council, coordinator=area.green)
    content = signed_in(area.priya).get(reverse("home")).content.decode()
    assert "Planning across your area" in content
    assert "Sam" not in words(content) and "Leah" not in words(content) and "Child1" not in words(content)
    assert ">10<" in content  # 8 people, rounded to the nearest 5


def test_small_counts_are_never_published_exactly():
    assert publishable(0) == "0"
    assert [publishable(n) for n in (1, 4)] == ["fewer than 5"] * 2
    assert publishable(7) == "5" and publishable(8) == "10" and publishable(23) == "25"


def test_the_home_page_makes_the_same_number_of_queries_however_many_people_and_actions(
    area, signed_in, queries_to_show
):
    from ourplan.tests.factories import ActionFactory, ReviewFactory

    client = signed_in(area.green)

    def queries():
        return queries_to_show(client, reverse("home"))

    few = queries()
    for n in range(4):
        person = PersonFactory(
            preferred_name=f"Child{n}", local_authority=area.council, coordinator=area.green, setting=area.school
        )
        ActionFactory(plan=ReviewFactory(person=person).action_plan, owner=area.green)
    assert queries() == few


def test_a_young_person_sees_their_own_plan_not_a_list_of_people_they_support(area, signed_in):
    content = signed_in(area.sam_user).get(reverse("home")).content.decode()
    assert "See your plan and your one-page profile" in content
    assert "People you support" not in content


def test_the_home_page_records_that_each_listed_person_was_seen(area, signed_in):
    from audit.models import AuditEvent

    signed_in(area.green).get(reverse("home"))
    seen = set(
        AuditEvent.objects.filter(user=area.green, action="viewed").values_list("person__preferred_name", flat=True)
    )
    assert seen == {"Sam", "Leah"}


def test_a_forgotten_password_is_replaced_through_a_single_use_emailed_link(area, client):
    import re

    from django.core import mail

    response = client.post(reverse("accounts:forgotten_password"), {"email": "aisha@family.example"})
    assert response["Location"] == reverse("accounts:forgotten_password_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["aisha@family.example"]
    link = re.search(r"http://\S+(/accounts/new-password/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    mismatch = client.post(form_url, {"new_password1": "swimming-on-saturdays", "new_password2": "swimming-on-sundays"})
    assert "The two passwords are different" in mismatch.content.decode()
    saved = client.post(form_url, {"new_password1": "swimming-on-saturdays", "new_password2": "swimming-on-saturdays"})
    assert saved["Location"] == reverse("accounts:new_password_saved")
    assert client.login(username="aisha@family.example", password="swimming-on-saturdays")
    client.logout()
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_asking_for_a_new_password_says_the_same_for_an_unknown_address(db, client):
    from django.core import mail

    response = client.post(reverse("accounts:forgotten_password"), {"email": "nobody@family.example"})
    assert response["Location"] == reverse("accounts:forgotten_password_sent")
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_with_what_to_do_at_the_first_box(area, client):
    import re

    from django.core import mail

    client.post(reverse("accounts:forgotten_password"), {"email": "aisha@family.example"})
    link = re.search(r"http://\S+(/accounts/new-password/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    content = response.content.decode()
    assert "Choose a different password: This password is too short" in content
    assert 'href="#id_new_password1"' in content


def test_leah_past_school_age_is_asked_on_her_home_page_who_keeps_access_and_sam_is_not(area, signed_in):
    page = signed_in(area.leah_user).get(reverse("home")).content.decode()
    assert "You now decide who sees your plan." in page
    assert reverse("people:confirm_access", args=[area.leah.pk]) in page
    assert "You now decide who sees your plan." not in signed_in(area.sam_user).get(reverse("home")).content.decode()
