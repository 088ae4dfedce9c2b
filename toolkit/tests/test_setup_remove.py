"""Taking out someone taking part, or a small group, set up by mistake: asked first, then done."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from audit.models import AuditEvent
from ourplan.tests.factories import MembershipFactory, UserFactory
from toolkit import content, operations
from toolkit.models import AreaReview, Dot, Finding, Idea, Participant, TableNote, WorkGroup

Stage = AreaReview.Stage


def remove_participant(participant):
    return reverse("toolkit:remove_participant", args=[participant.pk])


def remove_work_group(work_group):
    return reverse("toolkit:remove_work_group", args=[work_group.pk])


def html(response):
    return response.content.decode()


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def priya(area, signed_in):
    return signed_in(area.priya)


@pytest.fixture
def aisha_took_part(toolkit):
    """Aisha wrote a Day 1 note, a note and an idea at a table, and placed two dots."""
    red, step = toolkit.red, toolkit.steps[0]
    operations.add_finding(
        red, people_group=toolkit.people_groups[0], step=step, kind="working", text="Reviews on time", by=toolkit.aisha
    )
    operations.add_table_note(red, step=step, kind="future", text="Every plan read", by=toolkit.aisha)
    idea = operations.add_idea(red, step=step, text="Plan from Year 9", by=toolkit.aisha)
    other = operations.add_idea(toolkit.blue, step=step, text="Easy-read guide", by=toolkit.patel)
    operations.move_to_stage(toolkit.review, Stage.VOTING)
    operations.place_dot(toolkit.aisha, idea, Dot.Colour.NOW)
    operations.place_dot(toolkit.aisha, other, Dot.Colour.LATER)
    operations.place_dot(toolkit.jo, idea, Dot.Colour.NOW)
    return idea


@pytest.fixture
def elsewhere(toolkit):
    """A review of Hilltown Council's planning, run by Hilltown's own planning lead."""
    content.content_for(toolkit.other_council)
    lead = UserFactory(name="Hilltown lead", email="lead@hilltown.example")
    MembershipFactory(user=lead, organisation=toolkit.other_council, role=Membership.Role.PLANNING_LEAD)
    review = operations.set_up_review(
        toolkit.other_council,
        by=lead,
        title="Hilltown review",
        facilitator=lead,
        day_one=timezone.localdate(),
        day_two=timezone.localdate(),
    )
    group = operations.add_work_group(review, name="Hilltown group")
    participant = operations.join(review, name="Hilltown person", role=Participant.Role.OTHER)
    return type("Elsewhere", (), {"review": review, "group": group, "participant": participant})


# Someone taking part ---------------------------------------------------------------------------


def test_the_overview_and_their_page_offer_to_remove_someone(priya, toolkit):
    overview = html(priya.get(reverse("toolkit:overview", args=[toolkit.review.pk])))
    assert remove_participant(toolkit.aisha) in overview and remove_work_group(toolkit.red) in overview
    live = html(priya.get(reverse("toolkit:overview", args=[toolkit.review.pk]), {"live": "1", "seen": "0"}))
    assert remove_participant(toolkit.patel) in live
    assert remove_participant(toolkit.jo) in html(
        priya.get(reverse("toolkit:change_participant", args=[toolkit.jo.pk]))
    )
    assert remove_work_group(toolkit.blue) in html(
        priya.get(reverse("toolkit:change_work_group", args=[toolkit.blue.pk]))
    )


def test_the_facilitator_is_asked_first_and_told_the_votes_change_and_what_they_wrote_stays(
    priya, toolkit, aisha_took_part
):
    response = priya.get(remove_participant(toolkit.aisha))
    page = html(response)
    assert response.status_code == 200 and "<title>Remove Aisha?" in page
    assert "Their 2 dots are taken back, so the votes for those ideas go down." in page
    assert "The 3 notes and ideas they wrote stay, but no longer show who wrote them." in page
    assert "Yes, remove Aisha" in page and 'method="post"' in page
    assert Participant.objects.filter(pk=toolkit.aisha.pk).exists()  # asking changes nothing


def test_someone_who_joined_by_mistake_is_removed_their_dots_taken_back_and_their_words_kept_unnamed(
    priya, toolkit, aisha_took_part
):
    review = toolkit.review
    review.refresh_from_db()
    before = review.version
    response = priya.post(remove_participant(toolkit.aisha))
    assert response.status_code == 302
    assert response["Location"] == reverse("toolkit:overview", args=[review.pk]) + "#participants"
    assert "Removed Aisha." in said(response)
    assert not Participant.objects.filter(pk=toolkit.aisha.pk).exists()
    assert list(Dot.objects.values_list("participant", flat=True)) == [toolkit.jo.pk]  # Jo Evans's dot stays
    assert aisha_took_part.dots.count() == 1  # the idea's votes went down
    for model in (Finding, TableNote, Idea):
        assert model.objects.filter(written_by__isnull=True).exists(), model
    assert Idea.objects.count() == 2 and Finding.objects.count() == 1 and TableNote.objects.count() == 1
    review.refresh_from_db()
    assert review.version > before  # the screens in the room see it
    event = AuditEvent.objects.get(what="removed someone taking part in an area review")
    assert event.role == "facilitator" and event.action == AuditEvent.Action.CHANGED


def test_someone_removed_is_sent_to_join_again_from_their_phone(priya, toolkit, client, as_participant):
    priya.post(remove_participant(toolkit.patel))
    client.logout()
    phone = as_participant(toolkit.patel)
    response = phone.get(reverse("toolkit:room", args=[toolkit.review.join_code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("toolkit:join_with_code", args=[toolkit.review.join_code])


def test_someone_who_wrote_nothing_and_placed_no_dots_is_told_so(priya, toolkit):
    page = html(priya.get(remove_participant(toolkit.patel)))
    assert "They have not placed any dots." in page and "no longer show who wrote" not in page


def test_nobody_is_removed_once_the_review_has_finished(priya, toolkit, aisha_took_part):
    operations.move_to_stage(toolkit.review, Stage.FINISHED)
    page = html(priya.get(remove_participant(toolkit.aisha)))
    assert "This area review has finished, so everyone who took part stays in its record." in page
    assert "Yes, remove" not in page and reverse("toolkit:change_participant", args=[toolkit.aisha.pk]) in page
    response = priya.post(remove_participant(toolkit.aisha))
    assert response.status_code == 302 and "everyone who took part stays" in said(response)[0]
    assert Participant.objects.filter(pk=toolkit.aisha.pk).exists() and Dot.objects.count() == 3
    assert not AuditEvent.objects.filter(what="removed someone taking part in an area review").exists()


# A small group ---------------------------------------------------------------------------------


def test_an_empty_small_group_is_removed_and_its_people_are_not_in_a_group_yet(priya, toolkit):
    review = toolkit.review
    page = html(priya.get(remove_work_group(toolkit.red)))
    assert "<title>Remove Red group?" in page and "These 2 people will not be in a small group" in page
    assert "Aisha" in page and "Jo Evans" in page and "Yes, remove Red group" in page
    review.refresh_from_db()
    before = review.version
    response = priya.post(remove_work_group(toolkit.red))
    assert response["Location"] == reverse("toolkit:overview", args=[review.pk]) + "#groups"
    assert "Removed Red group." in said(response)
    assert not WorkGroup.objects.filter(pk=toolkit.red.pk).exists()
    assert set(Participant.objects.filter(work_group__isnull=True).values_list("name", flat=True)) == {
        "Aisha",
        "Jo Evans",
    }
    review.refresh_from_db()
    assert review.version > before
    assert AuditEvent.objects.get(what="removed a small group of an area review").role == "facilitator"
    overview = html(priya.get(reverse("toolkit:overview", args=[review.pk])))
    assert "2 are not in a small group yet." in overview


def test_a_small_group_that_has_written_anything_stays_and_renaming_it_is_suggested(priya, toolkit):
    operations.add_table_note(toolkit.blue, step=toolkit.steps[0], kind="future", text="Every plan read")
    page = html(priya.get(remove_work_group(toolkit.blue)))
    assert "Blue group has written 1 note or idea, so it stays" in page
    assert "Yes, remove" not in page and reverse("toolkit:change_work_group", args=[toolkit.blue.pk]) in page
    response = priya.post(remove_work_group(toolkit.blue))
    assert response.status_code == 302
    assert said(response) == ["Blue group has written notes or ideas, so it stays. You can change its name instead."]
    assert WorkGroup.objects.filter(pk=toolkit.blue.pk).exists()
    assert Participant.objects.get(pk=toolkit.patel.pk).work_group == toolkit.blue


def test_removing_a_group_at_the_tables_warns_that_the_groups_after_it_move_table(priya, toolkit):
    operations.move_to_stage(toolkit.review, Stage.DAY_TWO)
    assert "move to another table" in html(priya.get(remove_work_group(toolkit.red)))
    assert "move to another table" not in html(priya.get(remove_work_group(toolkit.blue)))  # the last one


# Who may -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["green", "black"])
def test_outsiders_get_404_and_nothing_is_removed(area, signed_in, toolkit, who):
    client = signed_in(getattr(area, who))
    for url in (remove_participant(toolkit.aisha), remove_work_group(toolkit.red)):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert Participant.objects.count() == 3 and WorkGroup.objects.count() == 2


def test_priya_gets_404_from_another_councils_review(priya, elsewhere):
    for url in (remove_participant(elsewhere.participant), remove_work_group(elsewhere.group)):
        assert priya.get(url).status_code == 404, url
        assert priya.post(url).status_code == 404, url
    assert Participant.objects.filter(pk=elsewhere.participant.pk).exists()
    assert WorkGroup.objects.filter(pk=elsewhere.group.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, toolkit):
    for url in (remove_participant(toolkit.aisha), remove_work_group(toolkit.red)):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"], url
    assert Participant.objects.count() == 3 and WorkGroup.objects.count() == 2


def test_a_participant_on_their_phone_cannot_remove_anyone(toolkit, as_participant):
    phone = as_participant(toolkit.aisha)
    response = phone.post(remove_participant(toolkit.jo))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]
    assert Participant.objects.filter(pk=toolkit.jo.pk).exists()
