"""The one-page layout: the page's geometry, which the PDF's stylesheet is written from, and ``fit``,
which works out from the fonts' own metrics whether a profile fits on one A4 page and at what size.

``fit`` is the single source of truth for "does it fit": ``profiles.operations.check_fits`` refuses
changes it rejects, the editor shows its verdict, and ``profiles.documents.render_pdf`` renders at
the size it chose. It never renders a PDF (it runs on every statement saved): it wraps each
statement greedily, word by word, with the advance widths of the very font files the PDF embeds
(read once with fontTools), breaks words too long for a line anywhere, as the stylesheet's
``overflow-wrap: anywhere`` does, and keeps a safety margin, so that anything it accepts renders on
exactly one page. Where it cannot be exact it errs on the long side: it breaks lines only at spaces
(the real line breaker may break after a hyphen too; inside a long word the PDF is told not to, see
``keep_whole``), ignores kerning and ligatures (which make text narrower), and counts a character
none of its fonts has (an emoji) as wider than any fallback glyph. For text in the page's own fonts
its heights match WeasyPrint's to a fraction of a point.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MIN_FONT_PT = 9  # the smallest readable size: no type on the page is ever smaller
MAX_FONT_PT = 16  # a short profile is set this large
STEP_PT = 0.25  # the sizes tried, from the largest down


@dataclass(frozen=True)
class Fit:
    fits: bool
    font_size: float  # the largest type size, in points, at which the page fits (MIN_FONT_PT when it does not)
    fullness: float  # the share of the page the content needs at the smallest size; over 1 means it does not fit
    shorten_by: int  # about how many characters to take out so that it fits; 0 when it fits


# --- the page's geometry ------------------------------------------------------------------------
# Shared with the PDF's stylesheet (profiles/templates/profiles/onepage_pdf.css is rendered from
# these), so the estimate and the real page cannot drift apart. Lengths are points unless named
# _MM (millimetres) or _REM (times the body type size, which ``fit`` chooses).

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
MARGIN_TOP_MM = 12
MARGIN_SIDE_MM = 12
MARGIN_BOTTOM_MM = 15  # the note ("Version 3, published ...") sits in the bottom margin

# The top of the page: "One-page profile", the name, and the photo on the right. A fixed size.
KICKER_PT = 11
KICKER_LINE = 1.3
NAME_PT = 26
NAME_LINE = 1.15
PHOTO_MM = 34
PHOTO_GAP_MM = 5
HEADER_PADDING_BOTTOM = 6
HEADER_RULE = 3
HEADER_MARGIN_BOTTOM = 9
NOTE_PT = 9

# Each heading is a tinted box with a coloured bar down its left side.
SECTION_GAP_REM = 0.6
SECTION_RULE = 4
SECTION_PADDING_TOP_REM = 0.4
SECTION_PADDING_BOTTOM_REM = 0.5
SECTION_PADDING_SIDE_REM = 0.7
HEADING_REM = 1.15
HEADING_LINE = 1.25
HEADING_MARGIN_BOTTOM_REM = 0.3
TEXT_LINE = 1.3
ITEM_GAP_REM = 0.45
SYMBOL_REM = 1.8  # the picture beside a statement, centred on its first line
GUTTER_REM = 2.3  # where the picture (or a bullet) sits, left of every statement
# The picture reaches above its statement's first line by half the difference, into the gap above;
# a statement with a picture is at least as tall as what is left of the picture below that.
SYMBOL_RAISE_REM = round((SYMBOL_REM - TEXT_LINE) / 2, 4)
SYMBOL_MIN_HEIGHT_REM = round(SYMBOL_REM - SYMBOL_RAISE_REM, 4)

# How much of the page the estimate may fill: a margin for what it does not model.
SAFETY = 0.97

CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE_MM * MM
CONTENT_HEIGHT = PAGE_HEIGHT - (MARGIN_TOP_MM + MARGIN_BOTTOM_MM) * MM


# --- the fonts ----------------------------------------------------------------------------------

FONTSOURCE = Path(settings.BASE_DIR) / "node_modules" / "@fontsource"
FAMILY = "Noto Sans"
# (family, package, subsets) in the order text falls back through them.
FONT_PACKAGES = [
    (
        "Noto Sans",
        "noto-sans",
        ("latin", "latin-ext", "vietnamese", "greek", "greek-ext", "cyrillic", "cyrillic-ext", "devanagari"),
    ),
    ("Noto Sans Bengali", "noto-sans-bengali", ("bengali",)),
]
WEIGHTS = (400, 700)
# A character none of the fonts has is drawn by whatever the system has (an emoji font, or a box
# with its code in). Counted this wide, and its lines this much taller, in ems.
FALLBACK_WIDTH = 1.5
FALLBACK_EXTRA_LINE = 0.15
COLLAPSIBLE_SPACE = re.compile(r"[ \t\n\r\f]+")
# A word of more characters than this may be wider than a line. Inside such a word the PDF allows no
# line break but "anywhere" (``keep_whole``), as the estimate assumes: otherwise a long web address
# would break after its slashes, leaving the ends of lines empty, and take more lines than counted.
LONG_WORD = 15
WORD_JOINER = "\u2060"


@dataclass(frozen=True)
class Face:
    """One @font-face: a subset file of a family at one weight, used for ``ranges`` of characters."""

    family: str
    weight: int
    path: Path  # the .woff file, embedded in the PDF and measured here
    ranges: tuple  # ((first, last), ...) code points

    def covers(self, code):
        return any(first <= code <= last for first, last in self.ranges)

    @property
    def unicode_range(self):
        return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in self.ranges)


_FACE_RULE = re.compile(r"/\* (?P<name>[\w-]+) \*/\s*@font-face\s*{(?P<body>[^}]*)}")


def _ranges(text):
    ranges = []
    for part in text.split(","):
        first, _dash, last = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(ranges)


@functools.cache
def faces():
    """Every @font-face of the page, read from the Fontsource packages' own stylesheets."""
    found = []
    for family, package, subsets in FONT_PACKAGES:
        for weight in WEIGHTS:
            css = (FONTSOURCE / package / f"{weight}.css").read_text()
            rules = {m["name"]: m["body"] for m in _FACE_RULE.finditer(css)}
            for subset in subsets:
                body = rules[f"{package}-{subset}-{weight}-normal"]
                file_name = re.search(r"url\(\./files/([^)]+\.woff)\)", body).group(1)
                ranges = re.search(r"unicode-range:\s*([^;]+);", body).group(1)
                found.append(Face(family, weight, FONTSOURCE / package / "files" / file_name, _ranges(ranges)))
    return tuple(found)


