"""Day 1: small groups walk the pathway from their phones, the facilitator types for groups on paper,
watches the live matrix and corrects or removes notes."""

import datetime

import pytest
from django.urls import reverse

from audit.access import PARTICIPANT_SESSION_KEY
from audit.models import AuditEvent
from toolkit import content, operations
from toolkit.models import AreaReview, Finding, Participant

WORKING, NOT_WORKING = Finding.Kind.WORKING, Finding.Kind.NOT_WORKING


@pytest.fixture(autouse=True)
def on_day_one(toolkit):
    """The room is on Day 1 (notes go in only once the facilitator starts it)."""
    toolkit.review = operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_ONE)


def walk_url(review, step=None, people_group=None):
    url = reverse("toolkit:walk", args=[review.join_code])
    if step:
        url += f"?step={step.code}&for={people_group.pk}"
    return url


def note(toolkit, group, people_group, step, kind=WORKING, text="Reviews start on time", by=None):
    return operations.add_finding(group, people_group=people_group, step=step, kind=kind, text=text, by=by)


def version(review):
    return AreaReview.objects.get(pk=review.pk).version


# Walking the pathway -----------------------------------------------------------------------------


def test_a_participant_sees_their_groups_people_the_first_step_and_its_questions(toolkit, as_participant):
    page = as_participant(toolkit.aisha).get(walk_url(toolkit.review))
    text = page.content.decode()
    first = toolkit.steps[0]
    assert page.status_code == 200
    assert first.name in text and first.about in text
    assert first.prompts_by_kind["question"][0].text in text
    assert toolkit.people_groups[0].name in text and toolkit.people_groups[1].name in text
    assert toolkit.people_groups[2].name not in text  # the blue group's, not theirs
    assert "What is working well" in text and "What is not working and needs to change" in text
    assert 'rel="next"' in text and 'rel="prev"' not in text


def test_a_participant_chooses_the_step_and_the_group_of_people_by_the_address(toolkit, as_participant):
    last, people_group = toolkit.steps[-1], toolkit.people_groups[1]
    page = as_participant(toolkit.aisha).get(walk_url(toolkit.review, last, people_group))
    text = page.content.decode()
    assert f'<h1 class="govuk-heading-l">{last.name}</h1>' in text
    assert f'<strong aria-current="page">{people_group.name}</strong>' in text
    assert 'rel="prev"' in text and 'rel="next"' not in text


def test_an_unknown_step_or_group_of_people_in_the_address_shows_the_first(toolkit, as_participant):
    page = as_participant(toolkit.aisha).get(walk_url(toolkit.review) + "?step=nope&for=99999999999999")
    assert page.status_code == 200
    assert f'<h1 class="govuk-heading-l">{toolkit.steps[0].name}</h1>' in page.content.decode()


def test_a_participant_adds_a_note_for_their_own_group(toolkit, as_participant):
    client = as_participant(toolkit.aisha)
    step, people_group = toolkit.steps[2], toolkit.people_groups[1]
    before = version(toolkit.review)
    response = client.post(
        walk_url(toolkit.review, step, people_group),
        {"step": step.pk, "people_group": people_group.pk, "kind": NOT_WORKING, "text": " Nobody checks outcomes "},
    )
    assert response.status_code == 302
    assert response["Location"] == walk_url(toolkit.review, step, people_group) + "#notes"
    finding = Finding.objects.get()
    assert (finding.work_group, finding.people_group, finding.step) == (toolkit.red, people_group, step)
    assert (finding.kind, finding.text, finding.written_by) == (NOT_WORKING, "Nobody checks outcomes", toolkit.aisha)
    assert not finding.typed_by_facilitator
    assert version(toolkit.review) > before
    page = client.get(response["Location"]).content.decode()
    assert "Nobody checks outcomes" in page and "Added. You can add another." in page


def test_the_group_sees_what_each_member_wrote_and_its_progress(toolkit, as_participant):
    step = toolkit.steps[0]
    note(toolkit, toolkit.red, toolkit.people_groups[0], step, text="Jo Evans saw this", by=toolkit.jo)
    note(toolkit, toolkit.blue, toolkit.people_groups[2], step, text="Blue group only")
    page = as_participant(toolkit.aisha).get(walk_url(toolkit.review)).content.decode()
    assert "Jo Evans saw this" in page and "Blue group only" not in page
    assert "1 note" in page and "Not started" in page
    assert "1 of 5 steps covered" in page and "0 of 5 steps covered" in page


