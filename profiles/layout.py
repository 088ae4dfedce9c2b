"""Being replaced by the real one-page layout model. Interface:

fit(page: OnePage) -> Fit   (cheap: no PDF rendering)
"""

from dataclasses import dataclass

MIN_FONT_PT = 9
MAX_FONT_PT = 13


@dataclass(frozen=True)
class Fit:
    fits: bool
    font_size: float  # the largest type size, in points, at which the page fits (MIN_FONT_PT when it does not)
    fullness: float  # the share of the page the content needs at the smallest size; over 1 means it does not fit
    shorten_by: int  # about how many characters to take out so that it fits; 0 when it fits


def fit(page):
    chars = sum(len(item.text) + 40 for section in page.sections for item in section.items)
    fullness = chars / 4000
    return Fit(fits=fullness <= 1, font_size=MIN_FONT_PT, fullness=fullness, shorten_by=max(0, chars - 4000))
