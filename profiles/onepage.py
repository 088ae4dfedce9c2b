"""What a one-page profile shows, as plain data: the input of the fit check and of every document
(PDF, printable page, Word), whether it comes from the working copy or a published version."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ourplan.dates import long_date
from profiles.models import OPTIONAL_HEADINGS, Heading


@dataclass(frozen=True)
class Item:
    text: str
    symbol: str = ""  # an OpenMoji hexcode from profiles.symbols, or ""


@dataclass(frozen=True)
class Section:
    heading: str  # a Heading value
    label: str  # "What people like and admire about me", ...
    items: tuple


@dataclass(frozen=True)
class OnePage:
    name: str  # the person's preferred name
    sections: tuple  # every heading in the seed's order; an empty optional heading is left out
    photo_path: str = ""  # absolute path of the re-encoded photo file, or ""
    photo_description: str = ""
    note: str = ""  # e.g. "Version 3, published 22 November 2026" or "Draft: not published yet"

    @property
    def item_count(self):
        return sum(len(section.items) for section in self.sections)


def _sections(rows):
    """``rows``: (heading, text, symbol) in order."""
    grouped = {value: [] for value in Heading.values}
    for heading, text, symbol in rows:
        grouped[heading].append(Item(text=text, symbol=symbol or ""))
    return tuple(
        Section(heading=value, label=str(label), items=tuple(grouped[value]))
        for value, label in Heading.choices
        if grouped[value] or value not in OPTIONAL_HEADINGS
    )


def photo_path(name):
    """Where the photo file called ``name`` is kept, or "" for no photo."""
    if not name:
        return ""
    from profiles import photos  # the photo store; imported late to keep this module light

    return str(photos.path_of(name))


def page_from_profile(profile, statements=None, *, photo=None):
    """The working copy of ``profile`` (with ``statements`` instead of its own, to check a change
    before making it; with ``photo`` instead of its own, a file name or "" for none)."""
    statements = profile.statements_list if statements is None else statements
    return OnePage(
        name=profile.person.preferred_name,
        sections=_sections((s.heading, s.text, s.symbol) for s in statements),
        photo_path=photo_path(profile.photo if photo is None else photo),
        photo_description=profile.photo_description,
        note=_("Draft: not published yet"),
    )


def page_from_version(version, person):
    """A published version of ``person``'s profile."""
    return OnePage(
        name=person.preferred_name,
        sections=_sections((s["heading"], s["text"], s.get("symbol", "")) for s in version.statements),
        photo_path=photo_path(version.photo),
        photo_description=version.photo_description,
        note=_("Version %(number)s, published %(date)s")
        % {"number": version.number, "date": long_date(version.published_at)},
    )


def photo_url(person, version=None):
    """Where the circle sees the photo of ``version`` (a ProfileVersion), or "" when it has none."""
    from django.urls import reverse

    if version is None or not version.photo:
        return ""
    return f"{reverse('profiles:photo_image', args=[person.pk])}?version={version.number}"
