"""Themes in what people say: the area's list of themes, practitioners tagging statements, and
OurPlan's suggestions (``insights.classifier``), made in the background (``insights.tasks``).

The list is the area's own data. Every area starts with ``DEFAULT_THEMES``; its planning lead
adds, renames, describes, reorders and retires themes (a retired theme keeps its statements for
earlier figures and is no longer suggested or offered). Tagging is for professionals who may see
the person's reviews: never the family, never the planning lead.
"""

import threading
import time
from collections import OrderedDict

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.classifier import Model
from insights.models import StatementTheme, Theme
from reviews.models import Statement

Source = StatementTheme.Source
COUNTED = (Source.TAGGED, Source.ACCEPTED)
SUGGESTIONS = (Source.SUGGESTED, Source.ACCEPTED, Source.DECLINED)

# The themes every area starts with (issue 7): name, what it covers, and words that suggest it.
DEFAULT_THEMES = [
    (
        "Transport",
        "Getting to and from school, college, work and activities: taxis, buses, travel training.",
        "transport\ntaxi\nbus\nbuses\ncoach\ntrain\ntravel\ntravelling\ntravel training\nescort\n"
        "journey\nlift\ndriver\nminibus\nbus pass\nget to school\npick up\ndrop off",
    ),
    (
        "Therapy",
        "Speech and language, occupational therapy, physiotherapy and other therapies.",
        "therapy\ntherapist\nspeech and language\nsalt\noccupational therapy\nphysio\nphysiotherapy\n"
        "sensory diet\ncounselling\nplay therapy\ncamhs\nappointment",
    ),
    (
        "Friendships and community",
        "Friends, clubs, activities and being part of the local community.",
        "friend\nfriendship\nclub\nlonely\nbullied\nbullying\nsocial\nyouth club\ncommunity\n"
        "after school club\nparty\nplay with\nscouts\nswim\nswimming\nleisure centre\nteam",
    ),
    (
        "Housing",
        "Where the person lives now and in the future: home, adaptations, supported living.",
        "housing\nhouse\nhome adaptation\nflat\nmove house\nsupported living\nbedroom\ntenancy\n"
        "accommodation\nlandlord\nlive on my own",
    ),
    (
        "Employment",
        "Work, work experience, apprenticeships, supported internships and volunteering.",
        "job\nwork\nwork experience\nemployment\napprenticeship\nsupported internship\nvolunteer\n"
        "volunteering\ncareer\nearn money\nemployer\npaid work",
    ),
    (
        "Health",
        "Physical and mental health, medication, sleep, eating, and health appointments.",
        "health\ndoctor\ngp\nhospital\nmedication\nmedicine\nsleep\neating\ndiet\nanxiety\nanxious\n"
        "mental health\nseizure\nepilepsy\nasthma\nnurse\nweight\npain\ndentist",
    ),
    (
        "Communication",
        "Being understood and understanding others: speech, signing, pictures and devices.",
        "communication\ncommunicate\nsigning\nmakaton\nbsl\npecs\nvisual timetable\nsymbol\n"
        "talking\ntalk\nunderstood\nexplain\nwords\naac\ncommunication aid",
    ),
    (
        "Family support",
        "Help for parents, carers, brothers and sisters: short breaks, respite, advice.",
        "family\nparent\nparents\ncarer\nmum\ndad\nsibling\nbrother\nsister\nshort break\nrespite\n"
        "family support\nparenting\nat home\nbreak for",
    ),
    (
        "School environment",
        "The classroom and school day: noise, support in class, lunchtimes, exams.",
        "school\nclassroom\nclass\nteacher\nteaching assistant\nlesson\nplaytime\nlunchtime\nnoise\n"
        "noisy\nquiet space\nexams\nhomework\ncollege\nexcluded\nexclusion\nuniform",
    ),
    (
        "Independence",
        "Doing things for themselves: self-care, money, cooking, travelling alone, decisions.",
        "independence\nindependent\non my own\nby myself\ncook\ncooking\nmoney\nshopping\ndressing\n"
        "self care\nmake decisions\ntravel independently\nlife skills\nchoose",
    ),
]


