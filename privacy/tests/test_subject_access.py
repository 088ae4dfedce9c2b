"""Subject access: the coordinator downloads everything held about a person, as a zip."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, ReviewFactory, StatementFactory
from ourplan.tests.pdf import pdf_pages
from ourplan.tests.words import words
from people.models import Invitation, Person, hash_token
from plans.models import ActionPlan, ActionUpdate, Outcome, OutcomeCheck
from privacy import export
from profiles.models import Heading, ProfileStatement, ProfileVersion, ShareLink, Suggestion, hash_share_token
from reminders.models import SentReminder
from reviews.models import Amendment, Invitee, ReviewEmail

PHOTO = "0123456789abcdef0123456789abcdef.jpg"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.PHOTO_DIR = tmp_path / "photos"
    settings.PHOTO_DIR.mkdir()


def hold_everything(person, words, statements=3):
    """A review with statements, invitees and their emails, a plan with an outcome, actions and their
    updates, a profile with statements, a suggestion, a version and a share link, an invitation,
    a reminder and audit events for ``person``, each with ``words`` in its text."""
    coordinator = person.coordinator
    review = ReviewFactory(person=person, place=f"{words} meeting room")
    for n in range(statements):
        StatementFactory(review=review, text=f"{words} statement {n}")
    StatementFactory(review=review, text=f"{words} draft", draft=True)
    invitee = Invitee.objects.create(review=review, name=f"{words} invitee", email=f"{words.lower()}@example.com")
    ReviewEmail.objects.create(invitee=invitee, kind="invitation", send_after=timezone.now())
    Amendment.objects.create(review=review, text=f"{words} amendment", made_by=coordinator)
    plan = ActionPlan.objects.get(review=review)
    outcome = Outcome.objects.create(plan=plan, text=f"{words} outcome", created_by=coordinator)
    action = ActionFactory(plan=plan, outcome=outcome, what=f"{words} action")
    ActionUpdate.objects.create(action=action, status="stuck", note=f"{words} update", by=coordinator)
    later = ReviewFactory(person=person)
    OutcomeCheck.objects.create(
        outcome=outcome, review=later, result="partly", note=f"{words} check", checked_by=coordinator
    )
    profile = person.profile
    statement = ProfileStatement.objects.create(profile=profile, heading=Heading.IMPORTANT, text=f"{words} likes")
    Suggestion.objects.create(profile=profile, heading=Heading.ADMIRE, text=f"{words} suggestion", statement=statement)
    number = profile.versions.count() + 1
    ProfileVersion.objects.create(profile=profile, number=number, statements=[{"text": f"{words} version"}])
    ShareLink.objects.create(
        profile=profile,
        recipient=f"{words} recipient",
        token_hash=hash_share_token(f"{words}-share-token"),
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    invitation = Invitation(
        person=person,
        email=f"{words.lower()}-gran@example.com",
        name=f"{words} gran",
        relationship="family_friend",
        invited_by=coordinator,
    )
    invitation.token_hash = hash_token(f"{words}-join-token")
    invitation.expires_at = timezone.now() + datetime.timedelta(days=7)
    invitation.save()
    SentReminder.objects.create(user=coordinator, key=f"{words}-reminder", person=person, sent_at=timezone.now())
    AuditEvent.objects.create(
        user=coordinator,
        user_label=coordinator.email,
        role="coordinator",
        action="viewed",
        what=f"{words} looked at",
        person=person,
        path=f"/join/{words}-join-token/",
    )
    return review


def unzip(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def data_of(files, label):
    return json.loads(files[f"data/{label}.json"])


def everything_in(files):
    return b"\n".join(content for name, content in files.items() if not name.endswith((".pdf", ".jpg")))


@pytest.fixture
def sams_download(area):
    hold_everything(area.sam, "Swimming")
    hold_everything(area.leah, "Horses")
    return unzip(export.export_person(area.sam))


def test_the_zip_has_a_json_file_for_each_kind_of_record_with_sams_rows(sams_download):
    files = sams_download
    expected = {
        "reviews.statement": "Swimming statement 0",
        "reviews.invitee": "Swimming invitee",
        "reviews.amendment": "Swimming amendment",
        "plans.outcome": "Swimming outcome",
        "plans.action": "Swimming action",
        "plans.actionupdate": "Swimming update",
        "plans.outcomecheck": "Swimming check",
        "profiles.profilestatement": "Swimming likes",
        "profiles.suggestion": "Swimming suggestion",
        "profiles.sharelink": "Swimming recipient",
        "people.invitation": "Swimming gran",
        "reminders.sentreminder": "Swimming-reminder",
        "audit.auditevent": "Swimming looked at",
    }
    for label, said in expected.items():
        assert said in json.dumps(data_of(files, label)), label
    assert len(data_of(files, "reviews.statement")) == 4  # the draft too: it is held
    assert len(data_of(files, "reviews.reviewemail")) == 1
    assert data_of(files, "people.person")[0]["full_name"] == "Sam Example"
    assert "Swimming version" in json.dumps(data_of(files, "profiles.profileversion"))


def test_nothing_about_another_person_is_in_the_zip(sams_download):
    assert b"Horses" not in everything_in(sams_download)
    assert "Leah" not in words(everything_in(sams_download))


def test_people_are_shown_by_name_and_email_and_choices_in_words(sams_download):
    action = data_of(sams_download, "plans.action")[0]
    assert action["owner"] == {"name": "Ms Green", "email": "green@school.example"}
    assert action["kind"] == "Other"
    statement = data_of(sams_download, "reviews.statement")[0]
    assert statement["question"] == "What is working in Sam's life?"
    review = data_of(sams_download, "reviews.review")[0]
    assert {"name": "Ms Green", "email": "green@school.example"} in review["participants"]


def test_no_secrets_leave_no_token_hashes_passwords_or_tokens_in_addresses(area, sams_download):
    everything = everything_in(sams_download)
    assert b'"token_hash"' not in everything and b'"password"' not in everything
    for secret in [
        hash_share_token("Swimming-share-token"),
        hash_token("Swimming-join-token"),
        "Swimming-join-token",
        *get_user_model().objects.values_list("password", flat=True),
    ]:
        assert secret.encode() not in everything
    assert data_of(sams_download, "audit.auditevent")[0]["path"] == "/join/[hidden]/"


def test_the_audit_trail_says_who_looked_when_and_in_what_role(sams_download):
    trail = json.loads(sams_download["audit-trail.json"])
    assert trail[0]["who"] == "Ms Green"
    assert trail[0]["their_role"] == "coordinator"
    assert trail[0]["what_happened"] == "Looked at"
    assert trail[0]["what"] == "Swimming looked at"


def test_the_summary_and_the_audit_trail_are_pdfs(sams_download):
    assert pdf_pages(sams_download["summary.pdf"]) >= 1
    assert pdf_pages(sams_download["audit-trail.pdf"]) >= 1


def test_the_summary_shows_the_profile_what_everyone_said_and_the_plan(area):
    hold_everything(area.sam, "Swimming")
    _found, held = export.everything_held(area.sam)
    html = render_to_string("privacy/summary_pdf.html", export.summary(area.sam, held))
    for shown in [
        "Sam Example",
        "Aisha",
        "Swimming likes",
        "What is working in Sam&#x27;s life?",
        "Swimming statement 2",
        "a draft, not sent",
        "Swimming outcome",
        "Swimming action",
        "Swimming check",
    ]:
        assert shown in html, shown


def test_the_readme_says_what_every_file_is(sams_download):
    readme = sams_download["README.txt"].decode()
    for name in sams_download:
        if name != "README.txt":
            assert name in readme, name
    assert "The actions in each plan" in readme


def test_the_profile_photo_is_in_the_zip(area, settings):
    (settings.PHOTO_DIR / PHOTO).write_bytes(b"\xff\xd8a photo of Sam")
    profile = area.sam.profile
    profile.photo = PHOTO
    profile.save(update_fields=["photo"])
    files = unzip(export.export_person(area.sam))
    assert files[f"photos/{PHOTO}"] == b"\xff\xd8a photo of Sam"


def models_with_a_path_to_a_person():
    """Found the other way round from the export: following each model's own relations forward."""
    person = apps.get_model("people", "Person")

    def reaches(model, seen):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model
                if target is person or (target not in seen and reaches(target, seen | {target})):
                    return True
        return False

    return {model._meta.label_lower for model in apps.get_models() if reaches(model, {model})}


