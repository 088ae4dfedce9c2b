import datetime
import html

from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory, StatementFactory, date_parts
from reviews.models import Question, Review, question_text


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


def test_outsider_gets_404_for_someone_elses_review(area, signed_in):
    review = ReviewFactory(person=area.sam)
    assert signed_in(area.black).get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_the_review_page_makes_the_same_number_of_queries_however_many_answers_it_has(area, signed_in, queries_to_show):
    review = ReviewFactory(person=area.sam)
    client = signed_in(area.green)
    url = reverse("reviews:detail", args=[review.pk])

    def queries():
        from django.core.cache import cache

        cache.clear()  # rendering the six questions afresh, not from the page's cache
        return queries_to_show(client, url)

    StatementFactory(review=review, author=area.aisha)
    few = queries()
    for author in (area.patel, area.jo, area.sam_user, area.aisha, area.green):
        StatementFactory(review=review, author=author)
        review.participants.add(author)
        ActionFactory(plan=review.action_plan, owner=author)
    assert queries() == few


def test_the_review_page_reads_no_statements_when_nothing_on_the_board_has_changed(area, signed_in, queries_to_show):
    review = ReviewFactory(person=area.sam)
    for author in (area.patel, area.jo, area.aisha):
        StatementFactory(review=review, author=author)
    client = signed_in(area.green)
    url = reverse("reviews:detail", args=[review.pk])
    first = queries_to_show(client, url)
    # Not read again: the statements, what was merged into them, the outcomes and the actions.
    assert queries_to_show(client, url) == first - 4


def test_the_review_page_shows_a_change_to_the_board_at_once_though_it_keeps_the_six_questions_rendered(
    area, signed_in
):
    from reviews import board

    review = ReviewFactory(person=area.sam)
    StatementFactory(review=review, question="working", text="Lunch club", author=area.aisha)
    client = signed_in(area.green)
    url = reverse("reviews:detail", args=[review.pk])
    assert "Lunch club" in client.get(url).content.decode()
    board.add_to_board(review, by=area.patel, question="working", text="Quiet room at break")
    assert "Quiet room at break" in client.get(url).content.decode()


def test_the_review_page_shows_a_new_role_or_name_in_the_circle_at_once(area, signed_in):
    from people.models import CircleMember

    review = ReviewFactory(person=area.sam)
    StatementFactory(review=review, question="working", text="Lunch club", author=area.aisha)
    client = signed_in(area.green)
    url = reverse("reviews:detail", args=[review.pk])
    assert "Aisha (Mum)" in html.unescape(client.get(url).content.decode())
    CircleMember.objects.filter(person=area.sam, user=area.aisha).update(role_description="Parent")
    assert "Aisha (Parent)" in html.unescape(client.get(url).content.decode())
    area.aisha.name = "Aisha Khan"
    area.aisha.save()
    assert "Aisha Khan (Parent)" in html.unescape(client.get(url).content.decode())
    area.sam.preferred_name = "Sammy"
    area.sam.save()
    assert "What is working in Sammy's life?" in html.unescape(client.get(url).content.decode())


def test_the_review_page_shows_the_outcomes_and_actions_agreed(area, signed_in):
    from plans.models import Outcome

    review = ReviewFactory(person=area.sam)
    outcome = Outcome.objects.create(plan=review.action_plan, text="Go to the shops on my own", created_by=area.green)
    ActionFactory(plan=review.action_plan, owner=area.aisha, what="practise the walk to the shop", outcome=outcome)
    content = html.unescape(signed_in(area.patel).get(reverse("reviews:detail", args=[review.pk])).content.decode())
    assert "Go to the shops on my own" in content and "practise the walk to the shop" in content
