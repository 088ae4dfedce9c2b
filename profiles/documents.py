"""The one-page profile as documents: a PDF that is always one A4 page, and a Word file for people
who need to edit it elsewhere. Both take a ``profiles.onepage.OnePage``; the printable web page
uses ``sections_for_web``.

The PDF is rendered once, at the type size ``profiles.layout.fit`` chose. The real page count is
checked, and in the rare case the estimate was wrong the page is rendered again half a point
smaller (never below the smallest readable size), then with tighter spacing.

WeasyPrint only ever reads local files: the fonts, the symbols and the photo's own folder. It never
fetches anything from the network, so nothing in a profile can make the server request a URL.
"""

import atexit
import functools
import io
import logging
import mimetypes
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from profiles import layout, pdf_symbols, symbols

logger = logging.getLogger(__name__)

PDF_STEP_PT = 0.5  # how much smaller to try when a page came out longer than one page
TIGHT_SECTION_GAP_REM = 0.2  # the last resort at the smallest size: tighter gaps
TIGHT_ITEM_GAP_REM = 0.15
BULLET_REM = 0.4

# WeasyPrint's font configuration, the parsed stylesheet (with its fonts) and the symbols' parsed
# SVGs are made once per process and shared by every render: that is most of what makes a warm
# render quick. Pango, fontconfig and a parsed SVG are not safe to use from two threads at once,
# so renders take turns.
render_lock = threading.Lock()

