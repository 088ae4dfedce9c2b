"""The Board report pages: prepare the six-monthly report from the area's figures, publish it
(frozen as the Board will read it), and download it as PDF or Word. Planning lead only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.access import planning_lead_area, planning_lead_areas, record
from audit.models import AuditEvent
from insights import figures, report
from insights.forms_area import AreaFiltersForm
from insights.models import BoardReport
from ourplan.downloads import DOCX, attachment


def _period(request, area, today):
    form = AreaFiltersForm(request.GET or request.POST or None, figures.group_labels(area), today)
    return form, form.period()


@require_GET
@login_required
def board_reports(request):
    """Published reports, and the report for the period chosen, ready to publish."""
    area = planning_lead_area(request, "the Board reports")
    today = timezone.localdate()
    form, period = _period(request, area, today)
    preview = report.for_reading(report.snapshot(area, period, today))
    published = BoardReport.objects.filter(local_authority=area).only("pk", "period_start", "period_end", "created_at")
    record(
        request, None, AuditEvent.Action.VIEWED, "the Board report being prepared (area figures)", role="planning lead"
    )
    return render(
        request,
        "insights/board_reports.html",
        {"area": area, "form": form, "period": period, "data": preview, "published": published},
    )


@require_POST
@login_required
def publish(request):
    area = planning_lead_area(request, "publishing a Board report")
    today = timezone.localdate()
    _form, period = _period(request, area, today)
    board_report = report.publish_board_report(area, period, by=request.user, today=today)
    record(
        request,
        None,
        AuditEvent.Action.CHANGED,
        f"published the Board report for {period.start} to {period.end}",
        role="planning lead",
    )
    messages.success(request, _("Published. This is the report as the Board will read it; it will not change."))
    return redirect("insights:board_report", board_report.pk)


def _report_for(request, pk, what):
    areas = planning_lead_areas(request, what)
    board_report = get_object_or_404(BoardReport, pk=pk, local_authority__in=areas)
    record(request, None, AuditEvent.Action.VIEWED, what, role="planning lead")
    return board_report


@require_GET
@login_required
def board_report(request, pk):
    board_report = _report_for(request, pk, "a published Board report")
    data = report.for_reading(board_report.figures)
    return render(request, "insights/board_report.html", {"report": board_report, "data": data})


@require_GET
@login_required
def board_report_pdf(request, pk):
    board_report = _report_for(request, pk, "a published Board report as a PDF")
    return _download(report.render_pdf(board_report), "application/pdf", board_report, "pdf")


@require_GET
@login_required
def board_report_docx(request, pk):
    board_report = _report_for(request, pk, "a published Board report as a Word document")
    return _download(report.render_docx(board_report), DOCX, board_report, "docx")


def _download(content, content_type, board_report, extension):
    name = f"board-report-{board_report.period_start:%Y-%m}-to-{board_report.period_end:%Y-%m}.{extension}"
    return attachment(content, content_type, name)
