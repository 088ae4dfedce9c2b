from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.access import Can, person_for, record_change
from profiles.forms import ProfileForm
from profiles.models import person_profile
from profiles.operations import ProfileChangedMeanwhile, version_of, write_profile


@login_required
def edit(request, pk):
    person = person_for(request, pk, Can.EDIT_PROFILE, "their one-page profile")
    profile = person_profile(person)
    initial = {
        heading: "\n".join(s.text for s in statements)
        for heading, _label, statements in profile.statements_by_heading()
    }
    form = ProfileForm(request.POST or None, initial={**initial, "version": version_of(profile)})
    changed_meanwhile = False
    if request.method == "POST" and form.is_valid():
        statements = {heading: form.cleaned_data[heading] for heading in initial}
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                write_profile(
                    profile,
                    by=request.user,
                    statements=statements,
                    editing_version=form.cleaned_data["version"] or "new",
                )
                record_change(
                    request, person, _("updated %(name)s's one-page profile") % {"name": person.preferred_name}
                )
        except ProfileChangedMeanwhile:
            changed_meanwhile = True
            profile = person_profile(person)
            form = ProfileForm(data={**request.POST.dict(), "version": version_of(profile)})
            form.is_valid()
        else:
            messages.success(request, _("The one-page profile is saved."))
            return redirect("people:detail", person.pk)
    return render(
        request,
        "profiles/edit.html",
        {
            "person": person,
            "form": form,
            "profile": profile,
            "changed_meanwhile": changed_meanwhile,
        },
        status=409 if changed_meanwhile else 200,
    )