def test_a_participant_cannot_add_for_people_their_group_is_not_walking(toolkit, as_participant):
    blues = toolkit.people_groups[2]
    response = as_participant(toolkit.aisha).post(
        walk_url(toolkit.review),
        {"step": toolkit.steps[0].pk, "people_group": blues.pk, "kind": WORKING, "text": "Sneaky"},
    )
    assert response.status_code == 400
    assert "This page was out of date" in response.content.decode()
    assert not Finding.objects.exists()


def test_an_empty_note_is_shown_again_with_what_to_do(toolkit, as_participant):
    step, people_group = toolkit.steps[1], toolkit.people_groups[0]
    response = as_participant(toolkit.aisha).post(
        walk_url(toolkit.review, step, people_group),
        {"step": step.pk, "people_group": people_group.pk, "kind": WORKING, "text": "   "},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in text and "govuk-error-summary" in text
    assert "Write what your group found" in text
    assert 'value="working" class="govuk-radios__input" id="id_kind_0" required checked' in text
    assert f'<h1 class="govuk-heading-l">{step.name}</h1>' in text
    assert not Finding.objects.exists()


def test_the_notes_refresh_only_when_something_changed(toolkit, as_participant):
    client = as_participant(toolkit.aisha)
    seen = version(toolkit.review)
    live = walk_url(toolkit.review) + f"?live=1&seen={seen}"
    assert client.get(live).status_code == 204
    note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[0], text="Added by Jo Evans", by=toolkit.jo)
    response = client.get(live)
    text = response.content.decode()
    assert response.status_code == 200 and "Added by Jo Evans" in text
    assert f"seen={version(toolkit.review)}" in text
    assert 'id="walk-news" hx-swap-oob="innerHTML"' in text and 'id="walk-progress" hx-swap-oob="true"' in text


def test_a_change_elsewhere_in_the_room_refreshes_the_notes_without_announcing_them(toolkit, as_participant):
    client = as_participant(toolkit.aisha)
    seen = version(toolkit.review)
    operations.join(toolkit.review, name="Late arrival", role=Participant.Role.OTHER)
    response = client.get(walk_url(toolkit.review) + f"?live=1&seen={seen}&notes=0")
    assert response.status_code == 200
    assert '<p id="walk-news" hx-swap-oob="innerHTML"></p>' in response.content.decode()


def test_someone_who_has_not_joined_is_sent_to_join_and_adds_nothing(toolkit, client):
    step = toolkit.steps[0]
    page = client.get(walk_url(toolkit.review))
    assert page.status_code in (302, 403)
    if page.status_code == 302:
        assert "/join/" in page["Location"]
    posted = client.post(
        walk_url(toolkit.review),
        {"step": step.pk, "people_group": toolkit.people_groups[0].pk, "kind": WORKING, "text": "x"},
    )
    assert posted.status_code in (302, 403)
    assert not Finding.objects.exists()


def test_an_unknown_code_is_not_found(db, client):
    assert client.get(reverse("toolkit:walk", args=["NOPE99"])).status_code == 404


def test_a_session_of_another_review_does_not_open_this_one(toolkit, client):
    other = operations.set_up_review(
        toolkit.other_council,
        by=toolkit.review.facilitator,
        title="Hilltown review",
        facilitator=toolkit.review.facilitator,
        day_one=toolkit.review.day_one,
        day_two=toolkit.review.day_two,
    )
    stranger = operations.join(other, name="Stranger", role=Participant.Role.OTHER)
    session = client.session
    # The session claims Aisha's id for Hilltown's review: it is not hers there.
    session[PARTICIPANT_SESSION_KEY] = {str(other.pk): toolkit.aisha.pk, "x": stranger.pk}
    session.save()
    step = toolkit.steps[0]
    for code in (toolkit.review.join_code, other.join_code):
        url = reverse("toolkit:walk", args=[code])
        assert client.get(url).status_code in (302, 403)
        data = {"step": step.pk, "people_group": toolkit.people_groups[0].pk, "kind": WORKING, "text": "x"}
        assert client.post(url, data).status_code in (302, 403)
    assert not Finding.objects.exists()


def test_a_participant_of_this_review_is_refused_on_another_reviews_code(toolkit, as_participant):
    other = operations.set_up_review(
        toolkit.other_council,
        by=toolkit.review.facilitator,
        title="Hilltown review",
        facilitator=toolkit.review.facilitator,
        day_one=toolkit.review.day_one,
        day_two=toolkit.review.day_two,
    )
    client = as_participant(toolkit.aisha)
    assert client.get(reverse("toolkit:walk", args=[other.join_code])).status_code in (302, 403)


