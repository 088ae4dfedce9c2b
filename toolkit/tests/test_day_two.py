"""Day 2: the five tables, the rotation and its timer, what groups write at each table and their ideas."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.marked_world import area_review
from toolkit import operations
from toolkit.models import AreaReview, Dot, Finding, Idea, TableNote


def tables_url(review, table=None):
    url = reverse("toolkit:tables", args=[review.pk])
    return f"{url}?table={table.code}" if table else url


def my_table_url(review):
    return reverse("toolkit:my_table", kwargs={"code": review.join_code})


def url_or_none(name, review):
    """Another part's participant page, if that part is there."""
    try:
        return reverse(name, kwargs={"code": review.join_code})
    except NoReverseMatch:
        return None


def html(response):
    return response.content.decode()


@pytest.fixture(autouse=True)
def on_day_two(toolkit):
    """The room is at the five tables (participants write there only then)."""
    toolkit.review = operations.move_to_stage(toolkit.review, AreaReview.Stage.DAY_TWO)


@pytest.fixture
def priya(client, area):
    client.force_login(area.priya)
    return client


@pytest.fixture
def elsewhere(toolkit):
    """Another council's review, with a group, an idea and a participant."""
    return area_review(toolkit.other_council, "ELSEWHERE")


# The facilitator's tables and the timer


def test_the_facilitator_sees_which_group_is_at_which_table_in_round_one(toolkit, priya):
    page = html(priya.get(tables_url(toolkit.review)))
    first, second = toolkit.steps[0], toolkit.steps[1]
    assert "Round 1" in page
    assert f"Table 1: {first.name}" in page and f"Table 2: {second.name}" in page
    table_one = page.split(f"Table 1: {first.name}")[1].split("Table 2:")[0]
    table_two = page.split(f"Table 2: {second.name}")[1].split("Table 3:")[0]
    assert "Red group" in table_one and "Blue group" not in table_one
    assert "Blue group" in table_two
    assert "The timer has not started yet." in page


def test_moving_on_takes_every_group_round_all_five_tables_and_back(toolkit, priya, as_participant):
    steps = toolkit.steps
    seen = []
    for _round in range(6):
        aisha = as_participant(toolkit.aisha)
        seen.append(html(aisha.get(my_table_url(toolkit.review))))
        priya.force_login(toolkit.review.facilitator)
        response = priya.post(reverse("toolkit:timer", args=[toolkit.review.pk]), {"action": "next"})
        assert response.status_code == 302
    for number, page in enumerate(seen):
        step = steps[number % 5]
        assert f"Table {number % 5 + 1}: {step.name}" in page
    toolkit.review.refresh_from_db()
    assert toolkit.review.rotation_round == 6


def test_the_timer_starts_pauses_carries_on_and_starts_again(toolkit, priya):
    url = reverse("toolkit:timer", args=[toolkit.review.pk])
    review = toolkit.review

    assert priya.post(url, {"action": "start"}).status_code == 302
    review.refresh_from_db()
    assert review.round_started_at is not None and review.rotation_round == 0
    assert "15:00" in html(priya.get(tables_url(review))) or "14:5" in html(priya.get(tables_url(review)))

    priya.post(url, {"action": "pause"})
    review.refresh_from_db()
    assert review.paused_seconds_left is not None and review.round_started_at is None
    page = html(priya.get(tables_url(review)))
    assert "left: paused" in page and 'value="resume"' in page

    priya.post(url, {"action": "resume"})
    review.refresh_from_db()
    assert review.paused_seconds_left is None and review.round_started_at is not None

    operations.start_round(review, now=timezone.now() - datetime.timedelta(minutes=20))
    assert "Time to move on" in html(priya.get(tables_url(review)))
    priya.post(url, {"action": "restart"})
    review.refresh_from_db()
    assert operations.seconds_left(review) > 14 * 60 and review.rotation_round == 0
    assert AuditEvent.objects.filter(role="facilitator", what__contains="timer").count() == 4