def test_every_model_with_a_path_to_a_person_is_in_the_export(area):
    wanted = models_with_a_path_to_a_person()
    assert {"reviews.statement", "plans.actionupdate", "reviews.reviewemail", "audit.auditevent"} <= wanted
    files = unzip(export.export_person(area.sam))
    missing = {label for label in wanted | {"people.person"} if f"data/{label}.json" not in files}
    assert missing == set(), "add nothing to privacy/export.py: check the walk of relations"


def test_the_walk_finds_every_way_to_the_person(area):
    ways = {holding.label: set(holding.lookups) for holding in export.holdings()}
    assert ways["plans.outcomecheck"] == {"outcome__plan__review__person", "review__person"}
    assert ways["profiles.suggestion"] == {"profile__person", "statement__profile__person"}


def queries_to_export(person):
    with CaptureQueriesContext(connection) as ctx:
        export.export_person(person)
    return len(ctx)


def test_the_number_of_queries_does_not_grow_with_the_number_of_records(area):
    review = hold_everything(area.sam, "Swimming", statements=3)
    few = queries_to_export(area.sam)
    for n in range(27):
        StatementFactory(review=review, text=f"more {n}")
        ActionFactory(plan=review.action_plan, what=f"more {n}")
    hold_everything(area.sam, "Running", statements=3)
    assert queries_to_export(area.sam) == few


