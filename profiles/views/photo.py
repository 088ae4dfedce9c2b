"""The photo on a one-page profile: the author chooses it, and only the circle sees it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.access import Can, person_for, record_change, sees_working_copy
from ourplan.numbers import whole_number
from profiles import photos
from profiles.forms_photo import PhotoForm
from profiles.models import Profile, person_profile
from profiles.operations import DoesNotFit


def photo_response(name):
    """The photo file ``name`` as a private JPEG response, or ``Http404`` if there is none."""
    if not name:
        raise Http404("No photo")
    try:
        file = open(photos.path_of(name), "rb")  # FileResponse closes it
    except (ValueError, OSError):
        raise Http404("No photo") from None
    response = FileResponse(file, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def change(request, pk):
    person = person_for(request, pk, Can.EDIT_PROFILE, "the photo on their one-page profile")
    profile = person_profile(person)
    if request.method == "POST" and request.POST.get("remove"):
        return _remove(request, person, profile)
    form = PhotoForm(
        request.POST or None,
        request.FILES or None,
        person=person,
        has_photo=bool(profile.photo),
        initial={"description": profile.photo_description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                photos.set_photo(
                    profile,
                    by=request.user,
                    uploaded_file=form.cleaned_data["photo"],
                    description=form.cleaned_data["description"],
                )
                record_change(
                    request,
                    person,
                    _("changed the photo on %(name)s's one-page profile") % {"name": person.preferred_name},
                )
        except photos.PhotoRefused as refused:
            form.refuse_photo(str(refused))
        except DoesNotFit as too_long:
            form.refuse_photo(
                _(
                    "With a photo, the profile would not fit on one page. Shorten the statements by about %(n)s "
                    "characters first, then add the photo."
                )
                % {"n": too_long.fit.shorten_by},
            )
        else:
            messages.success(request, _("The photo on %(name)s's profile is saved.") % {"name": person.preferred_name})
            return redirect("profiles:edit", person.pk)
    return render(request, "profiles/photo.html", {"person": person, "profile": profile, "form": form})


def _remove(request, person, profile):
    if profile.photo:
        with transaction.atomic():  # the change and its audit record stand or fall together
            photos.remove_photo(profile, by=request.user)
            record_change(
                request,
                person,
                _("removed the photo from %(name)s's one-page profile") % {"name": person.preferred_name},
            )
    messages.success(request, _("The photo is removed from %(name)s's profile.") % {"name": person.preferred_name})
    return redirect("profiles:edit", person.pk)


@login_required
def image(request, pk):
    """The working copy's photo (for its author and the coordinator; others get the published one),
    or with ``?version=N`` the photo published in version N."""
    person = person_for(request, pk, Can.VIEW, "the photo on their one-page profile")
    try:
        profile = person.profile  # joined by person_for
    except Profile.DoesNotExist:
        raise Http404("No profile") from None
    number = request.GET.get("version")
    if number is None and not sees_working_copy(request.user, person):
        number = str(profile.published_number)
    if number is None:
        name = profile.photo
    elif whole_number(number) is not None:
        name = profile.versions.filter(number=whole_number(number)).values_list("photo", flat=True).first()
    else:
        raise Http404("No such version")
    return photo_response(name)
