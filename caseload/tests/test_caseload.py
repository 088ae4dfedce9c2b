import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseload.caseload import caseload, profile_check, shown, summary
from caseload.dates import school_age_ends_soon
from ourplan.dates import long_date
from ourplan.tests.factories import ActionFactory, PersonFactory, ReviewFactory, born_in_year_group
from ourplan.tests.words import words
from people.models import Person
from plans.models import Action, ActionPlan
from profiles.models import Profile
from reviews.models import Review

URL = reverse("caseload:caseload")
TODAY = datetime.date(2026, 11, 23)
DAY = datetime.timedelta(days=1)


def held_review(person, on, next_review=None, kind=Review.Kind.PERSON_CENTRED, agreed=True):
    """A review of ``person`` held ``on``, its action plan agreed with ``next_review`` as the next date."""
    review = ReviewFactory(person=person, meeting_date=on, kind=kind)
    if agreed:
        ActionPlan.objects.filter(review=review).update(agreed_at=timezone.now(), next_review_date=next_review)
    return review


def entry(person, today=TODAY):
    (found,) = [e for e in caseload(Person.objects.filter(pk=person.pk), today)]
    return found


def published(person, on):
    Profile.objects.filter(person=person).update(
        published_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    )


# --- what needs doing, worked out for a given day -------------------------------------------------


def test_someone_with_no_agreed_plan_has_no_review_date_and_no_review_flags(area):
    held_review(area.sam, TODAY - 10 * DAY, agreed=False)
    sam = entry(area.sam)
    assert (sam.next_review, sam.review_overdue, sam.review_due_soon) == (None, False, False)


def test_the_next_review_date_comes_from_the_most_recently_agreed_plan(area):
    held_review(area.sam, TODAY - 200 * DAY, next_review=TODAY - 20 * DAY)
    held_review(area.sam, TODAY - 20 * DAY, next_review=TODAY + 150 * DAY)
    held_review(area.sam, TODAY - 5 * DAY, agreed=False)  # held, not signed off
    assert entry(area.sam).next_review == TODAY + 150 * DAY


def test_a_review_date_that_has_passed_is_overdue(area):
    held_review(area.sam, TODAY - 200 * DAY, next_review=TODAY - DAY)
    sam = entry(area.sam)
    assert sam.review_overdue and not sam.review_due_soon


def test_a_review_held_since_the_date_passed_is_not_overdue_even_before_its_record_is_signed_off(area):
    held_review(area.sam, TODAY - 200 * DAY, next_review=TODAY - 10 * DAY)
    held_review(area.sam, TODAY - 3 * DAY, agreed=False)
    assert not entry(area.sam).review_overdue


def test_a_review_planned_but_not_held_yet_does_not_stop_the_date_being_overdue(area):
    held_review(area.sam, TODAY - 200 * DAY, next_review=TODAY - 10 * DAY)
    ReviewFactory(person=area.sam, meeting_date=TODAY + 7 * DAY)
    assert entry(area.sam).review_overdue


def test_a_review_due_in_the_next_8_weeks_is_flagged_and_one_after_that_is_not(area):
    held_review(area.sam, TODAY - 100 * DAY, next_review=TODAY + 56 * DAY)
    held_review(area.leah, TODAY - 100 * DAY, next_review=TODAY + 57 * DAY)
    assert entry(area.sam).review_due_soon and not entry(area.sam).review_overdue
    assert not entry(area.leah).review_due_soon


def test_stuck_and_overdue_actions_are_counted_in_the_current_plan_only(area):
    old = held_review(area.sam, TODAY - 200 * DAY, next_review=TODAY - 20 * DAY)
    current = held_review(area.sam, TODAY - 20 * DAY, next_review=TODAY + 150 * DAY)
    ActionFactory(plan=old.action_plan, status=Action.Status.STUCK, due_by=TODAY - 30 * DAY)
    for status in [Action.Status.STUCK, Action.Status.STUCK, Action.Status.IN_PROGRESS]:
        ActionFactory(plan=current.action_plan, status=status, due_by=TODAY + 30 * DAY)
    ActionFactory(plan=current.action_plan, due_by=TODAY - DAY)  # overdue
    ActionFactory(plan=current.action_plan, due_by=TODAY)  # due today: not overdue yet
    ActionFactory(
        plan=current.action_plan, due_by=TODAY - DAY, status=Action.Status.DONE, done_at=timezone.now()
    )  # done late: not overdue
    sam = entry(area.sam)
    assert (sam.stuck_actions, sam.overdue_actions) == (2, 1)


