"""The area figures' facts (insights.facts) stay exactly what working them out from scratch gives,
after every kind of change, made through the same named functions the pages use; and what depends
on the day is right on the day the figures are read."""

import datetime
import random

import pytest
from django.utils import timezone

from insights import facts, figures
from insights.disclosure import true_value
from insights.models import Fact, KeptFigures, PersonChanged, Theme
from insights.themes import set_themes
from ourplan.tests.factories import OrganisationFactory, PersonFactory, ReviewFactory, StatementFactory
from people.operations import update_person
from plans.models import Action, OutcomeCheck
from plans.operations import add_action, add_outcome, agree_action_plan, check_outcome, update_progress
from privacy.operations import anonymise_person
from profiles.models import Profile
from reviews.board import add_to_board, merge_statements
from reviews.contributions import save_views
from reviews.models import Review, Statement

DAY = datetime.date(2026, 9, 1)


@pytest.fixture
def built(area):
    """The area with its facts built, so every change below goes through the marks."""
    facts.build(area.council)
    assert facts.differences(area.council) == []
    return area


def up_to_date(area):
    """Bring the facts up to date as the page does; they must be what a fresh working out gives."""
    facts.bring_up_to_date(area.council)
    assert facts.differences(area.council) == []
    assert not PersonChanged.objects.filter(person_id__in=area.council.people_in_area.values("pk")).exists()


def measures(person, measure):
    return sorted((f.starts, f.ends, f.previous) for f in Fact.objects.filter(person_id=person.pk, measure=measure))


def held(person, day=DAY, by=None, next_review=None, kind=Review.Kind.PERSON_CENTRED):
    review = ReviewFactory(person=person, meeting_date=day, kind=kind)
    if by is not None:
        agree_action_plan(review.action_plan, by=by, next_review_date=next_review)
    return review


def test_a_change_shows_only_once_the_facts_are_brought_up_to_date(built):
    held(built.sam)
    assert facts.differences(built.council) == [built.sam.pk]  # the check can fail
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.REVIEWED) == [(DAY, None, None)]


def test_a_review_held_and_its_plan_agreed(built):
    first = held(built.sam, DAY, by=built.green, next_review=datetime.date(2027, 3, 1))
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.OVERDUE) == [(datetime.date(2027, 3, 2), facts.OPEN_END, None)]
    held(built.sam, datetime.date(2027, 2, 20))
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.OVERDUE) == []  # the next review was held in time
    assert [on for on, _e, _p in measures(built.sam, Fact.Measure.ON_TIME)] == [DAY, datetime.date(2027, 2, 20)]
    first.meeting_date = datetime.date(2026, 8, 1)
    first.save(update_fields=["meeting_date"])
    up_to_date(built)
    first.delete()
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.REVIEWED) == [(datetime.date(2027, 2, 20), None, None)]


def test_a_published_profile_with_a_current_plan(built):
    held(built.sam, DAY, by=built.green)
    profile, _created = Profile.objects.get_or_create(person=built.sam)
    profile.published_at = timezone.make_aware(datetime.datetime(2026, 10, 5, 9))
    profile.save(update_fields=["published_at"])
    up_to_date(built)
    # current from its publication until six months on (the plan stays current longer)
    assert measures(built.sam, Fact.Measure.PLAN_PROFILE) == [
        (datetime.date(2026, 10, 5), datetime.date(2027, 4, 6), None)
    ]
    profile.delete()
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.PLAN_PROFILE) == []


def test_statements_added_sent_merged_and_removed(built):
    review = held(built.sam)
    said = add_to_board(review, by=built.sam_user, question="important_to", text="Swimming on Saturdays")
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.OWN_VIEWS) == [(DAY, None, None)]
    save_views(review, author=built.aisha, answers={"not_working": "The bus is late"}, send=True)
    up_to_date(built)
    said.delete()
    up_to_date(built)
    assert measures(built.sam, Fact.Measure.OWN_VIEWS) == []


def test_themes_chosen_merged_away_and_taken_off(built):
    transport = Theme.objects.create(local_authority=built.council, name="Transport")
    review = held(built.sam)
    bus = StatementFactory(review=review, question="not_working", text="The bus is late")
    taxi = StatementFactory(review=review, question="not_working", text="The taxi does not come")
    set_themes(taxi, chosen=[transport], decisions={}, by=built.green)
    up_to_date(built)
    themes = Fact.objects.filter(person_id=built.sam.pk, measure=Fact.Measure.THEME)
    assert [(f.question_group, f.theme_id, f.starts) for f in themes] == [("not_working", transport.pk, DAY)]
    merge_statements(bus, [taxi], by=built.green, text="Getting to school", seen_versions={bus.pk: 1, taxi.pk: 1})
    up_to_date(built)
    assert not Fact.objects.filter(person_id=built.sam.pk, measure=Fact.Measure.THEME).exists()
    set_themes(bus, chosen=[transport], decisions={}, by=built.green)
    up_to_date(built)
    set_themes(bus, chosen=[], decisions={}, by=built.green)
    up_to_date(built)
    assert not Fact.objects.filter(person_id=built.sam.pk, measure=Fact.Measure.THEME).exists()
    set_themes(bus, chosen=[transport], decisions={}, by=built.green)
    transport.delete()
    up_to_date(built)


