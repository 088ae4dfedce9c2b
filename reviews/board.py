"""The meeting board: the six questions as six areas, changed live during the review meeting.

Whoever runs the meeting (its facilitator or the coordinator, ``audit.access.runs_the_meeting``)
adds, changes, merges and moves statements, records who took part, and captures the outcomes and
actions agreed. Everyone else in the circle adds statements from their own phone and may change
their own.

Every change here runs in one transaction that first locks the review row, so changes to one board
happen one after another, and each adds one to ``Review.board_version``: the screens showing the
board ask for that number every second and fetch the board again only when it has moved.

Two people changing the same statement never overwrite each other: each change carries the
statement's ``version`` the person was looking at, and a change made from an older version is
refused with ``ChangedMeanwhile``, which holds the newer words to show them.

Once the record is signed off nothing here changes it: every change raises ``RecordLocked``.
"""

import hashlib

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.access import circle_of, is_the_person
from plans import operations as plan_operations
from plans.models import Action, ActionPlan
from reviews import emails
from reviews.contributions import by_question
from reviews.locking import moved_on, open_board
from reviews.models import Invitee, Question, Review, Statement, person_as_invitee
from reviews.planning import is_persons_own, mark_responded


class ChangedMeanwhile(Exception):
    """Someone else changed (or merged) the statement since this person opened it."""

    def __init__(self, current):
        super().__init__(f"Statement {current.pk} changed meanwhile")
        self.current = current  # the statement as it is now


class NotOnThisBoard(ValueError):
    """Statements to merge must all be on the same board, under the same question."""


class OwnWordsKept(ValueError):
    """The person's own words stay as they said them: merged only with other things they said, and
    never given other words by a merge. ``str()`` says what to do instead."""


def mixing_own_words_message(person):
    return _(
        "%(name)s's own words stay as %(name)s said them. Merge them only with other things %(name)s said, "
        "or keep them side by side."
    ) % {"name": person.preferred_name}


def own_words_changed_message(person):
    return _(
        "%(name)s's own words stay as %(name)s said them, so merging them keeps the words of the statement "
        "you started from. To keep other words of %(name)s's, merge from that statement instead."
    ) % {"name": person.preferred_name}


def own_words_kept_on_change_message(person):
    return _(
        "%(name)s's own words stay as %(name)s said them: only %(name)s, or whoever wrote them down, can "
        "change them. You can still move them to another question, or add what the meeting agreed as a "
        "statement of its own."
    ) % {"name": person.preferred_name}


def may_change_words(statement, user):
    """Whether ``user`` may give ``statement`` other words: anyone's but the person's own, which
    only the person, or whoever wrote them down for them, may change (moving them is fine)."""
    return not statement.by_the_person or statement.author_id == user.pk or is_the_person(user, statement.review.person)


@transaction.atomic
def add_to_board(review, *, by, question, text, persons_own_words=False, said_by=None):
    """Add a statement at the meeting. ``said_by``: whoever runs the meeting writes down what
    someone else in the circle said, in their name. ``persons_own_words``: ``by`` writes down what
    the person said ("They told me…"); when ``by`` is the person, it is always their own."""
    open_board(review)
    itself = is_the_person(by, review.person)
    author = by if itself or persons_own_words or said_by is None else said_by
    statement = Statement.objects.create(
        review=review,
        question=Question(question),
        text=text.strip(),
        author=author,
        by_the_person=itself or persons_own_words,
        voice=Statement.Voice.OWN if itself or not persons_own_words else Statement.Voice.TOLD,
        added_at_meeting=True,
        edited_by=by if author != by else None,
    )
    review.participants.add(author)
    # Whoever adds their views has replied: no reminder goes to them. The person's own words,
    # written down by an adult, are the person's reply, not the adult's.
    if statement.by_the_person:
        for member in circle_of(review.person):
            if member.is_the_person:
                mark_responded(review, member.user)
    else:
        mark_responded(review, author)
    moved_on(review)
    return statement


def _current(statement):
    return Statement.objects.select_for_update(of=("self",)).select_related("author", "edited_by").get(pk=statement.pk)