def test_someone_not_in_a_small_group_yet_is_not_shown_the_walk(toolkit, as_participant):
    newcomer = operations.join(toolkit.review, name="Newcomer", role=Participant.Role.OTHER)
    response = as_participant(newcomer).get(walk_url(toolkit.review))
    assert response.status_code == 302 or "Ask the facilitator which group to join" in response.content.decode()


def test_a_group_with_no_groups_of_people_yet_is_told_to_ask_the_facilitator(toolkit, as_participant):
    operations.set_people_groups(toolkit.red, [])
    page = as_participant(toolkit.aisha).get(walk_url(toolkit.review)).content.decode()
    assert "Ask the facilitator which group of people you are looking at" in page
    assert "<form" not in page.split("</header>")[1]


def test_nothing_is_added_once_the_review_has_finished(toolkit, as_participant):
    operations.move_to_stage(toolkit.review, AreaReview.Stage.FINISHED)
    client = as_participant(toolkit.aisha)
    assert "This area review has finished" in client.get(walk_url(toolkit.review)).content.decode()
    data = {"step": toolkit.steps[0].pk, "people_group": toolkit.people_groups[0].pk, "kind": WORKING, "text": "x"}
    assert client.post(walk_url(toolkit.review), data).status_code == 302
    assert not Finding.objects.exists()


def test_the_walk_page_reads_the_same_few_tables_however_many_notes(
    toolkit, as_participant, django_assert_max_num_queries
):
    for step in toolkit.steps:
        for n in range(8):
            note(toolkit, toolkit.red, toolkit.people_groups[n % 2], step, kind=[WORKING, NOT_WORKING][n % 2])
    client = as_participant(toolkit.aisha)
    with django_assert_max_num_queries(10):
        assert client.get(walk_url(toolkit.review)).status_code == 200


# The facilitator typing for a group on paper ------------------------------------------------------


def test_the_facilitator_types_in_a_paper_groups_note(toolkit, signed_in):
    client = signed_in(toolkit.review.facilitator)
    url = reverse("toolkit:type_for_group", args=[toolkit.blue.pk])
    step, people_group = toolkit.steps[3], toolkit.people_groups[2]
    page = client.get(url).content.decode()
    assert "Typing for Blue group, on paper" in page and people_group.name in page
    response = client.post(
        url + f"?step={step.code}&for={people_group.pk}",
        {"step": step.pk, "people_group": people_group.pk, "kind": WORKING, "text": "Themes reach the Board"},
    )
    assert response.status_code == 302 and response["Location"].startswith(url)
    finding = Finding.objects.get()
    assert finding.typed_by_facilitator and finding.written_by is None and finding.work_group == toolkit.blue
    assert AuditEvent.objects.filter(
        user=toolkit.review.facilitator, action=AuditEvent.Action.CHANGED, what="typed a Day 1 note for a group"
    ).exists()


def test_a_paper_group_with_no_groups_of_people_needs_them_chosen_first(toolkit, signed_in):
    operations.set_people_groups(toolkit.blue, [])
    page = signed_in(toolkit.review.facilitator).get(reverse("toolkit:type_for_group", args=[toolkit.blue.pk]))
    assert "Choose the groups of people this small group is looking at first." in page.content.decode()


# Changing and removing a note --------------------------------------------------------------------


def test_the_facilitator_changes_the_words_of_a_note(toolkit, signed_in):
    finding = note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[0], text="Mrs Smith waits")
    client = signed_in(toolkit.review.facilitator)
    url = reverse("toolkit:change_finding", args=[finding.pk])
    assert "Mrs Smith waits" in client.get(url).content.decode()
    empty = client.post(url, {"text": " "})
    assert (
        empty.status_code == 400 and "Write what the group found, or remove the note instead" in empty.content.decode()
    )
    response = client.post(url, {"text": "A parent waits"})
    assert response["Location"] == reverse("toolkit:matrix", args=[toolkit.review.pk]) + "#step-everyone"
    finding.refresh_from_db()
    assert finding.text == "A parent waits"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED, what="changed a Day 1 note").exists()


