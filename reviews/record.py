"""The record of a review: what it says, signing it off, amendments, and Section A of an EHC plan.

After the meeting whoever runs it checks the record and signs it off (``sign_off``). From then on
``Review.record`` holds everything the record says, as it was at that moment, as plain JSON, and
nothing in it changes again: the meeting board refuses changes once ``review.is_signed_off``, and
later corrections are dated, attributed amendments (``add_amendment``). The web page, the PDF and
the Word file are all read from that snapshot (``for_reading``), so all three say the same thing
however the review's rows change afterwards.
"""

import datetime
import io

from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.access import circle_of, may_be_emailed, own_accounts
from ourplan.dates import long_date
from people.models import CircleMember, Section
from plans.forms import latest_next_review
from plans.models import Action, ActionPlan, Outcome
from plans.operations import agree_action_plan
from profiles import documents
from profiles.models import Heading, ProfileVersion
from reviews import emails
from reviews.board import at_the_meeting, said_on_the_board
from reviews.contributions import written_by
from reviews.locking import moved_on
from reviews.models import Amendment, Invitee, Question, Review, Statement, person_as_invitee, question_text
from reviews.planning import is_persons_own

# How an invitee took part, if they are to be sent the record.
TOOK_PART = (Invitee.TookPart.IN_PERSON, Invitee.TookPart.ONLINE, Invitee.TookPart.VIEWS_ONLY)


class AlreadySignedOff(Exception):
    """The record was signed off before: it is locked, and corrections are amendments."""


class NotSignedOff(Exception):
    """Amendments are only for a signed-off record; before that, the record itself is changed."""


class NotHeldYet(Exception):
    """The meeting has not happened yet: there is nothing to sign off."""


def held_yet(review, today=None):
    """Whether the day of ``review``'s meeting has come."""
    return (today or timezone.localdate()) >= review.meeting_date


class NextReviewDateError(ValueError):
    """The next review date is missing or outside what the rules allow. ``str()`` says what to do."""


def check_next_review_date(review, day):
    """Raise ``NextReviewDateError`` unless ``day`` is after the meeting and no later than 12 months
    after it for an EHC plan annual review (6 months for any other review)."""
    if day is None:
        raise NextReviewDateError(_("Enter the date of the next review"))
    if day <= review.meeting_date:
        raise NextReviewDateError(
            _("Choose a date after this meeting on %(date)s") % {"date": long_date(review.meeting_date)}
        )
    latest = latest_next_review(review)
    if day > latest:
        if review.kind == Review.Kind.EHCP_ANNUAL:
            why = _("an education, health and care plan must be reviewed at least every 12 months")
        else:
            why = _("a plan covers up to 6 months, so it is reviewed within 6 months")
        raise NextReviewDateError(
            _("Choose a date on or before %(latest)s: %(why)s") % {"latest": long_date(latest), "why": why}
        )


def _iso(day):
    return day.isoformat() if day else None


# What the record says


def build_record(review):
    """Everything the record of ``review`` says, as it is now, as a plain JSON-able dict. Dates are
    ISO strings (``for_reading`` turns them back into dates). A fixed number of queries, however
    many statements, people and actions there are."""
    person = review.person
    circle = {m.user_id: m for m in circle_of(person)}
    invitees = list(Invitee.objects.filter(review=review).order_by("name", "id"))
    invitee_roles = {i.user_id: i.role for i in invitees if i.user_id and i.role}
    # The person's own invitation is not listed with the others: the sentence saying how they took
    # part is about them.
    others = [i for i in invitees if not is_persons_own(i, person)]
    plan = ActionPlan.objects.filter(review=review).first()
    return {
        "person": {"preferred_name": person.preferred_name, "name": person.full_name},
        "review": {
            "kind": review.kind,
            "kind_label": str(review.get_kind_display()),
            "meeting_date": _iso(review.meeting_date),
            "starts_at": review.starts_at.isoformat(timespec="minutes") if review.starts_at else None,
            "place": review.place,
            "online_link": review.online_link,
            "facilitator": review.facilitator.name if review.facilitator else None,
        },
        "profile": _profile(person),
        "questions": _questions(review, person, circle, invitee_roles),
        "attendance": {
            "person": {
                "took_part": review.person_took_part,
                "took_part_label": str(review.get_person_took_part_display()) if review.person_took_part else "",
                "note": review.person_took_part_note,
            },
            "invitees": [
                {
                    "name": i.name,
                    "role": i.role,
                    "took_part": i.took_part,
                    "took_part_label": str(i.get_took_part_display()) if i.took_part else _("Not recorded"),
                }
                for i in others
            ],
        },
        "outcomes": _outcomes(plan),
        "actions": _actions(plan),
        "next_review_date": _iso(plan.next_review_date) if plan else None,
    }