def ensure_default_themes(local_authority):
    """Give ``local_authority`` the default themes if it has none yet. An area that has themes
    keeps its own list as it is (a renamed or retired default is not brought back)."""
    with transaction.atomic():
        if Theme.objects.filter(local_authority=local_authority).exists():
            return []
        return Theme.objects.bulk_create(
            Theme(local_authority=local_authority, name=name, description=description, keywords=keywords, position=i)
            for i, (name, description, keywords) in enumerate(DEFAULT_THEMES)
        )


# The planning lead's list -------------------------------------------------------------------------


class NameTaken(ValueError):
    """Another theme of the area already has this name."""


def themes_of(local_authority):
    """The area's themes in their order, retired ones included."""
    return list(Theme.objects.filter(local_authority=local_authority).order_by("position", "name", "pk"))


def _save_or_name_taken(theme, fields):
    try:
        with transaction.atomic():
            theme.save(update_fields=fields) if fields else theme.save()
    except IntegrityError as error:
        raise NameTaken(theme.name) from error


@transaction.atomic
def add_theme(local_authority, *, name, description="", keywords=""):
    """Add a theme at the end of the area's list."""
    last = Theme.objects.filter(local_authority=local_authority).aggregate(last=Max("position"))["last"]
    theme = Theme(
        local_authority=local_authority,
        name=name,
        description=description,
        keywords=keywords,
        position=0 if last is None else last + 1,
    )
    _save_or_name_taken(theme, None)
    return theme


@transaction.atomic
def change_theme(theme, *, name, description, keywords):
    """Rename, describe, or change the words that suggest ``theme``."""
    theme.name, theme.description, theme.keywords = name, description, keywords
    _save_or_name_taken(theme, ["name", "description", "keywords"])
    return theme


@transaction.atomic
def move_theme(theme, direction):
    """Move ``theme`` one place ``"up"`` or ``"down"`` the list. Returns whether it moved."""
    themes = list(Theme.objects.select_for_update().filter(local_authority_id=theme.local_authority_id))
    themes.sort(key=lambda t: (t.position, t.name, t.pk))
    at = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(themes):
        return False
    themes[at], themes[to] = themes[to], themes[at]
    changed = []
    for position, t in enumerate(themes):  # renumbered from 0, so equal positions sort themselves out
        if t.position != position:
            t.position = position
            changed.append(t)
    Theme.objects.bulk_update(changed, ["position"])
    return True


@transaction.atomic
def retire_theme(theme, retired=True):
    """Retire ``theme`` (kept for earlier figures, no longer suggested or offered), or restore it.
    Its suggestions not yet checked are taken back when it is retired."""
    theme.retired = retired
    theme.save(update_fields=["retired"])
    if retired:
        StatementTheme.objects.filter(theme=theme, source=Source.SUGGESTED).delete()
    return theme


def suggestion_figures(local_authority):
    """How often OurPlan's suggestions were accepted, per theme and overall, as raw counts of
    statements: ``(rows, overall)``, each a dict with ``theme``, ``made``, ``accepted``,
    ``declined`` and ``waiting``. One query. Counts of statements, not people; pass them through
    disclosure control before showing them (``insights.views_themes``)."""
    counts = {
        row["theme"]: row
        for row in StatementTheme.objects.filter(theme__local_authority=local_authority, source__in=SUGGESTIONS)
        .values("theme")
        .annotate(
            made=Count("pk"),
            accepted=Count("pk", filter=Q(source=Source.ACCEPTED)),
            declined=Count("pk", filter=Q(source=Source.DECLINED)),
            waiting=Count("pk", filter=Q(source=Source.SUGGESTED)),
        )
    }
    empty = {"made": 0, "accepted": 0, "declined": 0, "waiting": 0}
    rows = []
    for theme in themes_of(local_authority):
        found = counts.get(theme.pk, empty)
        rows.append({"theme": theme, **{key: found[key] for key in empty}})
    overall = {key: sum(row[key] for row in rows) for key in empty}
    return rows, overall


