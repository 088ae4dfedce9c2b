"""Sharing a one-page profile: a one-page PDF, a page to print, and a Word file.

Each shows the latest published version; ``?version=N`` shows version N, and ``?draft=1`` the
working copy, which only the profile's author and the coordinator may see. Before anything is
published, they see the working copy and everyone else a "not found" page.
"""

import re
import unicodedata
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from audit.access import Can, person_for, sees_working_copy
from ourplan.numbers import whole_number
from profiles import documents
from profiles.models import person_profile
from profiles.onepage import page_from_profile, page_from_version

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page_asked_for(request, person):
    """(page, version): the version asked for, or the working copy with ``version`` None."""
    profile = person_profile(person)
    sees_drafts = sees_working_copy(request.user, person)
    asked = request.GET.get("version")
    if request.GET.get("draft") and asked is None:
        if not sees_drafts:
            raise Http404("No draft for you")
        return page_from_profile(profile), None
    if asked is not None and whole_number(asked) is None:
        raise Http404("No such version")
    number = whole_number(asked) if asked is not None else profile.published_number
    version = profile.versions.filter(number=number).first() if number else None
    if version is not None:
        return page_from_version(version, person), version
    if asked is None and sees_drafts:
        return page_from_profile(profile), None  # nothing published yet
    raise Http404("No such version")


def _download(content, content_type, person, extension):
    response = HttpResponse(content, content_type=content_type)
    # filename= is plain ASCII, which every browser takes; filename*= keeps the name as written.
    name = _("%(name)s one-page profile") % {"name": person.preferred_name}
    plain = re.sub(r"[^A-Za-z0-9 ._'-]+", "", unicodedata.normalize("NFKD", name)).strip() or "one-page profile"
    header = f'attachment; filename="{plain}.{extension}"'
    if plain != name:
        header += f"; filename*=UTF-8''{quote(f'{name}.{extension}')}"
    response["Content-Disposition"] = header
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def pdf(request, pk):
    person = person_for(request, pk, Can.VIEW, "their one-page profile as a PDF")
    page, _version = _page_asked_for(request, person)
    return _download(documents.render_pdf(page), "application/pdf", person, "pdf")


@login_required
def docx(request, pk):
    person = person_for(request, pk, Can.VIEW, "their one-page profile as a Word document")
    page, _version = _page_asked_for(request, person)
    return _download(documents.render_docx(page), DOCX, person, "docx")


@login_required
def printable(request, pk):
    person = person_for(request, pk, Can.VIEW, "their one-page profile to print")
    page, version = _page_asked_for(request, person)
    query = f"?version={version.number}" if version else "?draft=1"
    return render(
        request,
        "profiles/print.html",
        {
            "person": person,
            "page": page,
            "version": version,
            "sections": page.sections,
            "query": query,
            "photo_query": f"?version={version.number}" if version else "",
            "title": _("%(name)s’s one-page profile") % {"name": page.name},
        },
    )
