"""The demo area's reviews of its planning (the toolkit): one in the spring, finished, whose strategy
is being carried out; one this week, on Day 2, that a visitor can join from a phone with its code.
Everyone taking part is one of domain.md's people."""

import datetime

from django.utils import timezone

from toolkit import content, operations
from toolkit.models import AreaReview, Dot, Finding, Participant, StrategyAction, TableNote

R = Participant.Role
WORKING, NOT_WORKING = Finding.Kind.WORKING, Finding.Kind.NOT_WORKING

# What the small groups found on Day 1: (step code, people group position, kind, words).
FINDINGS = [
    ("everyone", 3, WORKING, "Year 9 reviews at Riverside Academy ask young people first"),
    ("everyone", 3, NOT_WORKING, "Young people at other schools do not always get a review in Year 9"),
    ("everyone", 1, NOT_WORKING, "Families new to the area do not know planning is on offer"),
    ("support", 3, WORKING, "School staff have had training in one-page profiles"),
    ("support", 1, NOT_WORKING, "No one helps families who want to plan on their own"),
    ("works", 3, WORKING, "Actions from reviews are written down with a name and a date"),
    ("works", 3, NOT_WORKING, "Nobody checks whether actions were done before the next review"),
    ("change", 3, NOT_WORKING, "What young people say about transport never reaches the people who pay for it"),
    ("leadership", 1, NOT_WORKING, "It is not clear who leads planning across the council"),
]
# Day 2: (step code, kind, words) and the ideas for the strategy with the dots they got.
NOTES = [
    ("everyone", TableNote.Kind.FUTURE, "Every young person in Year 9 has a person-centred review"),
    ("everyone", TableNote.Kind.WHAT_IT_TAKES, "A list of who is due, shared with every school each term"),
    ("works", TableNote.Kind.FUTURE, "Families can see how their actions are going"),
    ("change", TableNote.Kind.WHAT_IT_TAKES, "A report of themes to the Partnership Board every six months"),
]
IDEAS = [
    ("everyone", "Offer every Year 9 pupil a person-centred review", 3, 1),
    ("everyone", "A plain guide for families new to the area", 1, 2),
    ("works", "Check actions halfway to the next review", 2, 0),
    ("change", "Send transport themes to the people who plan school transport", 0, 3),
]


def load_demo_reviews(council, users):
    """Both demo reviews, run by Priya, with Aisha, Leah, Ms Green, Dr Patel and Jo Evans taking part."""
    content.content_for(council)
    today = timezone.localdate()
    spring = _review(council, users, "Spring review of planning", today - datetime.timedelta(days=190))
    _finish(spring, users, today)
    autumn = _review(council, users, "Autumn review of planning", today - datetime.timedelta(days=7))
    operations.move_to_stage(autumn, AreaReview.Stage.DAY_TWO)
    operations.next_round(autumn)
    return spring, autumn


def _review(council, users, title, day_one):
    steps, people_groups = content.content_for(council)
    review = operations.set_up_review(
        council,
        by=users["priya"],
        title=title,
        facilitator=users["priya"],
        day_one=day_one,
        day_two=day_one + datetime.timedelta(days=7),
        place="Riverside Library, the community room",
    )
    young = operations.add_work_group(review, name="Green table", people_groups=[people_groups[2]])
    new = operations.add_work_group(review, name="Blue table", people_groups=[people_groups[0], people_groups[1]])
    paper = operations.add_work_group(review, name="Yellow table", people_groups=[people_groups[8]], on_paper=True)
    people = {
        "aisha": (operations.join(review, name="Aisha", role=R.EXPERIENCE), young),
        "leah": (operations.join(review, name="Leah", role=R.EXPERIENCE), young),
        "green": (operations.join(review, name="Ms Green", role=R.SCHOOL, user=users["green"]), new),
        "patel": (operations.join(review, name="Dr Patel", role=R.HEALTH, user=users["patel"]), new),
        "jo": (operations.add_paper_participant(review, name="Jo Evans", role=R.CARE_MANAGEMENT), paper),
    }
    for participant, group in people.values():
        operations.choose_work_group(participant, group)
    by_code = {step.code: step for step in steps}
    groups_by_position = {group.position: group for group in people_groups}
    for code, position, kind, text in FINDINGS:
        people_group = groups_by_position.get(position, people_groups[0])
        group = young if people_group == people_groups[2] else new
        author = people["aisha"][0] if group == young else people["green"][0]
        operations.add_finding(group, people_group=people_group, step=by_code[code], kind=kind, text=text, by=author)
    operations.move_to_stage(review, AreaReview.Stage.DAY_ONE)
    for code, kind, text in NOTES:
        operations.add_table_note(young, step=by_code[code], kind=kind, text=text, by=people["leah"][0])
    review.demo_people = people
    review.demo_ideas = [
        (operations.add_idea(young, step=by_code[code], text=text, by=people["aisha"][0]), now, later)
        for code, text, now, later in IDEAS
    ]
    return review


def _finish(review, users, today):
    """Dots placed, voting closed, priorities and actions set; some actions done, one stuck."""
    operations.move_to_stage(review, AreaReview.Stage.VOTING)
    voters = [participant for participant, _group in review.demo_people.values()]
    for idea, now, later in review.demo_ideas:
        for colour, count in ((Dot.Colour.NOW, now), (Dot.Colour.LATER, later)):
            placed = 0
            for voter in voters:
                if placed == count:
                    break
                try:
                    operations.place_dot(voter, idea, colour)
                    placed += 1
                except operations.NoDotsLeft:
                    continue
    operations.close_voting(review)
    operations.move_to_stage(review, AreaReview.Stage.ACTIONS)
    year9, guide, halfway, transport = (idea for idea, _now, _later in review.demo_ideas)
    first = operations.make_priority(review, year9, timescale=Dot.Colour.NOW)
    operations.set_year_from_now(first, "All young people in Year 9 have a person-centred review")
    second = operations.make_priority(review, transport, timescale=Dot.Colour.LATER)
    operations.set_year_from_now(second, "What young people say about transport shapes school transport")
    priya, green = users["priya"], users["green"]
    board = today + datetime.timedelta(days=60)
    list_due = operations.add_strategy_action(
        first,
        by=priya,
        who="Planning lead",
        owner=priya,
        what="Send every school a list of pupils due a Year 9 review each term",
        by_when=today - datetime.timedelta(days=100),
        monitored_by="SEND Partnership Board",
        task_group="Preparing for adulthood task group",
        report_by=board,
    )
    operations.update_strategy_progress(list_due, status=StrategyAction.Status.DONE, note="Sent in June", by=priya)
    training = operations.add_strategy_action(
        first,
        by=priya,
        who="SENCO network",
        owner=green,
        what="Run a session for SENCOs on holding person-centred reviews",
        by_when=today - datetime.timedelta(days=20),
        monitored_by="Planning lead",
        task_group="Preparing for adulthood task group",
        report_by=board,
    )
    operations.update_strategy_progress(training, status=StrategyAction.Status.IN_PROGRESS, by=green)
    themes = operations.add_strategy_action(
        second,
        by=priya,
        who="Planning lead",
        owner=priya,
        what="Share the transport themes from reviews with the school transport team",
        by_when=today + datetime.timedelta(days=45),
        monitored_by="SEND Partnership Board",
        task_group="Travel and transport task group",
        report_by=board,
    )
    operations.update_strategy_progress(
        themes,
        status=StrategyAction.Status.STUCK,
        note="The transport team's manager has not replied yet",
        by=priya,
    )
    operations.move_to_stage(review, AreaReview.Stage.FINISHED)
