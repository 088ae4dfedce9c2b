"""A large synthetic local authority, for speed figures at scale (``manage.py seed_scale``).

Everything is made up: names come from short lists combined by number, statements from a small
bank of phrases combined by a seeded random number generator, so the same seed and the same day
give the same area. Nothing here is a real person's data.

Per person, on average (``seed_area`` returns the real totals):

- a school or college in the area (about one school per 250 people, a few colleges and special
  schools), a coordinator (the school's SENCO, or for some EHC plans one of the council's case
  officers), a year group from Reception to Year 14, an SEN status and pathway groups;
- a parent or carer with an account, in their circle with the coordinator (and, for some, a
  therapist, a social worker, or the young person's own account from Year 9);
- a one-page profile, most of them with 5 to 10 statements and published;
- about 3.4 reviews over the last two years, every kind of review (EHC plan annual reviews,
  transition reviews from Year 9 for most but not all, SEN support, person-centred and One
  Planning reviews), about 7 statements each across the six questions (about 24 a person), and
  for about a third of people a next review already planned in the coming weeks;
- an agreed action plan per review held, with 1 to 3 outcomes (checked at the next review:
  achieved, partly, not achieved or no longer wanted; unfinished ones sometimes carried forward)
  and 2 to 4 actions with statuses and due dates (some done late, some stuck, some overdue), each
  change of status an ``ActionUpdate``;
- themes on most statements about what matters and what is not working (``StatementTheme``):
  chosen by a practitioner, or suggested then accepted, declined or not yet checked.

Rows go in with ``bulk_create`` a chunk of people at a time, with primary keys worked out here
(so rows can point at rows of the same chunk without reading them back), no signals, and the
dates a real history would have (auto_now fields are switched off while seeding). Run it on a
database nobody else is writing to: the keys are taken from the tables' current maxima.
"""

import datetime
import random
import time

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership, Organisation, User
from insights import facts
from insights.models import Fact, StatementTheme, Theme
from people.models import CircleMember, PathwayGroup, Person, school_year_start
from plans.models import Action, ActionPlan, ActionUpdate, Outcome, OutcomeCheck, add_months
from profiles.models import Heading, Profile, ProfileStatement
from reviews.models import Question, Review, Statement

DEFAULT_AREA = "Northbridge Council (synthetic)"
PEOPLE_PER_SCHOOL = 250
CHUNK = 500  # people generated and written at a time: bounded memory, regular progress
BATCH = 2000  # rows per INSERT
UNUSABLE_PASSWORD = "!synthetic-no-sign-in"  # Django treats a password starting with "!" as unusable

# The ten themes of issue 7. When insights.themes.ensure_default_themes exists it makes the
# area's themes; each theme here is matched to one of them by a word in its name.
THEMES = [
    ("transport", "Transport", "transport"),
    ("therapy", "Therapy", "therap"),
    ("friendships", "Friendships and community", "friend"),
    ("housing", "Housing", "hous"),
    ("employment", "Employment", "employ"),
    ("health", "Health", "health"),
    ("communication", "Communication", "communicat"),
    ("family", "Family support", "family"),
    ("school", "School environment", "school"),
    ("independence", "Independence", "independ"),
]

FIRST_NAMES = [
    "Alex", "Bea", "Cal", "Dara", "Eli", "Faye", "Gus", "Hana", "Ira", "Jude", "Kai", "Lola", "Milo",
    "Nia", "Oren", "Pia", "Quin", "Rae", "Seb", "Tia", "Uma", "Vic", "Wren", "Xan", "Yara", "Zac",
]  # fmt: skip
SURNAMES = [
    "Arden", "Bellweather", "Corrin", "Dunmore", "Ellery", "Fenwick", "Garrow", "Holloway", "Ingram",
    "Jessop", "Kilbride", "Larkin", "Merriman", "Northcott", "Oakley", "Pendry", "Quarrie", "Rowntree",
    "Saltmarsh", "Thorne", "Underhill", "Varley", "Winslade", "Yarrow",
]  # fmt: skip
PLACE_STARTS = ["Oak", "Ash", "Elm", "Birch", "Willow", "Hazel", "Holly", "Maple", "Rowan", "Cedar",
                "Brook", "Mill", "Stone", "Green", "North", "South", "East", "West", "Church", "Park"]  # fmt: skip
PLACE_ENDS = ["field", "side", "wood", "bank", "lea", "gate", "hill", "dale", "croft", "ford"]

# Year groups Reception (0) to Year 14, weighted like an area's SEND population: fewer identified
# in Reception, fewer staying on after Year 11.
YEAR_WEIGHTS = [4, 6, 7, 8, 8, 8, 8, 9, 9, 9, 9, 9, 5, 4, 3]
PATHWAYS = [  # (code, chance, only from this year group)
    ("autism", 0.30, 0),
    ("black-minority-ethnic", 0.25, 0),
    ("complex-needs", 0.10, 0),
    ("new-to-area", 0.05, 0),
    ("older-carers", 0.03, 0),
    ("in-house-services", 0.05, 7),
    ("external-providers", 0.05, 7),
    ("coming-home", 0.01, 7),
    ("offended", 0.01, 10),
]