@transaction.atomic
def change_statement(statement, *, by, text, question, seen_version):
    """Change a statement's words and the question it is under (moving it to another area).
    Refused with ``ChangedMeanwhile`` when someone changed or merged it since ``seen_version``."""
    open_board(statement.review)
    current = _current(statement)
    if current.version != seen_version or current.merged_into_id is not None:
        raise ChangedMeanwhile(current)
    if text.strip() != current.text and not may_change_words(current, by):
        raise OwnWordsKept(own_words_kept_on_change_message(statement.review.person))
    current.text = text.strip()
    current.question = Question(question)
    current.version += 1
    current.edited_by = by
    current.save(update_fields=["text", "question", "version", "edited_by", "updated_at"])
    moved_on(statement.review)
    return current


@transaction.atomic
def merge_statements(keep, others, *, by, text, seen_versions):
    """Merge ``others`` into ``keep``, which gets ``text`` (the words agreed for them all). The
    others are kept, hidden, pointing to ``keep``, so who said each part is never lost.
    ``seen_versions`` maps each statement's id to the version the person was looking at.

    The person's own words stay theirs (``OwnWordsKept``): they are never merged with anyone
    else's (an adult's statement would hide them from the "own words" parts of the record, and an
    adult's words would become the person's own), and merging only their own statements keeps
    the words of ``keep`` as they are."""
    review = keep.review
    open_board(review)
    everyone = [keep, *others]
    if not others or any(s.review_id != review.pk or s.question != keep.question for s in everyone):
        raise NotOnThisBoard(_("Statements can only be merged with others under the same question."))
    currents = {
        s.pk: s
        for s in Statement.objects.select_for_update(of=("self",))
        .select_related("author")
        .filter(pk__in=[s.pk for s in everyone])
    }
    for statement in everyone:
        current = currents[statement.pk]
        if current.version != seen_versions.get(statement.pk) or current.merged_into_id is not None:
            raise ChangedMeanwhile(current)
    kept = currents[keep.pk]
    if len({currents[s.pk].by_the_person for s in everyone}) > 1:
        raise OwnWordsKept(mixing_own_words_message(review.person))
    if kept.by_the_person and text.strip() != kept.text.strip():
        raise OwnWordsKept(own_words_changed_message(review.person))
    kept.text = text.strip()
    kept.version += 1
    kept.edited_by = by
    # The kept statement keeps its own author and voice. Who said each merged part is shown
    # beside it ("also said by"), from the statements merged into it.
    kept.save(update_fields=["text", "version", "edited_by", "updated_at"])
    Statement.objects.filter(pk__in=[s.pk for s in others]).update(
        merged_into=kept, version=F("version") + 1, edited_by=by
    )
    moved_on(review)
    return kept


def at_the_meeting(review):
    """How someone who added to the board at the meeting took part: online, for a meeting held only
    online, else in person."""
    return Invitee.TookPart.ONLINE if review.online_link and not review.place else Invitee.TookPart.IN_PERSON


def said_on_the_board(review):
    """Who said something for ``review``: ``({author id: whether they added to the board at the
    meeting}, whether any of the person's own views were given)``. An adult who wrote down the
    person's views before the meeting is not counted: that was the person's reply. One query."""
    said, persons_views = {}, False
    for author_id, at_meeting, own in Statement.objects.filter(review=review, draft=False).values_list(
        "author_id", "added_at_meeting", "by_the_person"
    ):
        persons_views = persons_views or own
        if at_meeting or not own:
            said[author_id] = said.get(author_id, False) or at_meeting
    return said, persons_views


def others_on_the_board(review, invitees):
    """Those in the person's circle (not the person, with an active account) who added to the board
    of ``review``, at the meeting or by sending their views, without being invited to it: the record
    counts them as taking part. ``[(member, invitee, how)]``: ``invitee`` is their row on the list
    once who took part was saved (never with an invitation), else None; ``how`` how they took part,
    as recorded on it, else in person (``at_the_meeting``) if they added at the meeting, else by
    sending their views. ``invitees``: the review's, with their emails. One query, with the circle."""
    said, _persons_views = said_on_the_board(review)
    by_account = {i.user_id: i for i in invitees if i.user_id}
    by_email = {i.email.lower(): i for i in invitees}
    others = []
    for member in circle_of(review.person):
        user = member.user
        if member.is_the_person or not user.is_active or user.pk not in said:
            continue
        invitee = by_account.get(user.pk) or by_email.get(user.email.lower())
        if invitee is not None and emails.was_invited(invitee):
            continue
        assumed = at_the_meeting(review) if said[user.pk] else Invitee.TookPart.VIEWS_ONLY
        others.append((member, invitee, invitee.took_part if invitee else assumed))
    return others


