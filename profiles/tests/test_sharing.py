import datetime
import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from ourplan.tests.factories import date_parts
from profiles import photos
from profiles.models import Heading, ProfileStatement, ShareLink
from profiles.operations import publish_profile
from profiles.sharing import create_share_link

SWIMMING = "1F3CA"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.PHOTO_DIR = tmp_path / "photos"


@pytest.fixture
def published(area):
    """Sam's profile with one statement, published once."""
    profile = area.sam.profile
    ProfileStatement.objects.create(
        profile=profile, heading=Heading.IMPORTANT, text="Going swimming on Saturdays", symbol=SWIMMING
    )
    publish_profile(profile, by=area.sam_user)
    return profile


def date_fields(date):
    return {"expires_on_day": date.day, "expires_on_month": date.month, "expires_on_year": date.year}


def days_ahead(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def make_link(client, person, recipient="Mr Jones, Sam's new form tutor", days=30):
    return client.post(
        reverse("profiles:sharing", args=[person.pk]), {"recipient": recipient, **date_fields(days_ahead(days))}
    )


def token_in(response):
    match = re.search(r"/shared/([A-Za-z0-9_-]+)/", response.content.decode())
    assert match, "the new link is shown"
    return match.group(1)


def open_link(token, path="profiles:shared"):
    return Client().get(reverse(path, args=[token]))  # nobody signed in


def test_the_author_makes_a_share_link_and_sees_it_once(area, signed_in, published):
    client = signed_in(area.sam_user)
    response = make_link(client, area.sam)
    assert response.status_code == 200
    token = token_in(response)
    link = ShareLink.objects.get()
    assert (link.recipient, link.created_by, link.expires_on) == (
        "Mr Jones, Sam's new form tutor",
        area.sam_user,
        days_ahead(30),
    )
    assert token not in client.get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    assert AuditEvent.objects.filter(
        person=area.sam,
        action=AuditEvent.Action.CHANGED,
        what__startswith="shared Sam's one-page profile with Mr Jones",
    ).exists()


def test_the_coordinator_can_make_a_share_link_too(area, signed_in, published):
    assert make_link(signed_in(area.green), area.sam).status_code == 200
    assert ShareLink.objects.get().created_by == area.green


@pytest.mark.parametrize("who", ["aisha", "patel", "jo", "black", "priya"])
def test_nobody_else_can_see_or_make_share_links(area, signed_in, published, who):
    client = signed_in(getattr(area, who))
    assert client.get(reverse("profiles:sharing", args=[area.sam.pk])).status_code == 404
    assert make_link(client, area.sam).status_code == 404
    assert not ShareLink.objects.exists()


def test_a_link_open_for_more_than_90_days_is_refused_with_the_latest_date_allowed(area, signed_in, published):
    response = make_link(signed_in(area.sam_user), area.sam, days=91)
    content = response.content.decode()
    assert "<title>Error:" in content
    assert "A share link can stay open for 90 days at most. Choose a date on or before" in content
    assert "Mr Jones, Sam&#x27;s new form tutor" in content  # what was typed is kept
    assert not ShareLink.objects.exists()


def test_a_link_can_be_open_for_exactly_90_days(area, signed_in, published):
    make_link(signed_in(area.sam_user), area.sam, days=90)
    assert ShareLink.objects.get().expires_on == days_ahead(90)


def test_a_date_in_the_past_is_refused(area, signed_in, published):
    response = make_link(signed_in(area.sam_user), area.sam, days=-1)
    assert "must be today or in the future" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_the_form_suggests_a_date_30_days_ahead(area, signed_in, published):
    content = signed_in(area.sam_user).get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    expected = days_ahead(30)
    assert f'name="expires_on_day" value="{expected.day}"' in content
    assert f'name="expires_on_year" value="{expected.year}"' in content


def test_an_unpublished_profile_cannot_be_shared_and_the_page_says_to_publish_it_first(area, signed_in):
    client = signed_in(area.sam_user)
    content = client.get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    assert "Publish the profile first" in content
    assert reverse("profiles:edit", args=[area.sam.pk]) in content
    make_link(client, area.sam)
    assert not ShareLink.objects.exists()


def test_the_link_opens_the_latest_published_profile_without_signing_in(area, published):
    ProfileStatement.objects.create(profile=published, heading=Heading.ADMIRE, text="Not published yet")
    link, token = create_share_link(
        published, by=area.sam_user, recipient="Riverside Respite", expires_on=days_ahead(7)
    )
    response = open_link(token)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Going swimming on Saturdays" in content
    assert "Not published yet" not in content
    assert "shared with: Riverside Respite." in content and "This link works until the end of" in content
    assert f'src="/static/symbols/{SWIMMING}.svg" alt="swimming"' in content
    assert reverse("profiles:shared_pdf", args=[token]) in content
    assert "Sam Example" not in content  # the full name is not shared
    hrefs = set(re.findall(r'href="([^"]+)"', content))
    assert all(h.startswith(("/static/", f"/shared/{token}/", "#")) for h in hrefs), hrefs  # nowhere else in OurPlan


def test_the_shared_page_tells_browsers_not_to_keep_or_pass_on_its_address(area, published):
    _link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    response = open_link(token)
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_each_opening_is_recorded_in_the_audit_log_and_counted(area, published):
    link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    open_link(token)
    open_link(token)
    link.refresh_from_db()
    assert link.opened_count == 2 and link.last_opened_at is not None
    openings = AuditEvent.objects.filter(person=area.sam, role="share link", action=AuditEvent.Action.VIEWED)
    assert openings.count() == 2
    assert openings.first().what == "opened the one-page profile shared with Mr Jones"


def test_the_share_links_page_shows_who_each_link_is_for_and_how_often_it_was_opened(area, signed_in, published):
    _link, token = create_share_link(published, by=area.green, recipient="Mr Jones", expires_on=days_ahead(7))
    open_link(token)
    open_link(token)
    content = signed_in(area.sam_user).get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    assert "Mr Jones" in content and "Ms Green" in content
    assert "2 times" in content and "Last opened" in content
    assert ">Open</strong>" in content and "Stop this link" in content


def visible_words(content):
    """The words a reader sees: tags and their attributes (such as addresses) left out."""
    return {word.casefold() for word in re.findall(r"\w+", re.sub(r"<[^>]*>", " ", content))}


def test_the_share_links_pages_say_stop_in_plain_words_never_revoke(area, signed_in, published):
    link, token = create_share_link(published, by=area.green, recipient="Mr Jones", expires_on=days_ahead(7))
    client = signed_in(area.green)
    made = client.post(
        reverse("profiles:sharing", args=[area.sam.pk]),
        {"recipient": "Ms Lee", **date_parts("expires_on", days_ahead(7))},
    ).content.decode()
    listed = client.get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    confirm = client.get(reverse("profiles:revoke_share_link", args=[link.pk])).content.decode()
    client.post(reverse("profiles:revoke_share_link", args=[link.pk]))
    stopped = client.get(reverse("profiles:sharing", args=[area.sam.pk])).content.decode()
    closed = client.get(reverse("profiles:revoke_share_link", args=[link.pk])).content.decode()
    for page in (made, listed, confirm, stopped, closed):
        assert not {"revoke", "revoked", "revoking"} & visible_words(page)
    assert "If it is lost, stop this link and make a new one" in made
    assert "Stop the link for Mr Jones?" in confirm and "Stop this link" in confirm
    assert ">Stopped</strong>" in stopped
    assert "nothing to stop" in closed


def test_a_revoked_link_gives_404_and_the_revoking_is_recorded(area, signed_in, published):
    link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    client = signed_in(area.green)
    confirm = client.get(reverse("profiles:revoke_share_link", args=[link.pk]))
    assert confirm.status_code == 200 and "Stop the link for Mr Jones?" in confirm.content.decode()
    response = client.post(reverse("profiles:revoke_share_link", args=[link.pk]))
    assert response.status_code == 302 and response.url == reverse("profiles:sharing", args=[area.sam.pk])
    link.refresh_from_db()
    assert link.revoked_by == area.green and not link.is_open
    for path in ("profiles:shared", "profiles:shared_pdf", "profiles:shared_photo"):
        assert open_link(token, path).status_code == 404
    assert "This link does not work" in open_link(token).content.decode()
    assert AuditEvent.objects.filter(
        person=area.sam, user=area.green, what="stopped the link to Sam's one-page profile shared with Mr Jones"
    ).exists()


def test_an_expired_link_gives_404(area, published):
    link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(0))
    assert open_link(token).status_code == 200  # it works to the end of its last day
    ShareLink.objects.filter(pk=link.pk).update(expires_on=days_ahead(-1))
    assert open_link(token).status_code == 404


