"""Find jargon and acronyms in a piece of writing, and offer plainer words. It flags; it never blocks.

    terms = terms_for(person)               # built-in terms plus the coordinator's organisations' own
    for flag in flags(text, terms): ...     # Flag(found="SALT", start=4, end=8, alternatives=[...], ...)
    text = replace(text, "SALT", "speech and language therapy")

How a term matches (``Term.Match.USUAL``), word by word:

- an acronym, a word with two or more capitals ("SALT", "SpLD", "EHC"), matches only as written or
  all in capitals, and may take a plural "s" ("TAs"). So "salt" and the "asd" in "wasd" never match;
- any other word matches in any capitals ("Dysregulated"); the term's last word may also end in
  -s, -es, -ed or -ing ("escalates", "transitions"); a hyphen in a term may also be a space or
  nothing ("co-regulate", "co regulate", "coregulate"), and so may the gap between words;
- a term without letters ("1:1") matches as written, but not inside a number ("11:15", "1:10").

A whole term never matches part of a longer word. ``Term.Match.EXACT`` matches exactly as written.
"""

import functools
import re
from dataclasses import dataclass, field

from django.db.models import F

from accounts.models import Membership
from plainwords.models import Term

# Long enough for any statement or answer; a longer text is checked only this far.
MAX_CHECKED_LENGTH = 20_000


@dataclass(frozen=True)
class Flag:
    """One place in a text where a term was found."""

    found: str  # the text exactly as written, e.g. "SALT" or "Dysregulated"
    start: int
    end: int
    term: Term = field(hash=False)
    alternatives: list[str] = field(default_factory=list, hash=False)
    explanation: str = ""


def terms_for(person):
    """The terms to flag in writing about ``person``: those built into OurPlan and those added by
    any organisation their coordinator belongs to. One query, then cached on ``person``."""
    terms = getattr(person, "_plainwords_terms", None)
    if terms is None:
        organisations = Membership.objects.filter(user_id=person.coordinator_id).values("organisation_id")
        terms = terms_for_organisations(organisations)
        person._plainwords_terms = terms
    return terms


def terms_for_organisations(organisations):
    """Built-in terms and ``organisations``' own (a queryset of organisations or of their ids), as
    a list. An organisation's own term comes first, so it wins over a built-in one written the same."""
    return list(Term.objects.for_organisations(organisations).order_by(F("organisation_id").asc(nulls_last=True), "pk"))


def flags(text, terms):
    """Every term of ``terms`` found in ``text``, as ``Flag``s in the order they appear. Flags never
    overlap: the one starting first wins, and of those starting at the same place, the longest term."""
    text = (text or "")[:MAX_CHECKED_LENGTH]
    if not text.strip() or not terms:
        return []
    regex, ordered = _matcher(tuple(terms))
    found = []
    for match in regex.finditer(text):
        term = ordered[int(match.lastgroup[1:])]
        found.append(
            Flag(
                found=match.group(),
                start=match.start(),
                end=match.end(),
                term=term,
                alternatives=[str(a) for a in term.alternatives],
                explanation=term.explanation,
            )
        )
    return found


def flags_for(person, text):
    """``flags(text, terms_for(person))``: what to flag in writing about ``person``."""
    return flags(text, terms_for(person))


def first_of_each(found_flags):
    """The flags with each word as written kept once (the first), for showing a short list."""
    seen, result = set(), []
    for flag in found_flags:
        if flag.found not in seen:
            seen.add(flag.found)
            result.append(flag)
    return result


def replace(text, found, alternative, *, start=None, every=False):
    """``text`` with ``found`` (as written) changed to ``alternative``; everything else stays as it was.

    Changes the occurrence at ``start`` if that is where ``found`` is, else the first one, or, with
    ``every=True``, every one. A whole word is preferred to part of one ("OT" not in "NOTE"). An
    alternative that starts a sentence gets a capital letter. If ``found`` is not there, the text
    comes back unchanged."""
    if not text or not found:
        return text
    if not every and start is not None and text[start : start + len(found)] == found:
        places = [start]
    else:
        places = [m.start() for m in _whole(found).finditer(text)]
        places = places or [m.start() for m in re.finditer(re.escape(found), text)]
        places = places if every else places[:1]
    if not places:
        return text
    pieces, last = [], 0
    for place in places:
        pieces.append(text[last:place])
        pieces.append(_fitted(alternative, text, place))
        last = place + len(found)
    pieces.append(text[last:])
    return "".join(pieces)


