"""The profile PDF's markup is read with Python's XML parser (``OnePageHTML.from_template``): it must
give WeasyPrint the very tree its HTML parser would, whatever the profile says."""

from xml.etree import ElementTree

import tinyhtml5

from profiles import documents
from profiles.onepage import Item, OnePage, Section

WRITING = [
    "I am a really strong swimmer",
    "আমি শনিবার বন্ধুদের সাথে সাঁতার কাটতে ভালোবাসি",
    "Rwy'n hoffi nofio gyda fy ffrindiau ar ddydd Sadwrn (ŵ, ŷ)",
    "I love swimming 🏊 and my family 👨‍👩‍👧 👍🏽",
    '<img src="http://example.org/x.png"> I am <b>kind</b> & "honest" &amp; &nbsp; <!-- not a comment -->',
    "Supercalifragilisticexpialidociousness" * 3,
]


def page_saying(*texts, photo_path=""):
    items = tuple(Item(text, "1F3CA" if number % 2 else "") for number, text in enumerate(texts))
    return OnePage(
        name="Sam <O'Neil> & co",
        sections=(Section("admire", "What people like and admire about me", items),),
        photo_path=photo_path,
        photo_description='Sam "at" the <pool>',
        note="Version 2, published 22 November 2026",
    )


def tree_as_text(element):
    return ElementTree.tostring(element, encoding="unicode")


def test_the_markup_read_as_xml_is_the_tree_an_html_parser_reads(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"")
    for page, tight in [(page_saying(*WRITING, photo_path=str(photo)), False), (page_saying(), True)]:
        markup = documents._html(page, tight)
        document = documents._html_class().from_template(markup, "file:///", None)
        by_html_parser = tinyhtml5.parse(markup, namespace_html_elements=False)
        assert ElementTree.fromstring(markup) is not None  # the quick way was taken
        assert tree_as_text(document.etree_element) == tree_as_text(by_html_parser)


def test_a_statement_the_xml_parser_cannot_read_is_read_by_the_html_parser():
    markup = documents._html(page_saying("A form feed \x0c typed by mistake"), False)
    document = documents._html_class().from_template(markup, "file:///", None)
    assert "A form feed" in tree_as_text(document.etree_element)


def test_markup_with_a_document_type_or_entities_is_never_expanded_by_the_xml_parser():
    laughs = (
        '<!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><html><body><p>&lol2;</p></body></html>'
    )
    document = documents._html_class().from_template(laughs, "file:///", None)
    assert "lollollol" not in tree_as_text(document.etree_element)  # read by the HTML parser instead
