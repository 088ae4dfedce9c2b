"""Hypothesis fuzzing of every form and query parameter, through the real views.

Every form class in the apps' ``forms*.py`` modules must have a target below (a new form without one
fails ``test_every_form_has_a_fuzz_target``). Each target's page is read as a browser would (the
names, options and hidden values of its <form>), and Hypothesis posts generated values for them as
someone allowed to use the form: sometimes a real option, sometimes junk (long text, control
characters, numbers out of range, dates that do not exist, missing fields). Every answer must be
below 500, redirect only within the site, and leave everything else held untouched (Leah's
records, other people's accounts and an earlier, signed-off review of Sam's). Each example is
rolled back to a savepoint, so examples do not see each other's changes.

The "ci" profile (``hypothesis_profiles.py``) runs 200 examples for each target.
"""

import copy
import datetime
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import User
from audit.tests.test_persona_probe import snapshot
from ourplan.tests.factories import ActionFactory, ReviewFactory, StatementFactory
from ourplan.tests.hypothesis_profiles import FORM_EXAMPLES, VIEW_EXAMPLES
from ourplan.tests.marked_world import area_review, plant
from people.models import CircleMember, Invitation
from plans.models import Outcome
from profiles.models import Profile
from profiles.operations import publish_profile
from reviews import record as records

BASE_DIR = Path(django_settings.BASE_DIR).resolve()
# Classes in forms modules that no view binds on their own.
NOT_A_VIEWS_FORM = {
    "ourplan.forms.GovukForm": "the base class of the project's forms",
    "ourplan.forms.GovukModelForm": "the base class of the project's model forms",
}


@dataclass
class Target:
    url: str  # URL name
    kind: str | None = None  # what fills its pk: one of the objects made by ``world``
    actor: str | None = "green"  # who uses it (an ``area`` attribute), None for a visitor
    page: str | None = None  # where its <form> is shown, when that is another URL (same pk)
    page_kind: str | None = None  # what fills the page's pk, when not ``kind`` (a suggestion's profile)
    kwargs: tuple = ()  # other URL parts: (("heading", "admire"),)
    method: str = "post"
    examples: int | None = None  # fewer than the profile's, for views that render a PDF or a zip
    fields: tuple = ()  # names the view reads that no <form> on its page shows (htmx, query)
    setup: str | None = None  # a name in SETUPS: what must be true before the form is shown
    known_bug: str | None = None  # a 500 this fuzzing found, not yet fixed where it lives
    form: str | None = None  # the form class the view must bind (dotted path)


