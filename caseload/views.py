import functools

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.access import Listed, caseload_fingerprint, caseload_of, record_list_view
from caseload import caseload as listing
from ourplan.dates import long_date
from people import versions
from people.models import year_group_label

PAGE_SIZE = 50
MOST_PAGES = 10_000  # a page number asked for beyond this is the last page


@login_required
def caseload(request):
    """Everyone the signed-in user coordinates, with what needs doing: sortable, filterable and
    printable, all without JavaScript. Anyone who coordinates nobody sees an empty caseload.

    Fifty people a page (``?page=``), or everyone on one page for printing (``?all=1``). The
    summary counts everyone; only the people shown are written out, and recorded as looked at."""
    today = timezone.localdate()
    sort = request.GET.get("sort")
    sort = sort if sort in listing.SORTS else listing.DEFAULT_SORT
    filters = [name for name in listing.FILTERS if name in request.GET.getlist("show")]
    everyone = request.GET.get("all") == "1"
    asked = _page_number(request.GET.get("page"), MOST_PAGES)
    # Kept for the records versions of everyone on the caseload (read first, see people.versions),
    # the day and what was asked for: the caseload is worked out again after any change to anyone on it.
    key = (
        "caseload",
        request.user.pk,
        caseload_fingerprint(request.user),
        today,
        get_language(),
        sort,
        filters,
        everyone,
        asked,
    )
    shown, main = versions.kept(
        key, lambda: _caseload_main(request, caseload_of(request.user), today, sort, filters, everyone, asked)
    )
    record_list_view(
        request,
        [Listed(*row) for row in shown],
        _("their name and what needs doing, in their coordinator's caseload"),
    )
    return versions.kept_page(request, key, "caseload/caseload.html", {"main": main})


def _caseload_main(request, people, today, sort, filters, everyone, asked):
    """(the people shown, as (id, coordinator's id), the page's main part as HTML)."""
    entries = listing.caseload(people, today)
    matching = listing.shown(entries, filters, sort)
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    page = 1 if everyone else min(asked, pages)
    first = (page - 1) * PAGE_SIZE
    on_page = matching if everyone else matching[first : first + PAGE_SIZE]
    main = render_to_string(
        "caseload/_caseload_main.html",
        {
            "total": len(entries),
            "matching": len(matching),
            "rows": _rows(on_page),
            "nothing_to_do": _("Nothing needs doing"),
            "summary": listing.summary(entries),
            "sort": sort,
            "sorts": [
                (name, label, _address(filters, name, everyone=everyone))
                for name, (label, _key) in listing.SORTS.items()
            ],
            "filters": [(name, label, name in filters) for name, (label, _keeps) in listing.FILTERS.items()],
            "filtered": bool(filters),
            "everyone": everyone,
            "paged": pages > 1 and not everyone,
            "first": first + 1,
            "last": first + len(on_page),
            "pagination": None if everyone else _pagination(filters, sort, page, pages),
            "all_address": _address(filters, sort, everyone=True),
            "paged_address": _address(filters, sort),
            "today": today,
        },
        request=request,
    )
    return [(e.pk, e.coordinator_id) for e in on_page], main


def _page_number(asked, pages):
    """The page asked for, as a number from 1 to ``pages``: anything else is the nearest page."""
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), pages)


def _pagination(filters, sort, page, pages):
    """The GOV.UK pagination component's links, or None for a single page: the first and last
    pages, the current one and those either side, with None where pages are left out."""
    if pages <= 1:
        return None
    items, previous = [], 0
    for number in sorted({1, page - 1, page, page + 1, pages} & set(range(1, pages + 1))):
        if number - previous > 1:
            items.append(None)  # an ellipsis
        items.append((number, _address(filters, sort, number), number == page, _("Page %(n)s") % {"n": number}))
        previous = number
    return {
        "previous": _address(filters, sort, page - 1) if page > 1 else None,
        "next": _address(filters, sort, page + 1) if page < pages else None,
        "items": items,
    }


def _rows(entries):
    """Each entry shown as the words its row shows. Worked out here rather than in the template,
    and only for the people shown: a {% url %}, date or translation per row costs more than the
    rest of the row."""
    written = functools.lru_cache(maxsize=None)(long_date)
    flags_of = listing.flag_writer(written)
    year_label = functools.lru_cache(maxsize=None)(year_group_label)
    before, after = reverse("people:detail", args=[0]).rsplit("0", 1)
    no_review = _("No review planned")
    return [
        {
            "address": f"{before}{e.pk}{after}",
            "name": e.name,
            "year": year_label(e.year_group),
            "setting": e.setting_name or "",
            "review": written(e.next_review) if e.next_review else no_review,
            "flags": flags_of(e),
        }
        for e in entries
    ]


def _address(filters, sort, page=1, everyone=False):
    """The caseload's query string for ``filters`` in ``sort`` order, on ``page`` or with ``everyone``."""
    query = [("show", name) for name in filters] + [("sort", sort)]
    if everyone:
        query.append(("all", "1"))
    elif page > 1:
        query.append(("page", page))
    return "?" + urlencode(query)
