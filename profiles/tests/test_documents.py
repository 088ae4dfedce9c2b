"""The one-page profile as documents: a PDF that is always one A4 page, a page to print, a Word file.

The layout's estimate (``profiles.layout.fit``) decides what fits; these tests hold it to the real
render: every profile it accepts, however it is written, is exactly one page, and one statement more
than the most it accepts is refused.
"""

import io
import re
import secrets

import pytest
from django.urls import reverse
from docx import Document
from PIL import Image

from audit.models import AuditEvent
from ourplan.tests.pdf import pdf_pages
from ourplan.tests.words import words
from profiles import documents, layout, operations, symbols
from profiles.models import Heading, Profile, ProfileStatement
from profiles.onepage import Item, OnePage, Section, page_from_profile
from profiles.operations import publish_profile

LABELS = dict(Heading.choices)
SYMBOL_CODES = list(symbols.NAMES)

WRITING = {
    "typical English": "Tell me about changes before they happen, and give me time to answer",
    "long unbroken words": "Supercalifragilisticexpialidociousness" * 3 + " https://example.org/" + "x" * 80,
    "Bengali": "আমি শনিবার বন্ধুদের সাথে সাঁতার কাটতে ভালোবাসি",
    "Welsh": "Rwy'n hoffi nofio gyda fy ffrindiau ar ddydd Sadwrn; mae'n bwysig i mi gael amser i ateb (ŵ, ŷ)",
    "emoji": "I love swimming 🏊 and trains 🚆, my cat 🐱 and my family 👨‍👩‍👧 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "500 characters": ("Please give me time to answer and tell me what is happening next. " * 8)[:500],
}


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    """A small JPEG, like the photo store's re-encoded ones."""
    path = tmp_path_factory.mktemp("photos") / f"{secrets.token_hex(16)}.jpg"
    image = Image.new("RGB", (400, 300), "orange")
    image.paste("navy", (0, 0, 200, 75))
    image.save(path, "JPEG", quality=85)
    return str(path)


def page_of(items_by_heading, photo_path="", name="Sam"):
    return OnePage(
        name=name,
        sections=tuple(
            Section(heading, str(LABELS[heading]), tuple(items_by_heading.get(heading, ())))
            for heading in Heading.values
            if items_by_heading.get(heading) or heading != Heading.HOPES
        ),
        photo_path=photo_path,
        photo_description="Sam at the swimming pool",
        note="Version 2, published 22 November 2026",
    )


def sams_profile(photo_path=""):
    """The demo's Sam: three statements under each heading, each with a picture."""
    return page_of(
        {
            Heading.ADMIRE: [
                Item("I am a really strong swimmer", "1F3CA"),
                Item("I know everything about trains", "1F686"),
                Item("I am honest and kind", "2764"),
            ],
            Heading.IMPORTANT: [
                Item("Swimming at the leisure centre on Saturdays", "1F3CA"),
                Item("Knowing what is happening next", "1F4C5"),
                Item("My cat, Pixel", "1F431"),
            ],
            Heading.SUPPORT: [
                Item("Tell me about changes before they happen", "1F4AC"),
                Item("Give me time to answer", "231B"),
                Item("Let me wear my ear defenders when it is noisy", "1F507"),
            ],
        },
        photo_path,
    )


def fullest(text, photo_path=""):
    """(the fullest page ``fit`` accepts, that page with one statement more): statements of ``text``,
    each with a picture, added to the headings in turn until one more would not fit."""
    items = {heading: [] for heading in Heading.values}
    accepted = page_of(items, photo_path)
    for number in range(200):
        heading = Heading.values[number % len(Heading.values)]
        items[heading].append(Item(text, SYMBOL_CODES[number % len(SYMBOL_CODES)]))
        page = page_of(items, photo_path)
        if not layout.fit(page).fits:
            return accepted, page
        accepted = page
    raise AssertionError("200 statements fitted on one page")


def smallest_type_pt(document):
    """The smallest type size (points) of any text on the pages, the margins' included."""
    from weasyprint.formatting_structure.boxes import TextBox

    sizes, boxes = [], [page._page_box for page in document.pages]
    while boxes:
        box = boxes.pop()
        if isinstance(box, TextBox) and box.text.strip():
            sizes.append(box.style["font_size"] * 0.75)  # CSS pixels to points
        boxes.extend(getattr(box, "children", ()))
    return min(sizes)


