"""Who may do what with a person's data: decided here, and only here, and recorded here.

Views get person-scoped objects only through the ``*_for`` helpers below. Each one returns the
object, with what the page needs already joined, or raises ``Http404`` (so an outsider cannot even
learn that the person exists), and records an audit event either way. Deny by default: anyone who is
not the person's coordinator or in their circle has no standing at all, and a local authority's
planning lead never sees a person, whatever else they are.
"""

import contextlib
import enum
import functools
import sqlite3
import threading
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Membership, Organisation
from audit.models import AuditEvent
from insights.models import Theme
from people import consent, versions
from people.models import ALL_SECTIONS, CircleMember, Invitation, Person, Section
from plainwords.models import Term
from plans.models import Action, Outcome
from profiles.models import ProfileStatement, ShareLink, Suggestion, hash_share_token
from reviews.models import Invitee, Review, Statement
from toolkit.models import AreaReview, Participant, StrategyAction


class Can(enum.Enum):
    VIEW = "view"  # the person's page, profile, reviews and plan
    CONTRIBUTE = "contribute"  # add their views to a review
    EDIT_PROFILE = "edit_profile"  # the profile's author: write it, decide on suggestions, publish
    SUGGEST = "suggest"  # everyone else in the circle: suggest statements for the profile
    SHARE_PROFILE = "share_profile"  # the author and the coordinator: share links to the profile
    PERSONS_OWN_VIEWS = "persons_own_views"  # the young person's own views: theirs, or written down with them
    MANAGE = "manage"  # coordinator: the person's details, circle, reviews, actions, audit trail


CIRCLE_POWERS = frozenset({Can.VIEW, Can.CONTRIBUTE})
AUTHOR_POWERS = frozenset({Can.EDIT_PROFILE, Can.SHARE_PROFILE})
COORDINATOR_POWERS = frozenset(Can) - {Can.EDIT_PROFILE, Can.SUGGEST}
# Besides the person themselves, who may write down the young person's own views with them
# ("They told me…"): their coordinator, or a parent, carer or member of school staff in their circle.
HELPERS = frozenset({CircleMember.Relationship.PARENT_CARER, CircleMember.Relationship.SCHOOL})


@dataclass(frozen=True)
class Standing:
    """A user's place in one person's planning, and what that lets them do."""

    role: str
    powers: frozenset
    circle_member: CircleMember | None = None
    sections: frozenset = ALL_SECTIONS  # the parts of the plan they may see (``people.models.Section``)

    def allows(self, can):
        return can in self.powers

    def sees(self, section):
        return section in self.sections


NO_STANDING = Standing(role="not in the circle", powers=frozenset())


def standing(user, person):
    """What ``user`` may do with ``person``'s data. Cached per user and person for one request."""
    if not (user and user.is_authenticated and user.is_active):
        return NO_STANDING
    cache = getattr(user, "_ourplan_standing", None)
    if cache is None:
        cache = {}
        user._ourplan_standing = cache
    if person.pk in cache:
        return cache[person.pk]
    member = None if is_planning_lead(user) else next((m for m in circle_of(person) if m.user_id == user.pk), None)
    if is_planning_lead(user):
        result = Standing(role="planning lead", powers=frozenset())
    elif person.coordinator_id == user.pk or member is not None:
        is_author = user.pk in profile_authors(person)
        if person.coordinator_id == user.pk:
            role, powers = "coordinator", COORDINATOR_POWERS
        else:
            role, powers = member.get_relationship_display().lower(), CIRCLE_POWERS
        powers = powers | (AUTHOR_POWERS if is_author else {Can.SUGGEST})
        if member is not None and (member.relationship in HELPERS or member.is_the_person):
            powers = powers | {Can.PERSONS_OWN_VIEWS}
        # The coordinator and the person themselves always see everything; anyone else what the
        # coordinator (or the young person, once they decide) allowed them (people.consent).
        sections = ALL_SECTIONS
        if role != "coordinator" and not member.is_the_person:
            sections = frozenset(member.sections)
        result = Standing(role=role, powers=frozenset(powers), circle_member=member, sections=sections)
    else:
        result = NO_STANDING
    cache[person.pk] = result
    return result


def circle_of(person):
    """The person's circle with each member's account, loaded once per person object."""
    circle = getattr(person, "_ourplan_circle", None)
    if circle is None:
        circle = list(CircleMember.objects.filter(person=person).select_related("user"))
        person._ourplan_circle = circle
    return circle


def is_the_person(user, person):
    """Whether ``user`` is ``person`` themselves (in their circle as the person)."""
    member = standing(user, person).circle_member
    return member is not None and member.is_the_person


def own_accounts(person):
    """The ids of the accounts that are ``person`` themselves (from their circle, loaded once)."""
    return {m.user_id for m in circle_of(person) if m.is_the_person}


def profile_authors(person):
    """The ids of whoever writes ``person``'s one-page profile. It belongs to the person: the young
    person, when they are in their circle; otherwise (a young child) their parents or carers;
    otherwise, until one of them joins, the coordinator writes it with them."""
    circle = circle_of(person)
    for relationship in (CircleMember.Relationship.SELF, CircleMember.Relationship.PARENT_CARER):
        authors = {m.user_id for m in circle if m.relationship == relationship and m.user.is_active}
        if authors:
            return authors
    return {person.coordinator_id}