@dataclass(frozen=True)
class Metrics:
    """Advance widths (ems) of every character the fonts of one weight have, and which font has it."""

    widths: dict  # code point -> advance width in ems
    font_of: dict  # code point -> family
    shift: dict  # family -> (ascent - descent) in ems, which places its text on the line


def _vertical(font):
    """Ascent and descent (ems) the way HarfBuzz, and so Pango, reads them."""
    upm = font["head"].unitsPerEm
    os2, hhea = font["OS/2"], font["hhea"]
    if os2.fsSelection & (1 << 7) or not hhea.ascent:
        return os2.sTypoAscender / upm, -os2.sTypoDescender / upm
    return hhea.ascent / upm, -hhea.descent / upm


@functools.cache
def metrics(weight):
    from fontTools.ttLib import TTFont  # only the first fit check of a process pays for this

    widths, font_of, shift = {}, {}, {}
    for face in faces():
        if face.weight != weight:
            continue
        font = TTFont(face.path, lazy=True)
        upm = font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        for code, glyph in font.getBestCmap().items():
            if code not in widths and face.covers(code):
                widths[code] = advances[glyph][0] / upm
                font_of[code] = face.family
        if face.family not in shift:
            ascent, descent = _vertical(font)
            shift[face.family] = ascent - descent
        font.close()
    return Metrics(widths, font_of, shift)


# --- measuring text -----------------------------------------------------------------------------

_JOINERS = {0x200C, 0x200D}
_VIRAMAS = {0x094D, 0x09CD}


