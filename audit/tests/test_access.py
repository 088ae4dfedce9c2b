"""Access is decided in one module, deny by default, and every read and change is recorded."""

import datetime
import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.access import people_visible_to, record_change
from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, CircleMemberFactory, ReviewFactory, StatementFactory
from people.models import CircleMember, Invitation
from plans.models import Outcome
from profiles.models import ProfileStatement, ShareLink, Suggestion, hash_share_token, new_share_token
from profiles.operations import publish_profile
from reviews.models import Invitee

# Every URL that is not about one person, and why. A new view must be added here or to
# PERSON_SCOPED_PREFIXES, so nobody can add a person-scoped view without an outsider test.
NOT_PERSON_SCOPED = {
    "home": "shows only the signed-in user's own people",
    "healthz": "health check",
    "ping": "trivial view for benchmarks",
    "dev_outbox": "development only",
    "accounts:sign_in": "sign in",
    "accounts:sign_out": "sign out",
    "accounts:forgotten_password": "asks for an email address; says the same whether or not it has an account",
    "accounts:forgotten_password_sent": "a fixed message",
    "accounts:choose_new_password": "protected by a single-use signed token",
    "accounts:new_password_saved": "a fixed message",
    "accounts:account": "the signed-in user's own account",
    "accounts:change_password": "changes the signed-in user's own password, after their current one",
    "accounts:sign_out_everywhere": "ends the signed-in user's own sessions",
    "accounts:second_step": "the signed-in user's own second step of signing in",
    "accounts:set_up_two_step": "sets up the signed-in user's own authenticator app",
    "accounts:new_recovery_codes": "makes the signed-in user's own recovery codes",
    "accounts:turn_off_two_step": "turns off the signed-in family member's own two-step sign-in",
    "accounts:confirm_password": "checks the signed-in user's own password",
    "accounts:change_email": "changes the signed-in user's own email address",
    "accounts:confirm_email_change": "a signed link that changes only the signed-in user's own email address",
    "insights:area": "the planning lead's own area's figures, through disclosure control; no person",
    "insights:area_csv": "a table of the planning lead's own area's figures as CSV; no person",
    "insights:you_said_we_did": "the planning lead's own area's commissioning actions; no person",
    "insights:add_commissioning_action": "adds to the planning lead's own area's list; no person",
    "insights:change_commissioning_action": "the planning lead's own area's commissioning action; others' are 404",
    "insights:board_reports": "the planning lead's own area's Board reports: figures after disclosure control",
    "insights:publish_board_report": "publishes the planning lead's own area's Board report",
    "insights:board_report": "a Board report of the planning lead's own area; others' are 404",
    "insights:board_report_pdf": "the same report as a PDF",
    "insights:board_report_docx": "the same report as a Word document",
    "insights:themes": "the planning lead's own area's themes and counts of suggestions; no person",
    "insights:add_theme": "adds a theme to the planning lead's own area's list; no person",
    "insights:change_theme": "a theme of the planning lead's own area; others' are 404",
    "insights:move_theme": "a theme of the planning lead's own area; others' are 404",
    "insights:retire_theme": "a theme of the planning lead's own area; others' are 404",
    "insights:restore_theme": "a theme of the planning lead's own area; others' are 404",
    "people:add": "adds a new person; refused to anyone who is not a coordinator",
    "people:join": "public: protected by a single-use secret token",
    "profiles:shared": "public: protected by a secret token the author or coordinator gave one recipient",
    "profiles:shared_pdf": "public: the same share link's PDF",
    "profiles:shared_photo": "public: the same share link's photo",
    "plainwords:terms": "an organisation's list of words to flag, about no person; coordinators only",
    "plainwords:add_term": "adds a word to the coordinator's own organisation's list; coordinators only",
    "plainwords:remove_term": "removes a word from the coordinator's own organisation's list; others' are 404",
    "plans:my_actions": "lists only the signed-in user's own actions, about people whose planning they are part of",
    "caseload:caseload": "lists only the people the signed-in coordinator coordinates",
    "reminders:settings": "the signed-in user's own reminder settings",
    "reminders:reset_feed": "resets the signed-in user's own calendar feed address",
    "reminders:feed": "public: protected by a secret token that its user can reset; only their own actions and reviews",
    "privacy:records_due": "names only the signed-in coordinator's own people; everything else as numbers",
}
# Route prefix -> which object's id the URL takes.
PERSON_SCOPED_PREFIXES = {
    "people/<int:pk>/": "person",
    "reviews/<int:pk>/": "review",
    "area/reviews/<int:pk>/": "review",
    "actions/<int:pk>/": "action",
    "invitations/<int:pk>/": "invitation",
    "profile-statements/<int:pk>/": "statement",
    "profile-suggestions/<int:pk>/": "suggestion",
    "profile-share-links/<int:pk>/": "share_link",
    "review-invitees/<int:pk>/": "invitee",
    "review-statements/<int:pk>/": "review_statement",
    "outcomes/<int:pk>/": "outcome",
    "circle-members/<int:pk>/": "circle_member",
}
# Other parts of a person-scoped URL, by name.
OTHER_KWARGS = {"heading": "admire", "number": 1, "question": "working"}


