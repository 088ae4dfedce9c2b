"""Could this be clearer? Prompts for vague outcomes and actions, which never block."""

import datetime

from plans.models import Action, Outcome
from plans.smart import flags, flags_for

DAY = datetime.date(2027, 3, 1)


def problems(found):
    return " ".join(flag.problem for flag in found)


def test_a_clear_outcome_with_a_measure_and_a_date_raises_nothing():
    assert flags("Sam walks to the shop on his own 3 times", due_by=DAY) == []


def test_vague_words_are_flagged_each_with_a_suggestion():
    for text, word in [
        ("Access to speech and language therapy", "Access to"),
        ("Regular swimming sessions", "Regular"),
        ("Sees the nurse regularly", "Regular"),
        ("Support with reading as appropriate", "Support with"),
        ("Support with reading as appropriate", "As appropriate"),
        ("Breaks as needed", "As needed"),
        ("Ongoing help at lunchtime", "Ongoing"),
        ("Joins clubs where possible", "Where possible"),
        ("Continue to attend the social group", "Continue to"),
    ]:
        found = flags(text, due_by=DAY, measure="Something everyone will see")
        assert word in problems(found), text
        assert all(flag.suggestion for flag in found)


def test_an_outcome_with_no_number_and_no_way_to_know_is_flagged():
    found = flags("Sam is happier at school", due_by=DAY)
    assert "how everyone will know" in problems(found)
    assert "how everyone will know" not in problems(flags("Sam is happier at school", due_by=DAY, measure="He says so"))


def test_something_with_no_date_is_flagged():
    assert "no date" in problems(flags("Sam swims 2 lengths"))


def test_the_flags_never_use_the_jargon_word():
    found = flags("Access to regular support with reading as appropriate, ongoing")
    assert found and not any("SMART" in flag.problem + flag.suggestion for flag in found)


def test_flags_for_reads_an_outcome_and_an_action():
    outcome = Outcome(text="Access to a youth club", how_we_will_know="", due_by=None)
    assert len(flags_for(outcome)) == 3
    action = Action(what="Book 6 swimming lessons", due_by=DAY)
    assert flags_for(action) == []
