"""Dot voting: six dots each, placed, moved and taken back; the live tally and the ranked ideas."""

import pytest
from django.urls import NoReverseMatch, reverse

from audit.models import AuditEvent
from ourplan.tests.marked_world import area_review
from toolkit import operations
from toolkit.models import AreaReview, Dot
from toolkit.views_voting import ordinal

NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER


def vote_url(review):
    return reverse("toolkit:vote", kwargs={"code": review.join_code})


def voting_url(review):
    return reverse("toolkit:voting", args=[review.pk])


def html(response):
    return response.content.decode()


@pytest.fixture
def ideas(toolkit):
    """Three ideas at two tables, and voting open."""
    first, second = toolkit.steps[0], toolkit.steps[1]
    made = [
        operations.add_idea(toolkit.red, step=first, text="Plan from Year 9"),
        operations.add_idea(toolkit.blue, step=first, text="Easy-read guide to planning"),
        operations.add_idea(toolkit.blue, step=second, text="Coordinators coach managers"),
    ]
    operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    toolkit.review.refresh_from_db()
    return made


@pytest.fixture
def priya(client, area):
    client.force_login(area.priya)
    return client


def place(client, review, idea, colour):
    return client.post(vote_url(review), {"action": "place", "idea": idea.pk, "colour": colour})


# A participant votes


def test_a_participant_sees_every_idea_by_step_with_buttons_for_both_colours(toolkit, ideas, as_participant):
    page = html(as_participant(toolkit.aisha).get(vote_url(toolkit.review)))
    assert page.index(toolkit.steps[0].name) < page.index("Plan from Year 9") < page.index(toolkit.steps[1].name)
    assert page.index(toolkit.steps[1].name) < page.index("Coordinators coach managers")
    assert page.count("Place a ‘could change now’ dot") == 3
    assert page.count("Place a ‘needs further planning’ dot") == 3
    assert "You have 3 ‘could change now’ dots left" in page
    assert "You have 3 ‘needs further planning’ dots left" in page


def test_a_participant_places_six_dots_and_a_seventh_is_refused(toolkit, ideas, as_participant):
    aisha = as_participant(toolkit.aisha)
    review = toolkit.review
    assert place(aisha, review, ideas[0], NOW).status_code == 302
    page = html(aisha.get(vote_url(review)))
    assert "Your dot is on: Plan from Year 9" in page and "You have 2 ‘could change now’ dots left" in page
    place(aisha, review, ideas[0], NOW)
    place(aisha, review, ideas[1], NOW)
    for idea in ideas:
        place(aisha, review, idea, LATER)
    page = html(aisha.get(vote_url(review)))
    assert "You have 0 ‘could change now’ dots left" in page and "Place a ‘could change now’ dot" not in page
    response = place(aisha, review, ideas[2], NOW)
    assert response.status_code == 400
    page = html(response)
    assert "<title>Error:" in page and "govuk-error-summary" in page
    assert (
        "You have placed all three of your ‘could change now’ dots. Move one if you want to change your mind." in page
    )
    assert Dot.objects.filter(participant=toolkit.aisha, colour=NOW).count() == 3
    assert Dot.objects.filter(participant=toolkit.aisha).count() == 6


def test_a_participant_moves_a_dot_and_takes_one_back(toolkit, ideas, as_participant):
    aisha = as_participant(toolkit.aisha)
    review = toolkit.review
    place(aisha, review, ideas[0], NOW)
    dot = Dot.objects.get()
    page = html(aisha.get(vote_url(review)))
    assert f'name="dot" value="{dot.pk}"' in page and "Move to..." in page
    response = aisha.post(vote_url(review), {"action": "move", "dot": dot.pk, "idea": ideas[2].pk})
    assert response.status_code == 302
    dot.refresh_from_db()
    assert dot.idea == ideas[2]
    aisha.post(vote_url(review), {"action": "take_back", "dot": dot.pk})
    assert not Dot.objects.exists()
    assert "You have 3 ‘could change now’ dots left" in html(aisha.get(vote_url(review)))


