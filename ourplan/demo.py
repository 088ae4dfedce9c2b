"""The demo area: a fictional local authority with the people of domain.md, so a first-time user
sees a living product. Every name here is made up; none is a real person's."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_step
from accounts.models import Membership, Organisation, User
from audit.access import record_without_request
from ourplan.dates import long_date
from people.demo import add_demo_consent
from people.models import CircleMember, PathwayGroup, Person
from people.operations import add_person
from plans.models import Action, Outcome, add_months
from plans.operations import add_action, add_outcome, update_progress
from profiles.models import Heading, Profile
from profiles.operations import publish_profile, suggest_statement, write_profile
from reviews.contributions import add_person_statement, save_views
from reviews.models import Invitee, Question, Review
from reviews.operations import add_statement, plan_review
from reviews.planning import invite_circle, set_review_details
from reviews.record import sign_off

DEMO_PASSWORD = "ourplan-demo-2026"
LA_NAME = "Riverside Council (demo)"

DEMO_USERS = [
    {
        "key": "green",
        "email": "green@school.example",
        "name": "Ms Green",
        "about": "SENCO at Riverside Academy, Sam's coordinator",
    },
    {"key": "aisha", "email": "aisha@family.example", "name": "Aisha", "about": "Sam's mum"},
    {"key": "sam", "email": "sam@family.example", "name": "Sam", "about": "Year 9, the young person"},
    {"key": "patel", "email": "patel@nhs.example", "name": "Dr Patel", "about": "speech and language therapist (NHS)"},
    {"key": "jo", "email": "jo.evans@council.example", "name": "Jo Evans", "about": "social worker"},
    {
        "key": "black",
        "email": "black@school.example",
        "name": "Mr Black",
        "about": "SENCO at Hillside School (no access to Sam)",
    },
    {
        "key": "priya",
        "email": "priya@council.example",
        "name": "Priya",
        "about": "the council's person-centred planning lead (area figures only)",
    },
    {"key": "leah", "email": "leah@family.example", "name": "Leah", "about": "17, makes her own decisions"},
]


def _years_ago(years, month, day):
    today = timezone.localdate()
    return datetime.date(today.year - years, month, day)


def _born_in_year_group(year_group, month=3, day=14):
    """A birthday that puts someone in ``year_group`` this school year."""
    today = timezone.localdate()
    school_year_start = today.year if today.month >= 9 else today.year - 1
    cohort = school_year_start - 5 - year_group  # the year of the 1 September before their birthday
    born = datetime.date(cohort + (1 if month < 9 else 0), month, day)
    return born


@transaction.atomic
def load_demo_area():
    """Create the demo area. Returns False, changing nothing, if it is already there."""
    if Organisation.objects.filter(name=LA_NAME).exists():
        return False
    council = Organisation.objects.create(name=LA_NAME, kind=Organisation.Kind.LOCAL_AUTHORITY)
    from insights.themes import ensure_default_themes

    ensure_default_themes(council)
    riverside = Organisation.objects.create(
        name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council
    )
    hillside = Organisation.objects.create(
        name="Hillside School", kind=Organisation.Kind.SCHOOL, local_authority=council
    )
    nhs = Organisation.objects.create(
        name="Riverside Children's Therapy (NHS)", kind=Organisation.Kind.HEALTH, local_authority=council
    )
    social_care = Organisation.objects.create(
        name="Riverside Children's Social Care", kind=Organisation.Kind.SOCIAL_CARE, local_authority=council
    )

    users = {}
    for spec in DEMO_USERS:
        users[spec["key"]] = User.objects.create_user(spec["email"], DEMO_PASSWORD, name=spec["name"])
    Membership.objects.create(user=users["green"], organisation=riverside, role=Membership.Role.COORDINATOR)
    Membership.objects.create(user=users["black"], organisation=hillside, role=Membership.Role.COORDINATOR)
    Membership.objects.create(user=users["patel"], organisation=nhs, role=Membership.Role.PRACTITIONER)
    Membership.objects.create(user=users["jo"], organisation=social_care, role=Membership.Role.PRACTITIONER)
    Membership.objects.create(user=users["priya"], organisation=council, role=Membership.Role.PLANNING_LEAD)
    # Professionals sign in in two steps. On a computer running the demo area, the second step
    # shows the demo app's current code (OURPLAN_SHOW_DEMO_CODES), so nobody needs a phone to try it.
    for key in ("green", "black", "patel", "jo", "priya"):
        TOTPDevice.objects.create(user=users[key], name=two_step.APP, confirmed=True)
        two_step.replace_recovery_codes(users[key])

    def family(name, email):
        return User.objects.create_user(email, DEMO_PASSWORD, name=name)

    groups = {g.code: g for g in PathwayGroup.objects.all()}
    people = [
        dict(
            preferred_name="Sam",
            full_name="Samuel Ahmed",
            born=_born_in_year_group(9, 5, 2),
            setting=riverside,
            sen=Person.SenStatus.EHC_PLAN,
            coordinator=users["green"],
            groups=["autism", "year-9-onwards"],
            circle=[
                (users["sam"], "self", "Sam"),
                (users["aisha"], "parent_carer", "Mum"),
                (users["patel"], "health", "Speech and language therapist"),
                (users["jo"], "social_care", "Social worker"),
            ],
            profile={
                Heading.ADMIRE: [
                    "I am a really strong swimmer",
                    "I know everything about trains",
                    "I am honest and kind",
                ],
                Heading.IMPORTANT: [
                    "Swimming at the leisure centre on Saturdays",
                    "Knowing what is happening next",
                    "My cat, Pixel",
                ],
                Heading.SUPPORT: [
                    "Tell me about changes before they happen",
                    "Give me time to answer",
                    "Let me wear my ear defenders when it is noisy",
                ],
                Heading.HOPES: ["I want to work on the railways"],
            },
            symbols={
                "I am a really strong swimmer": "1F3CA",
                "I know everything about trains": "1F686",
                "Swimming at the leisure centre on Saturdays": "1F3CA",
                "My cat, Pixel": "1F431",
                "Tell me about changes before they happen": "1F4C5",
                "Let me wear my ear defenders when it is noisy": "1F507",
                "I want to work on the railways": "1F4BC",
            },
            suggestions=[("aisha", Heading.ADMIRE, "I make everyone laugh at dinner time", "1F600")],
            statements=[
                ("sam", Question.IMPORTANT_TO, "Swimming and my Saturday club"),
                ("sam", Question.NOT_WORKING, "The lunch hall is too loud"),
                ("aisha", Question.WORKING, "Sam is happier since he started the lunchtime club"),
                ("aisha", Question.CHALLENGES, "Getting to school on the bus on his own"),
                ("green", Question.STRENGTHS, "Sam works hard in maths and science"),
                ("patel", Question.IMPORTANT_FOR, "Sam needs a quiet space to go to when he feels worried"),
            ],
            actions=[
                ("patel", "run a six-week social communication group that Sam joins", 8),
                ("aisha", "visit two sixth forms with Sam before the spring half-term", 12),
                ("green", "arrange travel training so Sam can take the bus to school on his own", 16),
            ],
            outcomes=[
                (
                    "I want to get the bus to school on my own",
                    Outcome.Area.INDEPENDENT_LIVING,
                    "Sam takes the bus on his own every day for two weeks",
                    20,
                ),
                ("I want to choose my sixth form", Outcome.Area.EDUCATION, "Sam has visited two and chosen one", 24),
            ],
            # Where things are up to now: Dr Patel's group is stuck, Aisha's visits have started.
            progress=[
                ("patel", Action.Status.STUCK, "The group has no room on Tuesdays until January"),
                ("aisha", Action.Status.IN_PROGRESS, "We have visited one sixth form"),
            ],
        ),
        dict(
            preferred_name="Leah",
            full_name="Leah Morgan",
            born=_born_in_year_group(13, 8, 20),
            setting=riverside,
            sen=Person.SenStatus.EHC_PLAN,
            coordinator=users["green"],
            groups=["year-9-onwards"],
            circle=[(users["leah"], "self", "Leah"), (users["patel"], "health", "Speech and language therapist")],
            profile={
                Heading.ADMIRE: ["I am creative and good at drawing", "I stand up for my friends"],
                Heading.IMPORTANT: ["Making my own decisions", "Going to college to study art"],
                Heading.SUPPORT: ["Ask me, not my mum, about my plans", "Write things down for me"],
            },
            statements=[
                ("leah", Question.IMPORTANT_TO, "Getting a place on the art course at college"),
                ("leah", Question.WORKING, "My art teacher lets me use the studio at lunch"),
                ("green", Question.CHALLENGES, "Leah finds long written exams tiring"),
            ],
            actions=[
                ("leah", "go to the college open evening and ask about the art course", 6),
                ("green", "apply for extra time in exams for Leah", 10),
            ],
        ),
    ]
    more = [
        (
            "Ruby",
            "Ruby Clarke",
            4,
            riverside,
            Person.SenStatus.SEN_SUPPORT,
            "green",
            ["new-to-area"],
            ("Mr Clarke", "ruby.dad@family.example"),
            ["I love drawing animals", "Singing in the car", "Tell me one thing at a time"],
        ),
        (
            "Kai",
            "Kai Thompson",
            1,
            riverside,
            Person.SenStatus.SEN_SUPPORT,
            "green",
            [],
            ("Ms Thompson", "kai.mum@family.example"),
            ["I give the best hugs", "My big brother", "Show me pictures of what we will do"],
        ),
        (
            "Noah",
            "Noah Williams",
            7,
            hillside,
            Person.SenStatus.SEN_SUPPORT,
            "black",
            ["older-carers"],
            ("Mrs Williams", "noah.gran@family.example"),
            ["I am great at football", "Playing with my gran's dog", "Let me move around in lessons"],
        ),
        (
            "Ella",
            "Ella Hughes",
            11,
            hillside,
            Person.SenStatus.EHC_PLAN,
            "black",
            ["complex-needs", "year-9-onwards"],
            ("Mr Hughes", "ella.dad@family.example"),
            ["I always make people smile", "Music and dancing", "Use my communication book with me"],
        ),
    ]
    for name, full, year, school, sen, coord, group_codes, (parent_name, parent_email), (
        admire,
        important,
        support,
    ) in more:
        parent = family(parent_name, parent_email)
        people.append(
            dict(
                preferred_name=name,
                full_name=full,
                born=_born_in_year_group(year),
                setting=school,
                sen=sen,
                coordinator=users[coord],
                groups=group_codes,
                circle=[(parent, "parent_carer", "Parent")],
                profile={Heading.ADMIRE: [admire], Heading.IMPORTANT: [important], Heading.SUPPORT: [support]},
                statements=[
                    (parent, Question.WORKING, f"{name} is settled and has friends in class"),
                    (coord, Question.NOT_WORKING, f"{name} finds the end of the day hard"),
                ],
                actions=[
                    (parent, f"share what helps {name} at home at the next parents' evening", 6),
                    (coord, f"set up a calm end-of-day routine for {name}", 8),
                ],
            )
        )

    for spec in people:
        _demo_person(spec, users, groups)
    _sams_next_review(users)
    add_demo_consent(users, DEMO_PASSWORD)
    from toolkit.demo import load_demo_reviews

    load_demo_reviews(council, users)  # the area's reviews of its planning: one finished, one on Day 2
    return True


def _demo_person(spec, users, groups):
    def who(key):
        return users[key] if isinstance(key, str) else key

    coordinator = spec["coordinator"]
    person = add_person(
        coordinator=coordinator,
        preferred_name=spec["preferred_name"],
        full_name=spec["full_name"],
        date_of_birth=spec["born"],
        setting=spec["setting"],
        sen_status=spec["sen"],
        pathway_groups=[groups[code] for code in spec["groups"] if code in groups],
    )
    CircleMember.objects.filter(person=person, user=coordinator).update(role_description="SENCO and coordinator")
    for user, relationship, role in spec["circle"]:
        CircleMember.objects.create(person=person, user=user, relationship=relationship, role_description=role)
    record_without_request(person, coordinator, f"started {person.preferred_name}'s planning")

    author = spec["circle"][0][0]
    profile = Profile.objects.get(person=person)
    write_profile(profile, by=author, statements=spec["profile"])
    for text, symbol in spec.get("symbols", {}).items():
        profile.statements.filter(text=text).update(symbol=symbol)
    publish_profile(profile, by=author)
    record_without_request(person, author, f"published version 1 of {person.preferred_name}'s one-page profile")
    for key, heading, text, symbol in spec.get("suggestions", []):
        suggest_statement(profile, by=who(key), heading=heading, text=text, symbol=symbol)
        record_without_request(person, who(key), f"suggested something for {person.preferred_name}'s one-page profile")

    meeting = timezone.localdate() - datetime.timedelta(days=70)
    review = plan_review(person, by=coordinator, kind="person_centred", meeting_date=meeting)
    for key, question, text in spec["statements"]:
        add_statement(review, author=who(key), question=question, text=text)
    record_without_request(person, coordinator, f"held a person-centred review on {long_date(meeting)}")
    plan = review.action_plan
    outcomes = [
        add_outcome(
            plan,
            by=coordinator,
            text=text,
            area=area,
            how_we_will_know=measure,
            due_by=meeting + datetime.timedelta(weeks=weeks),
        )
        for text, area, measure, weeks in spec.get("outcomes", [])
    ]
    kinds = {"patel": Action.Kind.THERAPY, "aisha": Action.Kind.ADULT_LIFE, "green": Action.Kind.TRANSPORT}
    for n, (key, what, weeks) in enumerate(spec["actions"]):
        owner = who(key)
        review.participants.add(owner)
        add_action(
            plan,
            by=coordinator,
            owner=owner,
            what=what,
            due_by=meeting + datetime.timedelta(weeks=weeks),
            kind=kinds.get(key, Action.Kind.OTHER) if isinstance(key, str) else Action.Kind.OTHER,
            outcome=outcomes[n % len(outcomes)] if outcomes and n else None,
        )
    # Who took part (everyone in the circle, the person for part of it), then the signed-off record.
    for user, relationship, role in [(coordinator, "school", "SENCO and coordinator"), *spec["circle"]]:
        Invitee.objects.create(
            review=review,
            user=user,
            name=user.name,
            email=user.email,
            role="" if relationship == "self" else role,
            took_part=Invitee.TookPart.IN_PERSON,
        )
    Review.objects.filter(pk=review.pk).update(
        person_took_part=Review.PersonTookPart.PART,
        person_took_part_note="Came for the first half, with their own slides",
    )
    review.refresh_from_db()
    sign_off(review, by=coordinator, next_review_date=add_months(meeting, 6))
    for key, status, note in spec.get("progress", []):
        action = plan.actions.get(owner=who(key))
        update_progress(action, by=who(key), status=status, note=note)
    record_without_request(
        person, coordinator, f"signed off the record; next review on {long_date(review.action_plan.next_review_date)}"
    )


def _sams_next_review(users):
    """Sam's next review, three weeks away: invitations sent, his mum's and his own views in, Dr
    Patel's still a draft. Its meeting board is ready to open."""
    green, aisha, sam_user, patel = users["green"], users["aisha"], users["sam"], users["patel"]
    sam = Person.objects.get(preferred_name="Sam", coordinator=green)
    today = timezone.localdate()
    review = plan_review(sam, by=green, kind="person_centred", meeting_date=today + datetime.timedelta(weeks=3))
    set_review_details(
        review,
        by=green,
        meeting_date=review.meeting_date,
        starts_at=datetime.time(15, 30),
        place="Riverside Academy, the library",
        online_link="",
        facilitator=green,
        invite_on=today - datetime.timedelta(days=7),
        views_due_on=today + datetime.timedelta(days=7),
    )
    invite_circle(review, by=green)
    save_views(
        review,
        author=aisha,
        answers={
            Question.WORKING: "Sam is taking the bus to school on his own twice a week",
            Question.NOT_WORKING: "Homework is causing arguments at home",
        },
        send=True,
    )
    add_person_statement(
        review,
        by=sam_user,
        question=Question.IMPORTANT_TO,
        text="I want to try the climbing club",
        symbol="",
        voice="own",
    )
    save_views(review, author=patel, answers={Question.STRENGTHS: "Sam asks for help when he needs it"}, send=False)
    record_without_request(sam, green, f"planned a person-centred review for {long_date(review.meeting_date)}")
