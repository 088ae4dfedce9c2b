"""A planning lead adapts the toolkit's words for their area: steps, their sheets and the groups of people."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from toolkit import content
from toolkit.models import PeopleGroup, Prompt, Step

CONTENT = reverse("toolkit:content")


@pytest.fixture
def riverside(area):
    steps, people_groups = content.content_for(area.council)
    return steps, people_groups


@pytest.fixture
def hilltown(toolkit):
    steps, people_groups = content.content_for(toolkit.other_council)
    return steps, people_groups


def test_the_planning_lead_sees_the_areas_steps_sheets_and_groups_of_people(area, signed_in):
    page = signed_in(area.priya).get(CONTENT).content.decode()
    assert Step.objects.filter(area=area.council).count() == 5  # the area's own copy, made on the first visit
    assert "Step 1: How planning happens for everyone" in page
    for label in ("Question to walk the pathway", "Thing to think about", "Idea to try", "Example from another area"):
        assert label in page
    assert "Add an idea to try" in page and "Add an example" in page
    assert "Young people from Year 9" in page and "Autistic people" in page


@pytest.mark.parametrize("who", ["green", "black", "aisha"])
def test_anyone_who_is_not_a_planning_lead_is_refused(area, signed_in, riverside, who):
    steps, people_groups = riverside
    client = signed_in(getattr(area, who))
    assert client.get(CONTENT).status_code == 403
    assert client.post(reverse("toolkit:add_people_group"), {"name": "Probe"}).status_code == 403
    prompt = steps[0].prompts.first()
    for url in _object_pages(steps[0], prompt, people_groups[0]):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Probe", "text": "Probe", "kind": "idea"}).status_code == 404, url
    assert Prompt.objects.filter(pk=prompt.pk).exists() and not PeopleGroup.objects.filter(name="Probe").exists()


def _object_pages(step, prompt, people_group):
    return [
        reverse("toolkit:change_step", args=[step.pk]),
        reverse("toolkit:add_prompt", args=[step.pk]),
        reverse("toolkit:change_prompt", args=[prompt.pk]),
        reverse("toolkit:remove_prompt", args=[prompt.pk]),
        reverse("toolkit:change_people_group", args=[people_group.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, riverside):
    steps, people_groups = riverside
    for url in [
        CONTENT,
        reverse("toolkit:add_people_group"),
        *_object_pages(steps[0], steps[0].prompts.first(), people_groups[0]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"], url


def test_another_areas_words_are_404_for_a_planning_lead(area, signed_in, riverside, hilltown):
    steps, people_groups = hilltown
    prompt = steps[0].prompts.first()
    client = signed_in(area.priya)
    for url in _object_pages(steps[0], prompt, people_groups[0]):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Probe", "text": "Probe", "kind": "idea"}).status_code == 404, url
    assert Prompt.objects.filter(pk=prompt.pk).exists()
    assert Step.objects.get(pk=steps[0].pk).name == steps[0].name
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED, user=area.priya).exists()


def test_the_planning_lead_renames_a_step(area, signed_in, riverside):
    step = riverside[0][1]
    client = signed_in(area.priya)
    url = reverse("toolkit:change_step", args=[step.pk])
    assert step.name in client.get(url).content.decode()
    response = client.post(url, {"name": "Who helps people plan", "about": "People and training."})
    assert response.status_code == 302 and response["Location"] == f"{CONTENT}#step-{step.pk}"
    step.refresh_from_db()
    assert (step.name, step.about) == ("Who helps people plan", "People and training.")
    assert AuditEvent.objects.filter(what="changed a step of the area's toolkit", role="planning lead").exists()
    response = client.post(url, {"name": "  ", "about": ""})
    assert response.status_code == 400 and "Enter a name for the step" in response.content.decode()


def test_the_planning_lead_adds_a_local_example_which_needs_its_place(area, signed_in, riverside):
    step = riverside[0][0]
    client = signed_in(area.priya)
    url = reverse("toolkit:add_prompt", args=[step.pk])
    page = client.get(url, {"kind": "example"}).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="example"[^>]* checked>', page)
    response = client.post(url, {"kind": "example", "title": "", "text": "Our transition team plans from Year 9."})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter where the example is from" in page
    assert "Our transition team plans from Year 9." in page
    response = client.post(
        url, {"kind": "example", "title": "Riverside", "text": "Our transition team plans from Year 9."}
    )
    prompt = Prompt.objects.get(text="Our transition team plans from Year 9.")
    assert response.status_code == 302 and prompt.title == "Riverside" and prompt.step == step
    assert prompt.position == max(p.position for p in step.prompts.filter(kind="example"))
    assert "Our transition team plans from Year 9." in client.get(CONTENT).content.decode()


def test_a_question_keeps_no_place_and_moves_to_the_end_of_another_list(area, signed_in, riverside):
    step = riverside[0][0]
    prompt = step.prompts.filter(kind="question").first()
    client = signed_in(area.priya)
    url = reverse("toolkit:change_prompt", args=[prompt.pk])
    assert prompt.text in client.get(url).content.decode()
    response = client.post(url, {"kind": "idea", "title": "Ignored", "text": "Ask everyone\n  how planning started "})
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert (prompt.kind, prompt.title, prompt.text) == ("idea", "", "Ask everyone\nhow planning started")
    assert prompt.position == max(p.position for p in step.prompts.filter(kind="idea"))


def test_taking_a_line_out_asks_first_then_takes_it_out(area, signed_in, riverside):
    prompt = riverside[0][2].prompts.first()
    client = signed_in(area.priya)
    url = reverse("toolkit:remove_prompt", args=[prompt.pk])
    page = client.get(url).content.decode()
    assert "Take this line out?" in page and prompt.text[:30] in page
    assert Prompt.objects.filter(pk=prompt.pk).exists()
    assert client.post(url).status_code == 302
    assert not Prompt.objects.filter(pk=prompt.pk).exists()
    assert AuditEvent.objects.filter(what="took a line out of the area's toolkit").exists()


def test_the_planning_lead_adds_retires_and_restores_a_group_of_people(area, signed_in, riverside):
    client = signed_in(area.priya)
    response = client.post(reverse("toolkit:add_people_group"), {"name": "Young carers", "detail": "Under 18"})
    assert response.status_code == 302
    group = PeopleGroup.objects.get(name="Young carers")
    assert group.area == area.council and group.position == max(g.position for g in riverside[1]) + 1
    url = reverse("toolkit:change_people_group", args=[group.pk])
    client.post(url, {"name": "Young carers", "detail": "Under 18", "retired": "on"})
    group.refresh_from_db()
    assert group.retired
    assert "No longer used" in client.get(CONTENT).content.decode()
    client.post(url, {"name": "Young carers (under 18)", "detail": ""})
    group.refresh_from_db()
    assert not group.retired and group.name == "Young carers (under 18)" and group.detail == ""
    response = client.post(reverse("toolkit:add_people_group"), {"name": ""})
    assert response.status_code == 400 and "Enter the group of people" in response.content.decode()
