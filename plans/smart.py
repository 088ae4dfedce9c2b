"""Could this outcome or action be clearer? Plain-English prompts for wording that is hard to check.

An outcome or action is easy to check when it says exactly what will happen, how everyone will know,
and by when (what planners call "SMART"). ``flags`` finds the usual gaps: vague words ("access to",
"regularly", "as appropriate"), no measure and no date, each with a suggestion. It flags and never
blocks: the words belong to the person and the meeting, and some good outcomes break the pattern.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Flag:
    """One thing that could be clearer: what we noticed, and what to try instead."""

    problem: str
    suggestion: str


# Vague phrases, each with what makes it vague and what to try instead.
VAGUE = [
    (
        r"\baccess(?:es|ing)? to\b",
        _("\u201cAccess to\u201d does not say what will happen."),
        _("Say what they will do, how often, and with whom."),
    ),
    (
        r"\bregular(?:ly)?\b",
        _("\u201cRegular\u201d could mean every day or once a term."),
        _("Say how often, for example \u201ctwice a week\u201d."),
    ),
    (
        r"\bas (?:appropriate|required)\b",
        _("\u201cAs appropriate\u201d leaves it to someone to decide later."),
        _("Say when it should happen, or who decides."),
    ),
    (
        r"\bsupport(?:ed|ing)? (?:with|to)\b",
        _("\u201cSupport with\u201d does not say what the support is."),
        _("Say what the help is, who gives it and how often."),
    ),
    (
        r"\bas (?:and when )?needed\b",
        _("\u201cAs needed\u201d does not say when it will happen."),
        _("Say what will show it is needed, and who will notice."),
    ),
    (
        r"\bon-?going\b",
        _("\u201cOngoing\u201d has no end, so nobody can tell when it is done."),
        _("Say what will have happened by the date."),
    ),
    (
        r"\bwhere(?:ver)? possible\b",
        _("\u201cWhere possible\u201d makes it easy to skip."),
        _("Say what will happen, or what would stop it."),
    ),
    (
        r"\bcontinue(?:s|d)? to\b",
        _("\u201cContinue to\u201d does not say what will be different."),
        _("Say what the next step is, and what will have changed by the date."),
    ),
    (
        r"\b(?:improve|increase|develop)(?:s|d)?\b(?![^.]*\b\d)",
        _("Improve, increase or develop by how much?"),
        _("Say what it will look like when it has happened, for example a number or something everyone will see."),
    ),
    (
        r"\b(?:monitor|encourage)(?:s|d|ing)?\b",
        _("Monitoring or encouraging does not say what will change."),
        _("Say what will happen as a result, and how everyone will know."),
    ),
]
VAGUE_PATTERNS = [(re.compile(pattern, re.IGNORECASE), problem, suggestion) for pattern, problem, suggestion in VAGUE]

# Words that make something countable or checkable without a "how we will know".
MEASURE = re.compile(
    r"\d|\b(?:once|twice|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|every|each|"
    r"daily|weekly|fortnightly|monthly|termly|all|on (?:his|her|their) own|without help|independently)\b",
    re.IGNORECASE,
)


def flags(text, *, due_by=None, measure=""):
    """Plain-English prompts for ``text`` (an outcome or action): vague words, no measure (no number
    in it and no ``measure``, such as the outcome's "how everyone will know"), no date. Each is a
    ``Flag`` with a suggestion. An empty list when nothing stands out."""
    text = text or ""
    found = [
        Flag(str(problem), str(suggestion)) for pattern, problem, suggestion in VAGUE_PATTERNS if pattern.search(text)
    ]
    if not (measure or "").strip() and not MEASURE.search(text):
        found.append(
            Flag(
                str(_("Nothing says how everyone will know it has happened.")),
                str(
                    _(
                        "Add something you could see or count, for example \u201cwalks to the shop on his own 3 times\u201d."
                    )
                ),
            )
        )
    if due_by is None:
        found.append(Flag(str(_("There is no date.")), str(_("Say by when, so everyone knows when to check."))))
    return found


def flags_for(item):
    """The flags for an ``Outcome`` (its words, measure and date) or an ``Action`` (what, by when)."""
    if hasattr(item, "how_we_will_know"):
        return flags(item.text, due_by=item.due_by, measure=item.how_we_will_know)
    return flags(item.what, due_by=item.due_by)