def test_trying_a_closed_link_is_in_sams_history_but_is_not_counted_as_an_opening(area, published):
    link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    open_link(token)
    ShareLink.objects.filter(pk=link.pk).update(expires_on=days_ahead(-1))
    open_link(token)
    open_link(token, "profiles:shared_photo")  # a part of the page: not recorded again
    tried = AuditEvent.objects.filter(person=area.sam, action=AuditEvent.Action.REFUSED, role="share link")
    assert [event.what for event in tried] == ["tried the closed share link for Mr Jones"]
    assert token not in tried.get().path
    link.refresh_from_db()
    assert link.opened_count == 1


def test_an_unknown_link_gives_404(db):
    assert open_link("not-a-real-token").status_code == 404


@pytest.mark.parametrize("who", ["aisha", "patel", "black", "priya"])
def test_nobody_else_can_revoke_a_link(area, signed_in, published, who):
    link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    assert signed_in(getattr(area, who)).post(reverse("profiles:revoke_share_link", args=[link.pk])).status_code == 404
    assert open_link(token).status_code == 200


def test_the_raw_token_is_not_stored_anywhere_in_the_database(area, signed_in, published):
    token = token_in(make_link(signed_in(area.sam_user), area.sam))
    assert open_link(token).status_code == 200
    link = ShareLink.objects.get()
    assert token not in str(ShareLink.objects.filter(pk=link.pk).values().get())
    assert AuditEvent.objects.exists()
    for event in AuditEvent.objects.values():
        assert token not in str(event), event
    for model in apps.get_models():  # sessions, tasks, everything
        for row in model._default_manager.values():
            assert token not in str(row), model


