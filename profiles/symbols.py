"""The pictures a statement can have: a small, chosen set of OpenMoji symbols (open licence,
CC BY-SA 4.0, installed from npm), each with a plain name that is read out and used as its alt text.

Only these files are served (``SymbolFinder``), not the whole OpenMoji set.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

OPENMOJI_SVG = Path(settings.BASE_DIR) / "node_modules" / "openmoji" / "color" / "svg"
STATIC_PREFIX = "symbols"

# (group, [(hexcode, plain name)]) in the order the picker shows them.
GROUPS = [
    (
        _("Feelings"),
        [
            ("1F600", _("happy")),
            ("1F60A", _("smiling")),
            ("1F929", _("excited")),
            ("1F60C", _("calm")),
            ("1F914", _("thinking")),
            ("1F62E", _("surprised")),
            ("1F622", _("sad")),
            ("1F620", _("cross")),
            ("1F634", _("tired")),
            ("2764", _("love")),
            ("1F44D", _("yes, good")),
            ("1F44E", _("no, not good")),
        ],
    ),
    (
        _("People"),
        [
            ("1F46A", _("family")),
            ("1F9D1-200D-1F91D-200D-1F9D1", _("friends")),
            ("1F465", _("people")),
            ("1F91D", _("working together")),
            ("1F44B", _("hello")),
            ("1F64C", _("hooray")),
            ("1F44F", _("well done")),
            ("1F4AA", _("strong")),
        ],
    ),
    (
        _("Things I like doing"),
        [
            ("1F3CA", _("swimming")),
            ("26BD", _("football")),
            ("1F3C0", _("basketball")),
            ("1F6B2", _("cycling")),
            ("1F3C3", _("running")),
            ("1F6B6", _("walking")),
            ("1F483", _("dancing")),
            ("1F3B6", _("music")),
            ("1F3A7", _("listening to music")),
            ("1F3B8", _("guitar")),
            ("1F3A8", _("art and drawing")),
            ("1F4DA", _("books")),
            ("1F3AE", _("video games")),
            ("1F4BB", _("computer")),
            ("1F4F1", _("phone")),
            ("1F4FA", _("television")),
            ("1F3A5", _("films")),
            ("1F4F7", _("photos")),
            ("1F9E9", _("puzzles")),
            ("1F3A3", _("fishing")),
            ("265F", _("chess")),
            ("1F9F8", _("teddy")),
            ("1F388", _("parties")),
            ("1F381", _("presents")),
        ],
    ),
    (
        _("Animals and outdoors"),
        [
            ("1F436", _("dog")),
            ("1F431", _("cat")),
            ("1F434", _("horse")),
            ("1F331", _("plants and nature")),
            ("2600", _("sunshine")),
            ("1F308", _("rainbow")),
            ("2744", _("snow")),
            ("1FA81", _("kite")),
        ],
    ),
    (
        _("Places and travel"),
        [
            ("1F3E0", _("home")),
            ("1F3EB", _("school")),
            ("1F3E5", _("hospital")),
            ("1F68C", _("bus")),
            ("1F697", _("car")),
            ("1F686", _("train")),
            ("2708", _("aeroplane")),
            ("1F5FA", _("map")),
            ("1F6D2", _("shopping")),
        ],
    ),
    (
        _("Food and drink"),
        [
            ("1F355", _("pizza")),
            ("1F354", _("burger")),
            ("1F34F", _("apple")),
            ("1F382", _("cake")),
            ("1F964", _("drink")),
        ],
    ),
    (
        _("Help and support"),
        [
            ("1F4AC", _("talking")),
            ("1F5E3", _("speaking")),
            ("1F442", _("listening")),
            ("1F9BB", _("hearing aid")),
            ("1F441", _("looking")),
            ("1F92B", _("quiet")),
            ("1F507", _("no noise")),
            ("1F50A", _("loud")),
            ("231B", _("waiting, time")),
            ("23F0", _("alarm clock")),
            ("1F4C5", _("calendar")),
            ("1F4CB", _("list")),
            ("1F4DD", _("writing")),
            ("1F4A1", _("idea")),
            ("1F9E0", _("thinking and learning")),
            ("1F9D8", _("relaxing")),
            ("1F6CF", _("sleep")),
            ("1F6C1", _("bath")),
            ("1F48A", _("medicine")),
            ("267F", _("wheelchair")),
            ("1F6D1", _("stop")),
            ("26D4", _("not allowed")),
        ],
    ),
    (
        _("Hopes for the future"),
        [
            ("2B50", _("star")),
            ("1F31F", _("shining star")),
            ("2728", _("sparkles")),
            ("1F3C6", _("trophy")),
            ("1F3C5", _("medal")),
            ("1F393", _("college or university")),
            ("1F4BC", _("work")),
            ("1F4B0", _("money")),
            ("1F392", _("bag")),
            ("2705", _("done")),
        ],
    ),
]

NAMES = {code: name for _group, symbols in GROUPS for code, name in symbols}


def is_symbol(code):
    return code in NAMES


def name_of(code):
    """The plain name of symbol ``code`` ("swimming"), or "" for none."""
    return str(NAMES.get(code, ""))


def file_of(code):
    """The symbol's SVG file (for documents), or None for an unknown code."""
    return OPENMOJI_SVG / f"{code}.svg" if code in NAMES else None


def url_of(code):
    """The symbol's static URL (for pages), or "" for an unknown code."""
    return static(f"{STATIC_PREFIX}/{code}.svg") if code in NAMES else ""


def choices():
    """[(group, [(code, name, url)])] for the symbol picker."""
    return [(group, [(code, name, url_of(code)) for code, name in symbols]) for group, symbols in GROUPS]


class SymbolFinder(BaseFinder):
    """Serves (and collects) only the chosen OpenMoji files, as static/symbols/<code>.svg."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(OPENMOJI_SVG))
        self.storage.prefix = STATIC_PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        prefix = f"{STATIC_PREFIX}/"
        if path.startswith(prefix):
            code = path[len(prefix) :].removesuffix(".svg")
            if code in NAMES and path.endswith(".svg") and (OPENMOJI_SVG / f"{code}.svg").exists():
                match = str(OPENMOJI_SVG / f"{code}.svg")
                return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        for code in NAMES:
            if (OPENMOJI_SVG / f"{code}.svg").exists():
                yield f"{code}.svg", self.storage
