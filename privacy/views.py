from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from audit.access import Can, person_for, record_change
from privacy.export import export_person


@require_http_methods(["GET", "POST"])
@login_required
def subject_access(request, pk):
    """Everything held about a person, for a subject access request: a page saying what the
    download holds, and the zip itself on POST (or GET with ``?download``). Coordinator only."""
    person = person_for(request, pk, Can.MANAGE, "everything held about them, to download")
    if request.method == "GET" and "download" not in request.GET:
        return render(request, "privacy/subject_access.html", {"person": person})
    # Made before it is recorded: the write would otherwise wait on the PDFs being drawn.
    data = export_person(person)
    record_change(request, person, "downloaded everything held about them (subject access)")
    name = slugify(person.preferred_name) or "person"
    response = HttpResponse(data, content_type="application/zip")
    filename = f"{name}-everything-we-hold-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