def test_a_caseload_with_more_plans_than_one_query_may_name_is_read_in_parts_and_comes_out_the_same(area, monkeypatch):

    people = [PersonFactory(coordinator=area.green) for _ in range(5)]
    for n, person in enumerate(people):
        current = held_review(person, TODAY - (10 + n) * DAY, next_review=TODAY + (30 + n) * DAY)
        for _ in range(n):
            ActionFactory(plan=current.action_plan, status=Action.Status.STUCK, due_by=TODAY - DAY)
    everyone = Person.objects.filter(pk__in=[p.pk for p in people])
    whole = caseload(everyone, TODAY)
    monkeypatch.setattr(connection.features, "max_query_params", 12)  # two plans a query
    assert caseload(everyone, TODAY) == whole
    assert [
        (e.next_review, e.stuck_actions, e.overdue_actions) for e in sorted(whole, key=lambda e: e.next_review)
    ] == [(TODAY + (30 + n) * DAY, n, n) for n in range(5)]


def test_a_profile_published_more_than_6_months_ago_is_out_of_date(area):
    published(area.sam, TODAY - 200 * DAY)
    published(area.leah, TODAY - 20 * DAY)
    assert entry(area.sam).profile.needs_check
    assert not entry(area.leah).profile.needs_check


def test_a_year_9_pupil_needs_a_transition_review_until_one_is_held_from_year_9(area):
    assert entry(area.sam).needs_transition_review
    year_8 = datetime.date(TODAY.year - 1, 6, 1) if TODAY.month >= 9 else datetime.date(TODAY.year - 2, 6, 1)
    held_review(area.sam, year_8, kind=Review.Kind.TRANSITION, agreed=False)
    assert entry(area.sam).needs_transition_review
    held_review(area.sam, TODAY - DAY, kind=Review.Kind.TRANSITION, agreed=False)
    assert not entry(area.sam).needs_transition_review


def test_a_transition_review_already_planned_means_it_no_longer_needs_one(area):
    ReviewFactory(person=area.sam, meeting_date=TODAY + 21 * DAY, kind=Review.Kind.TRANSITION)  # not held yet
    assert not entry(area.sam).needs_transition_review


def test_another_kind_of_review_planned_still_leaves_a_transition_review_needed(area):
    ReviewFactory(person=area.sam, meeting_date=TODAY + 21 * DAY, kind=Review.Kind.PERSON_CENTRED)
    assert entry(area.sam).needs_transition_review


def test_a_review_already_planned_is_the_next_review_rather_than_the_plans_date(area):
    held_review(area.sam, TODAY - 70 * DAY, next_review=TODAY + 111 * DAY)
    ReviewFactory(person=area.sam, meeting_date=TODAY + 21 * DAY, kind=Review.Kind.TRANSITION)
    ReviewFactory(person=area.sam, meeting_date=TODAY + 90 * DAY)  # a later one: not the next
    sam = entry(area.sam)
    assert sam.next_review == TODAY + 21 * DAY
    assert sam.review_due_soon and not sam.review_overdue


def test_a_review_planned_for_someone_with_no_agreed_plan_is_their_next_review(area):
    ReviewFactory(person=area.sam, meeting_date=TODAY + 100 * DAY)
    assert entry(area.sam).next_review == TODAY + 100 * DAY


def test_a_review_planned_is_shown_as_the_next_review_without_asking_for_a_transition_review(area, signed_in):
    today = timezone.localdate()
    held_review(area.sam, today - 70 * DAY, next_review=today + 111 * DAY)
    ReviewFactory(person=area.sam, meeting_date=today + 21 * DAY, kind=Review.Kind.TRANSITION)
    page = signed_in(area.green).get(URL).content.decode()
    sams_row = page.split(">Sam</a>", 1)[1].split("</tr>", 1)[0]
    assert long_date(today + 21 * DAY) in sams_row and long_date(today + 111 * DAY) not in sams_row
    assert "Needs a transition review" not in sams_row
    assert "1 young person needs a transition review" in page  # Leah


def test_nobody_below_year_9_needs_a_transition_review(area):
    year_8 = PersonFactory(coordinator=area.green, date_of_birth=born_in_year_group(8))
    assert not entry(year_8, timezone.localdate()).needs_transition_review