def test_a_timer_button_that_does_not_exist_changes_nothing(toolkit, priya):
    toolkit.review.refresh_from_db()
    version = toolkit.review.version
    response = priya.post(reverse("toolkit:timer", args=[toolkit.review.pk]), {"action": "explode", "table": "<x>"})
    assert response.status_code == 302 and response["Location"] == tables_url(toolkit.review)
    toolkit.review.refresh_from_db()
    assert toolkit.review.version == version


def test_the_timer_shows_the_seconds_left_for_the_browser_to_count_down(toolkit, priya, as_participant):
    operations.start_round(toolkit.review, now=timezone.now() - datetime.timedelta(minutes=5))
    page = html(priya.get(tables_url(toolkit.review)))
    assert 'data-seconds-left="600"' in page or 'data-seconds-left="599"' in page
    assert 'data-paused="false"' in page and "js/toolkit-timer.mjs" in page
    assert 'aria-live="assertive"' in page
    # screens ask with live=1, which does not keep a facilitator who walked away signed in
    assert "?live=1&amp;part=timer" in page and "?live=1&amp;part=table" in page
    aisha = as_participant(toolkit.aisha)
    assert "data-toolkit-timer" in html(aisha.get(my_table_url(toolkit.review)))


def test_a_tables_sheet_shows_the_four_boxes_the_ideas_and_what_day_one_found(toolkit, priya):
    step = toolkit.steps[2]
    operations.add_table_note(toolkit.red, step=step, kind=TableNote.Kind.FUTURE, text="Every plan read by the Board")
    operations.add_table_note(
        toolkit.blue, step=step, kind=TableNote.Kind.WHAT_IT_TAKES, text="A planning coordinator in each team"
    )
    operations.add_idea(toolkit.blue, step=step, text="Quarterly learning event")
    operations.add_finding(
        toolkit.red, people_group=toolkit.people_groups[0], step=step, kind=Finding.Kind.WORKING, text="Reviews on time"
    )
    operations.add_finding(
        toolkit.red, people_group=toolkit.people_groups[0], step=step, kind="not_working", text="Plans not shared"
    )
    operations.add_finding(
        toolkit.red, people_group=toolkit.people_groups[0], step=toolkit.steps[0], kind="working", text="Other step"
    )
    page = html(priya.get(tables_url(toolkit.review, step)))
    for words in (
        "What works well",
        "What is not working",
        "What we want to see in the future",
        "What it would take to get there",
        "Every plan read by the Board",
        "A planning coordinator in each team",
        "Quarterly learning event",
        "From the pathways",
        "Reviews on time",
        "Plans not shared",
    ):
        assert words in page
    assert "Other step" not in page
    assert reverse("toolkit:change_idea", args=[Idea.objects.get().pk]) in page


def test_the_tables_page_answers_nothing_new_until_the_review_changes(toolkit, priya):
    review = toolkit.review
    review.refresh_from_db()
    url = tables_url(review)
    assert priya.get(url, {"live": "1", "part": "table", "seen": review.version}).status_code == 204
    assert priya.get(url, {"live": "1", "part": "timer", "seen": review.version}).status_code == 204
    operations.add_table_note(toolkit.red, step=toolkit.steps[0], kind="future", text="Something new")
    response = priya.get(url, {"live": "1", "part": "table", "seen": review.version, "table": toolkit.steps[0].code})
    assert response.status_code == 200 and "Something new" in html(response)
    assert "<html" not in html(response) and 'id="toolkit-tables"' in html(response)
    timer = priya.get(url, {"live": "1", "part": "timer", "seen": "nonsense"})
    assert timer.status_code == 200 and 'id="toolkit-timer"' in html(timer)


# A participant at their group's table


