"""The record of a review: signed off and locked, read as a page, a PDF and a Word file, corrected
only by dated amendments, sent to everyone who took part, and ready for Section A of an EHC plan."""

import datetime
import html
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from docx import Document

from ourplan.tests.factories import ActionFactory, ReviewFactory, StatementFactory, date_parts
from ourplan.tests.pdf import pdf_pages
from ourplan.tests.words import words
from plans.models import Outcome
from profiles.models import Profile, ProfileStatement
from profiles.operations import publish_profile
from reviews import record as records
from reviews.models import Amendment, Invitee, Review, ReviewEmail, Statement

DAY = datetime.timedelta(days=1)
TookPart = Invitee.TookPart


def page(response):
    return html.unescape(response.content.decode())


def url(name, review):
    return reverse(f"reviews:{name}", args=[review.pk])


@pytest.fixture
def meeting_day():
    return timezone.localdate() - DAY


@pytest.fixture
def review(area, meeting_day):
    """Sam's EHC plan annual review, run by Ms Green, with what everyone said, who came, an outcome
    and an action, and his one-page profile published."""
    review = ReviewFactory(
        person=area.sam,
        kind=Review.Kind.EHCP_ANNUAL,
        meeting_date=meeting_day,
        starts_at=datetime.time(10, 30),
        place="Riverside Academy, room 2",
        facilitator=area.green,
        created_by=area.green,
        person_took_part=Review.PersonTookPart.PART,
        person_took_part_note="Came for the first 20 minutes with his picture cards",
    )
    StatementFactory(
        review=review, question="important_to", text="Swimming on Saturdays", author=area.sam_user, by_the_person=True
    )
    StatementFactory(review=review, question="important_to", text="Sam loves his swimming club", author=area.aisha)
    StatementFactory(
        review=review,
        question="challenges",
        text="Loud corridors",
        author=area.aisha,
        by_the_person=True,
        voice=Statement.Voice.TOLD,
    )
    StatementFactory(review=review, question="strengths", text="Explains trains brilliantly", author=area.patel)
    for user, role, took_part in [
        (area.aisha, "Mum", TookPart.IN_PERSON),
        (area.patel, "Speech and language therapist", TookPart.ONLINE),
        (area.jo, "Social worker", TookPart.NO),
        (area.sam_user, "The person themselves", TookPart.IN_PERSON),  # he came to part of it
    ]:
        Invitee.objects.create(
            review=review, user=user, name=user.name, email=user.email, role=role, took_part=took_part
        )
    outcome = Outcome.objects.create(
        plan=review.action_plan, text="I want to swim for the school team", created_by=area.green
    )
    ActionFactory(
        plan=review.action_plan,
        owner=area.aisha,
        what="book the Saturday swimming lessons",
        outcome=outcome,
        due_by=meeting_day + 30 * DAY,
    )
    profile = Profile.objects.get(person=area.sam)
    for heading, text in [
        ("admire", "Funny and kind"),
        ("important", "My swimming"),
        ("hopes", "To work at the leisure centre"),
        ("support", "Tell me what is next"),
    ]:
        ProfileStatement.objects.create(
            profile=profile, heading=heading, text=text, written_by=area.sam_user, added_by=area.sam_user
        )
    publish_profile(profile, by=area.sam_user)
    return review


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run what the change queued when it commits (the tests' backend runs each job at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sign_off_form(day, checked=True):
    return {**date_parts("next_review_date", day), **({"checked": "on"} if checked else {})}


def signed_off(review, area, meeting_day):
    return records.sign_off(review, by=area.green, next_review_date=meeting_day + 180 * DAY)


# What the record says


def test_the_record_holds_everything_the_meeting_agreed_with_sams_own_words_first(area, review):
    record = records.build_record(review)
    assert record["person"] == {"preferred_name": "Sam", "name": "Sam Example"}
    assert record["review"]["facilitator"] == "Ms Green" and record["review"]["starts_at"] == "10:30"
    important_to = record["questions"][0]
    assert important_to["wording"] == "What is important to Sam?"
    first, second = important_to["statements"]
    assert (first["text"], first["written_by"], first["voice"]) == ("Swimming on Saturdays", "Sam's own words", "own")
    assert (second["written_by"], second["role"]) == ("Aisha", "Mum")
    challenges = next(q for q in record["questions"] if q["question"] == "challenges")
    assert challenges["statements"][0]["written_by"] == "Sam told Aisha, who wrote it down"
    assert [q["question"] for q in record["questions"]] == [
        "important_to",
        "important_for",
        "working",
        "not_working",
        "strengths",
        "challenges",
    ]
    attendance = record["attendance"]
    assert attendance["person"]["took_part_label"] == "Came to part of the meeting"
    assert "picture cards" in attendance["person"]["note"]
    assert {i["name"]: i["took_part_label"] for i in attendance["invitees"]}["Jo Evans"] == "Did not take part"
    assert "Sam" not in [i["name"] for i in attendance["invitees"]]  # the sentence about him says how
    assert record["actions"] == [
        {
            "owner": "Aisha",
            "what": "book the Saturday swimming lessons",
            "due_by": (review.meeting_date + 30 * DAY).isoformat(),
            "outcome": "I want to swim for the school team",
        }
    ]
    profile = record["profile"]
    assert profile["published"] and profile["version"] == 1
    assert profile["sections"][0]["items"] == [{"text": "Funny and kind", "written_by": "Sam"}]


def test_drafts_and_merged_statements_are_never_in_the_record(area, review):
    StatementFactory(review=review, question="working", text="Still a draft", author=area.jo, draft=True)
    kept = StatementFactory(review=review, question="working", text="Lunch club", author=area.green)
    StatementFactory(review=review, question="working", text="The lunch club", author=area.jo, merged_into=kept)
    working = next(q for q in records.build_record(review)["questions"] if q["question"] == "working")
    assert [s["text"] for s in working["statements"]] == ["Lunch club"]
    assert working["statements"][0]["role"] == "SENCO"


def test_the_record_says_plainly_when_sams_profile_is_not_published(area, signed_in, meeting_day):
    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
    assert records.build_record(review)["profile"]["published"] is False
    content = page(signed_in(area.green).get(url("sign_off", review)))
    assert "Sam's one-page profile had not been published when the record was made." in content


# Signing off


def test_ms_green_checks_the_whole_record_then_signs_it_off(area, signed_in, review, meeting_day, run_jobs):
    client = signed_in(area.green)
    content = page(client.get(url("sign_off", review)))
    assert "Swimming on Saturdays" in content and "Sam's own words" in content
    assert "Explains trains brilliantly" in content and "Dr Patel, Speech and language therapist" in content
    assert "book the Saturday swimming lessons" in content and "Came to part of the meeting" in content
    assert "I have checked the record with the people who took part" in content
    with run_jobs():
        response = client.post(url("sign_off", review), sign_off_form(meeting_day + 180 * DAY))
    assert response.status_code == 302 and response["Location"] == url("record", review)
    review.refresh_from_db()
    assert review.is_signed_off and review.signed_off_by == area.green
    assert review.record["next_review_date"] == (meeting_day + 180 * DAY).isoformat()
    assert review.record["signed_off"]["by"] == "Ms Green"
    review.action_plan.refresh_from_db()
    assert review.action_plan.is_agreed and review.action_plan.next_review_date == meeting_day + 180 * DAY


def test_a_signed_off_record_does_not_change_when_a_statement_does(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    Statement.objects.filter(text="Explains trains brilliantly").update(text="Changed afterwards")
    review.refresh_from_db()
    strengths = next(q for q in review.record["questions"] if q["question"] == "strengths")
    assert strengths["statements"][0]["text"] == "Explains trains brilliantly"
    content = page(signed_in(area.aisha).get(url("record", review)))
    assert "Explains trains brilliantly" in content and "Changed afterwards" not in content


def test_a_second_sign_off_is_refused(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    with pytest.raises(records.AlreadySignedOff):
        records.sign_off(review, by=area.green, next_review_date=meeting_day + 90 * DAY)
    response = signed_in(area.green).post(url("sign_off", review), sign_off_form(meeting_day + 90 * DAY))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.record["next_review_date"] == (meeting_day + 180 * DAY).isoformat()


def test_the_next_review_is_after_the_meeting_and_within_12_months_for_an_ehc_plan(area, review, meeting_day):
    with pytest.raises(records.NextReviewDateError, match="Enter the date of the next review"):
        records.sign_off(review, by=area.green, next_review_date=None)
    with pytest.raises(records.NextReviewDateError, match="Choose a date after this meeting"):
        records.sign_off(review, by=area.green, next_review_date=meeting_day)
    with pytest.raises(records.NextReviewDateError, match="at least every 12 months"):
        records.sign_off(review, by=area.green, next_review_date=meeting_day + 370 * DAY)
    records.sign_off(review, by=area.green, next_review_date=meeting_day + 360 * DAY)
    assert Review.objects.get(pk=review.pk).is_signed_off


def test_any_other_review_is_next_reviewed_within_6_months(area, meeting_day):
    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, kind=Review.Kind.SEN_SUPPORT)
    with pytest.raises(records.NextReviewDateError, match="a plan covers up to 6 months"):
        records.sign_off(review, by=area.green, next_review_date=meeting_day + 200 * DAY)
    assert not Review.objects.get(pk=review.pk).is_signed_off


def test_a_wrong_date_or_no_tick_says_what_to_do_and_keeps_what_was_typed(area, signed_in, review, meeting_day):
    client = signed_in(area.green)
    too_late = meeting_day + 400 * DAY
    response = client.post(url("sign_off", review), sign_off_form(too_late, checked=False))
    content = page(response)
    assert response.status_code == 400 and content.count("<title>Error:") == 1
    assert "Choose a date on or before" in content and "at least every 12 months" in content
    assert "Check the record with the people who took part, then tick the box" in content
    assert f'value="{too_late.year}"' in content
    assert not Review.objects.get(pk=review.pk).is_signed_off


# Amendments


def test_a_correction_is_added_dated_and_attributed_and_the_record_stays_as_it_was(
    area, signed_in, review, meeting_day
):
    signed_off(review, area, meeting_day)
    client = signed_in(area.green)
    response = client.post(url("add_amendment", review), {"text": "Dr Patel joined online, not in person."})
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.made_by == area.green and amendment.made_at is not None
    content = page(signed_in(area.aisha).get(url("record", review)))
    assert f"Added on {amendment.made_at:%-d %B %Y} by Ms Green" in content
    assert "Dr Patel joined online, not in person." in content
    assert "Add an amendment" not in content  # Aisha reads the record; she does not run the meeting


def test_an_empty_correction_is_refused_with_what_to_do(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    response = signed_in(area.green).post(url("add_amendment", review), {"text": "  "})
    assert response.status_code == 400 and "Write what needs correcting" in page(response)
    assert not Amendment.objects.exists()


def test_a_record_not_yet_signed_off_takes_no_amendments(area, signed_in, review):
    with pytest.raises(records.NotSignedOff):
        records.add_amendment(review, by=area.green, text="Too soon")
    response = signed_in(area.green).post(url("add_amendment", review), {"text": "Too soon"})
    assert response.status_code == 302 and not Amendment.objects.exists()


# Reading the record


def test_before_sign_off_the_record_page_says_so_and_offers_ms_green_the_sign_off(area, signed_in, review):
    content = page(signed_in(area.green).get(url("record", review)))
    assert "not signed off yet" in content and url("sign_off", review) in content
    content = page(signed_in(area.aisha).get(url("record", review)))
    assert "not signed off yet" in content and url("sign_off", review) not in content
    assert "Swimming on Saturdays" not in content
    client = signed_in(area.aisha)
    assert client.get(url("record_pdf", review)).status_code == 404
    assert client.get(url("record_docx", review)).status_code == 404
    assert "not signed off yet" in page(client.get(url("section_a", review)))
    assert client.get(url("section_a_docx", review)).status_code == 404


def test_ms_green_sees_the_downloads_and_the_form_to_add_an_amendment(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    content = page(signed_in(area.green).get(url("record", review)))
    assert url("record_pdf", review) in content and url("record_docx", review) in content
    assert "Checked and signed off by Ms Green" in content
    assert "Add an amendment" in content and url("add_amendment", review) in content
    assert signed_in(area.green).get(url("sign_off", review)).status_code == 302  # nothing left to sign off


def test_the_record_is_a_real_pdf_with_a_plain_file_name(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    records.add_amendment(review, by=area.green, text="A correction")
    response = signed_in(area.aisha).get(url("record_pdf", review))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="sam-review-{meeting_day.isoformat()}.pdf"'
    assert pdf_pages(response.content) >= 1


def test_the_word_document_holds_what_everyone_said_and_the_corrections(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    records.add_amendment(review, by=area.green, text="Jo Evans sent apologies.")
    response = signed_in(area.patel).get(url("record_docx", review))
    assert response["Content-Disposition"] == f'attachment; filename="sam-review-{meeting_day.isoformat()}.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Swimming on Saturdays (Sam's own words)" in text
    assert "Loud corridors (Sam told Aisha, who wrote it down)" in text
    assert "Jo Evans sent apologies." in text and "Added on" in text
    assert "book the Saturday swimming lessons" in cells and "Did not take part" in cells


def test_reading_the_record_and_its_documents_is_audited(area, signed_in, review, meeting_day):
    from audit.models import AuditEvent

    signed_off(review, area, meeting_day)
    signed_in(area.aisha).get(url("record_docx", review))
    assert AuditEvent.objects.filter(
        user=area.aisha, person=area.sam, what="the record of a review as a Word document"
    ).exists()


# Sending the record


def test_the_record_goes_to_everyone_who_took_part_and_nobody_else(area, review, meeting_day, run_jobs, settings):
    settings.SITE_URL = "https://ourplan.example.org"
    with run_jobs():
        signed_off(review, area, meeting_day)
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == ["aisha@family.example", "patel@nhs.example", "sam@family.example"]
    assert ReviewEmail.objects.filter(kind=ReviewEmail.Kind.RECORD, status=ReviewEmail.Status.SENT).count() == 3
    to_aisha = next(m for m in mail.outbox if m.to == ["aisha@family.example"])
    assert "The record of Sam's review" in to_aisha.subject
    assert "read the record" in to_aisha.body
    assert "https://ourplan.example.org" + url("record", review) in to_aisha.body
    assert "Swimming on Saturdays" not in to_aisha.body and "Loud corridors" not in to_aisha.body
    assert Invitee.objects.get(email="aisha@family.example").reminded_at is None


def test_the_record_reaches_sam_someone_who_only_added_to_the_board_and_someone_who_only_sent_views(
    area, signed_in, meeting_day, run_jobs
):
    from reviews import board, contributions, planning

    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
    planning.invite_circle(review, by=area.green)  # Sam, Aisha, Ms Green, Dr Patel and Jo Evans
    planning.remove_invitee(Invitee.objects.get(review=review, user=area.jo))
    contributions.save_views(review, author=area.patel, answers={"strengths": "Explains trains well"}, send=True)
    board.add_to_board(review, by=area.jo, question="working", text="Sam is settled at home")
    client = signed_in(area.green)
    response = client.post(url("attendance", review), {"person_took_part": "whole"})
    assert response.status_code == 302
    sign_off_page = page(client.get(url("sign_off", review)))
    assert "The record will be emailed to:" in sign_off_page
    for line in ("Dr Patel (Speech and language therapist)", "Jo Evans (Social worker)", "Sam (The person"):
        assert line in sign_off_page
    assert "Aisha (Mum)" not in sign_off_page.split("The record will be emailed to:")[1].split("</ul>")[0]

    with run_jobs():
        response = client.post(url("sign_off", review), sign_off_form(meeting_day + 90 * DAY), follow=True)
    assert "It is being emailed to Dr Patel, Jo Evans, Sam." in page(response)
    records_sent = sorted(m.to[0] for m in mail.outbox if "is ready to read" in m.subject)
    assert records_sent == ["jo.evans@council.example", "patel@nhs.example", "sam@family.example"]
    assert len(mail.outbox) == 3  # nobody added at sign-off is sent an invitation
    jo = Invitee.objects.get(review=review, user=area.jo)
    assert (jo.took_part, jo.invited_at) == (TookPart.IN_PERSON, None)
    assert not ReviewEmail.objects.filter(invitee=jo, kind=ReviewEmail.Kind.INVITATION).exists()
    assert Invitee.objects.get(review=review, user=area.sam_user).took_part == TookPart.IN_PERSON
    review.refresh_from_db()
    listed = {i["name"]: i["took_part"] for i in review.record["attendance"]["invitees"]}
    assert listed["Jo Evans"] == TookPart.IN_PERSON and "Sam" not in listed


def test_sam_gets_the_record_when_he_took_part_though_he_was_never_invited(area, meeting_day, run_jobs):
    review = ReviewFactory(
        person=area.sam, meeting_date=meeting_day, person_took_part=Review.PersonTookPart.SOMEONE_SPOKE
    )
    with run_jobs():
        signed_off(review, area, meeting_day)
    assert [m.to for m in mail.outbox] == [["sam@family.example"]]
    sam = Invitee.objects.get(review=review)
    assert (sam.user, sam.took_part, sam.role) == (area.sam_user, TookPart.VIEWS_ONLY, "The person themselves")


def test_nobody_who_did_not_take_part_gets_the_record(area, meeting_day, run_jobs):
    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, person_took_part=Review.PersonTookPart.NOT_AT_ALL)
    Invitee.objects.create(review=review, user=area.sam_user, name="Sam", email=area.sam_user.email)
    Invitee.objects.create(review=review, user=area.jo, name="Jo Evans", email=area.jo.email, took_part=TookPart.NO)
    StatementFactory(review=review, author=area.jo, question="working")  # sent, but she did not come
    with run_jobs():
        signed_off(review, area, meeting_day)
    assert mail.outbox == []
    assert Invitee.objects.get(review=review, user=area.sam_user).took_part == TookPart.NO


def test_the_sign_off_page_says_when_nobody_will_be_emailed_the_record(area, signed_in, meeting_day):
    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
    content = page(signed_in(area.green).get(url("sign_off", review)))
    assert "Nobody is recorded as taking part, so the record will not be emailed to anyone." in content
    assert url("attendance", review) in content


def test_someone_the_record_is_not_shared_with_is_listed_as_taking_part_but_never_promised_or_sent_it(
    area, signed_in, meeting_day, run_jobs
):
    from people.models import CircleMember, Section
    from reviews import board

    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
    board.add_to_board(review, by=area.jo, question="working", text="Sam is settled at home")
    board.add_to_board(review, by=area.patel, question="strengths", text="Explains trains well")
    CircleMember.objects.filter(person=area.sam, user=area.jo).update(withheld_sections=[Section.RECORDS.value])
    client = signed_in(area.green)
    client.post(url("attendance", review), {"person_took_part": "not_at_all"})
    sign_off_page = page(client.get(url("sign_off", review)))
    emailed = sign_off_page.split("The record will be emailed to:")[1].split("</ul>")[0]
    assert "Dr Patel" in emailed and "Jo Evans" not in emailed
    assert "Not emailed, because the record is not shared with them: Jo Evans." in sign_off_page

    with run_jobs():
        response = client.post(url("sign_off", review), sign_off_form(meeting_day + 90 * DAY), follow=True)
    assert "It is being emailed to Dr Patel." in page(response)
    assert [m.to for m in mail.outbox] == [["patel@nhs.example"]]
    assert not ReviewEmail.objects.filter(invitee__user=area.jo, kind=ReviewEmail.Kind.RECORD).exists()
    review.refresh_from_db()
    listed = {i["name"]: i["took_part"] for i in review.record["attendance"]["invitees"]}
    assert listed["Jo Evans"] == TookPart.IN_PERSON  # she took part all the same


def test_the_record_is_not_emailed_to_an_address_invited_before_it_joined_the_circle_without_the_record(
    area, signed_in, meeting_day, run_jobs
):
    from people.models import CircleMember, Section

    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
    Invitee.objects.create(review=review, name="Jo", email=area.jo.email.upper(), took_part=TookPart.IN_PERSON)
    CircleMember.objects.filter(person=area.sam, user=area.jo).update(withheld_sections=[Section.RECORDS.value])
    assert records.record_recipients(review) == []
    with run_jobs():
        response = signed_in(area.green).post(
            url("sign_off", review), sign_off_form(meeting_day + 90 * DAY), follow=True
        )
    assert "It is not shared with anyone who took part, so nobody is emailed." in page(response)
    assert mail.outbox == []


def test_sams_own_record_email_speaks_to_him(area, review, meeting_day, run_jobs):
    with run_jobs():
        signed_off(review, area, meeting_day)
    to_sam = next(m for m in mail.outbox if m.to == ["sam@family.example"])
    assert "The record of your review is ready" in to_sam.body


# Section A of the EHC plan


def test_section_a_gathers_sams_views_interests_and_aspirations_in_his_own_words(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    parts = {part["heading"]: part["items"] for part in records.section_a(review.record)}
    important = [item["text"] for item in parts["What is important to me"]]
    assert important == ["My swimming", "Swimming on Saturdays"]
    assert parts["What is important to me"][1]["source"].startswith("Sam's own words")
    hopes = [item["text"] for item in parts["My hopes for the future"]]
    assert hopes == ["To work at the leisure centre", "I want to swim for the school team"]
    assert "Loud corridors" in [item["text"] for item in parts["How best to support me"]]
    family = parts["What my family say"]
    assert [item["text"] for item in family] == ["Sam loves his swimming club"]
    assert family[0]["source"].startswith("Aisha (Mum)")
    content = page(signed_in(area.aisha).get(url("section_a", review)))
    assert "What is important to me" in content and "Swimming on Saturdays" in content
    response = signed_in(area.aisha).get(url("section_a_docx", review))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Swimming on Saturdays" in text and "What my family say" in text
    assert "Explains trains brilliantly" not in text  # Dr Patel's view, not Sam's or his family's


def test_the_record_page_links_to_section_a_only_for_an_ehc_plan_review(area, signed_in, review, meeting_day):
    signed_off(review, area, meeting_day)
    assert url("section_a", review) in page(signed_in(area.aisha).get(url("record", review)))
    other = ReviewFactory(person=area.sam, meeting_date=meeting_day, kind=Review.Kind.PERSON_CENTRED)
    records.sign_off(other, by=area.green, next_review_date=meeting_day + 100 * DAY)
    client = signed_in(area.aisha)
    assert url("section_a", other) not in page(client.get(url("record", other)))
    assert client.get(url("section_a", other)).status_code == 404
    assert client.get(url("section_a_docx", other)).status_code == 404


# Who may do what


@pytest.mark.parametrize("who", ["black", "priya", "aisha", "patel"])
def test_only_whoever_runs_the_meeting_may_sign_off_or_correct_the_record(area, signed_in, review, meeting_day, who):
    client = signed_in(getattr(area, who))
    assert client.get(url("sign_off", review)).status_code == 404
    assert client.post(url("sign_off", review), sign_off_form(meeting_day + 90 * DAY)).status_code == 404
    assert not Review.objects.get(pk=review.pk).is_signed_off
    signed_off(review, area, meeting_day)
    assert client.post(url("add_amendment", review), {"text": "Not mine to add"}).status_code == 404
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("who", ["black", "priya"])
def test_an_outsider_gets_404_for_every_part_of_the_record(area, signed_in, review, meeting_day, who):
    signed_off(review, area, meeting_day)
    client = signed_in(getattr(area, who))
    for name in ("record", "record_pdf", "record_docx", "section_a", "section_a_docx"):
        response = client.get(url(name, review))
        assert response.status_code == 404 and "Sam" not in words(response.content)


def test_the_facilitator_in_the_circle_signs_off_even_when_not_the_coordinator(area, signed_in, meeting_day):
    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.patel)
    response = signed_in(area.patel).post(url("sign_off", review), sign_off_form(meeting_day + 90 * DAY))
    assert response.status_code == 302 and Review.objects.get(pk=review.pk).signed_off_by == area.patel


def test_a_facilitator_who_sees_only_some_parts_is_not_offered_the_sign_off_they_would_be_refused(
    area, signed_in, meeting_day
):
    from people import consent
    from people.models import CircleMember

    review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.patel)
    member = CircleMember.objects.get(person=area.sam, user=area.patel)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=["records"])
    record_page = signed_in(area.patel).get(url("record", review))
    assert record_page.status_code == 200 and "Check and sign off" not in record_page.content.decode()
    assert signed_in(area.patel).get(url("sign_off", review)).status_code == 404
    assert "Check and sign off" in signed_in(area.green).get(url("record", review)).content.decode()


# Queries


def test_the_record_pages_take_the_same_queries_for_6_statements_as_for_60(
    area, signed_in, queries_to_show, meeting_day
):
    def review_with(count):
        review = ReviewFactory(person=area.sam, meeting_date=meeting_day, facilitator=area.green)
        authors = [area.green, area.aisha, area.patel, area.jo, area.sam_user, area.aisha]
        for n in range(count):
            StatementFactory(
                review=review,
                author=authors[n % 6],
                by_the_person=authors[n % 6] == area.sam_user,
                question=["important_to", "working", "strengths"][n % 3],
            )
        Invitee.objects.create(
            review=review, user=area.aisha, name="Aisha", email="aisha@family.example", took_part=TookPart.IN_PERSON
        )
        return review

    few, many = review_with(6), review_with(60)
    client = signed_in(area.green)
    assert queries_to_show(client, url("sign_off", few)) == queries_to_show(client, url("sign_off", many))
    for review in (few, many):
        records.sign_off(review, by=area.green, next_review_date=meeting_day + 90 * DAY)
        records.add_amendment(review, by=area.green, text="A correction")
    assert queries_to_show(client, url("record", few)) == queries_to_show(client, url("record", many))


def test_a_record_cannot_be_signed_off_before_the_meeting_has_happened(area, signed_in):
    meeting = timezone.localdate() + datetime.timedelta(days=14)
    review = ReviewFactory(person=area.sam, meeting_date=meeting)
    client = signed_in(area.green)
    page = client.get(reverse("reviews:sign_off", args=[review.pk])).content.decode()
    assert "You can sign off the record on or after the day of the meeting" in page
    response = client.post(
        reverse("reviews:sign_off", args=[review.pk]),
        {**date_parts("next_review_date", meeting + datetime.timedelta(days=60)), "checked": "on"},
    )
    review.refresh_from_db()
    assert response.status_code == 400 and not review.is_signed_off


def test_a_statement_merged_at_the_meeting_is_in_the_record_with_everyone_who_said_it(area):
    from reviews import board

    review = ReviewFactory(person=area.sam)
    kept = StatementFactory(review=review, question="strengths", text="Sam is kind", author=area.aisha)
    other = StatementFactory(review=review, question="strengths", text="Sam helps others", author=area.patel)
    board.merge_statements(
        kept, [other], by=area.green, text="Sam is kind and helps others", seen_versions={kept.pk: 1, other.pk: 1}
    )
    strengths = next(
        q for q in records.for_reading(records.build_record(review))["questions"] if q["question"] == "strengths"
    )
    assert [s["text"] for s in strengths["statements"]] == ["Sam is kind and helps others"]
    assert strengths["statements"][0]["said_by"] == "Aisha, Mum; also said by Dr Patel"


def test_once_signed_off_the_next_review_date_and_the_reviews_details_cannot_change(area, signed_in):
    review = ReviewFactory(person=area.sam, meeting_date=timezone.localdate())
    records.sign_off(review, by=area.green, next_review_date=timezone.localdate() + datetime.timedelta(days=30))
    client = signed_in(area.green)
    later = timezone.localdate() + datetime.timedelta(days=60)
    client.post(reverse("plans:agree", args=[review.pk]), date_parts("next_review_date", later))
    review.action_plan.refresh_from_db()
    assert review.action_plan.next_review_date == timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(reverse("reviews:details", args=[review.pk]), {})
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).meeting_date == timezone.localdate()
