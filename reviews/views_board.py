"""The meeting board: the six questions as six areas, on a projector and on everyone's phone.

Screens showing the board ask every second whether it has changed (``updates``) and fetch it again
only when it has. Every page works without JavaScript too: forms post and come back to the board.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.access import (
    Can,
    can,
    circle_of,
    is_the_person,
    meeting_review_for,
    record_change,
    record_look,
    review_for,
    review_statement_for,
    runs_the_meeting,
    standing,
)
from ourplan.dates import long_date
from ourplan.numbers import whole_number
from people.models import ALL_SECTIONS, Section
from plans import operations as plan_operations
from plans.forms import ActionForm, OutcomeForm
from profiles.models import ProfileVersion
from profiles.onepage import page_from_version, photo_url
from reviews import board
from reviews.board import ChangedMeanwhile, NotOnThisBoard, OwnWordsKept
from reviews.forms_board import AttendanceForm, BoardStatementForm, ChangeStatementForm, MergeForm
from reviews.locking import LOCKED_MESSAGE, RecordLocked
from reviews.names import names_checked, names_in


def _statement_form(request, review, data=None):
    """Whoever runs the meeting can write down what others said ("Who said it?"); the young
    person's own words can be written down by them or by an adult who may (``PERSONS_OWN_VIEWS``)."""
    user = request.user
    runs = runs_the_meeting(user, review)
    may_write = runs or can(user, review.person, Can.PERSONS_OWN_VIEWS)
    speakers = None
    if runs:
        others = [m.user_id for m in circle_of(review.person) if not m.is_the_person and m.user_id != user.pk]
        speakers = User.objects.filter(pk__in=others, is_active=True).order_by("name")
    return BoardStatementForm(
        data,
        person=review.person,
        may_write_persons_words=may_write and not is_the_person(user, review.person),
        speakers=speakers,
    )


def _live_context(request, review):
    """The board's live part. What was agreed is the action plan: left out (and not read) for
    someone who may not see the plan (``people.consent``)."""
    who = standing(request.user, review.person)
    sees_plan = who.sees(Section.PLAN)
    plan, outcomes, actions = board.agreed(review) if sees_plan else (None, [], [])
    return {
        "review": review,
        "person": review.person,
        "areas": board.areas(review),
        "plan": plan,
        "outcomes": outcomes,
        "actions": actions,
        "sees_plan": sees_plan,
        "sees_profile": who.sees(Section.PROFILE),
        "runs_meeting": runs_the_meeting(request.user, review),
        "version": review.board_version,
    }


def _render_board(
    request, review, *, statement_form=None, outcome_form=None, action_form=None, name_flags=(), status=200
):
    context = _live_context(request, review)
    person = review.person
    version = None
    profile = getattr(person, "profile", None) if context["sees_profile"] else None
    if profile is not None and profile.published_number:
        version = ProfileVersion.objects.filter(profile=profile, number=profile.published_number).first()
    locked = review.is_signed_off
    may_add = can(request.user, person, Can.CONTRIBUTE) and not locked
    runs = context["runs_meeting"] and not locked and context["sees_plan"]
    context.update(
        {
            "page": page_from_version(version, person) if version else None,
            "photo_url": photo_url(person, version),
            "statement_form": (statement_form or _statement_form(request, review)) if may_add else None,
            "outcome_form": (outcome_form or OutcomeForm(plan=context["plan"], prefix="outcome")) if runs else None,
            "action_form": (action_form or ActionForm(plan=context["plan"], prefix="action")) if runs else None,
            "locked": locked,
            "name_flags": name_flags,
            "sees_everything": standing(request.user, person).sections == ALL_SECTIONS,
            "form": statement_form or outcome_form or action_form,  # for the error summary
        }
    )
    return render(request, "reviews/board.html", context, status=status)


@login_required
def board_page(request, pk):
    review = review_for(request, pk, Can.VIEW, "the meeting board of a review")
    return _render_board(request, review)


