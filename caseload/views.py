from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.access import caseload_of, record_list_view
from caseload import caseload as listing


@login_required
def caseload(request):
    """Everyone the signed-in user coordinates, with what needs doing: sortable, filterable and
    printable, all without JavaScript. Anyone who coordinates nobody sees an empty caseload."""
    today = timezone.localdate()
    sort = request.GET.get("sort")
    sort = sort if sort in listing.SORTS else listing.DEFAULT_SORT
    filters = [name for name in listing.FILTERS if name in request.GET.getlist("show")]
    entries = listing.caseload(caseload_of(request.user), today)
    rows = listing.shown(entries, filters, sort)
    before, after = reverse("people:detail", args=[0]).rsplit("0", 1)
    record_list_view(
        request, [e.person for e in rows], _("their name and what needs doing, in their coordinator's caseload")
    )
    return render(
        request,
        "caseload/caseload.html",
        {
            "entries": entries,
            # One address worked out for everyone: a {% url %} per row would cost more than the rest of the row.
            "rows": [(e, f"{before}{e.person.pk}{after}") for e in rows],
            "summary": listing.summary(entries),
            "sort": sort,
            "sorts": [(name, label, _address(filters, name)) for name, (label, _key) in listing.SORTS.items()],
            "filters": [(name, label, name in filters) for name, (label, _keeps) in listing.FILTERS.items()],
            "filtered": bool(filters),
            "today": today,
            "no_review": _("No review planned"),
            "nothing_to_do": _("Nothing needs doing"),
            "labels": {
                "overdue": _("Review overdue"),
                "due_soon": _("Review due in the next 8 weeks"),
                "profile": _("One-page profile out of date"),
                "transition": _("Needs a transition review"),
            },
        },
    )


def _address(filters, sort):
    """The caseload's query string for ``filters`` in ``sort`` order."""
    return "?" + urlencode([("show", name) for name in filters] + [("sort", sort)])
