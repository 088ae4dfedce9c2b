"""Subject access: everything OurPlan holds about one person, as one zip file.

What is held is found by walking Django's model relations outward from ``people.Person``: every
model with a foreign key, one-to-one or many-to-many field pointing at the person, then every model
pointing at one of those, and so on (a review's statements, an invitee's emails, a plan's outcomes,
actions and their updates, a profile's statements, suggestions, versions and share links, the
audit trail). A model added later with a path to the person is exported without changing this
module. Each model's rows are one query (plus one per many-to-many field, and one per kind of
shared record they name, such as users and organisations), however many rows there are.

The person's own account (``audit.access.own_accounts``: they are in their circle as themselves)
is held about them too, but is linked to the account, not to them: the account itself, its
sign-ins and changes to how they sign in, its settings. ``ACCOUNT_RECORDS`` names those, each with
the fields that leave, one query each.

Nothing secret leaves: fields named like a token, a hash, a password or a secret are left out,
users appear only by name and email address, and a secret in a recorded web address is hidden.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ForeignObjectRel, Q
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.models import AuditEvent
from ourplan.dates import long_date
from people.models import CircleMember

SECRET = re.compile(r"token|hash|password|secret", re.I)
HIDDEN = "[hidden]"


# What each file holds, for the README. A model added later and not named here is described
# from its docstring.
DESCRIPTIONS = {
    "people.person": _lazy("Their details: names, date of birth, school or college, support and coordinator."),
    "people.circlemember": _lazy("The people in their circle, each with their relationship and role."),
    "people.invitation": _lazy("Invitations to join their circle, and whether each was accepted."),
    "profiles.profile": _lazy("Their one-page profile: when it was last changed and published, and its photo."),
    "profiles.profilestatement": _lazy(
        "The statements in their one-page profile as it is now, and whose words they are."
    ),
    "profiles.suggestion": _lazy("Statements people in the circle suggested for the profile, and what was decided."),
    "profiles.profileversion": _lazy("Every published version of the profile, as it was published."),
    "profiles.sharelink": _lazy("Links that shared the profile: who each was for, until when, how often opened."),
    "reviews.review": _lazy("Their reviews: kind, date, place, who ran it, who took part, and the signed-off record."),
    "reviews.statement": _lazy("What everyone said at or before each review, answering the six key questions."),
    "reviews.invitee": _lazy("Who was asked for their views before each review, and how they took part."),
    "reviews.reviewemail": _lazy("The invitation and reminder emails about each review, and whether they went."),
    "reviews.amendment": _lazy("Corrections made to a review's record after it was signed off."),
    "plans.actionplan": _lazy("The action plan agreed at each review, and the date of the next review."),
    "plans.outcome": _lazy("The outcomes in each plan: what they want to achieve, how we will know, by when."),
    "plans.outcomecheck": _lazy("How far each earlier outcome was achieved, checked at a later review."),
    "plans.action": _lazy("The actions in each plan: who will do what, by when, and where it is up to."),
    "plans.actionupdate": _lazy("Every change to where an action is up to, with who made it and when."),
    "reminders.sentreminder": _lazy("Reminder emails about them sent to people in their circle."),
    "audit.auditevent": _lazy("The audit trail: every time someone looked at or changed their information."),
}


@dataclass(frozen=True)
class Holding:
    """A model that holds data about a person, and the ways from its rows to the person: each a
    lookup through its relations (``"plan__review__person"``). ``many`` when a way passes through a
    many-to-many relation, so a row could be reached twice."""

    model: type
    lookups: tuple
    many: bool = False

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def file_name(self):
        return f"data/{self.label}.json"

    @property
    def description(self):
        """What the file holds, in plain words; for a model not described here yet, its
        docstring's first paragraph, or else its plural name (Django gives every model a
        docstring listing its fields, which says nothing to a reader)."""
        if self.label in DESCRIPTIONS:
            return str(DESCRIPTIONS[self.label])
        doc = (self.model.__doc__ or "").strip().replace("``", "")
        if not doc or doc.startswith(f"{self.model.__name__}("):
            return str(self.model._meta.verbose_name_plural).capitalize() + "."
        first = " ".join(doc.split("\n\n")[0].split())
        return first if first.endswith(".") else first + "."

    def rows_of(self, person):
        """The model's rows linked to ``person`` (a queryset; one query)."""
        manager = self.model._base_manager
        if not self.lookups:  # the person themselves
            return manager.filter(pk=person.pk)
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{lookup: person})
        rows = manager.filter(condition)
        if self.many:
            rows = manager.filter(pk__in=rows.values("pk"))
        return rows if self.model._meta.ordering else rows.order_by("pk")


