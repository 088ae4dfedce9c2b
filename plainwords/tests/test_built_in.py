"""The terms built into OurPlan (migration 0002)."""

import re

from plainwords.checker import flags
from plainwords.models import Term


def test_a_good_list_of_send_jargon_is_built_in(db):
    built_in = list(Term.objects.built_in())
    words = {t.word for t in built_in}
    assert len(built_in) >= 50
    assert {"SALT", "ASD", "SEMH", "1:1", "dysregulated", "EHCP", "SENCo", "CAMHS", "meltdown"} <= words
    for term in built_in:
        assert term.alternatives and all(a.strip() for a in term.alternatives), term.word
        assert term.added_by is None


def test_every_built_in_term_is_flagged_where_it_is_written(db):
    built_in = list(Term.objects.built_in())
    for term in built_in:
        found = flags(f"We talked about {term.word} today.", built_in)
        assert [f.found for f in found] == [term.word], term.word


def test_no_plain_alternative_is_itself_flagged(db):
    built_in = list(Term.objects.built_in())
    for term in built_in:
        for alternative in term.alternatives:
            assert flags(alternative, built_in) == [], f"{term.word}: {alternative}"


def test_plain_alternatives_are_short_and_in_ordinary_words(db):
    for term in Term.objects.built_in():
        for alternative in term.alternatives:
            assert len(alternative) <= 60, alternative
            assert not re.search(r"\b[A-Z]{2,}\b", alternative), alternative  # no acronyms
