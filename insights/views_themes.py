"""Themes: the planning lead's list (``/area/themes/``), with how often OurPlan's suggestions were
accepted, and a review's themes page where professionals in the circle tag what was said."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import access
from audit.access import planning_lead_area, record, record_change
from audit.models import AuditEvent
from insights import themes
from insights.disclosure import Publication
from insights.forms_themes import StatementThemesForm, ThemeForm
from ourplan.dates import long_date
from ourplan.numbers import whole_number
from reviews.models import Question, question_text

# The share accepted is shown only when at least this many checked suggestions are published.
FEWEST_CHECKED_FOR_A_RATE = 20
COLUMNS = ("made", "accepted", "declined", "waiting")


def published_figures(rows, overall):
    """The suggestion counts through disclosure control (``insights.disclosure``), as one table:
    each theme's "made" is its accepted, declined and waiting, and the "all themes" row is the sum
    of the themes. These count statements, not people, but a small count could still point to one
    child's words. Returns ``(rows, overall)`` with a ``Cell`` for each count and the share
    accepted, worked out from the published (rounded) numbers only, so it gives nothing more away."""
    publication = Publication()
    keys = [row["theme"].pk for row in rows] + ["all"]
    for key, row in zip(keys, [*rows, overall], strict=True):
        for column in COLUMNS:
            publication.add((key, column), row[column])
        publication.total((key, "made"), [(key, column) for column in COLUMNS[1:]])
    for column in COLUMNS:
        publication.total(("all", column), [(row["theme"].pk, column) for row in rows])
    cells = publication.publish()
    shown = []
    for key, row in zip(keys, [*rows, overall], strict=True):
        figures = {column: cells[(key, column)] for column in COLUMNS}
        accepted, declined = figures["accepted"], figures["declined"]
        rate = None
        if not (accepted.suppressed or declined.suppressed):
            checked = accepted.rounded + declined.rounded
            if checked >= FEWEST_CHECKED_FOR_A_RATE:
                rate = 5 * round(20 * accepted.rounded / checked)
        shown.append({"theme": row.get("theme"), "rate": rate, **figures})
    return shown[:-1], shown[-1]


def _record_area_change(request, what):
    record(request, None, AuditEvent.Action.CHANGED, what, role="planning lead")


@login_required
def theme_list(request):
    area = planning_lead_area(request, "the area's themes")
    rows, overall = published_figures(*themes.suggestion_figures(area))
    return render(
        request,
        "insights/themes.html",
        {"area": area, "rows": rows, "overall": overall, "fewest_checked": FEWEST_CHECKED_FOR_A_RATE},
    )


@login_required
def add_theme(request):
    area = planning_lead_area(request, "the form to add a theme")
    form = ThemeForm(request.POST or None, local_authority=area)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                theme = themes.add_theme(area, **form.cleaned_data)
                _record_area_change(request, _("added the theme ‘%(name)s’") % {"name": theme.name})
        except themes.NameTaken:
            form.add_error("name", _("There is already a theme called that. Choose another name"))
        else:
            messages.success(request, _("‘%(name)s’ added. Practitioners can now choose it.") % {"name": theme.name})
            return redirect("insights:themes")
    return render(request, "insights/themes_form.html", {"form": form, "theme": None})


@login_required
def change_theme(request, pk):
    theme = access.theme_for(request, pk)
    form = ThemeForm(request.POST or None, local_authority=theme.local_authority, theme=theme)
    if request.method == "POST" and form.is_valid():
        before = theme.name
        try:
            with transaction.atomic():
                themes.change_theme(theme, **form.cleaned_data)
                _record_area_change(request, _("changed the theme ‘%(name)s’") % {"name": before})
        except themes.NameTaken:
            theme.name = before
            form.add_error("name", _("There is already a theme called that. Choose another name"))
        else:
            messages.success(request, _("‘%(name)s’ saved.") % {"name": theme.name})
            return redirect("insights:themes")
    return render(request, "insights/themes_form.html", {"form": form, "theme": theme})


@require_POST
@login_required
def move_theme(request, pk):
    theme = access.theme_for(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        with transaction.atomic():
            if themes.move_theme(theme, direction):
                _record_area_change(
                    request,
                    _("moved the theme ‘%(name)s’ %(direction)s the list")
                    % {
                        "name": theme.name,
                        "direction": _("up") if direction == "up" else _("down"),
                    },
                )
    return redirect(f"{reverse('insights:themes')}#theme-{theme.pk}")


@require_POST
@login_required
def retire_theme(request, pk):
    theme = access.theme_for(request, pk)
    with transaction.atomic():
        themes.retire_theme(theme)
        _record_area_change(request, _("retired the theme ‘%(name)s’") % {"name": theme.name})
    messages.success(
        request,
        _("‘%(name)s’ is retired. It stays in earlier figures and is no longer suggested or offered.")
        % {"name": theme.name},
    )
    return redirect("insights:themes")


@require_POST
@login_required
def restore_theme(request, pk):
    theme = access.theme_for(request, pk)
    with transaction.atomic():
        themes.retire_theme(theme, retired=False)
        _record_area_change(request, _("brought back the theme ‘%(name)s’") % {"name": theme.name})
    messages.success(request, _("‘%(name)s’ is back. Practitioners can choose it again.") % {"name": theme.name})
    return redirect("insights:themes")


# A review's themes page ---------------------------------------------------------------------------


def _form_for(statement, in_use, data=None):
    rows = statement.theme_rows
    return StatementThemesForm(
        data,
        prefix=f"statement-{statement.pk}",
        themes=in_use,
        chosen=[row.theme for row in rows if row.counts],
        suggested=[row.theme for row in rows if row.source == themes.Source.SUGGESTED],
    )


def _save_themes(request, review, statement, form):
    """Save one statement's themes and record what changed against the person, together."""
    with transaction.atomic():
        changes = themes.set_themes(
            statement, chosen=form.cleaned_data["themes"], decisions=form.decisions(), by=request.user
        )
        if changes:
            what = _("themes of what was said at the review on %(date)s: %(changes)s")
            date = long_date(review.meeting_date)
            record_change(request, review.person, what % {"date": date, "changes": "; ".join(changes)})
    messages.success(request, _("Themes saved.") if changes else _("No change to the themes."))


