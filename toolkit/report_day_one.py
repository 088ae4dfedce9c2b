"""The report of Day 1 (seed 004: "written up as a report of the day, identifying what should be
celebrated and highlighting areas for action"): what is working well to celebrate, and what is not
working as areas for action, step by step, each note with the group of people it is about. As a
page, a PDF and a Word document. The notes are the room's own words about services, never a person."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.documents import REPORT_PAGE_CSS
from toolkit.models import Finding, PeopleGroup, Step, WorkGroup

CELEBRATE = gettext_lazy("What to celebrate")
CELEBRATE_EXPLAINS = gettext_lazy("What the small groups found is working well.")
ACTION = gettext_lazy("Areas for action")
ACTION_EXPLAINS = gettext_lazy("What the small groups found is not working and needs to change.")
NOTHING = gettext_lazy("Nothing was written for this step.")


def report_data(review):
    """Everything the report says, in five queries whatever the number of notes."""
    steps = list(Step.objects.filter(area_id=review.area_id))
    people_groups = {pg.pk: pg for pg in PeopleGroup.objects.filter(area_id=review.area_id)}
    work_groups = list(WorkGroup.objects.filter(review=review).prefetch_related("people_groups"))
    findings = list(Finding.objects.filter(review=review).only("pk", "kind", "text", "step_id", "people_group_id"))
    findings.sort(key=lambda f: (people_groups[f.people_group_id].position, f.people_group_id, f.pk))

    def notes(step, kind):
        return [
            {"text": f.text, "about": people_groups[f.people_group_id].name}
            for f in findings
            if f.step_id == step.pk and f.kind == kind
        ]

    parts = [
        {
            "key": key,
            "title": str(title),
            "explains": str(explains),
            "steps": [{"name": step.name, "notes": notes(step, kind)} for step in steps],
        }
        for key, title, explains, kind in (
            ("celebrate", CELEBRATE, CELEBRATE_EXPLAINS, Finding.Kind.WORKING),
            ("action", ACTION, ACTION_EXPLAINS, Finding.Kind.NOT_WORKING),
        )
    ]
    return {
        "title": review.title,
        "area": review.area.name,
        "day_one": review.day_one,
        "place": review.place,
        "took_part": review.participants.count(),
        "work_groups": [
            {"name": group.name, "people_groups": [pg.name for pg in group.people_groups.all()]}
            for group in work_groups
        ],
        "notes": len(findings),
        "parts": parts,
        "nothing": str(NOTHING),
    }


PDF_CSS = (
    REPORT_PAGE_CSS
    + """
h2 { font-size: 16pt; margin: 18pt 0 6pt; padding-top: 6pt; border-top: 2pt solid #1d70b8; break-after: avoid }
h3 { font-size: 12.5pt; margin: 12pt 0 4pt; break-after: avoid }
p { margin: 0 0 6pt }
ul { margin: 0 0 8pt; padding-left: 14pt }
li { margin-bottom: 4pt; break-inside: avoid }
.kicker, .about, .explains { color: #505a5f; font-size: 10pt }
dl { margin: 0 0 8pt }
dt { font-weight: bold; float: left; clear: left; width: 42mm }
dd { margin: 0 0 3pt 44mm }
"""
)


def pdf_html(data):
    return render_to_string(
        "toolkit/day_one/report_pdf.html",
        {"data": data, "about": about_the_day(data), "language": translation.get_language() or "en"},
    )


def render_pdf(data):
    from profiles import documents

    return documents.html_to_pdf(pdf_html(data), PDF_CSS)


def render_docx(data):
    """The report as a Word document the facilitator can edit and send round."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(11)
    title = _("Day 1 report: %(title)s") % {"title": data["title"]}
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for label, value in about_the_day(data):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for part in data["parts"]:
        document.add_heading(part["title"], level=1)
        document.add_paragraph(part["explains"])
        for step in part["steps"]:
            document.add_heading(step["name"], level=2)
            if not step["notes"]:
                document.add_paragraph(data["nothing"])
            for note in step["notes"]:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(note["text"])
                paragraph.add_run(" " + _("(about: %(group)s)") % {"group": note["about"]}).italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def about_the_day(data):
    """(label, value) lines saying which day this was and who took part."""
    from django.utils.formats import date_format

    groups = "; ".join(
        f"{group['name']} ({', '.join(group['people_groups'])})" if group["people_groups"] else group["name"]
        for group in data["work_groups"]
    )
    lines = [
        (_("Area"), data["area"]),
        (_("Day 1"), date_format(data["day_one"], "j F Y") + (f", {data['place']}" if data["place"] else "")),
        (_("People who took part"), str(data["took_part"])),
        (_("Small groups"), groups or _("None")),
    ]
    return lines
