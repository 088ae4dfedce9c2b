"""Before the meeting: everyone's views on the six key questions, and the young person's own.

Someone's views start as a draft that only they can see ("Save and come back later"). Sending
them turns the draft into statements that join the review. Sent statements are never edited by
sending again: a second send adds to them, so what others may already have read stays as it was.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.access import circle_of, is_the_person, own_accounts
from reviews.locking import board_changed
from reviews.models import QUESTION_HINTS, Question, Statement, question_text
from reviews.planning import mark_responded

Voice = Statement.Voice


def drafts_of(review, author):
    """``author``'s draft statements for ``review``: only ever shown to ``author``."""
    return Statement.objects.filter(review=review, author=author, draft=True)


def sent_by(review, author):
    """What ``author`` has sent for ``review``, oldest first."""
    return Statement.objects.filter(review=review, author=author, draft=False).order_by("created_at", "id")


@transaction.atomic
def save_views(review, *, author, answers, send):
    """Save ``author``'s answers to the six questions (``{question: text}``; blank means no answer).

    The author's draft is replaced by these answers. Without ``send`` they stay a draft, seen only by
    the author; with it they join the review, on top of anything the author sent before, and the
    author has responded. Returns the statements."""
    by_the_person = is_the_person(author, review.person)
    if send:
        board_changed(review)  # refused once the record is signed off
    drafts_of(review, author).delete()
    statements = Statement.objects.bulk_create(
        [
            Statement(
                review=review,
                question=question,
                text=text.strip(),
                author=author,
                by_the_person=by_the_person,
                draft=not send,
            )
            for question, text in _in_question_order(answers)
        ]
    )
    from insights.facts import changed  # bulk_create sends no post_save: the area figures' facts follow

    changed([review.person_id])
    if send and statements:
        review.participants.add(author)  # whoever sends views has taken part in the planning
        mark_responded(review, author)
        from insights.tasks import queue_suggestions  # bulk_create sends no post_save

        queue_suggestions(statement.pk for statement in statements)
    return statements


@transaction.atomic
def add_person_statement(review, *, by, question, text, symbol, voice):
    """Add one of the young person's own views, sent at once (their "Me" form). When ``by`` is the
    person themselves it is in their own words; otherwise ``voice`` says how they took part: they
    wrote it, they were helped to write it, or ``by`` wrote down what they said."""
    question = Question(question)
    board_changed(review)  # refused once the record is signed off
    itself = is_the_person(by, review.person)
    if not itself and voice not in Voice.values:
        raise ValueError(f"Unknown voice: {voice!r}")
    statement = Statement.objects.create(
        review=review,
        question=question,
        text=text.strip(),
        symbol=symbol or "",
        author=by,
        by_the_person=True,
        voice=Voice.OWN if itself else voice,
        draft=False,
    )
    review.participants.add(by)
    # The person has given their views, however they were written down; an adult who helped has
    # not sent their own views by doing so.
    for member in circle_of(review.person):
        if member.is_the_person:
            mark_responded(review, member.user)
    return statement


def written_by(statement, person, self_ids):
    """Who a sent statement is from, in plain words: "Aisha", "Sam's own words", "Sam, helped by Aisha".
    ``self_ids`` are the ids of the person's own accounts (from their circle)."""
    if not statement.by_the_person:
        return statement.author.name
    name, helper = person.preferred_name, statement.author.name
    if statement.author_id in self_ids:
        return _("%(name)s's own words") % {"name": name}
    if statement.voice == Voice.HELPED:
        return _("%(name)s, helped by %(helper)s") % {"name": name, "helper": helper}
    if statement.voice == Voice.TOLD:
        return _("%(name)s told %(helper)s, who wrote it down") % {"name": name, "helper": helper}
    return _("%(name)s, put in by %(helper)s") % {"name": name, "helper": helper}


def _in_question_order(answers):
    for question in Question:
        text = (answers.get(question.value) or "").strip()
        if text:
            yield question.value, text


def by_question(person, statements):
    """``statements`` grouped under the six questions, in order: ``[(question, wording, hint,
    [statements])]``, each statement with ``written_by`` set ("Sam, helped by Aisha"). The
    person's own come first when ``statements`` are in the model's order."""
    self_ids = own_accounts(person)
    grouped = {q.value: [] for q in Question}
    for statement in statements:
        statement.written_by = written_by(statement, person, self_ids)
        grouped[statement.question].append(statement)
    name = person.preferred_name
    return [
        (q.value, question_text(q, name), str(QUESTION_HINTS[q]).format(name=name), grouped[q.value]) for q in Question
    ]
