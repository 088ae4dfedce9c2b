"""The six-monthly report to the Partnership Board: the area's figures (already through disclosure
control), the top themes and how they changed since the last report, and "you said, we did".

A published report is frozen as JSON (``BoardReport.figures``): later changes in the records, or a
change in how figures are worked out, do not change what the Board was told. Only shown text and
rounded numbers are kept, never a true count or anything said about one person.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights import commissioning, figures
from insights.models import BoardReport, CommissioningAction
from profiles.documents import REPORT_PAGE_CSS
from toolkit import strategy as area_strategy

SECTION_TITLES = {
    "everyone": gettext_lazy("Planning for everyone"),
    "works": gettext_lazy("Making sure it works"),
    "change": gettext_lazy("Creating wider change"),
}
TOP_THEMES = 5


def _table(table):
    return {
        "key": table.key,
        "title": str(table.title),
        "explains": str(table.explains),
        "columns": [str(heading) for heading, *_rest in table.columns],
        "rows": [[str(label), [cell.shown for cell in cells]] for label, cells in table.rows],
        "total": [str(table.total[0]), [cell.shown for cell in table.total[1]]] if table.total else None,
        "withheld": table.withheld,
        # Rounded numbers of the whole period (the last column) for comparing with the next report.
        "rounded": {str(label): cells[-1].rounded for label, cells in table.rows},
    }


def top_themes(theme_table, earlier=None):
    """The most raised themes of one question group (a table from ``_table``), with how each
    changed since the ``earlier`` report's table of the same key: up, down, about the same or new.
    Rounded numbers only: a change of 5 or less is within the rounding, so it is "about the same"."""
    earlier_counts = (earlier or {}).get("rounded", {})
    ranked = sorted(
        ((label, count) for label, count in theme_table["rounded"].items() if count),
        key=lambda item: (-item[1], item[0]),
    )[:TOP_THEMES]
    found = []
    for label, count in ranked:
        before = earlier_counts.get(label)
        if earlier is None:
            change = ""
        elif not before:
            change = "new"
        elif count - before > 5:
            change = "up"
        elif before - count > 5:
            change = "down"
        else:
            change = "same"
        found.append({"theme": label, "people": count, "earlier": before, "change": change})
    return found


def snapshot(area, period, today=None):
    """Everything the report says, as JSON-ready values."""
    today = today or timezone.localdate()
    published = figures.area_figures(area, period, figures.EVERYONE, today)
    sections = [
        {"key": key, "title": str(SECTION_TITLES[key]), "tables": [_table(t) for t in published.sections.get(key, [])]}
        for key in SECTION_TITLES
    ]
    earlier = BoardReport.objects.filter(local_authority=area, period_end__lt=period.start).first()
    earlier_tables = {}
    if earlier is not None:
        for section in earlier.figures.get("sections", []):
            earlier_tables.update({t["key"]: t for t in section["tables"]})
    themes = [
        {
            "title": table["title"],
            "top": top_themes(table, earlier_tables.get(table["key"]) if earlier else None),
        }
        for table in sections[2]["tables"]
    ]
    actions = [
        {
            "theme": action.theme.name if action.theme else "",
            "you_said": action.you_said,
            "we_will": action.we_will,
            "who": action.who,
            "by_when": action.by_when.isoformat(),
            "status": action.get_status_display(),
            "done": action.status == CommissioningAction.Status.DONE,
            "overdue": commissioning.is_overdue(action, today),
            "progress": action.progress,
        }
        for action in commissioning.for_areas([area])
    ]
    return {
        "area": area.name,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": _("%(start)s to %(end)s") % {"start": f"{period.start:%B %Y}", "end": f"{period.end:%B %Y}"},
        },
        "made_on": today.isoformat(),
        "earlier": (
            {"start": earlier.period_start.isoformat(), "end": earlier.period_end.isoformat()} if earlier else None
        ),
        "sections": sections,
        "themes": themes,
        "you_said_we_did": actions,
        # The area's strategy from its area reviews (toolkit): about services, never a person.
        "strategy": area_strategy.board_section(area, today),
    }


@transaction.atomic
def publish_board_report(area, period, *, by, today=None):
    """Freeze the report for ``period`` as the Board will see it."""
    return BoardReport.objects.create(
        local_authority=area,
        period_start=period.start,
        period_end=period.end,
        figures=snapshot(area, period, today),
        created_by=by,
    )


PDF_CSS = (
    REPORT_PAGE_CSS
    + """
