"""The retention job: it lists what has expired, then deletes or anonymises it, never anything
under a legal hold, and running it twice does no harm."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
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


# Accounts and area reviews


def years_on(years, days=1):
    """The day ``years`` years and ``days`` days after today: records made today are then due."""
    from plans.models import add_months

    return add_months(timezone.localdate(), 12 * years) + datetime.timedelta(days=days)


def account_event(user, action="signed_in", what="signed in", label=None):
    return AuditEvent.objects.create(
        user=user,
        user_label=label or user.email,
        role="",
        action=action,
        what=what,
        person=None,
        ip_address="198.51.100.23",
        path="/accounts/sign-in/",
    )


def test_account_events_go_two_years_on_and_a_persons_audit_trail_stays(area):
    account_event(area.black)
    account_event(area.aisha, "account", "set up an authenticator app")
    AuditEvent.objects.create(
        user=None, user_label="no account with the email address typed", role="", action="failed", what="wrong"
    )
    about_sam = AuditEvent.objects.create(
        user=area.green, user_label=area.green.email, role="coordinator", action="viewed", what="x", person=area.sam
    )

    assert operations.apply_retention(years_on(2, days=0)).done["account_events"] == 0
    run = operations.apply_retention(years_on(2))

    assert run.found["account_events"] == 3 and run.done["account_events"] == 3
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [about_sam.pk]


def test_only_sign_in_records_go_and_refusals_and_changes_with_no_person_stay_in_the_audit_trail(area):
    kept = [
        account_event(area.black, "refused", "the meeting board of a review"),
        account_event(area.green, "changed", "added 'Kelpie' to the plain words list"),
        account_event(area.priya, "changed", "opened dot voting"),
    ]
    for action in ("signed_in", "failed", "account"):
        account_event(area.black, action, "signed in")

    run = operations.apply_retention(years_on(2))

    assert run.found["account_events"] == 3 and run.done["account_events"] == 3
    assert sorted(AuditEvent.objects.values_list("pk", flat=True)) == sorted(event.pk for event in kept)


def run_under_way():
    """A retention run that acts and has not finished: the only kind that may delete sign-in records."""
    return RetentionRun.objects.create(today=TODAY, dry_run=False)


def test_the_retention_delete_never_removes_a_refusal_or_a_change_with_no_person(area):
    refused = account_event(area.black, "refused", "the meeting board of a review")
    changed = account_event(area.priya, "changed", "opened dot voting")
    account_event(area.black)

    assert AuditEvent.objects.all().delete_account_events_for_retention(run_under_way()) == 1
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {refused.pk, changed.pk}


def test_account_events_of_anyone_around_a_person_under_legal_hold_are_kept(area):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    for user in (area.aisha, area.sam_user, area.green, area.black):
        account_event(user)

    operations.apply_retention(years_on(2))

    kept = set(AuditEvent.objects.filter(person=None).values_list("user__name", flat=True))
    assert kept == {"Aisha", "Sam", "Ms Green"}  # Mr Black is in nobody's circle


def test_an_audit_event_still_cannot_be_deleted_any_other_way(area):
    event = account_event(area.black)
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(person=None).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_only_a_retention_run_under_way_may_delete_sign_in_records(area):
    event = account_event(area.black)
    finished = operations.apply_retention(TODAY)
    dry_run = operations.apply_retention(TODAY, dry_run=True)
    assert finished.finished_at and dry_run.finished_at

    for run in (None, finished, dry_run, RetentionRun(today=TODAY, dry_run=False)):
        with pytest.raises(PermissionError):
            AuditEvent.objects.all().delete_account_events_for_retention(run)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_run_that_fails_half_way_is_finished_all_the_same_with_what_it_did(area, monkeypatch):
    account_event(area.black)
    area.aisha.is_active = False
    area.aisha.save(update_fields=["is_active"])

    def fail(user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(operations, "close_account", fail)
    with pytest.raises(RuntimeError):
        operations.apply_retention(years_on(2))

    run = RetentionRun.objects.get()
    assert run.finished_at is not None and run.done["account_events"] == 1


def test_the_retention_delete_never_removes_an_event_about_a_person(area):
    about_sam = AuditEvent.objects.create(
        user=area.green, user_label=area.green.email, role="coordinator", action="viewed", what="x", person=area.sam
    )
    account_event(area.black)
    assert AuditEvent.objects.all().delete_account_events_for_retention(run_under_way()) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [about_sam.pk]


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; CI runs the suite there too"
)


def delete_saying(setting, where):
    """Straight to the database, as any session could: set ``ourplan.retention``, then delete."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('ourplan.retention', %s, true)", [setting])
        cursor.execute(f"DELETE FROM audit_auditevent WHERE {where}")  # nosec B608: the tests' own words


