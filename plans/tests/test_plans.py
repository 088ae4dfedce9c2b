import datetime

from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory, date_parts
from plans.models import Action, Outcome, add_months


def test_add_months_keeps_the_day_or_uses_the_last_day_of_the_month():
    assert add_months(datetime.date(2026, 3, 14), 6) == datetime.date(2026, 9, 14)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


def sams_review(area, **kwargs):
    review = ReviewFactory(person=area.sam, **kwargs)
    review.participants.add(area.aisha, area.patel)
    return review


def add(client, review, **data):
    return client.post(reverse("plans:add_action", args=[review.pk]), data)


def test_coordinator_agrees_an_action_with_who_what_and_by_when(area, signed_in):
    review = sams_review(area)
    due = review.meeting_date + datetime.timedelta(days=60)
    response = add(
        signed_in(area.green),
        review,
        owner=area.patel.pk,
        what="run a social skills group",
        **date_parts("due_by", due),
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.what, action.due_by) == (area.patel, "run a social skills group", due)


def test_an_action_due_more_than_six_months_after_the_review_is_refused(area, signed_in):
    review = sams_review(area)
    late = add_months(review.meeting_date, 6) + datetime.timedelta(days=1)
    response = add(signed_in(area.green), review, owner=area.patel.pk, what="something", **date_parts("due_by", late))
    assert response.status_code == 400
    assert "An action plan covers up to 6 months" in response.content.decode()
    assert "something</textarea>" in response.content.decode()  # what was typed is kept
    assert not Action.objects.exists()


def test_only_someone_who_took_part_can_own_an_action(area, signed_in):
    review = sams_review(area)
    due = review.meeting_date + datetime.timedelta(days=10)
    response = add(signed_in(area.green), review, owner=area.jo.pk, what="visit", **date_parts("due_by", due))
    assert "Choose someone who took part in the planning" in response.content.decode()


def test_agreeing_the_plan_sets_the_next_review_no_more_than_six_months_ahead(area, signed_in):
    review = sams_review(area)
    client = signed_in(area.green)
    too_late = add_months(review.meeting_date, 6) + datetime.timedelta(days=1)
    assert (
        client.post(reverse("plans:agree", args=[review.pk]), date_parts("next_review_date", too_late)).status_code
        == 400
    )
    good = add_months(review.meeting_date, 4)
    assert (
        client.post(reverse("plans:agree", args=[review.pk]), date_parts("next_review_date", good)).status_code == 302
    )
    review.action_plan.refresh_from_db()
    assert review.action_plan.is_agreed and review.action_plan.next_review_date == good


def test_an_annual_review_of_an_ehc_plan_may_set_the_next_review_up_to_12_months_ahead(area, signed_in):
    review = sams_review(area, kind="ehcp_annual")
    day = add_months(review.meeting_date, 12)
    assert (
        signed_in(area.green)
        .post(reverse("plans:agree", args=[review.pk]), date_parts("next_review_date", day))
        .status_code
        == 302
    )


def test_the_owner_marks_their_action_done(area, signed_in):
    action = ActionFactory(plan=sams_review(area).action_plan, owner=area.aisha)
    response = signed_in(area.aisha).post(reverse("plans:mark_done", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_done and action.done_by == area.aisha


def test_marking_done_an_action_already_done_records_no_second_marked_done(area, signed_in):
    from audit.models import AuditEvent

    action = ActionFactory(plan=sams_review(area).action_plan, owner=area.aisha)
    client = signed_in(area.aisha)
    for _tab in range(2):  # the same button pressed in two tabs
        assert client.post(reverse("plans:mark_done", args=[action.pk])).status_code == 302
    assert AuditEvent.objects.filter(user=area.aisha, what__startswith="marked done").count() == 1


def test_marking_done_with_htmx_returns_just_the_updated_row(area, signed_in):
    action = ActionFactory(plan=sams_review(area).action_plan, owner=area.aisha)
    response = signed_in(area.aisha).post(reverse("plans:mark_done", args=[action.pk]), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith(f'<tr class="govuk-table__row" id="action-{action.pk}">')
    assert "Done" in content and "<html" not in content


def test_someone_else_in_the_circle_cannot_mark_anothers_action_done(area, signed_in):
    action = ActionFactory(plan=sams_review(area).action_plan, owner=area.aisha)
    assert signed_in(area.patel).post(reverse("plans:mark_done", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert not action.is_done


def test_my_actions_on_the_home_page_list_what_i_own(area, signed_in):
    ActionFactory(
        plan=sams_review(area).action_plan,
        owner=area.aisha,
        what="book swimming",
        due_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    content = signed_in(area.aisha).get(reverse("home")).content.decode()
    assert "book swimming" in content and "Late" in content


def test_outsider_gets_404_for_someone_elses_action_plan(area, signed_in):
    review = sams_review(area)
    assert signed_in(area.black).get(reverse("plans:plan", args=[review.pk])).status_code == 404


def test_the_action_plan_page_makes_the_same_number_of_queries_however_many_actions_it_has(
    area, signed_in, queries_to_show
):
    review = sams_review(area)
    client = signed_in(area.green)
    url = reverse("plans:plan", args=[review.pk])

    def queries():
        return queries_to_show(client, url)

    def outcome(text):
        earlier = Outcome.objects.create(plan=earlier_plan, text=text, created_by=area.green)
        return Outcome.objects.create(
            plan=review.action_plan, text=text, area="health", carried_from=earlier, created_by=area.green
        )

    earlier_plan = ReviewFactory(
        person=area.sam, meeting_date=review.meeting_date - datetime.timedelta(days=180)
    ).action_plan
    ActionFactory(plan=review.action_plan, owner=area.aisha, outcome=outcome("Swim"))
    few = queries()
    for owner in (area.patel, area.green, area.aisha, area.patel):
        ActionFactory(plan=review.action_plan, owner=owner, outcome=outcome(f"Outcome for {owner.name}"))
    assert queries() == few