def test_the_facilitator_removes_a_note_after_checking(toolkit, signed_in):
    finding = note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[1], text="Remove me")
    client = signed_in(toolkit.review.facilitator)
    url = reverse("toolkit:remove_finding", args=[finding.pk])
    assert "Remove this note?" in client.get(url).content.decode()
    assert Finding.objects.exists()
    response = client.post(url)
    assert response["Location"] == reverse("toolkit:matrix", args=[toolkit.review.pk]) + "#step-support"
    assert not Finding.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED, what="removed a Day 1 note").exists()


# Who may use the facilitator's pages ---------------------------------------------------------------


@pytest.fixture
def hilltown(toolkit):
    """Another council's review, with a group and a note: Priya does not run it."""
    from ourplan.tests.factories import MembershipFactory, UserFactory

    lead = UserFactory(name="Hilltown lead", email="lead@hilltown.example")
    MembershipFactory(user=lead, organisation=toolkit.other_council, role="planning_lead")
    steps, people_groups = content.content_for(toolkit.other_council)
    review = operations.set_up_review(
        toolkit.other_council,
        by=lead,
        title="Hilltown review",
        facilitator=lead,
        day_one=datetime.date(2026, 10, 1),
        day_two=datetime.date(2026, 10, 8),
    )
    group = operations.add_work_group(review, name="Green group", people_groups=people_groups[:1])
    finding = operations.add_finding(group, people_group=people_groups[0], step=steps[0], kind=WORKING, text="HILLTOWN")
    return review, group, finding


def facilitator_urls(review, group, finding):
    return [
        reverse("toolkit:matrix", args=[review.pk]),
        reverse("toolkit:type_for_group", args=[group.pk]),
        reverse("toolkit:change_finding", args=[finding.pk]),
        reverse("toolkit:remove_finding", args=[finding.pk]),
        reverse("toolkit:day_one_report", args=[review.pk]),
        reverse("toolkit:day_one_report_pdf", args=[review.pk]),
        reverse("toolkit:day_one_report_docx", args=[review.pk]),
    ]


@pytest.mark.parametrize("who", ["black", "green", "aisha", "priya"])
def test_anyone_who_does_not_run_the_review_gets_not_found(area, toolkit, hilltown, signed_in, who):
    review, group, finding = hilltown
    client = signed_in(getattr(area, who))
    for url in facilitator_urls(review, group, finding):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"text": "probe", "kind": WORKING}).status_code in (404, 405), url
    assert Finding.objects.get(pk=finding.pk).text == "HILLTOWN"


@pytest.mark.parametrize("who", ["black", "green"])
def test_people_who_do_not_run_riverside_cannot_open_its_day_one_pages(area, toolkit, signed_in, who):
    finding = note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[0])
    client = signed_in(getattr(area, who))
    for url in facilitator_urls(toolkit.review, toolkit.red, finding):
        assert client.get(url).status_code == 404, url


def test_an_anonymous_visitor_is_sent_to_sign_in(toolkit, client):
    finding = note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[0])
    for url in facilitator_urls(toolkit.review, toolkit.red, finding):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in")), url
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_a_participant_session_does_not_open_the_facilitators_pages(toolkit, as_participant):
    finding = note(toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[0])
    client = as_participant(toolkit.aisha)
    for url in facilitator_urls(toolkit.review, toolkit.red, finding):
        assert client.get(url).status_code == 302  # to sign in


def test_notes_wait_until_the_facilitator_starts_day_one(toolkit, as_participant):
    operations.move_to_stage(toolkit.review, AreaReview.Stage.SETTING_UP)
    client = as_participant(toolkit.aisha)
    step, people_group = toolkit.steps[0], toolkit.people_groups[0]
    response = client.post(
        walk_url(toolkit.review, step, people_group),
        {"step": step.pk, "people_group": people_group.pk, "kind": NOT_WORKING, "text": "Too early"},
        follow=True,
    )
    assert "Day 1 has not started yet" in response.content.decode()
    assert not Finding.objects.exists()


def test_the_walk_tells_the_group_when_the_room_moves_on_with_a_link_to_what_is_happening(toolkit, as_participant):
    client = as_participant(toolkit.aisha)
    url = walk_url(toolkit.review, toolkit.steps[0], toolkit.people_groups[0])
    seen = version(toolkit.review)
    operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_TWO)
    live = client.get(url + f"&live=1&seen={seen}&notes=0").content.decode()
    assert (
        "The room has moved on" in live and reverse("toolkit:room", kwargs={"code": toolkit.review.join_code}) in live
    )