@transaction.atomic
def record_attendance(review, *, by, took_part, person_took_part, person_took_part_note="", others_took_part=None):
    """Record how each invitee took part (``took_part`` maps invitee ids to ``Invitee.TookPart``
    values, or "" for not known) and how the person took part. The person is asked about once:
    their own invitee row, if they were invited, gets the same answer (``person_as_invitee``)
    whatever ``took_part`` says of it. Everyone who took part in any way is a participant, so
    actions can be given to them. An invitee taken off the list meanwhile is passed over.

    ``others_took_part`` maps the account ids of others in the circle who added to the board
    without an invitation (``others_on_the_board``) to how they took part: each answer given puts
    them on the list with it, and sends them no invitation."""
    open_board(review)
    if person_took_part and person_took_part not in Review.PersonTookPart.values:
        raise ValueError(person_took_part)
    person = review.person
    invitees = {i.pk: i for i in Invitee.objects.filter(review=review).select_related("user")}
    answers = {pk: value for pk, value in took_part.items() if pk in invitees}
    for invitee in invitees.values():
        if is_persons_own(invitee, person):
            answers[invitee.pk] = person_as_invitee(person_took_part)
    for pk, value in answers.items():
        invitee = invitees[pk]
        if value and value not in Invitee.TookPart.values:
            raise ValueError(value)
        if invitee.took_part != value:
            invitee.took_part = value
            invitee.save(update_fields=["took_part"])
        if invitee.user_id:
            _take_part(review, invitee.user, value)
    if person_took_part:  # the person's own accounts, invited or not
        for member in circle_of(person):
            if member.is_the_person:
                _take_part(review, member.user, person_as_invitee(person_took_part))
    _record_others(review, others_took_part or {})
    Review.objects.filter(pk=review.pk).update(
        person_took_part=person_took_part, person_took_part_note=person_took_part_note.strip()
    )
    review.person_took_part, review.person_took_part_note = person_took_part, person_took_part_note.strip()
    moved_on(review)
    return review


def _record_others(review, answers):
    """Put others in the circle who added to the board on the list, with how they took part, and no
    invitation (``record_attendance``). Someone not in the circle, or the person, is passed over."""
    members = {m.user_id: m for m in circle_of(review.person) if not m.is_the_person and m.user.is_active}
    for user_id, how in answers.items():
        member = members.get(user_id)
        if not how or member is None:
            continue
        if how not in Invitee.TookPart.values:
            raise ValueError(how)
        user = member.user
        invitee = Invitee.objects.filter(Q(user=user) | Q(email__iexact=user.email), review=review).first()
        if invitee is None:
            Invitee.objects.create(
                review=review,
                user=user,
                name=user.name,
                email=user.email.lower(),
                role=str(member.describe)[:150],
                took_part=how,
            )
        elif invitee.took_part != how:
            invitee.took_part = how
            invitee.save(update_fields=["took_part"])
        _take_part(review, user, how)


def _take_part(review, user, how):
    """Make ``user`` a participant of ``review`` when they took part (``how``), and not one when they
    did not, unless they already own an action in its plan. Not known leaves them as they are."""
    if how and how != Invitee.TookPart.NO:
        review.participants.add(user)
    elif how == Invitee.TookPart.NO and not _owns_actions_here(review, user.pk):
        review.participants.remove(user)  # did not take part, so cannot own an action


def _owns_actions_here(review, user_id):
    """Whether ``user_id`` already owns an action in ``review``'s plan (they stay a participant)."""
    return Action.objects.filter(plan__review=review, owner_id=user_id).exists()


