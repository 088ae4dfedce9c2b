"""After the voting: the facilitator chooses priorities from the ideas ranked by dots, says what a
year from now looks like, sets actions with who governs them, and the actions are tracked."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from audit.models import AuditEvent
from ourplan.tests.factories import MembershipFactory, UserFactory
from toolkit import operations, strategy
from toolkit.models import AreaReview, Dot, Priority, StrategyAction, StrategyActionUpdate

NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER
Status = StrategyAction.Status


def url(name, *args):
    return reverse(f"toolkit:{name}", args=args)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def voted(toolkit):
    """Four ideas and the room's dots: the Year 9 idea has most, mostly "could change now"; the guide
    as many, all "needs further planning"; training one; the last none. Voting closed."""
    first, second = toolkit.steps[0], toolkit.steps[1]
    year9 = operations.add_idea(toolkit.red, step=first, text="Offer every Year 9 pupil a person-centred review")
    guide = operations.add_idea(toolkit.blue, step=first, text="An easy-read guide to planning")
    train = operations.add_idea(toolkit.red, step=second, text="Train coordinators in running reviews")
    quiet = operations.add_idea(toolkit.blue, step=second, text="An idea nobody chose")
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    for who, idea, colour in (
        (toolkit.aisha, year9, NOW),
        (toolkit.jo, year9, NOW),
        (toolkit.patel, year9, LATER),
        (toolkit.aisha, guide, LATER),
        (toolkit.jo, guide, LATER),
        (toolkit.patel, guide, LATER),
        (toolkit.patel, train, NOW),
    ):
        operations.place_dot(who, idea, colour)
    review = operations.close_voting(review)
    return SimpleNamespace(toolkit=toolkit, review=review, year9=year9, guide=guide, train=train, quiet=quiet)


def an_action(priority, by, **fields):
    values = {
        "who": "Transition team",
        "what": "Write to every school about Year 9 reviews",
        "by_when": days(60),
        "monitored_by": "Chair of the Partnership Board",
        "task_group": "Transition task group",
        "report_by": days(90),
        **fields,
    }
    return operations.add_strategy_action(priority, by=by, **values)


def action_post(**changes):
    when, report = days(60), days(90)
    data = {
        "who": "Transition team",
        "owner": "",
        "what": "Write to every school about Year 9 reviews",
        "by_when_day": when.day,
        "by_when_month": when.month,
        "by_when_year": when.year,
        "monitored_by": "Chair of the Partnership Board",
        "task_group": "Transition task group",
        "report_by_day": report.day,
        "report_by_month": report.month,
        "report_by_year": report.year,
    }
    data.update(changes)
    return data


# Choosing the priorities -----------------------------------------------------------------------


def test_the_facilitator_sees_the_ideas_ranked_by_dots_with_their_now_and_later_counts(area, signed_in, voted):
    response = signed_in(area.priya).get(url("priorities", voted.review.pk))
    page = response.content.decode()
    assert response.status_code == 200
    order = [page.index(idea.text) for idea in (voted.year9, voted.guide, voted.train, voted.quiet)]
    assert order == sorted(order)
    ranked = {item.idea.pk: item for item in response.context["ranked"]}
    assert (ranked[voted.year9.pk].now, ranked[voted.year9.pk].later, ranked[voted.year9.pk].rank) == (2, 1, 1)
    # as many dots in all: a shared place, the one with more "could change now" dots listed first
    assert (ranked[voted.guide.pk].now, ranked[voted.guide.pk].later, ranked[voted.guide.pk].rank) == (0, 3, 1)
    assert ranked[voted.year9.pk].joint and ranked[voted.guide.pk].joint
    assert "Make it a priority: could change now" in page and "Make it a priority: needs further planning" in page
    assert "Aisha" not in page  # who placed the dots is never shown


def test_choosing_an_idea_makes_it_a_priority_now_when_most_of_its_dots_say_so(area, signed_in, voted):
    client = signed_in(area.priya)
    response = client.post(url("priorities", voted.review.pk), {"do": "choose", "idea": voted.year9.pk})
    assert response.status_code == 302
    client.post(url("priorities", voted.review.pk), {"do": "choose", "idea": voted.guide.pk})
    assert Priority.objects.get(idea=voted.year9).timescale == NOW
    assert Priority.objects.get(idea=voted.guide).timescale == LATER
    page = client.get(url("priorities", voted.review.pk)).content.decode()
    assert url("priority", Priority.objects.get(idea=voted.year9).pk) in page
    assert AuditEvent.objects.filter(user=area.priya, action="changed", what__contains="priority").exists()


def test_the_facilitator_may_choose_the_timescale_instead_of_the_dots(area, signed_in, voted):
    signed_in(area.priya).post(
        url("priorities", voted.review.pk), {"do": "choose", "idea": voted.guide.pk, "timescale": NOW}
    )
    assert Priority.objects.get(idea=voted.guide).timescale == NOW


def test_making_the_top_ideas_priorities_includes_joint_places_and_leaves_out_ideas_without_dots(
    area, signed_in, voted
):
    tied = operations.add_idea(voted.toolkit.blue, step=voted.toolkit.steps[2], text="A second tied idea")
    review = operations.open_voting(voted.review)
    for who in (voted.toolkit.aisha, voted.toolkit.jo):
        operations.place_dot(who, tied, LATER)
    operations.place_dot(voted.toolkit.aisha, voted.train, LATER)  # training: 2 dots; tied: 2 dots, 0 now
    client = signed_in(area.priya)
    response = client.post(url("priorities", review.pk), {"do": "top", "number": "2"})
    assert response.status_code == 302
    chosen = set(Priority.objects.values_list("idea__text", flat=True))
    assert chosen == {voted.year9.text, voted.guide.text}  # joint 1st with 3 dots each
    client.post(url("priorities", review.pk), {"do": "top", "number": "3"})
    chosen = set(Priority.objects.values_list("idea__text", flat=True))
    assert chosen == {voted.year9.text, voted.guide.text, voted.train.text, tied.text}  # and joint 3rd
    response = client.post(url("priorities", review.pk), {"do": "top", "number": "20"})
    chosen = set(Priority.objects.values_list("idea__text", flat=True))
    assert tied.text in chosen and voted.quiet.text not in chosen


def test_a_wrong_number_of_top_ideas_is_refused_in_plain_words(area, signed_in, voted):
    response = signed_in(area.priya).post(url("priorities", voted.review.pk), {"do": "top", "number": "lots"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "Enter a whole number, for example 5" in page and 'value="lots"' in page
    assert not Priority.objects.exists()


def test_priorities_are_listed_with_what_can_change_now_first(area, signed_in, voted):
    operations.make_priority(voted.review, voted.guide, timescale=LATER)
    operations.make_priority(voted.review, voted.train, timescale=NOW)
    operations.make_priority(voted.review, voted.year9, timescale=NOW)
    ranked = strategy.priorities_of(voted.review)
    assert [r.priority.idea.text for r in ranked] == [voted.year9.text, voted.train.text, voted.guide.text]


def test_dropping_a_priority_with_actions_is_refused_and_one_without_is_dropped(area, signed_in, voted):
    kept = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    gone = operations.make_priority(voted.review, voted.guide, timescale=LATER)
    an_action(kept, area.priya)
    client = signed_in(area.priya)
    response = client.post(url("priorities", voted.review.pk), {"do": "drop", "priority": kept.pk})
    assert response.status_code == 400
    assert "This priority has actions, so it stays" in response.content.decode()
    assert client.post(url("priorities", voted.review.pk), {"do": "drop", "priority": gone.pk}).status_code == 302
    assert list(Priority.objects.all()) == [kept]


# One priority: a year from now ------------------------------------------------------------------


def test_the_priority_page_shows_its_votes_and_the_seeds_example_as_a_hint(area, signed_in, voted):
    priority = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    page = signed_in(area.priya).get(url("priority", priority.pk)).content.decode()
    assert voted.year9.text in page
    assert "2 could change now, 1 needs further planning: 3 in all" in page
    assert "All young people in Year 9 have a person-centred review" in page


def test_a_year_from_now_is_saved_and_the_timescale_can_change(area, signed_in, voted):
    priority = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    version = AreaReview.objects.get(pk=voted.review.pk).version
    response = signed_in(area.priya).post(
        url("priority", priority.pk),
        {"timescale": LATER, "year_from_now": "  All young people in Year 9 have a person-centred review "},
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.year_from_now == "All young people in Year 9 have a person-centred review"
    assert priority.timescale == LATER
    assert AreaReview.objects.get(pk=voted.review.pk).version > version  # the room's screens see it


# Actions -------------------------------------------------------------------------------------


def test_adding_an_action_with_an_owner_from_the_area(area, signed_in, voted):
    priority = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    response = signed_in(area.priya).post(url("add_action", priority.pk), action_post(owner=area.green.pk))
    assert response.status_code == 302
    action = StrategyAction.objects.get()
    assert (action.who, action.owner, action.task_group) == ("Transition team", area.green, "Transition task group")
    assert action.by_when == days(60) and action.report_by == days(90)
    assert StrategyActionUpdate.objects.filter(action=action, by=area.priya).count() == 1


def test_adding_an_action_with_bad_input_keeps_what_was_typed_and_says_what_to_fix(area, signed_in, voted):
    priority = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    past, far = days(-3), days(800)
    response = signed_in(area.priya).post(
        url("add_action", priority.pk),
        action_post(
            who="",
            what="Ask schools which pupils are in Year 9",
            by_when_day=past.day,
            by_when_month=past.month,
            by_when_year=past.year,
            report_by_day=far.day,
            report_by_month=far.month,
            report_by_year=far.year,
            monitored_by="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "There is a problem" in page
    assert "Enter who will do it" in page
    assert "By when must be a date in the future" in page
    assert "must be within 2 years" in page
    assert "Enter who monitors it" in page
    assert "Ask schools which pupils are in Year 9" in page and "Transition task group" in page
    assert not StrategyAction.objects.exists()


def test_an_owner_must_be_someone_in_the_area(area, signed_in, voted, toolkit):
    elsewhere = UserFactory(name="Hilltown officer", email="officer@hilltown.example")
    MembershipFactory(user=elsewhere, organisation=toolkit.other_council, role=Membership.Role.PLANNING_LEAD)
    priority = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    client = signed_in(area.priya)
    page = client.get(url("priority", priority.pk)).content.decode()
    assert "Ms Green" in page and "Priya" in page and "Dr Patel" in page
    assert "Hilltown officer" not in page and "Aisha" not in page  # another council; a family
    response = client.post(url("add_action", priority.pk), action_post(owner=elsewhere.pk))
    assert response.status_code == 400 and "Choose someone from the list, or no one" in response.content.decode()


# Tracking ---------------------------------------------------------------------------------------


@pytest.fixture
def tracked(area, voted):
    year9 = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    guide = operations.make_priority(voted.review, voted.guide, timescale=LATER)
    later = an_action(year9, area.priya, what="Later action", by_when=days(100), owner=area.green)
    soon = an_action(guide, area.priya, what="Soon action", by_when=days(20))
    stuck = an_action(guide, area.priya, what="Stuck action", by_when=days(50))
    done = an_action(year9, area.priya, what="Done action", by_when=days(5))
    late = an_action(year9, area.priya, what="Late action", by_when=days(30))
    StrategyAction.objects.filter(pk=late.pk).update(by_when=days(-2))  # set long ago, now past its date
    operations.update_strategy_progress(stuck, status=Status.STUCK, note="No budget yet", by=area.priya)
    operations.update_strategy_progress(done, status=Status.DONE, by=area.priya)
    operations.update_strategy_progress(later, status=Status.IN_PROGRESS, by=area.green)
    return SimpleNamespace(later=later, soon=soon, stuck=stuck, done=done, late=late, year9=year9, guide=guide)


def test_the_actions_list_shows_overdue_first_then_stuck_then_by_date_with_counts(area, signed_in, tracked):
    response = signed_in(area.priya).get(url("actions"))
    assert [a.what for a in response.context["rows"]] == [
        "Late action",
        "Stuck action",
        "Soon action",
        "Later action",
        "Done action",
    ]
    counts = response.context["counts"]
    assert (counts["done"], counts["in_progress"], counts["stuck"], counts["overdue"]) == (1, 1, 1, 1)
    page = response.content.decode()
    assert "Overdue" in page and "Ms Green" in page


def test_the_actions_list_filters_by_status(area, signed_in, tracked):
    client = signed_in(area.priya)
    assert [a.what for a in client.get(url("actions"), {"show": "stuck"}).context["rows"]] == ["Stuck action"]
    assert [a.what for a in client.get(url("actions"), {"show": "overdue"}).context["rows"]] == ["Late action"]
    assert len(client.get(url("actions"), {"show": "nonsense"}).context["rows"]) == 5


def test_progress_is_tracked_with_its_history(area, signed_in, tracked):
    client = signed_in(area.priya)
    response = client.post(
        url("action_progress", tracked.soon.pk), {"status": Status.IN_PROGRESS, "note": "Letters drafted"}
    )
    assert response.status_code == 302
    client.post(url("action_progress", tracked.soon.pk), {"status": Status.DONE, "note": ""})
    tracked.soon.refresh_from_db()
    assert tracked.soon.status == Status.DONE
    page = client.get(url("action", tracked.soon.pk)).content.decode()
    assert "Letters drafted" in page and "Priya" in page
    history = list(tracked.soon.updates.values_list("status", flat=True))
    assert history == [Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED]


def test_stuck_needs_a_note_saying_what_is_in_the_way(area, signed_in, tracked):
    response = signed_in(area.priya).post(url("action_progress", tracked.soon.pk), {"status": Status.STUCK})
    assert response.status_code == 400
    assert "Say what is in the way" in response.content.decode()
    tracked.soon.refresh_from_db()
    assert tracked.soon.status == Status.NOT_STARTED


def test_the_owner_may_update_progress_but_not_change_the_action(area, signed_in, tracked):
    client = signed_in(area.green)
    rows = client.get(url("actions")).context["rows"]
    assert [a.what for a in rows] == ["Later action"]  # only the one they own
    assert client.get(url("action", tracked.later.pk)).status_code == 200
    response = client.post(url("action_progress", tracked.later.pk), {"status": Status.DONE})
    assert response.status_code == 302
    tracked.later.refresh_from_db()
    assert tracked.later.status == Status.DONE and tracked.later.updates.first().by == area.green
    assert client.get(url("change_action", tracked.later.pk)).status_code == 404
    assert client.post(url("change_action", tracked.later.pk), action_post(what="Hijacked")).status_code == 404
    assert client.get(url("action", tracked.soon.pk)).status_code == 404  # not theirs
    tracked.later.refresh_from_db()
    assert tracked.later.what == "Later action"


def test_the_facilitator_changes_an_action_and_an_old_date_may_stay(area, signed_in, tracked):
    client = signed_in(area.priya)
    late = StrategyAction.objects.get(pk=tracked.late.pk)
    data = action_post(
        what="Late action, done differently",
        by_when_day=late.by_when.day,
        by_when_month=late.by_when.month,
        by_when_year=late.by_when.year,
    )
    assert client.get(url("change_action", late.pk)).status_code == 200
    assert client.post(url("change_action", late.pk), data).status_code == 302
    late.refresh_from_db()
    assert late.what == "Late action, done differently" and late.by_when == days(-2)


def test_the_home_page_links_an_owner_to_their_strategy_actions(area, signed_in, tracked):
    assert url("actions") in signed_in(area.green).get(reverse("home")).content.decode()
    assert url("actions") not in signed_in(area.black).get(reverse("home")).content.decode()


# Participants ---------------------------------------------------------------------------------


def test_participants_read_the_priorities_a_year_from_now_and_the_actions(area, client, as_participant, tracked):
    operations.set_year_from_now(tracked.year9, "All young people in Year 9 have a person-centred review")
    review = tracked.year9.review
    page = as_participant(review.participants.get(name="Jo Evans")).get(url("room_strategy", review.join_code))
    text = page.content.decode()
    assert page.status_code == 200
    assert "All young people in Year 9 have a person-centred review" in text
    assert "Later action" in text and "Transition team" in text
    assert "<form" not in text.split('id="main-content"')[1]  # read only
    assert "Ms Green" not in text  # the owner's account is for the facilitator's pages


def test_the_participants_page_updates_only_when_something_changed(area, as_participant, tracked):
    review = AreaReview.objects.get(pk=tracked.year9.review_id)
    client = as_participant(review.participants.get(name="Dr Patel"))
    live = url("room_strategy", review.join_code)
    assert client.get(live, {"live": "1", "seen": review.version}).status_code == 204
    operations.set_year_from_now(tracked.year9, "Every Year 9 pupil has a review")
    response = client.get(live, {"live": "1", "seen": review.version})
    assert response.status_code == 200 and "Every Year 9 pupil has a review" in response.content.decode()


def test_a_participant_without_a_session_is_sent_to_join(client, voted):
    response = client.get(url("room_strategy", voted.review.join_code))
    assert response.status_code == 302
    assert response["Location"] == reverse("toolkit:join_with_code", kwargs={"code": voted.review.join_code})


# Outsiders ------------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(toolkit):
    """Another council's review, with a priority and an action, run by its own planning lead."""
    lead = UserFactory(name="Hilltown lead", email="lead@hilltown.example")
    MembershipFactory(user=lead, organisation=toolkit.other_council, role=Membership.Role.PLANNING_LEAD)
    review = operations.set_up_review(
        toolkit.other_council,
        by=lead,
        title="Hilltown review",
        facilitator=lead,
        day_one=days(1),
        day_two=days(8),
    )
    group = operations.add_work_group(review, name="Green group")
    idea = operations.add_idea(group, step=toolkit.steps[0], text="Hilltown's own idea")
    priority = operations.make_priority(review, idea, timescale=NOW)
    action = an_action(priority, lead, what="Hilltown's own action")
    return SimpleNamespace(review=review, priority=priority, action=action, lead=lead)