def starts_sentence(text, place):
    """Whether ``place`` in ``text`` is the start of a sentence (or of the text, or of a line)."""
    stripped = text[:place].rstrip(" \t\"'‘“(*-•")
    return not stripped or stripped[-1] in ".!?\r\n"


def _fitted(alternative, text, place):
    if alternative[:1].islower() and starts_sentence(text, place):
        return alternative[0].upper() + alternative[1:]
    return alternative


@functools.lru_cache(maxsize=256)
def _whole(found):
    return re.compile(rf"(?<!\w){re.escape(found)}(?!\w)")


# Matching


def _matcher(terms):
    """One compiled regex for ``terms``, and the terms in the order of its groups ``t0``, ``t1``, ..."""
    ordered, patterns, seen = [], [], set()
    # Longest first, so that at one place "SEND" is tried before "SEN" and "EHC plan" before "EHCP".
    # The sort is stable: of two terms written the same, the first given (an organisation's) wins.
    for term in sorted(terms, key=lambda t: -len(t.word)):
        pattern = term_pattern(term.word, term.match)
        if pattern and pattern not in seen:
            seen.add(pattern)
            ordered.append(term)
            patterns.append(pattern)
    return _compiled(tuple(patterns)), ordered


@functools.lru_cache(maxsize=64)
def _compiled(patterns):
    """Cached by the patterns themselves, so an added or removed term makes a new regex."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?P<t{i}>{p})" for i, p in enumerate(patterns)))


@functools.lru_cache(maxsize=4096)
def term_pattern(word, match=Term.Match.USUAL):
    """The regex (as a string) that finds ``word`` as a whole term, following the rules above."""
    words = word.split()
    if not words:
        return ""
    if match == Term.Match.EXACT:
        body = r"\s+".join(_quotes(re.escape(w)) for w in words)
    else:
        body = r"(?:\s+|-)?".join(_token(w, last=i == len(words) - 1) for i, w in enumerate(words))
    before = r"(?<!\w)(?<!\d[:.,/])" if word[0].isdigit() else r"(?<!\w)"
    after = r"(?!\w)(?![:.,/]\d)" if word[-1].isdigit() else r"(?!\w)"
    return f"{before}(?:{body}){after}"


def _token(word, last):
    if sum(c.isupper() for c in word) >= 2:  # an acronym: capitals matter
        body = _quotes(re.escape(word))
        if word != word.upper():  # "SpLD" is also written "SPLD"
            body = f"(?:{body}|{_quotes(re.escape(word.upper()))})"
        return body + ("s?" if word[-1].isalpha() and word[-1] not in "sS" else "")
    if not any(c.isalpha() for c in word):  # "1:1"
        return _quotes(re.escape(word))
    parts = word.split("-")
    escaped = [_quotes(re.escape(p)) for p in parts[:-1]]
    escaped.append(_with_endings(parts[-1]) if last else _quotes(re.escape(parts[-1])))
    return "(?i:" + r"(?:-|\s)?".join(escaped) + ")"


def _with_endings(word):
    """The word, or with a simple ending: -s, -es, -ed, -ing (and "escalate" → "escalating")."""
    lower = word.lower()
    if not lower[-1:].isalpha() or lower.endswith(("ed", "ing")):
        return _quotes(re.escape(word))
    if lower.endswith("e"):
        return _quotes(re.escape(word[:-1])) + "(?:e[sd]?|ing)"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return _quotes(re.escape(word)) + "(?:es|ed|ing)?"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return _quotes(re.escape(word[:-1])) + "(?:y|ies|ied|ying)"
    return _quotes(re.escape(word)) + "(?:s|es|ed|ing)?"


def _quotes(escaped):
    """Straight and curly apostrophes match each other."""
    return re.sub("['’]", "['’]", escaped)


def flags_to_show(person, text):
    """The flags for ``text`` about ``person`` to show beside it: each word as written once."""
    return first_of_each(flags_for(person, text))
