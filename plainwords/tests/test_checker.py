"""Finding jargon and acronyms in writing, and putting plainer words in their place."""

import pytest

from accounts.models import Membership
from ourplan.tests.factories import MembershipFactory, OrganisationFactory
from plainwords.checker import first_of_each, flags, replace, starts_sentence, term_pattern, terms_for
from plainwords.models import Term

WORDS = {
    "SALT": ["speech and language therapy", "speech and language therapist"],
    "SaLT": ["speech and language therapy"],
    "ASD": ["autism", "autistic"],
    "SEN": ["special educational needs"],
    "SEND": ["special educational needs and disabilities"],
    "SENCo": ["special educational needs coordinator"],
    "SpLD": ["specific learning difficulty"],
    "EHCP": ["education, health and care plan"],
    "EHC plan": ["education, health and care plan"],
    "OT": ["occupational therapy"],
    "TA": ["teaching assistant"],
    "KS3": ["Years 7 to 9"],
    "1:1": ["one-to-one"],
    "dysregulated": ["very upset"],
    "co-regulate": ["help them calm down"],
    "escalate": ["get worse"],
    "transition": ["change"],
    "key worker": ["the main person who helps them"],
    "in the red zone": ["very upset"],
    "refusal": ["saying no"],
    "school refusal": ["finding it very hard to go to school"],
    "child's voice": ["what they say"],
}


def terms(*words, **extra):
    return [Term(pk=i + 1, word=w, alternatives=WORDS.get(w, ["plainer"]), **extra) for i, w in enumerate(words)]


ALL = terms(*WORDS)


def found(text, with_terms=ALL):
    return [flag.found for flag in flags(text, with_terms)]


def test_salt_is_flagged_with_a_plain_alternative():
    [flag] = flags("Sam sees SALT every week.", ALL)
    assert (flag.found, flag.start, flag.end) == ("SALT", 9, 13)
    assert flag.alternatives == ["speech and language therapy", "speech and language therapist"]
    assert flag.term.word == "SALT"


def test_acronyms_match_only_in_capitals_and_never_inside_a_word():
    assert found("Add salt. He likes wasd keys and WASD. Not asd or Asd. NOTE: TAXI, STAR") == []
    assert found("He has ASD. The TA and the OT met.") == ["ASD", "TA", "OT"]


def test_an_acronym_may_be_plural():
    assert found("Two TAs and the SENCos") == ["TAs", "SENCos"]


def test_an_acronym_with_small_letters_also_matches_all_in_capitals():
    assert found("The SENCo, the SENCO, SpLD and SPLD") == ["SENCo", "SENCO", "SpLD", "SPLD"]
    assert found("Sencos and spld") == []


def test_ordinary_words_match_in_any_capitals():
    assert found("Dysregulated. He was DYSREGULATED and dysregulated.") == [
        "Dysregulated",
        "DYSREGULATED",
        "dysregulated",
    ]


def test_ordinary_words_match_with_simple_endings():
    assert found("It escalates, escalated, escalating; transitions") == [
        "escalates",
        "escalated",
        "escalating",
        "transitions",
    ]


def test_ordinary_words_never_match_part_of_a_longer_word():
    assert found("Transitional arrangements; unescalated; refusals; refusalism") == ["refusals"]


def test_a_hyphen_may_also_be_a_space_or_nothing():
    assert found("We co-regulate, co regulate and coregulate") == ["co-regulate", "co regulate", "coregulate"]


def test_phrases_match_across_any_spaces_and_line_breaks():
    assert found("He was in the  Red\nZone. Her keyworker and key worker.") == [
        "in the  Red\nZone",
        "keyworker",
        "key worker",
    ]


def test_an_acronym_inside_a_phrase_keeps_its_capitals_and_the_last_word_its_endings():
    assert found("Her EHC plan; two EHC Plans; an ehc plan") == ["EHC plan", "EHC Plans"]


def test_one_to_one_matches_as_written_but_not_inside_a_time_or_a_ratio():
    assert found("1:1 support at 11:15, a 1:10 ratio, 21:1 and 1:1.5, then 1:1.") == ["1:1", "1:1"]


def test_straight_and_curly_apostrophes_match_each_other():
    assert found("The child’s voice and the child's voice") == ["child’s voice", "child's voice"]


def test_flags_come_in_text_order_and_never_overlap():
    result = flags("School refusal, then SEND and SEN, then EHCP.", ALL)
    assert [(f.found, f.start) for f in result] == [("School refusal", 0), ("SEND", 21), ("SEN", 30), ("EHCP", 40)]
    for before, after in zip(result, result[1:], strict=False):
        assert before.end <= after.start


def test_the_longest_term_wins_where_two_start_at_the_same_place():
    [flag] = flags("School refusal", ALL)
    assert flag.term.word == "school refusal"


def test_exact_terms_match_only_exactly_as_written():
    exact = [Term(pk=1, word="Tier 2", alternatives=["extra help"], match=Term.Match.EXACT)]
    assert found("Tier 2, tier 2, Tier 2s, Tier  2", exact) == ["Tier 2", "Tier  2"]


