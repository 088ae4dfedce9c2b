"""Writing the one-page profile: the author changes it one statement at a time and publishes it;
everyone else in the circle suggests statements for the author to accept or decline."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import (
    Can,
    SuggestionUse,
    can,
    person_for,
    record_change,
    sees_working_copy,
    statement_for,
    suggestion_for,
)
from ourplan.numbers import whole_number
from plans.models import current_plan_of
from profiles import layout, operations, symbols
from profiles.forms import HINTS, MAX_STATEMENT_LENGTH, StatementForm
from profiles.freshness import freshness
from profiles.models import Heading, Suggestion, person_profile
from profiles.onepage import page_from_profile, page_from_version, photo_url


def _too_long_message(error):
    return _(
        "This would make the profile too long to fit on one page. Shorten it by about %(n)s characters, "
        "or take something else out first."
    ) % {"n": max(error.fit.shorten_by, 1)}


@login_required
def workspace(request, pk):
    """The profile as it is being written, whether it fits on one page, suggestions, and what to do next."""
    person = person_for(request, pk, Can.VIEW, "their one-page profile")
    profile = person_profile(person)
    is_author = can(request.user, person, Can.EDIT_PROFILE)
    suggestions = list(
        profile.suggestions.filter(status=Suggestion.Status.WAITING).select_related("suggested_by")
        if is_author
        else profile.suggestions.filter(status=Suggestion.Status.WAITING, suggested_by=request.user)
    )
    reviews = list(person.reviews.select_related("action_plan"))
    sees_draft = sees_working_copy(request.user, person)
    published = None
    if not sees_draft and profile.is_published:
        version = profile.versions.filter(number=profile.published_number).first()
        published = page_from_version(version, person)
    return render(
        request,
        "profiles/workspace.html",
        {
            "person": person,
            "profile": profile,
            "sees_draft": sees_draft,
            "page": published,
            "photo_url": photo_url(person, version) if published else "",
            "headings": Heading.choices,
            "sections": profile.statements_by_heading(),
            "fit": layout.fit(page_from_profile(profile)),
            "suggestions": suggestions,
            "is_author": is_author,
            "can_suggest": can(request.user, person, Can.SUGGEST),
            "can_share": can(request.user, person, Can.SHARE_PROFILE),
            "can_manage": can(request.user, person, Can.MANAGE),
            "freshness": freshness(profile, current_plan_of(reviews)),
        },
    )


def _statement_form_page(request, person, form, *, title, submit, template="profiles/statement_form.html", **extra):
    return render(
        request,
        template,
        {"person": person, "form": form, "title": title, "submit": submit, "symbol_groups": symbols.choices(), **extra},
    )


def _form_for_heading(request):
    """A statement form, with the heading chosen and its example given when the link named one."""
    heading = request.GET.get("heading")
    form = StatementForm(request.POST or None, initial={"heading": heading if heading in Heading.values else None})
    if heading in Heading.values:
        form.fields["text"].help_text = HINTS[heading]
    return form


def _add(profile, *, by, version="", **fields):
    return operations.add_statement(profile, by=by, **fields)


def _change(statement, *, by, version="", **fields):
    return operations.change_statement(statement, by=by, editing_version=version or None, **fields)


def _saved(request, person, form, change, what, done):
    """Run ``change`` (an operation taking the form's values) and record it as ``what``; True when
    saved. A statement that would not fit on the page becomes an error on the form, losing nothing."""
    try:
        with transaction.atomic():
            change(by=request.user, **form.cleaned_data)
            record_change(request, person, what % {"name": person.preferred_name})
    except operations.DoesNotFit as error:
        form.add_error("text", _too_long_message(error))
        return False
    except operations.StatementChangedMeanwhile as error:
        if error.current is None:
            form.add_error(
                None,
                _(
                    "Someone took this out of the profile while you were changing it. Your words are below: add them again if you still want them."
                ),
            )
        else:
            form.add_error(
                None,
                _(
                    "Someone changed this while you were changing it. It now says: “%(text)s”. Your words are below: save again to use yours instead."
                )
                % {"text": error.current.text},
            )
            form.data = form.data.copy()
            form.data["version"] = operations.statement_version(error.current)
        return False
    messages.success(request, done)
    return True


@login_required
def add_statement(request, pk):
    person = person_for(request, pk, Can.EDIT_PROFILE, "their one-page profile")
    profile = person_profile(person)
    form = _form_for_heading(request)
    if request.method == "POST" and form.is_valid():
        if _saved(
            request,
            person,
            form,
            functools.partial(_add, profile),
            _("added to %(name)s's one-page profile"),
            _("Added. Publish the profile when you are happy with it."),
        ):
            return redirect("profiles:edit", person.pk)
    return _statement_form_page(request, person, form, title=_("Add to the profile"), submit=_("Add it"))


@login_required
def change_statement(request, pk):
    statement = statement_for(request, pk)
    person = statement.profile.person
    if request.method == "POST" and "replace_found" in request.POST:
        return _use_plain_words(request, statement)
    form = StatementForm(
        request.POST or None,
        initial={
            "heading": statement.heading,
            "text": statement.text,
            "symbol": statement.symbol,
            "version": operations.statement_version(statement),
        },
    )
    if request.method == "POST" and form.is_valid():
        if _saved(
            request,
            person,
            form,
            functools.partial(_change, statement),
            _("changed %(name)s's one-page profile"),
            _("Changed. Publish the profile when you are happy with it."),
        ):
            return redirect("profiles:edit", person.pk)
    return _statement_form_page(request, person, form, title=_("Change this"), submit=_("Save the change"))


def _use_plain_words(request, statement):
    """The no-JavaScript "Change it to …" button beside a flagged word: only one of the plain
    alternatives offered for a word still in the statement, and only if the result still fits."""
    from plainwords.checker import flags_for, replace

    person = statement.profile.person
    found, plain = request.POST.get("replace_found", ""), request.POST.get("replace_with", "")
    offered = {
        (flag.found, alternative) for flag in flags_for(person, statement.text) for alternative in flag.alternatives
    }
    if (found, plain) not in offered:
        messages.error(request, _("That word has changed since the page was shown. Look at the statement again."))
        return redirect("profiles:edit", person.pk)
    start = request.POST.get("replace_start", "")
    text = replace(statement.text, found, plain, start=whole_number(start))
    if len(text) > MAX_STATEMENT_LENGTH:
        messages.error(request, _("With the plainer words it would be too long. Change it yourself to shorten it."))
        return redirect("profiles:change_statement", statement.pk)
    try:
        with transaction.atomic():
            operations.change_statement(
                statement,
                by=request.user,
                text=text,
                symbol=statement.symbol,
                editing_version=operations.statement_version(statement),
            )
            record_change(request, person, _("changed %(name)s's one-page profile") % {"name": person.preferred_name})
    except operations.DoesNotFit as error:
        messages.error(request, _too_long_message(error))
    except operations.StatementChangedMeanwhile:
        messages.error(request, _("Someone changed this statement meanwhile. Look at it again."))
    else:
        messages.success(request, _("Changed “%(found)s” to “%(plain)s”.") % {"found": found, "plain": plain})
    return redirect("profiles:edit", person.pk)


@login_required
def remove_statement(request, pk):
    statement = statement_for(request, pk)
    person = statement.profile.person
    if request.method == "POST":
        with transaction.atomic():
            operations.remove_statement(statement, by=request.user)
            record_change(
                request,
                person,
                _("took something out of %(name)s's one-page profile") % {"name": person.preferred_name},
            )
        messages.success(request, _("Taken out. Publish the profile when you are happy with it."))
        return redirect("profiles:edit", person.pk)
    return render(request, "profiles/remove_statement.html", {"person": person, "statement": statement})


@require_POST
@login_required
def move_statement(request, pk):
    statement = statement_for(request, pk)
    person = statement.profile.person
    with transaction.atomic():
        if operations.move_statement(statement, by=request.user, up=request.POST.get("direction") == "up"):
            record_change(request, person, _("reordered %(name)s's one-page profile") % {"name": person.preferred_name})
    return redirect(f"{reverse('profiles:edit', args=[person.pk])}#statement-{statement.pk}")


@login_required
def suggest(request, pk):
    person = person_for(request, pk, Can.SUGGEST, "their one-page profile")
    profile = person_profile(person)
    form = _form_for_heading(request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            operations.suggest_statement(profile, by=request.user, **fields)
            record_change(
                request,
                person,
                _("suggested something for %(name)s's one-page profile") % {"name": person.preferred_name},
            )
        messages.success(
            request,
            _("Suggestion sent. %(name)s decides whether to add it to the profile.") % {"name": person.preferred_name},
        )
        return redirect("profiles:edit", person.pk)
    return _statement_form_page(
        request,
        person,
        form,
        title=_("Suggest something for %(name)s's profile") % {"name": person.preferred_name},
        submit=_("Send the suggestion"),
        suggesting=True,
    )


@require_POST
@login_required
def decide_suggestion(request, pk):
    suggestion = suggestion_for(request, pk, SuggestionUse.DECIDE)
    person = suggestion.profile.person
    accept = request.POST.get("decision") == "accept"
    try:
        with transaction.atomic():
            if accept:
                operations.accept_suggestion(suggestion, by=request.user)
            else:
                operations.decline_suggestion(suggestion, by=request.user)
            record_change(
                request,
                person,
                (
                    _("accepted a suggestion for %(name)s's one-page profile")
                    if accept
                    else _("declined a suggestion for %(name)s's one-page profile")
                )
                % {"name": person.preferred_name},
            )
    except operations.DoesNotFit as error:
        messages.error(
            request,
            _(
                "It will not fit on the page as it is. To add it, take something else out first (about %(n)s characters), or choose No thanks."
            )
            % {"n": max(error.fit.shorten_by, 1)},
        )
    except operations.SuggestionDecided:
        messages.error(
            request, _("That suggestion was already dealt with: look at the profile to see whether it was added.")
        )
    else:
        messages.success(request, _("Added to the profile.") if accept else _("Suggestion declined."))
    return redirect("profiles:edit", person.pk)


@require_POST
@login_required
def withdraw_suggestion(request, pk):
    suggestion = suggestion_for(request, pk, SuggestionUse.WITHDRAW)
    person = suggestion.profile.person
    try:
        with transaction.atomic():
            operations.withdraw_suggestion(suggestion, by=request.user)
            record_change(
                request,
                person,
                _("withdrew a suggestion for %(name)s's one-page profile") % {"name": person.preferred_name},
            )
    except operations.SuggestionDecided:
        messages.error(
            request,
            _(
                "That suggestion was already dealt with, so it cannot be withdrawn. Look at the profile to see "
                "whether it was added, and suggest a change if it needs one."
            ),
        )
    else:
        messages.success(request, _("Suggestion withdrawn."))
    return redirect("profiles:edit", person.pk)


@require_POST
@login_required
def publish(request, pk):
    person = person_for(request, pk, Can.EDIT_PROFILE, "their one-page profile")
    profile = person_profile(person)
    if profile.is_empty:
        messages.error(request, _("Add at least one thing to the profile before you publish it."))
        return redirect("profiles:edit", person.pk)
    try:
        with transaction.atomic():
            version = operations.publish_profile(profile, by=request.user)
            record_change(
                request,
                person,
                _("published version %(n)s of %(name)s's one-page profile")
                % {"n": version.number, "name": person.preferred_name},
            )
    except operations.DoesNotFit as error:
        messages.error(
            request,
            _("It is too long to fit on one page, so it was not published. Shorten it by about %(n)s characters first.")
            % {"n": max(error.fit.shorten_by, 1)},
        )
        return redirect("profiles:edit", person.pk)
    messages.success(
        request,
        _("Published. Everyone in %(name)s's circle now sees version %(n)s.")
        % {"name": person.preferred_name, "n": version.number},
    )
    return redirect("profiles:edit", person.pk)
