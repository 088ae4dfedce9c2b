"""The report of Day 1: what to celebrate and areas for action, step by step, as a page, PDF and Word."""

import io

from django.urls import reverse

from ourplan.tests.pdf import pdf_pages
from toolkit import operations, report_day_one
from toolkit.models import Finding

WORKING, NOT_WORKING = Finding.Kind.WORKING, Finding.Kind.NOT_WORKING


def add_notes(toolkit):
    steps, pgs = toolkit.steps, toolkit.people_groups
    operations.add_finding(toolkit.red, people_group=pgs[1], step=steps[0], kind=WORKING, text="Carers are asked first")
    operations.add_finding(toolkit.blue, people_group=pgs[2], step=steps[2], kind=WORKING, text="Outcomes are checked")
    operations.add_finding(
        toolkit.red, people_group=pgs[0], step=steps[0], kind=NOT_WORKING, text="Newcomers wait months"
    )
    operations.add_finding(toolkit.blue, people_group=pgs[2], step=steps[4], kind=NOT_WORKING, text="Nobody leads it")


def in_order(text, *parts):
    """Whether ``parts`` come in this order in ``text``, each after the one before."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def test_the_report_page_puts_each_note_under_its_heading_and_step(toolkit, signed_in):
    add_notes(toolkit)
    steps, pgs = toolkit.steps, toolkit.people_groups
    page = signed_in(toolkit.review.facilitator).get(reverse("toolkit:day_one_report", args=[toolkit.review.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    celebrate, action = text.index("What to celebrate"), text.index("Areas for action")
    assert celebrate < action
    assert in_order(text, "What to celebrate", steps[0].name, "Carers are asked first", steps[2].name)
    assert in_order(text, steps[2].name, "Outcomes are checked", "Areas for action")
    assert in_order(text, "Areas for action", steps[0].name, "Newcomers wait months", steps[4].name, "Nobody leads it")
    assert f"about: {pgs[1].name}" in text and f"about: {pgs[0].name}" in text
    assert "Riverside Council" in text and "Riverside Library" in text
    assert "People who took part" in text and "Red group" in text and "Blue group" in text
    assert "Nothing was written for this step." in text


def test_the_report_data_counts_who_took_part_and_lists_the_small_groups(toolkit):
    add_notes(toolkit)
    data = report_day_one.report_data(toolkit.review)
    assert data["took_part"] == 3 and data["notes"] == 4
    assert data["work_groups"][0] == {
        "name": "Red group",
        "people_groups": [pg.name for pg in toolkit.people_groups[:2]],
    }
    celebrate = {step["name"]: step["notes"] for step in data["parts"][0]["steps"]}
    assert celebrate[toolkit.steps[0].name] == [
        {"text": "Carers are asked first", "about": toolkit.people_groups[1].name}
    ]


def test_the_report_is_worked_out_in_a_few_queries_however_many_notes(toolkit, django_assert_max_num_queries):
    for n in range(40):
        operations.add_finding(
            toolkit.red,
            people_group=toolkit.people_groups[n % 2],
            step=toolkit.steps[n % 5],
            kind=[WORKING, NOT_WORKING][n % 2],
            text=f"Note {n}",
        )
    with django_assert_max_num_queries(6):
        data = report_day_one.report_data(toolkit.review)
    assert data["notes"] == 40


def test_the_report_downloads_as_a_pdf_with_the_notes_under_their_headings(toolkit, signed_in):
    add_notes(toolkit)
    response = signed_in(toolkit.review.facilitator).get(
        reverse("toolkit:day_one_report_pdf", args=[toolkit.review.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="day-1-report-riverside-council-{toolkit.review.day_one.isoformat()}.pdf"'
    )
    assert pdf_pages(response.content) >= 1
    # The PDF is made from this HTML (its text is drawn as glyphs, not searchable here).
    html = report_day_one.pdf_html(report_day_one.report_data(toolkit.review))
    assert in_order(html, "What to celebrate", toolkit.steps[0].name, "Carers are asked first", "Areas for action")
    assert in_order(html, "Areas for action", "Newcomers wait months", toolkit.steps[4].name, "Nobody leads it")


def test_the_report_downloads_as_a_word_document_with_the_notes_under_their_headings(toolkit, signed_in):
    from docx import Document

    add_notes(toolkit)
    response = signed_in(toolkit.review.facilitator).get(
        reverse("toolkit:day_one_report_docx", args=[toolkit.review.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    paragraphs = [(p.style.name, p.text) for p in Document(io.BytesIO(response.content)).paragraphs]
    text = "\n".join(t for _style, t in paragraphs)
    assert ("Heading 1", "What to celebrate") in paragraphs and ("Heading 1", "Areas for action") in paragraphs
    assert ("Heading 2", toolkit.steps[0].name) in paragraphs
    assert ("List Bullet", f"Carers are asked first (about: {toolkit.people_groups[1].name})") in paragraphs
    assert in_order(text, "What to celebrate", "Carers are asked first", "Outcomes are checked", "Areas for action")
    assert in_order(text, "Areas for action", "Newcomers wait months", "Nobody leads it")
    assert "People who took part: 3" in text


def test_a_planning_lead_of_the_area_may_read_the_report_too(area, toolkit, signed_in):
    from ourplan.tests.factories import UserFactory

    toolkit.review.facilitator = UserFactory(name="Outside facilitator", email="facilitator@example.org")
    toolkit.review.save(update_fields=["facilitator"])
    response = signed_in(area.priya).get(reverse("toolkit:day_one_report", args=[toolkit.review.pk]))
    assert response.status_code == 200
    assert signed_in(area.green).get(reverse("toolkit:day_one_report", args=[toolkit.review.pk])).status_code == 404