# Tagging statements -------------------------------------------------------------------------------


def statements_to_tag(review):
    """The review's sent statements, in order, each with ``theme_rows`` (its ``StatementTheme``
    rows, themes joined). Two queries, however many statements."""
    statements = list(
        Statement.objects.filter(review=review, draft=False, merged_into=None)
        .select_related("author")
        .only("pk", "review_id", "question", "text", "author__name", "by_the_person", "created_at")
    )
    rows = {}
    for row in StatementTheme.objects.filter(statement__in=statements).select_related("theme"):
        rows.setdefault(row.statement_id, []).append(row)
    for statement in statements:
        statement.theme_rows = sorted(rows.get(statement.pk, []), key=lambda r: (r.theme.position, r.theme.name))
    return statements


@transaction.atomic
def set_themes(statement, *, chosen, decisions, by):
    """Save what a practitioner decided about ``statement``'s themes.

    ``chosen``: the themes they ticked (of the area's themes in use). A theme newly ticked is
    chosen by them, or, if OurPlan suggested it, accepted; one unticked is taken off, or, if it was
    an accepted suggestion, declined. ``decisions``: ``{theme: True/False}`` for OurPlan's
    suggestions not yet checked: accepted or declined. Returns a list of plain-words changes, such
    as ``["added Transport", "accepted OurPlan's suggestion of Therapy"]``, empty if nothing changed."""
    rows = {
        row.theme_id: row
        for row in StatementTheme.objects.select_for_update().filter(statement=statement).select_related("theme")
    }
    now, changes = timezone.now(), []
    chosen = {theme.pk: theme for theme in chosen}
    decided = {theme.pk for theme in decisions}
    for theme, accepted in decisions.items():
        row = rows.get(theme.pk)
        if row is None or row.source != Source.SUGGESTED:
            continue  # decided meanwhile: nothing to accept or decline
        _set(row, Source.ACCEPTED if accepted else Source.DECLINED, by, now)
        what = _("accepted OurPlan's suggestion of %s") if accepted else _("declined OurPlan's suggestion of %s")
        changes.append(what % theme.name)
    for theme_id, theme in chosen.items():
        row = rows.get(theme_id)
        if row is None:
            StatementTheme.objects.create(statement=statement, theme=theme, source=Source.TAGGED, by=by, at=now)
            changes.append(_("added %s") % theme.name)
        elif row.source == Source.DECLINED:
            _set(row, Source.ACCEPTED, by, now)  # OurPlan was right after all
            changes.append(_("added %s") % theme.name)
    for theme_id, row in rows.items():
        if theme_id in chosen or theme_id in decided or row.theme.retired or row.source == Source.SUGGESTED:
            continue  # retired themes are not offered, so leaving them unticked leaves them be
        if row.source == Source.TAGGED:
            row.delete()
            changes.append(_("took off %s") % row.theme.name)
        elif row.source == Source.ACCEPTED:
            _set(row, Source.DECLINED, by, now)
            changes.append(_("took off %s") % row.theme.name)
    return changes


def _set(row, source, by, at):
    row.source, row.by, row.at = source, by, at
    row.save(update_fields=["source", "by", "at"])


# Suggestions --------------------------------------------------------------------------------------

_models = OrderedDict()  # area id -> (themes, checked tags, when built, Model), this process only
_models_lock = threading.Lock()
MODELS_KEPT = 8
# A model stays in use this long after practitioners' choices change, so a busy area is not
# rebuilt for every tag; a change to the area's themes (a new keyword, a retired theme) rebuilds it
# at once.
MODEL_FRESH_SECONDS = 10 * 60