def _profile(person):
    version = ProfileVersion.objects.filter(profile__person=person).order_by("-number").first()
    if version is None:
        return {"published": False, "version": None, "published_on": None, "sections": []}
    grouped = {value: [] for value in Heading.values}
    for statement in version.statements:
        grouped[statement["heading"]].append(
            {"text": statement["text"], "written_by": statement.get("written_by") or ""}
        )
    return {
        "published": True,
        "version": version.number,
        "published_on": _iso(timezone.localtime(version.published_at).date()),
        "sections": [
            {"heading": value, "label": str(label), "items": grouped[value]} for value, label in Heading.choices
        ],
    }


def _questions(review, person, circle, invitee_roles):
    self_ids = own_accounts(person)
    statements = (
        Statement.objects.filter(review=review, draft=False, merged_into=None)
        .select_related("author")
        .prefetch_related(Prefetch("merged_from", queryset=Statement.objects.select_related("author")))
        .order_by("-by_the_person", "created_at", "id")
    )
    grouped = {q.value: [] for q in Question}
    for statement in statements:
        member = circle.get(statement.author_id)
        grouped[statement.question].append(
            {
                "text": statement.text,
                "by_the_person": statement.by_the_person,
                "written_by": str(written_by(statement, person, self_ids)),
                "role": _role(statement, person, member, invitee_roles),
                "relationship": "" if statement.by_the_person else (member.relationship if member else ""),
                "voice": statement.voice if statement.by_the_person else "",
                "voice_label": str(statement.get_voice_display()) if statement.by_the_person else "",
                # Who else said it, when statements were merged at the meeting (the person's own
                # words by the person's name, whoever wrote them down).
                "also_from": sorted(
                    {person.preferred_name if m.by_the_person else m.author.name for m in statement.merged_from.all()}
                    - {person.preferred_name if statement.by_the_person else statement.author.name}
                ),
            }
        )
    name = person.preferred_name
    return [{"question": q.value, "wording": question_text(q, name), "statements": grouped[q.value]} for q in Question]


def _role(statement, person, member, invitee_roles):
    """The role of whoever a statement is from: the young person, for their own views; otherwise
    how the circle describes its author, their role as an invitee, or "Coordinator"."""
    if statement.by_the_person:
        return str(CircleMember.Relationship.SELF.label)
    if member is not None:
        return str(member.describe)
    if statement.author_id in invitee_roles:
        return invitee_roles[statement.author_id]
    if statement.author_id == person.coordinator_id:
        return _("Coordinator")
    return ""


def _outcomes(plan):
    if plan is None:
        return []
    return [{"text": o.text, "how_we_will_know": o.how_we_will_know} for o in Outcome.objects.filter(plan=plan)]


def _actions(plan):
    if plan is None:
        return []
    return [
        {
            "owner": a.owner.name,
            "what": a.what,
            "due_by": _iso(a.due_by),
            "outcome": a.outcome.text if a.outcome else "",
        }
        for a in Action.objects.filter(plan=plan).select_related("owner", "outcome")
    ]