# The page's own elements are all styled by onepage_pdf.css, so instead of the browser-like default
# stylesheet (hundreds of rules, matched against every element) WeasyPrint gets only this.
DEFAULT_CSS = """
html, body, header, section, h1, h2, p, ul, li { display: block }
head { display: none }
img { overflow: hidden }
h1 { bookmark-level: 1 }
h2 { bookmark-level: 2 }
h1, h2 { bookmark-label: content(text); break-after: avoid; break-inside: avoid }
"""


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFilesOnly(URLFetcher):
        """Reads files under ``roots`` and refuses everything else, above all any network URL."""

        def __init__(self, roots):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.roots = tuple(Path(root).resolve() for root in roots)

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"the one-page profile reads only local files, not {url[:100]!r}")
            path = Path(unquote(parts.path)).resolve()
            if not (any(path.is_relative_to(root) for root in self.roots) and path.is_file()):
                raise ValueError(f"not a file the one-page profile may use: {path}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return LocalFilesOnly


@functools.cache
def _html_class():
    import cssselect2
    from weasyprint import CSS, HTML

    default = CSS(string=DEFAULT_CSS)

    class OnePageHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [default]

        @classmethod
        def from_template(cls, markup, base_url, url_fetcher):
            """``markup`` (profiles/onepage_pdf.html, rendered), read with Python's XML parser,
            through defusedxml, which refuses document types and entities (the template has none,
            and the statements in it are escaped). Anything it cannot read (a control character
            typed in a statement) is read by WeasyPrint's HTML parser, as every other document is."""
            try:
                root = SafeElementTree.fromstring(markup)
            except (ElementTree.ParseError, DefusedXmlException):
                return cls(string=markup, base_url=base_url, url_fetcher=url_fetcher)
            # What HTML.__init__ sets from the tree it parses (the template has no <base>).
            document = cls.__new__(cls)
            document.base_url, document.url_fetcher, document.media_type = base_url, url_fetcher, "print"
            document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            document.etree_element = document.wrapper_element.etree_element
            return document

    return OnePageHTML


class _ImageCache(dict):
    """WeasyPrint's image cache for one render, which keeps the symbols for every render after
    (each symbol file is read, parsed and drawn once per process, not once per page:
    ``profiles.pdf_symbols``) and everything else, the photo above all, for this render only."""

    symbols = {}  # URL -> the symbol, ready to draw (None: not a picture WeasyPrint can read)
    prefix = None

    def __init__(self):
        super().__init__()
        if _ImageCache.prefix is None:
            _ImageCache.prefix = symbols.OPENMOJI_SVG.as_uri() + "/"

    def _is_symbol(self, key):
        return isinstance(key, str) and key.startswith(self.prefix)

    def __contains__(self, key):
        if self._is_symbol(key):
            if key not in self.symbols:
                self.symbols[key] = pdf_symbols.load(key, _local_files((symbols.OPENMOJI_SVG,)))
            return True
        return super().__contains__(key)

    def __getitem__(self, key):
        return self.symbols[key] if self._is_symbol(key) else super().__getitem__(key)


def local_files_only(roots):
    """A WeasyPrint URL fetcher that reads files under ``roots`` and nothing else."""
    return _fetcher_class()(roots)


def font_faces_css():
    """``@font-face`` rules for the bundled Noto Sans faces, so a PDF looks the same on any server
    and needs no system fonts."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'src: url("{face.path.as_uri()}") format("woff"); unicode-range: {face.unicode_range}; }}'
        for face in layout.faces()
    )


# The page of every report made with ``html_to_pdf`` (Board report, area review reports): A4, page
# numbers, the bundled font. Each report adds its own rules after it.
REPORT_PAGE_CSS = """
@page {
  size: A4 portrait;
  margin: 18mm 16mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt "Noto Sans", sans-serif; color: #505a5f }
}
html { font-family: "Noto Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c }
h1 { font-size: 22pt; margin: 0 0 6pt; line-height: 1.15 }
"""


def html_to_pdf(html, css):
    """Any A4 document other than the one-page profile (the review record, the subject access
    summaries): ``html`` with the bundled fonts and ``css``, as PDF bytes. Only the bundled font
    files are read, so nothing in the document can make the server fetch a URL."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = local_files_only([layout.FONTSOURCE])
    with render_lock:  # Pango and fontconfig take turns between threads
        font_config = FontConfiguration()
        stylesheet = CSS(string=font_faces_css() + css, font_config=font_config, url_fetcher=fetcher)
        document = HTML(string=html, base_url=layout.FONTSOURCE.as_uri(), url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_tags=True)


@functools.cache
def _base():
    """(font configuration, stylesheet), made on first use and kept."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    atexit.register(_remove_font_files, font_config)
    css = render_to_string(
        "profiles/onepage_pdf.css",
        {
            "g": layout,
            "faces": [
                {"family": f.family, "weight": f.weight, "url": f.path.as_uri(), "unicode_range": f.unicode_range}
                for f in layout.faces()
            ],
            "bullet": BULLET_REM,
            "bullet_left": round((layout.GUTTER_REM - BULLET_REM) / 2 - 0.25, 4),
            "bullet_top": round((layout.TEXT_LINE - BULLET_REM) / 2, 4),
            "tight_gap": TIGHT_SECTION_GAP_REM,
            "tight_item_gap": TIGHT_ITEM_GAP_REM,
            "note_drop": round(layout.MARGIN_BOTTOM_MM / 2 + 1.5, 2),  # its baseline about mid-margin
        },
    )
    stylesheet = CSS(string=css, font_config=font_config, url_fetcher=local_files_only([layout.FONTSOURCE]))
    return font_config, stylesheet


def _remove_font_files(font_config):
    # WeasyPrint removes its copies of the fonts when the configuration is collected, which at
    # interpreter exit fails noisily; removing them first leaves it nothing to do.
    folder, font_config._folder = font_config._folder, None
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=64)
def _size_stylesheet(size):
    """The body type size, which differs from one document to the next (one of the few sizes
    ``layout.fit`` chooses from, each parsed once)."""
    from weasyprint import CSS

    return CSS(string=f"html {{ font-size: {size}pt }}", url_fetcher=_local_files(()))


@functools.lru_cache(maxsize=16)
def _local_files(roots):
    """``local_files_only(roots)``, made once for each set of folders the profile PDFs read."""
    return local_files_only(roots)


def _photo(page):
    """The photo's file, if the page has one and it is there."""
    path = Path(page.photo_path) if page.photo_path else None
    return path if path and path.is_file() else None


def _symbol_file(code):
    path = symbols.file_of(code)
    return path if path and path.is_file() else None


def _html(page, tight):
    photo = _photo(page)
    sections = [
        {
            "heading": section.heading,
            "label": section.label,
            "items": [
                {
                    "text": layout.keep_whole(item.text),
                    "symbol_url": symbol.as_uri() if (symbol := _symbol_file(item.symbol)) else "",
                    "symbol_name": symbols.name_of(item.symbol),
                }
                for item in section.items
            ],
        }
        for section in page.sections
    ]
    return render_to_string(
        "profiles/onepage_pdf.html",
        {
            "page": page,
            "name": layout.keep_whole(page.name),
            "sections": sections,
            "photo_url": photo.as_uri() if photo else "",
            "tight": tight,
            "language": translation.get_language() or "en",
        },
    ).strip()  # nothing after </html>, which an HTML parser would put in the body


def render_document(page, size, tight=False):
    """``page`` laid out by WeasyPrint with body type of ``size`` points (a ``weasyprint.Document``:
    ``len(document.pages)`` is its page count). Callers hold ``render_lock``."""
    font_config, stylesheet = _base()
    roots = (layout.FONTSOURCE, symbols.OPENMOJI_SVG) + ((photo.parent,) if (photo := _photo(page)) else ())
    html = _html_class().from_template(_html(page, tight), layout.FONTSOURCE.as_uri(), _local_files(roots))
    return html.render(font_config=font_config, stylesheets=[stylesheet, _size_stylesheet(size)], cache=_ImageCache())


def render_pdf(page):
    """``page`` as a one-page A4 PDF (bytes), at the largest type size that fits."""
    size, tight = layout.fit(page).font_size, False
    with render_lock:
        while True:
            document = render_document(page, size, tight)
            if len(document.pages) == 1 or (size <= layout.MIN_FONT_PT and tight):
                break
            logger.warning("A one-page profile took %s pages at %s pt; trying smaller.", len(document.pages), size)
            if size > layout.MIN_FONT_PT:
                size = max(layout.MIN_FONT_PT, size - PDF_STEP_PT)
            else:
                tight = True
        if len(document.pages) > 1:
            logger.error("A one-page profile took %s pages even at the smallest size.", len(document.pages))
        # Tagged, so that a screen reader finds the headings, the lists and what each picture shows.
        return document.write_pdf(full_fonts=_embed_whole_fonts(page), pdf_tags=True)


def _embed_whole_fonts(page):
    """Whether to embed the fonts whole rather than only the letters used. Subsetting is quick with
    HarfBuzz's subsetter, but without it WeasyPrint falls back on fontTools, which takes longer than
    the rest of the render; the page's own fonts are small subsets anyway. A system font (for emoji
    typed in the text) is large, so it is always subset."""
    from weasyprint.text import ffi

    return getattr(ffi, "harfbuzz_subset", None) is None and not layout.needs_system_fonts(page)


def render_docx(page):
    """``page`` as a Word document (bytes): the name, the photo, each heading with a bulleted list."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(1.5)
        section.left_margin = section.right_margin = Cm(1.5)
    document.styles["Normal"].font.size = Pt(12)
    document.core_properties.title = _("%(name)s’s one-page profile") % {"name": page.name}
    document.add_heading(page.name, level=0)
    if photo := _photo(page):
        picture = document.add_picture(str(photo), width=Cm(4.5))
        picture._inline.docPr.set("descr", page.photo_description or page.name)  # what a screen reader says
        if page.photo_description:
            document.add_paragraph(page.photo_description).runs[0].italic = True
    for section in page.sections:
        document.add_heading(section.label, level=1)
        if not section.items:
            document.add_paragraph(_("Nothing written yet."))
        for item in section.items:
            name = symbols.name_of(item.symbol)
            document.add_paragraph(f"{item.text} ({name})" if name else item.text, style="List Bullet")
    if page.note:
        document.add_paragraph(page.note).runs[0].font.size = Pt(10)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
