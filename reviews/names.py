"""Catch the wrong child's name before views are sent or a statement is saved.

Copying from another child's report is an easy mistake, and a painful one for a family to read.
``names_to_check`` flags names that may belong to someone else. It only flags: the author checks
and sends anyway if the names are right. False alarms are acceptable; a missed name is the risk.
"""

import re
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from audit.access import circle_of, people_visible_to
from plainwords.checker import starts_sentence

# A capitalised word, without any possessive ("Tom's" is "Tom"). Words with more than one capital
# ("SENCO", "McDonald") are left alone: acronyms are the plain words check's business.
WORD = re.compile(r"(?<![\w'’-])([^\W\d_]+)(?:['’]s)?(?![\w'’-])")  # letters of any alphabet: Zoë, Siân

# Capitalised words that are rarely a child's name.
COMMON_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday weekend weekends
    january february march april may june july august september october november december
    spring summer autumn winter christmas easter eid diwali ramadan hanukkah halloween birthday
    school college academy primary secondary nursery reception sixth form year key stage class
    university church mosque temple synagogue park pool beach hospital clinic centre center club
    home road street town city council library shop shops cafe
    england english britain british london wales welsh scotland scottish ireland irish europe
    maths science history geography art music drama computing french spanish german religious
    mum mummy mom mam dad daddy nan nana nanny gran granny grandma grandad grandpa auntie aunty
    uncle sister brother cousin family mr mrs ms miss mx dr sir madam
    what important working strengths challenges life questions question answer answers
    speech language therapy therapist doctor nurse teacher teachers head headteacher assistant
    social worker support plan profile review team care health education local authority
    he she they we it its his her their our my me you your yes no ok also and but so then
    the a an this that there these those when while if because after before
    lego minecraft roblox fortnite xbox playstation nintendo switch netflix google
    god allah jesus
    """.split()
)


@dataclass(frozen=True)
class NameFlag:
    """A word in what someone wrote that may be the wrong child's name."""

    found: str
    reason: str


def _capitalised(word):
    """A word written like a name: a capital, then small letters ("Zoë", not "SALT" or "and")."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def names_to_check(text, review, viewer, _context=None):
    """The names in ``text`` (about ``review``'s person, written by ``viewer``) worth a second look:
    another person in OurPlan whose name ``viewer`` can see, and any capitalised word that looks like
    a first name but belongs to nobody in the person's circle. One query, plus the circle (shared
    with the page) and the review's invitees."""
    if not text or not text.strip():
        return []
    person = review.person
    known, others = _context or _checking_context(review, viewer)
    flags, seen, covered = [], set(), []

    for match in others.finditer(text):
        found = match.group()
        covered.append(range(match.start(), match.end()))
        if found not in seen:
            seen.add(found)
            flags.append(
                NameFlag(
                    found,
                    _("‘%(found)s’ is the name of another young person you know. Check you have the right child.")
                    % {"found": found},
                )
            )

    for match in WORD.finditer(text):
        word = match.group(1)
        if (
            not _capitalised(word)
            or word in seen
            or _common(word)
            or word.lower() in known
            or any(match.start() in span for span in covered)
            or starts_sentence(text, match.start())
        ):
            continue
        seen.add(word)
        flags.append(
            NameFlag(
                word,
                _("‘%(found)s’ is not in %(name)s's circle. Check you have the right child.")
                % {"found": word, "name": person.preferred_name},
            )
        )
    return flags


class NameFlags(list):
    """The ``NameFlag``s of ``names_in``, with ``checked``: the fingerprint of exactly the words that
    were checked. The form showing the flags sends it back (``CHECKED_WORDS``), so "Yes, the names
    are right" saves those words unchecked, and words changed since are checked again."""

    def __init__(self, flags, checked):
        super().__init__(flags)
        self.checked = checked


def names_in(texts, review, viewer, already=()):
    """``names_to_check`` for several texts at once, each word flagged once; what they are checked
    against is loaded once for all of them. Names flagged in ``already`` (the words as they were
    before a change or a merge, checked then) are not flagged again. Returns ``NameFlags``."""
    texts = list(texts)
    context = _checking_context(review, viewer)
    seen = {flag.found for text in already for flag in names_to_check(text, review, viewer, context)}
    flags = []
    for text in texts:
        for flag in names_to_check(text, review, viewer, context):
            if flag.found not in seen:
                seen.add(flag.found)
                flags.append(flag)
    return NameFlags(flags, checked=fingerprint(texts))


def _common(word):
    lower = word.lower()
    return lower in COMMON_WORDS or (lower.endswith("s") and lower[:-1] in COMMON_WORDS)  # "Saturdays"


def _checking_context(review, viewer):
    """(the person's own world's words, a pattern of other people's names ``viewer`` can see)."""
    known = _known_words(review)
    return known, _other_people_pattern(review, viewer, known)


def _known_words(review):
    """Lower-case words that belong to the person's own world: their names, their circle's names and
    roles, the names of those invited to the review, and their school or college."""
    person = review.person
    phrases = [person.preferred_name, person.full_name]
    for member in circle_of(person):
        phrases += [member.user.name, member.role_description]
    phrases += [w for pair in review.invitees.values_list("name", "role") for w in pair]
    if person.setting_id:
        phrases.append(person.setting.name)
    return {word.lower() for phrase in phrases if phrase for word in re.findall(r"[^\W\d_]+", phrase)}


def _other_people_pattern(review, viewer, known):
    """A regex for the names of the other people ``viewer`` can see. A name that is also one of the
    person's own or their circle's (two children called Sam) is left out: it is probably right."""
    names = set()
    others = people_visible_to(viewer).exclude(pk=review.person_id).values_list("preferred_name", "full_name")
    for preferred, full in others:
        first = full.split()[0] if full.split() else ""
        for name in (preferred, full, first):
            name = name.strip()
            if name and not all(word.lower() in known for word in name.split()):
                names.add(name)
    if not names:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")


# The button that says "Yes, the names are right" sends this, so the words are saved as they are;
# with it, the form sends the fingerprint of the words whose names were shown to check.
NAMES_CHECKED = "names_checked"
CHECKED_WORDS = "names_checked_for"


def fingerprint(texts):
    """A fingerprint of exactly ``texts`` (as the form cleaned them), which only OurPlan can make."""
    joined = "\x1e".join(text.strip() for text in texts)
    return salted_hmac("reviews.names.checked", joined, algorithm="sha256").hexdigest()


def names_checked(request, texts, said_yes=None):
    """Whether the person saving has said the names are right in exactly ``texts``: they pressed
    "Yes, the names are right" (``said_yes``, else the ``NAMES_CHECKED`` button) on the form that
    showed the names in these very words. Words changed in that form since are checked again."""
    if said_yes is None:
        said_yes = request.POST.get(NAMES_CHECKED) == "1"
    return said_yes and constant_time_compare(request.POST.get(CHECKED_WORDS, ""), fingerprint(texts))