def holdings():
    """Every model holding data about a person: the person first, then each model found by
    following reverse relations outward, with every way from it back to the person."""
    person_model = apps.get_model("people", "Person")
    found = {person_model: ([], False)}

    def visit(model, lookup, many, seen):
        for relation in model._meta.get_fields(include_hidden=True):
            if not isinstance(relation, ForeignObjectRel):
                continue
            child = relation.related_model
            # A many-to-many's own table is shown as a list on the model that has the field.
            if child._meta.auto_created or child in seen:
                continue
            step = relation.field.name
            child_lookup = f"{step}__{lookup}" if lookup else step
            child_many = many or relation.many_to_many
            lookups, was_many = found.setdefault(child, ([], False))
            lookups.append(child_lookup)
            found[child] = (lookups, was_many or child_many)
            visit(child, child_lookup, child_many, seen | {child})

    visit(person_model, "", False, frozenset({person_model}))
    return [Holding(model, tuple(lookups), many) for model, (lookups, many) in found.items()]


# Their own account


@dataclass(frozen=True)
class AccountRecord:
    """A kind of record about the person's own account (``audit.access.own_accounts``) rather
    than about them: the account itself, its settings, its sign-ins. These are linked to the
    account, not to the person, so the walk from the person does not find them. Only ``fields``
    leave: never a password hash, a session token, or the secret of a second step or its codes."""

    label: str  # the model: "accounts.user"
    to_account: str  # the lookup from a row to the account
    fields: tuple
    description: object
    only: tuple = ()  # further conditions, as (lookup, value) pairs

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def key(self):
        return f"their-account/{self.label}"

    @property
    def file_name(self):
        return f"data/{self.key}.json"

    def rows_of(self, account_ids):
        """The rows of the accounts ``account_ids`` (ids, or a subquery of them; one query)."""
        rows = self.model._base_manager.filter(**{f"{self.to_account}__in": account_ids}, **dict(self.only))
        return rows if self.model._meta.ordering else rows.order_by("pk")


SIGN_IN_DEVICE = ("name", "confirmed", "created_at", "last_used_at")

ACCOUNT_RECORDS = [
    AccountRecord(
        "accounts.user",
        "pk",
        ("email", "name", "is_active", "date_joined", "last_login"),
        _lazy("Their own account: the name and email address they sign in with, when it was made and last used."),
    ),
    AccountRecord(
        "audit.auditevent",
        "user",
        ("at", "action", "what", "ip_address", "path"),
        _lazy(
            "Their account's sign-ins, failed sign-ins and changes to how they sign in, with the internet "
            "address each came from."
        ),
        only=(("person__isnull", True), ("action__in", AuditEvent.ACCOUNT_ACTIONS)),
    ),
    AccountRecord(
        "accounts.membership", "user", ("organisation", "role"), _lazy("Organisations their account works for.")
    ),
    AccountRecord(
        "reminders.remindersettings",
        "user",
        ("wants_digest", "feed_made_at"),
        _lazy("How they want their reminder emails, and when their calendar feed was made (never its address)."),
    ),
    AccountRecord("reminders.sentreminder", "user", ("key", "sent_at"), _lazy("Reminder emails sent to them.")),
    AccountRecord(
        "otp_totp.totpdevice",
        "user",
        SIGN_IN_DEVICE,
        _lazy("The authenticator app they use to sign in: when it was set up and last used (never its secret)."),
    ),
    AccountRecord(
        "accounts.recoverycodes",
        "user",
        SIGN_IN_DEVICE,
        _lazy("Their one-time recovery codes: when they were made and last used (never the codes)."),
    ),
    AccountRecord(
        "otp_static.staticdevice",
        "user",
        SIGN_IN_DEVICE,
        _lazy("Codes of an earlier kind for the second step of signing in: when made and last used (never the codes)."),
    ),
    AccountRecord(
        "toolkit.participant",
        "user",
        ("review", "name", "role", "joined_at"),
        _lazy("Area reviews of planning they joined with their account, and the name and role they gave."),
    ),
]