@login_required
def review_themes(request, pk):
    """Every statement of the review with its themes; a form per statement saves its themes."""
    review = access.review_to_tag(request, pk)
    person = review.person
    statements = themes.statements_to_tag(review)
    in_use = [theme for theme in themes.themes_of(person.local_authority) if not theme.retired]
    forms = {statement.pk: _form_for(statement, in_use) for statement in statements}
    bound = None
    if request.method == "POST":
        chosen = whole_number(request.POST.get("statement", ""))
        statement = next((s for s in statements if s.pk == chosen), None)
        if statement is None:
            messages.error(request, _("That statement is no longer in this review. Look again and choose its themes."))
            return redirect("insights:review_themes", review.pk)
        bound = forms[statement.pk] = _form_for(statement, in_use, request.POST)
        if bound.is_valid():
            _save_themes(request, review, statement, bound)
            return redirect(f"{reverse('insights:review_themes', args=[review.pk])}#statement-{statement.pk}")
    for statement in statements:
        statement.form = forms[statement.pk]
    by_question = [
        (question, question_text(question, person.preferred_name), [s for s in statements if s.question == question])
        for question in Question
    ]
    return render(
        request,
        "insights/themes_review.html",
        {
            "review": review,
            "person": person,
            "questions": [entry for entry in by_question if entry[2]],
            "has_themes": bool(in_use),
            "form": bound,  # a form shown again with its errors: the error summary and the page title
        },
    )