def for_reading(record):
    """A copy of ``record`` ready to show: its ISO dates turned back into dates (for ``|date``),
    with ``facts`` (label, value) for the top of the record, ``said_by`` on each statement, and
    plain sentences for how the person took part and the next review. The web page, the PDF and
    the Word file all read this, so they say the same thing in the same words."""
    if record is None:
        return None

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    readable = {
        **record,
        "review": {**record["review"], "meeting_date": day(record["review"]["meeting_date"])},
        "profile": {**record["profile"], "published_on": day(record["profile"]["published_on"])},
        "questions": [
            {**q, "statements": [{**s, "said_by": _said_by(s)} for s in q["statements"]]} for q in record["questions"]
        ],
        "actions": [{**a, "due_by": day(a["due_by"])} for a in record["actions"]],
        "next_review_date": day(record["next_review_date"]),
    }
    if signed := record.get("signed_off"):
        readable["signed_off"] = {**signed, "at": datetime.datetime.fromisoformat(signed["at"])}
    name = record["person"]["preferred_name"]
    readable["facts"] = _facts(readable)
    readable["how_the_person_took_part"] = _how_the_person_took_part(name, record["attendance"]["person"])
    readable["next_review"] = _next_review(readable)
    readable["is_ehcp_annual"] = record["review"]["kind"] == Review.Kind.EHCP_ANNUAL
    return readable


# Signing off, and amendments


@transaction.atomic
def sign_off(review, *, by, next_review_date):
    """Check the next review date, agree the action plan with it (if not agreed yet), lock the
    record of ``review`` as it is now, and queue the record email to everyone who took part.

    Raises ``AlreadySignedOff`` if it was signed off before (even a moment ago by someone else:
    the review row is locked while this runs) and ``NextReviewDateError`` for a missing or wrong
    date. Returns the review, signed off."""
    locked = Review.objects.select_for_update(of=("self",)).select_related("person", "facilitator").get(pk=review.pk)
    if locked.is_signed_off:
        raise AlreadySignedOff
    if not held_yet(locked):
        raise NotHeldYet
    check_next_review_date(locked, next_review_date)
    plan, _created = ActionPlan.objects.get_or_create(review=locked)
    if not plan.is_agreed:
        agree_action_plan(plan, by=by, next_review_date=next_review_date)
    elif plan.next_review_date != next_review_date:
        plan.next_review_date = next_review_date
        plan.save(update_fields=["next_review_date"])
    # First, so the record lists everyone who took part; the record email goes to those of them
    # who may see the record.
    recipients = record_recipients(locked, _add_who_took_part(locked))
    record = build_record(locked)
    signed_off_at = timezone.now()
    record["signed_off"] = {"by": by.name, "at": signed_off_at.isoformat()}
    locked.record = record
    locked.signed_off_at = signed_off_at
    locked.signed_off_by = by
    locked.save(update_fields=["record", "signed_off_at", "signed_off_by"])
    moved_on(locked)  # the screens showing the meeting board see that it is now locked
    emails.queue_record_emails(recipients)
    review.record, review.signed_off_at, review.signed_off_by = record, signed_off_at, by
    return review


def record_recipients(review, taking_part=None):
    """Who the record of ``review`` is emailed to when it is signed off: everyone who took part
    (``who_took_part``, or ``taking_part`` when worked out already) who may see the record, as
    ``Invitee`` rows by name. Someone in the circle from whom the record is withheld
    (``people.consent``) took part all the same, and is listed in the record, but is not emailed it.
    Reads only: the sign-off page lists them, and the success message names them."""
    if taking_part is None:
        taking_part = who_took_part(review)
    person = review.person
    return [i for i in taking_part if may_be_emailed(person, Section.RECORDS, user_id=i.user_id, email=i.email)]