def _is_regional_indicator(char):
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _clusters(word):
    """The word in the pieces a line may be broken between: a character with its marks, joined
    letters, emoji modifiers and the second half of a flag."""
    pieces = []
    for char in word:
        code = ord(char)
        joins = pieces and (
            unicodedata.category(char)[0] == "M"
            or code in _JOINERS
            or 0xFE00 <= code <= 0xFE0F  # variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # the tags of a flag like Wales's
            or ord(pieces[-1][-1]) in _JOINERS | _VIRAMAS
            or (_is_regional_indicator(char) and len(pieces[-1]) == 1 and _is_regional_indicator(pieces[-1]))
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


@dataclass(frozen=True)
class Word:
    width: float  # ems
    clusters: tuple  # the width (ems) of each piece, for breaking a word wider than a line
    extra_line: float  # ems its lines need beyond the line height: text in another font sits differently


def _char(metrics_, char):
    """(width, extra line height), in ems, of one character."""
    code = ord(char)
    width = metrics_.widths.get(code)
    if width is not None:
        return width, abs(metrics_.shift[metrics_.font_of[code]] - metrics_.shift[FAMILY]) / 2
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0, 0.0  # marks, joiners and selectors take no room of their own
    return FALLBACK_WIDTH, FALLBACK_EXTRA_LINE


@functools.lru_cache(maxsize=50_000)
def word(weight, text):
    """The ``Word`` ``text`` (no spaces in it) makes in the page's fonts of ``weight``."""
    metrics_ = metrics(weight)
    clusters, extra = [], 0.0
    for piece in _clusters(text):
        width = 0.0
        for char in piece:
            char_width, char_extra = _char(metrics_, char)
            width += char_width
            extra = max(extra, char_extra)
        clusters.append(width)
    return Word(sum(clusters), tuple(clusters), extra)


def words(text, weight=400):
    """``text`` as ``Word``s, split where a browser would put a space."""
    return tuple(word(weight, w) for w in COLLAPSIBLE_SPACE.split(text.strip()) if w)


def space(weight=400):
    return metrics(weight).widths[0x20]


def keep_whole(text):
    """``text`` for the PDF: a word joiner between the pieces of each long word, so that, as the
    estimate assumes, a line can break only at a space or, in a word wider than a line, anywhere."""
    return " ".join(
        WORD_JOINER.join(_clusters(w)) if len(w) > LONG_WORD else w for w in COLLAPSIBLE_SPACE.split(text.strip())
    )


def needs_system_fonts(page):
    """Whether any character of ``page`` is in none of the page's own fonts (an emoji, say)."""
    widths = metrics(400).widths
    texts = [page.name, *(item.text for section in page.sections for item in section.items)]
    return any(
        ord(char) not in widths and not unicodedata.category(char).startswith(("M", "C", "Z"))
        for text in texts
        for char in text
    )


def count_lines(words_, space_, width):
    """How many lines ``words_`` take in ``width`` ems (``space_`` ems between words), wrapped
    greedily at spaces, a word wider than a line broken between its pieces, starting a line of its
    own. Returns (lines, the extra line height, in ems, of the tallest mix of fonts)."""
    if not words_:
        return 0, 0.0
    lines, used, extra = 1, 0.0, 0.0
    for each in words_:
        extra = max(extra, each.extra_line)
        needed = each.width if used == 0 else used + space_ + each.width
        if needed <= width:
            used = needed
            continue
        if used > 0:
            lines += 1
            used = 0.0
        if each.width <= width:
            used = each.width
            continue
        for piece in each.clusters:
            if used + piece > width and used > 0:
                lines += 1
                used = 0.0
            used += piece
    return lines, extra


# --- the page's height at one size --------------------------------------------------------------

# Lines are taken to be this much narrower than they are: room for what the estimate does not
# model (rounding in the real layout, shaping a little wider than the glyphs' own advances).
WIDTH_SLACK = 1.02


@dataclass(frozen=True)
class Measured:
    """A page measured once, in ems, so that each size tried is only arithmetic and line counting."""

    header: float  # points: the top of the page does not scale
    sections: tuple  # ((label words, ((statement words, has a symbol), ...)), ...)
    empty: tuple  # the words of "Nothing written yet."


def _header_height(page):
    from django.utils.translation import gettext

    width = CONTENT_WIDTH - ((PHOTO_MM + PHOTO_GAP_MM) * MM if page.photo_path else 0)
    name_lines, name_extra = count_lines(words(page.name, 700), space(700), width / NAME_PT / WIDTH_SLACK)
    kicker_lines, kicker_extra = count_lines(
        words(gettext("One-page profile")), space(), width / KICKER_PT / WIDTH_SLACK
    )
    text = name_lines * (NAME_LINE + name_extra) * NAME_PT + kicker_lines * (KICKER_LINE + kicker_extra) * KICKER_PT
    photo = PHOTO_MM * MM if page.photo_path else 0
    return max(text, photo) + HEADER_PADDING_BOTTOM + HEADER_RULE + HEADER_MARGIN_BOTTOM


def measure(page):
    """``page`` measured (``Measured``), ready to be tried at any size."""
    from django.utils.translation import gettext

    return Measured(
        header=_header_height(page),
        sections=tuple(
            (words(section.label, 700), tuple((words(item.text), bool(item.symbol)) for item in section.items))
            for section in page.sections
        ),
        empty=words(gettext("Nothing written yet.")),
    )


def text_width(size):
    """The width of a statement's lines, in ems of ``size`` points."""
    return (CONTENT_WIDTH - SECTION_RULE) / size - 2 * SECTION_PADDING_SIDE_REM - GUTTER_REM


def height_at(measured, size):
    """The height (points) the page's content needs with body type of ``size`` points."""
    label_width = ((CONTENT_WIDTH - SECTION_RULE) / size - 2 * SECTION_PADDING_SIDE_REM) / HEADING_REM / WIDTH_SLACK
    line_width = text_width(size) / WIDTH_SLACK
    regular, bold = space(), space(700)
    total = measured.header
    for index, (label, items) in enumerate(measured.sections):
        rem = SECTION_PADDING_TOP_REM + SECTION_PADDING_BOTTOM_REM + (SECTION_GAP_REM if index else 0)
        lines, extra = count_lines(label, bold, label_width)
        rem += lines * (HEADING_LINE + extra) * HEADING_REM + HEADING_MARGIN_BOTTOM_REM
        if not items:
            lines, extra = count_lines(measured.empty, regular, line_width)
            rem += lines * (TEXT_LINE + extra)
        for number, (statement, has_symbol) in enumerate(items):
            lines, extra = count_lines(statement, regular, line_width)
            text = max(lines, 1) * (TEXT_LINE + extra)
            rem += max(text, SYMBOL_MIN_HEIGHT_REM if has_symbol else 0) + (ITEM_GAP_REM if number else 0)
        total += rem * size
    return total


def sizes():
    """The body sizes tried, largest first."""
    steps = round((MAX_FONT_PT - MIN_FONT_PT) / STEP_PT)
    return [MAX_FONT_PT - n * STEP_PT for n in range(steps + 1)]


ROOM = CONTENT_HEIGHT * SAFETY  # the height the estimate may fill


def fit(page):
    """Whether ``page`` (a ``profiles.onepage.OnePage``) fits on one A4 page, the largest body size
    at which it does, how full the page is at the smallest size, and if it does not fit, about how
    many characters to take out. Cheap: a few milliseconds, no rendering."""
    measured = measure(page)
    smallest = height_at(measured, MIN_FONT_PT)
    if smallest > ROOM:
        return Fit(fits=False, font_size=MIN_FONT_PT, fullness=smallest / ROOM, shorten_by=_shorten_by(page, measured))
    size = next(size for size in sizes() if size == MIN_FONT_PT or height_at(measured, size) <= ROOM)
    return Fit(fits=True, font_size=size, fullness=smallest / ROOM, shorten_by=0)


def _without_last(page, measured, count):
    """``measured`` with the last ``count`` characters of the statements taken out, from the end of
    the page backwards; a statement with nothing left is taken out whole."""
    sections = []
    for (label, items), section in zip(reversed(measured.sections), reversed(page.sections), strict=True):
        kept = []
        for (statement, has_symbol), item in zip(reversed(items), reversed(section.items), strict=True):
            length = len(item.text)
            if count >= length:
                count -= length
                continue
            kept.append((words(item.text[: length - count]) if count else statement, has_symbol))
            count = 0
        sections.append((label, tuple(reversed(kept))))
    return Measured(measured.header, tuple(reversed(sections)), measured.empty)


def _shorten_by(page, measured):
    """About how many characters must go for ``page`` to fit at the smallest size: the fewest that,
    taken from the end of the page, make it fit. A statement is counted by its characters, and
    goes when they all do."""
    low, high = 0, sum(len(item.text) for section in page.sections for item in section.items)
    while low + 1 < high:  # height_at(without low) does not fit; height_at(without high) does, or high is all
        middle = (low + high) // 2
        if height_at(_without_last(page, measured, middle), MIN_FONT_PT) <= ROOM:
            high = middle
        else:
            low = middle
    return max(high, 1)