h2 { font-size: 15pt; margin: 18pt 0 6pt; padding-top: 6pt; border-top: 2pt solid #1d70b8; break-after: avoid }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid }
p { margin: 0 0 6pt }
.kicker, .explains { color: #505a5f; font-size: 10pt }
table { border-collapse: collapse; width: 100%; margin-bottom: 10pt; font-size: 9.5pt }
th, td { border-bottom: 1pt solid #b1b4b6; padding: 3pt 5pt 3pt 0; text-align: left; vertical-align: top }
td.number, th.number { text-align: right }
tr { break-inside: avoid }
"""
)


def render_pdf(report):
    html = render_to_string(
        "insights/board_report_pdf.html",
        {"report": report, "data": for_reading(report.figures), "language": translation.get_language() or "en"},
    )
    from profiles import documents

    return documents.html_to_pdf(html, PDF_CSS)


def render_docx(report):
    """The report as a Word document the Board's clerk can edit and send round."""
    import io

    from docx import Document
    from docx.shared import Cm, Pt

    data = report.figures
    document = Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(11)
    title = _("Person-centred planning in %(area)s") % {"area": data["area"]}
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(_("Report to the Partnership Board, %(period)s") % {"period": data["period"]["label"]})
    document.add_paragraph(str(SMALL_NUMBERS))
    document.add_heading(_("The top themes"), level=1)
    for group in data["themes"]:
        document.add_heading(group["title"], level=2)
        if not group["top"]:
            document.add_paragraph(_("No theme was raised often enough to show."))
        for theme in group["top"]:
            document.add_paragraph(f"{theme['theme']}: {theme_sentence(theme)}.", style="List Bullet")
    for section in data["sections"]:
        document.add_heading(section["title"], level=1)
        for table in section["tables"]:
            document.add_heading(table["title"], level=2)
            document.add_paragraph(table["explains"])
            if table["withheld"]:
                document.add_paragraph(_("Withheld: the numbers are too small to show without identifying someone."))
                continue
            rows = [*table["rows"], *([table["total"]] if table["total"] else [])]
            grid = document.add_table(rows=1 + len(rows), cols=1 + len(table["columns"]))
            grid.style = "Table Grid"
            for i, heading in enumerate(["", *table["columns"]]):
                grid.rows[0].cells[i].text = heading
            for r, (label, cells) in enumerate(rows, start=1):
                grid.rows[r].cells[0].text = label
                for c, shown in enumerate(cells, start=1):
                    grid.rows[r].cells[c].text = shown
    document.add_heading(_("You said, we did"), level=1)
    if not data["you_said_we_did"]:
        document.add_paragraph(_("Nothing recorded yet."))
    for action in data["you_said_we_did"]:
        document.add_heading(action["we_will"], level=2)
        for label, value in (
            (_("Theme"), action["theme"]),
            (_("You said"), action["you_said"]),
            (_("Who"), action["who"]),
            (_("By when"), action["by_when"]),
            (_("How it is going"), action["status"] + (" – " + _("overdue") if action["overdue"] else "")),
            (_("Progress"), action["progress"]),
        ):
            if value:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
    _strategy_docx(document, area_strategy.board_section_for_reading(data.get("strategy")))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _strategy_docx(document, strategy):
    """The area's strategy section of the Word report (not in reports published before it existed)."""
    if strategy is None:
        return
    document.add_heading(_("The area’s strategy"), level=1)
    document.add_paragraph(STRATEGY_EXPLAINS)
    counts = strategy["counts"]
    document.add_paragraph(strategy_counts_sentence(counts))
    for action in strategy["actions"]:
        document.add_heading(action["what"], level=2)
        for label, value in (
            (_("Priority"), action["priority"]),
            (_("Who"), action["who"]),
            (_("By when"), action["by_when_text"]),
            (_("How it is going"), action["status"] + (" – " + _("overdue") if action["overdue"] else "")),
        ):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


STRATEGY_EXPLAINS = gettext_lazy(
    "The actions the area set itself at its reviews of person-centred planning, and how they are going."
)


def strategy_counts_sentence(counts):
    if not counts["total"]:
        return _("No strategy actions have been set yet.")
    return (
        _(
            "%(total)s actions: %(done)s done, %(in_progress)s in progress, %(stuck)s stuck, "
            "%(not_started)s not started; %(overdue)s overdue."
        )
        % counts
    )


SMALL_NUMBERS = gettext_lazy(
    "To protect children’s privacy, numbers from 1 to 4 are shown as “fewer than 5”, other numbers are "
    "rounded to the nearest 5, and numbers shown as “hidden” or “not shown” are kept back so that they cannot "
    "be worked out from the others."
)


def theme_sentence(theme):
    """ "About 25 people's reviews; up from about 10 at the last report." in plain words."""
    sentence = _("raised at about %(n)s people’s reviews") % {"n": theme["people"]}
    if theme["change"] == "up":
        sentence += "; " + _("up from about %(n)s at the last report") % {"n": theme["earlier"]}
    elif theme["change"] == "down":
        sentence += "; " + _("down from about %(n)s at the last report") % {"n": theme["earlier"]}
    elif theme["change"] == "same":
        sentence += "; " + _("about the same as at the last report")
    elif theme["change"] == "new":
        sentence += "; " + _("not among the themes at the last report")
    return sentence


def for_reading(data):
    """The frozen report with each top theme's sentence written out, for the page and the PDF."""
    themes = [
        {**group, "top": [{**theme, "sentence": theme_sentence(theme)} for theme in group["top"]]}
        for group in data["themes"]
    ]
    strategy = area_strategy.board_section_for_reading(data.get("strategy"))
    return {**data, "themes": themes, "small_numbers": SMALL_NUMBERS, "strategy": strategy}