def all_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


@pytest.fixture
def objects(area):
    return objects_for(area, area.sam)


def objects_for(area, person):
    """One of each kind of person-scoped object, all about ``person``."""
    from profiles.models import Profile

    profile, _created = Profile.objects.get_or_create(person=person)
    statement = ProfileStatement.objects.create(profile=profile, heading="admire", text="Kind")
    suggestion = Suggestion.objects.create(profile=profile, heading="admire", text="Funny", suggested_by=area.green)
    publish_profile(profile, by=area.green)
    link = ShareLink.objects.create(
        profile=profile,
        recipient="New teacher",
        token_hash=hash_share_token(new_share_token()),
        expires_on=datetime.date.today() + datetime.timedelta(days=5),
        created_by=area.green,
    )
    review = ReviewFactory(person=person)
    invitee = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email="aisha@family.example")
    action = ActionFactory(plan=review.action_plan, owner=area.aisha)
    review_statement = StatementFactory(review=review, author=area.aisha)
    outcome = Outcome.objects.create(plan=review.action_plan, text="Go to the shops", created_by=area.green)
    invitation = Invitation(
        person=person, email="new@family.example", name="New", relationship="other", invited_by=area.green
    )
    invitation.new_token()
    invitation.save()
    member = CircleMember.objects.filter(person=person).exclude(relationship=CircleMember.Relationship.SELF)
    member = member.exclude(user=person.coordinator).first() or CircleMemberFactory(
        person=person, relationship=CircleMember.Relationship.PARENT_CARER
    )
    return {
        "circle_member": member.pk,
        "person": person.pk,
        "review": review.pk,
        "action": action.pk,
        "invitation": invitation.pk,
        "statement": statement.pk,
        "suggestion": suggestion.pk,
        "share_link": link.pk,
        "invitee": invitee.pk,
        "review_statement": review_statement.pk,
        "outcome": outcome.pk,
    }


# Whole apps that hold no person's records. The toolkit is an area's review of its own planning:
# its pages are refused to outsiders by ``audit.access.area_review_for`` and friends, which the
# persona probe tests for every route of it.
NOT_PERSON_SCOPED_APPS = {"toolkit": "an area's review of its own planning; no person's records"}


def person_scoped_urls(objects):
    urls = []
    for name, route in all_patterns():
        if name in NOT_PERSON_SCOPED or name.split(":")[0] in NOT_PERSON_SCOPED_APPS:
            continue
        kind = next((k for prefix, k in PERSON_SCOPED_PREFIXES.items() if route.startswith(prefix)), None)
        assert kind, f"{name} ({route}) is new: add it to NOT_PERSON_SCOPED or PERSON_SCOPED_PREFIXES"
        names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) - {"pk"}
        urls.append(reverse(name, kwargs={"pk": objects[kind], **{n: OTHER_KWARGS[n] for n in names}}))
    return urls


