"""manage.py seed_scale: a large synthetic area, the same for the same seed, with realistic proportions."""

import datetime
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from insights.models import Fact, StatementTheme, Theme
from insights.scale import seed_area
from people.models import CircleMember, Person, year_group
from plans.models import Action, ActionPlan, Outcome, OutcomeCheck
from profiles.models import Profile, ProfileStatement
from reviews.models import Review, Statement

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def snapshot(area_name):
    """What an area holds, without primary keys or email addresses (which differ between areas)."""
    people = Person.objects.filter(local_authority__name=area_name).order_by("pk")
    statements = Statement.objects.filter(review__person__in=people).order_by("pk")
    return {
        "counts": {
            "people": people.count(),
            "reviews": Review.objects.filter(person__in=people).count(),
            "statements": statements.count(),
            "themes": StatementTheme.objects.filter(statement__in=statements).count(),
            "outcomes": Outcome.objects.filter(plan__review__person__in=people).count(),
            "actions": Action.objects.filter(plan__review__person__in=people).count(),
            "profile statements": ProfileStatement.objects.filter(profile__person__in=people).count(),
        },
        "people": list(
            people.values_list("preferred_name", "full_name", "date_of_birth", "sen_status", "setting__name")[:5]
        ),
        "statements": list(
            statements.values_list("question", "text", "by_the_person", "voice", "created_at", "review__kind")[:20]
        ),
        "actions": list(
            Action.objects.filter(plan__review__person__in=people)
            .order_by("pk")
            .values_list("what", "kind", "status", "due_by", "done_at")[:10]
        ),
    }


def test_the_same_seed_makes_the_same_area():
    seed_area(200, seed=7, area="First Council", today=TODAY)
    seed_area(200, seed=7, area="Second Council", today=TODAY)

    first, second = snapshot("First Council"), snapshot("Second Council")

    assert first["counts"]["people"] == 200
    assert first == second


def test_another_seed_makes_another_area():
    seed_area(200, seed=7, area="First Council", today=TODAY)
    seed_area(200, seed=8, area="Second Council", today=TODAY)

    assert snapshot("First Council")["statements"] != snapshot("Second Council")["statements"]


def test_an_area_that_exists_already_is_left_alone():
    seed_area(20, area="First Council", today=TODAY)
    people = Person.objects.count()

    assert seed_area(20, area="First Council", today=TODAY) is None
    assert Person.objects.count() == people


def test_an_area_an_earlier_run_stopped_part_way_through_is_not_taken_for_a_whole_one():
    Organisation.objects.create(name="First Council (being made)", kind=Organisation.Kind.LOCAL_AUTHORITY)

    with pytest.raises(CommandError, match="An earlier run stopped part way through First Council"):
        call_command("seed_scale", "--people", "20", "--area", "First Council", stdout=StringIO())


def test_two_hundred_people_take_under_ten_seconds():
    started = time.monotonic()
    totals = seed_area(200, today=TODAY)

    assert time.monotonic() - started < 10
    assert totals["people.Person"] == 200