# The layout: one page, always


def generated_profiles(photo):
    yield "empty", page_of({}), None
    yield "typical, with a photo", sams_profile(photo), None
    yield "typical, without a photo", sams_profile(), None
    for number, (kind, text) in enumerate(WRITING.items()):
        with_photo = number % 2 == 0
        accepted, one_more = fullest(text, photo if with_photo else "")
        yield f"the most {kind} that fits, {'with' if with_photo else 'without'} a photo", accepted, one_more
    accepted, one_more = fullest(WRITING["typical English"], photo)
    yield "the most typical English that fits, with a photo", accepted, one_more


def test_every_profile_the_layout_accepts_is_exactly_one_pdf_page_and_one_statement_more_is_refused(photo):
    checked = 0
    for name, page, one_more in generated_profiles(photo):
        verdict = layout.fit(page)
        assert verdict.fits, name
        assert layout.MIN_FONT_PT <= verdict.font_size <= layout.MAX_FONT_PT, name
        # At the size the layout chose, the real page is one page, with nothing to step down.
        with documents.render_lock:
            document = documents.render_document(page, verdict.font_size)
        assert len(document.pages) == 1, name
        assert smallest_type_pt(document) >= layout.MIN_FONT_PT, name
        assert pdf_pages(documents.render_pdf(page)) == 1, name
        if one_more is not None:
            refused = layout.fit(one_more)
            assert not refused.fits and refused.shorten_by > 0, name
        checked += 1
    assert checked == 3 + len(WRITING) + 1


def test_the_fullest_pages_use_the_smallest_readable_type_and_no_smaller(photo):
    accepted, _one_more = fullest(WRITING["Welsh"], photo)
    verdict = layout.fit(accepted)
    assert verdict.font_size < 10
    with documents.render_lock:
        document = documents.render_document(accepted, verdict.font_size)
    assert smallest_type_pt(document) == pytest.approx(layout.MIN_FONT_PT)


def test_type_shrinks_as_the_profile_grows_but_never_below_9_points():
    items, sizes = {heading: [] for heading in Heading.values}, []
    for number in range(40):
        items[Heading.values[number % 4]].append(Item(WRITING["typical English"], "1F600"))
        verdict = layout.fit(page_of(items))
        sizes.append(verdict.font_size)
    assert sizes[0] == layout.MAX_FONT_PT
    assert sizes == sorted(sizes, reverse=True)
    assert min(sizes) == layout.MIN_FONT_PT == 9


def test_an_empty_profile_fits_at_the_largest_size_and_is_far_from_full():
    verdict = layout.fit(page_of({}))
    assert verdict == layout.Fit(fits=True, font_size=layout.MAX_FONT_PT, fullness=verdict.fullness, shorten_by=0)
    assert verdict.fullness < 0.5


def test_a_profile_that_does_not_fit_says_about_how_many_characters_to_take_out():
    _accepted, one_more = fullest(WRITING["500 characters"])
    verdict = layout.fit(one_more)
    assert not verdict.fits and verdict.fullness > 1
    assert 0 < verdict.shorten_by <= len(WRITING["500 characters"])
    # Taking that many characters off the last statement makes it fit; one fewer does not.
    items = {section.heading: list(section.items) for section in one_more.sections}
    last = items[one_more.sections[-1].heading]
    text, symbol = last[-1].text, last[-1].symbol
    last[-1] = Item(text[: len(text) - verdict.shorten_by], symbol)
    assert layout.fit(page_of(items)).fits
    last[-1] = Item(text[: len(text) - verdict.shorten_by + 1], symbol)
    assert not layout.fit(page_of(items)).fits


def test_long_words_can_break_only_at_spaces_or_anywhere_never_after_a_slash():
    text = "see https://example.org/a/b/c/" + "x" * 40 + " now"
    kept = layout.keep_whole(text)
    assert kept.replace(layout.WORD_JOINER, "") == text
    assert kept.startswith("see h\u2060t\u2060t\u2060p") and kept.endswith(" now")
    assert layout.keep_whole("well-known and/or") == "well-known and/or"