def who_took_part(review):
    """Everyone who took part in ``review``, as ``Invitee`` rows, by name. Reads only; ``sign_off``
    saves them.

    - Invitees recorded as taking part (in person, online, or by sending their views).
    - Invitees with no answer recorded who sent their views before or at the meeting.
    - The person themselves, when they took part in any way (or, with nothing recorded, their
      views were given): their own invitee row says how (``person_as_invitee``), and one not saved
      yet (``pk`` None) is made for an account of theirs that was not invited.
    - Circle members with an account who were not invited but said something for this review: not
      saved yet either, taking part in person (online, for a meeting held only online) if they
      added to the board at the meeting, else by sending their views.

    Nobody added here is sent an invitation. Two queries, with the circle loaded already."""
    person = review.person
    answer = person_as_invitee(review.person_took_part)
    invitees = list(Invitee.objects.filter(review=review).select_related("user"))
    taking_part = []
    for invitee in invitees:
        if review.person_took_part and is_persons_own(invitee, person):
            invitee.took_part = answer  # what the facilitator recorded of the person decides
        if invitee.took_part in TOOK_PART or (not invitee.took_part and invitee.responded_at):
            taking_part.append(invitee)
    invited = {i.user_id for i in invitees if i.user_id} | {i.email.lower() for i in invitees}
    said, persons_views = said_on_the_board(review)  # author id: whether they added at the meeting
    at_meeting = at_the_meeting(review)
    for member in circle_of(person):
        user = member.user
        if not user.is_active or user.pk in invited or user.email.lower() in invited:
            continue
        if member.is_the_person:
            how = answer or (Invitee.TookPart.VIEWS_ONLY if persons_views else "")
        elif user.pk in said:
            how = at_meeting if said[user.pk] else Invitee.TookPart.VIEWS_ONLY
        else:
            continue
        if how in TOOK_PART:
            invited |= {user.pk, user.email.lower()}
            taking_part.append(
                Invitee(
                    review=review,
                    user=user,
                    name=user.name,
                    email=user.email.lower(),
                    role=str(member.describe)[:150],
                    took_part=how,
                )
            )
    return sorted(taking_part, key=lambda i: (i.name.lower(), i.pk or 0))


def _add_who_took_part(review):
    """Save what ``who_took_part`` found: the person's own invitee rows say how they took part, and
    everyone who took part without being invited gets an invitee row (and no invitation)."""
    if review.person_took_part:
        own = [i.pk for i in Invitee.objects.filter(review=review) if is_persons_own(i, review.person)]
        Invitee.objects.filter(pk__in=own).update(took_part=person_as_invitee(review.person_took_part))
    taking_part = who_took_part(review)
    for invitee in taking_part:
        if invitee.pk is None:
            invitee.save()
    return taking_part


@transaction.atomic
def add_amendment(review, *, by, text):
    """Add a dated correction by ``by`` to the signed-off record of ``review``; the record itself
    never changes. Raises ``NotSignedOff`` before it is signed off."""
    if not Review.objects.filter(pk=review.pk, signed_off_at__isnull=False).exists():
        raise NotSignedOff
    return Amendment.objects.create(review=review, made_by=by, text=text.strip())


# Section A of an EHC plan


def section_a(record):
    """The young person's views, interests and aspirations from ``record`` (a record dict), ready
    for Section A of their EHC plan: ``[{"heading", "items": [{"text", "source"}]}]``, in their own
    words where they are, each item saying where it comes from. Parts with nothing are left out."""
    name = record["person"]["preferred_name"]
    profile = {s["heading"]: s["items"] for s in record["profile"]["sections"]}
    questions = {q["question"]: q for q in record["questions"]}

    def from_profile(heading):
        return [
            {
                "text": item["text"],
                "source": _("%(name)s's one-page profile, written by %(by)s") % {"name": name, "by": item["written_by"]}
                if item["written_by"]
                else _("%(name)s's one-page profile") % {"name": name},
            }
            for item in profile.get(heading, [])
        ]

    def answering(statement, question, who):
        return _("%(who)s, answering “%(question)s”") % {"who": who, "question": question["wording"]}

    def from_review(*wanted):
        return [
            {"text": s["text"], "source": answering(s, questions[q], s["written_by"])}
            for q in wanted
            for s in questions[q]["statements"]
            if s["by_the_person"]
        ]

    family = [
        {
            "text": s["text"],
            "source": answering(s, q, f"{s['written_by']} ({s['role']})" if s["role"] else s["written_by"]),
        }
        for q in record["questions"]
        for s in q["statements"]
        if s["relationship"] == CircleMember.Relationship.PARENT_CARER
    ]
    agreed = [{"text": o["text"], "source": _("An outcome agreed at the review")} for o in record["outcomes"]]
    parts = [
        (
            _("About me: what people like and admire about me"),
            from_profile(Heading.ADMIRE) + from_review(Question.STRENGTHS),
        ),
        (_("What is important to me"), from_profile(Heading.IMPORTANT) + from_review(Question.IMPORTANT_TO)),
        (_("My hopes for the future"), from_profile(Heading.HOPES) + agreed),
        (_("What is working and not working for me"), from_review(Question.WORKING, Question.NOT_WORKING)),
        (
            _("How best to support me"),
            from_profile(Heading.SUPPORT) + from_review(Question.IMPORTANT_FOR, Question.CHALLENGES),
        ),
        (_("What my family say"), family),
    ]
    return [{"heading": heading, "items": items} for heading, items in parts if items]


