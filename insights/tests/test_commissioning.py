""" "You said, we did": the planning lead records what the area will do about themes, and how it goes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from insights.models import CommissioningAction, Theme
from ourplan.tests.factories import OrganisationFactory

LIST = reverse("insights:you_said_we_did")
ADD = reverse("insights:add_commissioning_action")


@pytest.fixture
def transport(area):
    return Theme.objects.get_or_create(local_authority=area.council, name="Transport")[0]


def next_year():
    day = timezone.localdate() + datetime.timedelta(days=200)
    return {"by_when_day": str(day.day), "by_when_month": str(day.month), "by_when_year": str(day.year)}


def form(theme, **changes):
    return {
        "theme": theme.pk,
        "you_said": "Taxis to school are often late, so children miss the start of the day.",
        "we_will": "Agree arrival times with every taxi firm and check them each term.",
        "who": "Home to school transport team",
        "status": "not_started",
        "progress": "",
        **next_year(),
        **changes,
    }


def test_the_planning_lead_adds_what_the_area_will_do_and_sees_it_listed(area, signed_in, transport):
    client = signed_in(area.priya)
    response = client.post(ADD, form(transport))
    assert response.status_code == 302
    action = CommissioningAction.objects.get()
    assert action.local_authority == area.council and action.created_by == area.priya
    page = client.get(LIST).content.decode()
    assert "Agree arrival times with every taxi firm" in page and "Transport" in page
    assert AuditEvent.objects.filter(user=area.priya, action="changed", what__contains="you said, we did").exists()


def test_a_missing_answer_gets_a_message_saying_what_to_do_and_keeps_what_was_typed(area, signed_in, transport):
    response = signed_in(area.priya).post(ADD, form(transport, who=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter who will do it" in page and "Agree arrival times with every taxi firm" in page
    assert not CommissioningAction.objects.exists()


def test_progress_is_updated_and_an_action_past_its_date_is_shown_overdue(area, signed_in, transport):
    client = signed_in(area.priya)
    client.post(ADD, form(transport))
    action = CommissioningAction.objects.get()
    CommissioningAction.objects.filter(pk=action.pk).update(by_when=timezone.localdate() - datetime.timedelta(days=1))
    assert "Overdue" in client.get(LIST).content.decode()
    past = timezone.localdate() - datetime.timedelta(days=1)
    update = form(
        transport,
        status="done",
        progress="All four firms agreed.",
        by_when_0=str(past.day),
        by_when_1=str(past.month),
        by_when_2=str(past.year),
    )
    assert client.post(reverse("insights:change_commissioning_action", args=[action.pk]), update).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.progress == "All four firms agreed."
    assert "Overdue" not in client.get(LIST).content.decode()


def test_another_areas_theme_and_actions_are_out_of_reach(area, signed_in, transport):
    elsewhere = OrganisationFactory(name="Hilltop Council", kind="local_authority")
    their_theme = Theme.objects.create(local_authority=elsewhere, name="Housing")
    theirs = CommissioningAction.objects.create(
        local_authority=elsewhere,
        theme=their_theme,
        you_said="x",
        we_will="Their plan",
        who="them",
        by_when=timezone.localdate(),
    )
    client = signed_in(area.priya)
    assert "Their plan" not in client.get(LIST).content.decode()
    assert client.get(reverse("insights:change_commissioning_action", args=[theirs.pk])).status_code == 404
    response = client.post(ADD, form(their_theme))
    assert response.status_code == 400 and "Choose a theme from the list" in response.content.decode()


@pytest.mark.parametrize("who", ["green", "aisha", "black", "patel"])
def test_anyone_but_a_planning_lead_is_refused_and_it_is_recorded(area, signed_in, transport, who):
    client = signed_in(getattr(area, who))
    action = CommissioningAction.objects.create(
        local_authority=area.council, theme=transport, you_said="x", we_will="y", who="z", by_when=timezone.localdate()
    )
    for url in (LIST, ADD, reverse("insights:change_commissioning_action", args=[action.pk])):
        assert client.get(url).status_code == 403
    assert client.post(ADD, form(transport)).status_code == 403
    assert AuditEvent.objects.filter(user=getattr(area, who), action="refused").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(db, client):
    assert client.get(LIST).status_code == 302