@on_postgresql
def test_on_postgresql_the_database_lets_only_the_retention_job_delete_account_events(area):
    for action in ("signed_in", "failed", "account"):
        account_event(area.black, action)
    AuditEvent.objects.create(
        user=area.green, user_label=area.green.email, role="coordinator", action="viewed", what="x", person=area.sam
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE person_id IS NULL")
    run = run_under_way()
    # Naming a run under way is not enough to delete an event about a person.
    with pytest.raises(DatabaseError):
        delete_saying(str(run.pk), "person_id IS NOT NULL")
    with transaction.atomic():
        assert AuditEvent.objects.all().delete_account_events_for_retention(run) == 3
        # The leave ends with the job's delete, even within the same transaction.
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            account_event(area.jo)
            cursor.execute("DELETE FROM audit_auditevent WHERE person_id IS NULL")
    assert AuditEvent.objects.filter(person=area.sam).count() == 1


@on_postgresql
def test_on_postgresql_saying_retention_is_on_cannot_delete_a_refusal_or_a_sign_in_record(area):
    refused = account_event(area.black, "refused", "the meeting board of a review")
    signed_in = account_event(area.black)
    finished = operations.apply_retention(TODAY)
    dry_run = operations.apply_retention(TODAY, dry_run=True)

    for setting in ("on", "", str(finished.pk), str(dry_run.pk), str(finished.pk + dry_run.pk + 1)):
        for event in (refused, signed_in):
            with pytest.raises(DatabaseError):
                delete_saying(setting, f"id = {event.pk}")
    # Not even a run under way may delete a refusal.
    with pytest.raises(DatabaseError):
        delete_saying(str(run_under_way().pk), f"id = {refused.pk}")
    assert AuditEvent.objects.filter(pk__in=[refused.pk, signed_in.pk]).count() == 2


def switch_off(*users):
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])


def test_a_family_account_switched_off_and_unused_for_two_years_is_anonymised(area):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reminders.models import ReminderSettings

    aisha = area.aisha
    ReminderSettings.objects.create(user=aisha, wants_digest=True)
    TOTPDevice.objects.create(user=aisha, name="Aisha's phone")
    switch_off(aisha)

    run = operations.apply_retention(years_on(2))

    aisha.refresh_from_db()
    assert run.found["switched_off_accounts"] == 1 and run.done["switched_off_accounts"] == 1
    assert aisha.name == "Removed account" and aisha.email == f"removed-{aisha.pk}@anonymised.invalid"
    assert not aisha.has_usable_password() and not aisha.is_active
    assert not ReminderSettings.objects.filter(user=aisha).exists()
    assert not TOTPDevice.objects.filter(user=aisha).exists()
    assert "aisha@family.example" not in json.dumps([run.found, run.done])  # counts only
    assert operations.apply_retention(years_on(2)).found["switched_off_accounts"] == 0


def test_an_account_still_on_or_used_lately_is_kept(area):
    aisha, leah = area.aisha, area.leah_user
    aisha.is_active = False
    aisha.last_login = timezone.now() + datetime.timedelta(days=400)  # signed in a year on
    aisha.save(update_fields=["is_active", "last_login"])

    operations.apply_retention(years_on(2))

    aisha.refresh_from_db()
    leah.refresh_from_db()
    assert (aisha.name, leah.name) == ("Aisha", "Leah")  # Leah's account is still switched on
    assert operations.apply_retention(years_on(3, days=40)).done["switched_off_accounts"] == 1


def test_a_switched_off_coordinator_or_someone_around_a_held_person_keeps_their_account(area):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    switch_off(area.green, area.aisha, area.leah_user)

    run = operations.apply_retention(years_on(2))

    assert run.done["switched_off_accounts"] == 1
    names = set(get_user_model().objects.filter(is_active=False).values_list("name", flat=True))
    assert {"Ms Green", "Aisha", "Removed account"} <= names and "Leah" not in names


def test_a_professionals_switched_off_account_keeps_their_name_on_the_records_that_name_them(area):
    from ourplan.tests.factories import ActionFactory

    action = ActionFactory(plan=ReviewFactory(person=area.sam).action_plan, owner=area.patel, what="Speech sessions")
    switch_off(area.patel, area.jo, area.black, area.priya)

    run = operations.apply_retention(years_on(5))

    assert run.found["switched_off_accounts"] == 0 and run.done["switched_off_accounts"] == 0
    names = set(get_user_model().objects.filter(is_active=False).values_list("name", flat=True))
    assert names >= {"Dr Patel", "Jo Evans", "Mr Black", "Priya"}
    action.refresh_from_db()
    assert action.owner.name == "Dr Patel"


