"""The retention job: it lists what has expired, then deletes or anonymises it, never anything
under a legal hold, and running it twice does no harm."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import SignInAttempt
from audit.models import AuditEvent
from ourplan.tests.factories import PersonFactory, ReviewFactory
from people.models import Person
from privacy import operations, retention
from privacy.models import Anonymisation, RetentionRule, RetentionRun
from profiles.models import ShareLink, hash_share_token
from reminders.models import DailyRun, SentReminder
from reminders.tasks import run_reminders_daily

TODAY = datetime.date(2027, 3, 1)


def born(years_before, days=0):
    return datetime.date(TODAY.year - years_before, TODAY.month, TODAY.day) - datetime.timedelta(days=days)


@pytest.fixture
def ruth(area):
    """Sam's school's former pupil, 31 years and a day old: her SEN records have expired."""
    return PersonFactory(
        preferred_name="Ruth",
        full_name="Ruth Former",
        date_of_birth=born(31, days=1),
        local_authority=area.council,
        coordinator=area.green,
    )


@pytest.fixture
def omar(area):
    """Also 31 and more, but his records are under a legal hold."""
    omar = PersonFactory(
        preferred_name="Omar",
        full_name="Omar Former",
        date_of_birth=born(35),
        local_authority=area.council,
        coordinator=area.green,
    )
    operations.place_legal_hold(omar, by=area.green, reason="Tribunal appeal")
    return omar


def due(kind_code, today=TODAY):
    return next(d for d in operations.expired_records(today) if d.kind.code == kind_code)


def test_sen_records_are_due_on_the_day_after_date_of_birth_plus_31_years(area, ruth):
    PersonFactory(full_name="Young Adult", date_of_birth=born(31), local_authority=area.council)
    PersonFactory(
        full_name="Not Yet", date_of_birth=born(31) + datetime.timedelta(days=1), local_authority=area.council
    )
    listed = due("sen_records")
    assert {p.full_name for p in listed.people} == {"Ruth Former", "Young Adult"}
    assert listed.rule == "sen_records: their date of birth + 31 years"


def test_a_person_under_legal_hold_is_listed_as_held_and_never_touched(area, ruth, omar):
    listed = due("sen_records")
    assert omar not in listed.people and listed.held == [omar]

    run = operations.apply_retention(TODAY)

    assert Person.objects.get(pk=omar.pk).full_name == "Omar Former"
    assert not Anonymisation.objects.filter(person=omar).exists()
    assert run.held == 1 and run.done["sen_records"] == 1


def test_the_job_lists_before_it_acts_and_a_dry_run_changes_nothing(area, ruth):
    run = operations.apply_retention(TODAY, dry_run=True)

    assert run.dry_run and run.found["sen_records"] == 1 and run.done == {}
    assert Person.objects.get(pk=ruth.pk).full_name == "Ruth Former"
    assert RetentionRun.objects.get().found == run.found


def test_the_job_anonymises_expired_records_and_records_it_in_their_trail(area, ruth):
    operations.apply_retention(TODAY)

    record = Anonymisation.objects.get(person=ruth)
    assert record.basis == "retention" and record.by is None and record.by_label == "the retention job"
    assert record.rule == "sen_records: their date of birth + 31 years"
    event = AuditEvent.objects.filter(person=ruth, action="changed").first()
    assert event.user_label == "the retention job" and event.what.startswith(
        f"anonymised their records ({record.reference})"
    )
    assert Person.objects.get(pk=ruth.pk).full_name == operations.ANONYMISED_NAME


def test_running_the_job_twice_is_harmless(area, ruth, omar):
    first = operations.apply_retention(TODAY)
    second = operations.apply_retention(TODAY)

    assert first.done["sen_records"] == 1
    assert second.found["sen_records"] == 0 and second.done["sen_records"] == 0
    assert Anonymisation.objects.count() == 1


def test_the_sen_records_rule_can_be_changed(area, ruth):
    RetentionRule.objects.filter(kind="sen_records").update(keep_for=40)
    assert due("sen_records").people == []
    RetentionRule.objects.filter(kind="sen_records").update(keep_for=13)
    assert area.sam in due("sen_records", today=timezone.localdate()).people


def test_the_rules_command_shows_and_changes_a_rule_saying_who_decided(db):
    out = io.StringIO()
    call_command("retention_rules", "sen_records", "25", "years", "--by", "DPO, decision 2027/14", stdout=out)
    rule = RetentionRule.objects.get(kind="sen_records")
    assert (rule.keep_for, rule.unit, rule.updated_by) == (25, "years", "DPO, decision 2027/14")
    assert "sen_records: 25 years from their date of birth, then anonymised" in out.getvalue()


def test_old_sign_in_failures_are_deleted_and_recent_ones_kept(db):
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9)))
    for days in (91, 89):
        SignInAttempt.objects.create(at=moment - datetime.timedelta(days=days), email_hash="x", outcome="failed")
    operations.apply_retention(TODAY)
    assert [(moment - a.at).days for a in SignInAttempt.objects.all()] == [89]


def test_finished_jobs_go_after_30_days(db):
    finished = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9))) - datetime.timedelta(days=31)
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="ourplan.tasks.send_email",
        backend_name="default",
        run_after=finished,
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )
    operations.apply_retention(TODAY)
    assert not DBTaskResult.objects.exists()


def test_closed_share_links_go_after_a_year_unless_the_person_is_held(area, omar):
    for person in (area.sam, omar):
        ShareLink.objects.create(
            profile=person.profile,
            recipient="Coach",
            token_hash=hash_share_token(f"t{person.pk}"),
            expires_on=TODAY - datetime.timedelta(days=400),
        )
    operations.apply_retention(TODAY)
    assert list(ShareLink.objects.values_list("profile__person", flat=True)) == [omar.pk]


def test_a_reminder_that_a_review_is_due_is_kept_while_it_would_otherwise_go_again(area):
    review = ReviewFactory(person=area.sam, meeting_date=TODAY - datetime.timedelta(days=900))
    plan = review.action_plan
    plan.next_review_date, plan.agreed_at = TODAY - datetime.timedelta(days=700), timezone.now()
    plan.save()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    key = f"review-due:{plan.pk}:{plan.next_review_date.isoformat()}"
    SentReminder.objects.create(user=area.green, key=key, person=area.sam, sent_at=long_ago)
    SentReminder.objects.create(user=area.green, key="action-overdue:1:2024-01-01", person=area.sam, sent_at=long_ago)
    operations.apply_retention(timezone.localdate())
    assert list(SentReminder.objects.values_list("key", flat=True)) == [key]


def test_the_daily_reminder_run_also_runs_the_retention_job(area):
    old = PersonFactory(full_name="Very Old", date_of_birth=datetime.date(1950, 1, 1), local_authority=area.council)
    planned = timezone.now() - datetime.timedelta(minutes=1)
    DailyRun.objects.create(pk=1, next_run_at=planned)

    run_reminders_daily.enqueue(planned.isoformat())

    assert Anonymisation.objects.filter(person=old).exists()


def test_the_command_lists_without_changing_anything_unless_told_to_apply(area):
    old = PersonFactory(full_name="Very Old", date_of_birth=datetime.date(1950, 1, 1), local_authority=area.council)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "sen_records: 1 due (sen_records: their date of birth + 31 years)" in out.getvalue()
    assert "Nothing was changed" in out.getvalue()
    assert not Anonymisation.objects.exists()

    call_command("apply_retention", "--apply", stdout=io.StringIO())
    assert Anonymisation.objects.filter(person=old).exists()


def test_every_kind_has_a_default_rule_saved(db):
    assert set(RetentionRule.objects.values_list("kind", flat=True)) == set(retention.BY_CODE)
    assert str(retention.periods()["sen_records"]) == "31 years"