def test_the_end_of_compulsory_school_age_is_flagged_in_the_year_before_it(area):
    # On 23 November 2026, Year 11 (born September 2010 to August 2011) leaves on 25 June 2027.
    year_11 = PersonFactory(coordinator=area.green, date_of_birth=datetime.date(2011, 3, 14))
    year_10 = PersonFactory(coordinator=area.green, date_of_birth=datetime.date(2012, 3, 14))
    assert entry(year_11).school_age_ends == datetime.date(2027, 6, 25)
    assert entry(year_10).school_age_ends is None
    assert entry(year_10, datetime.date(2027, 7, 1)).school_age_ends == datetime.date(2028, 6, 30)


def test_someone_who_has_passed_the_end_of_school_age_is_not_flagged(area):
    assert entry(area.leah, timezone.localdate()).school_age_ends is None  # Leah is 17


def test_most_to_do_comes_first_then_the_soonest_review(area):
    held_review(area.leah, TODAY - 200 * DAY, next_review=TODAY - DAY)  # overdue, and a transition review needed
    quiet = PersonFactory(preferred_name="Zac", coordinator=area.green, date_of_birth=datetime.date(2016, 1, 1))
    entries = caseload(Person.objects.filter(coordinator=area.green), TODAY)
    assert [e.person for e in shown(entries, [], "to_do")] == [area.leah, area.sam, quiet]
    assert [e.person for e in shown(entries, [], "name")] == [area.leah, area.sam, quiet]
    assert [e.person for e in shown(entries, [], "year")] == [quiet, area.sam, area.leah]
    assert [e.person for e in shown(entries, [], "review")] == [area.leah, area.sam, quiet]
    assert [e.person for e in shown(entries, ["overdue"], "name")] == [area.leah]


def test_the_summary_counts_each_thing_that_needs_doing(area):
    held_review(area.leah, TODAY - 200 * DAY, next_review=TODAY - DAY)
    entries = caseload(Person.objects.filter(coordinator=area.green), TODAY)
    assert dict(summary(entries)) == {
        "overdue": "1 review overdue",
        "due_soon": "0 reviews due in the next 8 weeks",
        "actions": "0 people with stuck or overdue actions",
        "profile": "0 one-page profiles out of date",
        "transition": "2 young people need a transition review",
        "school_age": "0 young people reaching the end of compulsory school age within a year",
    }


# --- the page ----------------------------------------------------------------------------------------


def test_the_coordinator_sees_everyone_she_coordinates_with_what_needs_doing(area, signed_in):
    today = timezone.localdate()
    review = held_review(area.sam, today - 100 * DAY, next_review=today - 3 * DAY)
    ActionFactory(plan=review.action_plan, status=Action.Status.STUCK, stuck_because="no room free")
    someone_elses = PersonFactory(preferred_name="Noor", coordinator=area.black)
    page = signed_in(area.green).get(URL).content.decode()
    assert f'href="{reverse("people:detail", args=[area.sam.pk])}"' in page
    assert "Leah" in page and "Year 9" in page and "Year 12" in page and "Riverside Academy" in page
    assert "Review overdue" in page and "1 action stuck" in page and "Needs a transition review" in page
    assert "No review planned" in page  # Leah
    assert "1 review overdue" in page and "2 young people need a transition review" in page
    assert someone_elses.preferred_name not in page


def test_the_coordinator_sees_a_young_person_reaching_the_end_of_school_age(area, signed_in):
    today = timezone.localdate()
    group = 11 if school_age_ends_soon(born_in_year_group(11), today) else 10
    PersonFactory(preferred_name="Kai", coordinator=area.green, date_of_birth=born_in_year_group(group))
    page = signed_in(area.green).get(URL).content.decode()
    assert "Decisions pass to them on " in page
    assert "1 young person reaching the end of compulsory school age within a year" in page


def test_ticking_a_filter_shows_only_the_people_it_applies_to(area, signed_in):
    held_review(area.leah, timezone.localdate() - 100 * DAY, next_review=timezone.localdate() - DAY)
    page = signed_in(area.green).get(URL, {"show": "overdue", "sort": "name"}).content.decode()
    assert ">Leah</a>" in page and ">Sam</a>" not in page
    assert 'value="overdue" checked' in page
    assert "1 of 2 people" in page


def test_sorting_works_from_links_that_keep_the_filters(area, signed_in):
    page = signed_in(area.green).get(URL, {"show": "transition", "sort": "year"}).content.decode()
    assert page.index(">Sam</a>") < page.index(">Leah</a>")
    assert 'href="?show=transition&amp;sort=to_do"' in page
    assert 'aria-current="true">School year<' in page


