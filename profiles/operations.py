"""Changes to one-page profiles, each a named function run in a transaction.

Every change that makes the profile longer is checked against the one-page layout first
(``profiles.layout.fit``): content that could no longer fit on one A4 page at the smallest
readable type size is refused with ``DoesNotFit``, which says how much to shorten.
"""

import copy

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from profiles import layout
from profiles.models import Profile, ProfileStatement, ProfileVersion, Suggestion
from profiles.onepage import page_from_profile


class DoesNotFit(Exception):
    """The change would make the profile too long for one page."""

    def __init__(self, fit):
        super().__init__(f"about {fit.shorten_by} characters too long")
        self.fit = fit


class ProfileChangedMeanwhile(Exception):
    """Someone else changed the profile after this person started editing it."""


class StatementChangedMeanwhile(Exception):
    """Someone else changed or took out the statement after this person started changing it."""

    def __init__(self, current):
        super().__init__("changed meanwhile")
        self.current = current  # the statement as it is now, or None if it was taken out


def statement_version(statement):
    """A token for a statement's saved state, sent with the change form to spot overlapping edits."""
    return statement.updated_at.isoformat() if statement.updated_at else ""


class SuggestionDecided(Exception):
    """The suggestion was accepted, declined or withdrawn already."""


def version_of(profile):
    """A token for the saved state of ``profile``, sent with a form to spot overlapping edits."""
    return profile.updated_at.isoformat() if profile.updated_at else "new"


def _locked(profile, editing_version=None):
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    if editing_version is not None and version_of(locked) != editing_version:
        raise ProfileChangedMeanwhile(profile.pk)
    return locked


def _statements(profile):
    return list(profile.statements.all())


def check_fits(profile, statements, photo=None, before=None):
    """The layout's verdict on ``profile`` with ``statements``; raises ``DoesNotFit`` if it cannot
    fit. With ``before`` (the statements as they were), a change to a profile that is already too
    long is allowed when it makes it no longer (so it can be shortened a little at a time)."""
    verdict = layout.fit(page_from_profile(profile, statements, photo=photo))
    if not verdict.fits:
        if before is not None:
            was = layout.fit(page_from_profile(profile, before, photo=photo))
            if not was.fits and verdict.shorten_by <= was.shorten_by:
                return verdict
        raise DoesNotFit(verdict)
    return verdict


def _touch(profile, by):
    profile.updated_at = timezone.now()
    profile.updated_by = by
    profile.save(update_fields=["updated_at", "updated_by"])


def _next_position(statements, heading):
    return max((s.position for s in statements if s.heading == heading), default=-1) + 1


@transaction.atomic
def add_statement(profile, *, by, heading, text, symbol="", written_by=None, from_suggestion=False):
    """Add a statement at the end of ``heading``. ``written_by`` is whose words they are (``by`` by default)."""
    locked = _locked(profile)
    statements = _statements(locked)
    statement = ProfileStatement(
        profile=locked,
        heading=heading,
        text=text,
        symbol=symbol,
        position=_next_position(statements, heading),
        written_by=written_by or by,
        added_by=by,
        from_suggestion=from_suggestion,
    )
    check_fits(locked, [*statements, statement])
    statement.save()
    _touch(profile, by)
    return statement


@transaction.atomic
def change_statement(statement, *, by, text, symbol, heading=None, editing_version=None):
    """Change a statement's words, picture or heading. The words stay credited to whoever wrote them
    unless the words change, when they become ``by``'s. With ``editing_version`` (from
    ``statement_version`` when the form was shown), refuses to overwrite someone else's change."""
    locked = _locked(statement.profile)
    statements = _statements(locked)
    current = next((s for s in statements if s.pk == statement.pk), None)
    if current is None or (editing_version is not None and statement_version(current) != editing_version):
        raise StatementChangedMeanwhile(current)
    before = [copy.copy(s) for s in statements]
    if heading and heading != current.heading:
        current.position = _next_position(statements, heading)
        current.heading = heading
    if text != current.text:
        current.written_by = by
        current.from_suggestion = False
    current.text = text
    current.symbol = symbol
    check_fits(locked, statements, before=before)
    current.save()
    _touch(statement.profile, by)
    return current