def test_the_shared_photo_is_the_published_versions_photo(area, published):
    image = Image.new("RGB", (50, 50), "orange")
    out = io.BytesIO()
    image.save(out, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    photos.set_photo(published, by=area.sam_user, uploaded_file=upload, description="Sam at the pool")
    _link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    assert open_link(token, "profiles:shared_photo").status_code == 404  # the published version has no photo yet
    publish_profile(published, by=area.sam_user)
    content = open_link(token).content.decode()
    assert f'src="{reverse("profiles:shared_photo", args=[token])}" alt="Sam at the pool"' in content
    response = open_link(token, "profiles:shared_photo")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photos.path_of(published.photo).read_bytes()


def test_the_shared_profile_downloads_as_a_pdf(area, published):
    _link, token = create_share_link(published, by=area.sam_user, recipient="Mr Jones", expires_on=days_ahead(7))
    response = open_link(token, "profiles:shared_pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Referrer-Policy"] == "no-referrer"


def test_downloading_the_shared_pdf_is_recorded_as_a_download_and_the_photo_adds_nothing(area, client):
    from profiles import operations, sharing
    from profiles.models import Profile

    profile = Profile.objects.get_or_create(person=area.sam)[0]
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    operations.publish_profile(profile, by=area.sam_user)
    _link, token = sharing.create_share_link(
        profile, by=area.green, recipient="New teacher", expires_on=timezone.localdate()
    )
    before = AuditEvent.objects.count()
    client.get(reverse("profiles:shared_photo", args=[token]))
    assert AuditEvent.objects.count() == before
    assert client.get(reverse("profiles:shared_pdf", args=[token])).status_code == 200
    assert AuditEvent.objects.latest("pk").what == "downloaded the PDF of the one-page profile shared with New teacher"
