""" "Me" mode: the young person writes their profile one heading at a time, in large text, with
sentence starters, pictures and a "read it to me" button. Others in the circle can use it to suggest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.access import Can, can, person_for, record_change, sees_working_copy
from profiles import operations, symbols
from profiles.forms import FINISHED, QUESTIONS, MeStatementForm, step_from
from profiles.models import OPTIONAL_HEADINGS, Heading, Suggestion, person_profile
from profiles.onepage import page_from_version
from profiles.views.editor import _too_long_message

ORDER = list(Heading.values)


@login_required
def start(request, pk):
    person = person_for(request, pk, Can.VIEW, "their one-page profile")
    return redirect("profiles:me_heading", person.pk, ORDER[0])


@login_required
def heading(request, pk, heading):
    if heading not in ORDER:
        raise Http404("No such part of the profile")
    person = person_for(request, pk, Can.VIEW, "their one-page profile")
    is_author = can(request.user, person, Can.EDIT_PROFILE)  # everyone else in the circle may suggest
    profile = person_profile(person)
    form = MeStatementForm(request.POST or None, heading=heading)
    moving_to = _moving_to(request, person, heading)
    if moving_to and not form.has_words():
        return redirect(moving_to)  # nothing typed: Back, Next part and Finished just move on
    if request.method == "POST" and form.is_valid():
        try:
            _add_or_suggest(request, person, profile, heading, form.cleaned_data, is_author)
        except operations.DoesNotFit as error:
            form.add_error("text", _too_long_message(error))
        else:
            if moving_to:  # Back, Next part or Finished with words in the box: added as "Add it" would, then on
                question = {"question": QUESTIONS[heading]}
                messages.success(
                    request,
                    _("Added what you wrote for “%(question)s”.") % question
                    if is_author
                    else _("Your suggestion for “%(question)s” is sent.") % question,
                )
                return redirect(moving_to)
            messages.success(request, _("Added.") if is_author else _("Suggestion sent."))
            return redirect("profiles:me_heading", person.pk, heading)
    index = ORDER.index(heading)
    if sees_working_copy(request.user, person):
        statements = [s for s in profile.statements_list if s.heading == heading]
    else:  # the published version: what the rest of the circle sees
        statements = _published_items(profile, person, heading)
    waiting = (
        0
        if is_author
        else profile.suggestions.filter(status=Suggestion.Status.WAITING, suggested_by=request.user).count()
    )
    return render(
        request,
        "profiles/me.html",
        {
            "person": person,
            "form": form,
            "heading": heading,
            "label": Heading(heading).label,
            "question": QUESTIONS[heading],
            "optional": heading in OPTIONAL_HEADINGS,
            "statements": statements,
            "waiting": waiting,
            "is_author": is_author,
            "step": index + 1,
            "steps": len(ORDER),
            "previous": ORDER[index - 1] if index else None,
            "next": ORDER[index + 1] if index + 1 < len(ORDER) else None,
            "symbol_groups": symbols.choices(),
        },
    )


def _add_or_suggest(request, person, profile, heading, data, is_author):
    """Add the words to the profile (its author) or suggest them (anyone else), with the audit record."""
    fields = {"heading": heading, "text": data["text"], "symbol": data["symbol"]}
    with transaction.atomic():
        if is_author:
            operations.add_statement(profile, by=request.user, **fields)
            what = _("added to %(name)s's one-page profile")
        else:
            operations.suggest_statement(profile, by=request.user, **fields)
            what = _("suggested something for %(name)s's one-page profile")
        record_change(request, person, what % {"name": person.preferred_name})


def _moving_to(request, person, heading):
    """Where "Me" mode's Back, Next part or Finished button goes from ``heading`` (``step_from``)."""
    step = step_from(request.POST.get("then"), ORDER, heading)
    if step == FINISHED:
        return reverse("profiles:edit", args=[person.pk])
    return reverse("profiles:me_heading", args=[person.pk, step]) if step else None


def _published_items(profile, person, heading):
    """The items under ``heading`` in the latest published version (text and symbol, like statements)."""
    version = profile.versions.filter(number=profile.published_number).first() if profile.is_published else None
    if version is None:
        return []
    page = page_from_version(version, person)
    return [item for section in page.sections if section.heading == heading for item in section.items]
