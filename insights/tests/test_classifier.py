"""The theme classifier: offline, deterministic, keywords first, then what practitioners chose."""

import time
from types import SimpleNamespace

from insights.classifier import MAX_SUGGESTIONS, Model, features, fold, suggest, suggest_many, words
from insights.themes import DEFAULT_THEMES


def default_themes():
    return [
        SimpleNamespace(pk=i + 1, name=name, keywords=keywords, retired=False)
        for i, (name, _description, keywords) in enumerate(DEFAULT_THEMES)
    ]


def named(suggestions):
    return [theme.name for theme, _score in suggestions]


def test_words_are_lower_cased_without_punctuation_and_plurals_and_ing_folded():
    assert words("The TAXIS, to Sam's school!") == ["the", "taxi", "to", "sam", "school"]
    assert [fold(w) for w in ("therapies", "friends", "classes", "swimming", "meetings", "bus")] == [
        "therapy",
        "friend",
        "class",
        "swim",
        "meet",
        "bus",
    ]


def test_features_are_words_and_pairs_of_words_without_common_words():
    assert features("the taxi to school") == {"taxi": 1, "school": 1, "taxi school": 1}


def test_it_suggests_transport_for_the_taxi_to_school_being_late():
    found = suggest("the taxi to school is always late", default_themes())
    assert named(found)[0] == "Transport"
    assert all(0.5 <= score <= 1 for _theme, score in found)


def test_it_suggests_nothing_for_words_that_match_no_theme():
    assert suggest("Sam has a lovely smile", default_themes()) == []


def test_it_suggests_at_most_three_themes_best_first():
    text = "The taxi is late, my speech therapy stopped, I miss my friends at the youth club and mum needs a break"
    found = suggest(text, default_themes())
    assert len(found) == MAX_SUGGESTIONS
    scores = [score for _theme, score in found]
    assert scores == sorted(scores, reverse=True)


def test_retired_themes_are_never_suggested():
    themes = default_themes()
    themes[0].retired = True
    assert "Transport" not in named(suggest("the taxi to school is always late", themes))


def test_it_learns_from_the_themes_practitioners_choose():
    themes = default_themes()
    friendships = next(t for t in themes if t.name == "Friendships and community")
    text = "He loves the trampoline park on Saturdays"
    assert suggest(text, themes) == []
    examples = [(f"Going to the trampoline park with {n} others", [friendships.pk], []) for n in range(40)]
    examples += [("The bus is late again", [themes[0].pk], []) for _ in range(40)]
    assert named(suggest(text, themes, examples)) == ["Friendships and community"]


def test_declined_suggestions_count_against_a_theme():
    themes = default_themes()
    transport = themes[0]
    text = "She wants to learn to drive a car one day"
    examples = [("She wants to drive a car", [], [transport.pk]) for _ in range(60)]
    examples += [("The taxi was late", [transport.pk], []) for _ in range(60)]
    trained = Model.build(themes, examples)
    untrained = Model.build(themes)
    assert trained.scores(text)[0] < untrained.scores(text)[0] or untrained.scores(text)[0] == 0


def test_the_same_input_always_gives_the_same_suggestions():
    themes = default_themes()
    examples = [(f"statement {n} about the bus and friends", [1 + n % 3], [4]) for n in range(200)]
    texts = ["the taxi to school", "friends at club", "mum needs a short break", "nothing here"]
    first = suggest_many(texts, themes, examples)
    assert first == suggest_many(texts, themes, examples)
    assert first == [suggest(text, themes, examples) for text in texts]


def test_building_from_tens_of_thousands_and_suggesting_for_many_is_fast():
    themes = default_themes()
    phrases = ["the taxi is late", "speech therapy helps", "friends at the club", "moving house soon",
               "work experience at the cafe", "sleep is hard", "uses signing to talk", "mum needs respite",
               "the classroom is noisy", "learning to cook", "likes painting", "good at maths"]  # fmt: skip
    examples = [(f"{phrases[n % 12]} number {n % 97}", [1 + n % 10], []) for n in range(30_000)]
    started = time.perf_counter()
    model = Model.build(themes, examples)
    built = time.perf_counter() - started
    texts = [f"{phrases[n % 12]} and {phrases[(n * 7) % 12]} {n}" for n in range(20_000)]
    started = time.perf_counter()
    model.suggest_many(texts)
    per_statement = (time.perf_counter() - started) / len(texts)
    assert built < 10, f"built in {built:.1f}s"
    # 600,000 statements in a few minutes.
    assert per_statement * 600_000 < 300, f"{per_statement * 1e6:.0f} µs a statement"
