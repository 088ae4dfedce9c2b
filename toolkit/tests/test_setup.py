"""Setting up an area review and running its room from the facilitator's overview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from audit.models import AuditEvent
from ourplan.tests.factories import MembershipFactory, UserFactory
from toolkit import content, operations
from toolkit.models import AreaReview, Participant, PeopleGroup, Step, WorkGroup

LIST = reverse("toolkit:list")
NEW = reverse("toolkit:new")


def _days(one=10, two=17):
    first = timezone.localdate() + datetime.timedelta(days=one)
    second = timezone.localdate() + datetime.timedelta(days=two)
    return {
        "day_one_day": str(first.day),
        "day_one_month": str(first.month),
        "day_one_year": str(first.year),
        "day_two_day": str(second.day),
        "day_two_month": str(second.month),
        "day_two_year": str(second.year),
    }


def _details(facilitator, **changes):
    return {
        "title": "Spring review of planning",
        "facilitator": facilitator.pk,
        "place": "Town Hall",
        **_days(),
        **changes,
    }


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
    return type("Elsewhere", (), {"review": review, "group": group, "participant": participant, "lead": lead})


def _facilitator_pages(review, group, participant):
    return [
        reverse("toolkit:overview", args=[review.pk]),
        reverse("toolkit:change", args=[review.pk]),
        reverse("toolkit:stage", args=[review.pk]),
        reverse("toolkit:add_work_group", args=[review.pk]),
        reverse("toolkit:change_work_group", args=[group.pk]),
        reverse("toolkit:add_participant", args=[review.pk]),
        reverse("toolkit:change_participant", args=[participant.pk]),
    ]


# The list and setting up -----------------------------------------------------------------------


def test_the_planning_lead_sees_the_areas_reviews_newest_first_and_may_set_one_up(area, signed_in, toolkit):
    operations.set_up_review(
        area.council,
        by=area.priya,
        title="Last year's review",
        facilitator=area.priya,
        day_one=timezone.localdate() - datetime.timedelta(days=365),
        day_two=timezone.localdate() - datetime.timedelta(days=358),
    )
    page = signed_in(area.priya).get(LIST).content.decode()
    assert page.index("Riverside review of planning") < page.index("Last year&#x27;s review")
    assert "Setting up" in page and NEW in page


def test_a_facilitator_who_is_not_a_planning_lead_sees_their_review_but_cannot_set_one_up(area, signed_in, toolkit):
    operations.change_review(toolkit.review, facilitator=area.green)
    client = signed_in(area.green)
    page = client.get(LIST).content.decode()
    assert "Riverside review of planning" in page and NEW not in page
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("toolkit:overview", args=[toolkit.review.pk])).status_code == 200


@pytest.mark.parametrize("who", ["green", "black", "aisha"])
def test_someone_who_runs_no_area_review_is_refused_the_list_and_setting_one_up(area, signed_in, toolkit, who):
    client = signed_in(getattr(area, who))
    assert client.get(LIST).status_code == 403
    assert client.post(NEW, _details(area.priya)).status_code == 403
    assert AreaReview.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_from_every_facilitator_page(client, toolkit):
    review = toolkit.review
    for url in [LIST, NEW, *_facilitator_pages(review, toolkit.red, toolkit.aisha)]:
        for response in (client.get(url), client.post(url, {"stage": "day_one", "name": "Probe"})):
            if response.status_code != 405:  # the stage only takes a POST
                assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"], url
    assert AreaReview.objects.get().stage == AreaReview.Stage.SETTING_UP


def test_the_planning_lead_sets_up_a_review_and_the_area_gets_its_own_toolkit_words(area, signed_in):
    client = signed_in(area.priya)
    assert client.get(NEW).status_code == 200
    assert Step.objects.filter(area=area.council).count() == 5  # copied on the way in
    response = client.post(NEW, _details(area.green, title="  Spring   review  "))
    review = AreaReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("toolkit:overview", args=[review.pk])
    assert review.title == "Spring review" and review.facilitator == area.green and review.area == area.council
    assert review.day_two - review.day_one == datetime.timedelta(days=7) and review.created_by == area.priya
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGED, what="set up an area review")
    assert event.person is None and event.role == "facilitator"


def test_day_two_before_day_one_is_refused_keeping_what_was_typed(area, signed_in):
    response = signed_in(area.priya).post(NEW, _details(area.priya, title="Keep me", **_days(one=10, two=3)))
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "Day 2 date must be on or after Day 1 date" in page and 'value="Keep me"' in page
    assert not AreaReview.objects.exists()


def test_a_missing_name_and_a_day_in_the_past_say_what_to_do(area, signed_in):
    response = signed_in(area.priya).post(NEW, _details(area.priya, title=" ", **_days(one=-3, two=2)))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a name for the review" in page and "Day 1 date must be today or in the future" in page


def test_the_facilitator_is_chosen_from_people_working_in_the_area(area, signed_in, toolkit):
    stranger = UserFactory(name="Hilltown worker", email="worker@hilltown.example")
    MembershipFactory(user=stranger, organisation=toolkit.other_council, role=Membership.Role.PRACTITIONER)
    client = signed_in(area.priya)
    page = client.get(NEW).content.decode()
    for person in (area.priya, area.green, area.patel, area.jo):
        assert f'value="{person.pk}"' in page, person.name
    assert "Hilltown worker" not in page and "Aisha" not in page
    response = client.post(NEW, _details(stranger))
    assert response.status_code == 400 and "Choose who will facilitate the review from the list" in (
        response.content.decode()
    )
    response = client.post(NEW, _details(area.aisha))
    assert response.status_code == 400


# The overview ----------------------------------------------------------------------------------


def test_the_overview_shows_the_code_its_link_and_qr_code_and_who_is_here(area, signed_in, toolkit):
    review = toolkit.review
    operations.add_paper_participant(review, name="Leah", role=Participant.Role.BOARD_CHAIR)
    response = signed_in(area.priya).get(reverse("toolkit:overview", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert review.join_code in page
    assert f"http://testserver/toolkit/join/{review.join_code}/" in page
    assert '<svg role="img" xmlns="http://www.w3.org/2000/svg"' in page and 'class="op-qr"' in page
    assert "<title>QR code" in page
    assert "<?xml" not in page and " style=" not in page
    for name in ("Aisha", "Jo Evans", "Dr Patel", "Leah", "Red group", "Blue group"):
        assert name in page
    assert "On paper" in page and "From their phone" in page and "Commissioner" in page
    assert "Move everyone on to Day 1: the review" in page


@pytest.mark.parametrize("who", ["green", "black"])
def test_outsiders_get_404_from_every_page_of_a_review(area, signed_in, toolkit, who):
    client = signed_in(getattr(area, who))
    for url in _facilitator_pages(toolkit.review, toolkit.red, toolkit.aisha):
        assert client.get(url).status_code in (404, 405), url  # the stage takes only a POST
        assert client.post(url, {"stage": "day_one", "name": "Probe", "role": "other"}).status_code == 404, url
    assert AreaReview.objects.get().stage == AreaReview.Stage.SETTING_UP
    assert not Participant.objects.filter(name="Probe").exists()


def test_priya_gets_404_from_another_councils_review(area, signed_in, elsewhere):
    client = signed_in(area.priya)
    for url in _facilitator_pages(elsewhere.review, elsewhere.group, elsewhere.participant):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"stage": "finished", "name": "Probe", "role": "other"}).status_code == 404, url
    assert "Hilltown review" not in client.get(LIST).content.decode()
    elsewhere.review.refresh_from_db()
    assert elsewhere.review.stage == AreaReview.Stage.SETTING_UP and elsewhere.group.name == "Hilltown group"


def test_the_list_of_who_is_here_refreshes_only_when_something_changed(area, signed_in, toolkit):
    client = signed_in(area.priya)
    review = AreaReview.objects.get()
    url = reverse("toolkit:overview", args=[review.pk])
    assert client.get(url, {"live": "1", "seen": str(review.version)}).status_code == 204
    operations.join(review, name="Newcomer", role=Participant.Role.HEALTH)
    response = client.get(url, {"live": "1", "seen": str(review.version)})
    assert response.status_code == 200 and "Newcomer" in response.content.decode()
    assert 'aria-live="polite"' in response.content.decode()
    assert client.get(url, {"live": "1", "seen": "junk"}).status_code == 200


def test_moving_the_room_on_changes_the_stage_and_is_recorded(area, signed_in, toolkit):
    client = signed_in(area.priya)
    url = reverse("toolkit:stage", args=[toolkit.review.pk])
    response = client.post(url, {"stage": "day_one"})
    assert response.status_code == 302
    assert AreaReview.objects.get().stage == AreaReview.Stage.DAY_ONE
    assert AuditEvent.objects.filter(what__startswith="moved an area review to the stage", role="facilitator").exists()
    assert client.post(url, {"stage": "setting_up"}).status_code == 302  # stages may be revisited
    assert AreaReview.objects.get().stage == AreaReview.Stage.SETTING_UP


def test_a_stage_that_does_not_exist_is_refused_on_the_overview(area, signed_in, toolkit):
    response = signed_in(area.priya).post(reverse("toolkit:stage", args=[toolkit.review.pk]), {"stage": "party"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "Choose the stage to move to from the list" in page
    assert signed_in(area.priya).get(reverse("toolkit:stage", args=[toolkit.review.pk])).status_code == 405


def test_the_facilitator_changes_the_details_and_the_minutes_at_each_table(area, signed_in, toolkit):
    client = signed_in(area.priya)
    url = reverse("toolkit:change", args=[toolkit.review.pk])
    assert "Riverside Library" in client.get(url).content.decode()
    response = client.post(url, _details(area.priya, title="Renamed", round_minutes="61"))
    assert response.status_code == 400 and "Each round must last 60 minutes or fewer" in response.content.decode()
    response = client.post(url, _details(area.priya, title="Renamed", round_minutes="20"))
    assert response.status_code == 302
    review = AreaReview.objects.get()
    assert (review.title, review.round_minutes, review.place) == ("Renamed", 20, "Town Hall")
    assert AuditEvent.objects.filter(what__startswith="changed an area review's details").exists()


def test_a_day_one_already_past_may_stay_when_other_details_change(area, signed_in, toolkit):
    review = toolkit.review
    AreaReview.objects.filter(pk=review.pk).update(day_one=timezone.localdate() - datetime.timedelta(days=3))
    review.refresh_from_db()
    data = {
        **_details(area.priya, round_minutes="15"),
        "day_one_day": str(review.day_one.day),
        "day_one_month": str(review.day_one.month),
        "day_one_year": str(review.day_one.year),
    }
    assert signed_in(area.priya).post(reverse("toolkit:change", args=[review.pk]), data).status_code == 302


# Small groups and participants -----------------------------------------------------------------


def test_the_facilitator_adds_a_small_group_with_one_or_two_groups_of_people(area, signed_in, toolkit):
    client = signed_in(area.priya)
    url = reverse("toolkit:add_work_group", args=[toolkit.review.pk])
    people = toolkit.people_groups
    assert people[0].name in client.get(url).content.decode()
    response = client.post(
        url, {"name": "Green table", "people_groups": [people[3].pk, people[4].pk], "on_paper": "on"}
    )
    assert response.status_code == 302
    group = WorkGroup.objects.get(name="Green table")
    assert group.on_paper and set(group.people_groups.all()) == {people[3], people[4]}
    assert AuditEvent.objects.filter(what="added a small group to an area review").exists()


def test_more_than_two_groups_of_people_or_a_name_in_use_is_refused_clearly(area, signed_in, toolkit):
    client = signed_in(area.priya)
    url = reverse("toolkit:add_work_group", args=[toolkit.review.pk])
    chosen = [g.pk for g in toolkit.people_groups[:3]]
    response = client.post(url, {"name": "red GROUP", "people_groups": chosen})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "Choose no more than two groups of people. You chose 3." in page
    assert "There is already a small group called red GROUP" in page
    assert WorkGroup.objects.count() == 2


def test_a_retired_or_another_areas_group_of_people_cannot_be_chosen(area, signed_in, toolkit, elsewhere):
    retired = toolkit.people_groups[5]
    PeopleGroup.objects.filter(pk=retired.pk).update(retired=True)
    theirs = PeopleGroup.objects.filter(area=toolkit.other_council).first()
    client = signed_in(area.priya)
    url = reverse("toolkit:add_work_group", args=[toolkit.review.pk])
    for pk in (retired.pk, theirs.pk):
        response = client.post(url, {"name": "Another", "people_groups": [pk]})
        assert response.status_code == 400 and "Choose groups of people from the list" in response.content.decode()


def test_the_facilitator_renames_a_small_group_and_changes_its_groups_of_people(area, signed_in, toolkit):
    client = signed_in(area.priya)
    url = reverse("toolkit:change_work_group", args=[toolkit.red.pk])
    page = client.get(url).content.decode()
    assert 'value="Red group"' in page and "checked" in page
    before = AreaReview.objects.get().version
    response = client.post(url, {"name": "Scarlet group", "people_groups": [toolkit.people_groups[6].pk]})
    assert response.status_code == 302
    red = WorkGroup.objects.get(pk=toolkit.red.pk)
    assert red.name == "Scarlet group" and list(red.people_groups.all()) == [toolkit.people_groups[6]]
    assert AreaReview.objects.get().version > before
    response = client.post(url, {"name": "Blue group"})
    assert response.status_code == 400 and "already a small group called Blue group" in response.content.decode()


def test_the_facilitator_adds_someone_working_on_paper_and_moves_people_between_groups(area, signed_in, toolkit):
    client = signed_in(area.priya)
    add = reverse("toolkit:add_participant", args=[toolkit.review.pk])
    response = client.post(add, {"name": "Leah", "role": "board_chair", "work_group": toolkit.blue.pk})
    assert response.status_code == 302
    bea = Participant.objects.get(name="Leah")
    assert bea.on_paper and bea.work_group == toolkit.blue and bea.user is None
    change = reverse("toolkit:change_participant", args=[toolkit.aisha.pk])
    response = client.post(change, {"name": "Aisha K", "role": "experience", "work_group": toolkit.blue.pk})
    assert response.status_code == 302
    aisha = Participant.objects.get(pk=toolkit.aisha.pk)
    assert aisha.name == "Aisha K" and aisha.work_group == toolkit.blue and not aisha.on_paper
    assert AuditEvent.objects.filter(what="changed someone taking part in an area review").exists()
    assert not AuditEvent.objects.filter(what__contains="Aisha").exists()


def test_a_participant_needs_a_name_and_a_part_and_a_group_of_this_review(area, signed_in, toolkit, elsewhere):
    client = signed_in(area.priya)
    add = reverse("toolkit:add_participant", args=[toolkit.review.pk])
    response = client.post(add, {"name": " ", "role": "", "work_group": elsewhere.group.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter their name" in page and "Choose their part in planning" in page
    assert "Choose a small group from the list" in page
    assert not Participant.objects.filter(on_paper=True).exists()


# Queries ---------------------------------------------------------------------------------------


def test_the_list_and_the_overview_take_the_same_queries_however_many_people_and_groups(
    area, signed_in, toolkit, queries_to_show
):
    client = signed_in(area.priya)
    overview = reverse("toolkit:overview", args=[toolkit.review.pk])
    few = queries_to_show(client, overview), queries_to_show(client, LIST)
    for n in range(8):
        group = operations.add_work_group(toolkit.review, name=f"Group {n}", people_groups=toolkit.people_groups[:2])
        person = operations.join(toolkit.review, name=f"Person {n}", role=Participant.Role.OTHER)
        operations.choose_work_group(person, group)
        operations.set_up_review(
            area.council,
            by=area.priya,
            title=f"Review {n}",
            facilitator=area.priya,
            day_one=timezone.localdate(),
            day_two=timezone.localdate(),
        )
    many = queries_to_show(client, overview), queries_to_show(client, LIST)
    assert many == few


def test_the_planning_leads_home_page_links_to_area_reviews(area, signed_in):
    page = signed_in(area.priya).get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in page and "Area reviews" in page


def test_a_facilitator_who_is_not_a_planning_lead_finds_their_reviews_from_home(area, signed_in, toolkit):
    client = signed_in(area.green)
    assert f'href="{LIST}"' not in client.get(reverse("home")).content.decode()
    operations.change_review(toolkit.review, facilitator=area.green)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in page and "Area reviews you facilitate" in page


def test_asking_for_a_small_group_that_does_not_exist_is_refused_and_recorded(toolkit, signed_in, area):
    from audit.models import AuditEvent

    response = signed_in(area.priya).get(reverse("toolkit:change_work_group", args=[999999]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(user=area.priya, action=AuditEvent.Action.REFUSED).exists()


def test_moving_on_from_the_tables_while_the_timer_has_time_left_asks_first_and_changes_nothing(
    area, signed_in, toolkit
):
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_TWO)
    operations.start_round(review)
    client = signed_in(area.priya)
    url = reverse("toolkit:stage", args=[review.pk])
    response = client.post(url, {"stage": "voting"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The timer still has" in page and "Yes, move everyone on now" in page
    assert 'name="confirmed" value="yes"' in page and 'name="stage" value="voting"' in page
    assert AreaReview.objects.get().stage == AreaReview.Stage.DAY_TWO
    assert client.post(url, {"stage": "voting", "confirmed": "yes"}).status_code == 302
    assert AreaReview.objects.get().stage == AreaReview.Stage.VOTING


def test_moving_on_from_the_tables_when_the_time_is_up_needs_no_second_step(area, signed_in, toolkit):
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_TWO)
    operations.start_round(review, now=timezone.now() - datetime.timedelta(hours=1))
    assert (
        signed_in(area.priya).post(reverse("toolkit:stage", args=[review.pk]), {"stage": "voting"}).status_code == 302
    )
    assert AreaReview.objects.get().stage == AreaReview.Stage.VOTING
