"""Two coordinators for the caseload and "My actions" figures: run by bench/run.py in the bench's
production-like environment, after the demo area is loaded.

- the big caseload: Ms Grey (caseload@school.example) coordinates 400 people and owns all 4,000
  actions of their current plans (10 each), and the 400 of their older plans (one each, carried
  forward into the current plan): 4,400 in all;
- the small caseload: Mr White (small-caseload@school.example) coordinates 4 people with 40 actions
  in their current plans (44 in all).

Both work at the demo's Riverside Academy and sign in with the demo password. Everything a row of
either page may show varies from person to person, so that a page which loads something row by row
makes more queries for the big caseload: school years from Reception to Year 13, about one profile
in three published more than 6 months ago, one in three never, a transition review held for some of
those in Year 9 or older, an older review and a current one with agreed plans whose next review
dates run from 3 months ago to 6 months ahead, and actions with every status, kind and due date from
2 months ago to 4 months ahead (so some are overdue), some of them carried from the older plan.
The coordinator is in each person's circle and took part in each review. Rows go in with
``bulk_create``: a few seconds for both. No audit events, no emails.

Prints one JSON object on stdout:
``{"big": {"email": ..., "people": 400, "actions": 4400}, "small": {...}, "expect": text}``, where
``expect`` is a preferred name on the big caseload (plain letters, nothing HTML would escape).

    .venv/bin/python bench/caseload_data.py     (with the bench's environment; see run.py)
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHOOL = "Riverside Academy"  # the demo's school (ourplan/demo.py)
BIG = ("caseload@school.example", "Ms Grey", 400)
SMALL = ("small-caseload@school.example", "Mr White", 4)
ACTIONS_PER_PERSON = 10
EXPECT = "Bench Child 0001"
NAMES = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jay"]
WHAT = "do the bench task number {n} for {name}"


def coordinator(email, name, school, password):
    from accounts.models import Membership, User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password=password, name=name)
        Membership.objects.create(user=user, organisation=school, role=Membership.Role.COORDINATOR)
    return user


def fill(user, people, school, today, first_number):
    """``people`` people coordinated by ``user``, with profiles, reviews, plans and actions.
    Does nothing if ``user`` coordinates someone already (a database used before)."""
    from django.utils import timezone

    from people.models import CircleMember, Person
    from plans.models import Action, ActionPlan
    from profiles.models import Profile
    from reviews.models import Review

    if Person.objects.filter(coordinator=user).exists():
        return
    day = datetime.timedelta(days=1)
    now = timezone.now()
    made = Person.objects.bulk_create(
        Person(
            preferred_name=f"Bench Child {first_number + n:04d}"
            if n % 10 == 0
            else f"{NAMES[n % 10]} {first_number + n:04d}",
            full_name=f"{NAMES[n % 10]} Bench {first_number + n:04d}",
            # Reception to Year 13: born 4 to 17 years before the school year, spread over the months.
            date_of_birth=datetime.date(today.year - 5 - n % 14, 1 + n % 12, 1 + n % 28),
            setting=school,
            local_authority_id=school.local_authority_id,
            sen_status=Person.SenStatus.EHC_PLAN if n % 3 == 0 else Person.SenStatus.SEN_SUPPORT,
            coordinator=user,
        )
        for n in range(people)
    )
    # bulk_create gives primary keys on SQLite and PostgreSQL; read them back in case it did not.
    made = list(Person.objects.filter(coordinator=user).order_by("pk"))
    Profile.objects.bulk_create(
        Profile(
            person=person,
            published_number=0 if n % 3 == 2 else 1,
            published_at=None if n % 3 == 2 else now - (20 + 200 * (n % 3 == 1)) * day,
        )
        for n, person in enumerate(made)
    )
    CircleMember.objects.bulk_create(
        CircleMember(person=person, user=user, relationship=CircleMember.Relationship.SCHOOL, role_description="SENCO")
        for person in made
    )
    older, current = [], []
    for n, person in enumerate(made):
        older.append(
            Review(
                person=person,
                kind=Review.Kind.TRANSITION if n % 4 == 0 else Review.Kind.PERSON_CENTRED,
                meeting_date=today - (300 + n % 60) * day,
                created_by=user,
            )
        )
        current.append(
            Review(
                person=person,
                kind=Review.Kind.EHCP_ANNUAL if n % 3 == 0 else Review.Kind.PERSON_CENTRED,
                meeting_date=today - (100 + n % 90) * day,
                created_by=user,
            )
        )
    Review.objects.bulk_create(older + current)
    reviews = list(Review.objects.filter(person__in=made).order_by("person_id", "meeting_date"))
    Review.participants.through.objects.bulk_create(
        Review.participants.through(review_id=review.pk, user_id=user.pk) for review in reviews
    )
    ActionPlan.objects.bulk_create(
        ActionPlan(
            review=review,
            agreed_at=now - (today - review.meeting_date).days * day,
            agreed_by=user,
            # from 3 months ago to 6 months ahead, so some reviews are overdue and some due soon
            next_review_date=today + (review.person_id % 270 - 90) * day,
        )
        for review in reviews
    )
    plans = {
        (plan.review.person_id, plan.review.meeting_date): plan
        for plan in ActionPlan.objects.filter(review__in=reviews).select_related("review")
    }
    by_person = {}
    for (person_id, _meeting), plan in sorted(plans.items()):
        by_person.setdefault(person_id, []).append(plan)  # [older, current]
    statuses = list(Action.Status)
    kinds = list(Action.Kind)
    Action.objects.bulk_create(
        Action(
            plan=by_person[person.pk][0],
            owner=user,
            what=WHAT.format(n=0, name=person.preferred_name),
            kind=Action.Kind.OTHER,
            status=Action.Status.IN_PROGRESS,
            due_by=today - 120 * day,
            created_by=user,
        )
        for person in made
    )
    earlier = {action.plan_id: action for action in Action.objects.filter(plan__in=[p[0] for p in by_person.values()])}
    actions = []
    for n, person in enumerate(made):
        older_plan, plan = by_person[person.pk]
        for a in range(ACTIONS_PER_PERSON):
            status = statuses[(n + a) % len(statuses)]
            actions.append(
                Action(
                    plan=plan,
                    owner=user,
                    what=WHAT.format(n=a + 1, name=person.preferred_name),
                    kind=kinds[(n + a) % len(kinds)],
                    status=status,
                    stuck_because="waiting for a room to be free" if status == Action.Status.STUCK else "",
                    carried_from=earlier[older_plan.pk] if a == 0 else None,
                    due_by=today + ((n * 7 + a * 13) % 180 - 60) * day,
                    created_by=user,
                    done_at=now - day if status == Action.Status.DONE else None,
                    done_by=user if status == Action.Status.DONE else None,
                )
            )
    Action.objects.bulk_create(actions, batch_size=500)


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Organisation
    from ourplan.demo import DEMO_PASSWORD
    from plans.models import Action

    school = Organisation.objects.filter(name=SCHOOL).order_by("pk").first()
    if school is None:
        raise SystemExit(f"bench/caseload_data.py: the demo's {SCHOOL} is not in the database")
    today = timezone.localdate()
    report = {"expect": EXPECT}
    with transaction.atomic():
        for key, (email, name, people), first in [("big", BIG, 1), ("small", SMALL, 9001)]:
            user = coordinator(email, name, school, DEMO_PASSWORD)
            fill(user, people, school, today, first)
            report[key] = {
                "email": email,
                "people": user.coordinated_people.count(),
                "actions": Action.objects.filter(owner=user).count(),
            }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