@login_required
def updates(request, pk):
    """The board's live part, when it has changed since version ``seen``; else 204 (nothing to do).
    Only an answer that shows something is recorded as a look."""
    review = review_for(request, pk, Can.VIEW, "the meeting board of a review", shows_data=False)
    seen = request.GET.get("seen", "")
    if whole_number(seen) == review.board_version:
        return HttpResponse(status=204)
    record_look(request, review.person, "the meeting board of a review, as it changed")
    context = _live_context(request, review)
    context["announce"] = True
    return render(request, "reviews/_board_live.html", context)


def _board_url(review, anchor=""):
    return reverse("reviews:board", args=[review.pk]) + (f"#{anchor}" if anchor else "")


@require_POST
@login_required
def add(request, pk):
    review = review_for(request, pk, Can.CONTRIBUTE, "the meeting board of a review")
    form = _statement_form(request, review, request.POST)
    if not form.is_valid():
        return _render_board(request, review, statement_form=form, status=400)
    if not names_checked(request, [form.cleaned_data["text"]]):
        name_flags = names_in([form.cleaned_data["text"]], review, request.user)
        if name_flags:  # asked, not refused: a 200, so a page asking with htmx shows it too
            return _render_board(request, review, statement_form=form, name_flags=name_flags)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            board.add_to_board(review, by=request.user, **form.cleaned_data)
            record_change(
                request,
                review.person,
                _("added to the meeting board of the review on %(date)s") % {"date": long_date(review.meeting_date)},
            )
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    messages.success(request, _("Added to the board. You can add another."))
    return redirect(_board_url(review, "add"))


def _change_page(request, statement, form, *, newer=None, name_flags=(), status=200):
    review = statement.review
    return render(
        request,
        "reviews/board_change.html",
        {
            "review": review,
            "person": review.person,
            "statement": statement,
            "form": form,
            "newer": newer,
            "name_flags": name_flags,
            "words_kept": not board.may_change_words(statement, request.user),
        },
        status=status,
    )


@login_required
def change(request, pk):
    """Change a statement's words or move it to another question. A change from an older version
    than the saved one is refused, showing the newer words; the person's own words are kept."""
    statement = review_statement_for(request, pk)
    review = statement.review
    if review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    if request.method != "POST":
        form = ChangeStatementForm(
            person=review.person,
            initial={"text": statement.text, "question": statement.question, "version": statement.version},
        )
        return _change_page(request, statement, form)
    form = ChangeStatementForm(request.POST, person=review.person)
    if not form.is_valid():
        return _change_page(request, statement, form, status=400)
    if not names_checked(request, [form.cleaned_data["text"]]):
        name_flags = names_in([form.cleaned_data["text"]], review, request.user, already=[statement.text])
        if name_flags:
            return _change_page(request, statement, form, name_flags=name_flags)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            changed = board.change_statement(
                statement,
                by=request.user,
                text=form.cleaned_data["text"],
                question=form.cleaned_data["question"],
                seen_version=form.cleaned_data["version"],
            )
            record_change(request, review.person, _("changed a statement on the meeting board"))
    except ChangedMeanwhile as meanwhile:
        return _refuse_changed_meanwhile(request, statement, form, meanwhile.current)
    except OwnWordsKept as refused:
        form.add_error("text", str(refused))
        return _change_page(request, statement, form, status=400)
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    messages.success(request, _("Statement changed."))
    return redirect(_board_url(review, f"statement-{changed.pk}"))


def _refuse_changed_meanwhile(request, statement, form, current):
    """Show the newer words and keep the person's own, so they can choose; saving again now
    replaces the newer words, knowingly."""
    if current.merged_into_id is not None:
        messages.error(
            request,
            _("Someone merged this statement into another while you were changing it. Your words were not saved."),
        )
        return redirect(_board_url(statement.review, f"statement-{current.merged_into_id}"))
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = ChangeStatementForm(data, person=statement.review.person)
    form.is_valid()
    form.add_error(
        "text",
        _(
            "%(name)s changed this statement while you were changing it. Their words are shown above yours. "
            "Copy anything you need into yours, then save again, or go back to the board to keep theirs."
        )
        % {"name": (current.edited_by or current.author).name},
    )
    return _change_page(request, statement, form, newer=current, status=409)


