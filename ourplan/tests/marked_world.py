"""Records about one person with a marker string planted in every field that shows their data.

Shared by the persona probe, the form fuzzing and the log check: a marker found in a response
or a log line means that person's data got out. ``plant(area, person, "SAM")`` returns the ids
of one object of each kind, the secret tokens that must not open anything (a revoked share link,
a cancelled invitation, an old calendar feed address, a stale password reset link) and the markers.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership, Organisation
from accounts.operations import EMAIL_CHANGE_SALT
from insights.models import BoardReport, CommissioningAction, StatementTheme, Theme
from insights.themes import ensure_default_themes
from ourplan.tests.factories import (
    ActionFactory,
    CircleMemberFactory,
    MembershipFactory,
    PersonFactory,
    ReviewFactory,
    StatementFactory,
    UserFactory,
)
from people.models import CircleMember, Invitation
from plainwords.models import Term
from plans.models import Outcome
from profiles.models import Profile, ProfileStatement, ShareLink, Suggestion, hash_share_token, new_share_token
from profiles.operations import publish_profile
from reminders.models import ReminderSettings
from reviews.models import Invitee


def marker(label, what):
    """A string that appears nowhere else: ``ZQX-SAM-PROFILE-QXZ``."""
    return f"ZQX-{label}-{what}-QXZ"


def add_ravi(area):
    """A pupil at Hillside School, coordinated by Mr Black: someone Ms Green must not see."""
    ravi_parent = UserFactory(name="Ravi's dad", email="ravi.dad@family.example")
    ravi = PersonFactory(
        preferred_name="Ravi",
        full_name="Ravi Example",
        setting=area.other_school,
        local_authority=area.council,
        coordinator=area.black,
    )
    CircleMemberFactory(person=ravi, user=area.black, relationship=CircleMember.Relationship.SCHOOL)
    CircleMemberFactory(person=ravi, user=ravi_parent, relationship=CircleMember.Relationship.PARENT_CARER)
    area.ravi, area.ravi_parent = ravi, ravi_parent
    return ravi


def plant(area, person, label):
    """Fill ``person``'s records with markers; returns ids, dead tokens and the markers."""
    coordinator = person.coordinator
    family = next((m.user for m in person.circle.select_related("user") if m.user_id != coordinator.pk), coordinator)
    m = {what: marker(label, what) for what in ("NAME", "ROLE", "PROFILE", "SUGGESTION", "SHARED", "INVITED")}
    m.update({what: marker(label, what) for what in ("VIEWS", "ACTION", "OUTCOME", "PLACE", "TERM", "INVITEE")})
    person.full_name = f"{person.preferred_name} {m['NAME']}"
    person.save(update_fields=["full_name"])
    CircleMember.objects.filter(person=person, user=family).update(role_description=m["ROLE"])

    profile, _created = Profile.objects.get_or_create(person=person)
    statement = ProfileStatement.objects.create(profile=profile, heading="admire", text=m["PROFILE"])
    ProfileStatement.objects.create(profile=profile, heading="important", text=m["PROFILE"] + " swimming")
    publish_profile(profile, by=coordinator)
    suggestion = Suggestion.objects.create(
        profile=profile, heading="admire", text=m["SUGGESTION"], suggested_by=coordinator
    )
    share_token = new_share_token()
    share_link = ShareLink.objects.create(
        profile=profile,
        recipient=m["SHARED"],
        token_hash=hash_share_token(share_token),
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        created_by=coordinator,
        revoked_at=timezone.now(),
    )

    review = ReviewFactory(person=person, place=m["PLACE"])
    invitee = Invitee.objects.create(review=review, user=family, name=m["INVITEE"], email=family.email)
    review_statement = StatementFactory(review=review, author=family, text=m["VIEWS"], question="working")
    outcome = Outcome.objects.create(plan=review.action_plan, text=m["OUTCOME"], created_by=coordinator)
    action = ActionFactory(plan=review.action_plan, owner=family, what=m["ACTION"], outcome=outcome)

    invitation = Invitation(
        person=person, email="invited@family.example", name=m["INVITED"], relationship="other", invited_by=coordinator
    )
    join_token = invitation.new_token()
    invitation.revoked_at = timezone.now()
    invitation.save()

    # An old calendar address of someone in the circle: reset since, so it must open nothing.
    feed = ReminderSettings.objects.get_or_create(user=family)[0]
    feed_token = feed.reset_feed()
    feed.reset_feed()
    # A password reset link made before the password changed, so it is stale.
    reset_token = default_token_generator.make_token(family)
    family.set_password("a-different-long-password-2")
    family.save()
    # A link to move the family member's account to another email address: only they may use it.
    email_change_token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"user": family.pk, "old": family.email, "new": "taken.over@family.example"}
    )

    organisation = Membership.objects.filter(user=coordinator).select_related("organisation").first()
    if organisation is None:
        organisation = MembershipFactory(user=coordinator, role=Membership.Role.COORDINATOR)
    term = Term.objects.create(word=m["TERM"], alternatives=["plain"], organisation=organisation.organisation)
    # A theme of another area: no planning lead here may see or change it (insights.themes).
    m["THEME"] = marker(label, "THEME")
    m["TOOLKIT"] = marker(label, "TOOLKIT")
    elsewhere = Organisation.objects.create(name=f"Elsewhere Council {label}", kind=Organisation.Kind.LOCAL_AUTHORITY)
    theme = Theme.objects.create(local_authority=elsewhere, name=m["THEME"], keywords=m["THEME"])
    board_report = BoardReport.objects.create(
        local_authority=elsewhere,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        figures={"area": m["THEME"]},
    )
    commissioning_action = CommissioningAction.objects.create(
        local_authority=elsewhere,
        theme=theme,
        you_said=m["THEME"],
        we_will=m["THEME"],
        who="them",
        by_when=datetime.date(2030, 1, 1),
    )
    # Another area's review of its planning (the toolkit), with a marker in everything said there.
    toolkit = area_review(elsewhere, m["TOOLKIT"])
    # The person's own area has its themes, and OurPlan has suggested one for what was said.
    ensure_default_themes(person.local_authority)
    StatementTheme.objects.create(
        statement=review_statement,
        theme=Theme.objects.filter(local_authority=person.local_authority).first(),
        source=StatementTheme.Source.SUGGESTED,
        at=timezone.now(),
    )

    return SimpleNamespace(
        person=person,
        family=family,
        markers=m,
        ids={
            "person": person.pk,
            "review": review.pk,
            "action": action.pk,
            "invitation": invitation.pk,
            "statement": statement.pk,
            "suggestion": suggestion.pk,
            "share_link": share_link.pk,
            "invitee": invitee.pk,
            "review_statement": review_statement.pk,
            "outcome": outcome.pk,
            "term": term.pk,
            "theme": theme.pk,
            "commissioning_action": commissioning_action.pk,
            "board_report": board_report.pk,
            "circle_member": CircleMember.objects.get(person=person, user=family).pk,
            **toolkit.ids,
        },
        tokens={
            "join": join_token,
            "shared": share_token,
            "feed": feed_token,
            "uidb64": urlsafe_base64_encode(force_bytes(family.pk)),
            "reset": reset_token,
            "email_change": email_change_token,
            "toolkit_code": toolkit.code,
        },
    )


