"""Read-only share links: the author or the coordinator makes one for a named recipient, who opens
the latest published profile without signing in until the link runs out or is revoked."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.access import Can, person_for, record_change, share_link_for, shared_profile_for
from profiles import sharing
from profiles.documents import render_pdf
from profiles.forms_sharing import ShareLinkForm
from profiles.models import person_profile
from profiles.onepage import page_from_version
from profiles.views.photo import photo_response


@login_required
def links(request, pk):
    person = person_for(request, pk, Can.SHARE_PROFILE, "the share links to their one-page profile")
    profile = person_profile(person)
    form = ShareLinkForm(request.POST or None, person=person)
    created = None
    if request.method == "POST" and profile.is_published and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            link, token = sharing.create_share_link(profile, by=request.user, **form.cleaned_data)
            record_change(
                request,
                person,
                _("shared %(name)s's one-page profile with %(recipient)s until %(date)s")
                % {"name": person.preferred_name, "recipient": link.recipient, "date": _day(link.expires_on)},
            )
        # Shown on this response only: the token is not stored anywhere, so it can never be shown again.
        created = {"link": link, "url": settings.SITE_URL + reverse("profiles:shared", args=[token])}
        form = ShareLinkForm(person=person)
    return render(
        request,
        "profiles/sharing.html",
        {
            "person": person,
            "profile": profile,
            "form": form,
            "created": created,
            "share_links": profile.share_links.select_related("created_by", "revoked_by"),
        },
    )


@login_required
def revoke(request, pk):
    link = share_link_for(request, pk)
    person = link.profile.person
    if request.method != "POST":
        return render(request, "profiles/share_revoke.html", {"link": link, "person": person})
    with transaction.atomic():  # the change and its audit record stand or fall together
        if sharing.revoke_share_link(link, by=request.user):
            record_change(
                request,
                person,
                _("stopped the link to %(name)s's one-page profile shared with %(recipient)s")
                % {"name": person.preferred_name, "recipient": link.recipient},
            )
    messages.success(request, _("The link for %(recipient)s no longer works.") % {"recipient": link.recipient})
    return redirect("profiles:sharing", person.pk)


def shared(request, token):
    """The shared profile, for anyone with an open link; no sign-in needed."""
    try:
        link = shared_profile_for(request, token)  # records the opening
    except Http404:  # unknown, expired or revoked: the same plain page for each, so none can be told apart
        return _private(render(request, "profiles/shared_unavailable.html", status=404))
    sharing.record_opened(link)
    person = link.profile.person
    page, version = _shared_page(link)
    context = {
        "link": link,
        "person": person,
        "page": page,
        "version": version,
        "sections": page.sections,
        "token": token,
    }
    return _private(render(request, "profiles/shared.html", context))


def shared_pdf(request, token):
    link = shared_profile_for(request, token, "downloaded the PDF of the one-page profile shared with {recipient}")
    page, _version = _shared_page(link)
    response = HttpResponse(render_pdf(page), content_type="application/pdf")
    filename = f"{slugify(page.name) or 'profile'}-one-page-profile.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def shared_photo(request, token):
    link = shared_profile_for(request, token, recorded=False)  # part of the page, whose opening is recorded
    _page, version = _shared_page(link)
    return _private(photo_response(version.photo))


def _shared_page(link):
    """The latest published version of the shared profile, as a page, and the version itself."""
    profile = link.profile
    version = get_object_or_404(profile.versions, number=profile.published_number)
    return page_from_version(version, profile.person), version


def _private(response):
    """Headers for every response to a share link: its token is in the address, so the address
    must not leak to other sites, and nothing may be kept in a cache or a search engine."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _day(date):
    return date_format(date, "j F Y")