def test_a_participant_reads_what_earlier_groups_wrote_and_day_one_found_before_the_form(toolkit, as_participant):
    step = toolkit.steps[0]
    operations.add_table_note(toolkit.blue, step=step, kind="not_working", text="Reviews come too late")
    operations.add_idea(toolkit.blue, step=step, text="Plan from Year 9")
    operations.add_finding(
        toolkit.blue, people_group=toolkit.people_groups[2], step=step, kind="not_working", text="Nobody asked Dad"
    )
    page = html(as_participant(toolkit.aisha).get(my_table_url(toolkit.review)))
    form_at = page.index('name="note-text"')
    assert f"Table 1: {step.name}" in page
    assert page.index("Reviews come too late") < form_at
    assert page.index("Plan from Year 9") < form_at
    assert page.index("Nobody asked Dad") < page.index("From the pathways") + 2000 and "Nobody asked Dad" in page
    assert page.index("Nobody asked Dad") < form_at
    assert "Things to think about" in page and 'class="govuk-details"' in page
    assert step.prompts_by_kind["think_about"][0].text[:30] in page


def test_a_group_named_like_a_table_gets_a_heading_that_reads_naturally(toolkit, as_participant):
    toolkit.red.name = "Green table"
    toolkit.red.save(update_fields=["name"])
    page = html(as_participant(toolkit.aisha).get(my_table_url(toolkit.review)))
    assert "Day 2 for Green table" in page
    assert "table’s table" not in page and "table's table" not in page


def test_a_participant_adds_to_a_box_at_their_groups_table(toolkit, as_participant):
    aisha = as_participant(toolkit.aisha)
    step = toolkit.steps[0]
    response = aisha.post(
        my_table_url(toolkit.review),
        {"action": "note", "table": step.code, "note-kind": "future", "note-text": "Every young person has a plan"},
    )
    assert response.status_code == 302
    note = TableNote.objects.get()
    assert (note.step, note.work_group, note.kind, note.written_by, note.typed_by_facilitator) == (
        step,
        toolkit.red,
        "future",
        toolkit.aisha,
        False,
    )
    assert "Every young person has a plan" in html(aisha.get(my_table_url(toolkit.review)))


def test_what_a_group_writes_as_the_round_moves_on_goes_on_the_sheet_they_were_reading(toolkit, as_participant):
    operations.next_round(toolkit.review)
    aisha = as_participant(toolkit.aisha)
    aisha.post(
        my_table_url(toolkit.review),
        {"action": "note", "table": toolkit.steps[0].code, "note-kind": "future", "note-text": "Late note"},
    )
    assert TableNote.objects.get().step == toolkit.steps[0]


def test_a_note_without_words_is_shown_again_with_what_to_do(toolkit, as_participant):
    response = as_participant(toolkit.aisha).post(
        my_table_url(toolkit.review), {"action": "note", "note-kind": "", "note-text": "  "}
    )
    page = html(response)
    assert response.status_code == 400
    assert "<title>Error:" in page and "govuk-error-summary" in page
    assert "Choose which box this goes in" in page and "Enter what your group says" in page
    assert not TableNote.objects.exists()


def test_a_group_gives_its_top_two_ideas_and_a_third_is_refused(toolkit, as_participant):
    aisha = as_participant(toolkit.aisha)
    url = my_table_url(toolkit.review)
    for text in ("Plan from Year 9", "Easy-read guide"):
        assert aisha.post(url, {"action": "idea", "idea-text": text}).status_code == 302
    page = html(aisha.get(url))
    assert 'name="idea-text"' not in page and "already has its top 2 ideas" in page
    response = aisha.post(url, {"action": "idea", "idea-text": "A third"})
    assert response.status_code == 400
    assert "Your group already has its top 2 ideas at this table. Change one of them instead." in html(response)
    assert list(Idea.objects.values_list("text", flat=True)) == ["Plan from Year 9", "Easy-read guide"]
    # another group still has its own two at the same table
    patel = as_participant(toolkit.patel)
    patel.post(url, {"action": "idea", "idea-text": "Blue's idea", "table": toolkit.steps[0].code})
    assert Idea.objects.filter(work_group=toolkit.blue).count() == 1