def test_the_url_walk_finds_every_kind_of_person_scoped_view(objects):
    urls = person_scoped_urls(objects)
    assert len(urls) >= 12
    for kind in (
        "people",
        "reviews",
        "actions",
        "invitations",
        "profile-statements",
        "profile-suggestions",
        "review-statements",
    ):
        assert any(url.startswith(f"/{kind}/") for url in urls)


@pytest.mark.parametrize("outsider", ["black", "priya", "patel_elsewhere"])
def test_outsider_is_refused_every_person_scoped_url_on_get_and_post(area, objects, client, outsider):
    if outsider == "patel_elsewhere":
        # In Sam's circle, but Leah's records are not his to see.
        objects = objects_for(area, area.leah)
        user = area.patel
    else:
        user = getattr(area, outsider)
    client.force_login(user)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED).count()
    for url in person_scoped_urls(objects):
        get = client.get(url)
        assert get.status_code in (404, 405), f"GET {url} gave {get.status_code} to {user}"
        assert b"Sam Example" not in get.content and b"Leah Example" not in get.content
        post = client.post(url, {"text": "x", "question": "working", "what": "x", "next_review_date": "2030-01-01"})
        assert post.status_code == 404, f"POST {url} gave {post.status_code} to {user}"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED).count() == before
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED, user=user).exists()


def test_anonymous_visitor_is_sent_to_sign_in_for_every_person_scoped_url(objects, client):
    for url in person_scoped_urls(objects):
        response = client.get(url)
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_reading_sams_page_records_who_what_which_person_and_from_where(area, signed_in):
    signed_in(area.aisha).get(reverse("people:detail", args=[area.sam.pk]), REMOTE_ADDR="192.0.2.7")
    event = AuditEvent.objects.get(user=area.aisha, action=AuditEvent.Action.VIEWED)
    assert event.person == area.sam
    assert event.role == "parent or carer"
    assert event.ip_address == "192.0.2.7"
    assert event.what == "their page"
    assert event.path == reverse("people:detail", args=[area.sam.pk])
    assert abs(timezone.now() - event.at) < datetime.timedelta(minutes=1)


def test_a_change_and_its_audit_event_stand_or_fall_together(area, rf):
    request = rf.post("/somewhere/")
    request.user = area.green
    with pytest.raises(RuntimeError), transaction.atomic():
        record_change(request, area.sam, "changed something")
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(what="changed something").exists()
    record_change(request, area.sam, "changed something")
    event = AuditEvent.objects.get(what="changed something")
    assert (event.user, event.role, event.person, event.action) == (area.green, "coordinator", area.sam, "changed")


def test_changing_the_profile_records_a_change(area, signed_in):
    signed_in(area.sam_user).post(
        reverse("profiles:add_statement", args=[area.sam.pk]), {"heading": "admire", "text": "Kind"}
    )
    assert AuditEvent.objects.filter(
        user=area.sam_user, action=AuditEvent.Action.CHANGED, person=area.sam, what__contains="one-page profile"
    ).exists()


def test_audit_events_cannot_be_changed_or_deleted(area, signed_in):
    signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk]))
    event = AuditEvent.objects.first()
    event.what = "nothing to see"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(what="gone")
    assert AuditEvent.objects.filter(what="their page").exists()


def test_coordinator_sees_who_has_looked_at_sams_plan(area, signed_in):
    signed_in(area.patel).get(reverse("people:detail", args=[area.sam.pk]))
    response = signed_in(area.green).get(reverse("people:history", args=[area.sam.pk]))
    assert response.status_code == 200
    assert re.search(rb"Dr Patel.*health", response.content, re.S)


def test_a_parent_cannot_see_the_audit_trail(area, signed_in):
    assert signed_in(area.aisha).get(reverse("people:history", args=[area.sam.pk])).status_code == 404


def test_planning_lead_never_sees_a_persons_page_even_if_added_to_a_circle(area, signed_in):
    from people.models import CircleMember

    CircleMember.objects.create(person=area.sam, user=area.priya, relationship="other")
    assert signed_in(area.priya).get(reverse("people:detail", args=[area.sam.pk])).status_code == 404