def test_an_unknown_sort_or_filter_is_ignored(area, signed_in):
    response = signed_in(area.green).get(URL, {"show": "everything", "sort": "shoe size"})
    assert response.status_code == 200 and ">Sam</a>" in response.content.decode()


def test_the_page_can_be_printed_and_its_controls_are_left_off_the_paper(area, signed_in):
    page = signed_in(area.green).get(URL).content.decode()
    assert "data-op-print hidden" in page and 'class="op-print-hide"' in page
    assert '<form method="get"' in page
    assert '<caption class="govuk-table__caption' in page


def test_each_person_shown_is_recorded_as_looked_at(area, signed_in):
    held_review(area.leah, timezone.localdate() - 100 * DAY, next_review=timezone.localdate() - DAY)
    signed_in(area.green).get(URL, {"show": "overdue"})
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, user=area.green)
    assert [event.person for event in looks] == [area.leah]
    assert looks.get().role == "coordinator"


@pytest.mark.parametrize("who", ["priya", "patel"])
def test_a_planning_lead_or_practitioner_who_coordinates_nobody_sees_an_empty_caseload(area, signed_in, who):
    page = signed_in(getattr(area, who)).get(URL).content.decode()
    assert "Nobody is on your caseload" in page
    assert "Sam" not in words(page) and "Leah" not in words(page)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED).exists()


def test_a_planning_lead_never_sees_people_even_if_she_is_their_coordinator(area, signed_in):
    Person.objects.filter(pk=area.sam.pk).update(coordinator=area.priya)
    page = signed_in(area.priya).get(URL).content.decode()
    assert "Nobody is on your caseload" in page and "Sam" not in words(page)


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]


def a_busy_caseload(coordinator, people):
    today = timezone.localdate()
    for n in range(people):
        person = PersonFactory(coordinator=coordinator, date_of_birth=born_in_year_group(5 + n % 8))
        published(person, today - (40 + 30 * n) * DAY)
        held_review(person, today - 400 * DAY, next_review=today - 200 * DAY, kind=Review.Kind.TRANSITION)
        review = held_review(person, today - 100 * DAY, next_review=today + n * 10 * DAY)
        ReviewFactory(person=person, meeting_date=today + (n + 1) * DAY, kind=Review.Kind.TRANSITION)  # planned
        for status in [Action.Status.STUCK, Action.Status.IN_PROGRESS, Action.Status.NOT_STARTED]:
            ActionFactory(plan=review.action_plan, status=status, due_by=today + (n - 3) * DAY)


def test_the_number_of_queries_does_not_grow_with_the_caseload(area, signed_in, queries_to_show):
    client = signed_in(area.black)
    a_busy_caseload(area.black, 2)
    few = queries_to_show(client, URL)
    a_busy_caseload(area.black, 10)
    many = queries_to_show(client, URL)
    assert few == many
    assert many == queries_to_show(client, URL + "?sort=to_do&show=actions&show=profile")


# --- long caseloads: 50 a page, everyone for printing ------------------------------------------------


def named_people(coordinator, count, prefix="Person"):
    """``count`` people called "Person 001", "Person 002"...: in name order, the order they were made."""
    return [
        PersonFactory(preferred_name=f"{prefix} {n:03}", coordinator=coordinator, date_of_birth=born_in_year_group(5))
        for n in range(1, count + 1)
    ]


def names_shown(page):
    return re.findall(r'class="govuk-link" href="/people/\d+/[^"]*">([^<]+)</a></th>', page)


def test_a_long_caseload_shows_50_people_a_page_and_page_2_shows_the_next(area, signed_in):
    people = named_people(area.black, 120)
    client = signed_in(area.black)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": "2"}).content.decode()
    last = client.get(URL, {"page": "3"}).content.decode()
    assert names_shown(first) == [p.preferred_name for p in people[:50]]
    assert names_shown(second) == [p.preferred_name for p in people[50:100]]
    assert names_shown(last) == [p.preferred_name for p in people[100:]]
    assert 'class="govuk-pagination' in first and 'aria-current="page">1</a>' in first
    assert 'aria-current="page">2</a>' in second and 'rel="prev"' in second and 'rel="next"' in second
    assert "People 51 to 100 of 120" in second
    assert names_shown(client.get(URL, {"page": "nonsense"}).content.decode()) == names_shown(first)