def test_outcomes_checked_and_actions_updated(built):
    first = held(built.sam, datetime.date(2026, 3, 1), by=built.green)
    outcome = add_outcome(first.action_plan, by=built.green, text="Swim 25 metres", area="health")
    later = held(built.sam, DAY, by=built.green)
    check_outcome(outcome, review=later, by=built.green, result=OutcomeCheck.Result.PARTLY)
    up_to_date(built)
    assert Fact.objects.get(person_id=built.sam.pk, measure=Fact.Measure.OUTCOME).result == "partly"
    check_outcome(outcome, review=later, by=built.green, result=OutcomeCheck.Result.ACHIEVED)
    action = add_action(
        later.action_plan, by=built.green, owner=built.green, what="Book lessons", due_by=DAY, outcome=outcome
    )
    up_to_date(built)
    update_progress(action, by=built.green, status=Action.Status.STUCK, note="No pool nearby")
    up_to_date(built)
    assert Fact.objects.get(person_id=built.sam.pk, measure=Fact.Measure.ACTION).result == "stuck"
    update_progress(action, by=built.green, status=Action.Status.DONE)
    up_to_date(built)
    assert Fact.objects.get(person_id=built.sam.pk, measure=Fact.Measure.ACTION).result == "done_late"
    outcome.delete()
    up_to_date(built)


def test_a_person_who_moves_setting_or_area(built):
    held(built.sam)
    update_person(built.sam, by=built.green, setting=built.other_school, sen_status="ehc_plan")
    up_to_date(built)
    assert set(Fact.objects.filter(person_id=built.sam.pk).values_list("setting_id", "sen_status")) == {
        (built.other_school.pk, "ehc_plan")
    }
    elsewhere = OrganisationFactory(name="Hillview Council", kind="local_authority")
    facts.build(elsewhere)
    built.sam.local_authority = elsewhere
    built.sam.save(update_fields=["local_authority"])
    assert not Fact.objects.filter(local_authority=built.council, person_id=built.sam.pk).exists()
    up_to_date(built)
    facts.bring_up_to_date(elsewhere)
    assert facts.differences(elsewhere) == []
    assert Fact.objects.filter(local_authority=elsewhere, person_id=built.sam.pk).exists()


def test_an_erased_person_keeps_only_what_their_anonymised_records_say(built):
    review = held(built.leah, by=built.green)
    add_to_board(review, by=built.leah_user, question="important_to", text="Art college")
    up_to_date(built)
    assert measures(built.leah, Fact.Measure.OWN_VIEWS)
    anonymise_person(built.leah, built.green, "She asked us to")
    up_to_date(built)
    assert measures(built.leah, Fact.Measure.OWN_VIEWS) == []  # her words went
    assert measures(built.leah, Fact.Measure.REVIEWED) == [(DAY, None, None)]  # her review stays, counted
    assert set(Fact.objects.filter(person_id=built.leah.pk).values_list("setting_id", flat=True)) == {None}


def test_a_deleted_person_takes_their_facts(built):
    person = PersonFactory(local_authority=built.council, coordinator=built.green)
    held(person, by=built.green)
    up_to_date(built)
    person.delete()
    assert not Fact.objects.filter(person_id=person.pk).exists()
    up_to_date(built)


def test_overdue_is_right_on_the_day_it_is_read(built):
    held(built.sam, datetime.date(2026, 3, 1), by=built.green, next_review=datetime.date(2026, 11, 20))

    def overdue(today):
        period = figures.Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), today)
        cube, _pathways = figures.everyone_counts(built.council, period)
        facts.bring_up_to_date(built.council)
        cube, _pathways = figures.everyone_counts(built.council, period)
        return sum(row["overdue"] for row in cube)

    assert overdue(datetime.date(2026, 11, 20)) == 0  # due today: not overdue yet
    assert overdue(datetime.date(2026, 11, 21)) == 1


