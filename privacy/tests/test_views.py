"""The coordinator's pages: keeping a person's records, legal holds, erasure, and what is due."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from ourplan.tests.factories import PersonFactory
from people.models import Person
from privacy import operations
from privacy.models import Anonymisation, LegalHold

PERSON_PAGES = ["privacy:records", "privacy:place_legal_hold", "privacy:lift_legal_hold", "privacy:erase"]


def url(name, person):
    return reverse(name, args=[person.pk])


def changes_to(person):
    return list(AuditEvent.objects.filter(person=person, action="changed").values_list("what", flat=True))


def test_the_person_page_links_the_coordinator_to_keeping_their_records(area, signed_in):
    page = signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert url("privacy:records", area.sam) in page


def test_the_coordinator_sees_the_rule_and_when_sams_records_will_be_anonymised(area, signed_in):
    page = signed_in(area.green).get(url("privacy:records", area.sam)).content.decode()
    expected = operations.due_on(area.sam)
    assert "SEN records are kept until 31 years after the date of birth" in page
    assert f"{expected.day} {expected:%B %Y}" in page
    assert "Place a legal hold" in page


def test_the_coordinator_places_and_lifts_a_legal_hold_and_both_are_recorded(area, signed_in):
    client = signed_in(area.green)
    response = client.post(url("privacy:place_legal_hold", area.sam), {"reason": "Tribunal appeal lodged"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(person=area.sam)
    assert hold.in_force and hold.placed_by == area.green and hold.reason == "Tribunal appeal lodged"
    assert "Tribunal appeal lodged" in client.get(url("privacy:records", area.sam)).content.decode()

    client.post(url("privacy:lift_legal_hold", area.sam), {"because": "Appeal decided"})
    hold.refresh_from_db()
    assert not hold.in_force and hold.lifted_because == "Appeal decided"
    assert changes_to(area.sam) == ["lifted the legal hold on their records", "placed a legal hold on their records"]


def test_a_legal_hold_without_a_reason_is_refused_with_what_to_do(area, signed_in):
    response = signed_in(area.green).post(url("privacy:place_legal_hold", area.sam), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why their records must be kept" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_erasing_asks_why_then_shows_what_will_be_removed_before_anything_changes(area, sams_records, signed_in):
    client = signed_in(area.green)
    assert client.get(url("privacy:erase", area.sam)).status_code == 200
    check = client.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "Aisha asked on 3 March"})
    page = check.content.decode()
    assert check.status_code == 200
    assert "Check before you erase Sam's records" in page
    assert "What everyone said at or before each review, answering the six key questions. (2)" in page
    assert "The outcomes in each plan" in page  # kept without words
    assert Person.objects.get(pk=area.sam.pk).full_name == "Sam Example"


def test_confirming_erases_sams_records_records_it_and_his_page_is_gone(area, sams_records, signed_in):
    client = signed_in(area.green)
    response = client.post(
        url("privacy:erase", area.sam), {"basis": "request", "reason": "Aisha asked on 3 March", "confirm": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:records_due")
    record = Anonymisation.objects.get(person=area.sam)
    assert changes_to(area.sam)[0] == f"erased their records: anonymised them ({record.reference})"
    assert client.get(reverse("people:detail", args=[area.sam.pk])).status_code == 404
    due_page = client.get(reverse("privacy:records_due")).content.decode()
    assert record.reference in due_page and "Sam" not in due_page


def test_erasing_without_a_reason_says_what_to_do(area, signed_in):
    response = signed_in(area.green).post(url("privacy:erase", area.sam), {"basis": "", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose why their records are being erased" in page and "Say what happened and who decided" in page


def test_a_person_under_legal_hold_cannot_be_erased_from_the_page(area, signed_in):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    client = signed_in(area.green)
    assert "cannot be erased" in client.get(url("privacy:erase", area.sam)).content.decode()
    response = client.post(url("privacy:erase", area.sam), {"basis": "request", "reason": "asked", "confirm": "yes"})
    assert response.status_code == 409
    assert not Anonymisation.objects.exists()


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