def object_urls(review, priority, action):
    return [
        url("priorities", review.pk),
        url("priority", priority.pk),
        url("add_action", priority.pk),
        url("action", action.pk),
        url("change_action", action.pk),
        url("action_progress", action.pk),
        url("strategy", review.pk),
        url("strategy_pdf", review.pk),
        url("strategy_docx", review.pk),
    ]


def test_priya_is_refused_another_councils_review_and_does_not_see_its_actions(area, signed_in, elsewhere):
    client = signed_in(area.priya)
    for address in object_urls(elsewhere.review, elsewhere.priority, elsewhere.action):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"status": "done", "do": "top", "number": "3"}).status_code in (404, 405), address
    assert "Hilltown" not in client.get(url("actions")).content.decode()
    elsewhere.action.refresh_from_db()
    assert elsewhere.action.status == Status.NOT_STARTED
    assert AuditEvent.objects.filter(user=area.priya, action="refused").exists()


@pytest.mark.parametrize("who", ["black", "green"])
def test_people_who_run_no_review_are_refused_everything(area, signed_in, tracked, who):
    client = signed_in(getattr(area, who))
    if who == "green":
        StrategyAction.objects.filter(owner=area.green).update(owner=None)
    for address in object_urls(tracked.year9.review, tracked.year9, tracked.soon):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"status": "done", "do": "top", "number": "3"}).status_code in (404, 405)
    assert client.get(url("actions")).status_code == 403
    tracked.soon.refresh_from_db()
    assert tracked.soon.status == Status.NOT_STARTED and Priority.objects.count() == 2


