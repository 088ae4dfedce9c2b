"""The pictures on a one-page profile PDF are drawn once per process (``profiles.pdf_symbols``) and
each page refers to that drawing: the same shapes WeasyPrint draws from the symbol's SVG."""

import re
import zlib

from weasyprint import HTML

from profiles import documents, symbols
from profiles.onepage import Item, OnePage, Section


def pdf_streams(pdf):
    """(dictionary, content inflated) of each compressed stream in ``pdf``."""
    found = re.finditer(rb"<<((?:(?!stream).)*?)>>\r?\nstream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    return [(match.group(1), zlib.decompressobj().decompress(match.group(2))) for match in found]


def pdf_forms(pdf):
    """The drawing operators of each form (a reusable drawing: PDF's Form XObject) in ``pdf``."""
    return [content for header, content in pdf_streams(pdf) if b"/Subtype /Form" in header]


def page_with_pictures(*codes):
    items = tuple(Item(f"Statement {number}", code) for number, code in enumerate(codes))
    return OnePage(name="Sam", sections=(Section("admire", "What people like and admire about me", items),))


def test_each_picture_is_in_the_pdf_once_however_often_it_is_used_and_on_every_render():
    page = page_with_pictures("1F3CA", "1F686", "1F3CA", "2764", "1F431")
    for _ in range(2):  # the first render draws the pictures, the next ones reuse the drawings
        assert len(pdf_forms(documents.render_pdf(page))) == 4  # swimming, used twice, is stored once


def test_a_picture_has_exactly_the_shapes_weasyprint_draws_from_its_svg():
    swimming = symbols.file_of("1F3CA")
    forms = pdf_forms(documents.render_pdf(page_with_pictures("1F3CA")))
    fetcher = documents.local_files_only([swimming.parent])
    drawn_by_weasyprint = pdf_streams(HTML(string=f'<img src="{swimming.as_uri()}">', url_fetcher=fetcher).write_pdf())
    [shapes] = [form.split(b" gs\n", 1)[1] for form in forms]  # what follows setting the opacity
    assert b"67.958 35.958 m" in shapes  # the first point of the swimming pool's outline
    assert any(shapes in content for _, content in drawn_by_weasyprint)


def test_a_picture_weasyprint_cannot_read_is_left_out_and_the_page_still_renders(tmp_path, monkeypatch):
    broken = tmp_path / "1F3CA.svg"
    broken.write_text("<svg")
    monkeypatch.setattr(documents._ImageCache, "symbols", {})
    monkeypatch.setattr(symbols, "OPENMOJI_SVG", tmp_path)
    monkeypatch.setattr(documents._ImageCache, "prefix", tmp_path.as_uri() + "/")
    pdf = documents.render_pdf(page_with_pictures("1F3CA"))
    assert pdf.startswith(b"%PDF-") and pdf_forms(pdf) == []
