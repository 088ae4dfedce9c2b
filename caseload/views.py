import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.access import caseload_of, record_list_view
from caseload import caseload as listing
from ourplan.dates import long_date


@login_required
def caseload(request):
    """Everyone the signed-in user coordinates, with what needs doing: sortable, filterable and
    printable, all without JavaScript. Anyone who coordinates nobody sees an empty caseload."""
    today = timezone.localdate()
    sort = request.GET.get("sort")
    sort = sort if sort in listing.SORTS else listing.DEFAULT_SORT
    filters = [name for name in listing.FILTERS if name in request.GET.getlist("show")]
    entries = listing.caseload(caseload_of(request.user), today)
    shown = listing.shown(entries, filters, sort)
    record_list_view(
        request, [e.person for e in shown], _("their name and what needs doing, in their coordinator's caseload")
    )
    return render(
        request,
        "caseload/caseload.html",
        {
            "entries": entries,
            "rows": _rows(shown),
            "summary": listing.summary(entries),
            "sort": sort,
            "sorts": [(name, label, _address(filters, name)) for name, (label, _key) in listing.SORTS.items()],
            "filters": [(name, label, name in filters) for name, (label, _keeps) in listing.FILTERS.items()],
            "filtered": bool(filters),
            "today": today,
        },
    )


def _rows(entries):
    """Each entry as the words its row shows. Worked out here rather than in the template: a
    caseload has hundreds of rows, and a {% url %}, date or translation per row costs more than
    the rest of the row."""
    written = functools.lru_cache(maxsize=None)(long_date)
    before, after = reverse("people:detail", args=[0]).rsplit("0", 1)
    no_review = _("No review planned")
    return [
        {
            "address": f"{before}{e.person.pk}{after}",
            "name": e.person.preferred_name,
            "year": e.year_group_label,
            "setting": e.person.setting_name or "",
            "review": written(e.next_review) if e.next_review else no_review,
            "flags": listing.flags_of(e, written),
        }
        for e in entries
    ]


def _address(filters, sort):
    """The caseload's query string for ``filters`` in ``sort`` order."""
    return "?" + urlencode([("show", name) for name in filters] + [("sort", sort)])