# What people say, by question: (words, theme key or None). Combined with a qualifier.
PHRASES = {
    Question.IMPORTANT_TO: [
        ("swimming at the leisure centre on Saturdays", "friendships"),
        ("seeing my friends at lunchtime", "friendships"),
        ("going to youth club on Thursdays", "friendships"),
        ("my dog and taking him for walks", None),
        ("drawing and making comics", None),
        ("getting a job with animals when I leave school", "employment"),
        ("learning to cook my own tea", "independence"),
        ("getting the bus into town on my own", "transport"),
        ("having my own room when we move", "housing"),
        ("football practice with my team", "friendships"),
        ("playing games online with my cousins", "family"),
        ("knowing what is happening next", "communication"),
    ],
    Question.IMPORTANT_FOR: [
        ("having a quiet place to go when it is noisy", "school"),
        ("speech and language sessions every week", "therapy"),
        ("taking medication at the right times", "health"),
        ("a visual timetable for the day", "communication"),
        ("practising travel to college before September", "transport"),
        ("support for mum so she can have a break", "family"),
        ("work experience that fits what they enjoy", "employment"),
        ("learning to handle money in shops", "independence"),
        ("occupational therapy for handwriting", "therapy"),
        ("a home that is adapted for a wheelchair", "housing"),
        ("regular check-ups with the paediatrician", "health"),
        ("time to answer questions", "communication"),
    ],
    Question.WORKING: [
        ("the new key worker at school", "school"),
        ("using the signing app to ask for help", "communication"),
        ("the taxi driver who knows them well", "transport"),
        ("short breaks at the weekend", "family"),
        ("the lunchtime club in the library", "friendships"),
        ("the sensory circuit in the morning", "therapy"),
        ("sleeping better since the new routine", "health"),
        ("making a sandwich without help", "independence"),
        ("reading with a grandparent at home", None),
        ("the college taster days", "employment"),
    ],
    Question.NOT_WORKING: [
        ("the taxi to school is often late", "transport"),
        ("waiting a long time for speech and language therapy", "therapy"),
        ("the classroom is too loud to concentrate", "school"),
        ("not having anyone to sit with at lunch", "friendships"),
        ("the flat is too small for the family", "housing"),
        ("nobody explains changes to the timetable", "communication"),
        ("no work experience offered yet", "employment"),
        ("mum has no help in the school holidays", "family"),
        ("missing school for hospital appointments", "health"),
        ("always being helped even when they can do it", "independence"),
        ("the bus pass has still not arrived", "transport"),
        ("the therapy programme stopped when the therapist left", "therapy"),
    ],
    Question.STRENGTHS: [
        ("a brilliant memory for facts", None),
        ("kind to younger children", "friendships"),
        ("works hard when something interests them", "school"),
        ("very good with computers", "employment"),
        ("a great sense of humour", None),
        ("knows every bus route in town", "transport"),
        ("tells people clearly what they need", "communication"),
        ("looks after their little brother", "family"),
        ("tries new foods now", "health"),
    ],
    Question.CHALLENGES: [
        ("crowded corridors between lessons", "school"),
        ("finding the words when upset", "communication"),
        ("making friends outside school", "friendships"),
        ("getting to appointments across town", "transport"),
        ("anxiety about moving to college", "school"),
        ("sleeping through the night", "health"),
        ("managing money", "independence"),
        ("no accessible housing nearby", "housing"),
        ("few jobs locally for young people with support needs", "employment"),
        ("long gaps between therapy sessions", "therapy"),
    ],
}
QUALIFIERS = ["", "", "", " at the moment", " most days", " since September", " at school", " at home",
              " this term", " every week"]  # fmt: skip
