"""The six-monthly report to the Partnership Board: prepared from the area's figures, published
frozen, downloaded as PDF and Word, and never naming a child."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from insights import report
from insights.models import BoardReport, CommissioningAction, Theme
from ourplan.tests.factories import OrganisationFactory
from ourplan.tests.pdf import pdf_pages
from ourplan.tests.words import words

BOARD = reverse("insights:board_reports")
PUBLISH = reverse("insights:publish_board_report")


@pytest.fixture
def transport_action(area):
    theme = Theme.objects.get_or_create(local_authority=area.council, name="Transport")[0]
    return CommissioningAction.objects.create(
        local_authority=area.council,
        theme=theme,
        you_said="Taxis to school are often late.",
        we_will="Agree arrival times with every taxi firm.",
        who="Home to school transport team",
        by_when=timezone.localdate() + datetime.timedelta(days=90),
    )


def test_the_planning_lead_sees_the_report_for_the_last_six_months_with_you_said_we_did(
    area, signed_in, transport_action
):
    page = signed_in(area.priya).get(BOARD).content.decode()
    assert "Report to the Partnership Board" in page
    assert "Planning for everyone" in page and "Making sure it works" in page and "Creating wider change" in page
    assert "Agree arrival times with every taxi firm." in page
    assert "fewer than 5" in page  # the small test area's numbers are hidden, as they must be
    assert "Sam" not in words(page) and "Leah" not in words(page)


def test_publishing_freezes_the_report_and_later_changes_do_not_alter_it(area, signed_in, transport_action):
    client = signed_in(area.priya)
    response = client.post(PUBLISH)
    board_report = BoardReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "insights:board_report", args=[board_report.pk]
    )
    assert board_report.local_authority == area.council and board_report.created_by == area.priya
    transport_action.we_will = "Something else entirely."
    transport_action.save()
    page = client.get(reverse("insights:board_report", args=[board_report.pk])).content.decode()
    assert "Agree arrival times with every taxi firm." in page and "Something else entirely." not in page
    assert AuditEvent.objects.filter(
        user=area.priya, action="changed", what__contains="published the Board report"
    ).exists()


def test_the_report_downloads_as_a_pdf_and_a_word_document(area, signed_in, transport_action):
    from docx import Document

    client = signed_in(area.priya)
    client.post(PUBLISH)
    board_report = BoardReport.objects.get()
    pdf = client.get(reverse("insights:board_report_pdf", args=[board_report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf_pages(pdf.content) >= 1
    docx = client.get(reverse("insights:board_report_docx", args=[board_report.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Agree arrival times with every taxi firm." in text and "fewer than 5" in text


def test_top_themes_say_how_they_changed_since_the_last_report():
    earlier = {"rounded": {"Transport": 10, "Housing": 20, "Therapy": 30}}
    now = {"rounded": {"Transport": 25, "Housing": 20, "Therapy": 15, "Friendships": 5, "Health": None}}
    top = {t["theme"]: t["change"] for t in report.top_themes(now, earlier)}
    assert top == {"Transport": "up", "Housing": "same", "Therapy": "down", "Friendships": "new"}
    assert [t["theme"] for t in report.top_themes(now)] == ["Transport", "Housing", "Therapy", "Friendships"]
    assert all(t["change"] == "" for t in report.top_themes(now))


def test_a_report_stores_only_what_was_shown_never_a_true_count(area, signed_in):
    signed_in(area.priya).post(PUBLISH)
    stored = BoardReport.objects.get().figures
    for section in stored["sections"]:
        for table in section["tables"]:
            for _label, cells in table["rows"]:
                assert all(isinstance(shown, str) for shown in cells)
                assert not any(shown in {"1", "2", "3", "4"} for shown in cells)


def test_another_areas_report_is_out_of_reach(area, signed_in):
    elsewhere = OrganisationFactory(name="Hilltop Council", kind="local_authority")
    theirs = BoardReport.objects.create(
        local_authority=elsewhere,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        figures={},
    )
    client = signed_in(area.priya)
    for name in ("board_report", "board_report_pdf", "board_report_docx"):
        assert client.get(reverse(f"insights:{name}", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("who", ["green", "aisha", "black", "patel"])
def test_anyone_but_a_planning_lead_is_refused(area, signed_in, who):
    client = signed_in(getattr(area, who))
    board_report = BoardReport.objects.create(
        local_authority=area.council,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        figures={},
    )
    assert client.get(BOARD).status_code == 403
    assert client.post(PUBLISH).status_code == 403
    for name in ("board_report", "board_report_pdf", "board_report_docx"):
        assert client.get(reverse(f"insights:{name}", args=[board_report.pk])).status_code == 403
    assert not BoardReport.objects.exclude(pk=board_report.pk).exists()


def test_the_planning_leads_home_page_links_to_themes_you_said_we_did_and_the_board_report(area, signed_in):
    page = signed_in(area.priya).get(reverse("home")).content.decode()
    for name in ("insights:themes", "insights:you_said_we_did", "insights:board_reports"):
        assert reverse(name) in page


@pytest.fixture
def area_strategy(area):
    """Riverside's review of its planning with three strategy actions: one done, one stuck, one overdue."""
    from toolkit import content, operations
    from toolkit.models import StrategyAction

    steps, _groups = content.content_for(area.council)
    today = timezone.localdate()
    review = operations.set_up_review(
        area.council, by=area.priya, title="Riverside review", facilitator=area.priya, day_one=today, day_two=today
    )
    group = operations.add_work_group(review, name="Red group")
    idea = operations.add_idea(group, step=steps[0], text="Offer every Year 9 pupil a review")
    priority = operations.make_priority(review, idea, timescale="now")
    made = {}
    for what, days in (("Write to every school", 30), ("Train the coordinators", 60), ("Publish the guide", 90)):
        made[what] = operations.add_strategy_action(
            priority,
            by=area.priya,
            who="Transition team",
            what=what,
            by_when=today + datetime.timedelta(days=days),
            monitored_by="Board chair",
            task_group="Transition task group",
            report_by=today + datetime.timedelta(days=120),
        )
    operations.update_strategy_progress(made["Write to every school"], status="done", by=area.priya)
    operations.update_strategy_progress(
        made["Train the coordinators"], status="stuck", note="No trainer", by=area.priya
    )
    StrategyAction.objects.filter(pk=made["Publish the guide"].pk).update(by_when=today - datetime.timedelta(days=3))
    return made


