"""Suggesting themes for what people say, offline: no network, nothing to download, no Django.

Two sources of evidence, blended theme by theme:

- **Keywords**: each theme's own words and phrases (``Theme.keywords``, one a line), matched after
  the same light normalisation as the text. This is all there is until practitioners tag.
- **What practitioners chose**: a one-against-the-rest multinomial naive Bayes over word and
  two-word counts, trained on the area's statements with themes that count (chosen, or suggested
  and accepted). A declined suggestion is evidence against that theme. The theme's keywords are
  added as a few pseudo-counts, so what the area wrote down is never forgotten.

A theme with few tagged statements leans on its keywords; one with many, on what people chose
(``BACK_OFF``). Everything is plain arithmetic in a fixed order, so the same text, themes and
examples always give the same suggestions. Building a model from tens of thousands of examples
takes a few seconds; suggesting costs tens of microseconds a statement (``suggest_many``).
"""

import math
import re
from collections import Counter
from functools import lru_cache

THRESHOLD = 0.5  # suggest a theme whose score is at least this
MAX_SUGGESTIONS = 3
BACK_OFF = 25  # with this many tagged statements a theme trusts what people chose as much as its keywords
KEYWORD_MISS = 0.3  # each keyword found leaves this share of doubt: 1 found 0.7, 2 found 0.91
KEYWORD_PSEUDO_COUNT = 2  # how much a keyword counts in the trained model, as if seen this often
SMOOTHING = 1.0  # Laplace smoothing of the word counts
MIN_FEATURE_COUNT = 2  # words seen once in all the examples are noise (keywords are always kept)

# Common words that say nothing about a theme. Left out of the model's features, kept in phrases.
STOPWORDS = frozenset(
    """a about after all also am an and any are as at be because been before being but by can
    could did do does doing dont for from get got had has have having he her here hers him his how
    i if in into is it its just like me more most my no not of off on once only or other our out
    over really she so some than that the their them then there these they this those through to
    too up us very was we were what when where which while who why will with would you your yours
    """.split()
)
_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"['’‘`]")


@lru_cache(maxsize=65536)
def fold(word):
    """One lower-case word reduced to a rough common form: plurals and "-ing" folded.
    therapies -> therapy, friends -> friend, classes -> class, swimming -> swim, meetings -> meet."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")) and word != "this":
        word = word[:-1]
    if len(word) >= 6 and word.endswith("ing"):
        word = word[:-3]
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
            word = word[:-1]  # swimm -> swim, stopp -> stop
    return word


def words(text):
    """The words of ``text``, lower-cased, without punctuation, each folded (``fold``)."""
    text = _APOSTROPHE.sub("", str(text).lower())
    return [fold(token) for token in _TOKEN.findall(text)]


def features(text):
    """Word and two-word counts of ``text`` (common words left out), for the trained model."""
    kept = [word for word in words(text) if word not in STOPWORDS and len(word) > 1]
    found = Counter(kept)
    found.update(f"{first} {second}" for first, second in zip(kept, kept[1:], strict=False))
    return found


def keyword_phrases(keywords):
    """Each line of a theme's keywords as a tuple of folded words; blank lines left out."""
    phrases = []
    for line in str(keywords or "").replace(",", "\n").splitlines():
        phrase = tuple(words(line))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


