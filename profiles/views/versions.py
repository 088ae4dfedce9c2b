"""Every published version of a profile is kept, and any two can be compared."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from audit.access import Can, person_for
from profiles.compare import compare as compare_versions
from profiles.compare import other_changes
from profiles.forms import CompareForm
from profiles.models import ProfileVersion, person_profile
from profiles.onepage import page_from_version, photo_url


@login_required
def versions(request, pk):
    person = person_for(request, pk, Can.VIEW, "the versions of their one-page profile")
    profile = person_profile(person)
    all_versions = list(profile.versions.select_related("published_by"))
    form = CompareForm(versions=all_versions)
    return render(
        request,
        "profiles/versions.html",
        {"person": person, "profile": profile, "versions": all_versions, "form": form},
    )


@login_required
def version(request, pk, number):
    person = person_for(request, pk, Can.VIEW, "an earlier version of their one-page profile")
    found = get_object_or_404(
        ProfileVersion.objects.select_related("published_by"), profile__person=person, number=number
    )
    return render(
        request,
        "profiles/version.html",
        {
            "person": person,
            "version": found,
            "page": page_from_version(found, person),
            "photo_url": photo_url(person, found),
        },
    )


@login_required
def compare(request, pk):
    person = person_for(request, pk, Can.VIEW, "the versions of their one-page profile")
    profile = person_profile(person)
    all_versions = list(profile.versions.select_related("published_by"))
    form = CompareForm(request.GET or None, versions=all_versions)
    changes = old = new = None
    notes = []
    if form.is_valid():
        by_number = {v.number: v for v in all_versions}
        old, new = by_number[form.cleaned_data["older"]], by_number[form.cleaned_data["newer"]]
        if old.number > new.number:
            old, new = new, old
        changes = compare_versions(old, new)
        notes = other_changes(old, new)
    return render(
        request,
        "profiles/versions.html",
        {
            "person": person,
            "profile": profile,
            "versions": all_versions,
            "form": form,
            "changes": changes,
            "notes": notes,
            "old": old,
            "new": new,
            "compared": form.is_bound,
            "title": _("What changed"),
        },
    )