def test_the_board_report_includes_the_areas_strategy_and_how_its_actions_are_going(area, signed_in, area_strategy):
    page = signed_in(area.priya).get(BOARD).content.decode()
    assert "The area’s strategy" in page
    assert "3 actions: 1 done, 0 in progress, 1 stuck, 1 not started; 1 overdue." in page
    assert "Offer every Year 9 pupil a review" in page and "Transition team" in page
    assert page.index("Publish the guide") < page.index("Train the coordinators") < page.index("Write to every school")


def test_the_strategy_section_is_frozen_when_published_and_in_the_pdf_and_word_files(area, signed_in, area_strategy):
    from docx import Document

    from toolkit import operations
    from toolkit.tests.test_strategy_documents import pdf_text

    client = signed_in(area.priya)
    client.post(PUBLISH)
    board_report = BoardReport.objects.get()
    stored = board_report.figures["strategy"]
    assert stored["counts"]["done"] == 1 and stored["counts"]["overdue"] == 1
    assert {a["what"] for a in stored["actions"]} == set(area_strategy)
    operations.update_strategy_progress(area_strategy["Publish the guide"], status="done", by=area.priya)
    page = client.get(reverse("insights:board_report", args=[board_report.pk])).content.decode()
    assert "3 actions: 1 done, 0 in progress, 1 stuck, 1 not started; 1 overdue." in page
    text = pdf_text(client.get(reverse("insights:board_report_pdf", args=[board_report.pk])).content)
    assert "The area’s strategy" in text and "Publish the guide" in text
    docx = client.get(reverse("insights:board_report_docx", args=[board_report.pk]))
    words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "The area’s strategy" in words and "Train the coordinators" in words and "Stuck" in words


def test_another_councils_strategy_is_not_in_the_report_and_an_older_report_still_reads(area, signed_in):
    from toolkit import content, operations

    elsewhere = OrganisationFactory(name="Hilltop Council", kind="local_authority")
    steps, _groups = content.content_for(elsewhere)
    today = timezone.localdate()
    review = operations.set_up_review(
        elsewhere, by=area.priya, title="Hilltop review", facilitator=area.priya, day_one=today, day_two=today
    )
    idea = operations.add_idea(operations.add_work_group(review, name="Blue"), step=steps[0], text="Hilltop idea")
    operations.add_strategy_action(
        operations.make_priority(review, idea, timescale="now"),
        by=area.priya,
        who="Hilltop team",
        what="Hilltop's own action",
        by_when=today,
        monitored_by="Someone",
        task_group="Hilltop group",
        report_by=today,
    )
    client = signed_in(area.priya)
    assert "Hilltop" not in client.get(BOARD).content.decode()
    client.post(PUBLISH)  # then made to look like a report published before the strategy section existed
    older = BoardReport.objects.get()
    assert older.figures["strategy"]["counts"]["total"] == 0
    BoardReport.objects.filter(pk=older.pk).update(
        figures={key: value for key, value in older.figures.items() if key != "strategy"}
    )
    page = client.get(reverse("insights:board_report", args=[older.pk]))
    assert page.status_code == 200 and "The area’s strategy" not in page.content.decode()


def test_the_report_explains_every_word_its_tables_use_for_a_number_kept_back(area, signed_in):
    page = signed_in(area.priya).get(BOARD).content.decode()
    assert ">not shown<" in page
    assert "“hidden”" in page and "“not shown”" in page
