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
    assert "Sam" not in page and "Leah" not in page


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
