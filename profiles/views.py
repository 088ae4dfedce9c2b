from django.contrib import messages
from django.db import transaction
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.access import Can, person_for, record_change
from profiles.forms import ProfileForm
from profiles.models import person_profile
from profiles.operations import write_profile


@login_required
def edit(request, pk):
    person = person_for(request, pk, Can.EDIT_PROFILE, "their one-page profile")
    profile = person_profile(person)
    initial = {heading: "\n".join(s.text for s in statements) for heading, _label, statements in profile.statements_by_heading()}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            write_profile(profile, by=request.user, statements=form.cleaned_data)
            record_change(request, person, _("updated %(name)s's one-page profile") % {"name": person.preferred_name})
        messages.success(request, _("The one-page profile is saved."))
        return redirect("people:detail", person.pk)
    return render(request, "profiles/edit.html", {"person": person, "form": form})