def test_a_family_account_anonymised_leaves_no_email_address_or_name_in_its_review_invitations(area):
    from reviews.models import Invitee

    leahs_review, sams_review = ReviewFactory(person=area.leah), ReviewFactory(person=area.sam)
    by_account = Invitee.objects.create(
        review=leahs_review, user=area.aisha, name="Aisha", email="aisha@family.example"
    )
    by_address = Invitee.objects.create(review=sams_review, name="Aisha (Mum)", email="Aisha@family.example")
    someone_else = Invitee.objects.create(
        review=sams_review, user=area.patel, name="Dr Patel", email="patel@nhs.example"
    )
    switch_off(area.aisha)

    operations.apply_retention(years_on(2))

    for invitee in (by_account, by_address):
        invitee.refresh_from_db()
        assert invitee.name == "Removed account"
        assert invitee.email == f"removed-invitee-{invitee.pk}@anonymised.invalid"
    someone_else.refresh_from_db()
    assert (someone_else.name, someone_else.email) == ("Dr Patel", "patel@nhs.example")


def test_the_audit_trail_still_says_who_did_what_after_a_family_account_is_anonymised(area):
    about_sam = AuditEvent.objects.create(
        user=area.aisha, user_label=area.aisha.email, role="parent", action="changed", what="x", person=area.sam
    )
    switch_off(area.aisha)

    operations.apply_retention(years_on(2))

    assert AuditEvent.objects.get(pk=about_sam.pk).user_label == "aisha@family.example"
    rule = str(retention.BY_CODE["switched_off_accounts"].name)
    assert "The audit trail still says who did what" in rule and "it is never changed" in rule


def area_review(area, day_two, code):
    from toolkit.models import AreaReview

    return AreaReview.objects.create(
        area=area.council,
        title=f"Riverside planning review {code}",
        facilitator=area.priya,
        day_one=day_two - datetime.timedelta(days=1),
        day_two=day_two,
        join_code=code,
    )


def test_names_given_in_an_area_review_are_removed_six_months_after_day_2(area):
    from toolkit.models import Participant

    earlier = area_review(area, datetime.date(2026, 8, 31), "EARLIER1")
    later = area_review(area, datetime.date(2026, 9, 2), "LATER123")
    Participant.objects.create(review=earlier, name="Aisha", role="experience")
    Participant.objects.create(review=earlier, name="Dr Patel", role="health", user=area.patel)
    Participant.objects.create(review=later, name="Jo Evans", role="care_management")

    run = operations.apply_retention(TODAY)

    assert run.found["area_review_participants"] == 2 and run.done["area_review_participants"] == 2
    names = dict(Participant.objects.values_list("review__join_code", "name").order_by("review__join_code", "pk"))
    assert sorted(Participant.objects.values_list("name", flat=True)) == ["Jo Evans", "[removed]", "[removed]"]
    assert names["LATER123"] == "Jo Evans"
    assert operations.apply_retention(TODAY).found["area_review_participants"] == 0


def test_names_given_in_an_area_review_that_stopped_at_day_1_still_go_six_months_after_its_day_2_date(area):
    from toolkit.models import AreaReview, Participant

    # Every area review has a Day 2 date (set up with it, never empty), so no review's names are
    # kept for ever. Should it ever become optional, count from Day 1, or when it was set up.
    assert not AreaReview._meta.get_field("day_two").null
    stopped = area_review(area, datetime.date(2026, 8, 31), "STOPPED1")
    stopped.stage = AreaReview.Stage.DAY_ONE
    stopped.save(update_fields=["stage"])
    Participant.objects.create(review=stopped, name="Aisha", role="experience")

    operations.apply_retention(TODAY)

    assert Participant.objects.get().name == "[removed]"


def test_the_name_given_by_someone_around_a_held_person_is_kept(area):
    from toolkit.models import Participant

    review = area_review(area, datetime.date(2026, 1, 10), "HELD1234")
    Participant.objects.create(review=review, name="Leah", role="experience", user=area.leah_user)
    operations.place_legal_hold(area.leah, by=area.green, reason="Complaint")

    operations.apply_retention(TODAY)

    assert Participant.objects.get().name == "Leah"


def test_the_rules_command_lists_the_kinds_for_accounts_and_area_reviews_in_plain_words(db):
    out = io.StringIO()
    call_command("retention_rules", stdout=out)
    said = out.getvalue()
    assert "account_events: 2 years from when it happened, then deleted" in said
    assert "Records of signing in to an account: sign-ins, failed sign-ins" in said
    assert (
        "switched_off_accounts: 2 years from its last sign-in (or when it was made, if never used), then anonymised"
        in said
    )
    assert "Family members' and young people's accounts that have been switched off" in said
    assert "A professional's account (someone working for an organisation) is kept" in said
    assert "area_review_participants: 6 months from Day 2 of the area review, then anonymised" in said
    assert "The names people gave when they took part in an area review" in said


def test_the_records_due_page_lists_the_new_kinds_and_what_happens_to_them(area, signed_in):
    switch_off(area.leah_user)
    page = signed_in(area.green).get(reverse("privacy:records_due")).content.decode()
    for kind in ("account_events", "switched_off_accounts", "area_review_participants"):
        assert str(retention.BY_CODE[kind].name).split(":")[0] in page.replace("&#x27;", "'"), kind
    assert "Kept for 6 months after Day 2 of the area review, then anonymised" in page
    assert "to anonymise" in page