@transaction.atomic
def remove_statement(statement, *, by):
    profile = statement.profile
    _locked(profile)
    statement.delete()
    _touch(profile, by)


@transaction.atomic
def move_statement(statement, *, by, up):
    """Swap the statement with the one above (``up``) or below it under the same heading."""
    profile = statement.profile
    _locked(profile)
    siblings = list(profile.statements.filter(heading=statement.heading))
    index = next(i for i, s in enumerate(siblings) if s.pk == statement.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    ProfileStatement.objects.bulk_update(siblings, ["position"])
    _touch(profile, by)
    return True


@transaction.atomic
def write_profile(profile, *, by, statements, editing_version=None):
    """Replace the statements with ``{heading: [text, ...]}``, in the order given (the demo loader
    and imports). A statement kept word for word keeps who first wrote it and its picture."""
    locked = _locked(profile, editing_version)
    existing = {}
    for statement in _statements(locked):
        existing.setdefault((statement.heading, statement.text), []).append(statement)
    keep, create = [], []
    for heading, texts in statements.items():
        for position, text in enumerate(texts):
            same = existing.get((heading, text))
            old = same.pop(0) if same else None
            if old is not None:
                old.position = position
                keep.append(old)
            else:
                create.append(
                    ProfileStatement(
                        profile=locked, heading=heading, text=text, position=position, written_by=by, added_by=by
                    )
                )
    check_fits(locked, [*keep, *create])
    ProfileStatement.objects.filter(pk__in=[s.pk for left in existing.values() for s in left]).delete()
    ProfileStatement.objects.bulk_update(keep, ["position"])
    ProfileStatement.objects.bulk_create(create)
    _touch(profile, by)
    return profile


@transaction.atomic
def suggest_statement(profile, *, by, heading, text, symbol=""):
    return Suggestion.objects.create(profile=profile, heading=heading, text=text, symbol=symbol, suggested_by=by)


def _decide(suggestion, by, status):
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.WAITING:
        raise SuggestionDecided(suggestion.pk)
    suggestion.status = status
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()


@transaction.atomic
def accept_suggestion(suggestion, *, by, text=None):
    """Put the suggestion in the profile, as ``text`` if the author reworded it, credited to whoever
    suggested it. Raises ``DoesNotFit`` (and changes nothing) if it would not fit on the page."""
    _decide(suggestion, by, Suggestion.Status.ACCEPTED)
    reworded = text is not None and text != suggestion.text
    suggestion.statement = add_statement(
        suggestion.profile,
        by=by,
        heading=suggestion.heading,
        text=text if reworded else suggestion.text,
        symbol=suggestion.symbol,
        written_by=by if reworded else suggestion.suggested_by,
        from_suggestion=True,
    )
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "statement"])
    return suggestion.statement


@transaction.atomic
def decline_suggestion(suggestion, *, by):
    _decide(suggestion, by, Suggestion.Status.DECLINED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def withdraw_suggestion(suggestion, *, by):
    """Whoever made a suggestion can take it back while it waits."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.WAITING:
        raise SuggestionDecided(suggestion.pk)
    suggestion.delete()


def _snapshot(statement):
    return {
        "id": statement.pk,
        "heading": statement.heading,
        "text": statement.text,
        "symbol": statement.symbol,
        "written_by": statement.written_by.name if statement.written_by else "",
        "added_by": statement.added_by.name if statement.added_by else "",
    }


@transaction.atomic
def publish_profile(profile, *, by):
    """Freeze the working copy as the next numbered version; every version is kept."""
    locked = _locked(profile)
    statements = list(locked.statements.select_related("written_by", "added_by"))
    check_fits(locked, statements)  # never publish a profile that would not print on one page
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProfileVersion.objects.create(
        profile=locked,
        number=number,
        published_by=by,
        statements=[_snapshot(s) for s in statements],
        photo=locked.photo,
        photo_description=locked.photo_description,
    )
    profile.published_number = number
    profile.published_at = version.published_at
    if profile.updated_at is None:
        profile.updated_at = version.published_at
    profile.save(update_fields=["published_number", "published_at", "updated_at"])
    return version