def training_examples(local_authority):
    """``(text, themes that apply, themes declined)`` for each statement of the area that has a
    theme that counts or a declined suggestion. One query."""
    found = {}
    rows = (
        StatementTheme.objects.filter(theme__local_authority=local_authority)
        .exclude(source=Source.SUGGESTED)
        .order_by("statement_id", "theme_id")
        .values_list("statement_id", "statement__text", "theme_id", "source")
    )
    for statement_id, text, theme_id, source in rows.iterator(chunk_size=5000):
        example = found.setdefault(statement_id, (text, [], []))
        (example[2] if source == Source.DECLINED else example[1]).append(theme_id)
    return list(found.values())


def _checked_tags(local_authority):
    """How many themes on the area's statements have been chosen or checked, and the latest."""
    checked = StatementTheme.objects.filter(theme__local_authority=local_authority).exclude(source=Source.SUGGESTED)
    state = checked.aggregate(n=Count("pk"), last_id=Max("pk"), last_at=Max("at"))
    return (state["n"], state["last_id"], state["last_at"])


def model_for(local_authority):
    """The suggestion model for an area, built from its themes and what its practitioners chose.
    Kept in memory: rebuilt at once when the area's themes change, and when practitioners' choices
    have changed and the model is more than ``MODEL_FRESH_SECONDS`` old."""
    themes = themes_of(local_authority)
    themes_key = tuple((t.pk, t.name, t.keywords, t.retired, t.position) for t in themes)
    now = time.monotonic()
    with _models_lock:
        cached = _models.get(local_authority.pk)
    if cached is not None and cached[0] == themes_key and now - cached[2] < MODEL_FRESH_SECONDS:
        return cached[3]
    tags = _checked_tags(local_authority)
    if cached is not None and cached[:2] == (themes_key, tags):
        model = cached[3]
    else:
        model = Model.build(themes, training_examples(local_authority))
    with _models_lock:
        _models[local_authority.pk] = (themes_key, tags, now, model)
        _models.move_to_end(local_authority.pk)
        while len(_models) > MODELS_KEPT:
            _models.popitem(last=False)
    return model


def suggest_for(statements, model, batch=2000):
    """Store ``model``'s suggestions for ``statements`` (of one area) as unchecked suggestions.

    A theme already on a statement (chosen, accepted, declined) is never suggested again; an
    earlier unchecked suggestion the model no longer makes (the words changed) is taken back.
    Returns how many suggestions were added. Writes in batches of ``batch`` statements."""
    added = 0
    statements = list(statements)
    for start in range(0, len(statements), batch):
        chunk = statements[start : start + batch]
        added += _suggest_chunk(chunk, model)
    return added


@transaction.atomic
def _suggest_chunk(statements, model):
    existing = {}
    for pk, statement_id, theme_id, source in StatementTheme.objects.filter(statement__in=statements).values_list(
        "pk", "statement_id", "theme_id", "source"
    ):
        existing.setdefault(statement_id, {})[theme_id] = (pk, source)
    now, new, stale = timezone.now(), [], []
    for statement, found in zip(statements, model.suggest_many(s.text for s in statements), strict=True):
        has = existing.get(statement.pk, {})
        wanted = {theme.pk for theme, _score in found}
        new.extend(
            StatementTheme(statement_id=statement.pk, theme=theme, source=Source.SUGGESTED, at=now)
            for theme, _score in found
            if theme.pk not in has
        )
        stale.extend(
            pk for theme_id, (pk, source) in has.items() if source == Source.SUGGESTED and theme_id not in wanted
        )
    if stale:
        StatementTheme.objects.filter(pk__in=stale, source=Source.SUGGESTED).delete()
    # A practitioner may tag the same statement meanwhile: theirs stands, the suggestion is dropped.
    StatementTheme.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def statements_needing_suggestions(local_authority):
    """The area's sent statements, for ``suggest_themes``: id and text only, oldest first."""
    return (
        Statement.objects.filter(review__person__local_authority=local_authority, draft=False, merged_into=None)
        .only("pk", "text")
        .order_by("pk")
    )
