"""Emails about a person in the background job queue: gone when their records are erased, waiting
ones never sent, and kept while their records are under a legal hold."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ourplan.tests.factories import PersonFactory
from privacy import jobs, operations

TODAY = datetime.date(2027, 3, 1)


def email_job(to, subject, body, status="SUCCESSFUL", finished=None):
    finished = finished or timezone.now()
    done = status in ("SUCCESSFUL", "FAILED")
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [to, subject, body], "kwargs": {}},
        task_path="ourplan.tasks.send_email",
        backend_name="default",
        run_after=finished,
        finished_at=finished if done else None,
        exception_class_path="",
        traceback="",
    )


def still_there(job):
    return DBTaskResult.objects.filter(pk=job.pk).exists()


def stored_text(job):
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(DBTaskResult._meta.db_table)
        cursor.execute(f"SELECT CAST(args_kwargs AS text) FROM {table} WHERE id = %s", [job.pk.hex])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def zoe(area):
    """A made-up pupil whose name is not plain ASCII (the name in the security review's finding)."""
    return PersonFactory(
        preferred_name="Zoë", full_name="Zoë Brontë", local_authority=area.council, coordinator=area.green
    )


def test_a_sent_email_naming_her_only_with_an_accent_goes_when_her_records_are_erased(area, zoe):
    job = email_job("aisha@family.example", "A review", "Hello,\nZoë's review is on Monday.")
    if connection.vendor == "sqlite":
        assert "Zo\\u00eb" in stored_text(job)  # how the finding's text match missed it
    operations.anonymise_person(zoe, by=area.green, reason="asked")
    assert not still_there(job)


def test_her_name_in_capitals_or_at_the_start_of_a_line_is_found_too(area, zoe):
    shouted = email_job("aisha@family.example", "REVIEW FOR ZOË", "See you Monday.")
    line_start = email_job("aisha@family.example", "A review", "Hello Aisha,\n\nZOË BRONTË: review on Monday.")
    operations.anonymise_person(zoe, by=area.green, reason="asked")
    assert not still_there(shouted) and not still_there(line_start)


def test_a_sent_email_to_his_own_address_goes_even_without_his_name(area):
    area.sam_user.email = "swimmer@family.example"  # an address that does not contain his name
    area.sam_user.save(update_fields=["email"])
    job = email_job("swimmer@family.example", "Your review", "Your review is on Monday.")
    operations.anonymise_person(area.sam, by=area.green, reason="asked")
    assert not still_there(job)


def test_emails_about_him_still_waiting_are_never_sent_and_others_are(area, zoe):
    about_sam = email_job("aisha@family.example", "Sam's review", "Sam's review is on Monday.", status="READY")
    about_zoe = email_job("aisha@family.example", "Zoë's review", "Zoë's review is on Monday.", status="READY")
    operations.anonymise_person(area.sam, by=area.green, reason="asked")
    assert not still_there(about_sam)
    assert still_there(about_zoe)


def test_an_email_being_sent_at_that_moment_keeps_no_copy_of_what_it_said(area):
    running = email_job("aisha@family.example", "Sam's review", "Sam's review is on Monday.", status="RUNNING")
    operations.anonymise_person(area.sam, by=area.green, reason="asked")
    running.refresh_from_db()
    assert running.status == "RUNNING" and running.args_kwargs == jobs.NO_ARGUMENTS


def test_emails_waiting_about_a_person_are_counted_for_the_check_page(area, zoe):
    email_job("aisha@family.example", "Zoë's review", "Hello", status="READY")
    email_job("aisha@family.example", "Zoë's review", "Hello")  # sent already
    email_job("aisha@family.example", "Sam's review", "Hello", status="READY")
    assert jobs.waiting_about(zoe) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite has one writer")
@pytest.mark.django_db(transaction=True)
def test_a_waiting_email_a_worker_is_claiming_at_that_moment_is_left_to_that_worker():
    job = email_job("sam@family.example", "Sam's review", "Sam's review is on Monday.", status="READY")
    locked, release = threading.Event(), threading.Event()

    def worker():  # what django-tasks-db's worker does while it claims a job
        from django.db import connections

        try:
            with transaction.atomic():
                DBTaskResult.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    assert locked.wait(10)
    try:
        with transaction.atomic():
            cancelled = jobs.forget(["Sam"])  # skips the locked row instead of waiting for it
    finally:
        release.set()
        thread.join(10)
    assert cancelled == 0 and still_there(job)


# Retention and legal holds


def thirty_one_days_ago():
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9))) - datetime.timedelta(days=31)


def test_old_emails_about_someone_under_a_legal_hold_are_kept_and_others_go(area, zoe):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    operations.place_legal_hold(zoe, by=area.green, reason="A complaint")
    about_sam = email_job("aisha@family.example", "Sam's review", "Notes", finished=thirty_one_days_ago())
    to_sam = email_job("sam@family.example", "Your review", "Notes", finished=thirty_one_days_ago())
    about_zoe = email_job("aisha@family.example", "A review", "Zoë's notes", finished=thirty_one_days_ago())
    about_leah = email_job("leah@family.example", "Leah's review", "Notes", finished=thirty_one_days_ago())
    run = operations.apply_retention(TODAY)
    assert run.done["finished_jobs"] == 1 and not still_there(about_leah)
    assert still_there(about_sam) and still_there(to_sam) and still_there(about_zoe)


def test_once_the_hold_is_lifted_his_old_emails_go(area):
    operations.place_legal_hold(area.sam, by=area.green, reason="Tribunal appeal")
    about_sam = email_job("aisha@family.example", "Sam's review", "Notes", finished=thirty_one_days_ago())
    operations.apply_retention(TODAY)
    operations.lift_legal_hold(area.sam, by=area.green, because="Appeal decided")
    operations.apply_retention(TODAY)
    assert not still_there(about_sam)