# Every other link to an account says who did something (wrote a statement, placed a hold...) or
# links a professional to their work. Those records are about someone else, or are in this
# download already as part of the person's own records. A link to an account added later and in
# neither list fails a test (privacy/tests/test_subject_access.py), so it is decided on, not missed.
NOT_ABOUT_THEIR_ACCOUNT = frozenset(
    {
        "people.person.coordinator",
        "people.circlemember.user",
        "people.invitation.invited_by",
        "people.lawfulbasis.recorded_by",
        "people.accesschoice.member_user",
        "people.accesschoice.decided_by",
        "people.decisionrecord.recorded_by",
        "people.detailschange.changed_by",
        "profiles.profile.updated_by",
        "profiles.profilestatement.written_by",
        "profiles.profilestatement.added_by",
        "profiles.suggestion.suggested_by",
        "profiles.suggestion.decided_by",
        "profiles.profileversion.published_by",
        "profiles.sharelink.created_by",
        "profiles.sharelink.revoked_by",
        "plainwords.term.added_by",
        "reviews.review.created_by",
        "reviews.review.facilitator",
        "reviews.review.signed_off_by",
        "reviews.invitee.user",
        "reviews.statement.author",
        "reviews.statement.edited_by",
        "reviews.amendment.made_by",
        "plans.actionplan.agreed_by",
        "plans.outcome.created_by",
        "plans.outcomecheck.checked_by",
        "plans.action.owner",
        "plans.action.created_by",
        "plans.action.done_by",
        "plans.actionupdate.by",
        "privacy.legalhold.placed_by",
        "privacy.legalhold.lifted_by",
        "privacy.anonymisation.by",
        "insights.statementtheme.by",
        "insights.commissioningaction.created_by",
        "insights.boardreport.created_by",
        "toolkit.areareview.facilitator",
        "toolkit.areareview.created_by",
        "toolkit.strategyaction.owner",
        "toolkit.strategyactionupdate.by",
        # Audit events about a person are in the person's own audit trail.
        "audit.auditevent.user",
    }
)


def _kept(field):
    return not SECRET.search(field.name)


def _hide_secrets_in_address(value):
    """A recorded web address with any secret in it (such as the token of an invitation link)
    replaced by "[hidden]"."""
    if not value.startswith("/"):
        return value
    try:
        match = resolve(value.split("?")[0])
    except Resolver404:
        return value
    for name, part in match.kwargs.items():
        if SECRET.search(name) and isinstance(part, str) and part:
            value = value.replace(part, HIDDEN)
    return value


