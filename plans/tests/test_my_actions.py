"""My actions: everything someone owns, across everyone they support, overdue first."""

import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, CircleMemberFactory, PersonFactory, ReviewFactory
from people.models import CircleMember
from plans import operations

TODAY = timezone.localdate()
URL = reverse("plans:my_actions")


def due_in(days):
    return TODAY + datetime.timedelta(days=days)


def plan_for(person):
    return ReviewFactory(person=person).action_plan


def someone_patel_supports(area, name):
    person = PersonFactory(preferred_name=name, coordinator=area.green)
    CircleMemberFactory(person=person, user=area.patel, relationship=CircleMember.Relationship.HEALTH)
    return person


def test_my_actions_are_listed_overdue_first_then_due_soon_then_later_then_done(area, signed_in):
    plan = plan_for(area.sam)
    later = ActionFactory(plan=plan, owner=area.patel, what="write the report", due_by=due_in(60))
    soon = ActionFactory(plan=plan, owner=area.patel, what="phone the school", due_by=due_in(10))
    late = ActionFactory(plan=plan, owner=area.patel, what="send the exercises", due_by=due_in(-3))
    done = ActionFactory(plan=plan, owner=area.patel, what="book the room", due_by=due_in(5))
    operations.mark_action_done(done, by=area.patel)
    content = signed_in(area.patel).get(URL).content.decode()
    order = [content.index(a.what) for a in (late, soon, later, done)]
    assert order == sorted(order)
    assert "Late" in content and "Due in the next 4 weeks" in content and "Done in the last 4 weeks" in content
    assert reverse("plans:progress", args=[late.pk]) in content
    assert "Sam" in content


def test_my_actions_span_everyone_i_support_and_nobody_elses(area, signed_in):
    leo = someone_patel_supports(area, "Leo")
    ActionFactory(plan=plan_for(area.sam), owner=area.patel, what="sam's sessions")
    ActionFactory(plan=plan_for(leo), owner=area.patel, what="leo's sessions")
    ActionFactory(plan=plan_for(area.sam), owner=area.aisha, what="aisha's own job")
    content = signed_in(area.patel).get(URL).content.decode()
    assert "sam&#x27;s sessions" in content and "leo&#x27;s sessions" in content and "Leo" in content
    assert "aisha" not in content


def test_an_action_about_someone_i_no_longer_support_is_not_shown(area, signed_in):
    ActionFactory(plan=plan_for(area.sam), owner=area.patel, what="old job")
    CircleMember.objects.filter(person=area.sam, user=area.patel).delete()
    assert "old job" not in signed_in(area.patel).get(URL).content.decode()


def test_the_look_is_recorded_once_for_each_person_shown(area, signed_in):
    leo = someone_patel_supports(area, "Leo")
    for person in (area.sam, area.sam, leo):
        ActionFactory(plan=plan_for(person), owner=area.patel)
    signed_in(area.patel).get(URL)
    looks = AuditEvent.objects.filter(action="viewed", what__contains="their actions")
    assert sorted(e.person.preferred_name for e in looks) == ["Leo", "Sam"]


def test_a_planning_lead_sees_no_actions(area, signed_in):
    ActionFactory(plan=plan_for(area.sam), owner=area.priya, what="a job")
    content = signed_in(area.priya).get(URL).content.decode()
    assert "a job" not in content and "You have no actions" in content


def test_my_actions_needs_signing_in(client):
    assert client.get(URL).status_code == 302


def test_my_actions_takes_the_same_queries_for_1_or_20_actions_across_3_people(area, signed_in, queries_to_show):
    people = [area.sam, someone_patel_supports(area, "Leo"), someone_patel_supports(area, "Mia")]
    plans = [plan_for(person) for person in people]
    client = signed_in(area.patel)
    ActionFactory(plan=plans[0], owner=area.patel, due_by=due_in(-1))
    one = queries_to_show(client, URL)
    for n in range(19):
        action = ActionFactory(plan=plans[n % 3], owner=area.patel, due_by=due_in(n * 7 - 20))
        if n % 5 == 0:
            operations.mark_action_done(action, by=area.patel)
    assert queries_to_show(client, URL) == one


def test_my_actions_come_fifty_a_page_with_the_counts_of_all_of_them(area, signed_in):
    plan = plan_for(area.sam)
    for n in range(60):
        ActionFactory(plan=plan, owner=area.patel, what=f"session {n:02d}", due_by=due_in(-30 + n))
    client = signed_in(area.patel)
    first = html.unescape(client.get(URL).content.decode())
    assert "Page 1 of 2" in first and "session 00" in first and "session 59" not in first
    assert "<strong>30</strong> late" in first
    second = html.unescape(client.get(URL + "?page=2").content.decode())
    assert "session 59" in second and "session 00" not in second
    beyond = html.unescape(client.get(URL + "?page=99").content.decode())  # past the end: the last page
    assert "Page 2 of 2" in beyond and "session 59" in beyond and "<strong>30</strong> late" in beyond


def test_the_counts_of_every_group_show_whichever_groups_the_page_holds(area, signed_in):
    plan = plan_for(area.sam)
    for n in range(55):
        ActionFactory(plan=plan, owner=area.patel, what=f"late {n:02d}", due_by=due_in(-60 + n))
    ActionFactory(plan=plan, owner=area.patel, what="soon", due_by=due_in(3))
    ActionFactory(plan=plan, owner=area.patel, what="later", due_by=due_in(60))
    first = html.unescape(signed_in(area.patel).get(URL).content.decode())
    assert "soon" not in first.split("late 49")[1]  # page 1 holds only late ones
    counts = re.findall(r"<strong>(\d+)</strong> ([a-z0-9 ]+)<", first)
    assert ("55", "late") in counts and ("1", "due in the next 4 weeks") in counts and ("1", "due later") in counts
