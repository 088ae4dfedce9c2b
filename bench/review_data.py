"""Two reviews of the demo's Sam for the review-page figures: run by bench/run.py in the bench's
production-like environment, after the demo area is loaded.

- the small review: 6 sent statements (one per question; Sam, Aisha, Dr Patel, Jo Evans and Ms Green;
  one of Sam's own in his words, one he told Aisha), 1 outcome and 1 action; 3 invitees;
- the big review: 60 sent statements (10 per question: per question 2 in Sam's own words, 1 he was
  helped to write, 1 he told an adult, then Aisha, Dr Patel, Jo Evans and Ms Green), 3 outcomes
  and 10 actions owned by the five who took part; 6 invitees (one without an account).

So that a page which loads something row by row (an N+1) makes more queries for the big review,
everything a row may show varies with its size: the person's own statements carry a symbol, one
adult's statement in ten was changed at the meeting (``reviews.board.change_statement``), one adult's
statement in ten had another one merged into it at the meeting (the merged ones are extra rows, hidden), every
action is for an outcome, and who took part is recorded for every invitee
(``reviews.board.record_attendance``). Their meetings were last week and the week before, and their
plans are not agreed yet, so Sam's current action plan (the person page's) stays the demo's. No
audit events and no emails.

Prints one JSON object on stdout: ``{"person": pk, "small": id, "big": id, "expect": text}``, where
``expect`` is a statement of the big review (plain letters, nothing HTML would escape).

    .venv/bin/python bench/review_data.py     (with the bench's environment; see run.py)
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_EMAIL = "green@school.example"
EXPECT = "Sam said the swimming gala was the best day of the term"  # in the big review

# Things said about Sam, per question; each review takes what it needs, in turn.
SAID = {
    "important_to": [
        "Swimming at the leisure centre on Saturdays",
        "Knowing what is happening next",
        "Time with my cat Pixel after school",
        "Talking about trains with people who like them",
        "Having my own quiet corner in the classroom",
        "Going to the railway museum with Mum",
        "Wearing my ear defenders when it is noisy",
        "Being on time for everything",
        "My friends at the lunchtime club",
        "Sam said the swimming gala was the best day of the term",
    ],
    "important_for": [
        "A quiet space to go to when he feels worried",
        "Warning before changes to his timetable",
        "Enough sleep before a school day",
        "Time to answer questions in class",
        "A visual timetable on his desk",
        "Practising the bus route with an adult first",
        "Regular check-ins with his key worker",
        "Eating lunch before the hall gets busy",
        "Support to say when something is wrong",
        "Keeping up his swimming for his health",
    ],
    "working": [
        "The lunchtime club has helped him make friends",
        "His maths has really improved this year",
        "The quiet room pass is used well",
        "He is calmer in the mornings at home",
        "Swimming club on Saturdays is going well",
        "He asks for help more often",
        "The visual timetable helps him plan his day",
        "He likes his new form tutor",
        "The social communication group is going well",
        "He has started to try new foods",
    ],
    "not_working": [
        "The lunch hall is too loud",
        "The bus to school is stressful",
        "Supply teachers do not know his plan",
        "Homework takes too long at home",
        "PE changing rooms are crowded",
        "Fire drills without warning upset him",
        "Group work in English is hard",
        "Reports use words he does not understand",
        "After-school clubs finish too late for the bus",
        "Waiting in queues at the canteen",
    ],
    "strengths": [
        "He is a really strong swimmer",
        "He knows everything about trains",
        "He is honest and kind",
        "He works hard in maths and science",
        "He has a great memory for facts",
        "He is very reliable with jobs at home",
        "He makes people laugh at dinner time",
        "He is patient with younger children",
        "He is good at building models",
        "He always tells the truth",
    ],
    "challenges": [
        "Getting to school on the bus on his own",
        "Changes to plans at short notice",
        "Noisy and crowded places",
        "Knowing what to say when he is upset",
        "Long written tasks",
        "Making phone calls",
        "Trying new places without a visit first",
        "Sleeping the night before a trip",
        "Asking a stranger for help",
        "Managing money in shops",
    ],
}
SYMBOLS = ["1F3CA", "1F686", "1F431", "1F4C5", "1F507", "1F600"]
ACTIONS = [
    ("aisha", "visit two sixth forms with Sam before the spring half-term"),
    ("patel", "run a six-week social communication group that Sam joins"),
    ("jo", "find a Saturday youth club near home that has a quiet room"),
    ("green", "arrange travel training so Sam can take the bus to school on his own"),
    ("sam", "practise the bus route with Mum twice a week"),
    ("green", "tell supply teachers about Sam's one-page profile"),
    ("aisha", "keep a sleep diary for four weeks"),
    ("patel", "write a short guide for staff on giving Sam time to answer"),
    ("jo", "check what help with travel the council can give after Year 11"),
    ("sam", "choose two work-experience places about railways"),
]
OUTCOMES = [
    ("I want to get to school on the bus on my own", "Sam takes the bus on his own for a whole week"),
    ("I want to go to sixth form and study science", "Sam has chosen a sixth form and applied"),
    ("I want a job on the railways one day", "Sam has done a week of work experience about railways"),
]


# Invitees, in turn: (user key or None for someone without an account, name, email, role, how they took part).
INVITEES = [
    ("aisha", "Aisha", "aisha@family.example", "Mum", "in_person"),
    ("green", "Ms Green", DEMO_EMAIL, "Coordinator", "in_person"),
    ("patel", "Dr Patel", "patel@nhs.example", "Speech and language therapist", "online"),
    ("jo", "Jo Evans", "jo.evans@council.example", "Social worker", "views_only"),
    ("sam", "Sam", "sam@family.example", "Sam", "in_person"),
    (None, "Mr Khan", "khan@careers.example", "Careers adviser", "online"),
]
# Said again by someone else at the meeting and merged into the statement it repeats.
SAID_AGAIN = ("aisha", "the same, in other words")


def make_review(sam, users, *, statements_per_question, actions, outcomes, invitees, days_ago):
    from reviews import board
    from reviews.contributions import add_person_statement
    from reviews.models import Invitee, Question, Review, Statement
    from reviews.operations import add_statement, plan_review

    green = users["green"]
    today = datetime.date.today()
    review = plan_review(sam, by=green, kind="person_centred", meeting_date=today - datetime.timedelta(days=days_ago))
    # Who says each of a question's statements, in order: a user key, or ("helped"/"told", adult)
    # for Sam's views written with help from, or down by, an adult.
    if statements_per_question == 10:
        authors = ["sam"] * 2 + [("helped", "aisha"), ("told", "green")] + ["aisha", "patel"] * 2 + ["jo", "green"]
    elif statements_per_question != 1:
        raise ValueError(statements_per_question)
    one_each = {
        "important_to": "sam",
        "important_for": "patel",
        "working": "aisha",
        "not_working": ("told", "aisha"),
        "strengths": "green",
        "challenges": "jo",
    }
    made = []
    for number, question in enumerate(Question):
        who_says = authors if statements_per_question == 10 else [one_each[question.value]]
        for index, author in enumerate(who_says):
            text = SAID[question.value][index if statements_per_question == 10 else number]
            symbol = SYMBOLS[len(made) % len(SYMBOLS)]
            if isinstance(author, tuple):
                voice, adult = author
                statement = add_person_statement(
                    review,
                    by=users[adult],
                    question=question.value,
                    text=text,
                    symbol=symbol,
                    voice=Statement.Voice.HELPED if voice == "helped" else Statement.Voice.TOLD,
                )
            else:
                statement = add_statement(review, author=users[author], question=question.value, text=text)
                if statement.by_the_person:
                    Statement.objects.filter(pk=statement.pk).update(symbol=symbol)
            made.append(statement)

    # At the meeting: one adult's statement in ten changed by Ms Green, and one in ten (others) said
    # again by Aisha and merged into it. Sam's own words are never given other words or merged with
    # an adult's (reviews.board.OwnWordsKept).
    adults = [statement for statement in made if not statement.by_the_person]
    for statement in adults[::10]:
        board.change_statement(
            statement, by=green, text=statement.text + ".", question=statement.question, seen_version=1
        )
    for statement in adults[4::10]:
        key, words = SAID_AGAIN
        again = add_statement(review, author=users[key], question=statement.question, text=f"{statement.text}: {words}")
        board.merge_statements(
            statement, [again], by=green, text=statement.text, seen_versions={statement.pk: 1, again.pk: 1}
        )

    # Who took part.
    took_part = {}
    for key, name, email, role, how in INVITEES[:invitees]:
        invitee = Invitee.objects.create(
            review=review, user=users[key] if key else None, name=name, email=email, role=role
        )
        took_part[invitee.pk] = how
    board.record_attendance(
        review,
        by=green,
        took_part=took_part,
        person_took_part=Review.PersonTookPart.PART,
        person_took_part_note="came for the first 20 minutes with his picture cards",
    )

    # Outcomes and actions, each action for an outcome and owned by someone who took part.
    outcome_rows = [
        board.add_outcome(review, by=green, text=text, how_we_will_know=know) for text, know in OUTCOMES[:outcomes]
    ]
    for number, (owner, what) in enumerate(ACTIONS[:actions]):
        review.participants.add(users[owner])  # actions only go to people who took part
        board.add_action(
            review,
            by=green,
            owner=users[owner],
            what=what,
            due_by=today + datetime.timedelta(weeks=4 + 2 * number),
            outcome=outcome_rows[number % len(outcome_rows)],
        )

    live = review.statements.filter(draft=False, merged_into=None).count()
    plan = review.action_plan
    if live != 6 * statements_per_question or plan.actions.count() != actions:
        raise SystemExit(f"bench/review_data.py: made {live} statements and {plan.actions.count()} actions")
    return review


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    from django.db import transaction

    from accounts.models import User
    from people.models import Person

    sam = Person.objects.filter(preferred_name="Sam", coordinator__email=DEMO_EMAIL).order_by("pk").first()
    if sam is None:
        raise SystemExit("bench/review_data.py: the demo area's Sam is not in the database")
    by_email = {
        "green": DEMO_EMAIL,
        "sam": "sam@family.example",
        "aisha": "aisha@family.example",
        "patel": "patel@nhs.example",
        "jo": "jo.evans@council.example",
    }
    users = {key: User.objects.get(email=email) for key, email in by_email.items()}
    with transaction.atomic():
        small = make_review(sam, users, statements_per_question=1, actions=1, outcomes=1, invitees=3, days_ago=14)
        big = make_review(sam, users, statements_per_question=10, actions=10, outcomes=3, invitees=6, days_ago=7)
    print(json.dumps({"person": sam.pk, "small": small.pk, "big": big.pk, "expect": EXPECT}))


if __name__ == "__main__":
    main()