class _Collector:
    """Reads every holding's rows for one person, then names what they point at outside what is
    held (users by name and email address, organisations and other shared records by name), one
    query per kind of shared record."""

    def __init__(self, person, found):
        self.person = person
        self.found = found
        self.held_models = {holding.model for holding in found}
        self.wanted = {}  # shared model -> ids to name
        self.raw = {}  # holding label -> rows of plain values

    def read(self):
        for holding in self.found:
            model = holding.model
            fields = [f for f in model._meta.concrete_fields if _kept(f)]
            self.raw[holding.label] = self._read(model, holding.rows_of(self.person), fields)
        # The accounts of ``audit.access.own_accounts``, as a subquery: always read afresh (a
        # person object may carry its circle from earlier), and no query of its own.
        accounts = CircleMember.objects.filter(person=self.person, relationship=CircleMember.Relationship.SELF)
        accounts = accounts.values("user_id")
        for record in ACCOUNT_RECORDS:
            fields = [record.model._meta.get_field(name) for name in record.fields]
            self.raw[record.key] = self._read(record.model, record.rows_of(accounts), fields, lists=False)
        names = self._names()
        return {label: [self._finish(row, names) for row in rows] for label, rows in self.raw.items()}

    def _read(self, model, queryset, fields, lists=True):
        """Rows of ``queryset`` as plain values of ``fields`` (and, with ``lists``, of every
        many-to-many field not secret)."""
        rows = []
        for values in queryset.values(*[f.attname for f in fields]):
            row = {}
            for field in fields:
                value = values[field.attname]
                if field.is_relation:
                    row[field.name] = self._link(field.related_model, value)
                elif field.choices and value not in (None, ""):
                    row[field.name] = self._choice(field, value)
                elif isinstance(value, str):
                    row[field.name] = _hide_secrets_in_address(value)
                else:
                    row[field.name] = value
            rows.append(row)
        for field in model._meta.many_to_many if lists else ():
            if not _kept(field):
                continue
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            listed = {}
            pairs = through._base_manager.filter(**{f"{source}__in": queryset.values("pk")}).values_list(source, target)
            for owner, other in pairs:
                listed.setdefault(owner, []).append(self._link(field.related_model, other))
            pk_name = model._meta.pk.name
            for row in rows:
                row[field.name] = listed.get(row[pk_name], [])
        return rows

    def _choice(self, field, value):
        label = str(dict(field.flatchoices).get(value, value))
        return label.replace("{name}", self.person.preferred_name)

    def _link(self, model, value):
        if value is None or model in self.held_models:
            return value  # the id of a row in another file of this download
        self.wanted.setdefault(model, set()).add(value)
        return _Link(model, value)

    def _names(self):
        user_model = get_user_model()
        names = {}
        for model, ids in self.wanted.items():
            if model is user_model:
                for user in user_model._base_manager.filter(pk__in=ids).only("pk", "name", "email"):
                    names[model, user.pk] = {"name": user.name, "email": user.email}
            else:
                for pk, obj in model._base_manager.in_bulk(ids).items():
                    names[model, pk] = {"id": pk, "name": str(obj)}
        return names

    def _finish(self, row, names):
        def named(value):
            if isinstance(value, _Link):
                return names.get((value.model, value.pk), {"id": value.pk})
            if isinstance(value, list):
                return [named(item) for item in value]
            return value

        return {key: named(value) for key, value in row.items()}


@dataclass(frozen=True)
class _Link:
    model: type
    pk: object


def everything_held(person):
    """``{model label: [rows as plain dicts]}`` for every model holding data about ``person``,
    and the holdings themselves."""
    found = holdings()
    return found, _Collector(person, found).read()


# The documents


PDF_CSS = """
@page {
  size: A4 portrait;
  margin: 16mm 16mm 18mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt "Noto Sans", sans-serif; color: #505a5f }
}
html { font-family: "Noto Sans", "Noto Sans Bengali", sans-serif; font-size: 10.5pt; line-height: 1.4;
  color: #0b0c0c; overflow-wrap: anywhere }
h1 { font-size: 20pt; margin: 0 0 6pt; line-height: 1.15 }
h2 { font-size: 14pt; margin: 16pt 0 6pt; padding-top: 6pt; border-top: 2pt solid #1d70b8; break-after: avoid }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; break-after: avoid }
p { margin: 0 0 6pt }
ul { margin: 0 0 6pt; padding-left: 16pt }
li { margin-bottom: 3pt }
.kicker, .by { color: #505a5f }
.by { font-size: 9.5pt }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt }
th, td { border-bottom: 1pt solid #b1b4b6; padding: 3pt 5pt 3pt 0; text-align: left; vertical-align: top }
.trail { font-size: 9pt }
tr { break-inside: avoid }
"""


def render_pdf(template, context):
    """``template`` rendered with ``context`` as an A4 PDF (bytes), reading only the bundled fonts."""
    from profiles import documents

    html = render_to_string(template, {**context, "language": translation.get_language() or "en"})
    return documents.html_to_pdf(html, PDF_CSS)


def _name(user):
    if not user:
        return ""
    if isinstance(user, dict) and "email" in user:
        return f"{user['name']} ({user['email']})" if user.get("name") else user["email"]
    return user.get("name", "") if isinstance(user, dict) else str(user)


def _when(value):
    if not value:
        return ""
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    return long_date(value)


def audit_trail(held):
    """The audit trail as plain rows, newest first: who looked at or changed what, when, as whom."""
    return [
        {
            "when": event["at"],
            "who": (event["user"] or {}).get("name") or event["user_label"],
            "email": event["user_label"],
            "their_role": event["role"],
            "what_happened": event["action"],
            "what": event["what"],
            "internet_address": event["ip_address"],
            "page": event["path"],
        }
        for event in held.get("audit.auditevent", [])
    ]