def test_nothing_is_flagged_in_plain_words_or_empty_text():
    assert flags("Sam likes football and his speech and language therapist.", ALL) == []
    assert flags("", ALL) == [] and flags(None, ALL) == [] and flags("   ", ALL) == []
    assert flags("SALT", []) == []


def test_the_same_word_written_twice_is_flagged_twice_but_listed_once():
    both = flags("SALT on Monday, SALT on Friday", ALL)
    assert [f.start for f in both] == [0, 16]
    assert [f.found for f in first_of_each(both)] == ["SALT"]


def test_a_term_written_the_same_twice_is_matched_by_the_first_given():
    ours = Term(pk=99, word="SALT", alternatives=["our speech therapist"])
    [flag] = flags("SALT", [ours, *ALL])
    assert flag.alternatives == ["our speech therapist"]


def test_the_regex_for_a_list_of_terms_is_compiled_once_and_reused():
    from plainwords.checker import _compiled

    flags("SALT", ALL)
    before = _compiled.cache_info().hits
    flags("ASD", terms(*WORDS))  # the same words, new objects
    assert _compiled.cache_info().hits == before + 1


def test_a_long_statement_is_checked_with_one_compiled_pattern():
    """Speed comes from compiling the terms once (timings belong in bench/, not in tests)."""
    from plainwords.checker import _compiled

    text = "Sam enjoys football and drawing with his friends at lunchtime. " * 300 + "SALT"
    flags(text, ALL)
    compiled = _compiled.cache_info().misses
    for _ in range(5):
        assert [f.found for f in flags(text, ALL)] == ["SALT"]
    assert _compiled.cache_info().misses == compiled


def test_term_patterns_are_whole_word_regexes():
    assert term_pattern("SALT").startswith(r"(?<!\w)")
    assert term_pattern("   ") == ""


# Replacing


def test_replace_changes_the_first_occurrence_and_keeps_the_rest():
    assert replace("He sees SALT. SALT helps.", "SALT", "speech and language therapy") == (
        "He sees speech and language therapy. SALT helps."
    )


def test_replace_can_change_every_occurrence():
    text = "He sees SALT, and SALT helps."
    assert replace(text, "SALT", "speech and language therapy", every=True) == (
        "He sees speech and language therapy, and speech and language therapy helps."
    )


def test_replace_changes_the_occurrence_at_start_when_given():
    assert replace("SALT, then SALT.", "SALT", "therapy", start=11) == "SALT, then therapy."
    assert replace("SALT, then SALT.", "SALT", "therapy", start=3) == "Therapy, then SALT."  # not there: the first


def test_replace_gives_a_capital_letter_at_the_start_of_a_sentence():
    assert replace("Dysregulated after lunch.", "Dysregulated", "very upset") == "Very upset after lunch."
    assert replace("He was fine. dysregulated later", "dysregulated", "very upset") == "He was fine. Very upset later"
    assert (
        replace("Fine.\nSALT today", "SALT", "speech and language therapy")
        == "Fine.\nSpeech and language therapy today"
    )
    assert replace("He had SALT", "SALT", "speech and language therapy") == "He had speech and language therapy"
    assert replace("EYFS now", "EYFS", "nursery and Reception") == "Nursery and Reception now"


def test_replace_prefers_a_whole_word():
    assert replace("NOTE: OT today", "OT", "occupational therapy") == "NOTE: occupational therapy today"


def test_replace_leaves_the_text_alone_when_the_word_is_not_there():
    assert replace("Sam is happy", "SALT", "speech and language therapy") == "Sam is happy"
    assert replace("", "SALT", "x") == "" and replace("SALT", "", "x") == "SALT"


@pytest.mark.parametrize(
    "text, place, expected",
    [("SALT", 0, True), ("Hi. SALT", 4, True), ("Hi, SALT", 4, False), ("Hi!\n‘SALT", 5, True), ("- SALT", 2, True)],
)
def test_starts_sentence(text, place, expected):
    assert starts_sentence(text, place) is expected


# Which terms apply to whom


def test_an_organisations_own_terms_are_flagged_only_for_its_people(area, django_assert_num_queries):
    Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"])
    Term.objects.create(organisation=area.other_school, word="Hub", alternatives=["the support base"])
    with django_assert_num_queries(1):
        sams = terms_for(area.sam)
        assert terms_for(area.sam) is sams  # cached on the person for the rest of the request
    words = {t.word for t in sams}
    assert {"ZPR", "SALT", "dysregulated"} <= words
    assert "Hub" not in words
    assert [f.found for f in flags("ZPR after the Hub", sams)] == ["ZPR"]


def test_every_organisation_the_coordinator_belongs_to_adds_its_terms(area):
    health = OrganisationFactory(name="Riverside Therapy Team")
    MembershipFactory(user=area.green, organisation=health, role=Membership.Role.PRACTITIONER)
    Term.objects.create(organisation=health, word="PODD", alternatives=["communication book"])
    assert "PODD" in {t.word for t in terms_for(area.sam)}


def test_an_organisations_own_term_wins_over_a_built_in_one_written_the_same(area):
    Term.objects.create(organisation=area.school, word="SALT", alternatives=["Mrs Hughes, our speech therapist"])
    [flag] = flags("SALT", terms_for(area.sam))
    assert flag.alternatives == ["Mrs Hughes, our speech therapist"]