# The page and the download


def url(person):
    return reverse("privacy:subject_access", args=[person.pk])


def test_the_coordinator_sees_what_the_download_holds(area, signed_in):
    response = signed_in(area.green).get(url(area.sam))
    assert response.status_code == 200
    assert "Download everything we hold about Sam" in response.content.decode()
    event = AuditEvent.objects.filter(person=area.sam).first()
    assert (event.action, event.what) == ("viewed", "everything held about them, to download")


def test_the_coordinator_downloads_the_zip_and_it_is_recorded(area, signed_in):
    hold_everything(area.sam, "Swimming")
    response = signed_in(area.green).post(url(area.sam))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="sam-everything-we-hold-{day}.zip"'
    files = unzip(response.content)
    assert "Swimming statement 0" in json.dumps(data_of(files, "reviews.statement"))
    change = AuditEvent.objects.filter(person=area.sam, action="changed").first()
    assert change.what.startswith("downloaded everything held about them")
    assert change.user == area.green


def test_a_get_with_download_returns_the_zip_too(area, signed_in):
    response = signed_in(area.green).get(url(area.sam) + "?download")
    assert response["Content-Type"] == "application/zip"
    assert "summary.pdf" in unzip(response.content)


@pytest.mark.parametrize("who", ["black", "aisha", "patel", "sam_user", "priya"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_or_someone_in_the_circle_gets_404(area, signed_in, who, method):
    client = signed_in(getattr(area, who))
    assert getattr(client, method)(url(area.sam)).status_code == 404
    assert getattr(client, method)(url(area.sam) + "?download").status_code == 404
    assert AuditEvent.objects.filter(person=area.sam, action="refused").exists()
    assert not AuditEvent.objects.filter(person=area.sam, action="changed").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(area, client):
    response = client.post(url(area.sam))
    assert response.status_code == 302 and "sign" in response["Location"]


def test_someone_who_does_not_exist_is_404(area, signed_in):
    missing = (Person.objects.order_by("-pk").first().pk or 0) + 100
    assert signed_in(area.green).get(reverse("privacy:subject_access", args=[missing])).status_code == 404


# Their own account: linked to the account, not to the person


def hold_leahs_account(area, sign_ins=1):
    """Leah's own account: sign-ins, a failed one and a change (each from an internet address),
    reminder settings with a calendar feed, an authenticator app and recovery codes, an area review
    she joined; and Aisha's sign-in, which is not Leah's."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RecoveryCode, RecoveryCodes, hash_recovery_code
    from reminders.models import settings_of
    from toolkit.models import AreaReview, Participant

    leah = area.leah_user
    leah.last_login = timezone.now()
    leah.save(update_fields=["last_login"])
    for n in range(sign_ins):
        account_event(leah, "signed_in", "signed in", f"198.51.100.{n + 1}")
    account_event(leah, "failed", "wrong password", "203.0.113.9")
    account_event(leah, "account", "set up an authenticator app", "198.51.100.77")
    account_event(area.aisha, "signed_in", "signed in", "192.0.2.200")
    settings_of(leah).reset_feed()
    TOTPDevice.objects.create(user=leah, name="Leah's phone", key="3132333435363738393031323334353637383930")
    codes = StaticDevice.objects.create(user=leah, name="Old codes")
    StaticToken.objects.create(device=codes, token="leahcode1")
    recovery = RecoveryCodes.objects.create(user=leah, name="Recovery codes", confirmed=True)
    RecoveryCode.objects.create(device=recovery, code_hash=hash_recovery_code("leahcode2"))
    SentReminder.objects.create(user=leah, key="action-due:1:2027-03-01", sent_at=timezone.now())
    review = AreaReview.objects.create(
        area=area.council,
        title="Riverside planning review",
        facilitator=area.priya,
        day_one=timezone.localdate(),
        day_two=timezone.localdate(),
        join_code="LEAH1234",
    )
    Participant.objects.create(review=review, name="Leah", role="experience", user=leah)


def account_event(user, action, what, ip):
    AuditEvent.objects.create(
        user=user, user_label=user.email, role="", action=action, what=what, person=None, ip_address=ip, path="/"
    )


@pytest.fixture
def leahs_download(area):
    hold_leahs_account(area)
    return unzip(export.export_person(area.leah))


def account_data(files, label):
    return json.loads(files[f"data/their-account/{label}.json"])


def test_leahs_sign_ins_failed_sign_ins_and_changes_are_in_her_download_with_their_internet_addresses(
    leahs_download,
):
    events = account_data(leahs_download, "audit.auditevent")
    assert {(e["action"], e["what"], e["ip_address"]) for e in events} == {
        ("Signed in", "signed in", "198.51.100.1"),
        ("Failed to sign in", "wrong password", "203.0.113.9"),
        ("Changed how they sign in", "set up an authenticator app", "198.51.100.77"),
    }
    assert b"192.0.2.200" not in everything_in(leahs_download)  # Aisha's sign-in


def test_only_her_sign_in_records_are_in_her_download_as_such_not_a_refusal_or_a_change_with_no_person(area):
    hold_leahs_account(area)
    account_event(area.leah_user, "refused", "the meeting board of a review", "198.51.100.50")
    account_event(area.leah_user, "changed", "opened dot voting", "198.51.100.51")

    events = account_data(unzip(export.export_person(area.leah)), "audit.auditevent")

    assert {e["action"] for e in events} == {"Signed in", "Failed to sign in", "Changed how they sign in"}
    assert not {"198.51.100.50", "198.51.100.51"} & {e["ip_address"] for e in events}


def test_her_account_itself_is_in_her_download_by_name_email_and_dates(area, leahs_download):
    [account] = account_data(leahs_download, "accounts.user")
    assert (account["name"], account["email"], account["is_active"]) == ("Leah", "leah@family.example", True)
    assert account["date_joined"] and account["last_login"]


def test_her_settings_second_step_reminders_and_area_reviews_are_in_her_download(leahs_download):
    [settings] = account_data(leahs_download, "reminders.remindersettings")
    assert settings["feed_made_at"] and settings["wants_digest"] is False
    [app] = account_data(leahs_download, "otp_totp.totpdevice")
    assert app["name"] == "Leah's phone"
    assert account_data(leahs_download, "accounts.recoverycodes")[0]["name"] == "Recovery codes"
    assert account_data(leahs_download, "otp_static.staticdevice")[0]["name"] == "Old codes"
    assert account_data(leahs_download, "reminders.sentreminder")[0]["key"] == "action-due:1:2027-03-01"
    [joined] = account_data(leahs_download, "toolkit.participant")
    assert joined["review"]["name"] == "Riverside planning review" and joined["name"] == "Leah"


def test_no_secret_of_her_account_leaves(area, leahs_download):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RecoveryCode
    from reminders.models import ReminderSettings

    leah = get_user_model().objects.get(pk=area.leah_user.pk)
    leah.end_all_sessions()
    everything = everything_in(unzip(export.export_person(area.leah)))
    for secret in [
        leah.password,
        leah.session_token,
        TOTPDevice.objects.get(user=leah).key,
        "leahcode1",
        "leahcode2",
        RecoveryCode.objects.get().code_hash,
        ReminderSettings.objects.get(user=leah).feed_token_hash,
    ]:
        assert secret.encode() not in everything
    for field in (b'"password"', b'"session_token"', b'"token"', b'"code_hash"', b'"feed_token_hash"'):
        assert field not in everything


def test_someone_without_an_account_of_their_own_has_empty_account_files(area):
    from ourplan.tests.factories import PersonFactory

    files = unzip(export.export_person(PersonFactory(local_authority=area.council, coordinator=area.green)))
    assert account_data(files, "accounts.user") == [] and account_data(files, "audit.auditevent") == []


def test_a_parents_account_is_not_in_the_childs_download(area):
    account_event(area.aisha, "signed_in", "signed in", "192.0.2.201")
    files = unzip(export.export_person(area.sam))
    assert [a["email"] for a in account_data(files, "accounts.user")] == ["sam@family.example"]
    assert b"192.0.2.201" not in everything_in(files)


def test_the_readme_the_summary_and_the_audit_trail_show_her_account(area, leahs_download):
    readme = leahs_download["README.txt"].decode()
    for record in export.ACCOUNT_RECORDS:
        assert record.file_name in readme, record.label
    _found, held = export.everything_held(area.leah)
    summary = render_to_string("privacy/summary_pdf.html", export.summary(area.leah, held))
    assert "Their own account" in summary and "leah@family.example" in summary
    assert "An authenticator app" in summary
    trail = render_to_string(
        "privacy/audit_trail_pdf.html",
        {"person": area.leah, "events": [], "account_events": export.account_trail(held)},
    )
    assert "203.0.113.9" in trail and "Failed to sign in: wrong password" in trail
    assert pdf_pages(leahs_download["audit-trail.pdf"]) >= 1


def test_every_link_to_an_account_is_in_the_account_files_or_named_as_not_about_the_account():
    user = get_user_model()
    links = {
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user
    }
    exported = {f"{record.label}.{record.to_account}" for record in export.ACCOUNT_RECORDS if record.to_account != "pk"}
    undecided = links - exported - export.NOT_ABOUT_THEIR_ACCOUNT
    assert undecided == set(), "add each to privacy.export.ACCOUNT_RECORDS or NOT_ABOUT_THEIR_ACCOUNT"
    assert not any(export.SECRET.search(name) for record in export.ACCOUNT_RECORDS for name in record.fields)


def test_the_number_of_queries_does_not_grow_with_her_sign_ins(area):
    hold_leahs_account(area, sign_ins=1)
    few = queries_to_export(area.leah)
    for n in range(20):
        account_event(area.leah_user, "signed_in", "signed in", f"198.51.100.{n + 100}")
    assert queries_to_export(area.leah) == few
