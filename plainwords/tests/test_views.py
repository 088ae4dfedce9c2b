"""The as-you-type check, the includes the editors use, and an organisation's own list of words."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Membership
from audit.models import AuditEvent
from ourplan.tests.factories import MembershipFactory, OrganisationFactory
from plainwords.checker import flags_for
from plainwords.models import Term

pytestmark = pytest.mark.urls("plainwords.tests.urls")


def check(client, person, text, field="id_text", **extra):
    return client.post(reverse("plainwords:check", args=[person.pk]), {"text": text, "field": field}, **extra)


# The check


def test_salt_is_flagged_with_a_plain_alternative_as_you_type(area, signed_in):
    response = check(signed_in(area.aisha), area.sam, "Sam sees SALT on Mondays")
    assert response.status_code == 200
    html = response.content.decode()
    assert "‘SALT’ may not be clear to everyone." in html
    assert "SALT is short for speech and language therapy." in html
    assert "You can keep your words: this is only a suggestion." in html
    button = re.search(r"<button[^>]*data-with=\"speech and language therapy\"[^>]*>", html).group()
    assert 'type="button"' in button and "data-plainwords-replace" in button
    assert 'data-found="SALT"' in button and 'data-field="id_text"' in button
    assert "govuk-button--secondary" in button


def test_each_button_says_what_it_will_do(area, signed_in):
    html = check(signed_in(area.aisha), area.sam, "He had a meltdown").content.decode()
    assert re.search(
        r'<span class="govuk-visually-hidden">Use </span>very upset<span class="govuk-visually-hidden"> instead of ‘meltdown’</span>',
        html,
    )


def test_nothing_to_flag_gives_an_empty_answer(area, signed_in):
    response = check(signed_in(area.aisha), area.sam, "Sam loves football and his speech and language therapist")
    assert response.status_code == 200
    assert response.content.strip() == b""


def test_the_check_never_blocks_however_much_is_flagged(area, signed_in):
    client = signed_in(area.green)
    text = "SALT, ASD, SEMH, 1:1, dysregulated, meltdown, non-compliant. " * 50
    for words in (text, "", "x" * 50_000):
        assert check(client, area.sam, words).status_code == 200


def test_a_word_used_twice_is_suggested_once(area, signed_in):
    html = check(signed_in(area.aisha), area.sam, "SALT on Monday and SALT on Friday").content.decode()
    assert html.count("may not be clear") == 1


def test_everyone_in_the_circle_can_check_their_writing(area, signed_in):
    for user in (area.green, area.aisha, area.sam_user, area.patel, area.jo):
        assert b"SALT" in check(signed_in(user), area.sam, "SALT").content


@pytest.mark.parametrize("outsider", ["black", "priya"])
def test_outsider_gets_404_from_the_check(area, signed_in, outsider):
    user = getattr(area, outsider)
    client = signed_in(user)
    assert check(client, area.sam, "SALT").status_code == 404
    assert client.get(reverse("plainwords:check", args=[area.sam.pk])).status_code in (404, 405)
    assert AuditEvent.objects.filter(user=user, person=area.sam, action=AuditEvent.Action.REFUSED).exists()


def test_the_check_is_for_posts_only(area, signed_in):
    assert signed_in(area.green).get(reverse("plainwords:check", args=[area.sam.pk])).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(area, client):
    response = check(client, area.sam, "SALT")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_check_needs_the_csrf_token_which_the_live_region_sends_as_a_header(area):
    client = Client(enforce_csrf_checks=True)
    client.force_login(area.aisha)
    assert check(client, area.sam, "SALT").status_code == 403
    page = client.get(reverse("home"))  # any page sets the cookie; the token is rendered into the region
    token = page.cookies["csrftoken"].value
    assert check(client, area.sam, "SALT", headers={"X-CSRFToken": token}).status_code == 200


def test_a_check_shows_nothing_about_the_person_so_it_does_not_crowd_their_history(area, signed_in):
    check(signed_in(area.aisha), area.sam, "Private words about SALT")
    assert not AuditEvent.objects.filter(user=area.aisha, person=area.sam).exists()


def test_a_refused_check_is_recorded_without_what_was_written(area, signed_in):
    check(signed_in(area.black), area.sam, "Private words about SALT")
    event = AuditEvent.objects.get(user=area.black, person=area.sam)
    assert event.action == AuditEvent.Action.REFUSED and event.what == "a plain words check"
    assert "Private" not in event.path and "SALT" not in event.path


def test_a_strange_field_id_is_not_sent_back(area, signed_in):
    html = check(signed_in(area.aisha), area.sam, "SALT", field='"><img src=x>').content.decode()
    assert "<img" not in html and 'data-field=""' in html


def test_an_organisations_own_terms_are_flagged_only_for_its_people(area, signed_in):
    Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"])
    assert b"the quiet room" in check(signed_in(area.green), area.sam, "He went to ZPR").content
    from ourplan.tests.factories import PersonFactory

    hillside_child = PersonFactory(coordinator=area.black, setting=area.other_school, local_authority=area.council)
    assert check(signed_in(area.black), hillside_child, "He went to ZPR").content.strip() == b""


# The includes the editors use


def render_live_check(area, **context):
    request = RequestFactory().get("/")
    request.user = area.aisha
    return render_to_string("plainwords/_live_check.html", {"person": area.sam, **context}, request=request)


def test_the_live_region_posts_the_box_with_the_csrf_token_and_is_polite(area):
    html = render_live_check(area, field_id="id_text")
    region = re.search(r'<div id="plain-words-id_text"[^>]*>', html).group()
    assert 'aria-live="polite"' in region
    assert f'hx-post="{reverse("plainwords:check", args=[area.sam.pk])}"' in region
    assert 'hx-trigger="input changed delay:600ms from:#id_text, load"' in region
    assert 'hx-headers=\'{"X-CSRFToken": "' in region
    assert 'hx-vals=\'{"field": "id_text"}\'' in region and 'hx-params="field"' in region
    assert 'data-plainwords-field="id_text"' in region


def test_the_live_region_shows_flags_for_what_was_just_submitted_without_checking_again(area):
    html = render_live_check(area, field_id="id_text", flags=flags_for(area.sam, "SALT"))
    assert "‘SALT’ may not be clear to everyone." in html
    assert ", load" not in html


def test_the_live_region_is_empty_when_nothing_is_flagged(area):
    html = render_live_check(area, field_id="id_text", flags=[])
    assert "may not be clear" not in html


def test_saved_text_gets_change_it_to_buttons_that_post_to_the_editor(area):
    from django.template import RequestContext, Template

    request = RequestFactory().get("/")
    request.user = area.aisha
    template = Template("{% load plain_words %}{% plain_words_suggestions person text '/change/7/' %}")
    html = template.render(RequestContext(request, {"person": area.sam, "text": "He had a meltdown"}))
    assert 'action="/change/7/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="replace_found" value="meltdown"' in html and 'name="replace_start" value="9"' in html
    assert re.search(
        r'<button type="submit" name="replace_with" value="very upset"[^>]*>Change it to ‘very upset’', html
    )


def test_the_flags_tag_costs_one_query_for_a_whole_page(area, django_assert_num_queries):
    from django.template import Context, Template

    template = Template(
        "{% load plain_words %}{% for text in texts %}{% plain_words_flags person text as found %}"
        "{{ found|length }} {% endfor %}"
    )
    with django_assert_num_queries(1):
        out = template.render(Context({"person": area.sam, "texts": ["SALT", "ASD and SEMH", "Sam is kind"]}))
    assert out.split() == ["1", "2", "0"]


# An organisation's own list


def test_a_coordinator_sees_the_built_in_words_and_their_organisations_own(area, signed_in):
    Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"], added_by=area.green)
    Term.objects.create(organisation=area.other_school, word="Hub", alternatives=["the support base"])
    response = signed_in(area.green).get(reverse("plainwords:terms"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Added by Riverside Academy" in html and "ZPR" in html and "the quiet room" in html
    assert "SALT" in html and "speech and language therapy" in html
    assert "Hub" not in html


@pytest.mark.parametrize("who", ["patel", "aisha", "priya"])
def test_only_coordinators_may_see_or_change_the_list(area, signed_in, who):
    client = signed_in(getattr(area, who))
    term = Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"])
    assert client.get(reverse("plainwords:terms")).status_code == 403
    assert client.get(reverse("plainwords:add_term")).status_code == 403
    assert client.post(reverse("plainwords:add_term"), {"word": "X", "alternatives": "y"}).status_code == 403
    assert client.post(reverse("plainwords:remove_term", args=[term.pk])).status_code == 403
    assert Term.objects.filter(pk=term.pk).exists() and not Term.objects.filter(word="X").exists()


def test_the_list_pages_send_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("plainwords:terms"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))


def test_a_coordinator_adds_a_word_with_plain_alternatives_one_per_line(area, signed_in):
    client = signed_in(area.green)
    assert client.get(reverse("plainwords:add_term")).status_code == 200
    response = client.post(
        reverse("plainwords:add_term"),
        {"word": "  ZPR ", "alternatives": "the quiet room\n\n  the calm room \r\nthe quiet room", "explanation": ""},
    )
    assert response.status_code == 302 and response["Location"] == reverse("plainwords:terms")
    term = Term.objects.get(word="ZPR")
    assert term.organisation == area.school and term.added_by == area.green
    assert term.alternatives == ["the quiet room", "the calm room"]
    assert AuditEvent.objects.filter(
        user=area.green, action=AuditEvent.Action.CHANGED, what__contains="added ‘ZPR’"
    ).exists()
    assert b"the quiet room" in check(client, area.sam, "Time in ZPR").content


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"word": "", "alternatives": "x"}, "word", "Enter the word or acronym to look out for"),
        ({"word": "--", "alternatives": "x"}, "word", "Enter a word or acronym with at least one letter or number"),
        ({"word": "W" * 61, "alternatives": "x"}, "word", "Shorten the word or acronym to 60 characters or fewer"),
        ({"word": "ZPR", "alternatives": " \n "}, "alternatives", "Enter at least one plainer way to say it"),
        ({"word": "ZPR", "alternatives": "zpr"}, "alternatives", "Take out ‘ZPR’: suggest other words instead of it"),
        ({"word": "ZPR", "alternatives": "\n".join("abcdefghijk")}, "alternatives", "Enter up to 10 plainer ways"),
        ({"word": "ZPR", "alternatives": "x" * 201}, "alternatives", "Shorten each plainer way to say it"),
        ({"word": "ZPR", "alternatives": "x", "explanation": "e" * 301}, "explanation", "Shorten what it means"),
    ],
)
def test_adding_a_word_says_what_to_fix_and_keeps_what_was_typed(area, signed_in, data, field, message):
    response = signed_in(area.green).post(reverse("plainwords:add_term"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html and f'href="#id_{field}"' in html
    assert "<title>Error:" in html
    if data["word"]:
        assert data["word"][:60] in html
    assert not Term.objects.filter(organisation__isnull=False).exists()


def test_a_word_already_on_the_list_is_not_added_twice(area, signed_in):
    Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"])
    response = signed_in(area.green).post(reverse("plainwords:add_term"), {"word": "ZPR", "alternatives": "calm room"})
    assert "‘ZPR’ is already on Riverside Academy&#x27;s list." in response.content.decode()
    assert Term.objects.filter(word="ZPR").count() == 1


def test_a_coordinator_of_two_organisations_chooses_which_list(area, signed_in):
    MembershipFactory(user=area.green, organisation=area.other_school, role=Membership.Role.COORDINATOR)
    client = signed_in(area.green)
    response = client.post(reverse("plainwords:add_term"), {"word": "ZPR", "alternatives": "the quiet room"})
    assert "Choose which organisation&#x27;s list to add it to" in response.content.decode()
    client.post(
        reverse("plainwords:add_term"),
        {"word": "ZPR", "alternatives": "the quiet room", "organisation": area.other_school.pk},
    )
    assert Term.objects.get(word="ZPR").organisation == area.other_school
    elsewhere = OrganisationFactory()
    response = client.post(
        reverse("plainwords:add_term"), {"word": "Hub", "alternatives": "base", "organisation": elsewhere.pk}
    )
    assert "Choose one of the organisations shown" in response.content.decode()


def test_a_coordinator_removes_their_organisations_word_after_confirming(area, signed_in):
    term = Term.objects.create(organisation=area.school, word="ZPR", alternatives=["the quiet room"])
    client = signed_in(area.green)
    confirm = client.get(reverse("plainwords:remove_term", args=[term.pk]))
    assert confirm.status_code == 200 and "Remove ‘ZPR’?" in confirm.content.decode()
    assert Term.objects.filter(pk=term.pk).exists()
    response = client.post(reverse("plainwords:remove_term", args=[term.pk]))
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    assert AuditEvent.objects.filter(user=area.green, what__contains="removed ‘ZPR’").exists()


def test_built_in_words_and_other_organisations_words_cannot_be_removed(area, signed_in):
    built_in = Term.objects.get(organisation__isnull=True, word="SALT")
    theirs = Term.objects.create(organisation=area.other_school, word="Hub", alternatives=["the support base"])
    client = signed_in(area.green)
    for term in (built_in, theirs):
        assert client.get(reverse("plainwords:remove_term", args=[term.pk])).status_code == 404
        assert client.post(reverse("plainwords:remove_term", args=[term.pk])).status_code == 404
        assert Term.objects.filter(pk=term.pk).exists()


def test_the_list_page_takes_the_same_number_of_queries_however_many_words(area, signed_in, queries_to_show):
    client = signed_in(area.green)
    url = reverse("plainwords:terms")
    Term.objects.create(organisation=area.school, word="A1", alternatives=["a"], added_by=area.green)
    few = queries_to_show(client, url)
    for i in range(10):
        Term.objects.create(organisation=area.school, word=f"B{i}", alternatives=["b"], added_by=area.green)
    assert queries_to_show(client, url) == few


def test_trying_to_remove_a_built_in_word_is_refused_and_recorded(area, signed_in):
    built_in = Term.objects.built_in().first()
    assert signed_in(area.green).post(reverse("plainwords:remove_term", args=[built_in.pk])).status_code == 404
    assert AuditEvent.objects.filter(user=area.green, action=AuditEvent.Action.REFUSED).exists()
    assert Term.objects.filter(pk=built_in.pk).exists()