def test_a_participant_cannot_move_or_take_back_someone_elses_dot(toolkit, ideas, as_participant):
    toms = operations.place_dot(toolkit.jo, ideas[0], NOW)
    aisha = as_participant(toolkit.aisha)
    url = vote_url(toolkit.review)
    assert aisha.post(url, {"action": "move", "dot": toms.pk, "idea": ideas[1].pk}).status_code == 404
    assert aisha.post(url, {"action": "take_back", "dot": toms.pk}).status_code == 404
    assert aisha.post(url, {"action": "take_back", "dot": "x"}).status_code == 404
    toms.refresh_from_db()
    assert toms.idea == ideas[0]


def test_a_dot_cannot_go_on_an_idea_of_another_review(toolkit, ideas, as_participant):
    elsewhere = area_review(toolkit.other_council, "ELSEWHERE")
    response = as_participant(toolkit.aisha).post(
        vote_url(toolkit.review), {"action": "place", "idea": elsewhere.ids["idea"], "colour": NOW}
    )
    assert response.status_code == 400 and "Choose one of the ideas on this page" in html(response)
    assert not Dot.objects.filter(participant=toolkit.aisha).exists()


def test_nonsense_is_shown_back_with_what_to_do(toolkit, ideas, as_participant):
    aisha = as_participant(toolkit.aisha)
    url = vote_url(toolkit.review)
    assert "Choose ‘could change now’ or ‘needs further planning’" in html(
        aisha.post(url, {"action": "place", "idea": ideas[0].pk, "colour": "purple"})
    )
    assert "Choose the idea to put your dot on" in html(aisha.post(url, {"action": "place", "colour": NOW}))
    assert aisha.post(url, {"action": "vote twice"}).status_code == 400
    assert not Dot.objects.exists()


def test_before_voting_opens_and_after_it_closes_the_page_says_so_and_dots_stay(toolkit, as_participant):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan from Year 9")
    aisha = as_participant(toolkit.aisha)
    url = vote_url(toolkit.review)
    assert "Voting has not opened yet." in html(aisha.get(url))
    response = place(aisha, toolkit.review, idea, NOW)
    assert response.status_code == 302 and not Dot.objects.exists()
    assert "Voting is closed, so dots cannot be placed or moved now." in html(aisha.get(url))

    review = operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    place(aisha, review, idea, NOW)
    operations.close_voting(review)
    page = html(aisha.get(url))
    assert "Voting has closed." in page and "Place a ‘could change now’ dot" not in page
    dot = Dot.objects.get()
    aisha.post(url, {"action": "take_back", "dot": dot.pk})
    assert Dot.objects.filter(pk=dot.pk).exists()


def test_the_counts_on_the_voting_page_refresh_when_someone_votes(toolkit, ideas, as_participant):
    aisha = as_participant(toolkit.aisha)
    url = vote_url(toolkit.review)
    version = toolkit.review.version
    assert aisha.get(url, {"live": "1", "seen": version}).status_code == 204
    operations.place_dot(toolkit.patel, ideas[0], LATER)
    response = aisha.get(url, {"live": "1", "seen": version})
    assert response.status_code == 200 and "<html" not in html(response)
    assert "0 ‘could change now’ dots, 1 ‘needs further planning’" in html(response)


def test_someone_who_has_not_joined_is_sent_to_join_and_cannot_vote(toolkit, ideas, client):
    response = client.get(vote_url(toolkit.review))
    try:
        join = reverse("toolkit:join_with_code", kwargs={"code": toolkit.review.join_code})
    except NoReverseMatch:
        join = None
    if join:
        assert response.status_code == 302 and response["Location"] == join
    else:
        assert response.status_code == 403
    client.post(vote_url(toolkit.review), {"action": "place", "idea": ideas[0].pk, "colour": NOW})
    assert not Dot.objects.exists()
    assert client.get(reverse("toolkit:vote", kwargs={"code": "NOSUCH"})).status_code == 404