def test_an_anonymous_visitor_is_asked_to_sign_in(client, tracked):
    for address in [*object_urls(tracked.year9.review, tracked.year9, tracked.soon), url("actions")]:
        response = client.get(address)
        assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"], address


# Query counts ---------------------------------------------------------------------------------


def test_the_pages_take_as_many_queries_however_many_actions(area, signed_in, tracked, queries_to_show):
    client = signed_in(area.priya)
    review = tracked.year9.review
    pages = [
        url("actions"),
        url("priorities", review.pk),
        url("strategy", review.pk),
        url("priority", tracked.year9.pk),
    ]
    before = [queries_to_show(client, page) for page in pages]
    for n in range(6):
        an_action(tracked.year9, area.priya, what=f"Extra {n}", owner=area.green)
        an_action(tracked.guide, area.priya, what=f"More {n}", task_group=f"Group {n}")
    blue = review.work_groups.get(name="Blue group")
    extra = operations.add_idea(
        blue, step=tracked.year9.idea.step.__class__.objects.filter(area=review.area)[3], text="x"
    )
    operations.make_priority(review, extra, timescale=NOW)
    after = [queries_to_show(client, page) for page in pages]
    assert after == before


def test_the_priority_page_shows_its_actions_with_the_late_ones_marked(area, signed_in, tracked):
    page = signed_in(area.priya).get(url("priority", tracked.year9.pk)).content.decode()
    late = page[page.index("Late action") : page.index("Done action")]
    assert "Overdue" in late and "Transition task group" in late and "Chair of the Partnership Board" in late
    assert "Overdue" not in page[page.index("Done action") : page.index("Later action")]