# Form class -> where it is used. Forms used in two places are fuzzed in both.
FORM_TARGETS = {
    "accounts.forms.SignInForm": [Target("accounts:sign_in", actor=None)],
    "accounts.forms.SetPasswordForm": [Target("people:join", kind="join", actor=None)],
    "accounts.forms.ForgottenPasswordForm": [Target("accounts:forgotten_password", actor=None)],
    "accounts.forms.ChooseNewPasswordForm": [Target("accounts:choose_new_password", kind="reset", actor=None)],
    "accounts.forms.ChangePasswordForm": [Target("accounts:change_password")],
    "accounts.forms.CodeForm": [Target("accounts:second_step", actor="aisha", setup="has_an_app")],
    "accounts.forms.AppCodeForm": [Target("accounts:set_up_two_step", actor="sam_user", setup="typed_password_again")],
    "accounts.forms.ConfirmPasswordForm": [Target("accounts:confirm_password")],
    "accounts.forms.ChangeEmailForm": [Target("accounts:change_email", setup="typed_password_again")],
    "people.forms.LawfulBasisForm": [Target("people:record_basis", kind="person")],
    "people.forms.MemberAccessForm": [Target("people:member_access", kind="circle_member")],
    "people.forms.CapacityForm": [Target("people:capacity", kind="leah")],
    "people.forms.ConfirmAccessForm": [Target("people:confirm_access", kind="leah", actor="leah_user")],
    "privacy.forms.LegalHoldForm": [Target("privacy:place_legal_hold", kind="person", setup="typed_password_again")],
    "privacy.forms.LiftLegalHoldForm": [Target("privacy:lift_legal_hold", kind="person", setup="legal_hold")],
    "privacy.forms.AnonymiseForm": [Target("privacy:erase", kind="person", setup="typed_password_again")],
    "insights.forms_themes.ThemeForm": [Target("insights:add_theme", actor="priya")],
    "insights.forms_area.AreaFiltersForm": [Target("insights:area", actor="priya", method="get")],
    "insights.forms_commissioning.CommissioningActionForm": [
        Target("insights:add_commissioning_action", actor="priya")
    ],
    "insights.forms_themes.StatementThemesForm": [Target("insights:review_themes", kind="review")],
    "people.forms.PersonForm": [Target("people:add"), Target("people:edit", kind="person")],
    "people.forms.InviteForm": [Target("people:invite", kind="person")],
    "plainwords.forms.TermForm": [Target("plainwords:add_term")],
    "plans.forms.OutcomeForm": [
        Target("plans:add_outcome", kind="review", page="plans:plan"),
        Target("reviews:board_add_outcome", kind="review", page="reviews:board"),
    ],
    "plans.forms.ActionForm": [
        Target("plans:add_action", kind="review", page="plans:plan"),
        Target("reviews:board_add_action", kind="review", page="reviews:board"),
    ],
    "plans.forms.AgreePlanForm": [Target("plans:agree", kind="review", page="plans:plan")],
    "plans.forms.ProgressForm": [Target("plans:progress", kind="action")],
    "plans.forms.EarlierOutcomesForm": [Target("plans:earlier_outcomes", kind="review")],
    "plans.forms.CarryForwardForm": [Target("plans:carry_forward", kind="review")],
    "profiles.forms.StatementForm": [
        Target("profiles:add_statement", kind="person", actor="sam_user"),
        Target("profiles:change_statement", kind="statement", actor="sam_user"),
    ],
    "profiles.forms.MeStatementForm": [
        Target("profiles:me_heading", kind="person", actor="sam_user", kwargs=(("heading", "admire"),))
    ],
    "profiles.forms.CompareForm": [Target("profiles:compare", kind="person", method="get", page="profiles:versions")],
    "profiles.forms_photo.PhotoForm": [Target("profiles:photo", kind="person", actor="sam_user")],
    "profiles.forms_sharing.ShareLinkForm": [Target("profiles:sharing", kind="person")],
    "reminders.forms.ReminderSettingsForm": [Target("reminders:settings", actor="aisha")],
    "reviews.forms.ReviewForm": [Target("reviews:add", kind="person")],
    "reviews.forms_board.BoardStatementForm": [Target("reviews:board_add", kind="review", page="reviews:board")],
    "reviews.forms_board.ChangeStatementForm": [Target("reviews:board_change", kind="review_statement")],
    "reviews.forms_board.MergeForm": [Target("reviews:board_merge", kind="review_statement")],
    "reviews.forms_board.AttendanceForm": [Target("reviews:attendance", kind="review")],
    "reviews.forms_contribute.ViewsForm": [Target("reviews:my_views", kind="review", actor="aisha")],
    "reviews.forms_contribute.MeViewsForm": [
        Target("reviews:me_views", kind="review", actor="sam_user", kwargs=(("question", "working"),))
    ],
    "reviews.forms_planning.DetailsForm": [Target("reviews:details", kind="review")],
    "reviews.forms_planning.InviteeForm": [Target("reviews:invitees", kind="review")],
    "reviews.forms_record.SignOffForm": [Target("reviews:sign_off", kind="review")],
    "reviews.forms_record.AmendmentForm": [
        Target("reviews:add_amendment", kind="signed_off_review", page="reviews:record")
    ],
    # The area review toolkit: setting up, the room, joining from a phone and the area's own words.
    "toolkit.forms_setup.ReviewDetailsForm": [Target("toolkit:new", actor="priya")],
    "toolkit.forms_setup.ChangeReviewForm": [Target("toolkit:change", kind="own_area_review", actor="priya")],
    "toolkit.forms_setup.StageForm": [
        Target("toolkit:stage", kind="own_area_review", actor="priya", page="toolkit:overview")
    ],
    "toolkit.forms_setup.WorkGroupForm": [
        Target("toolkit:add_work_group", kind="own_area_review", actor="priya"),
        Target("toolkit:change_work_group", kind="own_work_group", actor="priya"),
    ],
    "toolkit.forms_setup.ParticipantForm": [
        Target("toolkit:add_participant", kind="own_area_review", actor="priya"),
        Target("toolkit:change_participant", kind="own_participant", actor="priya"),
    ],
    "toolkit.forms_setup.CodeForm": [Target("toolkit:join", actor=None)],
    "toolkit.forms_setup.JoinForm": [Target("toolkit:join_with_code", kind="own_code", actor=None)],
    "toolkit.forms_setup.ChooseGroupForm": [
        Target("toolkit:choose_group", kind="own_code", actor=None, setup="participant", page="toolkit:room")
    ],
    "toolkit.forms_content.StepForm": [Target("toolkit:change_step", kind="own_step", actor="priya")],
    "toolkit.forms_content.PromptForm": [
        Target("toolkit:add_prompt", kind="own_step", actor="priya"),
        Target("toolkit:change_prompt", kind="own_prompt", actor="priya"),
    ],
    "toolkit.forms_content.PeopleGroupForm": [Target("toolkit:add_people_group", actor="priya")],
    "toolkit.forms_content.ChangePeopleGroupForm": [
        Target("toolkit:change_people_group", kind="own_people_group", actor="priya")
    ],
    # The area review toolkit, Day 1: a small group's notes (from a phone, or typed from paper).
    "toolkit.forms_day_one.FindingForm": [
        Target("toolkit:walk", kind="own_code", actor=None, setup="participant"),
        Target("toolkit:type_for_group", kind="own_work_group", actor="priya"),
    ],
    "toolkit.forms_day_one.ChangeFindingForm": [Target("toolkit:change_finding", kind="own_finding", actor="priya")],
}
FORM_TARGETS.update(
    {
        # The area review toolkit, the strategy: priorities, a year from now, actions and their progress.
        "toolkit.forms_strategy.PrioritiesForm": [Target("toolkit:priorities", kind="own_area_review", actor="priya")],
        "toolkit.forms_strategy.PriorityForm": [Target("toolkit:priority", kind="own_priority", actor="priya")],
        "toolkit.forms_strategy.StrategyActionForm": [
            Target("toolkit:add_action", kind="own_priority", actor="priya"),
            Target("toolkit:change_action", kind="own_strategy_action", actor="priya"),
        ],
        "toolkit.forms_strategy.ProgressForm": [
            Target("toolkit:action_progress", kind="own_strategy_action", actor="priya", page="toolkit:action")
        ],
        "toolkit.forms_strategy.ActionFilterForm": [Target("toolkit:actions", actor="priya", method="get")],
    }
)
FORM_TARGETS.update(
    {
        # The area review toolkit, Day 2 and dot voting: a group's notes and ideas at a table (from a
        # phone, or typed from paper), changing an idea, and placing, moving or taking back a dot.
        "toolkit.forms_day_two.TableNoteForm": [
            Target("toolkit:my_table", kind="own_code", actor=None, setup="participant"),
            Target("toolkit:type_at_table", kind="own_work_group", actor="priya"),
        ],
        # (Adding an idea at a table is fuzzed through the note's targets, whose pages offer it too.)
        "toolkit.forms_day_two.IdeaForm": [Target("toolkit:change_idea", kind="own_idea", actor="priya")],
        "toolkit.forms_voting.VoteForm": [
            Target("toolkit:vote", kind="own_code", actor=None, setup="participant"),
            Target("toolkit:vote_for", kind="own_paper_participant", actor="priya"),
        ],
    }
)
# Views that read POST values without a form class, and GET views that read query parameters.
OTHER_TARGETS = [
    Target("profiles:decide_suggestion", kind="suggestion", actor="sam_user", page="profiles:edit", page_kind="person"),
    Target("profiles:move_statement", kind="statement", actor="sam_user", method="htmx", fields=("direction",)),
    Target("plainwords:check", kind="person", actor="sam_user", method="htmx", fields=("field", "text")),
    Target("plans:mark_done", kind="action", actor="aisha", method="htmx", fields=("detailed", "next")),
    Target("caseload:caseload", method="get"),
    Target("people:history", kind="person", method="get"),
    Target("plans:my_actions", actor="aisha", method="get"),
    Target("plans:progress", kind="action", method="get"),
    Target("profiles:add_statement", kind="person", actor="sam_user", method="get"),
    Target("profiles:photo_image", kind="person", method="get"),
    Target("profiles:print", kind="person", method="get"),
    Target("reviews:board_updates", kind="review", method="get"),
    Target("accounts:sign_in", actor=None, method="get"),
    # These render a PDF, a Word file or a zip for a valid query, a second or so each: 25 examples
    # through the view. Their query values are a version number or a flag, read by a few lines.
    Target("profiles:pdf", kind="person", method="get", examples=25),
    Target("profiles:docx", kind="person", method="get", examples=25),
    Target("privacy:subject_access", kind="person", method="get", examples=10),
    # The area review toolkit's setup: confirming a line's removal, and the live parts' queries.
    Target("toolkit:remove_prompt", kind="own_prompt", actor="priya"),
    Target("toolkit:remove_participant", kind="own_participant", actor="priya"),
    Target("toolkit:overview", kind="own_area_review", actor="priya", method="get"),
    Target("toolkit:room", kind="own_code", actor=None, setup="participant", method="get"),
    Target("toolkit:add_prompt", kind="own_step", actor="priya", method="get"),
]
OTHER_TARGETS += [
    # The area review toolkit, Day 1: removing a note, and the live parts' queries.
    Target("toolkit:remove_finding", kind="own_finding", actor="priya"),
    Target("toolkit:walk", kind="own_code", actor=None, setup="participant", method="get"),
    Target("toolkit:matrix", kind="own_area_review", actor="priya", method="get"),
]
OTHER_TARGETS += [
    # The area review toolkit, the strategy: a participant's read-only page and its live part.
    Target("toolkit:room_strategy", kind="own_code", actor=None, setup="participant", method="get"),
]
OTHER_TARGETS += [
    # The area review toolkit, Day 2 and dot voting: the timer's buttons, opening and closing voting,
    # and the live parts' queries.
    Target("toolkit:timer", kind="own_area_review", actor="priya", page="toolkit:tables"),
    Target("toolkit:voting", kind="own_area_review", actor="priya"),
    Target("toolkit:tables", kind="own_area_review", actor="priya", method="get"),
    Target("toolkit:my_table", kind="own_code", actor=None, setup="participant", method="get"),
    Target("toolkit:type_at_table", kind="own_work_group", actor="priya", method="get"),
    Target("toolkit:voting", kind="own_area_review", actor="priya", method="get"),
    Target("toolkit:vote", kind="own_code", actor=None, setup="participant", method="get"),
]
# Query parameters each GET view reads (its page shows no form for them).
QUERY_PARAMETERS = {
    "caseload:caseload": ["sort", "show", "all", "page"],
    "people:history": ["page"],
    "plans:my_actions": ["page", "show"],
    "plans:progress": ["next"],
    "profiles:add_statement": ["heading"],
    "profiles:photo_image": ["version"],
    "profiles:print": ["version", "draft"],
    "profiles:pdf": ["version", "draft"],
    "profiles:docx": ["version", "draft"],
    "reviews:board_updates": ["seen"],
    "privacy:subject_access": ["download"],
    "accounts:sign_in": ["ended", "next"],
    "profiles:compare": [],
    "toolkit:overview": ["live", "seen", "people"],
    "toolkit:room": ["live", "seen", "stage"],
    "toolkit:add_prompt": ["kind"],
}
QUERY_PARAMETERS.update(
    {"toolkit:walk": ["step", "for", "live", "seen", "notes"], "toolkit:matrix": ["live", "seen", "notes"]}
)
QUERY_PARAMETERS.update({"toolkit:room_strategy": ["live", "seen"]})
QUERY_PARAMETERS.update(
    {
        "toolkit:tables": ["live", "part", "seen", "table"],
        "toolkit:my_table": ["live", "part", "seen", "at", "change"],
        "toolkit:type_at_table": ["live", "part", "seen", "at", "table"],
        "toolkit:voting": ["live", "seen"],
        "toolkit:vote": ["live", "seen"],
    }
)
# Tables every request may write to (the audit trail, the session, sign-in attempts): a request that
# wrote only to these cannot have changed anything else, so the full comparison is skipped.
QUIET_TABLES = r"\b(audit_auditevent|django_session|accounts_signinattempt)\b"
# Values a form might choke on, besides generated text and numbers.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "None",
    "null",
    "true",
    "\x00",
    "\ufeff",
    "١٢",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%s%n",
    "{{ request }}",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "x" * 10_000,
    "Sam Example",
    "29",
    "31",
    "2",
    "2024",
    "9999",
    "0000",
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=400),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def forms_in_the_project():
    """Every form class defined in a ``forms*.py`` module of the project's own apps."""
    found = set()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != BASE_DIR:  # the project's own apps, not installed ones
            continue
        for module_info in pkgutil.iter_modules([config.path]):
            if not module_info.name.startswith("forms"):
                continue
            module = importlib.import_module(f"{config.name}.{module_info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, BaseForm) and cls.__module__ == module.__name__:
                    found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found - set(NOT_A_VIEWS_FORM)


def test_every_form_has_a_fuzz_target():
    missing = forms_in_the_project() - set(FORM_TARGETS)
    assert not missing, f"Add these forms to FORM_TARGETS in {__file__}: {sorted(missing)}"
    assert not set(FORM_TARGETS) - forms_in_the_project(), "FORM_TARGETS names a form that is gone"


class FormFields(HTMLParser):
    """The fields of each <form> on a page: name -> the values offered (options, hidden values)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "files": set()})
            return
        if not self.forms or tag not in ("input", "select", "textarea", "option", "button"):
            return
        fields = self.forms[-1]["fields"]
        if tag == "option" and self._select:
            fields[self._select].add(attrs.get("value", ""))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        values = fields.setdefault(name, set())
        if tag == "select":
            self._select = name
        elif attrs.get("type") == "file":
            self.forms[-1]["files"].add(name)
        elif "value" in attrs:
            values.add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def fields_of(page_html, post_path, page_path):
    parser = FormFields()
    parser.feed(page_html)
    chosen = [f for f in parser.forms if (urlsplit(f["action"]).path or page_path) == post_path]
    assert chosen, f"no <form> posting to {post_path} on {page_path}"
    fields, files = {}, set()
    for form in chosen:
        for name, values in form["fields"].items():
            fields.setdefault(name, set()).update(values)
        files |= form["files"]
    return {name: sorted(values) for name, values in fields.items()}, files


def value_for(name, offered):
    choices = [st.sampled_from(offered)] if offered else []
    if re.search(r"_(day|month|year)$", name):
        choices.append(st.integers(min_value=-3, max_value=10_001).map(str))
    if offered and len(offered) > 1:
        choices.append(st.lists(st.sampled_from(offered), max_size=len(offered)))
    return st.one_of(*choices, text)


def upload_for():
    return st.one_of(
        st.just(PNG),
        st.binary(max_size=3000),
        st.binary(max_size=200).map(lambda junk: PNG[:40] + junk),
    ).map(lambda data: SimpleUploadedFile("photo.png", data, content_type="image/png"))


def inputs_for(fields, files):
    optional = {name: value_for(name, offered) for name, offered in fields.items() if name not in files}
    optional.update({name: upload_for() for name in files})
    optional["unexpected"] = text  # a field no form has
    return st.fixed_dictionaries({}, optional=optional)


@pytest.fixture
def world(area):
    """Sam's records (with markers) to fill the forms' URLs; Leah's and everyone's accounts to stay."""
    sam = plant(area, area.sam, "SAM")
    leah = plant(area, area.leah, "LEAH")
    earlier = ReviewFactory(person=area.sam, meeting_date=timezone.localdate() - datetime.timedelta(days=90))
    Outcome.objects.create(plan=earlier.action_plan, text="Swim a length", created_by=area.green)
    ActionFactory(plan=earlier.action_plan, owner=area.aisha, what="Book swimming lessons")
    publish_profile(Profile.objects.get(person=area.sam), by=area.sam_user)  # two versions to compare
    # Something for the review statement to be merged with on the meeting board (or there is no form).
    StatementFactory(review_id=sam.ids["review"], author=area.patel, question="working", text="Lunch club")
    records.sign_off(earlier, by=area.green, next_review_date=timezone.localdate() + datetime.timedelta(days=30))
    invitation = Invitation(person=area.sam, email="new.carer@family.example", name="New", relationship="other")
    invitation.invited_by = area.green
    join_token = invitation.new_token()
    invitation.save()
    aisha = CircleMember.objects.get(person=area.sam, user=area.aisha).pk  # the person's own place is not to limit
    ids = dict(sam.ids, signed_off_review=earlier.pk, leah=area.leah.pk, circle_member=aisha)
    # Riverside's own review of its planning (the toolkit), which Priya runs: kinds "own_...".
    own = area_review(area.council, "RIVERSIDE")
    ids.update({f"own_{kind}": pk for kind, pk in own.ids.items()})
    area.toolkit_participant = own.ids["participant"]
    tokens = {
        "join": {"token": join_token},
        "own_code": {"code": own.code},  # a participant's pages of Riverside's review
        "reset": {
            "uidb64": urlsafe_base64_encode(force_bytes(area.aisha.pk)),
            "token": default_token_generator.make_token(area.aisha),
        },
    }
    return {
        "sam": sam.person,
        "area": area,
        "ids": ids,
        "tokens": tokens,
        "leah": leah.person,
        "earlier": earlier,
        "user_ids": list(User.objects.values_list("pk", flat=True)),  # a joining visitor makes a new one
    }


def _has_an_app(area, actor, client):
    from ourplan.tests.two_step import app_for

    app_for(actor)  # a family member who turned two-step sign-in on, signed in with the password only


def _typed_password_again(area, actor, client):
    from accounts.two_step import CONFIRMED_AT

    session = client.session
    session[CONFIRMED_AT] = timezone.now().timestamp()
    session.save()


def _legal_hold(area, actor, client):
    from privacy import operations

    operations.place_legal_hold(area.sam, by=area.green, reason="A tribunal appeal")
    _typed_password_again(area, actor, client)  # lifting it asks for the password again


def _participant(area, actor, client):
    """The browser session is someone who joined Riverside's area review with its code."""
    from audit.access import PARTICIPANT_SESSION_KEY
    from toolkit.models import Participant

    participant = Participant.objects.get(pk=area.toolkit_participant)
    session = client.session
    session[PARTICIPANT_SESSION_KEY] = {str(participant.review_id): participant.pk}
    session.save()


SETUPS = {
    "participant": _participant,
    "has_an_app": _has_an_app,
    "typed_password_again": _typed_password_again,
    "legal_hold": _legal_hold,
}


def url_of(target, name, world, kind=None):
    kind = kind or target.kind
    if kind in world["tokens"]:
        kwargs = dict(world["tokens"][kind])
    elif kind:
        kwargs = {"pk": world["ids"][kind], **dict(target.kwargs)}
    else:
        kwargs = dict(target.kwargs)
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:  # a page about no one in particular, such as "My actions"
        return reverse(name)


def everything_else(world, actor, target):
    """What no form of this target may change: Leah's records, other accounts, the earlier review."""
    from plans.models import Action
    from reviews.models import Review, Statement

    earlier = world["earlier"]
    users = User.objects.filter(pk__in=world["user_ids"]).exclude(pk=getattr(actor, "pk", None)).order_by("pk")
    if target.kind == "reset":  # the reset link is Aisha's: choosing her new password is its job
        users = users.exclude(pk=world["area"].aisha.pk)
    return (
        snapshot(world["sam"] if target.kind == "leah" else world["leah"], with_terms=False),
        list(users.values_list("pk", "email", "name", "password", "is_active", "session_token")),
        list(Review.objects.filter(pk=earlier.pk).values_list()),
        list(Statement.objects.filter(review=earlier).values_list()),
        list(Outcome.objects.filter(plan__review=earlier).values_list()),
        list(Action.objects.filter(plan__review=earlier).values_list()),
    )


def as_query(data):
    """Generated form data as Django holds a request's: (QueryDict of values, MultiValueDict of files)."""
    values, uploads = QueryDict(mutable=True), MultiValueDict()
    for name, value in data.items():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            uploads[name] = value
        else:
            values.setlist(name, value if isinstance(value, list) else [value])
    return values, uploads


def all_targets():
    for form, targets in FORM_TARGETS.items():
        for target in targets:
            target.form = form
            marks = [pytest.mark.xfail(reason=target.known_bug, strict=False)] if target.known_bug else []
            yield pytest.param(target, id=f"{target.method} {target.url} ({form.rsplit('.', 1)[1]})", marks=marks)
    for target in OTHER_TARGETS:
        yield pytest.param(target, id=f"{target.method} {target.url}")


@pytest.mark.parametrize("target", list(all_targets()))
def test_generated_input_gives_no_server_error_and_changes_nothing_else(world, client, target, monkeypatch):
    area = world["area"]
    actor = getattr(area, target.actor) if target.actor else None
    url = url_of(target, target.url, world)
    if actor:
        actor.refresh_from_db()  # as it is now: the world changed some passwords
        if target.setup == "has_an_app":
            SETUPS[target.setup](area, actor, client)
        client.force_login(actor)
    if target.setup and target.setup != "has_an_app":
        SETUPS[target.setup](area, actor, client)
    page_url = url_of(target, target.page, world, target.page_kind) if target.page else url
    page = client.get(page_url)
    if page.status_code == 302 and target.kind == "reset":  # Django's reset link moves its token to the session
        page_url = url = page["Location"]
        page = client.get(page_url)
    fields, files = {name: [] for name in target.fields + tuple(QUERY_PARAMETERS.get(target.url, ()))}, set()
    if target.method == "post" or target.form:  # the fields of its <form>, as a browser sees them
        assert page.status_code == 200, f"{page_url} gave {page.status_code} to {actor}"
        found, files = fields_of(page.content.decode(), urlsplit(url).path, urlsplit(page_url).path)
        fields.update(found)
    before = everything_else(world, actor, target)

    bound = {}
    full_clean = BaseForm.full_clean

    def recording_full_clean(form):
        # By class name: forms made by a function (earlier_outcomes_form) have their module's name wrong.
        bound.setdefault(type(form).__name__, form)
        return full_clean(form)

    monkeypatch.setattr(BaseForm, "full_clean", recording_full_clean)
    wrote = []

    def note_writes(execute, sql, params, many, context):
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", sql, re.I) and not re.search(QUIET_TABLES, sql):
            wrote.append(sql)
        return execute(sql, params, many, context)

    inputs = inputs_for(fields, files)
    sent = []

    @settings(max_examples=min(target.examples or VIEW_EXAMPLES, VIEW_EXAMPLES))
    @given(data=inputs)
    def send(data):
        sent.append(1)
        cache.clear()
        wrote.clear()
        with transaction.atomic(), connection.execute_wrapper(note_writes):
            if target.method == "get":
                response = client.get(url, data)
            else:
                response = client.post(url, data, headers={"HX-Request": "true"} if target.method == "htmx" else {})
            status = response.status_code
            assert status < 500, f"{target.method.upper()} {url} {data!r} gave {status}"
            if status in (301, 302, 303, 307, 308):
                location = urlsplit(response["Location"])
                assert not location.netloc or location.netloc == "testserver", f"redirected off the site: {location}"
            if wrote:  # only a request that wrote something can have changed something else
                assert everything_else(world, actor, target) == before, f"{data!r} changed something else"
            transaction.set_rollback(True)

    send()
    assert sent, "no inputs were generated"
    if not target.form:
        return
    name = target.form.rsplit(".", 1)[1]
    assert name in bound, f"{url} did not bind {target.form} (bound: {sorted(bound)})"

    # Then FORM_EXAMPLES (200 in CI) inputs straight into the form class, built with what the
    # view passed it (its person, plan or review), each cleaned and rendered with its errors.
    used_by_the_view = bound[name]

    @settings(max_examples=FORM_EXAMPLES)
    @given(data=inputs)
    def clean(data):
        form = copy.copy(used_by_the_view)
        form.data, form.files = as_query(data)
        form.is_bound, form._errors = True, None
        form.fields = copy.deepcopy(used_by_the_view.fields)
        with transaction.atomic():
            form.is_valid()
            str(form)
            transaction.set_rollback(True)

    clean()
