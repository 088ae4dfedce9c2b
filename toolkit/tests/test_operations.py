import pytest

from toolkit import content, operations
from toolkit.models import AreaReview, Dot, Idea, PeopleGroup, Step


def test_an_area_gets_its_own_copy_of_the_toolkit_once(area):
    steps, groups = content.content_for(area.council)
    again, _ = content.content_for(area.council)
    assert [s.code for s in steps] == ["everyone", "support", "works", "change", "leadership"]
    assert [s.pk for s in again] == [s.pk for s in steps]
    assert Step.objects.filter(area=area.council).count() == 5
    assert PeopleGroup.objects.filter(area=area.council).count() == len(groups) >= 10
    assert all(step.prompts_by_kind["question"] for step in steps)


def test_join_codes_are_short_and_easy_to_type(toolkit):
    code = toolkit.review.join_code
    assert len(code) == 6 and set(code) <= set(operations.CODE_ALPHABET)
    assert operations.normalise_code(f" {code[:3].lower()}-{code[3:]} ") == code


def test_each_group_moves_on_one_table_a_round(toolkit):
    review, steps = toolkit.review, toolkit.steps
    groups = [toolkit.red, toolkit.blue]
    assert [operations.table_index(review, g, groups, steps) for g in groups] == [0, 1]
    review = operations.next_round(review)
    assert [operations.table_index(review, g, groups, steps) for g in groups] == [1, 2]
    for _round in range(4):
        review = operations.next_round(review)
    assert [operations.table_index(review, g, groups, steps) for g in groups] == [0, 1]


def test_the_timer_pauses_and_resumes_where_it_was(toolkit):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    review = operations.start_round(toolkit.review, now=now)
    assert operations.seconds_left(review, now + datetime.timedelta(minutes=5)) == 600
    review = operations.pause_timer(review, now=now + datetime.timedelta(minutes=5))
    assert operations.seconds_left(review, now + datetime.timedelta(hours=1)) == 600
    review = operations.resume_timer(review, now=now + datetime.timedelta(hours=1))
    assert operations.seconds_left(review, now + datetime.timedelta(hours=1, minutes=1)) == 540


def test_a_group_has_at_most_two_ideas_at_a_table(toolkit):
    step = toolkit.steps[0]
    operations.add_idea(toolkit.red, step=step, text="Offer every Year 9 pupil a review")
    operations.add_idea(toolkit.red, step=step, text="Easy-read guide to planning")
    with pytest.raises(operations.TooManyIdeas):
        operations.add_idea(toolkit.red, step=step, text="A third idea")
    operations.add_idea(toolkit.blue, step=step, text="Another group's idea")
    assert Idea.objects.filter(step=step).count() == 3


def test_a_participant_places_three_dots_of_each_colour_and_no_more(toolkit):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Offer every Year 9 pupil a review")
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    for colour in (Dot.Colour.NOW, Dot.Colour.LATER):
        for _dot in range(3):
            operations.place_dot(toolkit.aisha, idea, colour)
        with pytest.raises(operations.NoDotsLeft):
            operations.place_dot(toolkit.aisha, idea, colour)
    assert Dot.objects.filter(participant=toolkit.aisha).count() == 6
    operations.close_voting(review)
    with pytest.raises(operations.VotingClosed):
        operations.take_back_dot(Dot.objects.filter(participant=toolkit.aisha).first())


def test_ideas_with_as_many_dots_share_a_place_listed_by_could_change_now_dots(toolkit):
    from toolkit.tally import counted_ideas

    ideas = [
        operations.add_idea(g, step=toolkit.steps[0], text=t) for g, t in ((toolkit.red, "A"), (toolkit.blue, "B"))
    ]
    ideas.append(operations.add_idea(toolkit.red, step=toolkit.steps[1], text="C"))
    operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    for who, idea, colour in (
        (toolkit.aisha, 0, "later"),
        (toolkit.jo, 0, "later"),
        (toolkit.patel, 1, "now"),
        (toolkit.patel, 1, "later"),
        (toolkit.aisha, 2, "now"),
    ):
        operations.place_dot(who, ideas[idea], colour)
    assert [(c.idea.text, c.rank, c.joint) for c in counted_ideas(toolkit.review)] == [
        ("B", 1, True),
        ("A", 1, True),
        ("C", 3, False),
    ]


def test_moving_the_room_on_from_voting_closes_it_and_only_opening_it_again_reopens_it(toolkit):
    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    assert review.voting_open
    review = operations.move_to_stage(review, AreaReview.Stage.ACTIONS)
    assert review.voting_closed_at is not None
    review = operations.move_to_stage(review, AreaReview.Stage.VOTING)
    assert not review.voting_open
    assert operations.open_voting(review).voting_open


def test_a_new_round_length_leaves_the_round_under_way_to_end_when_it_would_have(toolkit):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    review = operations.start_round(toolkit.review, now=now)
    operations.change_review(review, round_minutes=5)
    review.refresh_from_db()
    assert operations.seconds_left(review, now + datetime.timedelta(minutes=8)) == 7 * 60
    review = operations.next_round(review, now=now + datetime.timedelta(minutes=15))
    assert operations.seconds_left(review, now + datetime.timedelta(minutes=16)) == 4 * 60