def test_an_area_has_realistic_proportions():
    totals = seed_area(400, seed=3, area="Realistic Council", today=TODAY)
    people = Person.objects.filter(local_authority__name="Realistic Council")
    held = Review.objects.filter(person__in=people, meeting_date__lt=TODAY)

    # About 24 statements a person, over about 3 reviews held each in the last two years.
    assert 20 <= totals["reviews.Statement"] / 400 <= 30
    assert 2.5 <= held.count() / 400 <= 4.5
    assert not held.filter(meeting_date__lt=TODAY - datetime.timedelta(days=731)).exists()
    assert set(Review.objects.filter(person__in=people).values_list("kind", flat=True)) == set(Review.Kind.values)
    # A third or so of people have their next review planned; every review held has an agreed plan.
    assert Review.objects.filter(person__in=people, meeting_date__gte=TODAY).exists()
    assert ActionPlan.objects.filter(review__in=held, agreed_at__isnull=False).count() == held.count()

    # Reception to Year 14, every SEN status, EHC plans a large minority, pathway groups.
    assert len({year_group(p.date_of_birth, on=TODAY) for p in people}) >= 13
    statuses = Counter(people.values_list("sen_status", flat=True))
    assert set(statuses) == set(Person.SenStatus.values)
    assert 0.25 <= statuses[Person.SenStatus.EHC_PLAN] / 400 <= 0.55
    assert people.filter(pathway_groups__code="autism").count() > 60

    # About one school per 250 people, every school's coordinator a coordinator there.
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, local_authority__name="Realistic Council")
    assert 2 <= schools.count() <= 6
    assert Membership.objects.filter(organisation__in=schools, role=Membership.Role.COORDINATOR).count() == (
        schools.count()
    )
    assert User.objects.filter(
        memberships__role=Membership.Role.PLANNING_LEAD, memberships__organisation__name="Realistic Council"
    ).exists()

    # Everyone has a profile, most with statements; every circle has the coordinator and a parent.
    assert Profile.objects.filter(person__in=people).count() == 400
    with_statements = Profile.objects.filter(person__in=people, statements__isnull=False).distinct().count()
    assert 0.75 <= with_statements / 400 <= 0.95
    assert CircleMember.objects.filter(person__in=people, relationship="parent_carer").count() == 400

    # Outcomes checked with every result, actions with every status, some late or overdue.
    results = set(OutcomeCheck.objects.filter(review__person__in=people).values_list("result", flat=True))
    assert results == set(OutcomeCheck.Result.values)
    actions = Action.objects.filter(plan__review__person__in=people)
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    assert actions.filter(done_at__isnull=True, due_by__lt=TODAY).exists()
    late = [a for a in actions.filter(done_at__isnull=False) if a.done_at.date() > a.due_by]
    assert 0.1 <= len(late) / actions.filter(done_at__isnull=False).count() <= 0.5

    # Themes over the area's ten: chosen, suggested, accepted and declined.
    themes = StatementTheme.objects.filter(statement__review__person__in=people)
    assert set(themes.values_list("source", flat=True)) == set(StatementTheme.Source.values)
    assert themes.values("theme").distinct().count() == 10
    assert Theme.objects.filter(local_authority__name="Realistic Council").count() == 10


def test_rows_read_back_as_django_would_have_saved_them():
    seed_area(30, area="First Council", today=TODAY)
    statement = Statement.objects.filter(review__person__local_authority__name="First Council").first()
    member = CircleMember.objects.filter(person__local_authority__name="First Council").first()
    family = User.objects.filter(email__startswith="family-").first()

    assert statement.created_at.tzinfo is not None
    assert statement.created_at.date() <= statement.review.meeting_date
    assert member.withheld_sections == []
    assert not family.has_usable_password()
    # The tables' keys carry on after the seeded rows (PostgreSQL's sequences are moved on).
    later = Person.objects.create(
        preferred_name="Sam",
        full_name="Sam Test",
        date_of_birth=datetime.date(2012, 5, 2),
        local_authority=member.person.local_authority,
        coordinator=member.person.coordinator,
    )
    assert later.pk > member.person.pk
    assert later.created_at.date() == timezone.localdate()


def test_the_command_says_what_it_made():
    out = StringIO()
    call_command("seed_scale", "--people", "20", "--seed", "2", "--area", "Command Council", stdout=out)

    assert "people.Person: 20" in out.getvalue()
    assert "reviews.Statement:" in out.getvalue()
    call_command("seed_scale", "--people", "20", "--area", "Command Council", stdout=out)
    assert "Command Council is there already; nothing changed." in out.getvalue()


def test_a_seeded_area_has_its_figures_facts_built():
    from insights import facts

    seed_area(30, area="Factville", today=TODAY)
    made = Organisation.objects.get(name="Factville")
    assert facts.differences(made) == []
    assert Fact.objects.filter(local_authority=made, measure=Fact.Measure.PERSON).count() == 30
