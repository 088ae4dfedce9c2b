"""The meeting board: six areas, live on every screen, changed by the facilitator and added to from
phones; two people never overwrite each other; who took part; outcomes and actions agreed."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ReviewFactory, StatementFactory, date_parts
from plans.models import Action, Outcome
from reviews import board
from reviews import record as records
from reviews.locking import RecordLocked
from reviews.models import Invitee, Review, Statement


@pytest.fixture
def review(area):
    return ReviewFactory(person=area.sam, facilitator=area.green)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def page(response):
    return html.unescape(response.content.decode())


def names_checked_on(response):
    """What "Yes, the names are right" sends back from the form in ``response``: the fingerprint of
    exactly the words whose names it showed to check."""
    found = re.search(r'name="names_checked_for" value="([0-9a-f]+)"', response.content.decode())
    return {"names_checked": "1", "names_checked_for": found.group(1)}


def board_url(review):
    return reverse("reviews:board", args=[review.pk])


def updates_url(review, seen):
    return reverse("reviews:board_updates", args=[review.pk]) + f"?seen={seen}"


def test_the_board_shows_the_six_questions_with_sams_own_statements_first(area, review):
    StatementFactory(review=review, question="working", text="Lunch club is going well", author=area.aisha)
    StatementFactory(
        review=review, question="working", text="I like my new table", author=area.sam_user, by_the_person=True
    )
    content = page(client_for(area.green).get(board_url(review)))
    assert "What is working in Sam's life?" in content and "What are the challenges in Sam's life?" in content
    assert content.index("I like my new table") < content.index("Lunch club is going well")
    assert "Sam's own words" in content and "Aisha (Mum)" in content


def test_the_board_shows_sams_published_profile_beside_the_questions(area, review):
    from profiles.models import Profile
    from profiles.operations import add_statement, publish_profile

    profile = Profile.objects.get_or_create(person=area.sam)[0]
    add_statement(profile, by=area.sam_user, heading="admire", text="I know every train timetable")
    publish_profile(profile, by=area.sam_user)
    content = page(client_for(area.patel).get(board_url(review)))
    assert "Sam's one-page profile" in content and "I know every train timetable" in content


def test_a_participant_adds_from_their_phone_and_it_joins_the_board(area, review):
    response = client_for(area.patel).post(
        reverse("reviews:board_add", args=[review.pk]),
        {"question": "strengths", "text": "Sam explains trains brilliantly"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#add")
    statement = Statement.objects.get()
    assert statement.author == area.patel and statement.added_at_meeting and not statement.by_the_person
    assert area.patel in review.participants.all()


def test_every_screen_sees_a_new_statement_at_its_next_ask_and_nothing_is_sent_when_nothing_changed(area, review):
    projector = client_for(area.green)
    seen = Review.objects.get(pk=review.pk).board_version
    assert projector.get(updates_url(review, seen)).status_code == 204
    client_for(area.aisha).post(
        reverse("reviews:board_add", args=[review.pk]), {"question": "important_to", "text": "Swimming on Fridays"}
    )
    response = projector.get(updates_url(review, seen))
    assert response.status_code == 200 and "Swimming on Fridays" in page(response)
    newer = Review.objects.get(pk=review.pk).board_version
    assert newer > seen and f"seen={newer}" in page(response)
    assert projector.get(updates_url(review, newer)).status_code == 204


def test_asking_whether_anything_changed_is_not_recorded_but_seeing_the_change_is(area, review):
    projector = client_for(area.green)
    seen = Review.objects.get(pk=review.pk).board_version
    before = AuditEvent.objects.count()
    for _ in range(3):
        projector.get(updates_url(review, seen))
    assert AuditEvent.objects.count() == before
    board.add_to_board(review, by=area.aisha, question="working", text="Homework club")
    projector.get(updates_url(review, seen))
    assert AuditEvent.objects.filter(user=area.green, action="viewed", what__contains="as it changed").count() == 1


def test_the_facilitator_writes_down_sams_own_words_said_in_the_meeting(area, review):
    said = {"question": "important_to", "text": "My dog Biscuit", "persons_own_words": "on"}
    asked = client_for(area.green).post(reverse("reviews:board_add", args=[review.pk]), said)
    client_for(area.green).post(reverse("reviews:board_add", args=[review.pk]), {**said, **names_checked_on(asked)})
    statement = Statement.objects.get()
    assert statement.by_the_person and statement.voice == Statement.Voice.TOLD and statement.author == area.green


def test_sams_words_written_down_by_his_mum_at_the_meeting_count_as_his_reply_not_hers(area, review):
    sam = Invitee.objects.create(review=review, user=area.sam_user, name="Sam", email=area.sam_user.email)
    mum = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email)
    board.add_to_board(review, by=area.aisha, question="working", text="I like art club", persons_own_words=True)
    sam.refresh_from_db()
    mum.refresh_from_db()
    assert sam.responded_at is not None and mum.responded_at is None


def test_a_name_that_may_be_another_childs_is_checked_before_it_goes_on_the_board(area, review):
    patel = client_for(area.patel)
    said = {"question": "strengths", "text": "Sam and Tom built a model railway"}
    response = patel.post(reverse("reviews:board_add", args=[review.pk]), said)
    content = page(response)
    assert response.status_code == 200 and not Statement.objects.exists()
    assert "‘Tom’ is not in Sam's circle. Check you have the right child." in content
    assert "It is not on the board yet." in content and "Sam and Tom built a model railway</textarea>" in content
    assert 'name="names_checked" value="1"' in content and "Yes, the names are right: add it to the board" in content
    assert reverse("reviews:board_add", args=[review.pk]) + "#add" in content  # opens where the check is

    again = patel.post(reverse("reviews:board_add", args=[review.pk]), said, HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and "Check the names" in page(again)  # htmx swaps a 200, not a 400
    assert not Statement.objects.exists()

    response = patel.post(reverse("reviews:board_add", args=[review.pk]), {**said, **names_checked_on(again)})
    assert response.status_code == 302
    assert Statement.objects.get().text == "Sam and Tom built a model railway"


def test_changing_a_statement_checks_only_names_that_were_not_there_before(area, review):
    statement = StatementFactory(review=review, question="working", text="Lunch with Tom", author=area.patel)
    url = reverse("reviews:board_change", args=[statement.pk])
    kept_name = {"text": "Lunch club with Tom", "question": "working", "version": 1}
    assert client_for(area.green).post(url, kept_name).status_code == 302  # Tom was checked when it was added
    new_name = {"text": "Lunch club with Tom and Leah", "question": "working", "version": 2}
    response = client_for(area.green).post(url, new_name)
    content = page(response)
    assert response.status_code == 200 and "‘Leah’ is the name of another young person" in content
    assert "Tom’" not in content and "The change is not saved yet." in content
    assert Statement.objects.get(pk=statement.pk).text == "Lunch club with Tom"
    assert client_for(area.green).post(url, {**new_name, **names_checked_on(response)}).status_code == 302
    assert Statement.objects.get(pk=statement.pk).text == "Lunch club with Tom and Leah"


def test_merged_words_with_a_new_name_are_checked_before_they_are_merged(area, review):
    kept = StatementFactory(review=review, question="strengths", text="Sam is kind", author=area.aisha)
    other = StatementFactory(review=review, question="strengths", text="Sam helps others", author=area.patel)
    data = {
        "others": [str(other.pk)],
        "text": "Sam is kind and helps Kai",
        f"version_{kept.pk}": 1,
        f"version_{other.pk}": 1,
    }
    url = reverse("reviews:board_merge", args=[kept.pk])
    response = client_for(area.green).post(url, data)
    content = page(response)
    assert response.status_code == 200 and "‘Kai’ is not in Sam's circle" in content
    assert "Nothing is merged yet." in content and "Sam is kind and helps Kai</textarea>" in content
    assert Statement.objects.get(pk=other.pk).merged_into is None
    assert client_for(area.green).post(url, {**data, **names_checked_on(response)}).status_code == 302
    assert Statement.objects.get(pk=other.pk).merged_into_id == kept.pk


def test_yes_the_names_are_right_on_the_board_does_not_skip_the_check_of_words_changed_since(area, review):
    patel = client_for(area.patel)
    add = reverse("reviews:board_add", args=[review.pk])
    said = {"question": "strengths", "text": "Sam and Tom built a model railway"}
    asked = patel.post(add, said)
    changed = {**said, "text": "Sam and Kai built a model railway", **names_checked_on(asked)}
    response = patel.post(add, changed)
    assert response.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(response)
    assert not Statement.objects.exists()
    assert patel.post(add, {**said, "names_checked": "1"}).status_code == 200  # no fingerprint: checked
    assert not Statement.objects.exists()
    assert patel.post(add, {**changed, **names_checked_on(response)}).status_code == 302
    assert Statement.objects.get().text == "Sam and Kai built a model railway"


def test_yes_the_names_are_right_on_a_change_does_not_skip_the_check_of_words_changed_since(area, review):
    statement = StatementFactory(review=review, question="working", text="Lunch club", author=area.patel)
    url = reverse("reviews:board_change", args=[statement.pk])
    asked = client_for(area.green).post(url, {"text": "Lunch club with Leah", "question": "working", "version": 1})
    changed = {"text": "Lunch club with Kai", "question": "working", "version": 1, **names_checked_on(asked)}
    response = client_for(area.green).post(url, changed)
    assert response.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(response)
    assert Statement.objects.get(pk=statement.pk).text == "Lunch club"


def test_yes_the_names_are_right_on_a_merge_does_not_skip_the_check_of_words_changed_since(area, review):
    kept = StatementFactory(review=review, question="strengths", text="Sam is kind", author=area.aisha)
    other = StatementFactory(review=review, question="strengths", text="Sam helps others", author=area.patel)
    data = {"others": [str(other.pk)], f"version_{kept.pk}": 1, f"version_{other.pk}": 1}
    url = reverse("reviews:board_merge", args=[kept.pk])
    asked = client_for(area.green).post(url, {**data, "text": "Sam is kind and helps Leah"})
    response = client_for(area.green).post(
        url, {**data, "text": "Sam is kind and helps Kai", **names_checked_on(asked)}
    )
    assert response.status_code == 200 and "‘Kai’ is not in Sam's circle" in page(response)
    assert Statement.objects.get(pk=other.pk).merged_into is None


def test_a_therapist_cannot_mark_their_words_as_sams_own(area, review):
    client_for(area.patel).post(
        reverse("reviews:board_add", args=[review.pk]),
        {"question": "important_to", "text": "Quiet spaces", "persons_own_words": "on"},
    )
    assert not Statement.objects.get().by_the_person


def test_an_empty_statement_gets_a_message_that_says_what_to_do_and_keeps_the_question(area, review):
    response = client_for(area.aisha).post(
        reverse("reviews:board_add", args=[review.pk]), {"question": "working", "text": ""}
    )
    content = page(response)
    assert response.status_code == 400
    assert "There is a problem" in content and "Write what was said" in content
    assert re.search(r'value="working"[^>]*checked', content)
    assert not Statement.objects.exists()


def test_the_facilitator_changes_a_statements_words_and_moves_it_to_another_question(area, review):
    statement = StatementFactory(review=review, question="working", text="Sam struggles at lunch", author=area.aisha)
    response = client_for(area.green).post(
        reverse("reviews:board_change", args=[statement.pk]),
        {"text": "Lunchtimes are hard for Sam", "question": "challenges", "version": statement.version},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Lunchtimes are hard for Sam" and statement.question == "challenges"
    assert statement.edited_by == area.green and statement.version == 2 and statement.author == area.aisha


def test_the_facilitator_moves_sams_own_words_but_cannot_give_them_other_words(area, review):
    own = StatementFactory(
        review=review, question="working", text="I like art club", author=area.sam_user, by_the_person=True
    )
    facilitator = client_for(area.green)
    shown = page(facilitator.get(reverse("reviews:board_change", args=[own.pk])))
    assert "These are Sam's own words, so they stay as Sam said them" in shown
    reworded = facilitator.post(
        reverse("reviews:board_change", args=[own.pk]),
        {"text": "Sam enjoys art club", "question": "working", "version": own.version},
    )
    assert reworded.status_code == 400
    assert "only Sam, or whoever wrote them down, can change them" in page(reworded)
    assert 'value="Sam enjoys art club"' in page(reworded) or "Sam enjoys art club" in page(reworded)  # kept
    own.refresh_from_db()
    assert own.text == "I like art club"
    moved = facilitator.post(
        reverse("reviews:board_change", args=[own.pk]),
        {"text": "I like art club", "question": "strengths", "version": own.version},
    )
    assert moved.status_code == 302
    own.refresh_from_db()
    assert (own.text, own.question) == ("I like art club", "strengths")


def test_sam_and_whoever_wrote_his_words_down_may_correct_them(area, review):
    told = board.add_to_board(review, by=area.aisha, question="working", text="I like art clup", persons_own_words=True)
    board.change_statement(told, by=area.aisha, text="I like art club", question="working", seen_version=told.version)
    told.refresh_from_db()
    assert told.text == "I like art club" and told.by_the_person
    own = StatementFactory(
        review=review, question="working", text="I lik swimming", author=area.sam_user, by_the_person=True
    )
    board.change_statement(own, by=area.sam_user, text="I like swimming", question="working", seen_version=own.version)
    own.refresh_from_db()
    assert own.text == "I like swimming"
    with pytest.raises(board.OwnWordsKept):
        board.change_statement(own, by=area.patel, text="Sam swims", question="working", seen_version=own.version)


def test_the_second_of_two_people_changing_the_same_statement_is_refused_and_shown_the_newer_words(area, review):
    statement = StatementFactory(review=review, question="working", text="Sam likes lunch club", author=area.aisha)
    opened = statement.version
    first = client_for(area.green).post(
        reverse("reviews:board_change", args=[statement.pk]),
        {"text": "Sam enjoys lunch club on Tuesdays", "question": "working", "version": opened},
    )
    assert first.status_code == 302
    second = client_for(area.aisha).post(
        reverse("reviews:board_change", args=[statement.pk]),
        {"text": "Sam loves lunch club", "question": "working", "version": opened},
    )
    content = page(second)
    assert second.status_code == 409
    assert "Ms Green changed this statement while you were changing it" in content
    assert "Sam enjoys lunch club on Tuesdays" in content  # the newer words, shown
    assert "Sam loves lunch club" in content  # and what they typed, kept
    statement.refresh_from_db()
    assert statement.text == "Sam enjoys lunch club on Tuesdays"
    # Having seen the newer words, saving again is a knowing choice.
    third = client_for(area.aisha).post(
        reverse("reviews:board_change", args=[statement.pk]),
        {"text": "Sam loves lunch club", "question": "working", "version": statement.version},
    )
    assert third.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Sam loves lunch club"


def test_a_circle_member_changes_their_own_statement_but_not_someone_elses(area, review):
    mine = StatementFactory(review=review, author=area.patel)
    theirs = StatementFactory(review=review, author=area.aisha)
    patel = client_for(area.patel)
    assert patel.get(reverse("reviews:board_change", args=[mine.pk])).status_code == 200
    assert patel.get(reverse("reviews:board_change", args=[theirs.pk])).status_code == 404
    assert patel.get(reverse("reviews:board_merge", args=[mine.pk])).status_code == 404


def test_merging_keeps_everyone_who_said_it(area, review):
    kept = StatementFactory(review=review, question="strengths", text="Sam is kind", author=area.aisha)
    other = StatementFactory(review=review, question="strengths", text="Sam helps others", author=area.patel)
    response = client_for(area.green).post(
        reverse("reviews:board_merge", args=[kept.pk]),
        {
            "others": [str(other.pk)],
            "text": "Sam is kind and helps others",
            f"version_{kept.pk}": kept.version,
            f"version_{other.pk}": other.version,
        },
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.text == "Sam is kind and helps others" and other.merged_into == kept
    content = page(client_for(area.green).get(board_url(review)))
    assert "Sam helps others" not in content and "also said by Dr Patel" in content


def _important_to_with_sams_and_aishas_words(area, review):
    hers = StatementFactory(review=review, question="important_to", text="Swimming club", author=area.aisha)
    his = StatementFactory(
        review=review,
        question="important_to",
        text="Swimming with my friend Leo",
        author=area.sam_user,
        by_the_person=True,
    )
    return hers, his


def _own_words_in_section_a(review):
    parts = records.section_a(records.build_record(review))
    return [i["text"] for p in parts if p["heading"] == "What is important to me" for i in p["items"]]


def test_merging_sams_own_words_into_aishas_is_refused_and_they_stay_in_section_a(area, review):
    hers, his = _important_to_with_sams_and_aishas_words(area, review)
    with pytest.raises(board.OwnWordsKept) as refused:
        board.merge_statements(
            hers, [his], by=area.green, text="Swimming club with his friend", seen_versions={hers.pk: 1, his.pk: 1}
        )
    assert str(refused.value) == (
        "Sam's own words stay as Sam said them. Merge them only with other things Sam said, or keep them side by side."
    )
    his.refresh_from_db()
    hers.refresh_from_db()
    assert his.merged_into is None and hers.text == "Swimming club" and hers.version == 1
    assert _own_words_in_section_a(review) == ["Swimming with my friend Leo"]


def test_merging_aishas_words_into_sams_is_refused_so_they_never_become_his_own_words(area, review):
    hers, his = _important_to_with_sams_and_aishas_words(area, review)
    with pytest.raises(board.OwnWordsKept):
        board.merge_statements(
            his,
            [hers],
            by=area.green,
            text="Swimming; he needs a quiet changing room",
            seen_versions={his.pk: 1, hers.pk: 1},
        )
    his.refresh_from_db()
    hers.refresh_from_db()
    assert his.text == "Swimming with my friend Leo" and hers.merged_into is None


def test_the_merge_page_offers_only_statements_of_the_same_kind_and_says_why(area, review):
    hers, his = _important_to_with_sams_and_aishas_words(area, review)
    patels = StatementFactory(review=review, question="important_to", text="The pool", author=area.patel)
    content = page(client_for(area.green).get(reverse("reviews:board_merge", args=[hers.pk])))
    assert f'value="{patels.pk}"' in content and f'value="{his.pk}"' not in content
    assert "Sam's own words are not listed: they stay as Sam said them." in content
    assert "Merge them only with other things Sam said, or keep them side by side." in content
    content = page(client_for(area.green).get(reverse("reviews:board_merge", args=[his.pk])))
    assert "There is nothing under this question to merge it with." in content
    assert f'value="{hers.pk}"' not in content and 'name="others"' not in content


def test_a_merge_mixing_sams_words_with_aishas_from_a_stale_page_is_refused_with_what_to_do(area, review):
    hers, his = _important_to_with_sams_and_aishas_words(area, review)
    for kept, other in ((hers, his), (his, hers)):
        response = client_for(area.green).post(
            reverse("reviews:board_merge", args=[kept.pk]),
            {"others": [str(other.pk)], "text": "Swimming", f"version_{kept.pk}": 1, f"version_{other.pk}": 1},
        )
        content = page(response)
        assert response.status_code == 400 and "There is a problem" in content
        assert "Sam's own words stay as Sam said them. Merge them only with other things Sam said" in content
    assert not Statement.objects.exclude(merged_into=None).exists()
    assert {s.text for s in Statement.objects.all()} == {"Swimming club", "Swimming with my friend Leo"}


def test_merging_things_sam_said_keeps_his_words_as_he_said_them_with_or_without_new_words_sent(area, review):
    his = StatementFactory(
        review=review, question="important_to", text="Swimming", author=area.sam_user, by_the_person=True
    )
    told = StatementFactory(
        review=review,
        question="important_to",
        text="Going to the pool",
        author=area.aisha,
        by_the_person=True,
        voice=Statement.Voice.TOLD,
    )
    url = reverse("reviews:board_merge", args=[his.pk])
    content = page(client_for(area.green).get(url))
    assert "These are Sam's own words, so they stay as Sam said them" in content
    assert 'name="text"' not in content and f'value="{told.pk}"' in content
    response = client_for(area.green).post(
        url,
        {"others": [str(told.pk)], "text": "Sam likes swimming", f"version_{his.pk}": 1, f"version_{told.pk}": 1},
    )
    assert response.status_code == 302
    his.refresh_from_db()
    told.refresh_from_db()
    assert his.text == "Swimming" and his.by_the_person and his.author == area.sam_user
    assert told.merged_into == his
    assert "Sam's own words</p>" in page(client_for(area.green).get(board_url(review)))


def test_merging_things_sam_said_under_new_words_is_refused(area, review):
    his = StatementFactory(
        review=review, question="important_to", text="Swimming", author=area.sam_user, by_the_person=True
    )
    again = StatementFactory(
        review=review, question="important_to", text="Swim", author=area.sam_user, by_the_person=True
    )
    with pytest.raises(board.OwnWordsKept) as refused:
        board.merge_statements(
            his, [again], by=area.green, text="Sam enjoys swimming", seen_versions={his.pk: 1, again.pk: 1}
        )
    assert "merge from that statement instead" in str(refused.value)
    his.refresh_from_db()
    again.refresh_from_db()
    assert his.text == "Swimming" and again.merged_into is None


def test_the_board_offers_merge_only_where_there_is_another_statement_of_the_same_kind(area, review):
    hers, his = _important_to_with_sams_and_aishas_words(area, review)
    content = page(client_for(area.green).get(board_url(review)))
    assert reverse("reviews:board_merge", args=[hers.pk]) not in content
    assert reverse("reviews:board_merge", args=[his.pk]) not in content
    patels = StatementFactory(review=review, question="important_to", text="The pool", author=area.patel)
    content = page(client_for(area.green).get(board_url(review)))
    assert reverse("reviews:board_merge", args=[hers.pk]) in content
    assert reverse("reviews:board_merge", args=[patels.pk]) in content
    assert reverse("reviews:board_merge", args=[his.pk]) not in content


def test_a_merge_from_an_out_of_date_board_is_refused_and_merges_nothing(area, review):
    kept = StatementFactory(review=review, question="strengths", text="Sam is kind", author=area.aisha)
    other = StatementFactory(review=review, question="strengths", text="Sam helps", author=area.patel)
    board.change_statement(other, by=area.patel, text="Sam helps younger pupils", question="strengths", seen_version=1)
    response = client_for(area.green).post(
        reverse("reviews:board_merge", args=[kept.pk]),
        {"others": [str(other.pk)], "text": "Sam is kind", f"version_{kept.pk}": 1, f"version_{other.pk}": 1},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into is None and other.text == "Sam helps younger pupils"


def test_only_statements_under_the_same_question_can_be_merged(area, review):
    kept = StatementFactory(review=review, question="strengths", author=area.aisha)
    elsewhere = StatementFactory(review=review, question="working", author=area.patel)
    response = client_for(area.green).post(
        reverse("reviews:board_merge", args=[kept.pk]),
        {"others": [str(elsewhere.pk)], "text": "Both", f"version_{kept.pk}": 1, f"version_{elsewhere.pk}": 1},
    )
    assert response.status_code == 400 and "Choose statements shown under this question" in page(response)


def test_the_facilitator_records_who_took_part_and_how_sam_did(area, review):
    mum = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum")
    therapist = Invitee.objects.create(
        review=review, user=area.patel, name="Dr Patel", email=area.patel.email, role="Speech and language therapist"
    )
    response = client_for(area.green).post(
        reverse("reviews:attendance", args=[review.pk]),
        {
            f"invitee_{mum.pk}": "in_person",
            f"invitee_{therapist.pk}": "views_only",
            "person_took_part": "part",
            "person_took_part_note": "Used his picture cards",
        },
    )
    assert response.status_code == 302
    mum.refresh_from_db()
    review.refresh_from_db()
    assert mum.took_part == "in_person" and review.person_took_part == "part"
    assert review.person_took_part_note == "Used his picture cards"
    assert {area.aisha, area.patel} <= set(review.participants.all())
    content = page(client_for(area.jo).get(reverse("reviews:detail", args=[review.pk])))
    assert "came to part of the meeting" in content and "Aisha (Mum): in person" in content


def test_the_who_took_part_page_asks_how_sam_took_part_once_and_his_invitation_says_the_same(area, review):
    from reviews import planning

    planning.invite_circle(review, by=area.green)
    sam = Invitee.objects.get(review=review, user=area.sam_user)
    aisha = Invitee.objects.get(review=review, user=area.aisha)
    url = reverse("reviews:attendance", args=[review.pk])
    content = page(client_for(area.green).get(url))
    assert "How did Sam take part?" in content
    assert f'name="invitee_{sam.pk}"' not in content and f'name="invitee_{aisha.pk}"' in content
    for answer, recorded in [("whole", "in_person"), ("online", "online"), ("someone_spoke", "views_only")]:
        # A stale form naming Sam's invitation is not asked about him again: his answer above decides.
        response = client_for(area.green).post(
            url, {"person_took_part": answer, f"invitee_{sam.pk}": "no", f"invitee_{aisha.pk}": "in_person"}
        )
        assert response.status_code == 302
        sam.refresh_from_db()
        assert sam.took_part == recorded
    assert area.sam_user in review.participants.all()
    client_for(area.green).post(url, {"person_took_part": "not_at_all"})
    sam.refresh_from_db()
    assert sam.took_part == "no" and area.sam_user not in review.participants.all()
    content = page(client_for(area.green).get(reverse("reviews:detail", args=[review.pk])))
    assert "Sam: did not take part" in content and "Sam (The person themselves)" not in content


def test_recording_who_took_part_passes_over_someone_taken_off_the_list_meanwhile(area, review):
    jo = Invitee.objects.create(review=review, user=area.jo, name="Jo Evans", email=area.jo.email)
    aisha = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email)
    answers = {jo.pk: "in_person", aisha.pk: "online"}
    jo.delete()  # taken off the invitations while the facilitator had the page open
    board.record_attendance(review, by=area.green, took_part=answers, person_took_part="whole")
    aisha.refresh_from_db()
    assert aisha.took_part == "online" and area.jo not in review.participants.all()


def test_someone_who_did_not_take_part_cannot_be_given_an_action(area, review):
    absent = Invitee.objects.create(review=review, user=area.jo, name="Jo Evans", email=area.jo.email)
    client_for(area.green).post(reverse("reviews:attendance", args=[review.pk]), {f"invitee_{absent.pk}": "no"})
    assert area.jo not in review.participants.all()


def test_only_whoever_runs_the_meeting_records_who_took_part(area, review):
    assert client_for(area.aisha).get(reverse("reviews:attendance", args=[review.pk])).status_code == 404
    assert AuditEvent.objects.filter(user=area.aisha, action="refused").exists()


def test_a_facilitator_from_the_circle_who_is_not_the_coordinator_runs_the_board(area):
    review = ReviewFactory(person=area.sam, facilitator=area.jo)
    statement = StatementFactory(review=review, author=area.aisha)
    jo = client_for(area.jo)
    assert jo.get(reverse("reviews:attendance", args=[review.pk])).status_code == 200
    assert jo.get(reverse("reviews:board_change", args=[statement.pk])).status_code == 200


def test_outcomes_and_actions_are_agreed_on_the_board(area, review):
    review.participants.add(area.aisha)
    green = client_for(area.green)
    green.post(
        reverse("reviews:board_add_outcome", args=[review.pk]),
        {
            "outcome-text": "I want to go to the shops on my own",
            "outcome-area": "independent_living",
            "outcome-how_we_will_know": "Sam buys his lunch on his own 3 times",
        },
    )
    outcome = Outcome.objects.get()
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = green.post(
        reverse("reviews:board_add_action", args=[review.pk]),
        {
            "action-owner": area.aisha.pk,
            "action-what": "Practise the walk to the shop each Saturday",
            **date_parts("action-due_by", due),
            "action-outcome": outcome.pk,
            "action-kind": "adult_life",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner == area.aisha and action.outcome == outcome and action.kind == "adult_life"
    assert outcome.area == "independent_living"
    content = page(client_for(area.patel).get(board_url(review)))
    assert "I want to go to the shops on my own" in content and "Practise the walk to the shop each Saturday" in content


def test_an_action_after_the_plan_ends_is_refused_with_a_message(area, review):
    review.participants.add(area.aisha)
    late = timezone.localdate() + datetime.timedelta(days=400)
    response = client_for(area.green).post(
        reverse("reviews:board_add_action", args=[review.pk]),
        {
            "action-owner": area.aisha.pk,
            "action-what": "Something",
            **date_parts("action-due_by", late),
        },
    )
    assert response.status_code == 400 and "An action plan covers up to 6 months" in page(response)
    assert not Action.objects.exists()


def test_circle_members_cannot_add_outcomes_or_actions(area, review):
    aisha = client_for(area.aisha)
    assert aisha.post(reverse("reviews:board_add_outcome", args=[review.pk]), {"outcome-text": "x"}).status_code == 404
    assert aisha.post(reverse("reviews:board_add_action", args=[review.pk]), {}).status_code == 404
    assert not Outcome.objects.exists()


def test_once_the_record_is_signed_off_nothing_on_the_board_changes(area, review):
    statement = StatementFactory(review=review, author=area.aisha)
    Review.objects.filter(pk=review.pk).update(signed_off_at=timezone.now(), signed_off_by=area.green)
    review.refresh_from_db()
    with pytest.raises(RecordLocked):
        board.add_to_board(review, by=area.aisha, question="working", text="Late")
    with pytest.raises(RecordLocked):
        board.change_statement(statement, by=area.green, text="Changed", question="working", seen_version=1)
    response = client_for(area.aisha).post(
        reverse("reviews:board_add", args=[review.pk]), {"question": "working", "text": "Late"}
    )
    assert response.status_code == 302
    assert Statement.objects.count() == 1
    content = page(client_for(area.aisha).get(board_url(review), follow=True))
    assert "hx-trigger" not in content  # a signed-off board no longer asks for changes


def test_outsiders_and_the_planning_lead_are_refused_the_board_and_its_updates(area, review):
    statement = StatementFactory(review=review, author=area.aisha)
    for outsider in (area.black, area.priya):
        client = client_for(outsider)
        assert client.get(board_url(review)).status_code == 404
        assert client.get(updates_url(review, 0)).status_code == 404
        assert (
            client.post(
                reverse("reviews:board_add", args=[review.pk]), {"question": "working", "text": "x"}
            ).status_code
            == 404
        )
        assert client.get(reverse("reviews:board_change", args=[statement.pk])).status_code == 404
    assert Statement.objects.count() == 1


def test_the_board_makes_the_same_number_of_queries_however_much_is_on_it(area, review, queries_to_show):
    client = client_for(area.green)
    review.participants.add(area.aisha)
    StatementFactory(review=review, author=area.aisha)
    few = queries_to_show(client, board_url(review))
    few_updates = queries_to_show(client, updates_url(review, 999))
    for n, author in enumerate([area.patel, area.jo, area.sam_user, area.aisha, area.green] * 4):
        kept = StatementFactory(review=review, author=author, by_the_person=author == area.sam_user)
        if n % 5 == 0:
            StatementFactory(review=review, author=area.patel, merged_into=kept)
    plan = board.plan_for(review)
    outcome = Outcome.objects.create(plan=plan, text="Shops", created_by=area.green)
    for day in range(1, 6):
        Action.objects.create(
            plan=plan,
            owner=area.aisha,
            what=f"Step {day}",
            due_by=timezone.localdate(),
            created_by=area.green,
            outcome=outcome,
        )
    assert queries_to_show(client, board_url(review)) == few
    assert queries_to_show(client, updates_url(review, 999)) == few_updates


def test_the_facilitator_writes_down_what_aisha_said_in_her_name(area, review):
    client_for(area.green).post(
        reverse("reviews:board_add", args=[review.pk]),
        {"question": "working", "text": "The new bus pass has made mornings calmer", "said_by": area.aisha.pk},
    )
    statement = Statement.objects.get()
    assert statement.author == area.aisha and statement.edited_by == area.green
    assert area.aisha in review.participants.all()
    assert "Aisha (Mum)" in page(client_for(area.patel).get(board_url(review)))


def test_only_whoever_runs_the_meeting_writes_in_someone_elses_name(area, review):
    client_for(area.patel).post(
        reverse("reviews:board_add", args=[review.pk]),
        {"question": "working", "text": "Mine", "said_by": area.aisha.pk},
    )
    assert Statement.objects.get().author == area.patel


def test_each_invitees_choices_on_the_who_took_part_page_are_gov_uk_radios(area, review):
    mum = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum")
    content = page(client_for(area.green).get(reverse("reviews:attendance", args=[review.pk])))
    assert re.search(
        rf'<input type="radio" name="invitee_{mum.pk}" value="in_person" class="govuk-radios__input"', content
    )


def test_others_who_added_to_the_board_without_an_invitation_are_asked_about_and_can_be_said_not_to_have_taken_part(
    area, review, django_capture_on_commit_callbacks
):
    from django.core import mail

    from reviews import contributions
    from reviews import record as records
    from reviews.models import ReviewEmail

    aisha = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum")
    ReviewEmail.objects.create(invitee=aisha, kind=ReviewEmail.Kind.INVITATION, send_after=timezone.now())
    board.add_to_board(review, by=area.aisha, question="working", text="Homework club helps")
    board.add_to_board(review, by=area.jo, question="working", text="Sam is settled at home")
    contributions.save_views(review, author=area.patel, answers={"strengths": "Explains trains well"}, send=True)
    url = reverse("reviews:attendance", args=[review.pk])
    content = page(client_for(area.green).get(url))
    others = content.split("Others who added to the board")[1]
    assert "Jo Evans (Social worker)" in others and "Dr Patel (Speech and language therapist)" in others
    assert f'name="invitee_{aisha.pk}"' in content and f'name="invitee_{aisha.pk}"' not in others
    assert re.search(rf'name="member_{area.jo.pk}" value="in_person"[^>]*checked', others)
    assert re.search(rf'name="member_{area.patel.pk}" value="views_only"[^>]*checked', others)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(area.green).post(
            url,
            {
                "person_took_part": "whole",
                f"invitee_{aisha.pk}": "in_person",
                f"member_{area.jo.pk}": "no",
                f"member_{area.patel.pk}": "views_only",
            },
        )
    assert response.status_code == 302
    jo = Invitee.objects.get(review=review, user=area.jo)
    patel = Invitee.objects.get(review=review, user=area.patel)
    assert (jo.took_part, jo.role, patel.took_part) == ("no", "Social worker", "views_only")
    assert not ReviewEmail.objects.filter(invitee__in=[jo, patel]).exists() and mail.outbox == []
    assert area.jo not in review.participants.all() and area.patel in review.participants.all()
    review.refresh_from_db()
    assert [i.name for i in records.record_recipients(review)] == ["Aisha", "Dr Patel", "Sam"]

    content = page(client_for(area.green).get(url))  # still shown apart, with what was saved
    others = content.split("Others who added to the board")[1]
    assert re.search(rf'name="invitee_{jo.pk}" value="no"[^>]*checked', others)
    client_for(area.green).post(url, {"person_took_part": "whole", f"invitee_{jo.pk}": "online"})
    jo.refresh_from_db()
    assert jo.took_part == "online" and area.jo in review.participants.all()


def test_the_who_took_part_page_lists_nobody_apart_when_everyone_on_the_board_was_invited(area, review):
    from reviews import planning

    planning.invite_circle(review, by=area.green)
    Invitee.objects.filter(review=review).update(invited_at=timezone.now())  # their invitations went
    board.add_to_board(review, by=area.jo, question="working", text="Sam is settled at home")
    content = page(client_for(area.green).get(reverse("reviews:attendance", args=[review.pk])))
    assert "Others who added to the board" not in content
    assert f'name="member_{area.jo.pk}"' not in content


def test_the_who_took_part_page_makes_the_same_number_of_queries_however_many_took_part(area, review, queries_to_show):
    client = client_for(area.green)
    url = reverse("reviews:attendance", args=[review.pk])
    board.add_to_board(review, by=area.jo, question="working", text="Settled at home")
    Invitee.objects.create(review=review, name="Ed Psych", email="ed@council.example")
    few = queries_to_show(client, url)
    for user in (area.aisha, area.patel):
        Invitee.objects.create(review=review, user=user, name=user.name, email=user.email, invited_at=timezone.now())
    for author in (area.patel, area.aisha, area.jo):
        board.add_to_board(review, by=author, question="strengths", text="Kind")
    assert queries_to_show(client, url) == few
