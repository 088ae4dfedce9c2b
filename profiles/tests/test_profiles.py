"""Writing the one-page profile: the person is its author, others suggest, every version is kept."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.access import Can, can
from audit.models import AuditEvent
from ourplan.tests.factories import CircleMemberFactory, PersonFactory, ReviewFactory
from people.models import CircleMember
from profiles import operations
from profiles.compare import compare
from profiles.freshness import freshness
from profiles.models import Profile, ProfileStatement, Suggestion


def profile_of(person):
    return Profile.objects.get_or_create(person=person)[0]


def add(client, person, heading="admire", text="I am kind", symbol=""):
    return client.post(
        reverse("profiles:add_statement", args=[person.pk]), {"heading": heading, "text": text, "symbol": symbol}
    )


def texts(person, heading=None):
    statements = profile_of(person).statements.all()
    return [s.text for s in statements if heading is None or s.heading == heading]


# Who writes it


def test_sam_is_the_author_of_his_own_profile_and_everyone_else_suggests(area):
    assert can(area.sam_user, area.sam, Can.EDIT_PROFILE)
    for user in (area.aisha, area.green, area.patel, area.jo):
        assert not can(user, area.sam, Can.EDIT_PROFILE)
        assert can(user, area.sam, Can.SUGGEST)


def test_for_a_young_child_without_an_account_the_parent_is_the_author(area):
    kai = PersonFactory(preferred_name="Kai", coordinator=area.green, local_authority=area.council)
    CircleMemberFactory(person=kai, user=area.aisha, relationship=CircleMember.Relationship.PARENT_CARER)
    assert can(area.aisha, kai, Can.EDIT_PROFILE)
    assert not can(area.green, kai, Can.EDIT_PROFILE)


def test_the_coordinator_writes_it_until_the_person_or_a_parent_joins_the_circle(area):
    ruby = PersonFactory(preferred_name="Ruby", coordinator=area.green, local_authority=area.council)
    assert can(area.green, ruby, Can.EDIT_PROFILE)


def test_the_author_and_the_coordinator_may_share_it_but_a_parent_may_not(area):
    assert can(area.sam_user, area.sam, Can.SHARE_PROFILE)
    assert can(area.green, area.sam, Can.SHARE_PROFILE)
    assert not can(area.aisha, area.sam, Can.SHARE_PROFILE)


# Writing it


def test_sam_adds_a_statement_with_a_picture_and_it_is_credited_to_him(area, signed_in):
    response = add(signed_in(area.sam_user), area.sam, "important", "Swimming on Saturdays", "1F3CA")
    assert response.status_code == 302
    statement = profile_of(area.sam).statements.get()
    assert (statement.heading, statement.text, statement.symbol) == ("important", "Swimming on Saturdays", "1F3CA")
    assert statement.written_by == statement.added_by == area.sam_user
    assert AuditEvent.objects.filter(user=area.sam_user, action="changed", person=area.sam).exists()


def test_hopes_for_the_future_is_an_optional_fourth_heading(area, signed_in):
    add(signed_in(area.sam_user), area.sam, "hopes", "I want to work on the railways")
    assert texts(area.sam, "hopes") == ["I want to work on the railways"]


def test_a_statement_can_be_changed_reordered_and_taken_out(area, signed_in):
    client = signed_in(area.sam_user)
    for text in ("First", "Second", "Third"):
        add(client, area.sam, "admire", text)
    third = ProfileStatement.objects.get(text="Third")
    client.post(reverse("profiles:move_statement", args=[third.pk]), {"direction": "up"})
    assert texts(area.sam) == ["First", "Third", "Second"]
    client.post(reverse("profiles:change_statement", args=[third.pk]), {"heading": "admire", "text": "Third, changed"})
    assert texts(area.sam) == ["First", "Third, changed", "Second"]
    assert client.get(reverse("profiles:remove_statement", args=[third.pk])).status_code == 200
    client.post(reverse("profiles:remove_statement", args=[third.pk]))
    assert texts(area.sam) == ["First", "Second"]


def test_a_parent_cannot_change_sams_statements_directly(area, signed_in):
    add(signed_in(area.sam_user), area.sam, "admire", "Kind")
    statement = ProfileStatement.objects.get()
    client = signed_in(area.aisha)
    assert add(client, area.sam, "admire", "Funny").status_code == 404
    assert client.post(reverse("profiles:change_statement", args=[statement.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("profiles:remove_statement", args=[statement.pk])).status_code == 404
    assert texts(area.sam) == ["Kind"]


def test_an_empty_statement_is_refused_with_what_to_do_and_nothing_is_lost(area, signed_in):
    response = add(signed_in(area.sam_user), area.sam, "", "Trains", "1F686")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose which part of the profile it is for" in content
    assert "Trains</textarea>" in content
    assert 'value="1F686" checked' in content


def test_a_statement_that_would_not_fit_on_one_page_is_refused_saying_how_much_to_shorten(area, signed_in):
    client = signed_in(area.sam_user)
    long = "I really like it when people take the time to explain what is going to happen next to me " * 3
    refused = None
    for _ in range(80):
        response = add(client, area.sam, "support", long[:290])
        if response.status_code == 200:
            refused = response.content.decode()
            break
    assert refused is not None, "the profile never filled up"
    assert "too long to fit on one page" in refused and "Shorten it by about" in refused
    assert "I really like it when" in refused  # what was typed is kept


def test_two_spaces_and_line_breaks_in_a_statement_are_tidied(area, signed_in):
    add(signed_in(area.sam_user), area.sam, "admire", "  I am\n  kind  ")
    assert texts(area.sam) == ["I am kind"]


# Suggestions


def test_aisha_suggests_a_statement_and_sam_accepts_it_crediting_her(area, signed_in):
    signed_in(area.aisha).post(
        reverse("profiles:suggest", args=[area.sam.pk]), {"heading": "admire", "text": "Makes us laugh"}
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.suggested_by == area.aisha and texts(area.sam) == []
    signed_in(area.sam_user).post(reverse("profiles:decide_suggestion", args=[suggestion.pk]), {"decision": "accept"})
    statement = ProfileStatement.objects.get()
    assert statement.text == "Makes us laugh"
    assert statement.written_by == area.aisha and statement.added_by == area.sam_user
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED and suggestion.decided_by == area.sam_user
    page = signed_in(area.sam_user).get(reverse("profiles:edit", args=[area.sam.pk])).content.decode()
    assert "Suggested by Aisha" in page


def test_sam_declines_a_suggestion_and_it_stays_out_of_the_profile(area, signed_in):
    suggestion = operations.suggest_statement(profile_of(area.sam), by=area.patel, heading="support", text="SALT")
    signed_in(area.sam_user).post(reverse("profiles:decide_suggestion", args=[suggestion.pk]), {"decision": "decline"})
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED and texts(area.sam) == []


def test_only_the_author_decides_and_only_the_suggester_withdraws(area, signed_in):
    suggestion = operations.suggest_statement(profile_of(area.sam), by=area.aisha, heading="admire", text="Kind")
    decide = reverse("profiles:decide_suggestion", args=[suggestion.pk])
    withdraw = reverse("profiles:withdraw_suggestion", args=[suggestion.pk])
    assert signed_in(area.aisha).post(decide, {"decision": "accept"}).status_code == 404
    assert signed_in(area.patel).post(withdraw).status_code == 404
    assert signed_in(area.green).post(decide, {"decision": "accept"}).status_code == 404
    assert signed_in(area.aisha).post(withdraw).status_code == 302
    assert not Suggestion.objects.exists()


def test_a_suggestion_is_decided_only_once(area, signed_in):
    suggestion = operations.suggest_statement(profile_of(area.sam), by=area.aisha, heading="admire", text="Kind")
    client = signed_in(area.sam_user)
    client.post(reverse("profiles:decide_suggestion", args=[suggestion.pk]), {"decision": "accept"})
    response = client.post(
        reverse("profiles:decide_suggestion", args=[suggestion.pk]), {"decision": "accept"}, follow=True
    )
    assert "already dealt with" in response.content.decode()
    assert texts(area.sam) == ["Kind"]


def test_the_author_sees_suggestions_to_decide_and_the_suggester_sees_only_their_own(area, signed_in):
    operations.suggest_statement(profile_of(area.sam), by=area.aisha, heading="admire", text="From Aisha")
    operations.suggest_statement(profile_of(area.sam), by=area.patel, heading="admire", text="From Dr Patel")
    url = reverse("profiles:edit", args=[area.sam.pk])
    sams = signed_in(area.sam_user).get(url).content.decode()
    assert "From Aisha" in sams and "From Dr Patel" in sams and "Suggestions to decide on" in sams
    aishas = signed_in(area.aisha).get(url).content.decode()
    assert "From Aisha" in aishas and "From Dr Patel" not in aishas


# "Me" mode


def test_me_mode_asks_one_heading_at_a_time_in_sams_words(area, signed_in):
    client = signed_in(area.sam_user)
    response = client.get(reverse("profiles:me", args=[area.sam.pk]), follow=True)
    content = response.content.decode()
    assert "What do people like and admire about you?" in content
    assert "Part 1 of 4" in content and "People say I am good at…" in content


def test_me_mode_puts_the_chosen_sentence_starter_in_front_of_the_words(area, signed_in):
    client = signed_in(area.sam_user)
    client.post(
        reverse("profiles:me_heading", args=[area.sam.pk, "important"]),
        {"starter": "I like it when…", "text": "We go swimming", "symbol": "1F3CA"},
    )
    statement = ProfileStatement.objects.get()
    assert statement.text == "I like it when we go swimming" and statement.symbol == "1F3CA"


def test_a_starter_typed_already_is_not_added_twice(area, signed_in):
    signed_in(area.sam_user).post(
        reverse("profiles:me_heading", args=[area.sam.pk, "support"]),
        {"starter": "Please don't…", "text": "Please don't shout"},
    )
    assert texts(area.sam) == ["Please don't shout"]


def test_in_me_mode_a_parent_suggests_rather_than_writes(area, signed_in):
    signed_in(area.aisha).post(reverse("profiles:me_heading", args=[area.sam.pk, "admire"]), {"text": "Sam is brave"})
    assert texts(area.sam) == [] and Suggestion.objects.get().text == "Sam is brave"


def test_me_mode_refuses_a_heading_that_does_not_exist(area, signed_in):
    assert signed_in(area.sam_user).get(reverse("profiles:me_heading", args=[area.sam.pk, "nope"])).status_code == 404


def me_url(person, heading="admire"):
    return reverse("profiles:me_heading", args=[person.pk, heading])


def easy_form(content):
    """The one-question-at-a-time form in a page: everything its buttons send."""
    return re.search(r'<form method="post" novalidate class="op-me__form">.*?</form>', content, re.S).group()


def test_pressing_next_part_in_me_mode_with_words_in_the_box_adds_them_then_goes_on(area, signed_in):
    client = signed_in(area.sam_user)
    response = client.post(me_url(area.sam), {"text": "I am good at drawing maps", "symbol": "1F3CA", "then": "next"})
    assert response.status_code == 302 and response.url == me_url(area.sam, "important")
    statement = ProfileStatement.objects.get()
    assert (
        statement.heading == "admire" and statement.text == "I am good at drawing maps" and statement.symbol == "1F3CA"
    )
    next_page = client.get(response.url).content.decode()
    assert "Added what you wrote for “What do people like and admire about you?”" in html.unescape(next_page)


def test_pressing_next_part_in_me_mode_with_an_empty_box_just_goes_on(area, signed_in):
    response = signed_in(area.sam_user).post(me_url(area.sam), {"text": "", "then": "next"})
    assert response.status_code == 302 and response.url == me_url(area.sam, "important")
    assert not ProfileStatement.objects.exists()


def test_pressing_next_part_with_only_a_sentence_starter_in_the_box_adds_nothing(area, signed_in):
    response = signed_in(area.sam_user).post(
        me_url(area.sam, "important"), {"starter": "I love…", "text": "I love", "then": "next"}
    )
    assert response.url == me_url(area.sam, "support") and not ProfileStatement.objects.exists()


def test_pressing_back_in_me_mode_adds_the_words_then_goes_to_the_part_before(area, signed_in):
    response = signed_in(area.sam_user).post(
        me_url(area.sam, "support"), {"starter": "It helps me when…", "text": "You wait", "then": "previous"}
    )
    assert response.url == me_url(area.sam, "important")
    assert texts(area.sam, "support") == ["It helps me when you wait"]


def test_pressing_finished_on_the_last_part_adds_the_words_then_goes_to_the_profile(area, signed_in):
    response = signed_in(area.sam_user).post(me_url(area.sam, "hopes"), {"text": "Drive a train", "then": "finished"})
    assert response.url == reverse("profiles:edit", args=[area.sam.pk])
    assert texts(area.sam, "hopes") == ["Drive a train"]


def test_next_part_with_words_too_long_stays_with_the_error_and_keeps_the_words_and_picture(area, signed_in):
    words = "I am good at drawing maps " * 12
    response = signed_in(area.sam_user).post(me_url(area.sam), {"text": words, "symbol": "1F3CA", "then": "next"})
    content = html.unescape(response.content.decode())
    assert response.status_code == 200 and not ProfileStatement.objects.exists()  # stays on the part
    assert "Make it 300 characters or fewer" in content and words.strip() in content
    assert re.search(r'<input[^>]*value="1F3CA"[^>]*checked', content)


def test_when_a_parent_presses_next_part_in_me_mode_her_words_are_sent_as_a_suggestion(area, signed_in):
    response = signed_in(area.aisha).post(me_url(area.sam), {"text": "Sam is brave", "then": "next"})
    assert response.url == me_url(area.sam, "important")
    assert texts(area.sam) == [] and Suggestion.objects.get().text == "Sam is brave"


def test_me_mode_back_and_next_part_are_buttons_of_the_form_so_they_work_without_javascript(area, signed_in):
    client = signed_in(area.sam_user)
    content = client.get(me_url(area.sam, "important")).content.decode()
    form = easy_form(content)
    for button in ('name="then" value="previous"', 'name="then" value="next"'):
        assert re.search(rf'<button type="submit" {button}[^>]*class="govuk-button', form)
    last = client.get(me_url(area.sam, "hopes")).content.decode()
    assert 'name="then" value="finished"' in easy_form(last)


@pytest.mark.parametrize("outsider", ["black", "priya"])
def test_outsiders_pressing_next_part_in_sams_me_mode_get_404(area, signed_in, outsider):
    client = signed_in(getattr(area, outsider))
    for data in ({"then": "next"}, {"text": "x", "then": "next"}):
        assert client.post(me_url(area.sam), data).status_code == 404
    assert not ProfileStatement.objects.exists() and not Suggestion.objects.exists()


# Publishing and versions


def test_publishing_makes_numbered_versions_and_keeps_every_one(area, signed_in):
    client = signed_in(area.sam_user)
    add(client, area.sam, "admire", "Kind")
    client.post(reverse("profiles:publish", args=[area.sam.pk]))
    add(client, area.sam, "admire", "Funny")
    client.post(reverse("profiles:publish", args=[area.sam.pk]))
    profile = profile_of(area.sam)
    assert profile.published_number == 2
    assert [len(v.statements) for v in profile.versions.order_by("number")] == [1, 2]


def test_an_empty_profile_cannot_be_published(area, signed_in):
    response = signed_in(area.sam_user).post(reverse("profiles:publish", args=[area.sam.pk]), follow=True)
    assert "Add at least one thing" in response.content.decode()
    assert not profile_of(area.sam).versions.exists()


def test_comparing_two_versions_shows_what_was_added_taken_out_and_changed(area):
    profile = profile_of(area.sam)
    kind = operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    trains = operations.add_statement(profile, by=area.sam_user, heading="important", text="Trains")
    first = operations.publish_profile(profile, by=area.sam_user)
    operations.change_statement(kind, by=area.sam_user, text="Kind and honest", symbol="2764")
    operations.remove_statement(trains, by=area.sam_user)
    operations.add_statement(profile, by=area.sam_user, heading="hopes", text="Work on the railways")
    second = operations.publish_profile(profile, by=area.sam_user)
    changes = {(c.kind, c.text, c.old_text) for c in compare(first, second)}
    assert changes == {
        ("changed", "Kind and honest", "Kind"),
        ("removed", "Trains", ""),
        ("added", "Work on the railways", ""),
    }


def test_the_compare_page_shows_the_changes_to_anyone_in_the_circle(area, signed_in):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    operations.publish_profile(profile, by=area.sam_user)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Funny")
    operations.publish_profile(profile, by=area.sam_user)
    content = (
        signed_in(area.jo).get(reverse("profiles:compare", args=[area.sam.pk]), {"older": 1, "newer": 2}).content
    ).decode()
    assert "Added" in content and "Funny" in content


def test_comparing_a_version_with_itself_asks_for_two_different_versions(area, signed_in):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    operations.publish_profile(profile, by=area.sam_user)
    operations.publish_profile(profile, by=area.sam_user)
    content = signed_in(area.jo).get(reverse("profiles:compare", args=[area.sam.pk]), {"older": 1, "newer": 1})
    assert "Choose two different versions to compare" in content.content.decode()


def test_sams_page_shows_the_published_version_and_how_old_it_is(area, signed_in):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Published words")
    operations.publish_profile(profile, by=area.sam_user)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Not published yet")
    content = signed_in(area.patel).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert "Published words" in content and "Not published yet" not in content
    assert "Version 1, published on" in content


# Keeping it alive


@pytest.fixture
def published_long_ago(area):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    version = operations.publish_profile(profile, by=area.sam_user)
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Profile.objects.filter(pk=profile.pk).update(published_at=long_ago)
    version.__class__.objects.filter(pk=version.pk).update(published_at=long_ago)
    return Profile.objects.get(pk=profile.pk)


def test_a_profile_older_than_six_months_is_flagged_to_the_author_and_coordinator(area, signed_in, published_long_ago):
    url = reverse("people:detail", args=[area.sam.pk])
    for user in (area.sam_user, area.green):
        assert "more than 6 months ago" in signed_in(user).get(url).content.decode()
    assert "more than 6 months ago" not in signed_in(area.patel).get(url).content.decode()


def test_a_profile_not_checked_since_the_last_review_is_flagged_as_the_next_review_comes(area):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    operations.publish_profile(profile, by=area.sam_user)
    today = timezone.localdate()
    review = ReviewFactory(person=area.sam, meeting_date=today + datetime.timedelta(days=1))
    plan = review.action_plan
    plan.next_review_date = today + datetime.timedelta(days=20)
    assert freshness(profile, plan, today=today + datetime.timedelta(days=5)).needs_check
    assert not freshness(profile, plan, today=today - datetime.timedelta(days=30)).needs_check


def test_publishing_again_clears_the_flag(area, published_long_ago):
    assert freshness(published_long_ago).needs_check
    operations.publish_profile(published_long_ago, by=area.sam_user)
    assert not freshness(Profile.objects.get(pk=published_long_ago.pk)).needs_check


# Access


@pytest.mark.parametrize("name", ["edit", "add_statement", "suggest", "publish", "me", "versions", "compare"])
def test_outsider_gets_404_for_someone_elses_profile(area, signed_in, name):
    client = signed_in(area.black)
    url = reverse(f"profiles:{name}", args=[area.sam.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"heading": "admire", "text": "x"}).status_code == 404
    assert texts(area.sam) == [] and not Suggestion.objects.exists()


def test_the_planning_lead_never_sees_a_profile(area, signed_in):
    assert signed_in(area.priya).get(reverse("profiles:edit", args=[area.sam.pk])).status_code == 404


def test_the_home_page_lists_profiles_to_check_for_the_coordinator_and_author_only(area, signed_in, published_long_ago):
    for user in (area.green, area.sam_user):
        assert "One-page profiles to check" in signed_in(user).get(reverse("home")).content.decode()
    for user in (area.aisha, area.patel):
        assert "One-page profiles to check" not in signed_in(user).get(reverse("home")).content.decode()


def test_a_parent_who_writes_the_profile_is_asked_to_check_it_only_while_they_may_see_it(
    area, signed_in, published_long_ago
):
    from people import consent

    CircleMember.objects.filter(person=area.sam, user=area.sam_user).delete()  # a child without an account
    assert "One-page profiles to check" in signed_in(area.aisha).get(reverse("home")).content.decode()
    mum = CircleMember.objects.get(person=area.sam, user=area.aisha)
    consent.set_member_access(mum, by=area.green, decided_as="coordinator", choice="limit", sections=["plan"])
    assert "One-page profiles to check" not in signed_in(area.aisha).get(reverse("home")).content.decode()


def test_the_home_page_checks_every_profile_in_one_query(area, signed_in, queries_to_show, published_long_ago):
    client = signed_in(area.green)
    before = queries_to_show(client, reverse("home"))
    for n in range(4):
        person = PersonFactory(preferred_name=f"Child {n}", coordinator=area.green, local_authority=area.council)
        operations.add_statement(profile_of(person), by=area.green, heading="admire", text="Kind")
        operations.publish_profile(profile_of(person), by=area.green)
    assert queries_to_show(client, reverse("home")) == before


def test_sams_page_shows_the_photo_of_the_published_version_with_what_it_shows(area, signed_in):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    Profile.objects.filter(pk=profile.pk).update(photo="a" * 32 + ".jpg", photo_description="Sam at the pool")
    operations.publish_profile(Profile.objects.get(pk=profile.pk), by=area.sam_user)
    content = signed_in(area.jo).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert f"/people/{area.sam.pk}/profile/photo.jpg?version=1" in content
    assert 'alt="Sam at the pool"' in content


# What the review found


def fill_until_full(profile, user, heading="support"):
    """Add long statements until the next one would not fit; returns the last one added."""
    words = "I really like it when people take the time to explain what is going to happen next " * 3
    last = None
    for _ in range(80):
        try:
            last = operations.add_statement(profile, by=user, heading=heading, text=words[:290])
        except operations.DoesNotFit:
            return last
    raise AssertionError("the profile never filled up")


def test_a_profile_that_no_longer_fits_is_not_published_and_the_author_is_told_how_much_to_cut(area, signed_in):
    profile = profile_of(area.sam)
    fill_until_full(profile, area.sam_user)
    type(area.sam).objects.filter(pk=area.sam.pk).update(preferred_name="Samuel-Alexander " * 5)  # a longer name
    response = signed_in(area.sam_user).post(reverse("profiles:publish", args=[area.sam.pk]), follow=True)
    assert "it was not published" in response.content.decode()
    assert not profile_of(area.sam).versions.exists()


def test_a_profile_that_is_too_long_can_be_shortened_a_little_at_a_time(area):
    profile = profile_of(area.sam)
    last = fill_until_full(profile, area.sam_user)
    type(area.sam).objects.filter(pk=area.sam.pk).update(preferred_name="Samuel-Alexander " * 5)
    profile = Profile.objects.get(pk=profile.pk)
    operations.change_statement(last, by=area.sam_user, text=last.text[:250], symbol="")  # shorter: allowed
    with pytest.raises(operations.DoesNotFit):
        operations.change_statement(
            ProfileStatement.objects.get(pk=last.pk), by=area.sam_user, text=last.text[:250] + " more", symbol=""
        )


def test_two_people_changing_one_statement_never_silently_overwrite_each_other(area, signed_in):
    statement = operations.add_statement(profile_of(area.sam), by=area.sam_user, heading="admire", text="Kind")
    url = reverse("profiles:change_statement", args=[statement.pk])
    form = signed_in(area.sam_user).get(url).content.decode()
    seen = form.split('name="version" value="')[1].split('"')[0]
    operations.change_statement(
        ProfileStatement.objects.get(pk=statement.pk), by=area.sam_user, text="Kind and fun", symbol=""
    )
    response = signed_in(area.sam_user).post(url, {"heading": "admire", "text": "Very kind", "version": seen})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed this while you were changing it" in content and "Kind and fun" in content
    assert "Very kind</textarea>" in content
    assert ProfileStatement.objects.get(pk=statement.pk).text == "Kind and fun"


def test_the_no_javascript_plain_words_button_takes_only_an_offered_alternative(area, signed_in):
    statement = operations.add_statement(profile_of(area.sam), by=area.sam_user, heading="support", text="My TA helps")
    url = reverse("profiles:change_statement", args=[statement.pk])
    client = signed_in(area.sam_user)
    client.post(url, {"replace_found": "TA", "replace_with": "x" * 400})
    assert ProfileStatement.objects.get(pk=statement.pk).text == "My TA helps"
    client.post(url, {"replace_found": "TA", "replace_with": "teaching assistant"})
    assert ProfileStatement.objects.get(pk=statement.pk).text == "My teaching assistant helps"


def test_the_rest_of_the_circle_sees_the_published_version_not_the_draft(area, signed_in):
    profile = profile_of(area.sam)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Published words")
    operations.publish_profile(profile, by=area.sam_user)
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Draft words")
    for url in (
        reverse("profiles:edit", args=[area.sam.pk]),
        reverse("profiles:me_heading", args=[area.sam.pk, "admire"]),
    ):
        patels = signed_in(area.patel).get(url).content.decode()
        assert "Published words" in patels and "Draft words" not in patels
        for user in (area.sam_user, area.green):
            assert "Draft words" in signed_in(user).get(url).content.decode()


def test_a_failed_step_is_shown_as_important_not_done(area, signed_in):
    response = signed_in(area.sam_user).post(reverse("profiles:publish", args=[area.sam.pk]), follow=True)
    content = response.content.decode()
    assert "Important" in content and "Add at least one thing" in content


def test_comparing_versions_also_tells_of_a_new_photo_and_a_new_order(area, signed_in):
    from profiles.compare import other_changes

    profile = profile_of(area.sam)
    first = operations.add_statement(profile, by=area.sam_user, heading="admire", text="Kind")
    operations.add_statement(profile, by=area.sam_user, heading="admire", text="Funny")
    one = operations.publish_profile(profile, by=area.sam_user)
    operations.move_statement(ProfileStatement.objects.get(pk=first.pk), by=area.sam_user, up=False)
    Profile.objects.filter(pk=profile.pk).update(photo="b" * 32 + ".jpg", photo_description="Sam")
    two = operations.publish_profile(Profile.objects.get(pk=profile.pk), by=area.sam_user)
    assert other_changes(one, two) == ["A photo was added.", "Some things were put in a different order."]
    content = signed_in(area.jo).get(reverse("profiles:compare", args=[area.sam.pk]), {"older": 1, "newer": 2})
    assert "Nothing changed" not in content.content.decode()
