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
            operations.place_dot(toolkit.amira, idea, colour)
        with pytest.raises(operations.NoDotsLeft):
            operations.place_dot(toolkit.amira, idea, colour)
    assert Dot.objects.filter(participant=toolkit.amira).count() == 6
    operations.close_voting(review)
    with pytest.raises(operations.VotingClosed):
        operations.take_back_dot(Dot.objects.filter(participant=toolkit.amira).first())
