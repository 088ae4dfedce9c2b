"""The bench's URLs at scale: every OurPlan page, plus two bench-only views, served by
``bench/scale_wsgi.py``. Never part of the product's URLs.

``/bench/theme-counts`` is the yardstick for the planning lead's insights page: the same server,
client, session, middleware and access check (``planning_lead_areas``), and then the one query a
person would write by hand to count the area's themes. The insights page divided by it is what
the page costs beyond reading the statements once.

``/bench/area-afresh`` is the insights page with nothing kept from an earlier view: the same access
check, filters, template and audit record, but the figures added up from the facts every time
(``area_figures(..., keep=False)``), as the first view after any change to the area's records does,
leaving what the page keeps alone. Reported beside the page, not a target: since the page shows
figures kept in the database and has them refreshed in the background, this is what each refresh
costs the worker (``insights.tasks.refresh_figures``).

``/bench/area-after-change`` is the insights page itself (``insights.views.overview``) just after a
change to the area's records: first it marks one of the area's people, chosen at random, as
changed, in a transaction of its own that is saved before the page is read (``facts.changed``,
what the save of any record the figures count does), so the page has to bring that person's facts
up to date and finds its kept figures older than the records. In a large area records change every
few seconds, so this is the page a planning lead meets; the bench's "page" figures are this one.
"""

import random

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from audit.access import planning_lead_area, planning_lead_areas, record
from audit.models import AuditEvent
from insights import facts, figures, views
from insights.forms_area import AreaFiltersForm
from ourplan.urls import urlpatterns as product_urls
from people.models import Person

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


@login_required
def area_after_change(request):
    """One of the area's people marked as changed (saved), then the insights page as it is."""
    area = planning_lead_areas(request)[0]
    people = area_people(area.pk)
    with transaction.atomic():
        facts.changed([people[random.randrange(len(people))]])  # noqa: S311 (not for security)
    return views.overview(request)


_PEOPLE = {}


def area_people(area_id):
    """The ids of the area's people, read once per worker process."""
    if area_id not in _PEOPLE:
        _PEOPLE[area_id] = list(Person.objects.filter(local_authority_id=area_id).values_list("pk", flat=True))
    return _PEOPLE[area_id]


urlpatterns = [
    *product_urls,
    path("bench/theme-counts", theme_counts, name="bench_theme_counts"),
    path("bench/area-afresh", area_afresh, name="bench_area_afresh"),
    path("bench/area-after-change", area_after_change, name="bench_area_after_change"),
]