def is_planning_lead(user):
    """Whether ``user`` is a local authority planning lead. The sign-in backend
    (``accounts.backends``) works this out with the user, so it usually costs no query."""
    cached = getattr(user, "_is_planning_lead", None)
    if cached is None:
        cached = Membership.objects.filter(user=user, role=Membership.Role.PLANNING_LEAD).exists()
        user._is_planning_lead = cached
    return cached


def planning_lead_areas(request, what="area figures"):
    """The local authority areas whose figures ``request.user`` may see, as a planning lead there
    (``insights``); anyone else is refused (``PermissionDenied``, recorded). These views show counts
    that have passed disclosure control, never a person, so no person is named in the record."""
    areas = [
        m.organisation
        for m in Membership.objects.filter(
            user=request.user if request.user.is_authenticated else None,
            role=Membership.Role.PLANNING_LEAD,
            organisation__kind=Organisation.Kind.LOCAL_AUTHORITY,
        ).select_related("organisation")
    ]
    if not areas:
        record(request, None, AuditEvent.Action.REFUSED, what, role="not a planning lead")
        raise PermissionDenied
    return areas


def planning_lead_area(request, what="area figures"):
    """The one local authority area a planning lead works for (the first, by name, if several)."""
    return sorted(planning_lead_areas(request, what), key=lambda area: area.name)[0]


def can(user, person, power):
    """For templates and menus: whether ``user`` may do ``power`` with ``person``. Records nothing."""
    return standing(user, person).allows(power)


def sees(user, person, section):
    """For templates and menus: whether ``user`` may see ``section`` of ``person``'s plan."""
    return standing(user, person).sees(section)


def may_be_emailed(person, section, *, user_id=None, email=""):
    """Whether an email about ``section`` of ``person``'s plan may go to this account, or to this
    address (someone invited before they had an account): never to a circle member who may not see
    that part (``people.consent``). Someone outside the circle is not refused here: the page the
    email links to decides what they may open. No query beyond the circle, loaded once per person."""
    email = email.lower()
    for member in circle_of(person):
        if member.user_id != user_id and not (email and member.user.email.lower() == email):
            continue
        if not (member.is_the_person or member.user_id == person.coordinator_id or section in member.sections):
            return False
    return True


# Which part of a person's plan each page shows, for a circle member who may see only some parts
# (people.consent). A page is looked up by its URL name, then its app's namespace; a page in
# neither is refused to anyone who does not see everything (deny by default). The person's own
# page and circle are seen by everyone in it, and the person page leaves out what they may not see.
SECTIONS_OF_NAMESPACE = {
    "people": frozenset(),
    "plainwords": frozenset(),  # the plain words check shows nothing held about the person
    "profiles": frozenset({Section.PROFILE}),
    "reviews": frozenset({Section.REVIEWS}),
    "plans": frozenset({Section.PLAN}),
}
# A page lists every part it cannot do without. Pages that show other parts as well leave those
# blocks out for someone who may not see them (``Standing.sees``): the review page and the meeting
# board leave out the profile and what was agreed; the record and Section A leave out the profile,
# everyone's views and the plan. A download that cannot leave a part out needs every part it shows.
_RECORDS = frozenset({Section.RECORDS})
SECTIONS_OF_VIEW = {
    **{
        name: _RECORDS
        for name in (
            "reviews:record",
            "reviews:add_amendment",
            "reviews:section_a",
        )
    },
    # The PDF and the Word files show the record (or Section A) whole.
    "reviews:record_pdf": ALL_SECTIONS,
    "reviews:record_docx": ALL_SECTIONS,
    "reviews:section_a_docx": ALL_SECTIONS,
    # Checking and signing off the record shows it whole, as it will be locked.
    "reviews:sign_off": ALL_SECTIONS,
    # Capturing what the meeting agreed is writing the action plan.
    "reviews:board_add_outcome": frozenset({Section.REVIEWS, Section.PLAN}),
    "reviews:board_add_action": frozenset({Section.REVIEWS, Section.PLAN}),
    # Tagging what was said in a review with themes shows that review's statements, nothing more.
    "insights:review_themes": frozenset({Section.REVIEWS}),
}
# Changes whose words say something about who may see what, or about the young person's capacity
# to decide it: on the person page's "what has happened" they are told in full only to those who
# see every part of the plan.
SECTIONS_OF_CHANGE = {
    name: ALL_SECTIONS
    for name in (
        "people:member_access",
        "people:confirm_access",
        "people:capacity",
        "people:can_decide_again",
    )
}


def sections_needed(request):
    """The parts of the plan the page being asked for shows (see ``SECTIONS_OF_VIEW``)."""
    return _sections_of_match(getattr(request, "resolver_match", None))


def _sections_of_match(match, table=None):
    if match is None:
        return ALL_SECTIONS
    for names in (table or {}, SECTIONS_OF_VIEW):
        if match.view_name in names:
            return names[match.view_name]
    return SECTIONS_OF_NAMESPACE.get(match.namespace, ALL_SECTIONS)