# The record as documents: a PDF and a Word file, both read from the locked record


def amendments_of(review):
    """The amendments to ``review``'s record, oldest first, each with who made it joined."""
    return list(Amendment.objects.filter(review=review).select_related("made_by"))


# The PDF's look: plain, large enough to read, A4, with page numbers. Given to WeasyPrint as a
# stylesheet, so the template has no <style> block (no template has one: the CSP test checks).
PDF_CSS = """
@page {
  size: A4 portrait;
  margin: 18mm 18mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt "Noto Sans", sans-serif; color: #505a5f }
}
html {
  font-family: "Noto Sans", "Noto Sans Bengali", sans-serif;
  font-size: 11.5pt;
  line-height: 1.4;
  color: #0b0c0c;
  overflow-wrap: anywhere;
}
h1 { font-size: 22pt; margin: 0 0 6pt; line-height: 1.15 }
h2 { font-size: 15pt; margin: 18pt 0 6pt; padding-top: 6pt; border-top: 2pt solid #1d70b8; break-after: avoid }
h3 { font-size: 12pt; margin: 10pt 0 4pt; break-after: avoid }
p { margin: 0 0 6pt }
ul { margin: 0 0 6pt; padding-left: 16pt }
li { margin-bottom: 3pt }
.kicker { font-size: 11pt; color: #505a5f; margin: 0 }
.by { color: #505a5f; font-size: 10pt }
.own { font-weight: 700 }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt }
th, td { border-bottom: 1pt solid #b1b4b6; padding: 4pt 6pt 4pt 0; text-align: left; vertical-align: top }
tr, .amendment { break-inside: avoid }
.amendment { margin-bottom: 8pt }
"""


def render_pdf(record, amendments):
    """The record (a dict from ``for_reading``) and its amendments as an A4 PDF (bytes)."""
    html = render_to_string(
        "reviews/record_pdf.html",
        {"record": record, "amendments": amendments, "language": translation.get_language() or "en"},
    )
    return documents.html_to_pdf(html, PDF_CSS)