def area_review(area, mark):
    """An area review of ``area`` (another council), one of each of its objects marked ``mark``.
    Its title and code are not marked: anyone given the code may see which review it is."""
    from toolkit import content, operations
    from toolkit.models import AreaReview, Dot, Participant, StrategyAction

    steps, people_groups = content.content_for(area)
    facilitator = UserFactory(name="Elsewhere lead", email=f"lead.{area.pk}@elsewhere.example")
    MembershipFactory(user=facilitator, organisation=area, role=Membership.Role.PLANNING_LEAD)
    review = operations.set_up_review(
        area,
        by=facilitator,
        title="Elsewhere review of planning",
        facilitator=facilitator,
        day_one=datetime.date(2026, 10, 1),
        day_two=datetime.date(2026, 10, 8),
    )
    group = operations.add_work_group(review, name=f"{mark} group", people_groups=people_groups[:1])
    participant = operations.join(review, name=mark, role=Participant.Role.COMMISSIONER)
    operations.choose_work_group(participant, group)
    on_paper = operations.add_paper_participant(review, name=mark, role=Participant.Role.OTHER, work_group=group)
    finding = operations.add_finding(group, people_group=people_groups[0], step=steps[0], kind="working", text=mark)
    operations.add_table_note(group, step=steps[0], kind="future", text=mark)
    idea = operations.add_idea(group, step=steps[0], text=mark)
    operations.move_to_stage(review, AreaReview.Stage.VOTING)
    dot = operations.place_dot(participant, idea, Dot.Colour.NOW)
    priority = operations.make_priority(review, idea, timescale=Dot.Colour.NOW)
    operations.set_year_from_now(priority, mark)
    action = operations.add_strategy_action(
        priority,
        by=facilitator,
        who=mark,
        what=mark,
        by_when=datetime.date(2027, 6, 1),
        monitored_by=mark,
        task_group=mark,
        report_by=datetime.date(2027, 7, 1),
    )
    assert isinstance(action, StrategyAction)
    return SimpleNamespace(
        code=review.join_code,
        ids={
            "area_review": review.pk,
            "work_group": group.pk,
            "participant": participant.pk,
            "paper_participant": on_paper.pk,
            "finding": finding.pk,
            "idea": idea.pk,
            "dot": dot.pk,
            "priority": priority.pk,
            "strategy_action": action.pk,
            "step": steps[0].pk,
            "prompt": steps[0].prompts_by_kind["question"][0].pk,
            "people_group": people_groups[0].pk,
        },
    )