def sections_of_change(event):
    """The parts of the plan an audit event's words may tell of, worked out from the page it was
    recorded on (its ``path``): a change made on the action plan's pages tells of the plan, one
    made on the meeting board of the reviews and the plan, and so on. A change recorded outside a
    page (a background job, the demo loader), or on a page that is not known, tells of every part."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    path = urlsplit(event.path or "").path
    if not path:
        return ALL_SECTIONS
    try:
        match = resolve(path)
    except Resolver404:
        return ALL_SECTIONS
    return _sections_of_match(match, SECTIONS_OF_CHANGE)


def changes_seen_by(user, person, events):
    """``events`` (changes to ``person``'s plan) as a list, each with ``shown`` set: whether
    ``user`` may read its words, because they may see every part of the plan it tells of
    (``sections_of_change``). The person page lists the others without their words. Records nothing."""
    who = standing(user, person)
    events = list(events)
    for event in events:
        event.shown = who.sections == ALL_SECTIONS or sections_of_change(event) <= who.sections
    return events


def _sees_page(request, who):
    return sections_needed(request) <= who.sections


def sees_working_copy(user, person):
    """Whether ``user`` sees the profile as it is being written (its author and the coordinator);
    everyone else in the circle sees the latest published version."""
    who = standing(user, person)
    return who.allows(Can.EDIT_PROFILE) or who.allows(Can.MANAGE)


def may_add_people(user):
    """Coordinators start people's planning; a planning lead never does, whatever else they are."""
    return user.is_authenticated and user.can_add_people and not is_planning_lead(user)


def require_coordinator(request):
    """Raise ``PermissionDenied`` unless the user may add people."""
    if not may_add_people(request.user):
        raise PermissionDenied


def organisations_coordinated_by(request):
    """The organisations ``request.user`` is a coordinator in (for their organisation's own lists,
    such as plain words), by name; ``PermissionDenied`` for anyone who is not a coordinator."""
    require_coordinator(request)
    return list(
        Organisation.objects.filter(
            memberships__user=request.user, memberships__role=Membership.Role.COORDINATOR
        ).order_by("name")
    )


def term_for(request, pk, what="a word on an organisation's plain words list"):
    """A word ``request.user`` may change: on the list of an organisation they coordinate in.
    Built-in words and other organisations' words are ``Http404``, and the refusal is recorded."""
    term = get_object_or_404(Term.objects.select_related("organisation"), pk=pk)
    if term.organisation not in organisations_coordinated_by(request):
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    return term


def _lists_people(user):
    """Whether ``user`` may see anyone in lists at all: an active account that is not a planning lead."""
    return user.is_authenticated and user.is_active and not is_planning_lead(user)


def people_visible_to(user):
    """The people whose names ``user`` may see in lists: those they coordinate or are in the circle
    of (``people_planning_with``), for an active account that is not a planning lead."""
    if not _lists_people(user):
        return Person.objects.none()
    return people_planning_with(user)


def people_visible_to_fingerprint(user):
    """``versions.fingerprint(people_visible_to(user))``, for a page kept for those people's
    records versions; the query is built once in each process (``versions.fingerprint_for``)."""
    if not _lists_people(user):
        return versions.NOBODY
    return versions.fingerprint_for(people_planning_with, user)


def people_planning_with(user):
    """The people ``user`` (an account, or its id) coordinates or is in the circle of, whatever they may see now: for
    work that follows the account rather than its access (its new name on those people's pages).
    ``people_visible_to`` is the one for showing them. A subquery of their circle places rather than
    a join: the database looks both up by index (no DISTINCT, and no pass over every person in the
    area, which the join's OR made)."""
    in_circle = CircleMember.objects.filter(user=user).values("person_id")
    return Person.objects.filter(Q(coordinator=user) | Q(pk__in=in_circle))


def actions_owned_by(user):
    """The actions ``user`` owns about people whose planning they are still part of (as their
    coordinator or in their circle); never for a planning lead. Records nothing: a page listing
    them records its look with ``record_list_view`` (their people)."""
    if not _lists_people(user):
        return Action.objects.none()
    # Not the actions of someone whose action plan they may no longer see (people.consent). Both
    # are subqueries the database works out once, not once for each action.
    plan_withheld = CircleMember.objects.filter(
        user=user, withheld_sections__icontains=f'"{Section.PLAN.value}"'
    ).values("person_id")
    people = people_visible_to(user).exclude(pk__in=plan_withheld)
    return Action.objects.filter(owner=user, plan__review__person__in=people)


def reviews_withheld_from(user, person_field="person"):
    """For ``Exists(...)`` in a query of reviews (``person_field`` naming their person): ``user``'s
    place in the circle of a person whose reviews they may not see (``people.consent``)."""
    return CircleMember.objects.filter(
        person=OuterRef(person_field), user=user, withheld_sections__icontains=f'"{Section.REVIEWS.value}"'
    )


def caseload_of(user):
    """The people ``user`` coordinates (none for anyone who is not a coordinator of someone).
    Records nothing: the caseload page records its look with ``record_list_view``."""
    if not _lists_people(user):
        return Person.objects.none()
    return _coordinated_by(user)


def _coordinated_by(user):
    """The people ``user`` (an account, or its id) coordinates."""
    return Person.objects.filter(coordinator=user)


def caseload_fingerprint(user):
    """``versions.fingerprint(caseload_of(user))``, built like ``people_visible_to_fingerprint``."""
    if not _lists_people(user):
        return versions.NOBODY
    return versions.fingerprint_for(_coordinated_by, user)


def _client_ip(request):
    """Where the request came from. Behind a proxy, the address the proxy saw, which is the last
    X-Forwarded-For entry: earlier entries are whatever the browser claimed."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def record(request, person, action, what, role=None):
    """Write one audit event. Public so that views can record the changes they make."""
    user = request.user if request.user.is_authenticated else None
    if role is None:
        role = standing(request.user, person).role if person is not None else ""
    _insert_events(
        [(user, user.email if user else "anonymous visitor", role, action, what, person)],
        ip_address=_client_ip(request),
        path=_recorded_path(request),
    )
    if action == AuditEvent.Action.CHANGED and person is not None:
        versions.bump([person.pk])  # what a page kept of their records is made again (people.versions)


def record_account_event(request, user, action, what):
    """Write one audit event about an account rather than a person: a sign-in, a failed one (for
    the account whose email address was typed, if there is one), or a change to how someone signs
    in. Never the password or code typed."""
    _insert_events(
        [(user, user.email if user else "no account with the email address typed", "", action, what, None)],
        ip_address=_client_ip(request),
        path=_recorded_path(request),
    )


def account_events(user, limit=20):
    """The latest sign-ins and sign-in changes of ``user``'s own account, for them to check."""
    return AuditEvent.objects.account_events().filter(user=user)[:limit]


# Pages whose address holds a secret (the link is the permission): the audit log keeps which page
# it was, never the secret.
SECRET_IN_PATH = {
    "people:join": "/join/[secret link]/",
    "accounts:confirm_email_change": "/accounts/account/email/confirm/[secret link]/",
}


def _recorded_path(request):
    """The page's address for the audit log, with any secret in it left out."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in SECRET_IN_PATH:
        return SECRET_IN_PATH[match.view_name]
    return request.get_full_path()[:500]


class Listed(NamedTuple):
    """A person as a list kept in memory shows them, for ``record_list_view``: only their id and
    their coordinator's (cheaper than a model instance for each of fifty rows)."""

    pk: int
    coordinator_id: int | None


def record_list_view(request, people, what):
    """Record that ``request.user`` saw each of ``people`` in a list: one statement, however many.
    ``people`` are ``Person``s or ``Listed``s.

    Only people from ``people_visible_to(user)`` belong here, so the role needs no lookup."""
    user = request.user
    _record_looks(
        people,
        user=user,
        user_label=user.email,
        role_of=lambda person: "coordinator" if person.coordinator_id == user.pk else "in the circle",
        what=what,
        ip_address=_client_ip(request),
        path=_recorded_path(request),
    )


def _record_looks(people, *, user, user_label, role_of, what, ip_address, path):
    """One "looked at" event per person, written in one statement (``_insert_events``)."""
    _insert_events(
        [(user, user_label, role_of(person), AuditEvent.Action.VIEWED, what, person) for person in people],
        ip_address=ip_address,
        path=path,
    )


def _insert_events(events, *, ip_address, path):
    """Write audit events, each ``(user or None, user_label, role, action, what, person or None)``,
    in one INSERT of many rows (below): cheaper than making a model for each (``record`` runs on
    every page about a person, and a list writes one for each person it shows). The same columns as
    ``AuditEvent.objects.create`` would write."""
    ops = connection.ops
    at = ops.adapt_datetimefield_value(timezone.now())
    ip_address = ops.adapt_ipaddressfield_value(ip_address)
    path = path[:500]
    rows = [
        (at, user.pk if user else None, user_label[:254], role, str(action), str(what)[:300])
        + (person.pk if person is not None else None, ip_address, path)
        for user, user_label, role, action, what, person in events
    ]
    if not rows:
        return
    # As few statements as the database's limit on parameters allows: one, but for thousands of
    # rows. One statement is a transaction of its own, all or nothing, so only a longer list needs
    # one around its statements. Each statement, transaction or lock a thread waits on lets the
    # process's other threads run, and the thread then waits for them to give the interpreter
    # back (up to 5 ms each, on a busy server), so a list's events are written with as few of them
    # as can be: a statement for each row, in a transaction, had a caseload's look take 20 ms or
    # more of waiting under load, while SQLite's own work took about 1 ms.
    most = _most_parameters()
    per_statement = most // len(_EVENT_COLUMNS) if most else len(rows)
    statements = [
        (_insert_sql(connection.vendor, len(some)), [value for row in some for value in row])
        for some in (rows[start : start + per_statement] for start in range(0, len(rows), per_statement))
    ]
    standalone = connection.get_autocommit()
    atomic = transaction.atomic() if standalone and len(statements) > 1 else contextlib.nullcontext()
    # SQLite lets one connection write at a time and has the others poll for their turn, sleeping
    # 1, 2, 5, 10 ms and longer between tries; threads of this process wait on a lock of their
    # own instead, and each starts the moment the one before has finished.
    queue = _SQLITE_WRITERS if standalone and connection.vendor == "sqlite" else contextlib.nullcontext()
    with queue, atomic, connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


_SQLITE_WRITERS = threading.Lock()


def _most_parameters():
    """How many parameters one statement may have (None: no limit). SQLite's own limit, which
    Django takes to be 999, the default of versions before 3.32 (2020); 32,766 since."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65_535  # PostgreSQL's, with parameters bound by the server


_EVENT_COLUMNS = ("at", "user_id", "user_label", "role", "action", "what", "person_id", "ip_address", "path")


def _insert_sql(vendor, count):
    """An INSERT of ``count`` audit events (``_EVENT_COLUMNS``), every value a parameter; the text
    for a page's worth of rows or fewer is made once."""
    return _short_insert_sql(vendor, count) if count <= 200 else _make_insert_sql(count)


@functools.lru_cache(maxsize=200)
def _short_insert_sql(vendor, count):
    return _make_insert_sql(count)


def _make_insert_sql(count):
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(_EVENT_COLUMNS)) + ")"
    # Only the table's and columns' own names (quoted) go into the text; every value is a parameter.
    return "INSERT INTO {table} ({columns}) VALUES {rows}".format(  # nosec B608
        table=quote(AuditEvent._meta.db_table),
        columns=", ".join(quote(column) for column in _EVENT_COLUMNS),
        rows=", ".join([row] * count),
    )


