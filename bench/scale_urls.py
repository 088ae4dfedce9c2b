"""The bench's URLs at scale: every OurPlan page, plus two bench-only views, served by
``bench/scale_wsgi.py``. Never part of the product's URLs.

``/bench/theme-counts`` is the yardstick for the planning lead's insights page: the same server,
client, session, middleware and access check (``planning_lead_areas``), and then the one query a
person would write by hand to count the area's themes. The insights page divided by it is what
the page costs beyond reading the statements once.

``/bench/area-afresh`` is the insights page with nothing kept from an earlier view: the same access
check, filters, template and audit record, but the figures added up from the facts every time
(``area_figures(..., keep=False)``), as the first view after any change to the area's records does,
leaving what the page keeps alone. Reported beside the page, not a target.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from audit.access import planning_lead_area, planning_lead_areas, record
from audit.models import AuditEvent
from insights import figures
from insights.forms_area import AreaFiltersForm
from ourplan.urls import urlpatterns as product_urls

# Every theme counted (chosen by a practitioner, or suggested and accepted) on every statement
# sent (not a draft) in every review of the area's people: all the statements the page can show,
# over all time, so the yardstick reads at least as many rows as the page does.
THEME_COUNTS = """
SELECT st.theme_id, COUNT(*)
FROM insights_statementtheme st
JOIN reviews_statement s ON s.id = st.statement_id
JOIN reviews_review r ON r.id = s.review_id
JOIN people_person p ON p.id = r.person_id
WHERE p.local_authority_id = %s AND st.source IN ('tagged', 'accepted') AND NOT s.draft
GROUP BY st.theme_id
"""


@login_required
def theme_counts(request):
    area = planning_lead_areas(request)[0]
    with connection.cursor() as cursor:
        cursor.execute(THEME_COUNTS, [area.pk])
        rows = cursor.fetchall()
    return HttpResponse("".join(f"{theme} {count}\n" for theme, count in sorted(rows)), content_type="text/plain")


@login_required
def area_afresh(request):
    """insights.views.overview, adding the figures up again (``keep=False``)."""
    area = planning_lead_area(request, "area figures (counts only)")
    today = timezone.localdate()
    labels = figures.group_labels(area)
    form = AreaFiltersForm(request.GET or None, labels, today)
    found = figures.area_figures(area, form.period(), form.selection(), today=today, labels=labels, keep=False)
    record(request, None, AuditEvent.Action.VIEWED, "area figures (counts only)", role="planning lead")
    context = {"area": area, "form": form, "figures": found, "measures": figures.MEASURES, "query": ""}
    return render(request, "insights/area.html", context)


urlpatterns = [
    *product_urls,
    path("bench/theme-counts", theme_counts, name="bench_theme_counts"),
    path("bench/area-afresh", area_afresh, name="bench_area_afresh"),
]