def plan_for(review):
    return ActionPlan.objects.get_or_create(review=review)[0]


def add_outcome(review, *, by, text, area="", how_we_will_know="", due_by=None):
    """An outcome the meeting agreed: what the person wants to achieve, in which part of their
    life, how everyone will know, and by when."""
    return plan_operations.add_outcome(
        plan_for(review), by=by, text=text, area=area, how_we_will_know=how_we_will_know, due_by=due_by
    )


def add_action(review, *, by, owner, what, due_by, outcome=None, kind=Action.Kind.OTHER):
    """An action the meeting agreed: who will do what, by when, for which outcome, and its kind."""
    return plan_operations.add_action(
        plan_for(review), by=by, owner=owner, what=what, due_by=due_by, outcome=outcome, kind=kind
    )


def roles_in(review, invitees=None):
    """Each author's role in this review, by account id: their place in the circle ("Mum", "Class
    teacher"), else their role on the invitation, else "Coordinator" for the coordinator.
    ``invitees``: the review's invitees, when the page has loaded them already."""
    if invitees is None:
        invitees = Invitee.objects.filter(review=review).exclude(user=None).only("user_id", "role")
    roles = {review.person.coordinator_id: _("Coordinator")}
    for invitee in invitees:
        if invitee.user_id and invitee.role:
            roles[invitee.user_id] = invitee.role
    for member in circle_of(review.person):
        roles[member.user_id] = member.describe
    return roles


# The columns the board and the review page show of each statement.
SHOWN = ("review_id", "question", "text", "by_the_person", "voice", "symbol", "created_at", "author_id", "author__name")


def areas(review, invitees=None):
    """The six areas of the board: ``[(question, wording, hint, [statements])]``, each statement
    with ``written_by`` ("Sam's own words"), ``role``, ``also_from`` (who said the statements
    merged into it) and ``can_merge`` (whether there is another of its kind under its question to
    merge it with). Two queries, however many statements there are."""
    statements = list(
        Statement.objects.filter(review=review, draft=False, merged_into=None).select_related("author").only(*SHOWN)
    )
    merged = {}
    name = review.person.preferred_name
    for into, author, own in Statement.objects.filter(
        review=review, draft=False, merged_into__isnull=False
    ).values_list("merged_into_id", "author__name", "by_the_person"):
        merged.setdefault(into, set()).add(name if own else author)  # the person's words are theirs
    grouped = by_question(review.person, statements)
    roles = roles_in(review, invitees)
    for statement in statements:
        statement.role = roles.get(statement.author_id, "") if not statement.by_the_person else ""
        said_it = name if statement.by_the_person else statement.author.name
        statement.also_from = sorted(merged.get(statement.pk, set()) - {said_it})
    for _question, _wording, _hint, found in grouped:
        # The person's own words merge only with other things they said (``merge_statements``).
        kinds = [s.by_the_person for s in found]
        for statement in found:
            statement.can_merge = kinds.count(statement.by_the_person) > 1
    return grouped


def areas_key(review, invitees):
    """A cache key for the review page's six areas and what was agreed, as they are now. It changes
    with every change to the board (``board_version``: statements, outcomes, actions agreed), the language, and everything else the areas show: the person's
    name, their circle (who is in it, their roles, their names) and the invitees' roles. The circle
    is loaded already by the access check, and ``invitees`` by the page, so it costs no query."""
    person = review.person
    shown = (
        person.preferred_name,
        person.coordinator_id,
        sorted((m.user_id, m.relationship, str(m.describe), m.user.name) for m in circle_of(person)),
        sorted((i.user_id or 0, i.role) for i in invitees),
    )
    stamp = hashlib.sha256(repr(shown).encode()).hexdigest()[:20]
    made = int(review.created_at.timestamp() * 1000)  # never the same for two reviews with one id
    return f"review-areas:{review.pk}:{made}:{review.board_version}:{get_language()}:{stamp}"


def agreed(review):
    """The outcomes and actions agreed so far: ``(plan, outcomes, actions)``."""
    plan = plan_for(review)
    outcomes = list(plan.outcomes.all())
    actions = list(plan.actions.select_related("owner", "outcome"))
    return plan, outcomes, actions
