"""The strategy report: the review, who took part (counts by role), the priorities with their votes,
a year from now, the actions and who governs them, as a page, a PDF and a Word document."""

import io
import re
import zlib

from django.urls import reverse

from ourplan.tests.pdf import pdf_pages
from toolkit import operations
from toolkit.models import Dot
from toolkit.tests.test_strategy import an_action, days, voted  # noqa: F401 (a fixture)

NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER


def url(name, *args):
    return reverse(f"toolkit:{name}", args=args)


def pdf_text(pdf):
    """The words of a PDF made by WeasyPrint, read back through its fonts' ToUnicode maps (each text
    run's glyph ids are the font's own, so the maps of all its subsets agree)."""
    streams = [
        zlib.decompressobj().decompress(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    ]
    glyphs = {}
    for stream in streams:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                glyphs[code.lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    runs = []
    for stream in streams:
        for array in re.findall(rb"\[(.*?)\]\s*TJ", stream, re.S):
            hexes = b"".join(re.findall(rb"<([0-9a-fA-F]+)>", array)).lower()
            runs.append("".join(glyphs.get(hexes[i : i + 4], "") for i in range(0, len(hexes), 4)))
    return re.sub(r"\s+", " ", " ".join(runs))


def docx_text(content):
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def strategy_of(area, voted):  # noqa: F811
    first = operations.make_priority(voted.review, voted.year9, timescale=NOW)
    operations.set_year_from_now(first, "All young people in Year 9 have a person-centred review")
    second = operations.make_priority(voted.review, voted.guide, timescale=LATER)
    an_action(first, area.priya, who="Transition team", what="Write to every school", by_when=days(60))
    an_action(
        second,
        area.priya,
        who="Information officer",
        what="Draft the easy-read guide",
        monitored_by="Head of SEND",
        task_group="Communications group",
    )
    return first, second


def test_the_strategy_page_shows_priorities_votes_actions_and_governance(area, signed_in, voted):  # noqa: F811
    strategy_of(area, voted)
    page = signed_in(area.priya).get(url("strategy", voted.review.pk)).content.decode()
    assert "Riverside review of planning" in page and "Riverside Council" in page
    assert "3 people took part" in page
    assert "Commissioner: 1" in page and "Support provider: 1" in page
    assert "Aisha" not in page and "Jo Evans" not in page  # counts by role, never names
    now, later = page.index("What could change now"), page.index("What needs further planning")
    assert now < page.index(voted.year9.text) < later < page.index(voted.guide.text)
    assert "2 dots for could change now, 1 for needs further planning, 3 in all" in page
    assert "All young people in Year 9 have a person-centred review" in page
    assert "Transition team" in page and "Write to every school" in page
    assert "Who makes sure it happens" in page and "Communications group" in page and "Head of SEND" in page
    assert "Transition task group" in page and "Chair of the Partnership Board" in page


def test_the_strategy_downloads_as_a_pdf_with_its_words(area, signed_in, voted):  # noqa: F811
    strategy_of(area, voted)
    response = signed_in(area.priya).get(url("strategy_pdf", voted.review.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="strategy-')
    assert pdf_pages(response.content) >= 1
    text = pdf_text(response.content)
    for words in (
        "The priorities",
        "Year 9 pupil",
        "All young people in Year 9",
        "Write to every school",
        "Transition team",
        "Who makes sure it happens",
        "Communications group",
        "Head of SEND",
        "3 in all",
    ):
        assert words in text, words
    assert "Aisha" not in text


def test_the_strategy_downloads_as_a_word_document_with_its_words(area, signed_in, voted):  # noqa: F811
    strategy_of(area, voted)
    response = signed_in(area.priya).get(url("strategy_docx", voted.review.pk))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    text = docx_text(response.content)
    for words in (
        "Riverside review of planning",
        "3 people took part",
        "Commissioner: 1",
        voted.year9.text,
        "2 dots for could change now, 1 for needs further planning, 3 in all",
        "A year from now: All young people in Year 9 have a person-centred review",
        "Write to every school",
        "Transition team",
        "Who makes sure it happens",
        "Communications group",
        "Head of SEND",
    ):
        assert words in text, words
    assert "Aisha" not in text


def test_a_strategy_with_nothing_chosen_yet_still_makes_its_documents(area, signed_in, voted):  # noqa: F811
    client = signed_in(area.priya)
    assert "No priorities have been chosen yet." in client.get(url("strategy", voted.review.pk)).content.decode()
    assert "No priorities have been chosen yet." in docx_text(client.get(url("strategy_docx", voted.review.pk)).content)
    assert pdf_pages(client.get(url("strategy_pdf", voted.review.pk)).content) >= 1