def test_figures_from_facts_kept_up_to_date_are_those_from_facts_built_afresh(built):
    rng = random.Random(7)
    people = [built.sam, built.leah] + [
        PersonFactory(local_authority=built.council, coordinator=built.green, setting=built.school) for _n in range(12)
    ]
    themes = [Theme.objects.create(local_authority=built.council, name=name) for name in ("Transport", "Therapy")]
    period = figures.Period(datetime.date(2026, 4, 1), datetime.date(2026, 12, 31), datetime.date(2026, 11, 20))

    def shown():
        found = figures.area_figures(built.council, period)
        return [[true_value(c) for _l, row in t.all_rows for c in row] for ts in found.sections.values() for t in ts]

    for step in range(40):
        person = rng.choice(people)
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(420))
        change = step % 4
        if change == 0:
            held(person, day, by=built.green, next_review=day + datetime.timedelta(days=rng.choice([30, 120, 200])))
        elif change == 1 and person.reviews.exists():
            review = person.reviews.order_by("?").first()
            statement = StatementFactory(review=review, question=rng.choice(["not_working", "important_to"]))
            set_themes(statement, chosen=[rng.choice(themes)], decisions={}, by=built.green)
        elif change == 2 and person.reviews.exists():
            plan = person.reviews.order_by("?").first().action_plan
            add_action(plan, by=built.green, owner=built.green, what="Call", due_by=day)
        elif change == 3:
            setting = rng.choice([built.school, built.other_school, None])
            update_person(person, by=built.green, setting=setting)
        if step % 10 == 9:
            kept_up = shown()
            facts.build(built.council)
            assert shown() == kept_up
    assert facts.differences(built.council) == []


def test_a_statement_sent_in_bulk_marks_its_person(built):
    review = held(built.sam)
    PersonChanged.objects.all().delete()
    save_views(review, author=built.aisha, answers={"working": "Swimming"}, send=True)
    assert PersonChanged.objects.filter(person_id=built.sam.pk).exists()
    assert Statement.objects.filter(review=review).count() == 1


def random_records(area, rng, people=30):
    """Random people with random records: reviews (some on the same day, some not agreed, some in
    the future), plans, own views, themes, outcome checks, actions, profiles and pathway groups."""
    from people.models import PathwayGroup, Person

    groups = list(PathwayGroup.objects.all()[:3]) or [
        PathwayGroup.objects.create(code=f"g{n}", name=f"Group {n}", position=n) for n in range(3)
    ]
    themes = [Theme.objects.create(local_authority=area.council, name=f"Theme {n}") for n in range(3)]
    start = datetime.date(2025, 6, 1)
    for n in range(people):
        person = PersonFactory(
            local_authority=area.council,
            coordinator=area.green,
            setting=rng.choice([area.school, area.other_school, None]),
            sen_status=rng.choice(list(Person.SenStatus.values)),
            date_of_birth=datetime.date(2006 + rng.randrange(20), rng.randrange(1, 13), rng.randrange(1, 29)),
        )
        person.pathway_groups.set(rng.sample(groups, rng.randrange(3)))
        if rng.random() < 0.6:
            published = timezone.make_aware(datetime.datetime.combine(start, datetime.time(8)))
            Profile.objects.update_or_create(
                person=person, defaults={"published_at": published + datetime.timedelta(days=rng.randrange(600))}
            )
        earlier_outcomes = []
        for _r in range(rng.randrange(5)):
            day = start + datetime.timedelta(days=rng.randrange(650))
            review = ReviewFactory(
                person=person, meeting_date=day, kind=rng.choice([Review.Kind.PERSON_CENTRED, Review.Kind.TRANSITION])
            )
            plan = review.action_plan
            if rng.random() < 0.8:
                plan.agreed_at = timezone.now()
                plan.next_review_date = rng.choice([None, day + datetime.timedelta(days=rng.randrange(20, 400))])
                plan.save(update_fields=["agreed_at", "next_review_date"])
            for _s in range(rng.randrange(4)):
                statement = StatementFactory(
                    review=review,
                    question=rng.choice(["not_working", "important_to", "important_for", "working"]),
                    by_the_person=rng.random() < 0.3,
                    draft=rng.random() < 0.1,
                )
                if rng.random() < 0.7:
                    set_themes(statement, chosen=rng.sample(themes, rng.randrange(1, 3)), decisions={}, by=area.green)
            for outcome in earlier_outcomes:
                if rng.random() < 0.5 and outcome.plan.review.meeting_date < day:
                    OutcomeCheck.objects.create(
                        outcome=outcome,
                        review=review,
                        result=rng.choice(OutcomeCheck.Result.values),
                        checked_by=area.green,
                    )
            outcome = add_outcome(plan, by=area.green, text="Something", area=rng.choice(["", "health", "education"]))
            earlier_outcomes.append(outcome)
            for _a in range(rng.randrange(3)):
                action = add_action(
                    plan,
                    by=area.green,
                    owner=area.green,
                    what="Do it",
                    due_by=day + datetime.timedelta(days=rng.randrange(-30, 200)),
                    outcome=rng.choice([outcome, None]),
                    kind=rng.choice(Action.Kind.values),
                )
                status = rng.choice(Action.Status.values)
                action.status = status
                if status == Action.Status.DONE and rng.random() < 0.8:
                    done = datetime.datetime.combine(action.due_by, datetime.time(12))
                    action.done_at = timezone.make_aware(done + datetime.timedelta(days=rng.randrange(-20, 20)))
                action.save(update_fields=["status", "done_at"])
        if n == people // 2:
            facts.build(area.council)  # half the people go through the marks