def test_a_participant_changes_and_takes_back_their_own_groups_idea(toolkit, as_participant):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan form Year 9", by=toolkit.jo)
    aisha = as_participant(toolkit.aisha)
    url = my_table_url(toolkit.review)
    page = html(aisha.get(url, {"change": idea.pk}))
    assert 'name="change-text"' in page and "Plan form Year 9" in page
    response = aisha.post(url, {"action": "change", "idea": idea.pk, "change-text": "Plan from Year 9"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.text == "Plan from Year 9"
    assert aisha.post(url, {"action": "change", "idea": idea.pk, "change-text": ""}).status_code == 400
    assert aisha.post(url, {"action": "remove", "idea": idea.pk}).status_code == 302
    assert not Idea.objects.exists()


def test_a_participant_cannot_change_another_groups_idea(toolkit, as_participant):
    blue_idea = operations.add_idea(toolkit.blue, step=toolkit.steps[0], text="Blue's idea")
    aisha = as_participant(toolkit.aisha)
    url = my_table_url(toolkit.review)
    assert aisha.post(url, {"action": "change", "idea": blue_idea.pk, "change-text": "Hijacked"}).status_code == 404
    assert aisha.post(url, {"action": "remove", "idea": blue_idea.pk}).status_code == 404
    assert aisha.post(url, {"action": "remove", "idea": "¹"}).status_code == 404
    assert 'name="change-text"' not in html(aisha.get(url, {"change": blue_idea.pk}))
    blue_idea.refresh_from_db()
    assert blue_idea.text == "Blue's idea"


def test_ideas_stay_as_they_are_once_voting_opens(toolkit, as_participant):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan from Year 9")
    operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    aisha = as_participant(toolkit.aisha)
    url = my_table_url(toolkit.review)
    page = html(aisha.get(url))
    assert "Voting has started, so the ideas stay as they are now." in page and 'name="idea-text"' not in page
    aisha.post(url, {"action": "change", "idea": idea.pk, "change-text": "Changed"})
    aisha.post(url, {"action": "idea", "idea-text": "Late idea"})
    aisha.post(url, {"action": "remove", "idea": idea.pk})
    assert list(Idea.objects.values_list("text", flat=True)) == ["Plan from Year 9"]


def test_the_page_moves_to_the_next_table_when_the_round_moves_on(toolkit, as_participant):
    aisha = as_participant(toolkit.aisha)
    url = my_table_url(toolkit.review)
    review = toolkit.review
    review.refresh_from_db()
    assert (
        aisha.get(url, {"live": "1", "part": "table", "seen": review.version, "at": toolkit.steps[0].code}).status_code
        == 204
    )
    operations.next_round(review)
    response = aisha.get(url, {"live": "1", "part": "table", "seen": review.version, "at": toolkit.steps[0].code})
    page = html(response)
    assert response.status_code == 200 and f"Table 2: {toolkit.steps[1].name}" in page
    assert "Your group has moved to table 2" in page and 'hx-swap-oob="true"' in page


def test_a_participant_without_a_group_is_sent_to_choose_one(toolkit, as_participant):
    operations.choose_work_group(toolkit.aisha, None)
    response = as_participant(toolkit.aisha).get(my_table_url(toolkit.review))
    choose = url_or_none("toolkit:choose_group", toolkit.review)
    if choose:
        assert response.status_code == 302 and response["Location"] == choose
    else:  # the setup part's page is not there: the page says what to do
        assert response.status_code == 403 and "Ask the facilitator" in html(response)


def test_someone_who_has_not_joined_is_sent_to_join(toolkit, client):
    response = client.get(my_table_url(toolkit.review))
    join = url_or_none("toolkit:join_with_code", toolkit.review)
    if join:
        assert response.status_code == 302 and response["Location"] == join
    else:
        assert response.status_code == 403 and "Join this review" in html(response)
    assert client.post(my_table_url(toolkit.review), {"action": "note", "note-kind": "future", "note-text": "x"})
    assert not TableNote.objects.exists()


def test_a_participant_of_another_review_is_not_one_of_this_one(toolkit, elsewhere, as_participant):
    client = as_participant(toolkit.aisha)
    response = client.get(reverse("toolkit:my_table", kwargs={"code": elsewhere.code}))
    assert response.status_code in (302, 403)
    assert "ELSEWHERE" not in html(response)
    assert client.get(reverse("toolkit:my_table", kwargs={"code": "NOSUCH"})).status_code == 404


# The facilitator typing for a group on paper, and changing ideas


def test_the_facilitator_types_what_a_group_on_paper_writes(toolkit, priya):
    url = reverse("toolkit:type_at_table", args=[toolkit.blue.pk])
    page = html(priya.get(url))
    assert f"Table 2: {toolkit.steps[1].name}" in page and "Typing for Blue group" in page
    step = toolkit.steps[4]
    response = priya.post(
        f"{url}?table={step.code}",
        {"action": "note", "table": step.code, "note-kind": "works_well", "note-text": "Board asks about plans"},
    )
    assert response.status_code == 302 and step.code in response["Location"]
    priya.post(url, {"action": "idea", "table": step.code, "idea-text": "Board hears from families"})
    note, idea = TableNote.objects.get(), Idea.objects.get()
    assert (
        note.typed_by_facilitator and note.written_by is None and note.step == step and note.work_group == toolkit.blue
    )
    assert idea.typed_by_facilitator and idea.step == step
    assert AuditEvent.objects.filter(role="facilitator", what__contains="on paper").count() == 2


def test_the_facilitator_changes_an_idea_and_takes_one_back_before_it_has_dots(toolkit, priya):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan form Year 9")
    other = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Easy-read guide")
    change = reverse("toolkit:change_idea", args=[idea.pk])
    assert "Plan form Year 9" in html(priya.get(change))
    bad = priya.post(change, {"text": ""})
    assert bad.status_code == 400 and "Enter your group’s idea" in html(bad)
    assert priya.post(change, {"text": "Plan from Year 9"})["Location"] == tables_url(toolkit.review, toolkit.steps[0])
    idea.refresh_from_db()
    assert idea.text == "Plan from Year 9"

    operations.move_to_stage(toolkit.review, AreaReview.Stage.VOTING)
    operations.place_dot(toolkit.patel, other, Dot.Colour.NOW)
    remove = reverse("toolkit:remove_idea", args=[other.pk])
    assert "People have voted for this idea, so it stays." in html(priya.get(remove))
    priya.post(remove)
    assert Idea.objects.filter(pk=other.pk).exists()
    assert "Take it back" in html(priya.get(reverse("toolkit:remove_idea", args=[idea.pk])))
    priya.post(reverse("toolkit:remove_idea", args=[idea.pk]))
    assert not Idea.objects.filter(pk=idea.pk).exists()


# Who may see what


def facilitator_urls(toolkit, elsewhere):
    """Riverside's pages and the other council's, to try as outsiders."""
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Plan from Year 9")
    own = [
        tables_url(toolkit.review),
        reverse("toolkit:type_at_table", args=[toolkit.red.pk]),
        reverse("toolkit:change_idea", args=[idea.pk]),
        reverse("toolkit:remove_idea", args=[idea.pk]),
    ]
    ids = elsewhere.ids
    other = [
        reverse("toolkit:tables", args=[ids["area_review"]]),
        reverse("toolkit:type_at_table", args=[ids["work_group"]]),
        reverse("toolkit:change_idea", args=[ids["idea"]]),
        reverse("toolkit:remove_idea", args=[ids["idea"]]),
        reverse("toolkit:timer", args=[ids["area_review"]]),
    ]
    return own + [reverse("toolkit:timer", args=[toolkit.review.pk])], other


@pytest.mark.parametrize("outsider", ["black", "green"])
def test_outsiders_get_404_on_every_day_two_page(toolkit, elsewhere, client, area, outsider):
    own, other = facilitator_urls(toolkit, elsewhere)
    client.force_login(getattr(area, outsider))
    for url in own + other:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"action": "next", "text": "x"}).status_code == 404, url
    assert Idea.objects.filter(text="x").count() == 0
    toolkit.review.refresh_from_db()
    assert toolkit.review.rotation_round == 0