QUESTION_WEIGHTS = [  # statements per question in a review: more about what matters and what is not working
    (Question.IMPORTANT_TO, 5), (Question.IMPORTANT_FOR, 4), (Question.WORKING, 3),
    (Question.NOT_WORKING, 5), (Question.STRENGTHS, 3), (Question.CHALLENGES, 3),
]  # fmt: skip
PROFILE_PHRASES = {
    Heading.ADMIRE: ["I am funny", "I am a good friend", "I am good at drawing", "I am kind to animals",
                     "I never give up", "I know a lot about space"],
    Heading.IMPORTANT: ["My family", "My tablet", "Going swimming", "Knowing what happens next",
                        "My friends at school", "Music in my headphones"],
    Heading.SUPPORT: ["Give me time to answer", "Tell me about changes early", "Use pictures to explain",
                      "Let me move around in lessons", "Speak calmly and simply", "Let me have a quiet break"],
    Heading.HOPES: ["I want to work with animals", "I want to live with my friends", "I want to go to college",
                    "I want to learn to drive"],
}  # fmt: skip
OUTCOMES = {
    Outcome.Area.EDUCATION: ["read a short book on my own", "join in group work in class",
                             "use my timetable to get to lessons"],
    Outcome.Area.EMPLOYMENT: ["try two weeks of work experience", "find out about supported internships"],
    Outcome.Area.INDEPENDENT_LIVING: ["travel to college on my own", "cook a simple meal each week",
                                      "manage my own pocket money"],
    Outcome.Area.COMMUNITY: ["join a club outside school", "meet a friend at the weekend"],
    Outcome.Area.HEALTH: ["sleep through the night most nights", "take my medicine without reminders"],
}  # fmt: skip
ACTIONS = {
    Action.Kind.THERAPY: "run the speech and language programme twice a week",
    Action.Kind.EDUCATION: "set up a reading target with weekly checks",
    Action.Kind.ADULT_LIFE: "arrange a visit to the college and a travel practice day",
    Action.Kind.TRANSPORT: "sort out the school transport and bus pass",
    Action.Kind.OTHER: "ask the short breaks team about weekend clubs",
}
STUCK_BECAUSE = ["waiting for a therapist", "no place on the scheme yet", "transport not agreed"]


def _pick(rng, weighted):
    """One value from [(value, weight)]."""
    total = sum(weight for _value, weight in weighted)
    point = rng.random() * total
    for value, weight in weighted:
        point -= weight
        if point < 0:
            return value
    return weighted[-1][0]


class Keys:
    """Primary keys handed out from each table's current maximum."""

    def __init__(self):
        self.next = {}

    def __call__(self, model):
        if model not in self.next:
            self.next[model] = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        key = self.next[model]
        self.next[model] = key + 1
        return key


class Row(dict):
    """One row to write: its fields by attribute name (``person_id``), read as attributes too."""

    __slots__ = ()

    def __getattr__(self, name):
        return self["id" if name == "pk" else name]

    def __setattr__(self, name, value):
        self[name] = value


class Table:
    """How rows of one model are written: every concrete column, each value converted for the
    database the way Django's fields do it (``connection.ops.adapt_*``, the fields' own defaults)."""

    def __init__(self, model):
        ops = connection.ops
        adapters = {
            "DateTimeField": ops.adapt_datetimefield_value,
            "DateField": ops.adapt_datefield_value,
            "TimeField": ops.adapt_timefield_value,
        }
        fields = model._meta.concrete_fields
        self.model = model
        self.names = [field.attname for field in fields]
        self.adapters = [adapters.get(field.get_internal_type()) for field in fields]
        self.defaults = [
            None if field.primary_key else field.get_db_prep_save(field.get_default(), connection) for field in fields
        ]
        self.cache = {}  # the same dates and times come up again and again: convert each once
        quote = ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(field.column) for field in fields)

    def values(self, row):
        out = []
        for name, adapt, default in zip(self.names, self.adapters, self.defaults, strict=True):
            if name not in row:
                out.append(default)
                continue
            value = row[name]
            if adapt is not None and value is not None:
                converted = self.cache.get(value)
                if converted is None:
                    converted = self.cache[value] = adapt(value)
                value = converted
            out.append(value)
        return out

    def write(self, rows):
        """INSERT the rows: PostgreSQL's COPY, or one executemany elsewhere. No signals, no
        ``save()``: the rows are new and nothing listens for them."""
        values = [self.values(row) for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.names))
                for start in range(0, len(values), BATCH):
                    # The table and columns come from the models' own metadata; every value is a parameter.
                    sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"  # nosec B608
                    cursor.executemany(sql, values[start : start + BATCH])


class Rows:
    """Rows waiting to be written, by model, in the order they must go in."""

    ORDER = [
        User, Person, Person.pathway_groups.through, Profile, ProfileStatement, CircleMember, Review,
        Review.participants.through, ActionPlan, Outcome, OutcomeCheck, Action, ActionUpdate, Statement,
        StatementTheme,
    ]  # fmt: skip

    def __init__(self, keys):
        self.keys = keys
        self.tables = {model: Table(model) for model in self.ORDER}
        self.rows = {model: [] for model in self.ORDER}
        self.totals = {model: 0 for model in self.ORDER}

    def add(self, model, **values):
        """A new row of ``model`` (written at the next ``flush``); its primary key is given here."""
        values["id"] = values.pop("pk", None) or self.keys(model)
        row = Row(values)
        self.rows[model].append(row)
        return row

    def flush(self):
        for model in self.ORDER:
            if self.rows[model]:
                self.tables[model].write(self.rows[model])
                self.totals[model] += len(self.rows[model])
                self.rows[model] = []


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _name(number):
    return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]}"


