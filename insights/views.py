"""What the local authority sees (``/area/``): figures from every plan in its area, for its planning
lead only, never a name, never one person, never anyone's words. Every figure on the page and in
the CSV files has been through disclosure control (``insights.disclosure``) in ``insights.figures``;
templates and CSV files print only each figure's ``shown`` text."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.access import planning_lead_area, record
from audit.models import AuditEvent
from insights import figures
from insights.disclosure import KEPT_BACK
from insights.forms_area import AreaFiltersForm


def _figures_for(request, what):
    """The planning lead's area, the filters read from the address, and the published figures shown
    (``figures.Shown``: kept ones at once, saying when they are from if records changed since)."""
    area = planning_lead_area(request, what)
    today = timezone.localdate()
    labels = figures.group_labels(area)
    form = AreaFiltersForm(request.GET or None, labels, today)
    shown = figures.shown_figures(area, form.period(), form.selection(), today=today, labels=labels)
    record(request, None, AuditEvent.Action.VIEWED, what, role="planning lead")
    return area, form, shown


@require_GET
@login_required
def overview(request):
    """The three parts of the toolkit's pathway, as charts and tables, with the filters."""
    area, form, shown = _figures_for(request, "area figures (counts only)")
    return render(
        request,
        "insights/area.html",
        {
            "area": area,
            "form": form,
            "figures": shown.figures,
            "as_at_note": shown.note,
            "measures": figures.MEASURES,
            "kept_back": KEPT_BACK,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def table_csv(request, table):
    """One table of the area page as a CSV file: the same text the page shows, hidden numbers hidden."""
    area, _form, shown = _figures_for(request, f"area figures as a CSV file ({table})")
    found = shown.figures
    chosen = next((t for tables in found.sections.values() for t in tables if t.key == table), None)
    if chosen is None or chosen.withheld:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"{area.name} {chosen.key} {found.period.start} {found.period.end}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Group"), *(str(label) for label, _explains in chosen.columns)])
    for label, cells in chosen.all_rows:
        writer.writerow([label, *(cell.shown for cell in cells)])
    writer.writerow([])
    if shown.note:
        writer.writerow([shown.note])
    writer.writerow(
        [
            _(
                "Small numbers are hidden to protect children's privacy: counts of 1 to 4 show as "
                "'fewer than 5', others are rounded to the nearest 5, and numbers shown as 'hidden' or "
                "'not shown' are kept back so that the small ones cannot be worked out."
            )
        ]
    )
    return response
