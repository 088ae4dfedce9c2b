"""Before the meeting: everyone's views, the young person's own form, and who has sent theirs."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ReviewFactory, StatementFactory
from reviews import contributions
from reviews.models import Invitee, Review, Statement
from reviews.names import names_to_check

SEND = {"action": "send"}
DRAFT = {"action": "draft"}


@pytest.fixture
def review(area):
    return ReviewFactory(person=area.sam)


def page(response):
    return html.unescape(response.content.decode())


def names_checked_on(response):
    """What "Yes, the names are right" sends back from the form in ``response``: the fingerprint of
    exactly the words whose names it showed to check."""
    found = re.search(r'name="names_checked_for" value="([0-9a-f]+)"', response.content.decode())
    return {"names_checked": "1", "names_checked_for": found.group(1)}


def my_views_url(review):
    return reverse("reviews:my_views", args=[review.pk])


def me_url(review, question="important_to"):
    return reverse("reviews:me_views", args=[review.pk, question])


def so_far_url(review):
    return reverse("reviews:views_so_far", args=[review.pk])


def easy_form(content):
    """The one-question-at-a-time form in a page: everything its buttons send."""
    return re.search(r'<form method="post" novalidate class="op-me__form">.*?</form>', content, re.S).group()


# Everyone's views on the six questions


def test_the_six_questions_are_asked_with_sams_preferred_name(area, signed_in, review):
    content = page(signed_in(area.patel).get(my_views_url(review)))
    assert "What is important to Sam?" in content
    assert "What are the challenges in Sam's life?" in content
    assert "Save and come back later" in content and "Send my views" in content


def test_sam_answering_on_the_full_form_is_asked_about_himself_as_you(area, signed_in, review):
    content = page(signed_in(area.sam_user).get(my_views_url(review)))
    assert "What is important to you?" in content and "What are you good at?" in content
    assert "What is important to Sam?" not in content
    assert "Sam and their family will read this" not in content
    assert "in your own words" in content


def test_his_mum_is_told_sam_may_read_it_and_a_professional_that_sam_and_his_family_will(area, signed_in, review):
    assert "Use everyday words: Sam may read this too." in page(signed_in(area.aisha).get(my_views_url(review)))
    professional = page(signed_in(area.patel).get(my_views_url(review)))
    assert "Use everyday words: Sam and their family will read this." in professional


def test_a_draft_is_kept_for_its_author_to_come_back_to(area, signed_in, review):
    client = signed_in(area.patel)
    response = client.post(my_views_url(review), {**DRAFT, "strengths": "Sam explains trains brilliantly"})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.draft and statement.author == area.patel
    assert "Sam explains trains brilliantly" in page(client.get(my_views_url(review)))


def test_saving_a_draft_again_replaces_it_rather_than_adding_to_it(area, signed_in, review):
    client = signed_in(area.patel)
    client.post(my_views_url(review), {**DRAFT, "strengths": "First try"})
    client.post(my_views_url(review), {**DRAFT, "strengths": "Second try", "working": "Lunch club"})
    assert sorted(Statement.objects.values_list("text", flat=True)) == ["Lunch club", "Second try"]


def test_a_draft_is_seen_by_nobody_but_its_author(area, signed_in, review):
    signed_in(area.patel).post(my_views_url(review), {**DRAFT, "strengths": "Not finished yet"})
    for someone in (area.green, area.aisha):
        client = signed_in(someone)
        assert "Not finished yet" not in page(client.get(reverse("reviews:detail", args=[review.pk])))
        assert "Not finished yet" not in page(client.get(my_views_url(review)))
    assert "Not finished yet" not in page(signed_in(area.green).get(so_far_url(review)))


def test_sending_views_puts_them_on_the_review_and_clears_the_draft(area, signed_in, review):
    client = signed_in(area.patel)
    client.post(my_views_url(review), {**DRAFT, "strengths": "Sam explains trains brilliantly"})
    response = client.post(
        my_views_url(review), {**SEND, "strengths": "Sam explains trains brilliantly", "challenges": "Noisy rooms"}
    )
    assert response.status_code == 302
    assert not Statement.objects.filter(draft=True).exists()
    assert Statement.objects.filter(draft=False, author=area.patel).count() == 2
    assert area.patel in review.participants.all()
    assert "Noisy rooms" in page(signed_in(area.aisha).get(reverse("reviews:detail", args=[review.pk])))


def test_what_was_sent_is_shown_above_an_empty_form_and_sending_again_adds_to_it(area, signed_in, review):
    client = signed_in(area.patel)
    client.post(my_views_url(review), {**SEND, "strengths": "Kind to younger pupils"})
    content = page(client.get(my_views_url(review)))
    assert "What you have sent" in content and "Kind to younger pupils" in content
    assert "Kind to younger pupils</textarea>" not in content
    client.post(my_views_url(review), {**SEND, "strengths": "Good at maps"})
    assert Statement.objects.filter(author=area.patel, draft=False).count() == 2


def test_sending_nothing_asks_for_at_least_one_answer_and_keeps_the_page(area, signed_in, review):
    response = signed_in(area.patel).post(my_views_url(review), SEND)
    assert response.status_code == 400
    assert "Write an answer to at least one question" in page(response)
    assert not Statement.objects.exists()


def test_too_long_an_answer_is_refused_with_what_to_do_and_keeps_what_was_typed(area, signed_in, review):
    response = signed_in(area.patel).post(my_views_url(review), {**SEND, "working": "x" * 1001, "strengths": "Kept"})
    content = page(response)
    assert response.status_code == 400
    assert "Keep this answer under 1,000 characters" in content and "Kept</textarea>" in content
    assert not Statement.objects.exists()


def test_sams_own_views_from_his_form_are_his_own_words(area, signed_in, review):
    signed_in(area.sam_user).post(my_views_url(review), {**SEND, "important_to": "Swimming on Saturdays"})
    statement = Statement.objects.get()
    assert statement.by_the_person and statement.voice == Statement.Voice.OWN


def test_jargon_in_an_answer_is_flagged_with_a_plainer_word(area, signed_in, review):
    client = signed_in(area.patel)
    client.post(my_views_url(review), {**DRAFT, "important_for": "Weekly SALT sessions"})
    content = page(client.get(my_views_url(review)))
    assert "‘SALT’ may not be clear to everyone." in content
    assert "speech and language therapy" in content


def test_sam_is_pointed_to_the_easy_form_and_his_mum_may_record_his_views(area, signed_in, review):
    assert "Use the easy form" in page(signed_in(area.sam_user).get(my_views_url(review)))
    assert "Record Sam's own views" in page(signed_in(area.aisha).get(my_views_url(review)))
    assert "Record Sam's own views" in page(signed_in(area.green).get(my_views_url(review)))
    assert "Record Sam's own views" not in page(signed_in(area.patel).get(my_views_url(review)))


# The wrong child's name


def test_another_young_person_ms_green_knows_is_flagged_as_another_child(area, review):
    flags = names_to_check("Sam and Leah both love the pool.", review, area.green)
    assert [flag.found for flag in flags] == ["Leah"]
    assert "another young person" in flags[0].reason


def test_aisha_is_never_told_that_leah_is_someone_in_ourplan(area, review):
    flags = names_to_check("Sam and Leah both love the pool.", review, area.aisha)
    assert [flag.found for flag in flags] == ["Leah"]
    assert "another young person" not in flags[0].reason
    assert flags[0].reason == "‘Leah’ is not in Sam's circle. Check you have the right child."


def test_names_in_sams_circle_and_ordinary_capitalised_words_are_not_flagged(area, review):
    text = (
        "Sam Example swims with Aisha on Saturday. Ms Green and Dr Patel say School is calmer. "
        "In March he went to Riverside Academy with Mum. What is working: I like Maths."
    )
    assert names_to_check(text, review, area.green) == []


def test_a_capitalised_name_not_in_sams_circle_is_flagged_once(area, review):
    flags = names_to_check("Sam sits next to Tom. Tom's dad drives them.", review, area.aisha)
    assert [flag.found for flag in flags] == ["Tom"]


def test_a_wrong_name_stops_sending_until_the_author_says_the_names_are_right(area, signed_in, review):
    client = signed_in(area.green)
    answers = {"working": "Sam and Tom enjoy the lunch club", "strengths": "Leah is brilliant at art"}
    response = client.post(my_views_url(review), {**SEND, **answers})
    content = page(response)
    assert response.status_code == 200
    assert "‘Tom’ is not in Sam's circle. Check you have the right child." in content
    assert "‘Leah’ is the name of another young person" in content
    assert "Sam and Tom enjoy the lunch club</textarea>" in content
    assert "Yes, the names are right: send" in content
    assert not Statement.objects.exists()

    checked = {"names_checked_for": names_checked_on(response)["names_checked_for"]}
    changed = {**answers, "strengths": "Leah and Kai are brilliant at art"}
    again = client.post(my_views_url(review), {"action": "send_checked", **changed, **checked})
    assert again.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(again)  # changed since: checked
    assert "Tom’" in page(again) and not Statement.objects.exists()
    assert client.post(my_views_url(review), {"action": "send_checked", **answers}).status_code == 200
    assert not Statement.objects.exists()  # no fingerprint: checked again

    assert client.post(my_views_url(review), {"action": "send_checked", **answers, **checked}).status_code == 302
    assert Statement.objects.filter(draft=False).count() == 2


def test_a_draft_with_a_wrong_name_is_saved_without_a_fuss(area, signed_in, review):
    response = signed_in(area.aisha).post(my_views_url(review), {**DRAFT, "working": "Sam and Tom play"})
    assert response.status_code == 302 and Statement.objects.get().draft


# The young person's own form


def test_sam_adds_his_own_view_with_a_sentence_starter_and_a_picture(area, signed_in, review):
    client = signed_in(area.sam_user)
    content = page(client.get(me_url(review)))
    assert "What is important to you?" in content and "data-me-mode" in content
    assert 'id="me-question"' in content and "data-read-aloud-target" in content
    assert "How did Sam take part?" not in content
    response = client.post(me_url(review), {"starter": "I love…", "text": "Swimming", "symbol": "1F3CA"})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.text == "I love swimming" and statement.symbol == "1F3CA"
    assert statement.by_the_person and statement.voice == Statement.Voice.OWN and not statement.draft
    assert "I love swimming" in page(client.get(me_url(review)))


def test_aisha_records_what_sam_told_her_as_sams_view(area, signed_in, review):
    client = signed_in(area.aisha)
    assert "They told me…: I am writing down what Sam said" in page(client.get(me_url(review, "challenges")))
    response = client.post(me_url(review, "challenges"), {"text": "Busy corridors", "voice": "told"})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.by_the_person and statement.author == area.aisha and statement.voice == Statement.Voice.TOLD
    assert "Sam told Aisha, who wrote it down" in page(signed_in(area.green).get(so_far_url(review)))


def test_a_wrong_name_in_what_aisha_writes_down_for_sam_is_checked_before_it_is_added(area, signed_in, review):
    client = signed_in(area.aisha)
    told = {"text": "My best friend is Leah", "voice": "told"}
    response = client.post(me_url(review, "working"), told)
    content = page(response)
    assert response.status_code == 200 and not Statement.objects.exists()
    assert "‘Leah’ is not in Sam's circle. Check you have the right child." in content
    assert "It is not added yet." in content and "My best friend is Leah</textarea>" in content
    assert re.search(r'<input[^>]*value="told"[^>]*checked', content)  # how Sam took part is kept too
    assert "Yes, the names are right: add it" in content
    changed = client.post(
        me_url(review, "working"), {**told, "text": "My best friend is Kai", **names_checked_on(response)}
    )
    assert changed.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(changed)
    assert not Statement.objects.exists()
    response = client.post(me_url(review, "working"), {**told, **names_checked_on(response)})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.text == "My best friend is Leah" and statement.voice == Statement.Voice.TOLD


def test_sams_own_easy_form_checks_names_too_and_keeps_his_words_and_picture(area, signed_in, review):
    client = signed_in(area.sam_user)
    mine = {"starter": "I love…", "text": "Playing with Tom", "symbol": "1F3CA"}
    response = client.post(me_url(review), mine)
    content = page(response)
    assert response.status_code == 200 and "‘Tom’ is not in Sam's circle" in content
    assert "Playing with Tom</textarea>" in content and not Statement.objects.exists()
    changed = client.post(me_url(review), {**mine, "text": "Playing with Kai", **names_checked_on(response)})
    assert changed.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(changed)
    assert client.post(me_url(review), {**mine, **names_checked_on(response)}).status_code == 302
    assert Statement.objects.get().symbol == "1F3CA"


def test_an_adult_helping_must_say_how_sam_took_part(area, signed_in, review):
    response = signed_in(area.aisha).post(me_url(review), {"text": "Swimming"})
    assert response.status_code == 400
    assert "Say how Sam took part" in page(response) and not Statement.objects.exists()


def test_someone_who_may_not_record_sams_views_gets_404_on_his_form(area, signed_in, review):
    assert signed_in(area.patel).get(me_url(review)).status_code == 404


def test_an_unknown_question_is_404(area, signed_in, review):
    assert signed_in(area.sam_user).get(me_url(review, "favourite_food")).status_code == 404


# Moving between questions keeps what was typed

TRAIN_MUSEUM = "I love going to the train museum"


def test_pressing_next_with_words_in_the_box_adds_them_then_goes_to_the_next_question(area, signed_in, review):
    client = signed_in(area.sam_user)
    response = client.post(me_url(review), {"text": TRAIN_MUSEUM, "symbol": "1F3CA", "then": "next"})
    assert response.status_code == 302 and response.url == me_url(review, "important_for")
    statement = Statement.objects.get()
    assert statement.text == TRAIN_MUSEUM and statement.symbol == "1F3CA" and statement.question == "important_to"
    assert statement.by_the_person and statement.voice == Statement.Voice.OWN and not statement.draft
    next_page = page(client.get(response.url))
    assert "What do you need to stay well and safe?" in next_page
    assert "Added what you wrote for “What is important to you?”" in next_page
    assert TRAIN_MUSEUM in page(client.get(me_url(review)))


def test_pressing_next_with_an_empty_box_just_goes_on_to_the_next_question(area, signed_in, review):
    response = signed_in(area.sam_user).post(me_url(review), {"text": "  ", "then": "next"})
    assert response.status_code == 302 and response.url == me_url(review, "important_for")
    assert not Statement.objects.exists()


def test_pressing_next_with_only_a_sentence_starter_in_the_box_adds_nothing_and_goes_on(area, signed_in, review):
    response = signed_in(area.sam_user).post(me_url(review), {"starter": "I love…", "text": "I love ", "then": "next"})
    assert response.status_code == 302 and response.url == me_url(review, "important_for")
    assert not Statement.objects.exists()


def test_pressing_back_with_words_in_the_box_adds_them_then_goes_to_the_question_before(area, signed_in, review):
    client = signed_in(area.sam_user)
    response = client.post(
        me_url(review, "working"), {"starter": "I like it that…", "text": "Art club", "then": "previous"}
    )
    assert response.status_code == 302 and response.url == me_url(review, "important_for")
    statement = Statement.objects.get()
    assert statement.text == "I like it that art club" and statement.question == "working"


def test_pressing_finished_on_the_last_question_adds_the_words_then_goes_to_the_review(area, signed_in, review):
    response = signed_in(area.sam_user).post(me_url(review, "challenges"), {"text": "Loud halls", "then": "finished"})
    assert response.status_code == 302 and response.url == reverse("reviews:detail", args=[review.pk])
    assert Statement.objects.get().text == "Loud halls"


def test_next_with_words_too_long_stays_on_the_question_with_the_error_and_keeps_the_words(area, signed_in, review):
    words = "I love trains " * 25
    response = signed_in(area.sam_user).post(me_url(review), {"text": words, "symbol": "1F3CA", "then": "next"})
    content = page(response)
    assert response.status_code == 400 and not Statement.objects.exists()
    assert "What is important to you?" in content and "Make it 300 characters or fewer" in content
    assert " ".join(words.split()) in content
    assert re.search(r'<input[^>]*value="1F3CA"[^>]*checked', content)  # the picture is kept too


def test_next_with_a_wrong_name_stops_to_check_the_names_just_as_add_it_does(area, signed_in, review):
    client = signed_in(area.sam_user)
    mine = {"text": "Playing with Tom", "symbol": "1F3CA"}
    response = client.post(me_url(review), {**mine, "then": "next"})
    content = page(response)
    assert response.status_code == 200 and "‘Tom’ is not in Sam's circle" in content
    assert "It is not added yet." in content and "Playing with Tom</textarea>" in content
    assert not Statement.objects.exists()
    again = client.post(me_url(review), {**mine, "then": "next"})  # pressing Next again does not skip the check
    assert again.status_code == 200 and not Statement.objects.exists()
    assert '<input type="hidden" name="then" value="next">' in response.content.decode()  # saying yes goes on
    added = client.post(me_url(review), {**mine, **names_checked_on(response), "then": "next"})
    assert added.status_code == 302 and Statement.objects.get().text == "Playing with Tom"
    assert added.url == me_url(review, "important_for")


def test_an_adult_helping_who_presses_next_must_still_say_how_sam_took_part(area, signed_in, review):
    client = signed_in(area.aisha)
    response = client.post(me_url(review), {"text": "Swimming", "then": "next"})
    assert response.status_code == 400 and not Statement.objects.exists()
    assert "Say how Sam took part" in page(response) and "Swimming</textarea>" in page(response)
    response = client.post(me_url(review), {"text": "Swimming", "voice": "helped", "then": "next"})
    assert response.url == me_url(review, "important_for")
    assert Statement.objects.get().voice == Statement.Voice.HELPED


def test_next_back_and_finished_are_buttons_of_the_form_so_they_work_without_javascript(area, signed_in, review):
    client = signed_in(area.sam_user)
    form = easy_form(page(client.get(me_url(review, "working"))))
    for button in ('name="then" value="previous"', 'name="then" value="next"'):
        assert re.search(rf'<button type="submit" {button}[^>]*class="govuk-button', form)
    last = easy_form(page(client.get(me_url(review, "challenges"))))
    assert 'name="then" value="finished"' in last and 'value="next"' not in last


def test_next_on_a_signed_off_review_goes_on_but_adds_nothing(area, signed_in, review):
    Review.objects.filter(pk=review.pk).update(signed_off_at=timezone.now(), signed_off_by=area.green)
    client = signed_in(area.sam_user)
    assert client.post(me_url(review), {"then": "next"}).url == me_url(review, "important_for")
    response = client.post(me_url(review), {"text": TRAIN_MUSEUM, "then": "next"})
    assert response.url == reverse("reviews:detail", args=[review.pk]) and not Statement.objects.exists()


@pytest.mark.parametrize("outsider", ["black", "priya"])
def test_outsiders_pressing_next_on_sams_form_get_404(area, signed_in, review, outsider):
    client = signed_in(getattr(area, outsider))
    assert client.post(me_url(review), {"then": "next"}).status_code == 404
    assert client.post(me_url(review), {"text": "x", "then": "next"}).status_code == 404
    assert not Statement.objects.exists()


# Who has sent their views


def test_the_coordinator_sees_who_has_sent_views_and_who_has_not(area, signed_in, review):
    contributions.save_views(review, author=area.aisha, answers={"working": "Swimming club"}, send=True)
    contributions.save_views(review, author=area.jo, answers={"working": "Half written"}, send=False)
    content = page(signed_in(area.green).get(so_far_url(review)))
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in content.split('<th scope="row"')[1:]}
    assert "Sent" in rows["Aisha"]
    assert "Not yet" in rows["Jo Evans"] and "Not yet" in rows["Sam"]
    assert "Swimming club" in content and "Half written" not in content


def test_invitees_are_the_list_when_the_review_has_them(area, signed_in, review):
    Invitee.objects.create(review=review, user=area.patel, name="Dr Patel", email="patel@nhs.example", role="SALT")
    contributions.save_views(review, author=area.patel, answers={"strengths": "Funny"}, send=True)
    content = page(signed_in(area.green).get(so_far_url(review)))
    assert "Dr Patel" in content and "Sent" in content and "Jo Evans" not in content


def test_sams_own_views_come_first_with_who_helped(area, signed_in, review):
    StatementFactory(review=review, question="working", text="From Ms Green", author=area.green)
    contributions.add_person_statement(
        review, by=area.aisha, question="working", text="Swimming", symbol="", voice=Statement.Voice.HELPED
    )
    content = page(signed_in(area.green).get(so_far_url(review)))
    assert content.index("Swimming") < content.index("From Ms Green")
    assert "Sam, helped by Aisha" in content


def test_the_views_so_far_page_takes_the_same_queries_however_many_statements(area, signed_in, review, queries_to_show):
    client = signed_in(area.green)
    StatementFactory(review=review, author=area.aisha)
    few = queries_to_show(client, so_far_url(review))
    for author in (area.patel, area.jo, area.green, area.sam_user):
        StatementFactory.create_batch(3, review=review, author=author, question="strengths")
    contributions.add_person_statement(review, by=area.aisha, question="working", text="Pool", symbol="", voice="told")
    assert queries_to_show(client, so_far_url(review)) == few


def test_someone_in_the_circle_gets_404_for_views_so_far(area, signed_in, review):
    assert signed_in(area.aisha).get(so_far_url(review)).status_code == 404


def test_jo_facilitating_though_not_the_coordinator_sees_who_has_sent_views_and_others_in_the_circle_do_not(
    area, signed_in
):
    review = ReviewFactory(person=area.sam, facilitator=area.jo)
    contributions.save_views(review, author=area.aisha, answers={"working": "Swimming club"}, send=True)
    response = signed_in(area.jo).get(so_far_url(review))
    assert response.status_code == 200 and "Swimming club" in page(response)
    assert so_far_url(review) in page(signed_in(area.jo).get(reverse("reviews:detail", args=[review.pk])))
    for who in (area.aisha, area.patel):
        assert signed_in(who).get(so_far_url(review)).status_code == 404
        assert so_far_url(review) not in page(signed_in(who).get(reverse("reviews:detail", args=[review.pk])))


def test_sam_is_on_the_list_of_who_has_sent_views_even_when_he_was_not_invited(area, signed_in, review):
    Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum")
    content = page(signed_in(area.green).get(so_far_url(review)))
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in content.split('<th scope="row"')[1:]}
    assert list(rows) == ["Sam", "Aisha"]
    assert "The person themselves" in rows["Sam"] and "Not yet" in rows["Sam"]
    contributions.add_person_statement(review, by=area.aisha, question="working", text="Pool", symbol="", voice="told")
    content = page(signed_in(area.green).get(so_far_url(review)))
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in content.split('<th scope="row"')[1:]}
    assert "Sent" in rows["Sam"] and "Not yet" in rows["Aisha"]


# Outsiders


@pytest.mark.parametrize("outsider", ["black", "priya"])
def test_outsiders_get_404_for_every_page_before_the_meeting(area, signed_in, review, outsider):
    client = signed_in(getattr(area, outsider))
    for url in (my_views_url(review), me_url(review), so_far_url(review)):
        assert client.get(url).status_code == 404
        assert client.post(url, {**SEND, "working": "x", "text": "x", "voice": "told"}).status_code == 404
    assert not Statement.objects.exists()


def test_the_review_page_links_to_giving_views_and_for_the_coordinator_to_views_so_far(area, signed_in, review):
    detail = reverse("reviews:detail", args=[review.pk])
    content = signed_in(area.green).get(detail).content.decode()
    assert my_views_url(review) in content and so_far_url(review) in content
    content = signed_in(area.patel).get(detail).content.decode()
    assert my_views_url(review) in content and so_far_url(review) not in content


def test_sending_views_marks_an_invitee_as_having_responded(area, review):
    invitee = Invitee.objects.create(review=review, user=area.jo, name="Jo Evans", email=area.jo.email)
    contributions.save_views(review, author=area.jo, answers={"working": "Draft only"}, send=False)
    invitee.refresh_from_db()
    assert invitee.responded_at is None
    contributions.save_views(review, author=area.jo, answers={"working": "Sent"}, send=True)
    invitee.refresh_from_db()
    assert invitee.responded_at is not None


def test_a_therapist_in_the_circle_is_refused_sams_own_form_and_the_refusal_is_recorded(area, signed_in, review):
    from audit.models import AuditEvent

    assert signed_in(area.patel).get(me_url(review)).status_code == 404
    assert AuditEvent.objects.filter(user=area.patel, action=AuditEvent.Action.REFUSED).exists()
    assert not AuditEvent.objects.filter(user=area.patel, action=AuditEvent.Action.VIEWED).exists()


def test_views_added_on_the_meeting_board_count_as_a_reply(area, signed_in, review):
    invitee = Invitee.objects.create(review=review, user=area.jo, name="Jo Evans", email=area.jo.email)
    signed_in(area.jo).post(
        reverse("reviews:board_add", args=[review.pk]), {"question": "working", "text": "Sam is settled"}
    )
    invitee.refresh_from_db()
    assert invitee.responded_at is not None


def test_when_his_mum_writes_down_sams_views_sam_counts_as_having_replied(area, signed_in, review):
    invitee = Invitee.objects.create(review=review, user=area.sam_user, name="Sam", email=area.sam_user.email)
    signed_in(area.aisha).post(me_url(review), {"text": "Swimming", "voice": "told"})
    invitee.refresh_from_db()
    assert invitee.responded_at is not None


def test_the_review_page_says_when_an_adult_wrote_down_sams_words(area, signed_in, review):
    signed_in(area.aisha).post(me_url(review), {"text": "Swimming", "voice": "told"})
    content = page(signed_in(area.green).get(reverse("reviews:detail", args=[review.pk])))
    assert "Sam told Aisha, who wrote it down" in content
    assert "Sam's own words" not in content


def test_a_name_written_in_another_alphabets_letters_is_flagged_too(area, review):
    flags = names_to_check("Sam sits next to Zoë and Siân at lunch.", review, area.aisha)
    assert [flag.found for flag in flags] == ["Zoë", "Siân"]


def test_checking_six_answers_loads_what_names_are_checked_against_once(area, review, django_assert_max_num_queries):
    from reviews.names import names_in

    with django_assert_max_num_queries(4):
        names_in([f"Sam and Tom, answer {n}" for n in range(6)], review, area.green)


def test_each_answer_box_says_how_much_it_holds(area, signed_in, review):
    content = page(signed_in(area.patel).get(my_views_url(review)))
    assert content.count('data-module="govuk-character-count" data-maxlength="1000"') == 6
    assert "You can enter up to 1000 characters" in content