def _place(number):
    place = PLACE_STARTS[number % len(PLACE_STARTS)] + PLACE_ENDS[(number // len(PLACE_STARTS)) % len(PLACE_ENDS)]
    rounds = number // (len(PLACE_STARTS) * len(PLACE_ENDS))
    return place if rounds == 0 else f"{place} {rounds + 1}"


def area_themes(la):
    """The area's themes by this module's keys, made with insights.themes when that exists."""
    try:
        from insights.themes import ensure_default_themes
    except ImportError:
        ensure_default_themes = None
    if ensure_default_themes is not None:
        ensure_default_themes(la)
    else:
        for position, (_key, name, _word) in enumerate(THEMES):
            Theme.objects.get_or_create(local_authority=la, name=name, defaults={"position": position})
    found = list(Theme.objects.filter(local_authority=la, retired=False))
    themes = {}
    for key, _label, word in THEMES:
        match = next((t for t in found if word in t.name.lower()), None)
        if match is not None:
            themes[key] = match.pk
    return themes


class Area:
    """The organisations and professionals of the synthetic area: few rows, made one at a time."""

    def __init__(self, name, people, partial=False):
        self.name = name
        self.slug = slugify(name)[:40] or "area"
        self.la = Organisation.objects.create(
            name=name + PARTIAL if partial else name, kind=Organisation.Kind.LOCAL_AUTHORITY
        )
        self.lead = self.professional("lead", 0, f"Planning lead, {name}", self.la, Membership.Role.PLANNING_LEAD)

        schools = max(4, round(people / PEOPLE_PER_SCHOOL))
        colleges, specials = max(1, schools // 12), max(1, schools // 10)
        mainstream = schools - colleges - specials
        kinds = [("Primary School", 0, 6) if n % 3 else ("Academy", 7, 11) for n in range(mainstream)]
        kinds += [("College", 12, 14)] * colleges + [("Special School", 0, 14)] * specials
        self.by_year = {year: [] for year in range(15)}  # year group -> [(school pk, its SENCO)]
        self.special = []
        for number, (kind, first, last) in enumerate(kinds):
            school = Organisation.objects.create(
                name=f"{_place(number)} {kind}", kind=Organisation.Kind.SCHOOL, local_authority=self.la
            )
            senco = self.professional("senco", number, _name(number * 7 + 1), school, Membership.Role.COORDINATOR)
            if kind == "Special School":
                self.special.append((school.pk, senco))
            else:
                for year in range(first, last + 1):
                    self.by_year[year].append((school.pk, senco))
        self.case_officers = [
            self.professional("case-officer", n, _name(n * 5 + 3), self.la, Membership.Role.COORDINATOR)
            for n in range(max(1, people // 500))
        ]
        self.therapists = self.team(people // 500, "therapist", "Children's Therapy (NHS)", Organisation.Kind.HEALTH)
        self.social_workers = self.team(
            people // 800, "social-worker", "Children's Social Care", Organisation.Kind.SOCIAL_CARE
        )
        self.themes = area_themes(self.la)
        self.theme_keys = [key for key, _n, _w in THEMES if key in self.themes]
        self.groups = {g.code: g.pk for g in PathwayGroup.objects.all()}

    def email(self, role, number):
        return f"{role}-{number:06d}@{self.slug}.example"

    def professional(self, role, number, name, organisation, membership_role):
        user = User.objects.create(email=self.email(role, number), name=name, password=UNUSABLE_PASSWORD)
        Membership.objects.create(user=user, organisation=organisation, role=membership_role)
        return user

    def team(self, size, role, service, kind):
        org = Organisation.objects.create(name=f"{self.name}: {service}", kind=kind, local_authority=self.la)
        return [
            self.professional(role, n, _name(n * 11 + 5), org, Membership.Role.PRACTITIONER)
            for n in range(max(1, size))
        ]


TOOK_PART = [
    (Review.PersonTookPart.WHOLE, 35), (Review.PersonTookPart.PART, 20), (Review.PersonTookPart.ONLINE, 5),
    (Review.PersonTookPart.VIEWS_ONLY, 15), (Review.PersonTookPart.SOMEONE_SPOKE, 10),
    (Review.PersonTookPart.NOT_AT_ALL, 10), ("", 5),
]  # fmt: skip
RESULTS = [
    (OutcomeCheck.Result.ACHIEVED, 40), (OutcomeCheck.Result.PARTLY, 30),
    (OutcomeCheck.Result.NOT_ACHIEVED, 20), (OutcomeCheck.Result.NOT_WANTED, 10),
]  # fmt: skip
KIND_OF_AREA = {
    Outcome.Area.EDUCATION: Action.Kind.EDUCATION, Outcome.Area.EMPLOYMENT: Action.Kind.ADULT_LIFE,
    Outcome.Area.INDEPENDENT_LIVING: Action.Kind.TRANSPORT, Outcome.Area.COMMUNITY: Action.Kind.OTHER,
    Outcome.Area.HEALTH: Action.Kind.THERAPY,
}  # fmt: skip
S = Action.Status


class PersonMaker:
    """Writes one synthetic person's whole history into ``rows``."""

    def __init__(self, area, rng, keys, rows, today):
        self.area, self.rng, self.keys, self.rows, self.today = area, rng, keys, rows, today
        self.year_choices = list(enumerate(YEAR_WEIGHTS))
        self.school_start = school_year_start(today)

    def make(self, index):
        rng, rows, area, today = self.rng, self.rows, self.area, self.today
        year = _pick(rng, self.year_choices)
        older = year >= 12
        sen = _pick(
            rng,
            [
                (Person.SenStatus.EHC_PLAN, 70 if older else 36),
                (Person.SenStatus.SEN_SUPPORT, 28 if older else 58),
                (Person.SenStatus.NONE, 2 if older else 6),
            ],
        )
        ehcp = sen == Person.SenStatus.EHC_PLAN
        school, senco = (
            rng.choice(area.special) if ehcp and rng.random() < 0.2 else rng.choice(area.by_year[year] or area.special)
        )
        coordinator = rng.choice(area.case_officers) if ehcp and rng.random() < 0.4 else senco
        born = datetime.date(self.school_start - 5 - year, 9, 1) + datetime.timedelta(days=rng.randrange(365))
        joined = today - datetime.timedelta(days=rng.randrange(60, 1100))  # known for 2 months to 3 years
        first = rng.choice(FIRST_NAMES)
        person = rows.add(
            Person,
            preferred_name=first,
            full_name=f"{first} {rng.choice(SURNAMES)}",
            date_of_birth=born,
            setting_id=school,
            local_authority_id=area.la.pk,
            sen_status=sen,
            coordinator_id=coordinator.pk,
            created_at=_at(joined),
            updated_at=_at(joined),
        )
        for code, chance, from_year in PATHWAYS:
            if year >= from_year and rng.random() < chance and code in area.groups:
                rows.add(Person.pathway_groups.through, person_id=person.pk, pathwaygroup_id=area.groups[code])
        if year >= 9 and "year-9-onwards" in area.groups:
            rows.add(Person.pathway_groups.through, person_id=person.pk, pathwaygroup_id=area.groups["year-9-onwards"])

        circle = self.circle(index, person, coordinator, senco, year, joined)
        self.profile(person, circle, joined)
        self.reviews(person, circle, coordinator, born, sen, joined)

    def user(self, role, index, name):
        return self.rows.add(User, email=self.area.email(role, index), name=name, password=UNUSABLE_PASSWORD)

    def circle(self, index, person, coordinator, senco, year, joined):
        rng, rows, area = self.rng, self.rows, self.area
        parent = self.user("family", index, _name(rng.randrange(10_000)))
        members = {"coordinator": coordinator, "parent": parent, "practitioners": [], "self": None}
        role = CircleMember.Relationship.SCHOOL if coordinator is senco else CircleMember.Relationship.OTHER
        joined_at = _at(joined)
        rows.add(
            CircleMember,
            person_id=person.pk,
            user_id=coordinator.pk,
            relationship=role,
            role_description="Coordinator",
            joined_at=joined_at,
        )
        rows.add(
            CircleMember,
            person_id=person.pk,
            user_id=parent.pk,
            relationship="parent_carer",
            role_description=rng.choice(["Mum", "Dad", "Carer", "Grandparent"]),
            joined_at=joined_at,
        )
        if rng.random() < 0.3:
            therapist = rng.choice(area.therapists)
            members["practitioners"].append(therapist)
            rows.add(
                CircleMember,
                person_id=person.pk,
                user_id=therapist.pk,
                relationship="health",
                role_description="Speech and language therapist",
                joined_at=joined_at,
            )
        if rng.random() < 0.15:
            worker = rng.choice(area.social_workers)
            members["practitioners"].append(worker)
            rows.add(
                CircleMember,
                person_id=person.pk,
                user_id=worker.pk,
                relationship="social_care",
                role_description="Social worker",
                joined_at=joined_at,
            )
        if year >= 9 and rng.random() < 0.3:
            own = self.user("young-person", index, person.preferred_name)
            members["self"] = own
            rows.add(
                CircleMember,
                person_id=person.pk,
                user_id=own.pk,
                relationship="self",
                role_description=person.preferred_name,
                joined_at=joined_at,
            )
        return members

    def profile(self, person, circle, joined):
        rng, rows, today = self.rng, self.rows, self.today
        profile = rows.add(Profile, person_id=person.pk)
        if rng.random() >= 0.85:
            return  # an empty profile: not started yet
        author = circle["self"] or circle["parent"]
        written = joined + datetime.timedelta(days=rng.randrange(1, 40))
        written = min(written, today)
        for heading, phrases in PROFILE_PHRASES.items():
            if heading == Heading.HOPES and rng.random() < 0.5:
                continue
            for position, text in enumerate(rng.sample(phrases, rng.randint(1, 3))):
                rows.add(
                    ProfileStatement,
                    profile_id=profile.pk,
                    heading=heading,
                    text=text,
                    position=position,
                    written_by_id=author.pk,
                    added_by_id=author.pk,
                    created_at=_at(written),
                    updated_at=_at(written),
                )
        profile.updated_at, profile.updated_by_id = _at(written), author.pk
        if rng.random() < 0.8:
            profile.published_number = rng.randint(1, 3)
            profile.published_at = _at(written, 15)

    def review_kind(self, sen, number, year):
        rng = self.rng
        if sen == Person.SenStatus.EHC_PLAN:
            if number % 2 == 0:  # once a year, the statutory annual review, a transition review for most from Year 9
                return Review.Kind.TRANSITION if year >= 9 and rng.random() < 0.7 else Review.Kind.EHCP_ANNUAL
            return Review.Kind.ONE_PLANNING if rng.random() < 0.2 else Review.Kind.PERSON_CENTRED
        if sen == Person.SenStatus.SEN_SUPPORT:
            if year >= 9 and rng.random() < 0.15:
                return Review.Kind.TRANSITION
            return _pick(
                rng, [(Review.Kind.SEN_SUPPORT, 60), (Review.Kind.PERSON_CENTRED, 30), (Review.Kind.ONE_PLANNING, 10)]
            )
        return Review.Kind.PERSON_CENTRED

    def reviews(self, person, circle, coordinator, born, sen, joined):
        rng, today = self.rng, self.today
        day = max(joined + datetime.timedelta(days=rng.randrange(20, 90)), today - datetime.timedelta(days=730))
        previous = None  # (outcomes [(pk, text, area)], unfinished actions [(pk, what, kind, owner)])
        number = rng.randrange(2)
        while day < today:
            following = day + datetime.timedelta(days=rng.randrange(150, 220))
            previous = self.held_review(
                person, circle, coordinator, born, sen, day, number, previous, following >= today
            )
            day, number = following, number + 1
        if rng.random() < 0.35:  # the next review is already planned
            upcoming = today + datetime.timedelta(days=rng.randrange(7, 57))
            self.rows.add(
                Review,
                person_id=person.pk,
                kind=self.review_kind(sen, number, school_year_start(upcoming) - school_year_start(born) - 5),
                meeting_date=upcoming,
                created_by_id=coordinator.pk,
                created_at=_at(today - datetime.timedelta(days=14)),
                facilitator_id=coordinator.pk,
                starts_at=datetime.time(10),
                place="School",
                invite_on=upcoming - datetime.timedelta(days=28),
                views_due_on=upcoming - datetime.timedelta(days=14),
            )

    def held_review(self, person, circle, coordinator, born, sen, day, number, previous, current):
        rng, rows = self.rng, self.rows
        year = school_year_start(day) - (school_year_start(born) + 5)
        took_part = _pick(rng, TOOK_PART)
        review = rows.add(
            Review,
            person_id=person.pk,
            kind=self.review_kind(sen, number, year),
            meeting_date=day,
            created_by_id=coordinator.pk,
            created_at=_at(day - datetime.timedelta(days=35)),
            facilitator_id=coordinator.pk,
            starts_at=datetime.time(10),
            place="School",
            invite_on=day - datetime.timedelta(days=28),
            views_due_on=day - datetime.timedelta(days=14),
            person_took_part=took_part,
        )
        practitioners = [p for p in circle["practitioners"] if rng.random() < 0.7]
        participants = [coordinator, circle["parent"], *practitioners]
        if circle["self"] is not None and took_part not in ("", Review.PersonTookPart.NOT_AT_ALL):
            participants.append(circle["self"])
        for user in participants:
            rows.add(Review.participants.through, review_id=review.pk, user_id=user.pk)

        self.statements(review, day, coordinator, circle, practitioners, took_part)

        plan = rows.add(
            ActionPlan,
            review_id=review.pk,
            agreed_at=_at(day, 16),
            agreed_by_id=coordinator.pk,
            next_review_date=add_months(day, 12 if review.kind == Review.Kind.EHCP_ANNUAL else 6),
        )
        outcomes, carried_actions = [], []
        earlier_outcomes, unfinished = previous or ([], [])
        for pk, text, life_area in earlier_outcomes:
            result = _pick(rng, RESULTS)
            rows.add(
                OutcomeCheck,
                outcome_id=pk,
                review_id=review.pk,
                result=result,
                checked_by_id=coordinator.pk,
                checked_at=_at(day, 11),
                note="Talked about at the review",
            )
            if result in (OutcomeCheck.Result.PARTLY, OutcomeCheck.Result.NOT_ACHIEVED) and rng.random() < 0.5:
                outcomes.append(self.outcome(plan, day, coordinator, text, life_area, carried_from=pk))
        for pk, what, kind, owner in unfinished:
            if rng.random() < 0.5:
                carried_actions.append((pk, what, kind, owner))
        areas = [Outcome.Area.EDUCATION, Outcome.Area.COMMUNITY, Outcome.Area.HEALTH]
        if year >= 9:
            areas += [Outcome.Area.EMPLOYMENT, Outcome.Area.INDEPENDENT_LIVING, Outcome.Area.INDEPENDENT_LIVING]
        for _ in range(max(1 - len(outcomes), rng.randint(0, 2))):
            life_area = rng.choice(areas)
            outcomes.append(self.outcome(plan, day, coordinator, rng.choice(OUTCOMES[life_area]), life_area))

        owners = [u for u in participants if u is not circle["self"]]
        actions = [(None, *carried[1:], carried[0]) for carried in carried_actions]
        for _ in range(rng.randint(2, 4)):
            pk, _text, life_area = rng.choice(outcomes)
            kind = KIND_OF_AREA[life_area] if rng.random() < 0.7 else rng.choice(list(ACTIONS))
            actions.append((pk, ACTIONS[kind], kind, rng.choice(owners), None))
        unfinished = []
        for outcome_pk, what, kind, owner, carried_from in actions:
            action = self.action(plan, day, coordinator, outcome_pk, what, kind, owner, carried_from, current)
            if action.status != S.DONE:
                unfinished.append((action.pk, what, kind, owner))
        return outcomes, unfinished

    def outcome(self, plan, day, coordinator, text, life_area, carried_from=None):
        outcome = self.rows.add(
            Outcome,
            plan_id=plan.pk,
            text=f"I will {text}",
            area=life_area,
            how_we_will_know="We will talk about it at the next review",
            due_by=add_months(day, 6),
            carried_from_id=carried_from,
            created_by_id=coordinator.pk,
            created_at=_at(day, 12),
        )
        return outcome.pk, text, life_area

    def action(self, plan, day, coordinator, outcome_pk, what, kind, owner, carried_from, current):
        rng, today = self.rng, self.today
        due = day + datetime.timedelta(days=rng.randrange(30, 181))
        if not current:
            status = _pick(rng, [(S.DONE, 70), (S.STUCK, 5), (S.IN_PROGRESS, 10), (S.NOT_STARTED, 15)])
        elif due < today:
            status = _pick(rng, [(S.DONE, 60), (S.STUCK, 10), (S.IN_PROGRESS, 20), (S.NOT_STARTED, 10)])
        else:
            status = _pick(rng, [(S.DONE, 20), (S.STUCK, 10), (S.IN_PROGRESS, 40), (S.NOT_STARTED, 30)])
        changed = min(today, day + datetime.timedelta(days=rng.randrange(7, 60)))
        done_at = None
        if status == S.DONE:  # about a third done after the date
            done = min(
                today, max(day + datetime.timedelta(days=1), due + datetime.timedelta(days=rng.randrange(-45, 25)))
            )
            done_at = changed = done
        action = self.rows.add(
            Action,
            plan_id=plan.pk,
            owner_id=owner.pk,
            what=what,
            kind=kind,
            status=status,
            stuck_because=rng.choice(STUCK_BECAUSE) if status == S.STUCK else "",
            carried_from_id=carried_from,
            outcome_id=outcome_pk,
            due_by=due,
            created_by_id=coordinator.pk,
            created_at=_at(day, 12),
            done_at=_at(done_at, 14) if done_at else None,
            done_by_id=owner.pk if done_at else None,
        )
        if status != S.NOT_STARTED:
            self.rows.add(
                ActionUpdate,
                action_id=action.pk,
                status=status,
                by_id=owner.pk,
                at=_at(changed, 14),
                note=action.stuck_because,
            )
        return action

    def statements(self, review, day, coordinator, circle, practitioners, took_part):
        rng, rows = self.rng, self.rows
        own_views = took_part not in ("", Review.PersonTookPart.NOT_AT_ALL)
        for _ in range(rng.randint(6, 10)):
            question = _pick(rng, QUESTION_WEIGHTS)
            words, theme = rng.choice(PHRASES[question])
            text = f"{words[0].upper()}{words[1:]}{rng.choice(QUALIFIERS)}"
            who = rng.random()
            by_the_person, voice = False, Statement.Voice.OWN
            if own_views and who < 0.25:
                by_the_person = True
                if circle["self"] is not None and rng.random() < 0.6:
                    author = circle["self"]
                else:
                    author = circle["parent"] if rng.random() < 0.5 else coordinator
                    voice = Statement.Voice.HELPED if rng.random() < 0.5 else Statement.Voice.TOLD
            elif who < 0.6:
                author = circle["parent"]
            elif who < 0.85 or not practitioners:
                author = coordinator
            else:
                author = rng.choice(practitioners)
            at_meeting = rng.random() < 0.15
            written = _at(day if at_meeting else day - datetime.timedelta(days=rng.randrange(1, 21)), 11)
            statement = rows.add(
                Statement,
                review_id=review.pk,
                question=question,
                text=text,
                author_id=author.pk,
                by_the_person=by_the_person,
                voice=voice,
                created_at=written,
                updated_at=written,
                added_at_meeting=at_meeting,
            )
            self.themes(statement, theme, coordinator, day)

    def themes(self, statement, theme, coordinator, day):
        rng, area = self.rng, self.area
        at = _at(day, 17)
        chance = rng.random()
        if theme is None or theme not in area.themes:
            if chance < 0.05 and area.theme_keys:  # the classifier's false alarms, declined
                self.theme(statement, rng.choice(area.theme_keys), StatementTheme.Source.DECLINED, coordinator, at)
            return
        if chance < 0.25:
            self.theme(statement, theme, StatementTheme.Source.TAGGED, coordinator, at)
        elif chance < 0.55:
            self.theme(statement, theme, StatementTheme.Source.ACCEPTED, coordinator, at)
        elif chance < 0.70:
            self.theme(statement, theme, StatementTheme.Source.SUGGESTED, None, at)
        elif chance < 0.75:
            wrong = rng.choice(area.theme_keys)
            if wrong != theme:
                self.theme(statement, wrong, StatementTheme.Source.DECLINED, coordinator, at)
            self.theme(statement, theme, StatementTheme.Source.TAGGED, coordinator, at)

    def theme(self, statement, key, source, by, at):
        self.rows.add(
            StatementTheme,
            statement_id=statement.pk,
            theme_id=self.area.themes[key],
            source=source,
            by_id=by.pk if by else None,
            at=at,
        )


PARTIAL = " (being made)"  # the area's name until the last of its rows is in


class AreaStoppedPartWay(Exception):
    """An earlier run stopped before it finished this area."""


def seed_area(people, *, seed=1, area=DEFAULT_AREA, today=None, say=None):
    """Make a synthetic local authority called ``area`` with ``people`` people and their plans
    (see the module's docstring). Deterministic: the same ``people``, ``seed`` and ``today`` give
    the same rows (apart from primary keys, which follow on from what the tables hold).

    Rows are committed a chunk of people at a time (one transaction for millions of rows would make
    PostgreSQL keep every row's foreign key check in memory until the end); the area is called
    "<area> (being made)" until the last chunk is in, so a run that stops part way is not mistaken
    for a whole area. Returns {model label: rows written}, or None, changing nothing, if ``area``
    exists already; raises ``AreaStoppedPartWay`` if an earlier run stopped part way through it."""
    say = say or (lambda text: None)
    today = today or timezone.localdate()
    las = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    if las.filter(name=area).exists():
        return None
    if las.filter(name=area + PARTIAL).exists():
        raise AreaStoppedPartWay(
            f"An earlier run stopped part way through {area}: use another --area name, or a fresh database."
        )
    started = time.monotonic()
    rng = random.Random(seed)
    keys = Keys()
    rows = Rows(keys)
    with transaction.atomic():
        made = Area(area, people, partial=True)
    maker = PersonMaker(made, rng, keys, rows, today)
    try:
        for index in range(people):
            maker.make(index)
            if (index + 1) % CHUNK == 0 or index + 1 == people:
                with transaction.atomic():
                    rows.flush()
                if (index + 1) % (CHUNK * 10) == 0 or index + 1 == people:
                    statements = rows.totals[Statement]
                    say(f"{index + 1:,} people, {statements:,} statements, {time.monotonic() - started:.0f} s")
    finally:
        _reset_sequences()
    Organisation.objects.filter(pk=made.la.pk).update(name=area)
    # The rows above were written without the signals that keep the area figures' facts, so the
    # area's facts are built from scratch now (insights.facts), as for any area's first figures.
    say("Building the area figures' facts")
    facts.build(made.la)
    _analyze()
    totals = {model._meta.label: count for model, count in rows.totals.items()}
    totals["insights.Theme"] = len(made.themes)
    return totals


def _analyze():
    """PostgreSQL: bring the planner's statistics up to date now, as autovacuum would a while
    after a bulk load, so the first queries on the new rows are not planned blind."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in [*Rows.ORDER, Fact]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _reset_sequences():
    """PostgreSQL's sequences move past the keys given here (SQLite's AUTOINCREMENT does so itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), Rows.ORDER)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