@login_required
def merge(request, pk):
    """Merge statements that say the same thing, under one question, into one."""
    statement = review_statement_for(request, pk, "statements to merge on the meeting board", to_merge=True)
    review = statement.review
    if review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    under_question = next(found for question, _w, _h, found in board.areas(review) if question == statement.question)
    kept = next(s for s in under_question if s.pk == statement.pk)
    candidates = [s for s in under_question if s.pk != statement.pk]
    form = MergeForm(
        request.POST or None, keep=kept, candidates=candidates, person=review.person, initial={"text": statement.text}
    )
    name_flags = []
    if request.method == "POST" and form.is_valid():
        others = [form.candidates[pk] for pk in form.cleaned_data["others"]]
        if not names_checked(request, [form.cleaned_data["text"]]):
            said = [kept.text, *(other.text for other in others)]
            name_flags = names_in([form.cleaned_data["text"]], review, request.user, already=said)
    if request.method == "POST" and form.is_valid() and not name_flags:
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                merged = board.merge_statements(
                    statement,
                    others,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    seen_versions=form.cleaned_data["seen_versions"],
                )
                record_change(request, review.person, _("merged statements on the meeting board"))
        except ChangedMeanwhile:
            messages.error(
                request,
                _(
                    "Someone changed one of these statements while you were merging them, so nothing was merged. "
                    "Check the words below and merge again."
                ),
            )
            return redirect("reviews:board_merge", statement.pk)
        except RecordLocked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect(_board_url(review))
        except (NotOnThisBoard, OwnWordsKept) as refused:
            messages.error(request, str(refused))
            return redirect("reviews:board_merge", statement.pk)
        messages.success(request, _("Statements merged. Everyone who said them is shown beside it."))
        return redirect(_board_url(review, f"statement-{merged.pk}"))
    return render(
        request,
        "reviews/board_merge.html",
        {
            "review": review,
            "person": review.person,
            "statement": kept,
            "candidates": candidates,
            "form": form,
            "name_flags": name_flags,
        },
        status=400 if form.errors else 200,
    )


@login_required
def attendance(request, pk):
    """Who took part and how, including how the person themselves took part."""
    review = meeting_review_for(request, pk, "who took part in a review")
    invitees = list(review.invitees.prefetch_related("emails"))
    form = AttendanceForm(
        request.POST or None,
        review=review,
        invitees=invitees,
        others=board.others_on_the_board(review, invitees),
        initial={"person_took_part": review.person_took_part, "person_took_part_note": review.person_took_part_note},
    )
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("reviews:attendance", review.pk)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                board.record_attendance(
                    review,
                    by=request.user,
                    took_part=form.took_part(),
                    person_took_part=form.cleaned_data["person_took_part"],
                    person_took_part_note=form.cleaned_data["person_took_part_note"],
                    others_took_part=form.others_took_part(),
                )
                record_change(request, review.person, _("recorded who took part in the review"))
        except RecordLocked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect("reviews:attendance", review.pk)
        messages.success(request, _("Saved who took part."))
        return redirect(_board_url(review))
    return render(
        request,
        "reviews/attendance.html",
        {"review": review, "person": review.person, "form": form, "locked": review.is_signed_off},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def add_outcome(request, pk):
    review = meeting_review_for(request, pk, "the outcomes agreed at a review")
    form = OutcomeForm(request.POST, plan=board.plan_for(review), prefix="outcome")
    if not form.is_valid():
        return _render_board(request, review, outcome_form=form, status=400)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            outcome = board.add_outcome(review, by=request.user, **form.cleaned_data)
            record_change(request, review.person, plan_operations.agreed_outcome_sentence(outcome))
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    messages.success(request, _("Outcome added."))
    return redirect(_board_url(review, "agreed"))


@require_POST
@login_required
def add_action(request, pk):
    review = meeting_review_for(request, pk, "the actions agreed at a review")
    form = ActionForm(request.POST, plan=board.plan_for(review), prefix="action")
    if not form.is_valid():
        return _render_board(request, review, action_form=form, status=400)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            action = board.add_action(review, by=request.user, **form.cleaned_data)
            record_change(request, review.person, plan_operations.agreed_action_sentence(action))
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect(_board_url(review))
    messages.success(request, _("Action added."))
    return redirect(_board_url(review, "agreed"))