def test_a_profile_too_long_for_one_page_is_still_rendered_in_readable_type():
    too_long = page_of({Heading.ADMIRE: [Item(WRITING["500 characters"], "1F600")] * 12})
    assert not layout.fit(too_long).fits
    pdf = documents.render_pdf(too_long)
    assert pdf_pages(pdf) >= 2
    with documents.render_lock:
        document = documents.render_document(too_long, layout.MIN_FONT_PT, tight=True)
    assert smallest_type_pt(document) >= layout.MIN_FONT_PT


def test_the_pdf_reads_only_its_own_local_files_never_the_network(tmp_path):
    allowed = tmp_path / "photos"
    allowed.mkdir()
    (allowed / "me.jpg").write_bytes(b"not really a photo")
    (tmp_path / "secret.txt").write_text("private")
    fetcher = documents.local_files_only([allowed])
    assert fetcher.fetch((allowed / "me.jpg").as_uri()).read() == b"not really a photo"
    for url in [
        "http://example.org/tracker.png",
        "https://169.254.169.254/latest/meta-data/",
        (tmp_path / "secret.txt").as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
        "file://example.org/etc/passwd",
        "data:text/plain,hello",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_markup_typed_in_a_statement_is_shown_as_text_not_followed(photo):
    page = page_of({Heading.ADMIRE: [Item('<img src="http://example.org/x.png"> I am <b>kind</b>')]})
    html = documents._html(page, tight=False)
    assert "&lt;img" in html and "&lt;b&gt;kind" in html and "<b>" not in html
    assert pdf_pages(documents.render_pdf(page)) == 1


def test_the_word_document_has_the_name_the_photo_and_every_statement_with_its_picture_named(photo):
    document = Document(io.BytesIO(documents.render_docx(sams_profile(photo))))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Sam"
    assert "What is important to me" in paragraphs
    assert "My cat, Pixel (cat)" in paragraphs
    assert len(document.inline_shapes) == 1
    assert document.sections[0].left_margin.cm == pytest.approx(1.5, abs=0.01)


# The downloads


def write(person, texts, by):
    """Give ``person``'s profile ``texts`` as {heading: [text]} (with pictures) and publish it."""
    profile, _created = Profile.objects.get_or_create(person=person)
    profile.statements.all().delete()
    for heading, statements in texts.items():
        for position, text in enumerate(statements):
            ProfileStatement.objects.create(
                profile=profile,
                heading=heading,
                text=text,
                symbol="1F3CA",
                position=position,
                written_by=by,
                added_by=by,
            )
    return profile


def publish(person, texts, by):
    return publish_profile(write(person, texts, by), by=by)


SAMS_WORDS = {
    Heading.ADMIRE: ["I am a really strong swimmer"],
    Heading.IMPORTANT: ["My cat, Pixel"],
    Heading.SUPPORT: ["Give me time to answer"],
}


def docx_text(response):
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_the_circle_downloads_the_published_profile_as_a_one_page_pdf(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    for user in (area.aisha, area.green):
        response = signed_in(user).get(reverse("profiles:pdf", args=[area.sam.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Sam one-page profile.pdf"'
        assert response["Cache-Control"] == "no-store"
        assert pdf_pages(response.content) == 1


def test_downloading_the_profile_is_recorded_in_the_audit_trail(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    signed_in(area.aisha).get(reverse("profiles:docx", args=[area.sam.pk]))
    event = AuditEvent.objects.filter(person=area.sam, user=area.aisha).latest("pk")
    assert event.action == AuditEvent.Action.VIEWED
    assert event.what == "their one-page profile as a Word document"


@pytest.mark.parametrize("name", ["profiles:pdf", "profiles:print", "profiles:docx"])
def test_someone_outside_the_circle_gets_404_and_the_refusal_is_recorded(area, signed_in, name):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    response = signed_in(area.black).get(reverse(name, args=[area.sam.pk]))
    assert response.status_code == 404
    assert "Sam" not in words(response.content)
    assert AuditEvent.objects.filter(person=area.sam, user=area.black, action=AuditEvent.Action.REFUSED).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(area, client):
    response = client.get(reverse("profiles:pdf", args=[area.sam.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_word_document_is_a_word_file_with_every_statement(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    response = signed_in(area.green).get(reverse("profiles:docx", args=[area.sam.pk]))
    assert response["Content-Type"] == documents_content_type()
    assert response["Content-Disposition"] == 'attachment; filename="Sam one-page profile.docx"'
    assert response["Cache-Control"] == "no-store"
    text = docx_text(response)
    for statements in SAMS_WORDS.values():
        for statement in statements:
            assert f"{statement} (swimming)" in text
    assert "Version 1, published" in text


def documents_content_type():
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_latest_version_is_shown_unless_an_earlier_one_is_asked_for(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    publish(area.sam, {**SAMS_WORDS, Heading.ADMIRE: ["I am brave"]}, area.sam_user)
    write(area.sam, {Heading.ADMIRE: ["Not published yet"]}, area.sam_user)
    client = signed_in(area.aisha)
    url = reverse("profiles:docx", args=[area.sam.pk])
    latest = docx_text(client.get(url))
    assert "I am brave" in latest and "Not published yet" not in latest
    assert "I am a really strong swimmer" in docx_text(client.get(url, {"version": 1}))
    assert client.get(url, {"version": 3}).status_code == 404
    assert client.get(url, {"version": "latest"}).status_code == 404


def test_only_the_author_and_the_coordinator_see_the_unpublished_draft(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    write(area.sam, {Heading.ADMIRE: ["Not published yet"]}, area.sam_user)
    url = reverse("profiles:docx", args=[area.sam.pk])
    for user in (area.sam_user, area.green):
        response = signed_in(user).get(url, {"draft": 1})
        assert "Not published yet" in docx_text(response)
        assert "Draft: not published yet" in docx_text(response)
    assert signed_in(area.aisha).get(url, {"draft": 1}).status_code == 404


def test_before_anything_is_published_the_author_sees_the_draft_and_others_get_404(area, signed_in):
    write(area.sam, SAMS_WORDS, area.sam_user)
    url = reverse("profiles:docx", args=[area.sam.pk])
    assert "My cat, Pixel" in docx_text(signed_in(area.sam_user).get(url))
    assert signed_in(area.aisha).get(url).status_code == 404


def test_the_printable_page_shows_the_profile_a_print_button_and_the_downloads(area, signed_in):
    publish(area.sam, SAMS_WORDS, area.sam_user)
    response = signed_in(area.aisha).get(reverse("profiles:print", args=[area.sam.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "My cat, Pixel" in page and "How best to support me" in page
    assert 'alt="swimming"' in page
    assert re.search(r"<button[^>]*data-op-print", page)
    assert f"{reverse('profiles:pdf', args=[area.sam.pk])}?version=1" in page
    assert f"{reverse('profiles:docx', args=[area.sam.pk])}?version=1" in page


def test_the_pdf_has_the_photo_it_was_published_with(area, signed_in, settings, tmp_path):
    settings.PHOTO_DIR = tmp_path
    name = f"{secrets.token_hex(16)}.jpg"
    Image.new("RGB", (300, 300), "orange").save(tmp_path / name, "JPEG")
    profile = write(area.sam, SAMS_WORDS, area.sam_user)
    profile.photo, profile.photo_description = name, "Sam swimming"
    profile.save(update_fields=["photo", "photo_description"])
    publish_profile(profile, by=area.sam_user)
    response = signed_in(area.green).get(reverse("profiles:pdf", args=[area.sam.pk]))
    assert pdf_pages(response.content) == 1
    assert re.search(rb"/Subtype\s*/Image", response.content)


def test_a_name_with_letters_beyond_ascii_gets_a_plain_file_name_and_the_real_one(area, signed_in):
    area.sam.preferred_name = "Siân"
    area.sam.save(update_fields=["preferred_name"])
    publish(area.sam, SAMS_WORDS, area.sam_user)
    response = signed_in(area.green).get(reverse("profiles:docx", args=[area.sam.pk]))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Sian one-page profile.docx\"; filename*=UTF-8''Si%C3%A2n%20one-page%20profile.docx"
    )


def test_adding_a_statement_that_would_not_fit_is_refused_with_how_much_to_shorten(area):
    profile = write(area.sam, {}, area.sam_user)
    text = WRITING["500 characters"]
    for number in range(40):
        try:
            operations.add_statement(profile, by=area.sam_user, heading=Heading.values[number % 4], text=text)
        except operations.DoesNotFit as refused:
            assert refused.fit.shorten_by > 0
            break
    else:
        raise AssertionError("40 long statements fitted")
    profile.statements_list = list(profile.statements.all())
    assert layout.fit(page_from_profile(profile)).fits