# The facilitator's page


def test_the_facilitator_opens_and_closes_voting(toolkit, priya):
    url = voting_url(toolkit.review)
    assert "Open voting" in html(priya.get(url))
    priya.post(url, {"action": "open"})
    toolkit.review.refresh_from_db()
    assert toolkit.review.voting_open
    assert "Close voting" in html(priya.get(url))
    priya.post(url, {"action": "close"})
    toolkit.review.refresh_from_db()
    assert not toolkit.review.voting_open and toolkit.review.voting_closed_at is not None
    page = html(priya.get(url))
    assert "Voting is closed" in page and "Open voting again" in page
    assert (
        AuditEvent.objects.filter(role="facilitator", what__in=["opened dot voting", "closed dot voting"]).count() == 2
    )
    closed_at = toolkit.review.voting_closed_at
    priya.post(url, {"action": "close"})  # closing twice says so, and keeps when it closed
    assert "Voting is not open." in html(priya.get(url))
    toolkit.review.refresh_from_db()
    assert toolkit.review.voting_closed_at == closed_at


def test_the_tally_ranks_the_ideas_with_joint_places_and_counts_who_has_finished(toolkit, ideas, priya):
    for colour in (NOW, LATER):
        for _dot in range(3):
            operations.place_dot(toolkit.aisha, ideas[1], colour)
    operations.place_dot(toolkit.jo, ideas[0], NOW)
    operations.place_dot(toolkit.patel, ideas[2], NOW)
    page = html(priya.get(voting_url(toolkit.review)))
    assert "1 of 3 people have placed all six dots." in page and "8 dots placed in all." in page
    rows = page.split("<tbody")[1].split("</tbody>")[0]
    assert rows.index("Easy-read guide") < rows.index("Plan from Year 9") < rows.index("Coordinators coach managers")
    assert "1st" in rows and rows.count("joint 2nd") == 2
    assert 'toolkit-bar__now toolkit-bar--w50"></span><span class="toolkit-bar__later toolkit-bar--w50' in rows
    assert 'toolkit-bar__now toolkit-bar--w20"></span><span class="toolkit-bar__later toolkit-bar--w0' in rows
    assert "style=" not in page

    operations.close_voting(toolkit.review)
    page = html(priya.get(voting_url(toolkit.review)))
    assert "The ranked ideas" in page
    assert "By ‘Could change now’ dots" in page and "By ‘Needs further planning’ dots" in page


def test_the_tally_refreshes_only_when_someone_votes(toolkit, ideas, priya):
    url = voting_url(toolkit.review)
    version = toolkit.review.version
    assert priya.get(url, {"live": "1", "seen": version}).status_code == 204
    operations.place_dot(toolkit.patel, ideas[0], LATER)
    response = priya.get(url, {"live": "1", "seen": version})
    assert response.status_code == 200 and 'id="toolkit-tally"' in html(response) and "<html" not in html(response)


def test_places_are_said_in_words():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


def test_the_facilitator_places_moves_and_takes_back_the_dots_of_someone_on_paper(toolkit, ideas, priya):
    paper = operations.add_paper_participant(toolkit.review, name="Mr Black", role="experience", work_group=toolkit.red)
    page = html(priya.get(voting_url(toolkit.review)))
    url = reverse("toolkit:vote_for", args=[paper.pk])
    assert url in page and "Place Mr Black’s dots" in page
    assert "Placing Mr Black’s dots" in html(priya.get(url))
    assert priya.post(url, {"action": "place", "idea": ideas[0].pk, "colour": LATER}).status_code == 302
    dot = Dot.objects.get(participant=paper)
    priya.post(url, {"action": "move", "dot": dot.pk, "idea": ideas[1].pk})
    dot.refresh_from_db()
    assert dot.idea == ideas[1]
    aishas = operations.place_dot(toolkit.aisha, ideas[0], NOW)
    assert priya.post(url, {"action": "take_back", "dot": aishas.pk}).status_code == 404
    priya.post(url, {"action": "take_back", "dot": dot.pk})
    assert not Dot.objects.filter(participant=paper).exists()
    assert AuditEvent.objects.filter(role="facilitator", what__contains="voting on paper").count() == 3


