"""The coordinator's pages: keeping a person's records, legal holds, erasure, and what is due."""

import datetime

import pytest
from django.urls import reverse

from accounts import two_step
from audit.models import AuditEvent
from ourplan.tests.factories import PersonFactory
from ourplan.tests.words import words
from people.models import Person
from privacy import operations
from privacy.models import Anonymisation, LegalHold

PERSON_PAGES = ["privacy:records", "privacy:place_legal_hold", "privacy:lift_legal_hold", "privacy:erase"]


def url(name, person):
    return reverse(name, args=[person.pk])


def changes_to(person):
    return list(AuditEvent.objects.filter(person=person, action="changed").values_list("what", flat=True))


def without_a_recent_password(client):
    """Signing in will no longer count as typing the password again: take it out of the session."""
    session = client.session
    session.pop(two_step.CONFIRMED_AT, None)
    session.save()
    return client


@pytest.fixture
def coordinator(area, signed_in, password):
    """Ms Green, signed in, who has just typed her password again."""
    client = without_a_recent_password(signed_in(area.green))
    response = client.post(reverse("accounts:confirm_password"), {"password": password})
    assert response.status_code == 302
    return client


def test_the_person_page_links_the_coordinator_to_keeping_their_records(area, signed_in):
    page = signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert url("privacy:records", area.sam) in page


def test_the_coordinator_sees_the_rule_and_when_sams_records_will_be_anonymised(area, signed_in):
    page = signed_in(area.green).get(url("privacy:records", area.sam)).content.decode()
    expected = operations.due_on(area.sam)
    assert "SEN records are kept until 31 years after the date of birth" in page
    assert f"{expected.day} {expected:%B %Y}" in page
    assert "Place a legal hold" in page


def test_the_coordinator_places_and_lifts_a_legal_hold_and_both_are_recorded(area, coordinator):
    client = coordinator
    response = client.post(url("privacy:place_legal_hold", area.sam), {"reason": "Tribunal appeal lodged"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(person=area.sam)
    assert hold.in_force and hold.placed_by == area.green and hold.reason == "Tribunal appeal lodged"
    assert "Tribunal appeal lodged" in client.get(url("privacy:records", area.sam)).content.decode()

    client.post(url("privacy:lift_legal_hold", area.sam), {"because": "Appeal decided"})
    hold.refresh_from_db()
    assert not hold.in_force and hold.lifted_because == "Appeal decided"
    assert changes_to(area.sam) == ["lifted the legal hold on their records", "placed a legal hold on their records"]


def test_a_legal_hold_without_a_reason_is_refused_with_what_to_do(area, coordinator):
    response = coordinator.post(url("privacy:place_legal_hold", area.sam), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why their records must be kept" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_erasing_asks_why_then_shows_what_will_be_removed_before_anything_changes(area, sams_records, coordinator):
    client = coordinator
    assert client.get(url("privacy:erase", area.sam)).status_code == 200
    check = client.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "Aisha asked on 3 March"})
    page = check.content.decode()
    assert check.status_code == 200
    assert "Check before you erase Sam's records" in page
    assert "What everyone said at or before each review, answering the six key questions. (2)" in page
    assert "The outcomes in each plan" in page  # kept without words
    assert Person.objects.get(pk=area.sam.pk).full_name == "Sam Example"


def test_confirming_erases_sams_records_records_it_and_his_page_is_gone(area, sams_records, coordinator):
    client = coordinator
    response = client.post(
        url("privacy:erase", area.sam), {"basis": "request", "reason": "Aisha asked on 3 March", "confirm": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:records_due")
    record = Anonymisation.objects.get(person=area.sam)
    assert changes_to(area.sam)[0] == f"erased their records: anonymised them ({record.reference})"
    assert client.get(reverse("people:detail", args=[area.sam.pk])).status_code == 404
    due_page = client.get(reverse("privacy:records_due")).content.decode()
    assert record.reference in due_page and "Sam" not in words(due_page)


def test_erasing_without_a_reason_says_what_to_do(area, coordinator):
    response = coordinator.post(url("privacy:erase", area.sam), {"basis": "", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose why their records are being erased" in page and "Say what happened and who decided" in page


def test_a_person_under_legal_hold_cannot_be_erased_from_the_page(area, coordinator):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    client = coordinator
    assert "cannot be erased" in client.get(url("privacy:erase", area.sam)).content.decode()
    response = client.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "asked", "confirm": "yes"})
    assert response.status_code == 409
    assert not Anonymisation.objects.exists()


@pytest.mark.parametrize("name", ["privacy:place_legal_hold", "privacy:erase"])
def test_placing_a_hold_or_erasing_asks_for_her_password_again_first(area, signed_in, name):
    client = without_a_recent_password(signed_in(area.green))
    page = url(name, area.sam)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:confirm_password')}?next={page.replace('/', '%2F')}"
    data = {"reason": "Tribunal appeal", "basis": "request", "confirm": "yes"}
    assert client.post(page, data)["Location"].startswith(reverse("accounts:confirm_password"))
    assert not LegalHold.objects.exists() and not Anonymisation.objects.exists()


def test_lifting_a_hold_asks_for_her_password_again_first(area, signed_in):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    client = without_a_recent_password(signed_in(area.green))
    response = client.post(url("privacy:lift_legal_hold", area.sam), {"because": "Appeal decided"})
    assert response["Location"].startswith(reverse("accounts:confirm_password"))
    assert LegalHold.objects.get().in_force


def test_a_password_typed_more_than_10_minutes_ago_is_asked_for_again(area, coordinator):
    session = coordinator.session
    session[two_step.CONFIRMED_AT] -= 11 * 60
    session.save()
    response = coordinator.post(
        url("privacy:erase", area.sam), {"basis": "request", "reason": "asked", "confirm": "yes"}
    )
    assert response["Location"].startswith(reverse("accounts:confirm_password"))
    assert not Anonymisation.objects.exists()


def test_after_typing_her_password_she_comes_back_to_erasing(area, signed_in, password):
    client = without_a_recent_password(signed_in(area.green))
    page = url("privacy:erase", area.sam)
    response = client.post(reverse("accounts:confirm_password"), {"password": password, "next": page})
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_the_check_page_says_emails_waiting_about_him_will_not_be_sent(area, coordinator):
    from privacy.tests.test_jobs import email_job

    email_job("aisha@family.example", "Sam's review", "Sam's review is on Monday.", status="READY")
    page = coordinator.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "asked"}).content.decode()
    assert "1 email about them is waiting to be sent. It will be cancelled, so it is never sent." in page
    assert "The copies OurPlan keeps of emails already sent about them are deleted." in page


def test_the_check_page_leaves_out_what_is_kept_without_words_when_there_is_nothing(area, coordinator):
    page = coordinator.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "asked"}).content.decode()
    assert "What will be deleted" in page and "What will be kept without any words" not in page


