"""Before the meeting: each invitee's views on the six questions, the young person's own form in
the "Me" style of the profile, and, for whoever runs the meeting, who has sent their views so far."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.access import (
    Can,
    can,
    circle_of,
    is_the_person,
    meeting_review_for,
    own_accounts,
    record_change,
    review_for,
)
from people.models import CircleMember
from plainwords.checker import flags_to_show
from profiles import symbols
from profiles.forms import FINISHED, step_from
from reviews import contributions
from reviews.forms_contribute import ME_QUESTIONS, MeViewsForm, ViewsForm
from reviews.locking import LOCKED_MESSAGE
from reviews.models import Question, question_text
from reviews.names import names_checked, names_in
from reviews.planning import is_persons_own

ORDER = list(Question.values)


@login_required
def my_views(request, pk):
    review = review_for(request, pk, Can.CONTRIBUTE, "their views for a review")
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("reviews:detail", review.pk)
    person, action = review.person, request.POST.get("action", "")
    drafts = list(contributions.drafts_of(review, request.user))
    initial = {s.question: s.text for s in drafts}
    form = ViewsForm(
        request.POST or None, person=person, themselves=is_the_person(request.user, person), initial=initial
    )
    name_flags = []
    if request.method == "POST" and form.is_valid():
        sending = action in ("send", "send_checked")
        if sending and not form.has_answers():
            form.add_error(None, _("Write an answer to at least one question before you send your views"))
        else:
            answers = list(form.answers().values())
            if sending and not names_checked(request, answers, said_yes=action == "send_checked"):
                name_flags = names_in(answers, review, request.user)
            if not name_flags:
                with transaction.atomic():  # the change and its audit record stand or fall together
                    contributions.save_views(review, author=request.user, answers=form.answers(), send=sending)
                    record_change(
                        request,
                        person,
                        _("sent their views for a review")
                        if sending
                        else _("saved a draft of their views for a review"),
                    )
                messages.success(
                    request,
                    _("Your views are sent. Thank you.")
                    if sending
                    else _("Saved. Only you can see this until you send it."),
                )
                return redirect("reviews:my_views", review.pk)
    return _render_my_views(request, review, form, name_flags, drafts)


def _render_my_views(request, review, form, name_flags, drafts):
    person = review.person
    itself = is_the_person(request.user, person)
    fields = [(form[q], flags_to_show(person, form[q].value() or "")) for q in ORDER]
    status = 400 if form.errors else 200
    return render(
        request,
        "reviews/contribute_my_views.html",
        {
            "review": review,
            "person": person,
            "form": form,
            "fields": fields,
            "name_flags": name_flags,
            "has_draft": bool(drafts),
            "sent": [
                (wording, statements)
                for _q, wording, _hint, statements in contributions.by_question(
                    person, contributions.sent_by(review, request.user).select_related("author")
                )
                if statements
            ],
            "is_the_person": itself,
            "is_family": _is_family(request.user, person),
            "may_help": not itself and can(request.user, person, Can.PERSONS_OWN_VIEWS),
            "first_question": ORDER[0],
        },
        status=status,
    )


def _is_family(user, person):
    """Whether ``user`` is in ``person``'s circle as their family (a parent, carer, family or friend)."""
    family = {CircleMember.Relationship.PARENT_CARER, CircleMember.Relationship.FAMILY_FRIEND}
    return any(m.user_id == user.pk and m.relationship in family for m in circle_of(person))


@login_required
def me_views(request, pk, question):
    if question not in ORDER:
        raise Http404("No such question")
    review = review_for(request, pk, Can.PERSONS_OWN_VIEWS, "their own views for a review")
    person = review.person
    itself = is_the_person(request.user, person)
    form = MeViewsForm(request.POST or None, question=question, person=person, helping=not itself)
    moving_to = _moving_to(request, review, question)
    if moving_to and not form.has_words():
        return redirect(moving_to)  # nothing typed: Back, Next and Finished just move on
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("reviews:detail", review.pk)
    name_flags = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name_flags = [] if names_checked(request, [data["text"]]) else names_in([data["text"]], review, request.user)
    if request.method == "POST" and form.is_valid() and not name_flags:
        _add_own_view(request, review, question, data)
        if moving_to:  # Back, Next or Finished with words in the box: added, as "Add it" would, then on
            messages.success(
                request, _("Added what you wrote for “%(question)s”.") % {"question": ME_QUESTIONS[question]}
            )
            return redirect(moving_to)
        messages.success(request, _("Added. You can add more, or go on to the next question."))
        return redirect("reviews:me_views", review.pk, question)
    index = ORDER.index(question)
    statements = review.statements.filter(question=question, by_the_person=True, draft=False)
    return render(
        request,
        "reviews/contribute_me.html",
        {
            "review": review,
            "person": person,
            "form": form,
            "question": ME_QUESTIONS[question],
            "label": question_text(question, person.preferred_name),
            "helping": not itself,
            "statements": statements,
            "plain_flags": flags_to_show(person, form["text"].value() or ""),
            "name_flags": name_flags,
            # Back, Next or Finished stopped by the names to check: saying yes goes on there.
            "moving": request.POST.get("then") if moving_to else "",
            "step": index + 1,
            "steps": len(ORDER),
            "previous": ORDER[index - 1] if index else None,
            "next": ORDER[index + 1] if index + 1 < len(ORDER) else None,
            "symbol_groups": symbols.choices(),
        },
        status=400 if form.errors else 200,
    )


def _add_own_view(request, review, question, data):
    person = review.person
    with transaction.atomic():  # the change and its audit record stand or fall together
        contributions.add_person_statement(
            review,
            by=request.user,
            question=question,
            text=data["text"],
            symbol=data["symbol"],
            voice=data.get("voice", ""),
        )
        record_change(request, person, _("added %(name)s's own views for a review") % {"name": person.preferred_name})


def _moving_to(request, review, question):
    """Where the easy form's Back, Next or Finished button goes from ``question`` (``step_from``)."""
    step = step_from(request.POST.get("then"), ORDER, question)
    if step == FINISHED:
        return reverse("reviews:detail", args=[review.pk])
    return reverse("reviews:me_views", args=[review.pk, step]) if step else None


@login_required
def views_so_far(request, pk):
    review = meeting_review_for(request, pk, "who has sent their views for a review")
    person = review.person
    statements = list(review.statements.filter(draft=False).select_related("author"))
    return render(
        request,
        "reviews/contribute_so_far.html",
        {
            "review": review,
            "person": person,
            "people": _who_has_sent(review, statements, own_accounts(person)),
            "questions": [
                (wording, items) for _q, wording, _hint, items in contributions.by_question(person, statements)
            ],
        },
    )


def _who_has_sent(review, statements, self_ids):
    """[(name, role, last sent or None)] for those invited to the review, or else the circle. The
    person has sent views when any of their own are in, whoever wrote them down; they are listed
    first when they were not invited (they may have no account, or be left off the list)."""
    last = {}
    for statement in statements:
        key = "person" if statement.by_the_person else statement.author_id
        last[key] = max(last.get(key, statement.created_at), statement.created_at)

    def sent(user_id):
        return last.get("person") if user_id in self_ids else last.get(user_id)

    person = review.person
    invitees = list(review.invitees.all())
    if not invitees:
        return [(m.user.name, m.describe, sent(m.user_id)) for m in circle_of(person)]
    people = [(i.name, i.role, sent(i.user_id) if i.user_id else i.responded_at) for i in invitees]
    if not any(is_persons_own(i, person) for i in invitees):
        people.insert(0, (person.preferred_name, CircleMember.Relationship.SELF.label, last.get("person")))
    return people
