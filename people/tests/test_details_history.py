"""Rectification: correcting a person's details keeps what it said before, who changed it and when."""

from django.urls import reverse

from ourplan.tests.factories import date_parts
from people.models import DetailsChange


def details_form(person, **changes):
    return {
        "preferred_name": person.preferred_name,
        "full_name": person.full_name,
        **date_parts("date_of_birth", person.date_of_birth.isoformat()),
        "setting": person.setting_id or "",
        "sen_status": person.sen_status,
        **changes,
    }


def test_correcting_sams_full_name_keeps_the_old_name_with_who_and_when(area, signed_in):
    client = signed_in(area.green)
    client.post(reverse("people:edit", args=[area.sam.pk]), details_form(area.sam, full_name="Samuel Example"))
    change = DetailsChange.objects.get(person=area.sam)
    assert (change.label, change.before, change.after) == ("Full name", "Sam Example", "Samuel Example")
    assert change.changed_by == area.green
    page = client.get(reverse("people:details_history", args=[area.sam.pk])).content.decode()
    assert "Sam Example" in page and "Samuel Example" in page


def test_saving_details_without_changing_them_adds_no_history(area, signed_in):
    signed_in(area.green).post(reverse("people:edit", args=[area.sam.pk]), details_form(area.sam))
    assert not DetailsChange.objects.exists()


def test_a_changed_status_and_date_of_birth_are_kept_in_plain_words(area, signed_in):
    signed_in(area.green).post(
        reverse("people:edit", args=[area.sam.pk]),
        details_form(area.sam, sen_status="ehc_plan", **date_parts("date_of_birth", "2012-10-01")),
    )
    changes = {c.field: (c.before, c.after) for c in DetailsChange.objects.filter(person=area.sam)}
    assert changes["sen_status"][1] == "Education, health and care plan"
    assert changes["date_of_birth"][1] == "1 October 2012"


def test_only_the_coordinator_reads_the_history_of_details(area, signed_in):
    for user in (area.aisha, area.black, area.priya):
        assert signed_in(user).get(reverse("people:details_history", args=[area.sam.pk])).status_code == 404