def test_a_planning_lead_gets_404_for_another_councils_review(toolkit, elsewhere, priya):
    _own, other = facilitator_urls(toolkit, elsewhere)
    for url in other:
        assert priya.post(url, {"action": "next", "text": "x"}).status_code == 404, url
    assert not Idea.objects.filter(text="x").exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(toolkit, elsewhere, client):
    own, _other = facilitator_urls(toolkit, elsewhere)
    for url in own:
        response = client.post(url) if "timer" in url else client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"], url


def test_the_tables_pages_take_as_many_queries_however_much_is_written(
    toolkit, priya, as_participant, django_assert_max_num_queries
):
    def fill(n):
        for number in range(n):
            group = operations.add_work_group(toolkit.review, name=f"Group {number} {n}", on_paper=True)
            for step in toolkit.steps:
                operations.add_table_note(group, step=step, kind="future", text=f"Note {number}")
                operations.add_idea(group, step=step, text=f"Idea {number}")
                operations.add_finding(
                    group, people_group=toolkit.people_groups[0], step=step, kind="working", text="F"
                )

    def count(url, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    step = toolkit.steps[0]
    fill(1)
    small = [count(tables_url(toolkit.review), priya), count(tables_url(toolkit.review, step), priya)]
    fill(6)
    big = [count(tables_url(toolkit.review), priya), count(tables_url(toolkit.review, step), priya)]
    assert big == small
    aisha = as_participant(toolkit.aisha)
    with django_assert_max_num_queries(16):
        assert aisha.get(my_table_url(toolkit.review)).status_code == 200


def test_a_group_writes_only_at_its_table_this_round_or_the_last(toolkit, as_participant):
    operations.next_round(toolkit.review)  # Red group is at table 2, was at table 1
    aisha = as_participant(toolkit.aisha)
    for table in toolkit.steps[0], toolkit.steps[4]:
        aisha.post(
            my_table_url(toolkit.review),
            {"action": "note", "table": table.code, "note-kind": "future", "note-text": table.code},
        )
    assert dict(TableNote.objects.values_list("text", "step")) == {
        toolkit.steps[0].code: toolkit.steps[0].pk,  # the table they were reading as the round moved on
        toolkit.steps[4].code: toolkit.steps[1].pk,  # never a table they have not reached: their table now
    }


@pytest.mark.parametrize(
    "stage, takes_notes", [("setting_up", False), ("day_one", False), ("voting", True), ("finished", False)]
)
def test_participants_write_at_the_tables_only_from_day_two_until_the_end(toolkit, as_participant, stage, takes_notes):
    operations.move_to_stage(toolkit.review, stage)
    aisha = as_participant(toolkit.aisha)
    note = {"action": "note", "table": toolkit.steps[0].code, "note-kind": "future", "note-text": "A note"}
    idea = {"action": "idea", "table": toolkit.steps[0].code, "idea-text": "An idea"}
    aisha.post(my_table_url(toolkit.review), note)
    aisha.post(my_table_url(toolkit.review), idea)
    assert TableNote.objects.exists() == takes_notes
    assert not Idea.objects.exists()