# Who may see what


@pytest.mark.parametrize("outsider", ["black", "green", None])
def test_outsiders_get_404_and_anonymous_visitors_are_asked_to_sign_in(toolkit, ideas, client, area, outsider):
    elsewhere = area_review(toolkit.other_council, "ELSEWHERE")
    urls = [
        voting_url(toolkit.review),
        reverse("toolkit:vote_for", args=[toolkit.aisha.pk]),
        reverse("toolkit:voting", args=[elsewhere.ids["area_review"]]),
        reverse("toolkit:vote_for", args=[elsewhere.ids["participant"]]),
    ]
    if outsider:
        client.force_login(getattr(area, outsider))
    for url in urls:
        get, post = client.get(url), client.post(url, {"action": "close", "idea": ideas[0].pk, "colour": NOW})
        if outsider:
            assert get.status_code == post.status_code == 404, url
        else:
            assert get.status_code == post.status_code == 302, url
            assert get["Location"].startswith(reverse("accounts:sign_in")), url
    toolkit.review.refresh_from_db()
    assert toolkit.review.voting_open and not Dot.objects.filter(review=toolkit.review).exists()


def test_a_planning_lead_gets_404_for_another_councils_voting(toolkit, priya):
    elsewhere = area_review(toolkit.other_council, "ELSEWHERE")
    assert (
        priya.post(reverse("toolkit:voting", args=[elsewhere.ids["area_review"]]), {"action": "close"}).status_code
        == 404
    )
    assert priya.get(reverse("toolkit:vote_for", args=[elsewhere.ids["participant"]])).status_code == 404


def test_the_voting_pages_take_as_many_queries_however_many_ideas_and_dots(
    toolkit, ideas, priya, as_participant, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def more(n):
        for number in range(n):
            group = operations.add_work_group(toolkit.review, name=f"Group {n}-{number}")
            person = operations.join(toolkit.review, name=f"Person {n}-{number}", role="other")
            for step in toolkit.steps:
                idea = operations.add_idea(group, step=step, text=f"Idea {n}-{number}")
            operations.place_dot(person, idea, NOW)
            operations.place_dot(toolkit.aisha, idea, LATER)

    aisha = as_participant(toolkit.aisha)
    more(1)
    small = [count(aisha, vote_url(toolkit.review))]
    priya.force_login(toolkit.review.facilitator)
    small.append(count(priya, voting_url(toolkit.review)))
    aisha = as_participant(toolkit.aisha)
    more(2)
    big = [count(aisha, vote_url(toolkit.review))]
    priya.force_login(toolkit.review.facilitator)
    big.append(count(priya, voting_url(toolkit.review)))
    assert big == small
    operations.close_voting(toolkit.review)
    with django_assert_max_num_queries(small[1] + 2):  # and the two rankings by colour
        assert priya.get(voting_url(toolkit.review)).status_code == 200


def test_the_facilitator_cannot_place_the_dots_of_someone_voting_on_their_own_phone(toolkit, ideas, priya):
    url = reverse("toolkit:vote_for", args=[toolkit.aisha.pk])
    assert priya.get(url).status_code == 404
    assert priya.post(url, {"action": "place", "idea": ideas[0].pk, "colour": NOW}).status_code == 404
    assert not Dot.objects.filter(participant=toolkit.aisha).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED, what__contains="voting on paper").exists()