def test_behind_a_proxy_the_audit_records_the_address_the_proxy_saw(area, signed_in, settings):
    settings.BEHIND_PROXY = True
    signed_in(area.aisha).get(
        reverse("people:detail", args=[area.sam.pk]),
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4",
        REMOTE_ADDR="127.0.0.1",
    )
    assert AuditEvent.objects.get(user=area.aisha).ip_address == "198.51.100.4"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; CI runs the suite there too"
)
def test_on_postgresql_the_database_itself_refuses_to_change_an_audit_event(area, signed_in):
    signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk]))
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET what = 'gone'")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(what="their page").exists()


def test_deleting_an_account_keeps_its_audit_events_with_who_it_was(area, signed_in):
    signed_in(area.jo).get(reverse("people:detail", args=[area.sam.pk]))
    area.jo.delete()
    event = AuditEvent.objects.get(user_label="jo.evans@council.example")
    assert event.user is None and event.person == area.sam


def test_the_young_persons_own_views_come_from_them_or_a_parent_school_staff_or_the_coordinator(area):
    from audit.access import Can, can, is_the_person

    for user in (area.sam_user, area.aisha, area.green):
        assert can(user, area.sam, Can.PERSONS_OWN_VIEWS)
    for user in (area.patel, area.jo, area.black, area.priya):
        assert not can(user, area.sam, Can.PERSONS_OWN_VIEWS)
    assert is_the_person(area.sam_user, area.sam) and not is_the_person(area.aisha, area.sam)


def test_a_list_of_hundreds_of_people_is_recorded_in_one_statement(area, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.access import record_list_view
    from ourplan.tests.factories import PersonFactory

    people = [PersonFactory(coordinator=area.green) for _ in range(150)]
    request = rf.get("/caseload/")
    request.user = area.green
    with CaptureQueriesContext(connection) as captured:
        record_list_view(request, people, "their caseload")
    # One INSERT of them all: a single statement is all or nothing, so it needs no transaction of its own.
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1 and statements[0].startswith("INSERT INTO")
    events = AuditEvent.objects.filter(user=area.green, what="their caseload")
    assert events.count() == 150
    assert {e.role for e in events} == {"coordinator"} and events.first().at is not None
    assert set(events.values_list("person_id", flat=True)) == {person.pk for person in people}


@pytest.mark.django_db(transaction=True)
def test_a_list_longer_than_one_statement_is_recorded_all_or_nothing(area, rf, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from audit import access
    from ourplan.tests.factories import PersonFactory

    monkeypatch.setattr(access, "_most_parameters", lambda: 10 * len(access._EVENT_COLUMNS))  # 10 rows a statement
    people = [PersonFactory(coordinator=area.green) for _ in range(25)]
    request = rf.get("/caseload/")
    request.user = area.green
    with CaptureQueriesContext(connection) as captured:
        access.record_list_view(request, people, "their caseload")
    assert len([q for q in captured if q["sql"].startswith("INSERT INTO")]) == 3
    assert AuditEvent.objects.filter(what="their caseload").count() == 25
    gone = PersonFactory(coordinator=area.green)
    gone_pk = gone.pk
    gone.delete()
    gone.pk = gone_pk  # someone no longer there, last: the third statement's row cannot be kept
    with pytest.raises(DatabaseError):
        access.record_list_view(request, [*people[:24], gone], "a list that fails")
    assert not AuditEvent.objects.filter(what="a list that fails").exists()


def test_the_people_listed_for_someone_are_those_they_coordinate_or_are_in_the_circle_of_each_once(area):
    CircleMember.objects.get_or_create(
        person=area.sam, user=area.green, defaults={"relationship": CircleMember.Relationship.SCHOOL}
    )
    greens = list(people_visible_to(area.green))
    assert greens.count(area.sam) == 1  # coordinator and in his circle: listed once
    assert area.sam in people_visible_to(area.aisha)  # in his circle
    assert area.sam not in people_visible_to(area.black)  # neither