def account_trail(held):
    """Their own account's sign-ins, failed sign-ins and sign-in changes, newest first."""
    return [
        {
            "when": event["at"],
            "what_happened": event["action"],
            "what": event["what"],
            "internet_address": event["ip_address"],
        }
        for event in held.get("their-account/audit.auditevent", [])
    ]


def _by(rows, key):
    grouped = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def summary(person, held):
    """What ``summary.pdf`` shows, read from the rows already gathered (no more queries)."""
    from profiles.models import Heading
    from reviews.models import Question, question_text

    name = person.preferred_name
    record = held["people.person"][0]
    facts = [
        (_("Preferred name"), record["preferred_name"]),
        (_("Full name"), record["full_name"]),
        (_("Date of birth"), long_date(record["date_of_birth"])),
        (_("School or college"), (record.get("setting") or {}).get("name", "")),
        (_("Local authority"), (record.get("local_authority") or {}).get("name", "")),
        (_("Support"), record.get("sen_status", "")),
        (_("Coordinator"), _name(record.get("coordinator"))),
        (_("Groups for area figures"), ", ".join(g["name"] for g in record.get("pathway_groups", [])) or _("None")),
        (_("Added to OurPlan"), long_date(record["created_at"])),
    ]
    circle = [
        {
            "who": _name(m["user"]),
            "relationship": m["relationship"],
            "role": m["role_description"],
            "joined": _when(m["joined_at"]),
        }
        for m in held.get("people.circlemember", [])
    ]
    invitations = [
        {
            "who": f"{i['name']} ({i['email']})",
            "invited_by": _name(i["invited_by"]),
            "sent": _when(i["sent_at"]),
            "accepted": _when(i["accepted_at"]),
            "cancelled": _when(i["revoked_at"]),
        }
        for i in held.get("people.invitation", [])
    ]
    statements = _by(held.get("profiles.profilestatement", []), "heading")
    profile = [
        {
            "heading": str(label),
            "items": [{"text": s["text"], "by": _name(s["written_by"])} for s in statements.get(str(label), [])],
        }
        for label in Heading.labels
    ]
    profiles = held.get("profiles.profile", [])
    suggestions = [
        {"text": s["text"], "about": "; ".join(filter(None, [s["heading"], _name(s["suggested_by"]), s["status"]]))}
        for s in held.get("profiles.suggestion", [])
    ]
    versions = held.get("profiles.profileversion", [])
    share_links = [
        {
            "recipient": s["recipient"],
            "until": _when(s["expires_on"]),
            "by": _name(s["created_by"]) or _("someone"),
            "revoked": _when(s["revoked_at"]),
            "opened": s["opened_count"],
        }
        for s in held.get("profiles.sharelink", [])
    ]
    return {
        "person": person,
        "facts": facts,
        "circle": circle,
        "invitations": invitations,
        "profile": profile,
        "profile_record": profiles[0] if profiles else None,
        "suggestions": suggestions,
        "versions": versions,
        "share_links": share_links,
        "accounts": _accounts(held),
        "reviews": _reviews(held, [question_text(q, name) for q in Question.values]),
        "made_on": long_date(timezone.localdate()),
    }


def _accounts(held):
    """Their own accounts, for the summary: how they sign in and when they last did."""
    events = held.get("their-account/audit.auditevent", [])
    second_steps = [app for app in held.get("their-account/otp_totp.totpdevice", []) if app["confirmed"]]
    return [
        {
            "facts": [
                (_("Name"), user["name"]),
                (_("Email address"), user["email"]),
                (_("Made"), _when(user["date_joined"])),
                (_("Last signed in"), _when(user["last_login"]) or _("Never")),
                (_("Switched on"), _("Yes") if user["is_active"] else _("No, switched off")),
                (_("Second step of signing in"), _("An authenticator app") if second_steps else _("None")),
            ],
            "events": len(events),
        }
        for user in held.get("their-account/accounts.user", [])
    ]