def record_change(request, person, what):
    """Record that ``request.user`` changed ``person``'s data; ``what`` is a short plain sentence."""
    record(request, person, AuditEvent.Action.CHANGED, what)


def _check(request, person, power, what, shows_data=True):
    who = standing(request.user, person)
    if not (who.allows(power) and _sees_page(request, who)):
        record(request, person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    # Recorded for a POST too: a form shown again with its errors shows the person's data again.
    if shows_data:
        record(request, person, AuditEvent.Action.VIEWED, what)


def person_for(request, pk, power, what="their page", shows_data=True):
    """The person ``pk`` if ``request.user`` may do ``power`` with them, else ``Http404``.

    ``shows_data=False`` is only for answers that show nothing held about the person (such as the
    plain words check of text being typed): a refusal is still recorded, a permitted call is not,
    so the person's history is not crowded with every pause in someone's typing."""
    person = get_object_or_404(
        Person.objects.select_related("setting", "coordinator", "local_authority", "profile"), pk=pk
    )
    _check(request, person, power, what, shows_data)
    return person


def review_for(request, pk, power, what="a review", shows_data=True):
    """A review if ``power`` allows it over its person. ``shows_data=False`` as for ``person_for``:
    only for an answer that may show nothing (the meeting board's "anything new?"), which then
    records its look with ``record_look`` when it does show something."""
    review = get_object_or_404(
        Review.objects.select_related("person__setting", "person__coordinator", "person__local_authority"), pk=pk
    )
    _check(request, review.person, power, what, shows_data)
    return review


def record_look(request, person, what):
    """Record a look at ``person``'s data allowed earlier in the same request (see ``review_for``)."""
    record(request, person, AuditEvent.Action.VIEWED, what)


def runs_the_meeting(user, review):
    """Whether ``user`` runs ``review``'s meeting board: its facilitator, while in the circle, or
    the coordinator. They add, change, merge and move anyone's statements, record who took part,
    capture outcomes and actions, and sign off the record. Records nothing."""
    who = standing(user, review.person)
    return who.allows(Can.MANAGE) or (review.facilitator_id == user.pk and who.allows(Can.CONTRIBUTE))


def meeting_review_for(request, pk, what="the meeting board of a review"):
    """A review whose meeting ``request.user`` runs (see ``runs_the_meeting``), else ``Http404``."""
    review = get_object_or_404(
        Review.objects.select_related("person__setting", "person__coordinator", "person__local_authority"), pk=pk
    )
    if not (runs_the_meeting(request.user, review) and _sees_page(request, standing(request.user, review.person))):
        record(request, review.person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record(request, review.person, AuditEvent.Action.VIEWED, what)
    return review


def may_change_statement(user, statement):
    """Whoever runs the meeting changes any statement; others only their own. Records nothing."""
    review = statement.review
    if runs_the_meeting(user, review):
        return True
    return statement.author_id == user.pk and standing(user, review.person).allows(Can.CONTRIBUTE)


def review_statement_for(request, pk, what="a statement in a review", to_merge=False):
    """A sent statement of a review that ``request.user`` may change (``may_change_statement``);
    ``to_merge``: merging statements is only for whoever runs the meeting."""
    statement = get_object_or_404(
        Statement.objects.select_related(
            "review__person__setting", "review__person__coordinator", "review__person__local_authority", "author"
        ).filter(draft=False, merged_into=None),
        pk=pk,
    )
    person = statement.review.person
    allowed = (
        runs_the_meeting(request.user, statement.review) if to_merge else may_change_statement(request.user, statement)
    )
    if not (allowed and _sees_page(request, standing(request.user, person))):
        record(request, person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record(request, person, AuditEvent.Action.VIEWED, what)
    return statement


def may_mark_done(user, person, action):
    """An action's owner, while still in the circle, or the coordinator may mark it done."""
    who = standing(user, person)
    return who.allows(Can.MANAGE) or (action.owner_id == user.pk and who.allows(Can.VIEW))


def with_done_buttons(user, person, actions):
    """The actions as a list, each with ``can_mark_done`` set for ``user``. Records nothing."""
    actions = list(actions)
    for action in actions:
        action.can_mark_done = not action.is_done and may_mark_done(user, person, action)
    return actions


def action_for(request, pk, power=None, what="an action"):
    """An action its owner may update, or that ``power`` allows over its person."""
    action = get_object_or_404(Action.objects.select_related("plan__review__person", "owner"), pk=pk)
    person = action.plan.review.person
    if power is None:
        if not (may_mark_done(request.user, person, action) and _sees_page(request, standing(request.user, person))):
            record(request, person, AuditEvent.Action.REFUSED, what)
            raise Http404("Not found")
        return action
    _check(request, person, power, what)
    return action


def outcome_for(request, pk, power=Can.MANAGE, what="an outcome in an action plan"):
    """An outcome of a person's action plan, if ``power`` allows it over that person."""
    outcome = get_object_or_404(
        Outcome.objects.select_related(
            "plan__review__person__setting",
            "plan__review__person__coordinator",
            "plan__review__person__local_authority",
        ),
        pk=pk,
    )
    _check(request, outcome.plan.review.person, power, what)
    return outcome


def invitee_for(request, pk, what="someone invited to a review"):
    """Someone invited to a review, if ``request.user`` may manage that review."""
    invitee = get_object_or_404(
        Invitee.objects.select_related(
            "review__person__setting", "review__person__coordinator", "review__person__local_authority"
        ),
        pk=pk,
    )
    _check(request, invitee.review.person, Can.MANAGE, what)
    return invitee


def decides_access(user, person):
    """Whether ``user`` decides what the members of ``person``'s circle may see: the young person
    themselves once they are the decision-maker (``people.consent.who_decides``), and the
    coordinator (who, while the young person decides, may only limit or stop access)."""
    who = standing(user, person)
    if who.allows(Can.MANAGE):
        return True
    return is_the_person(user, person) and consent.who_decides(person, circle_of(person)).young_person_decides


def circle_member_for(request, pk, what="what someone in the circle may see"):
    """A member of a person's circle whose access ``request.user`` decides (``decides_access``),
    else ``Http404``. Never the person themselves or their coordinator: they always see everything."""
    member = get_object_or_404(
        CircleMember.objects.select_related(
            "user", "person__setting", "person__coordinator", "person__local_authority"
        ),
        pk=pk,
    )
    person = member.person
    if member.is_the_person or member.user_id == person.coordinator_id or not decides_access(request.user, person):
        record(request, person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record(request, person, AuditEvent.Action.VIEWED, what)
    return member


def decision_maker_for(request, pk, what="who keeps access to their plan"):
    """The person ``pk``, if ``request.user`` is that young person and now decides who sees their
    plan (``people.consent.who_decides``), else ``Http404``; recorded either way."""
    person = get_object_or_404(
        Person.objects.select_related("setting", "coordinator", "local_authority", "profile"), pk=pk
    )
    if not (is_the_person(request.user, person) and decides_access(request.user, person)):
        record(request, person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record(request, person, AuditEvent.Action.VIEWED, what)
    return person


def invitation_for(request, pk, what="an invitation"):
    invitation = get_object_or_404(Invitation.objects.select_related("person"), pk=pk)
    _check(request, invitation.person, Can.MANAGE, what)
    return invitation


def record_without_request(person, user, what):
    """Record a change made outside a web request (the demo loader, a background job)."""
    AuditEvent.objects.create(
        user=user,
        user_label=user.email,
        role=standing(user, person).role,
        action=AuditEvent.Action.CHANGED,
        what=str(what)[:300],
        person=person,
    )
    versions.bump([person.pk])


def statement_for(request, pk, power=Can.EDIT_PROFILE, what="a statement in their one-page profile"):
    """A statement of a one-page profile, if ``power`` allows it over the profile's person."""
    statement = get_object_or_404(
        ProfileStatement.objects.select_related("profile__person__coordinator", "profile__person__setting"), pk=pk
    )
    _check(request, statement.profile.person, power, what)
    return statement


class SuggestionUse(enum.Enum):
    DECIDE = "decide"  # accept or decline: the profile's author
    WITHDRAW = "withdraw"  # take back: whoever made it, while still in the circle


def suggestion_for(request, pk, use, what="a suggestion for their one-page profile"):
    """A suggestion ``request.user`` may ``use`` (a ``SuggestionUse``), else ``Http404``."""
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("profile__person__coordinator", "profile__person__setting", "suggested_by"),
        pk=pk,
    )
    person = suggestion.profile.person
    who = standing(request.user, person)
    if use is SuggestionUse.DECIDE:
        allowed = who.allows(Can.EDIT_PROFILE)
    else:
        allowed = who.allows(Can.SUGGEST) and suggestion.suggested_by_id == request.user.pk
    if not (allowed and _sees_page(request, who)):
        record(request, person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record(request, person, AuditEvent.Action.VIEWED, what)
    return suggestion


def share_link_for(request, pk, what="a share link to their one-page profile"):
    """A share link that ``request.user`` may revoke: the profile's author or the coordinator."""
    link = get_object_or_404(ShareLink.objects.select_related("profile__person__coordinator"), pk=pk)
    _check(request, link.profile.person, Can.SHARE_PROFILE, what)
    return link


def shared_profile_for(request, token, what="opened the one-page profile shared with {recipient}", recorded=True):
    """The share link for ``token`` while it is open, else ``Http404``. No sign-in is needed: the
    link is the permission. Every opening (and download) is recorded against the person, naming the
    recipient; ``recorded=False`` only for a part of a page already recorded, such as its photo."""
    link = ShareLink.objects.select_related("profile__person").filter(token_hash=hash_share_token(token)).first()
    if link is None:
        raise Http404("Not found")
    if not link.is_open:
        # A link that was revoked or ran out: someone still has it, so the person's history says
        # it was tried (once for the page, not again for its photo).
        if recorded:
            _record_share_link_use(
                request, link, AuditEvent.Action.REFUSED, "tried the closed share link for {recipient}"
            )
        raise Http404("Not found")
    if recorded:
        _record_share_link_use(request, link, AuditEvent.Action.VIEWED, what)
    return link


def _record_share_link_use(request, link, action, what):
    AuditEvent.objects.create(
        user=request.user if request.user.is_authenticated else None,
        user_label=f"share link for {link.recipient}"[:150],
        role="share link",
        action=action,
        what=what.format(recipient=link.recipient)[:300],
        person=link.profile.person,
        ip_address=_client_ip(request),
        path=f"share link {link.pk}",  # never the path itself: it holds the token
    )


def feed_for(request, token, make_feed, what="their calendar feed (actions and reviews)"):
    """The calendar feed whose secret address holds ``token``, else ``Http404``. No sign-in is
    needed: the token is the permission, and its user can reset it. ``make_feed(user)`` builds the
    feed from what that user may see; each person it shows (``feed.people``) gets a "looked at"
    event, in one query. The token itself is never recorded."""
    from reminders.models import ReminderSettings, hash_feed_token

    found = ReminderSettings.objects.select_related("user").filter(feed_token_hash=hash_feed_token(token)).first()
    if found is None or not found.user.is_active:
        raise Http404("Not found")
    user = found.user
    feed = make_feed(user)
    _record_looks(
        feed.people,
        user=user,
        user_label=f"calendar feed of {user.email}"[:150],
        role_of=lambda person: "calendar feed",
        what=what,
        ip_address=_client_ip(request),
        path="calendar feed",  # never the path itself: it holds the token
    )
    return feed


def record_by_job(person, job, what):
    """Record a change made by a background job acting for nobody (such as the retention job)."""
    AuditEvent.objects.create(
        user=None,
        user_label=job,
        role="background job",
        action=AuditEvent.Action.CHANGED,
        what=str(what)[:300],
        person=person,
    )
    versions.bump([person.pk])


# Themes (insights): who may see an area's theme list, and who may tag what was said in a review.

FAMILY = frozenset(
    {CircleMember.Relationship.SELF, CircleMember.Relationship.PARENT_CARER, CircleMember.Relationship.FAMILY_FRIEND}
)


def theme_for(request, pk, what="a theme on the area's list"):
    """A theme of an area ``request.user`` is planning lead for, else ``Http404`` (recorded);
    anyone who is not a planning lead is refused (``PermissionDenied``, recorded)."""
    areas = planning_lead_areas(request, what)
    theme = Theme.objects.filter(pk=pk, local_authority__in=areas).select_related("local_authority").first()
    if theme is None:
        record(request, None, AuditEvent.Action.REFUSED, what, role="planning lead")
        raise Http404("Not found")
    return theme


def may_tag(user, person):
    """Whether ``user`` may put themes on what was said in ``person``'s reviews: a professional
    who may see their reviews, there as a professional (the coordinator, or school, health, social
    care or another service in the circle). Never the family and never a planning lead (who has no
    standing with anyone). Records nothing."""
    who = standing(user, person)
    if not (who.allows(Can.VIEW) and who.sees(Section.REVIEWS) and user.is_professional):
        return False
    return who.role == "coordinator" or (who.circle_member is not None and who.circle_member.relationship not in FAMILY)


def review_to_tag(request, pk, what="the themes of what was said in a review"):
    """A review whose statements ``request.user`` may tag (``may_tag``), else ``Http404``; the
    look, or the refusal, is recorded against the person."""
    review = review_for(request, pk, Can.VIEW, what, shows_data=False)
    if not may_tag(request.user, review.person):
        record(request, review.person, AuditEvent.Action.REFUSED, what)
        raise Http404("Not found")
    record_look(request, review.person, what)
    return review


# The area review toolkit: an area's own review of its planning, with no person's records in it.
# Its planning leads set reviews up and see them all; a facilitator they chose runs theirs.
# Participants join with the review's short code, no account needed: the browser session holds
# which participant they are (``PARTICIPANT_SESSION_KEY``), and only that session acts as them.

PARTICIPANT_SESSION_KEY = "toolkit_participants"


def area_reviews_for(request, what="the area's reviews of planning"):
    """The area reviews ``request.user`` may see: every one of the areas they are planning lead
    for, and those they facilitate. Anyone with neither is refused (``PermissionDenied``, recorded)."""
    user = request.user
    areas = [
        m.organisation_id
        for m in Membership.objects.filter(
            user=user if user.is_authenticated else None,
            role=Membership.Role.PLANNING_LEAD,
            organisation__kind=Organisation.Kind.LOCAL_AUTHORITY,
        )
    ]
    reviews = AreaReview.objects.none()
    if user.is_authenticated:
        reviews = AreaReview.objects.filter(Q(area_id__in=areas) | Q(facilitator=user)).select_related(
            "area", "facilitator"
        )
    if not areas and not reviews.exists():
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise PermissionDenied
    return reviews


def runs_area_review(user, review):
    """Whether ``user`` runs ``review``: its facilitator, or a planning lead of its area. Records nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return (
        review.facilitator_id == user.pk
        or Membership.objects.filter(
            user=user, role=Membership.Role.PLANNING_LEAD, organisation_id=review.area_id
        ).exists()
    )


def area_review_for(request, pk, what="an area review"):
    """An area review ``request.user`` runs (``runs_area_review``), else ``Http404`` (recorded)."""
    review = AreaReview.objects.select_related("area", "facilitator").filter(pk=pk).first()
    if review is None or not runs_area_review(request.user, review):
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    return review


def part_of_area_review_for(request, model, pk, what, related=()):
    """An object of an area review (a small group, participant, finding, idea or priority: ``model``)
    if ``request.user`` runs its review (``area_review_for``), with ``.review`` set; else
    ``Http404``, recorded, whether it does not exist or is someone else's."""
    found = model.objects.select_related(*related).filter(pk=pk).first()
    if found is None:
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    found.review = area_review_for(request, found.review_id, what)
    return found


def paper_voter_for(request, pk, what="the dots of someone voting on paper in an area review"):
    """Someone voting on paper, whose dots the facilitator places, if ``request.user`` runs their
    review; else ``Http404``, recorded. People voting on their own phones place their own dots."""
    participant = part_of_area_review_for(request, Participant, pk, what)
    if not participant.on_paper:
        record(request, None, AuditEvent.Action.REFUSED, what, role="facilitator")
        raise Http404("Not found")
    return participant


def toolkit_words_for(request, model, pk, what, area_path="area"):
    """One of an area's toolkit words (a step, a prompt, a group of people: ``model``) if
    ``request.user`` is a planning lead of that area, else ``Http404``, recorded. ``area_path``
    is how the object reaches its area (``"step__area"`` for a prompt)."""
    user = request.user
    leads = Membership.objects.filter(
        user=user if user.is_authenticated else None, role=Membership.Role.PLANNING_LEAD
    ).values("organisation_id")
    found = model.objects.select_related(area_path).filter(pk=pk, **{f"{area_path}__in": leads}).first()
    if found is None:
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    return found


def area_review_by_code(code):
    """The area review whose join code is ``code`` (as typed), or None. Records and counts nothing:
    callers go through ``review_for_code`` or ``participant_for``, which count wrong codes."""
    from toolkit.operations import normalise_code

    code = normalise_code(code)
    if not code:
        return None
    return AreaReview.objects.select_related("area").filter(join_code=code).first()


# Wrong join codes are counted per address; a room on one Wi-Fi shares one, so the limit is high
# (30 in 15 minutes) and a right code never counts. 27 letters in 6 places are too many to guess.
WRONG_CODES_ALLOWED = 30


def _code_key(request):
    return f"toolkit join code from {_client_ip(request) or 'unknown'}"


def wrong_codes_wait(request):
    """When this address may try a join code again, or None if it may now."""
    from accounts import throttle

    return throttle.refused_until_for(_code_key(request), WRONG_CODES_ALLOWED)


def review_for_code(request, code):
    """``(review, None)`` for a right join code; ``(None, None)`` for a wrong one, counted against
    the address; ``(None, until)`` while the address has had too many wrong ones."""
    from accounts import throttle

    until = wrong_codes_wait(request)
    if until:
        return None, until
    review = area_review_by_code(code)
    if review is None:
        throttle.note_failure(_code_key(request), None)
    return review, None


def remember_participant(request, participant):
    """After joining: this browser session is ``participant`` in their review from now on."""
    joined = dict(request.session.get(PARTICIPANT_SESSION_KEY, {}))
    joined[str(participant.review_id)] = participant.pk
    request.session[PARTICIPANT_SESSION_KEY] = joined


def participant_for(request, code, what="an area review"):
    """``(review, participant)`` for the review with join code ``code`` and the participant this
    browser session joined it as (None if it has not joined yet: the view asks them to). An unknown
    code is ``Http404``, recorded."""
    review = area_review_by_code(code)
    pk = request.session.get(PARTICIPANT_SESSION_KEY, {}).get(str(review.pk)) if review else None
    participant = Participant.objects.select_related("work_group").filter(pk=pk, review=review).first() if pk else None
    if participant is not None:
        return review, participant
    # Not joined from this browser: the code counts as one typed, so these pages cannot be used to
    # try codes faster than the join page allows.
    if review is None or wrong_codes_wait(request):
        if review is None:
            review_for_code(request, code)
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    return review, None


def strategy_actions_for(request, what="the area's strategy actions"):
    """The strategy actions ``request.user`` may keep up to date: every action of the reviews they
    run (``area_reviews_for``) and any action they own. Anyone else is refused (recorded)."""
    user = request.user
    owned = StrategyAction.objects.filter(owner=user) if user.is_authenticated else StrategyAction.objects.none()
    try:
        reviews = area_reviews_for(request, what)
    except PermissionDenied:
        if not owned.exists():
            raise
        reviews = AreaReview.objects.none()
    return StrategyAction.objects.filter(Q(priority__review__in=reviews) | Q(owner=user)).select_related(
        "priority__review__area", "priority__idea", "owner"
    )


def strategy_action_for(request, pk, what="a strategy action"):
    """A strategy action ``request.user`` may keep up to date (``strategy_actions_for``), else ``Http404``."""
    user = request.user
    action = (
        StrategyAction.objects.select_related("priority__review__area", "priority__idea", "owner").filter(pk=pk).first()
    )
    if (
        action is None
        or not user.is_authenticated
        or not (action.owner_id == user.pk or runs_area_review(user, action.priority.review))
    ):
        record(request, None, AuditEvent.Action.REFUSED, what, role="")
        raise Http404("Not found")
    return action