@pytest.mark.parametrize("seed", [1, 2])
def test_the_counts_from_facts_are_those_worked_out_from_the_records(area, seed):
    from insights.tests import reference_figures as before
    from people.models import PathwayGroup

    rng = random.Random(seed)
    random_records(area, rng)
    facts.bring_up_to_date(area.council)
    themes = list(Theme.objects.filter(local_authority=area.council))
    selections = [
        figures.EVERYONE,
        figures.Selection("setting", str(area.school.pk)),
        figures.Selection("setting", "none"),
    ]
    selections += [figures.Selection("sen", v) for v in ("none", "ehc_plan")]
    selections += [figures.Selection("year", str(n)) for n in (-1, 3, 9, 14)]
    selections += [figures.Selection("pathway", str(g.pk)) for g in PathwayGroup.objects.all()[:2]]
    for today in (datetime.date(2026, 11, 20), datetime.date(2026, 2, 28), datetime.date(2027, 1, 1)):
        for offered in (figures.quarters(today)[-1], figures.quarters(today)[-3]):
            for last in (offered, figures.quarters(today)[-1]):
                end = figures.add_months(last, 3) - datetime.timedelta(days=1)
                period = figures.Period(offered, end, today)
                assert figures.everyone_counts(area.council, period) == before.everyone_counts(area.council, period)
                for selection in selections:
                    for counts in ("outcome_counts", "action_counts"):
                        now = getattr(figures, counts)(area.council, period, selection)
                        assert now == getattr(before, counts)(area.council, period, selection), (
                            counts,
                            period,
                            selection,
                        )
                    assert figures.theme_counts(area.council, period, selection, themes) == before.theme_counts(
                        area.council, period, selection, themes
                    ), (period, selection)


def test_pathway_groups_changed_either_way_mark_the_people(built):
    from people.models import PathwayGroup

    group = PathwayGroup.objects.create(code="young-carers", name="Young carers", position=9)
    held(built.sam)
    update_person(built.sam, by=built.green, pathway_groups=[group])
    up_to_date(built)
    assert set(Fact.objects.filter(person_id=built.sam.pk).values_list("pathways", flat=True)) == {f",{group.pk},"}
    group.people.add(built.leah)
    up_to_date(built)
    group.people.clear()
    up_to_date(built)
    assert set(Fact.objects.filter(person_id=built.sam.pk).values_list("pathways", flat=True)) == {""}


def test_a_pathway_group_added_to_or_taken_from_a_person_directly_marks_that_person(built):
    from people.models import PathwayGroup

    group = PathwayGroup.objects.create(code="young-carers", name="Young carers", position=9)
    held(built.leah)
    built.leah.pathway_groups.add(group)  # not through update_person: no save of Leah herself
    assert PersonChanged.objects.filter(person_id=built.leah.pk).exists()
    up_to_date(built)
    assert set(Fact.objects.filter(person_id=built.leah.pk).values_list("pathways", flat=True)) == {f",{group.pk},"}
    built.leah.pathway_groups.remove(group)
    up_to_date(built)
    assert set(Fact.objects.filter(person_id=built.leah.pk).values_list("pathways", flat=True)) == {""}


def test_figures_kept_for_a_version_of_the_facts_are_never_shown_after_a_change(built):
    period = figures.Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), datetime.date(2026, 11, 20))

    def reviewed():
        table = figures.area_figures(built.council, period).sections["everyone"][0]
        return table.total[1][figures.MEASURE_KEYS.index("reviewed")]

    assert true_value(reviewed()) == 0  # worked out
    assert reviewed().shown == "0"  # kept: only the published text is kept, never a true number
    assert KeptFigures.objects.filter(local_authority=built.council).count() == 1
    held(built.sam)
    assert true_value(reviewed()) == 1  # worked out again, not the kept figures
    Theme.objects.create(local_authority=built.council, name="Housing")
    assert any(
        label == "Housing" for label, _row in figures.area_figures(built.council, period).sections["change"][0].rows
    )


def test_the_check_puts_right_facts_that_differ_and_says_so(built):
    from io import StringIO

    from django.core.management import call_command

    held(built.sam)
    up_to_date(built)
    Fact.objects.filter(person_id=built.sam.pk, measure=Fact.Measure.REVIEWED).delete()  # as if a change was missed
    out = StringIO()
    call_command("area_figures", "--area", built.council.name, stdout=out)
    assert "1 people's facts differed" in out.getvalue()
    assert facts.differences(built.council) == []