def _reviews(held, questions):
    statements = _by(held.get("reviews.statement", []), "review")
    amendments = _by(held.get("reviews.amendment", []), "review")
    invitees = _by(held.get("reviews.invitee", []), "review")
    plans = {plan["review"]: plan for plan in held.get("plans.actionplan", [])}
    outcomes = _by(held.get("plans.outcome", []), "plan")
    actions = _by(held.get("plans.action", []), "plan")
    checks = _by(held.get("plans.outcomecheck", []), "outcome")
    reviews = []
    for review in held.get("reviews.review", []):
        said = _by(statements.get(review["id"], []), "question")
        plan = plans.get(review["id"])
        reviews.append(
            {
                "kind": review["kind"],
                "date": long_date(review["meeting_date"]),
                "place": review["place"] or review["online_link"],
                "facilitator": _name(review["facilitator"]),
                "took_part": ", ".join(_name(user) for user in review.get("participants", [])),
                "signed_off": _when(review["signed_off_at"]),
                "invitees": [
                    {"who": f"{i['name']} ({i['email']})", "role": i["role"], "took_part": i["took_part"]}
                    for i in invitees.get(review["id"], [])
                ],
                "questions": [
                    {
                        "wording": wording,
                        "statements": [
                            {
                                "text": s["text"],
                                "by": _name(s["author"]),
                                "draft": s["draft"],
                                "merged": s["merged_into"] is not None,
                            }
                            for s in said.get(wording, [])
                        ],
                    }
                    for wording in questions
                ],
                "amendments": [
                    {"text": a["text"], "by": _name(a["made_by"]), "at": _when(a["made_at"])}
                    for a in amendments.get(review["id"], [])
                ],
                "plan": plan
                and {
                    "next_review": _when(plan["next_review_date"]),
                    "agreed": _when(plan["agreed_at"]),
                    "outcomes": [
                        {
                            "text": o["text"],
                            "area": o["area"],
                            "how": o["how_we_will_know"],
                            "by": _when(o["due_by"]),
                            "checks": [f"{c['result']}: {c['note']}".rstrip(": ") for c in checks.get(o["id"], [])],
                        }
                        for o in outcomes.get(plan["id"], [])
                    ],
                    "actions": [
                        {
                            "who": _name(a["owner"]),
                            "what": a["what"],
                            "by": _when(a["due_by"]),
                            "status": a["status"],
                            "stuck_because": a["stuck_because"],
                        }
                        for a in actions.get(plan["id"], [])
                    ],
                },
            }
        )
    return reviews


def _photos(held):
    """The photo files the person's profile and its published versions use, as (name, path)."""
    from profiles import photos

    names = {
        row.get("photo") for label in ("profiles.profile", "profiles.profileversion") for row in held.get(label, [])
    }
    found = []
    for name in sorted(n for n in names if n):
        try:
            path = photos.path_of(name)
        except ValueError:
            continue
        if path.is_file():
            found.append((f"photos/{name}", path))
    return found


def _json(value):
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def export_person(person):
    """Everything held about ``person`` as a zip (bytes): one JSON file per model, and one per kind
    of record about their own account, the audit trail as JSON and PDF (with their account's
    sign-ins), a readable summary PDF, the profile photos and a README saying what each is."""
    found, held = everything_held(person)
    trail = audit_trail(held)
    signing_in = account_trail(held)
    photo_files = _photos(held)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for holding in found:
            archive.writestr(holding.file_name, _json(held[holding.label]))
        for record in ACCOUNT_RECORDS:
            archive.writestr(record.file_name, _json(held[record.key]))
        archive.writestr("audit-trail.json", _json(trail))
        archive.writestr(
            "audit-trail.pdf",
            render_pdf(
                "privacy/audit_trail_pdf.html",
                {
                    "person": person,
                    "events": [{**e, "when": _when(e["when"])} for e in trail],
                    "account_events": [{**e, "when": _when(e["when"])} for e in signing_in],
                },
            ),
        )
        archive.writestr("summary.pdf", render_pdf("privacy/summary_pdf.html", summary(person, held)))
        for file_name, path in photo_files:
            archive.write(path, file_name)
        archive.writestr(
            "README.txt",
            render_to_string(
                "privacy/readme.txt",
                {
                    "person": person,
                    "made_on": long_date(timezone.localdate()),
                    "files": sorted(
                        (holding.file_name, holding.description, len(held[holding.label])) for holding in found
                    ),
                    "account_files": [
                        (record.file_name, str(record.description), len(held[record.key])) for record in ACCOUNT_RECORDS
                    ],
                    "photos": [file_name for file_name, _path in photo_files],
                    "events": len(trail),
                },
            ).encode(),
        )
    return buffer.getvalue()
