"""The persona probe: every URL of the project, as every named person of domain.md and an anonymous
visitor, by GET and by POST, aimed at the records of a person they must not see. No answer may be a
server error, carry that person's name or any marker planted in their records, or change them.

Routes are read from the root URLconf, so a new view is probed the moment it has a URL; a URL whose
parts this file cannot fill fails the test until it is taught how (``KIND_BY_PREFIX``, ``TOKENS``).
"""

import re

import pytest
from django.urls import reverse

from audit.tests.test_access import all_patterns
from ourplan.tests.factories import CircleMemberFactory, UserFactory
from ourplan.tests.marked_world import add_ravi, plant
from people import consent
from people.models import CircleMember, Invitation
from plainwords.models import Term
from plans.models import Action, Outcome
from profiles.models import Profile, ProfileStatement, ShareLink, Suggestion
from reviews.models import Invitee, Review, Statement

# Who probes, and whose records they must not see. Sam's circle must not see Leah (Dr Patel is in
# Sam's circle, not Leah's); Ms Green coordinates both, so she is aimed at Ravi, Mr Black's pupil.
PERSONAS = {
    "Sam": ("sam_user", "leah"),
    "Aisha": ("aisha", "leah"),
    "Ms Green": ("green", "ravi"),
    "Dr Patel": ("patel", "leah"),
    "Jo Evans": ("jo", "leah"),
    "Mr Black": ("black", "sam"),
    "Priya": ("priya", "sam"),
    "Leah": ("leah_user", "sam"),
    "anonymous visitor": (None, "sam"),
}
VICTIM_NAMES = {"sam": "Sam", "leah": "Leah", "ravi": "Ravi"}

# Members of a circle who may see only some parts of the plan (people.consent), aimed at that very
# person: they may open the person's page and the parts they see, but no answer may carry a marker
# planted in a part withheld from them. Who, whose plan, and the parts they may see.
LIMITED_PERSONAS = {
    "Dr Patel, seeing only Sam's reviews": ("patel", "sam", ["reviews"]),
    "Leah's mum, seeing only Leah's plan and records": ("leahs_mum", "leah", ["plan", "records"]),
}
# Which markers of ``marked_world`` each part of the plan shows. A marker shown by two parts (the
# review's place and the invitee's name are on the review page and in the meeting record) leaks
# only when both are withheld.
MARKERS_OF_SECTIONS = {
    ("profile",): ("PROFILE", "SUGGESTION", "SHARED"),
    ("reviews",): ("VIEWS",),
    ("plan",): ("ACTION", "OUTCOME"),
    ("reviews", "records"): ("PLACE", "INVITEE"),
}

# Route prefix -> which of the victim's objects fills its ``pk``.
KIND_BY_PREFIX = {
    "people/<int:pk>/": "person",
    "reviews/<int:pk>/": "review",
    "area/reviews/<int:pk>/": "review",
    "area/themes/<int:pk>/": "theme",  # another area's theme: nobody here may change it
    "area/you-said-we-did/<int:pk>/": "commissioning_action",  # another area's: nobody here may change it
    "area/board-reports/<int:pk>/": "board_report",  # another area's: nobody here may read it
    "actions/<int:pk>/": "action",
    "invitations/<int:pk>/": "invitation",
    "profile-statements/<int:pk>/": "statement",
    "profile-suggestions/<int:pk>/": "suggestion",
    "profile-share-links/<int:pk>/": "share_link",
    "review-invitees/<int:pk>/": "invitee",
    "review-statements/<int:pk>/": "review_statement",
    "outcomes/<int:pk>/": "outcome",
    "plain-words/<int:pk>/": "term",
    "circle-members/<int:pk>/": "circle_member",
    # The toolkit: everything of another area's review of its planning, which nobody here runs.
    "toolkit/<int:pk>/": "area_review",
    "toolkit/groups/<int:pk>/": "work_group",
    "toolkit/participants/<int:pk>/": "participant",
    "toolkit/findings/<int:pk>/": "finding",
    "toolkit/ideas/<int:pk>/": "idea",
    "toolkit/priorities/<int:pk>/": "priority",
    "toolkit/actions/<int:pk>/": "strategy_action",
    "toolkit/steps/<int:pk>/": "step",
    "toolkit/prompts/<int:pk>/": "prompt",
    "toolkit/people-groups/<int:pk>/": "people_group",
}
# URL name -> which dead secret fills its token: a cancelled invitation, a revoked share link, an
# old calendar address, a stale password reset link, all of the victim's.
TOKENS = {
    "people:join": {"token": "join"},
    "profiles:shared": {"token": "shared"},
    "profiles:shared_pdf": {"token": "shared"},
    "profiles:shared_photo": {"token": "shared"},
    "reminders:feed": {"token": "feed"},
    "accounts:choose_new_password": {"uidb64": "uidb64", "token": "reset"},
    "accounts:confirm_email_change": {"token": "email_change"},
}
OTHER_KWARGS = {"heading": "admire", "number": 1, "question": "working", "table": "everyone-setting"}
# Not routed at all: Django's admin site is not part of OurPlan.
UNROUTED = ["/admin/", "/admin/login/"]

