"""What changed between two published versions of a profile, statement by statement."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from profiles.models import Heading


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    heading: str
    text: str
    old_text: str = ""
    old_heading: str = ""
    symbol: str = ""
    old_symbol: str = ""

    @property
    def heading_label(self):
        return Heading(self.heading).label

    @property
    def old_heading_label(self):
        return Heading(self.old_heading).label if self.old_heading else ""


def compare(old, new):
    """The changes from version ``old`` to version ``new`` (either may be the later one), in the
    profile's order: statements only in ``new`` are added, only in ``old`` removed, and in both
    with other words, picture or heading changed."""
    before = {s["id"]: s for s in old.statements}
    after = {s["id"]: s for s in new.statements}
    order = {value: index for index, value in enumerate(Heading.values)}
    changes = []
    for key, s in after.items():
        was = before.get(key)
        if was is None:
            changes.append(Change("added", s["heading"], s["text"], symbol=s.get("symbol", "")))
        elif (was["text"], was["heading"], was.get("symbol", "")) != (s["text"], s["heading"], s.get("symbol", "")):
            changes.append(
                Change(
                    "changed",
                    s["heading"],
                    s["text"],
                    old_text=was["text"],
                    old_heading=was["heading"] if was["heading"] != s["heading"] else "",
                    symbol=s.get("symbol", ""),
                    old_symbol=was.get("symbol", ""),
                )
            )
    for key, s in before.items():
        if key not in after:
            changes.append(Change("removed", s["heading"], s["text"], symbol=s.get("symbol", "")))
    kinds = {"removed": 0, "changed": 1, "added": 2}
    return sorted(changes, key=lambda c: (order[c.heading], kinds[c.kind]))


def other_changes(old, new):
    """Plain sentences for what changed besides the statements: the photo and the order."""
    notes = []
    if (old.photo, old.photo_description) != (new.photo, new.photo_description):
        notes.append(
            _("The photo changed.")
            if old.photo and new.photo
            else _("A photo was added.")
            if new.photo
            else _("The photo was taken out.")
            if old.photo
            else _("What the photo shows was described again.")
        )
    shared = {s["id"] for s in old.statements} & {s["id"] for s in new.statements}
    before = [s["id"] for s in old.statements if s["id"] in shared]
    after = [s["id"] for s in new.statements if s["id"] in shared]
    if before != after and sorted(before) == sorted(after):
        notes.append(_("Some things were put in a different order."))
    return notes