class Model:
    """Suggests themes for one area's texts. Build with ``Model.build(themes, examples)``.

    ``themes`` are objects with ``pk``, ``keywords`` and ``retired`` (``insights.Theme``); retired
    themes are never suggested. ``examples`` are ``(text, themes_that_apply, themes_declined)``,
    the last two as collections of theme ids."""

    def __init__(self, themes, phrases, weights, bias, trust):
        self.themes = themes  # the themes that may be suggested, in order
        self._phrases = phrases  # first word -> [(phrase, theme index)]
        self._weights = weights  # feature -> per-theme log-likelihood ratios
        self._bias = bias  # per-theme prior log odds
        self._trust = trust  # per-theme share of the trained model in the blended score
        self.examples = 0

    @classmethod
    def build(cls, themes, examples=()):
        themes = [theme for theme in themes if not theme.retired]
        index = {theme.pk: i for i, theme in enumerate(themes)}
        size = len(themes)
        phrases = {}
        keyword_features = [Counter() for _ in themes]
        for i, theme in enumerate(themes):
            for phrase in keyword_phrases(theme.keywords):
                phrases.setdefault(phrase[0], []).append((phrase, i))
                keyword_features[i].update(features(" ".join(phrase)))

        # Counts of each feature: in all examples, and in the examples of each theme.
        total, per_theme = Counter(), [Counter() for _ in themes]
        positives, negatives, count = [0] * size, [0] * size, 0
        for text, applies, declined in examples:
            applies = [index[pk] for pk in applies if pk in index]
            declined = [index[pk] for pk in declined if pk in index and pk not in applies]
            if not applies and not declined:
                continue
            count += 1
            found = features(text)
            total.update(found)
            for i in applies:
                per_theme[i].update(found)
                positives[i] += 1
            for i in declined:
                negatives[i] += 1
        vocabulary = {feature for feature, n in total.items() if n >= MIN_FEATURE_COUNT}
        for i, extra in enumerate(keyword_features):
            for feature, n in extra.items():
                vocabulary.add(feature)
                per_theme[i][feature] += n * KEYWORD_PSEUDO_COUNT
                total[feature] += n * KEYWORD_PSEUDO_COUNT
        vocabulary = sorted(vocabulary)  # a fixed order, so sums always add up the same way
        size_v = len(vocabulary) or 1
        in_theme = [sum(per_theme[i][f] for f in vocabulary) for i in range(size)]
        overall = sum(total[f] for f in vocabulary)
        weights = {}
        for feature in vocabulary:
            row = []
            for i in range(size):
                inside = per_theme[i][feature]
                outside = total[feature] - inside
                row.append(
                    math.log((inside + SMOOTHING) / (in_theme[i] + SMOOTHING * size_v))
                    - math.log((outside + SMOOTHING) / (overall - in_theme[i] + SMOOTHING * size_v))
                )
            weights[feature] = tuple(row)
        # Everything that is not about a theme counts against it: examples of other themes and
        # those where it was declined.
        bias = [math.log((positives[i] + 1) / (count - positives[i] + 1)) for i in range(size)]
        trust = [positives[i] / (positives[i] + BACK_OFF) for i in range(size)]
        model = cls(themes, phrases, weights, bias, trust)
        model.examples = count
        return model

    def _keyword_scores(self, folded):
        found = [set() for _ in self.themes]
        for start, word in enumerate(folded):
            for phrase, i in self._phrases.get(word, ()):
                if tuple(folded[start : start + len(phrase)]) == phrase:
                    found[i].add(phrase)
        return [1 - KEYWORD_MISS ** len(phrases) if phrases else 0.0 for phrases in found]

    def scores(self, text):
        """Every theme's score for ``text``, between 0 and 1, in the order of ``self.themes``."""
        folded = words(text)
        keyword = self._keyword_scores(folded)
        if not any(self._trust):
            return keyword
        odds = list(self._bias)
        for feature, n in features(text).items():
            row = self._weights.get(feature)
            if row is not None:
                for i, weight in enumerate(row):
                    odds[i] += n * weight
        return [
            trust * _sigmoid(log_odds) + (1 - trust) * kw
            for trust, log_odds, kw in zip(self._trust, odds, keyword, strict=True)
        ]

    def suggest(self, text):
        """Up to ``MAX_SUGGESTIONS`` ``(theme, score)``, best first, each at least ``THRESHOLD``."""
        # Best first; between equal scores, the theme earlier in the area's list.
        ranked = sorted(
            ((round(score, 4), -i) for i, score in enumerate(self.scores(text)) if score >= THRESHOLD),
            reverse=True,
        )
        return [(self.themes[-minus_i], score) for score, minus_i in ranked[:MAX_SUGGESTIONS]]

    def suggest_many(self, texts):
        """``suggest`` for each of ``texts``, in order."""
        return [self.suggest(text) for text in texts]


def _sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def suggest(statement_text, themes, examples=()):
    """Themes for one statement: ``[(theme, score)]``, best first, at most three. Building the model
    is the costly part: for many statements build one ``Model`` (or use ``suggest_many``)."""
    return Model.build(themes, examples).suggest(statement_text)


def suggest_many(texts, themes, examples=()):
    """Themes for each of ``texts`` with one model: a list of ``[(theme, score)]``."""
    return Model.build(themes, examples).suggest_many(texts)