# A POST with something for most forms, so a view that forgot to check access would act on it.
POST_DATA = {
    "text": "probe",
    "heading": "admire",
    "question": "working",
    "what": "probe",
    "decision": "accept",
    "direction": "up",
    "name": "Probe",
    "email": "probe@example.com",
    "relationship": "other",
    "recipient": "Probe",
    "word": "probe",
    "alternatives": "plain",
    "place": "probe",
    "status": "done",
    "note": "probe",
    "action": "send",
    "remove": "1",
    "field": "text",
    "next_review_date_day": "1",
    "next_review_date_month": "1",
    "next_review_date_year": "2030",
}
TEXT_TYPES = ("text/", "application/json", "application/javascript")


def fill(name, route, world):
    """The URL for ``name`` with the victim's ids and dead tokens, or None if it cannot be filled."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kwargs = {}
    for param in params:
        if param == "pk":
            kind = next((k for prefix, k in KIND_BY_PREFIX.items() if route.startswith(prefix)), None)
            if kind is None:
                return None
            kwargs["pk"] = world.ids[kind]
        elif param == "code":  # a participant's pages: that other area's real join code, never joined
            kwargs[param] = world.tokens["toolkit_code"]
        elif param in TOKENS.get(name, {}):
            kwargs[param] = world.tokens[TOKENS[name][param]]
        elif param in OTHER_KWARGS:
            kwargs[param] = OTHER_KWARGS[param]
        else:
            return None
    return reverse(name, kwargs=kwargs), "pk" in kwargs


def snapshot(person, with_terms=True):
    """Everything held about ``person`` that a probe could change (and their coordinator's words)."""
    terms = (
        Term.objects.filter(organisation__memberships__user=person.coordinator) if with_terms else Term.objects.none()
    )
    return [
        sorted(map(repr, queryset.values_list()))
        for queryset in (
            type(person).objects.filter(pk=person.pk),
            CircleMember.objects.filter(person=person),
            Profile.objects.filter(person=person),
            ProfileStatement.objects.filter(profile__person=person),
            Suggestion.objects.filter(profile__person=person),
            ShareLink.objects.filter(profile__person=person),
            Review.objects.filter(person=person),
            Statement.objects.filter(review__person=person),
            Invitee.objects.filter(review__person=person),
            Outcome.objects.filter(plan__review__person=person),
            Action.objects.filter(plan__review__person=person),
            Invitation.objects.filter(person=person),
            terms,
        )
    ]


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(scope="module")
def tally(request):
    counts = {"probes": 0, "routes": set(), "personas": set(), "followed": 0}
    yield counts
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture and counts["probes"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nPersona probe: {counts['probes']} requests ({len(counts['personas'])} personas x "
                f"{len(counts['routes'])} routes x GET and POST, plus {len(UNROUTED)} unrouted paths; "
                f"{counts['followed']} redirects followed); every route was probed by every persona."
            )


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_no_server_error_and_nothing_of_a_person_they_must_not_see(area, client, persona, tally):
    add_ravi(area)
    user_attr, victim_attr = PERSONAS[persona]
    user = getattr(area, user_attr) if user_attr else None
    world = plant(area, getattr(area, victim_attr), victim_attr.upper())
    leaks = re.compile(
        "|".join([rf"\b{VICTIM_NAMES[victim_attr]}\b"] + [re.escape(m) for m in world.markers.values()]).encode()
    )
    before = snapshot(world.person)
    problems, unfillable, probed = probe_every_route(client, user, persona, world, leaks, tally, outsider=True)
    assert not unfillable, (
        "The persona probe cannot fill these URLs: add their prefix to KIND_BY_PREFIX (and the object to "
        "ourplan/tests/marked_world.py) or their token to TOKENS: " + ", ".join(unfillable)
    )
    assert not problems, "\n".join(problems)
    assert probed == {name for name, _route in all_patterns()}
    assert snapshot(world.person) == before, f"{persona}'s probes changed {victim_attr}'s records"


@pytest.mark.parametrize("persona", LIMITED_PERSONAS)
def test_a_member_who_sees_some_parts_gets_no_server_error_and_nothing_of_the_other_parts(area, client, persona, tally):
    user_attr, victim_attr, sections = LIMITED_PERSONAS[persona]
    person = getattr(area, victim_attr)
    if user_attr == "leahs_mum":
        area.leahs_mum = UserFactory(name="Mrs Example", email="leah.mum@family.example")
        CircleMemberFactory(person=person, user=area.leahs_mum, relationship=CircleMember.Relationship.PARENT_CARER)
    user = getattr(area, user_attr)
    world = plant(area, person, victim_attr.upper())
    member = CircleMember.objects.get(person=person, user=user)
    consent.set_member_access(
        member, by=person.coordinator, decided_as="coordinator", choice="limit", sections=sections
    )
    withheld = [
        marker for parts, markers in MARKERS_OF_SECTIONS.items() if not set(parts) & set(sections) for marker in markers
    ]
    leaks = re.compile("|".join(re.escape(world.markers[what]) for what in withheld).encode())

    problems, unfillable, probed = probe_every_route(client, user, persona, world, leaks, tally, outsider=False)

    assert not unfillable, ", ".join(unfillable)
    assert not problems, "\n".join(problems)
    assert probed == {name for name, _route in all_patterns()}


def probe_every_route(client, user, persona, world, leaks, tally, outsider):
    """GET and POST every route (and the unrouted paths) as ``user``, aimed at ``world``'s person.
    Returns (problems, unfillable routes, routes probed). ``outsider``: someone with no place in
    that person's planning, so an answer about their records is a problem too."""
    victim_attr = world.person.preferred_name
    problems, unfillable, probed = [], [], set()

    def sign_in():
        if user:
            # Again each time, as they are now: a probe may have signed them out everywhere.
            user.refresh_from_db()
            client.force_login(user)
        else:
            client.logout()

    def probe(method, url, object_route):
        sign_in()
        tally["probes"] += 1
        try:
            response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        except Exception as error:  # the test client re-raises a view's exception: a 500
            problems.append(f"{method} {url} as {persona}: server error {error!r}")
            return
        where = f"{method} {url} as {persona} ({response.status_code})"
        if response.status_code >= 500:
            problems.append(f"{where}: server error")
        content = body(response)
        found = leaks.search(content)
        if found:
            problems.append(f"{where}: shows {found.group().decode()}")
        if 200 <= response.status_code < 300:
            if object_route and outsider:
                problems.append(f"{where}: answered about {victim_attr}'s records instead of refusing")
            kind = response.get("Content-Type", "")
            if content and not kind.startswith(TEXT_TYPES):
                problems.append(f"{where}: gave a {kind} file")
        if response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            if location.startswith("/"):
                tally["followed"] += 1
                followed = client.get(location)
                found = leaks.search(body(followed))
                if followed.status_code >= 500 or found:
                    problems.append(f"{where} -> {location} ({followed.status_code}) {found and found.group()}")

    sign_in()
    assert client.get(reverse("home")).status_code == (200 if user else 302), f"{persona} is not signed in"
    for name, route in all_patterns():
        filled = fill(name, route, world)
        if filled is None:
            unfillable.append(f"{name} ({route})")
            continue
        url, object_route = filled
        probe("GET", url, object_route)
        probe("POST", url, object_route)
        probed.add(name)
        tally["routes"].add(name)
    for path in UNROUTED:
        for method in ("GET", "POST"):
            tally["probes"] += 1
            sign_in()
            status = (client.get(path) if method == "GET" else client.post(path)).status_code
            if status != 404:
                problems.append(f"{method} {path} as {persona}: {status}, expected 404 (no admin site)")
    tally["personas"].add(persona)
    # The probes above were made signed in as the persona, not bounced to a sign-in step.
    sign_in()
    assert client.get(reverse("home")).status_code == (200 if user else 302)

    return problems, unfillable, probed