def test_a_page_past_the_end_shows_the_last_page(area, signed_in):
    people = named_people(area.black, 60)
    page = signed_in(area.black).get(URL, {"page": "99"}).content.decode()
    assert names_shown(page) == [p.preferred_name for p in people[50:]]


def test_a_short_caseload_has_no_pagination(area, signed_in):
    page = signed_in(area.green).get(URL).content.decode()
    assert "govuk-pagination" not in page and "Show everyone (for printing)" not in page


def test_paging_links_keep_the_sort(area, signed_in):
    named_people(area.black, 120)
    page = signed_in(area.black).get(URL, {"sort": "to_do"}).content.decode()
    assert 'href="?sort=to_do&amp;page=2"' in page and 'href="?sort=to_do&amp;page=3"' in page
    assert 'href="?sort=to_do&amp;all=1"' in page


def test_paging_links_keep_filters_that_match_many_people(area, signed_in):
    people = named_people(area.black, 70)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(date_of_birth=born_in_year_group(9))
    client = signed_in(area.black)
    page = client.get(URL, {"show": "transition", "sort": "review"}).content.decode()
    assert 'href="?show=transition&amp;sort=review&amp;page=2"' in page
    assert 'href="?show=transition&amp;sort=review&amp;all=1"' in page
    assert "Show everyone (for printing)" in page
    second = client.get(URL, {"show": "transition", "sort": "review", "page": "2"}).content.decode()
    assert 'value="transition" checked' in second and "People 51 to 70 of 70" in second
    assert names_shown(second) == [p.preferred_name for p in people[50:]]


def test_the_summary_counts_everyone_not_just_the_page(area, signed_in):
    people = named_people(area.black, 70)
    Person.objects.filter(pk__in=[p.pk for p in people[:60]]).update(date_of_birth=born_in_year_group(9))
    page = signed_in(area.black).get(URL, {"page": "2"}).content.decode()
    assert "60 young people need a transition review" in page
    assert "You coordinate the planning of 70 people." in page


def test_only_the_people_on_the_page_are_recorded_as_looked_at(area, signed_in):
    people = named_people(area.black, 70)
    signed_in(area.black).get(URL, {"page": "2"})
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, user=area.black)
    assert sorted(event.person_id for event in looks) == sorted(p.pk for p in people[50:])


def test_everyone_can_be_shown_on_one_page_for_printing_keeping_filters_and_sort(area, signed_in):
    people = named_people(area.black, 70)
    client = signed_in(area.black)
    page = client.get(URL, {"all": "1", "sort": "year"}).content.decode()
    assert names_shown(page) == [p.preferred_name for p in people]
    assert "govuk-pagination" not in page and "data-op-print hidden" in page
    assert 'href="?sort=year"' in page  # back to pages
    assert '<input type="hidden" name="all" value="1">' in page  # the filters keep it
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, user=area.black).count() == 70


def test_the_number_of_queries_does_not_grow_past_a_page(area, signed_in, queries_to_show):
    client = signed_in(area.black)
    named_people(area.black, 2)
    few = queries_to_show(client, URL)
    named_people(area.black, 118, prefix="Another")
    many = queries_to_show(client, URL)
    assert few == many
    assert many == queries_to_show(client, URL + "?page=2&sort=to_do")
    assert many == queries_to_show(client, URL + "?all=1")


@pytest.mark.parametrize("today", [datetime.date(2027, 2, 28), datetime.date(2028, 2, 29), datetime.date(2026, 8, 31)])
def test_the_quick_profile_check_agrees_with_the_profiles_own(today):
    from profiles.freshness import freshness_of

    needs_check = profile_check(today)
    reviews = [None, today - 300 * DAY, today - 60 * DAY, today - 10 * DAY]
    for days_ago in range(0, 400, 1):
        published = timezone.make_aware(datetime.datetime.combine(today - days_ago * DAY, datetime.time(23, 30)))
        for next_review in [None, today - DAY, today + 20 * DAY, today + 40 * DAY]:
            for last_review in reviews:
                person = SimpleNamespace(
                    preferred_name="Sam",
                    profile_published_at=published,
                    next_review_date=next_review,
                    last_review_date=last_review,
                )
                expected = freshness_of(person, today).needs_check
                assert needs_check(published, next_review, last_review) == expected, (
                    days_ago,
                    next_review,
                    last_review,
                )
    assert not needs_check(None, today, today)