@pytest.mark.parametrize("name", PERSON_PAGES)
@pytest.mark.parametrize("who", ["black", "aisha", "patel", "priya"])
def test_an_outsider_or_someone_in_the_circle_gets_404_and_nothing_changes(area, signed_in, name, who):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")  # so "lift" exists
    client = signed_in(getattr(area, who))
    assert client.get(url(name, area.sam)).status_code == 404
    data = {"reason": "x", "because": "x", "basis": "request", "confirm": "yes"}
    assert client.post(url(name, area.sam), data).status_code == 404
    assert LegalHold.objects.get().in_force and not Anonymisation.objects.exists()
    assert AuditEvent.objects.filter(person=area.sam, action="refused").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(area, client):
    for name in PERSON_PAGES:
        assert client.get(url(name, area.sam)).status_code == 302
    assert client.get(reverse("privacy:records_due")).status_code == 302


@pytest.fixture
def ruth(area):
    """Ms Green's former pupil, whose SEN records are past date of birth + 31 years."""
    return PersonFactory(
        preferred_name="Ruth",
        full_name="Ruth Former",
        date_of_birth=datetime.date(1980, 1, 1),
        local_authority=area.council,
        coordinator=area.green,
    )


def test_the_coordinator_sees_her_people_due_to_be_anonymised_and_the_rules(area, ruth, signed_in):
    page = signed_in(area.green).get(reverse("privacy:records_due")).content.decode()
    assert "Ruth" in page and "Anonymised at the next daily run" in page
    assert "their date of birth" in page and "31 years" in page
    assert AuditEvent.objects.filter(person=ruth, user=area.green, action="viewed").exists()


def test_another_coordinator_sees_only_a_number_for_people_who_are_not_hers(area, ruth, signed_in):
    page = signed_in(area.black).get(reverse("privacy:records_due")).content.decode()
    assert "Ruth" not in page
    assert "1 other person in your local authority area is due to be anonymised" in page


def test_a_planning_lead_or_a_parent_is_refused_the_list_of_records_due(area, ruth, signed_in):
    assert signed_in(area.priya).get(reverse("privacy:records_due")).status_code == 403
    assert signed_in(area.aisha).get(reverse("privacy:records_due")).status_code == 403


def test_why_she_is_erasing_is_kept_when_she_must_type_her_password_again_first(
    area, sams_records, coordinator, password
):
    without_a_recent_password(coordinator)  # the 10 minutes ran out while she was typing
    sent = coordinator.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "Aisha asked on 3 March"})
    assert sent.status_code == 302 and reverse("accounts:confirm_password") in sent["Location"]
    assert coordinator.post(sent["Location"], {"password": password})["Location"] == url("privacy:erase", area.sam)
    page = coordinator.get(url("privacy:erase", area.sam)).content.decode()
    assert "Aisha asked on 3 March" in page
    assert "Aisha asked on 3 March" not in coordinator.get(url("privacy:erase", area.sam)).content.decode()  # once
    assert Person.objects.get(pk=area.sam.pk).full_name == "Sam Example"
