"""The strategy report as a PDF (WeasyPrint, the bundled fonts, taking turns with every other
render) and as a Word document (python-docx) for the Partnership Board's papers."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ourplan.dates import long_date
from profiles.documents import REPORT_PAGE_CSS
from toolkit import strategy

PDF_CSS = (
    REPORT_PAGE_CSS
    + """
h2 { font-size: 15pt; margin: 18pt 0 6pt; padding-top: 6pt; border-top: 2pt solid #1d70b8; break-after: avoid }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid }
h4 { font-size: 11pt; margin: 8pt 0 2pt; break-after: avoid }
p, ul, ol, dl { margin: 0 0 6pt }
dt { font-weight: bold }
dd { margin: 0 0 4pt }
.kicker, .hint { color: #505a5f; font-size: 10pt }
.year { border-left: 4pt solid #1d70b8; padding-left: 6pt; font-size: 12pt }
table { border-collapse: collapse; width: 100%; margin-bottom: 10pt; font-size: 9.5pt }
th, td { border-bottom: 1pt solid #b1b4b6; padding: 3pt 5pt 3pt 0; text-align: left; vertical-align: top }
td.number, th.number { text-align: right }
tr { break-inside: avoid }
a { color: inherit; text-decoration: none }
"""
)


def render_pdf(review):
    context = {**strategy.report(review), "pdf": True, "language": translation.get_language() or "en"}
    html = render_to_string("toolkit/strategy/strategy_pdf.html", context)
    from profiles import documents

    return documents.html_to_pdf(html, PDF_CSS)


def _labelled(document, label, value, style=None):
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(str(value))
    return paragraph


def _grid(document, headings, rows):
    grid = document.add_table(rows=1 + len(rows), cols=len(headings))
    grid.style = "Table Grid"
    for i, heading in enumerate(headings):
        grid.rows[0].cells[i].text = str(heading)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            grid.rows[r].cells[c].text = str(value)
    return grid


def render_docx(review):
    """The strategy report as a Word document the Board's clerk can edit and send round."""
    from docx import Document
    from docx.shared import Cm, Pt

    data = strategy.report(review)
    document = Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(11)
    title = _("Our strategy for person-centred planning: %(title)s") % {"title": review.title}
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(
        _("%(area)s. Day 1 on %(one)s, Day 2 on %(two)s.")
        % {"area": review.area.name, "one": long_date(review.day_one), "two": long_date(review.day_two)}
    )
    document.add_heading(_("Who took part"), level=1)
    document.add_paragraph(
        _("%(n)s people took part, in these roles:") % {"n": data["took_part"]}
        if data["took_part"]
        else _("No one has joined yet.")
    )
    for label, count in data["by_role"]:
        document.add_paragraph(f"{label}: {count}", style="List Bullet")

    document.add_heading(_("The priorities"), level=1)
    document.add_paragraph(
        _("Everyone had six dots: three for what could change now, three for what needs further planning.")
    )
    if not data["priorities"]:
        document.add_paragraph(_("No priorities have been chosen yet."))
    for heading, items in (
        (_("What could change now"), data["now"]),
        (_("What needs further planning"), data["later"]),
    ):
        if not items:
            continue
        document.add_heading(heading, level=2)
        for item in items:
            document.add_heading(item.priority.idea.text, level=3)
            document.add_paragraph(_votes_sentence(item.counted))
            if item.priority.year_from_now:
                _labelled(document, _("A year from now"), item.priority.year_from_now)
            if not item.actions:
                document.add_paragraph(_("No actions set yet."))
                continue
            _grid(
                document,
                [_("Who"), _("Will do what"), _("By when")],
                [(a.who, a.what, long_date(a.by_when)) for a in item.actions],
            )

    document.add_heading(_("Who makes sure it happens"), level=1)
    document.add_paragraph(
        _("Each action is delivered by a task group, which reports its progress to the Partnership Board.")
    )
    if not data["governance"]:
        document.add_paragraph(_("No actions set yet."))
    for group in data["governance"]:
        document.add_heading(group["task_group"], level=2)
        _grid(
            document,
            [_("Action"), _("Who monitors it"), _("Reports to the Board")],
            [(a.what, a.monitored_by, long_date(a.report_by)) for a, _priority in group["actions"]],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _votes_sentence(counted):
    return _(
        "Ranked %(rank)s%(joint)s: %(now)s dots for could change now, %(later)s for needs further planning, "
        "%(total)s in all."
    ) % {
        "rank": counted.rank or "-",
        "joint": " " + _("(joint)") if counted.joint else "",
        "now": counted.now,
        "later": counted.later,
        "total": counted.total,
    }
