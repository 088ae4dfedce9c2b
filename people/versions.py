"""Each person's records version, and the page parts kept for a version.

A person's ``RecordsVersion`` goes up by one whenever anything a page shows about them changes, in
the same transaction as the change (``bump``):

- a change to a record about them (the person, their profile, reviews, plans, statements, themes,
  outcomes and actions): the same ``post_save``/``post_delete`` signals that mark their area
  figures' facts (``insights.facts.changed``) bump it;
- any change recorded in their audit trail (``audit.access.record`` of a "changed" event): their
  circle, invitations, who sees what, the basis for holding their information;
- a change to the name of someone in their circle or their coordinator, or of their school or
  college (``people.apps``).

So a page part kept for a version (``kept``) is what the page would show now, as long as its key
also holds everything else it depends on: who is looking (their buttons and what is shared with
them), the day (overdue, ages, year groups), the language, and the session's form token.

Read the version *before* the records it stands for: a change saved between the two reads is then
kept under the older number, which no later look asks for.
"""

import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeData, mark_safe

from people.models import RecordsVersion

# How long a server process keeps a page part. The key says exactly which records it shows, so
# this only bounds the memory kept for pages nobody looks at again (and a circle member's renamed
# account on the history of someone whose circle they have left).
KEPT_SECONDS = 10 * 60


def bump(person_ids):
    """Move on the records version of each of ``person_ids``, in the current transaction."""
    ids = sorted({int(pk) for pk in person_ids if pk is not None})
    if not ids:
        return
    RecordsVersion.objects.bulk_create([RecordsVersion(person_id=pk) for pk in ids], ignore_conflicts=True)
    RecordsVersion.objects.filter(person_id__in=ids).update(number=F("number") + 1)


def forget(person_id):
    """A deleted person's version goes with them."""
    RecordsVersion.objects.filter(person_id=person_id).delete()


def of_person(person_id):
    """One person's records version (0 if nothing was ever recorded)."""
    found = RecordsVersion.objects.filter(person_id=person_id).values_list("number", flat=True).first()
    return found or 0


def fingerprint(people):
    """A short text that changes whenever anyone in ``people`` (a queryset) changes, or anyone joins
    or leaves it: each person's id with their version, in one query (written out here, since the
    ORM takes longer to build it than the database to answer it)."""
    try:
        sql, params = _listed_sql(people)
    except EmptyResultSet:  # ``Person.objects.none()``: nobody
        return NOBODY
    return _fingerprint(sql, params)


# The fingerprint of an empty list (as ``_fingerprint`` makes it).
NOBODY = hashlib.sha256(b"[]").hexdigest()

# Two numbers no account has as its id, standing in for an account's id while a query is built once.
_STAND_INS = (-7_315_961_402, -7_315_961_403)
_QUERY_TEXTS = {}


def fingerprint_for(people_of, user):
    """``fingerprint(people_of(user.pk))``, for a function ``people_of`` of an account's id (only
    its id, so it cannot look at anything else about the account) that builds the same query for
    every id but for the id itself. A list page asks this on every view, and building the query
    with the ORM costs more than answering it, so each process builds it once, for a stand-in id,
    and then puts each account's id in its place among the parameters. It is built for two
    stand-ins first, and refused unless the two differ only in the id's place among the parameters."""
    text = _QUERY_TEXTS.get(people_of)
    if text is None:
        first, second = (_built(people_of, stand_in) for stand_in in _STAND_INS)
        same_but_the_id = first[0] == second[0] and len(first[1]) == len(second[1])
        same_but_the_id = same_but_the_id and all(
            (one, other) == _STAND_INS or one == other for one, other in zip(first[1], second[1], strict=True)
        )
        if not (same_but_the_id and _STAND_INS[0] in first[1]) or str(_STAND_INS[0]) in first[0]:
            raise ValueError(f"{people_of.__qualname__} does not build one query with the account's id as a parameter")
        text = _QUERY_TEXTS[people_of] = first
    sql, params = text
    return _fingerprint(sql, [user.pk if value == _STAND_INS[0] else value for value in params])


def _built(people_of, account_id):
    return _listed_sql(people_of(account_id))


def _listed_sql(people):
    """The SQL and parameters of ``people``'s ids, as the column ``listed``."""
    sql, params = people.order_by().values(listed=F("pk")).query.sql_with_params()
    return sql, tuple(params)


def _fingerprint(sql, params):
    """Each listed id with its version (0 for none yet), sorted here, hashed. On SQLite in one row
    (``group_concat``, in no particular order): SQLite lets other threads run while it finds each
    row, and waits for them to give the interpreter back, so hundreds of rows made a list wait for
    the process's other requests hundreds of times."""
    # Only the table's and columns' own names go into the text; every value stays a parameter.
    table = connection.ops.quote_name(RecordsVersion._meta.db_table)
    joined = f"FROM ({sql}) listed LEFT JOIN {table} v ON v.person_id = listed.listed"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT group_concat(listed.listed || ':' || coalesce(v.number, 0)) {joined}", params)  # nosec B608
            found = cursor.fetchone()[0]
            pairs = [tuple(int(n) for n in pair.split(":")) for pair in found.split(",")] if found else []
        else:
            cursor.execute(f"SELECT listed.listed, coalesce(v.number, 0) {joined}", params)  # nosec B608
            pairs = cursor.fetchall()
    return hashlib.sha256(repr(sorted(pairs)).encode()).hexdigest()


def kept(parts, make, seconds=KEPT_SECONDS):
    """What ``make()`` returns, kept in this server process's memory (LocMemCache: people's data
    never goes to a shared cache server) under a key made of ``parts``, which must name everything
    the result depends on (see above)."""
    key = "kept:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, seconds)
    return found


def kept_page(request, parts, template_name, context):
    """The response of ``template_name`` rendered with ``context``, whose every value ``parts``
    names (as for ``kept``), kept whole with the page's frame: the key adds what the frame shows of
    the viewer (their name). Each form token in it is made afresh for this response and session
    (``with_fresh_form_tokens``), so one viewer's sessions share the kept page. Rendered afresh, and
    not kept, while messages are waiting to be shown ("Done", "Important"), since showing them
    uses them up."""
    if len(messages.get_messages(request)):
        return render(request, template_name, context)
    page = kept(
        (*parts, "whole page", template_name, request.user.name),
        lambda: render_to_string(template_name, context, request),
    )
    return HttpResponse(with_fresh_form_tokens(page, request))


# A form token as Django's {% csrf_token %} writes it. Text typed by anyone is escaped ("&quot;"),
# so only the tag's own output matches.
_FORM_TOKEN = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(">)')


def with_fresh_form_tokens(page, request):
    """``page`` (HTML kept in memory) with each form token replaced by one made for ``request``:
    its session's own, masked afresh for this response as Django does for every page it renders
    (so a kept page never repeats a token, and never carries another session's). Safe text (a
    template's output) stays safe: only a token of letters and digits goes into it."""
    fresh = _FORM_TOKEN.sub(lambda found: found.group(1) + get_token(request) + found.group(2), page)
    return mark_safe(fresh) if isinstance(page, SafeData) else fresh  # nosec B308 B703