def render_docx(record, amendments):
    """The record (a dict from ``for_reading``) and its amendments as a Word document (bytes)."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(12)
    name = record["person"]["preferred_name"]
    title = _("The record of %(name)s's review") % {"name": name}
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for label, value in record["facts"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    document.add_heading(_("%(name)s's one-page profile") % {"name": name}, level=1)
    profile = record["profile"]
    if not profile["published"]:
        document.add_paragraph(_not_published(name))
    for section in profile["sections"]:
        if not section["items"]:
            continue
        document.add_heading(section["label"], level=2)
        for item in section["items"]:
            document.add_paragraph(item["text"], style="List Bullet")

    document.add_heading(_("What everyone said"), level=1)
    for question in record["questions"]:
        document.add_heading(question["wording"], level=2)
        if not question["statements"]:
            document.add_paragraph(_("Nobody answered this question."))
        for statement in question["statements"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(statement["text"])
            paragraph.add_run(f" ({statement['said_by']})").italic = True

    document.add_heading(_("Who took part"), level=1)
    attendance = record["attendance"]
    document.add_paragraph(record["how_the_person_took_part"])
    if attendance["invitees"]:
        _docx_table(
            document,
            [_("Name"), _("Role"), _("How they took part")],
            [[i["name"], i["role"], i["took_part_label"]] for i in attendance["invitees"]],
        )

    document.add_heading(_("What %(name)s wants to achieve") % {"name": name}, level=1)
    if not record["outcomes"]:
        document.add_paragraph(_("No outcomes were agreed."))
    for outcome in record["outcomes"]:
        text = outcome["text"]
        if outcome["how_we_will_know"]:
            text += " " + _("How we will know: %(how)s") % {"how": outcome["how_we_will_know"]}
        document.add_paragraph(text, style="List Bullet")

    document.add_heading(_("Who will do what, by when"), level=1)
    if record["actions"]:
        _docx_table(
            document,
            [_("Who"), _("Will do what"), _("By when")],
            [[a["owner"], a["what"], long_date(a["due_by"])] for a in record["actions"]],
        )
    else:
        document.add_paragraph(_("No actions were agreed."))

    document.add_heading(_("The next review"), level=1)
    document.add_paragraph(record["next_review"])

    document.add_heading(_("Amendments"), level=1)
    document.add_paragraph(_("Corrections added after the record was signed off. The record above does not change."))
    if not amendments:
        document.add_paragraph(_("None."))
    for amendment in amendments:
        paragraph = document.add_paragraph()
        paragraph.add_run(_amended(amendment) + " ").bold = True
        paragraph.add_run(amendment.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document, headings, rows):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = str(heading)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value or ""


def _facts(record):
    """(label, value) lines at the top of the record: who, what kind of review, when, where."""
    review = record["review"]
    when = long_date(review["meeting_date"])
    if review["starts_at"]:
        when = _("%(date)s at %(time)s") % {"date": when, "time": review["starts_at"]}
    facts = [
        (
            _("Name"),
            _("%(name)s (known as %(preferred)s)")
            % {"name": record["person"]["name"], "preferred": record["person"]["preferred_name"]},
        ),
        (_("Review"), review["kind_label"]),
        (_("Date"), when),
    ]
    if review["place"]:
        facts.append((_("Place"), review["place"]))
    if review["online_link"]:
        facts.append((_("Online"), review["online_link"]))
    if review["facilitator"]:
        facts.append((_("Run by"), review["facilitator"]))
    if signed := record.get("signed_off"):
        facts.append(
            (_("Signed off"), _("%(date)s by %(name)s") % {"date": long_date(signed["at"]), "name": signed["by"]})
        )
    return facts


def _said_by(statement):
    """Who a statement in the record is from: "Sam's own words", "Dr Patel, Speech and language therapist"."""
    said_by = statement["written_by"]
    if not statement["by_the_person"] and statement["role"]:
        said_by = f"{said_by}, {statement['role']}"
    if statement.get("also_from"):
        said_by = _("%(said_by)s; also said by %(others)s") % {
            "said_by": said_by,
            "others": ", ".join(statement["also_from"]),
        }
    return said_by


def _not_published(name):
    return _("%(name)s's one-page profile had not been published when the record was made.") % {"name": name}


def _how_the_person_took_part(name, person):
    if not person["took_part_label"]:
        text = _("How %(name)s took part was not recorded.") % {"name": name}
    else:
        text = _("%(name)s: %(how)s.") % {"name": name, "how": person["took_part_label"]}
    return f"{text} {person['note']}".strip()


def _next_review(record):
    if not record["next_review_date"]:
        return _("Not set yet.")
    return _("The next review will be on or before %(date)s.") % {"date": long_date(record["next_review_date"])}


def _amended(amendment):
    return _("Added on %(date)s by %(name)s:") % {
        "date": long_date(amendment.made_at),
        "name": amendment.made_by.name,
    }


def render_section_a_docx(record, parts):
    """``parts`` (from ``section_a``) as a Word document to copy into Section A of the EHC plan."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(12)
    name = record["person"]["preferred_name"]
    title = _("Section A: %(name)s's views, interests and aspirations") % {"name": name}
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(
        _("From the record of %(name)s's review on %(date)s, signed off by %(by)s.")
        % {"name": name, "date": long_date(record["review"]["meeting_date"]), "by": record["signed_off"]["by"]}
    )
    for part in parts:
        document.add_heading(part["heading"], level=1)
        for item in part["items"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(item["text"])
            paragraph.add_run(f" ({item['source']})").italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
