"""Pages kept in memory for a person's records version (people.versions) show every change at once."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.access import caseload_fingerprint, caseload_of, people_visible_to, people_visible_to_fingerprint
from ourplan.tests.factories import ActionFactory, CircleMemberFactory, PersonFactory, ReviewFactory
from people import consent, versions
from people.models import CircleMember, Person
from plans import operations
from plans.models import Action, ActionPlan

TODAY = timezone.localdate()


def agreed_plan_for(person):
    review = ReviewFactory(person=person, meeting_date=TODAY - datetime.timedelta(days=7))
    ActionPlan.objects.filter(review=review).update(
        agreed_at=timezone.now(), next_review_date=TODAY + datetime.timedelta(days=90)
    )
    return ActionPlan.objects.get(review=review)


def page_of(client, person):
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


# What moves a person's version on


def test_a_change_to_any_record_about_a_person_moves_their_version_on(area):
    before = versions.of_person(area.sam.pk)
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel)
    after_action = versions.of_person(area.sam.pk)
    CircleMemberFactory(person=area.sam, relationship=CircleMember.Relationship.HEALTH)
    assert before < after_action < versions.of_person(area.sam.pk)


def test_someone_elses_change_leaves_a_persons_version_alone(area):
    before = versions.of_person(area.sam.pk)
    ActionFactory(plan=agreed_plan_for(area.leah), owner=area.green)
    assert versions.of_person(area.sam.pk) == before


def test_renaming_an_account_moves_on_everyone_it_plans_with_but_signing_in_does_not(area):
    before = versions.of_person(area.sam.pk)
    area.patel.last_login = timezone.now()
    area.patel.save(update_fields=["last_login"])
    assert versions.of_person(area.sam.pk) == before
    area.patel.name = "Dr Priya Patel"
    area.patel.save()
    assert versions.of_person(area.sam.pk) > before


def test_a_fingerprint_changes_when_anyone_changes_joins_or_leaves(area):
    people = Person.objects.filter(coordinator=area.green)
    first = versions.fingerprint(people)
    assert versions.fingerprint(people) == first
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel)
    second = versions.fingerprint(people)
    newcomer = PersonFactory(coordinator=area.green, local_authority=area.sam.local_authority)
    third = versions.fingerprint(people)
    newcomer.delete()
    assert len({first, second, third}) == 3
    assert versions.fingerprint(people) == second  # the same people, as they were


def test_a_lists_fingerprint_built_once_is_each_accounts_own(area):
    for user in (area.green, area.patel, area.aisha, area.priya):
        assert people_visible_to_fingerprint(user) == versions.fingerprint(people_visible_to(user))
        assert caseload_fingerprint(user) == versions.fingerprint(caseload_of(user))
    assert people_visible_to_fingerprint(area.green) != people_visible_to_fingerprint(area.patel)


def test_a_planning_lead_lists_nobody_even_as_a_coordinator(area):
    PersonFactory(coordinator=area.priya, local_authority=area.sam.local_authority)
    CircleMemberFactory(person=area.sam, user=area.priya)
    assert caseload_fingerprint(area.priya) == people_visible_to_fingerprint(area.priya) == versions.NOBODY


def test_a_fingerprint_is_built_once_only_from_one_query_with_the_accounts_id_as_a_parameter(area):
    def by_name(account_id):  # the id written into the text of the query, not a parameter
        return Person.objects.filter(preferred_name=str(account_id))

    def branching(account_id):  # another query for some ids
        return Person.objects.filter(coordinator=account_id) if account_id % 2 else Person.objects.filter(pk=account_id)

    for people_of in (by_name, branching):
        with pytest.raises(ValueError):
            versions.fingerprint_for(people_of, area.green)


def test_a_deleted_persons_version_goes_with_them(area):
    person = PersonFactory(coordinator=area.green, local_authority=area.sam.local_authority)
    ActionFactory(plan=agreed_plan_for(person), owner=area.green)
    pk = person.pk
    person.delete()
    assert versions.of_person(pk) == 0


# The person's page


def test_the_person_page_shows_an_actions_new_progress_at_once(area, signed_in):
    action = ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")
    client = signed_in(area.green)
    assert "Not started" in page_of(client, area.sam)
    operations.update_progress(action, by=area.patel, status=Action.Status.STUCK, note="no room free")
    assert "Stuck" in page_of(client, area.sam)


def test_the_person_page_shows_a_renamed_circle_member_at_once(area, signed_in):
    client = signed_in(area.green)
    assert "Dr Patel" in page_of(client, area.sam)
    area.patel.name = "Dr Priya Patel"
    area.patel.save()
    assert "Dr Priya Patel" in page_of(client, area.sam)


def test_the_person_page_and_the_caseload_show_a_renamed_school_at_once(area, signed_in):
    client = signed_in(area.green)
    assert "Riverside Academy" in page_of(client, area.sam)
    assert "Riverside Academy" in client.get(reverse("caseload:caseload")).content.decode()
    area.school.name = "Riverside Community Academy"
    area.school.save()
    assert "Riverside Community Academy" in page_of(client, area.sam)
    assert "Riverside Community Academy" in client.get(reverse("caseload:caseload")).content.decode()


def test_a_change_to_another_organisation_leaves_a_pupils_version_alone(area):
    before = versions.of_person(area.sam.pk)
    area.other_school.name = "Hillside Primary"
    area.other_school.save()
    area.school.save(update_fields=["kind"])
    assert versions.of_person(area.sam.pk) == before


def test_a_member_whose_access_is_limited_stops_seeing_the_plan_at_once(area, signed_in):
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.green, what="visit the new class")
    client = signed_in(area.jo)
    assert "visit the new class" in page_of(client, area.sam)
    member = CircleMember.objects.get(person=area.sam, user=area.jo)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=["profile"])
    assert "visit the new class" not in page_of(client, area.sam)


def test_each_viewer_gets_their_own_page(area, signed_in):
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")
    assert "Manage the circle" in page_of(signed_in(area.green), area.sam)
    assert "Manage the circle" not in page_of(signed_in(area.patel), area.sam)


def test_a_kept_page_carries_each_sessions_own_form_token(area):
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")
    tokens = []
    for _session in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(area.patel)
        page = page_of(client, area.sam)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        action = re.search(r'action="([^"]*/done/[^"]*)"', page) or re.search(
            r'<form method="post" action="([^"]+)"', page
        )
        response = client.post(action.group(1), {"csrfmiddlewaretoken": token})
        assert response.status_code != 403
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_one_viewers_sessions_share_the_kept_person_page_each_with_its_own_working_form_tokens(area):
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")

    def action_form(page):
        """The first form in the page's kept main part (an action row's), and its token."""
        main = page[page.index("<main") :]
        form = re.search(r'<form method="post" action="([^"]+)"', main)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', main[form.start() :])
        return form.group(1), token.group(1)

    clients, tokens = [], []
    for _session in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(area.patel)
        first, again = (action_form(page_of(client, area.sam)) for _look in range(2))
        assert first[1] != again[1]  # masked afresh for each response, as Django does
        clients.append(client)
        tokens.append(again)
    (url, mine), (_, theirs) = tokens[1], tokens[0]
    assert clients[1].post(url, {"csrfmiddlewaretoken": theirs}).status_code == 403  # not the other session's
    assert clients[1].post(url, {"csrfmiddlewaretoken": mine}).status_code != 403


# The caseload and "My actions"


def stuck_or_overdue(response):
    return re.search(r"(\d+) (?:person|people) with stuck or overdue actions", response.content.decode()).group(1)


def test_the_caseload_shows_a_stuck_action_and_a_new_person_at_once(area, signed_in):
    action = ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, due_by=TODAY + datetime.timedelta(days=30))
    client = signed_in(area.green)
    url = reverse("caseload:caseload")
    assert stuck_or_overdue(client.get(url)) == "0"
    operations.update_progress(action, by=area.patel, status=Action.Status.STUCK, note="no room free")
    assert stuck_or_overdue(client.get(url)) == "1"
    PersonFactory(preferred_name="Zara", coordinator=area.green, local_authority=area.sam.local_authority)
    assert "Zara" in client.get(url).content.decode()


def test_my_actions_shows_a_new_action_and_one_done_at_once(area, signed_in):
    plan = agreed_plan_for(area.sam)
    client = signed_in(area.patel)
    url = reverse("plans:my_actions")
    assert "practise the sounds" not in client.get(url).content.decode()
    action = ActionFactory(
        plan=plan, owner=area.patel, what="practise the sounds", due_by=TODAY + datetime.timedelta(days=60)
    )
    assert "practise the sounds" in client.get(url).content.decode()
    operations.mark_action_done(action, by=area.patel)
    assert "Done in the last 4 weeks" in client.get(url).content.decode()


def test_my_actions_drops_someone_who_leaves_the_circle_at_once(area, signed_in):
    ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")
    client = signed_in(area.patel)
    url = reverse("plans:my_actions")
    assert "practise the sounds" in client.get(url).content.decode()
    CircleMember.objects.filter(person=area.sam, user=area.patel).delete()
    assert "practise the sounds" not in client.get(url).content.decode()


def test_every_look_at_a_kept_list_is_recorded(area, signed_in):
    from audit.models import AuditEvent

    client = signed_in(area.green)
    url = reverse("caseload:caseload")
    client.get(url)
    client.get(url)
    looks = AuditEvent.objects.filter(person=area.sam, action=AuditEvent.Action.VIEWED, path__startswith=url)
    assert looks.count() == 2


def test_a_kept_list_shows_a_waiting_message_once_and_then_the_list_as_it_is(area, signed_in):
    action = ActionFactory(plan=agreed_plan_for(area.sam), owner=area.patel, what="practise the sounds")
    client = signed_in(area.patel)
    url = reverse("plans:my_actions")
    client.get(url)  # kept
    after = client.post(reverse("plans:mark_done", args=[action.pk]), {"next": url}, follow=True).content.decode()
    assert "Marked as done. Thank you." in after
    again = client.get(url).content.decode()
    assert "Marked as done. Thank you." not in again
    assert "practise the sounds" in again  # done in the last 4 weeks


def test_each_session_gets_a_kept_list_with_its_own_working_sign_out_form(area):
    from ourplan.tests.two_step import pass_second_step

    clients, tokens = [], []
    for _session in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(area.green)
        pass_second_step(client, area.green)
        for _look in range(2):
            page = client.get(reverse("caseload:caseload")).content.decode()
        assert "Sign out (Ms Green)" in page
        clients.append(client)
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    again = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', clients[1].get(reverse("caseload:caseload")).content.decode()
    )
    assert again.group(1) != tokens[1]  # masked afresh for each response, as Django does
    sign_out = reverse("accounts:sign_out")
    assert clients[1].post(sign_out, {"csrfmiddlewaretoken": tokens[0]}).status_code == 403  # not the other session's
    assert clients[1].post(sign_out, {"csrfmiddlewaretoken": tokens[1]}).status_code == 302
    assert clients[0].post(sign_out, {"csrfmiddlewaretoken": tokens[0]}).status_code == 302


def test_a_renamed_viewer_sees_their_new_name_on_a_kept_list(area, signed_in):
    client = signed_in(area.aisha)  # coordinates nobody: her caseload's people never change
    client.get(reverse("caseload:caseload"))
    area.aisha.name = "Aisha Khan"
    area.aisha.save()
    assert "Sign out (Aisha Khan)" in client.get(reverse("caseload:caseload")).content.decode()
