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
