"""What anonymising a person does to each kind of record held about them.

Every model that ``privacy.export.holdings`` finds linked to a person (the same walk as subject
access) must have a rule in ``RULES``: a model added later without one makes ``anonymise_person``
refuse, and fails a test, so nothing new is left behind by accident. The rules:

- ``DELETE``: the rows go (what was said, the profile and its photo, the circle, invitations...);
- ``Clear``: the rows stay, so area figures (how many reviews, outcomes and how far each was
  achieved, actions done) still add up, but every free-text field is emptied, except the few
  named as safe; a text field added later is emptied without anyone having to remember it;
- ``KEEP``: nothing in the row can identify anyone (the anonymisation record itself);
- the person, the audit trail and legal holds have their own steps in ``privacy.operations``.
"""

import re
from dataclasses import dataclass, field

from django.db import models

REMOVED = "[removed]"
DELETE = "delete"
KEEP = "keep"
PERSON = "person"  # the person row itself: privacy.operations._anonymise_person_row
AUDIT = "audit"  # the audit trail: append-only, so its words are redacted (privacy.operations)
REDACT = "redact"  # rows kept, with the person's names and words taken out of their text


@dataclass(frozen=True)
class Clear:
    """Keep the rows; empty every free-text field except ``keep``; ``replace`` gives the value for
    a field that cannot be empty."""

    keep: frozenset = field(default_factory=frozenset)
    replace: dict = field(default_factory=dict)

    def values(self, model):
        values = {}
        for f in free_text_fields(model):
            if f.name in self.keep:
                continue
            if f.name in self.replace:
                values[f.name] = self.replace[f.name]
            elif isinstance(f, models.JSONField):
                values[f.name] = None if f.null else f.get_default()
            else:
                values[f.name] = None if f.null and not isinstance(f, models.CharField) else ""
        return values


RULES = {
    "people.person": PERSON,
    "people.circlemember": DELETE,
    "people.invitation": DELETE,
    "people.lawfulbasis": Clear(keep=frozenset({"recorded_by_label"})),
    "people.accesschoice": DELETE,
    "people.decisionrecord": DELETE,
    "people.detailschange": DELETE,  # it holds their earlier names
    "profiles.profile": DELETE,  # and its photo files: privacy.operations
    "profiles.profilestatement": DELETE,
    "profiles.suggestion": DELETE,
    "profiles.profileversion": DELETE,
    "profiles.sharelink": DELETE,
    # Reviews stay (kind, date, how the person took part, signed off or not), without a place,
    # a link or the frozen record of what was said; who took part is cleared separately.
    "reviews.review": Clear(),
    "reviews.statement": DELETE,
    "insights.statementtheme": DELETE,  # goes with the statement it is on
    "reviews.invitee": DELETE,
    "reviews.reviewemail": DELETE,
    "reviews.amendment": DELETE,
    "plans.actionplan": Clear(),
    "plans.outcome": Clear(replace={"text": REMOVED}),
    "plans.outcomecheck": Clear(),
    "plans.action": Clear(replace={"what": REMOVED}),
    "plans.actionupdate": Clear(),
    "reminders.sentreminder": DELETE,
    "audit.auditevent": AUDIT,
    "privacy.legalhold": REDACT,
    "privacy.anonymisation": KEEP,
}


def free_text_fields(model):
    """The fields of ``model`` where someone could have written anything: text, not a choice."""
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, kinds) and not f.choices and not f.is_relation and not f.primary_key
    ]


def missing_rules(holdings):
    """The labels of models holding data about a person that have no rule here."""
    return sorted(h.label for h in holdings if h.label not in RULES)


class Redactor:
    """Takes a person's names and the words held about them out of a piece of text.

    Names (preferred name, full name and, with ``parts``, each part of it) are matched as whole words whatever
    their case; other text held about them (statements, outcomes, a share link's recipient...) is
    matched as it was written, longest first. A text cut short where it was recorded (an audit
    event keeps 300 characters) is caught by its first 20 characters."""

    MIN_LENGTH = 4

    def __init__(self, names, texts=(), parts=True):
        words = {n.strip() for n in names if n and n.strip()}
        for name in list(words) if parts else []:
            words.update(part for part in re.split(r"[\s\-']+", name) if len(part) >= 2)
        alternatives = sorted(words, key=len, reverse=True)
        self.names = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in alternatives) + r")(?!\w)", re.I)
            if alternatives
            else None
        )
        self.texts = sorted(
            {t.strip() for t in texts if isinstance(t, str) and len(t.strip()) >= self.MIN_LENGTH},
            key=len,
            reverse=True,
        )

    def __call__(self, value):
        if not value:
            return value
        for text in self.texts:
            if text in value:
                value = value.replace(text, REMOVED)
            elif len(text) > 20 and text[:20] in value:
                value = value[: value.index(text[:20])] + REMOVED
        if self.names is not None:
            value = self.names.sub(REMOVED, value)
        return value

    def finds_something_in(self, value):
        return bool(value) and self(value) != value
