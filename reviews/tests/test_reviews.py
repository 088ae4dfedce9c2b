import datetime
import html

from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ReviewFactory, StatementFactory, date_parts
from reviews.models import Question, Review, Statement, question_text


def test_the_six_questions_use_the_persons_preferred_name():
    assert question_text(Question.IMPORTANT_TO, "Sam") == "What is important to Sam?"
    assert question_text(Question.NOT_WORKING, "Sam") == "What is not working in Sam's life?"
    assert len(Question) == 6


def test_coordinator_plans_a_review(area, signed_in):
    day = timezone.localdate() + datetime.timedelta(days=28)
    response = signed_in(area.green).post(
        reverse("reviews:add", args=[area.sam.pk]), {"kind": "person_centred", **date_parts("meeting_date", day)}
    )
    review = Review.objects.get(person=area.sam)
    assert response["Location"] == reverse("reviews:detail", args=[review.pk])
    assert review.meeting_date == day and area.green in review.participants.all()


def test_a_review_date_years_away_is_refused_with_a_plain_message(area, signed_in):
    response = signed_in(area.green).post(
        reverse("reviews:add", args=[area.sam.pk]),
        {"kind": "person_centred", **date_parts("meeting_date", "2099-01-01")},
    )
    assert "more than a year away" in response.content.decode()
    assert not Review.objects.exists()


def test_only_the_coordinator_plans_reviews(area, signed_in):
    assert signed_in(area.aisha).get(reverse("reviews:add", args=[area.sam.pk])).status_code == 404


def test_circle_member_adds_a_statement_and_has_taken_part(area, signed_in):
    review = ReviewFactory(person=area.sam)
    response = signed_in(area.patel).post(
        reverse("reviews:add_statement", args=[review.pk]),
        {"question": "strengths", "text": "Sam explains trains brilliantly"},
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.author == area.patel and not statement.by_the_person
    assert area.patel in review.participants.all()


def test_sams_own_statements_come_first_under_each_question(area, signed_in):
    review = ReviewFactory(person=area.sam)
    StatementFactory(review=review, question="working", text="From Ms Green", author=area.green)
    signed_in(area.sam_user).post(
        reverse("reviews:add_statement", args=[review.pk]), {"question": "working", "text": "From Sam himself"}
    )
    content = html.unescape(signed_in(area.green).get(reverse("reviews:detail", args=[review.pk])).content.decode())
    assert content.index("From Sam himself") < content.index("From Ms Green")
    assert "Sam's own words" in content
    assert "What is working in Sam's life?" in content


def test_an_empty_answer_gets_a_message_and_an_error_summary(area, signed_in):
    review = ReviewFactory(person=area.sam)
    response = signed_in(area.aisha).post(
        reverse("reviews:add_statement", args=[review.pk]), {"question": "working", "text": ""}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content and "Write your answer" in content
    assert not Statement.objects.exists()


def test_coordinator_records_who_took_part(area, signed_in):
    review = ReviewFactory(person=area.sam)
    signed_in(area.green).post(
        reverse("reviews:participants", args=[review.pk]), {"participants": [area.aisha.pk, area.jo.pk]}
    )
    assert set(review.participants.all()) == {area.aisha, area.jo}


def test_only_people_in_the_circle_can_be_recorded_as_taking_part(area, signed_in):
    review = ReviewFactory(person=area.sam)
    response = signed_in(area.green).post(
        reverse("reviews:participants", args=[review.pk]), {"participants": [area.black.pk]}
    )
    assert response.status_code == 400
    assert "invite them to the circle first" in response.content.decode()
    assert area.black not in review.participants.all()


def test_outsider_gets_404_for_someone_elses_review(area, signed_in):
    review = ReviewFactory(person=area.sam)
    assert signed_in(area.black).get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_the_review_page_makes_the_same_number_of_queries_however_many_answers_it_has(area, signed_in, queries_to_show):
    review = ReviewFactory(person=area.sam)
    client = signed_in(area.green)
    url = reverse("reviews:detail", args=[review.pk])

    def queries():
        return queries_to_show(client, url)

    StatementFactory(review=review, author=area.aisha)
    few = queries()
    for author in (area.patel, area.jo, area.sam_user, area.aisha, area.green):
        StatementFactory(review=review, author=author)
        review.participants.add(author)
    assert queries() == few


def test_a_form_shown_again_with_errors_is_recorded_as_a_look_at_the_review(area, signed_in):
    from audit.models import AuditEvent

    review = ReviewFactory(person=area.sam)
    signed_in(area.aisha).post(reverse("reviews:add_statement", args=[review.pk]), {"question": "working", "text": ""})
    assert AuditEvent.objects.filter(user=area.aisha, person=area.sam, action="viewed").exists()
