"""The symbols on a one-page profile PDF, drawn once per process and reused by every render.

WeasyPrint draws an SVG by interpreting it in Python every time it appears on a page (about 2 ms
for an OpenMoji symbol on this machine). An OpenMoji symbol is plain shapes, so the first time one
is used it is drawn once, by WeasyPrint itself, into a PDF form (a reusable drawing, PDF's
"Form XObject"); every page after that refers to the form, scaled to where the picture goes. The
page holds exactly the vector shapes WeasyPrint would have drawn, so a symbol prints as sharply as
before; and a symbol used twice on a page is stored in the PDF once.

A symbol whose drawing needs anything but shapes, colours and transparency (a gradient, a mask, a
group with its own opacity) is left to WeasyPrint to draw each time, as before.
"""

import hashlib
import zlib

# Resources a drawing may use and still be kept: only transparency settings, which are plain values.
_PLAIN_RESOURCES = ("ExtGState",)


class DrawnSymbol:
    """A WeasyPrint image (the ``get_intrinsic_size`` / ``draw`` / ``get_x_object`` interface of its
    raster images) whose content is an SVG drawn once into a PDF form."""

    def __init__(self, url, svg_image, content, states, box):
        self.id = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        self._svg_image = svg_image  # for its intrinsic size only
        self._content = content  # the form's drawing operators, compressed
        self._states = states  # {name: {key: value}}: the transparency settings the drawing uses
        self._width, self._height = box
        self._sizes = {}

    def get_intrinsic_size(self, image_resolution, font_size):
        key = (image_resolution, font_size)
        if key not in self._sizes:
            self._sizes[key] = self._svg_image.get_intrinsic_size(image_resolution, font_size)
        return self._sizes[key]

    def draw(self, stream, concrete_width, concrete_height, _style):
        name = stream.add_image(self, False, 1)  # one form per document, however often it is used
        stream.transform(concrete_width / self._width, 0, 0, concrete_height / self._height, 0, 0)
        stream.draw_x_object(name)

    def get_x_object(self, _interpolate, _dpi_ratio):
        """The form, made anew for each document (WeasyPrint numbers and rewrites the objects it writes)."""
        import pydyf

        states = pydyf.Dictionary({name: pydyf.Dictionary(state) for name, state in self._states.items()})
        extra = pydyf.Dictionary(
            {
                "Type": "/XObject",
                "Subtype": "/Form",
                "BBox": pydyf.Array((0, 0, self._width, self._height)),
                "Resources": pydyf.Dictionary({"ExtGState": states}),
                "Filter": "/FlateDecode",
            }
        )
        return pydyf.Stream([self._content], extra)


def load(url, url_fetcher):
    """The symbol at ``url``, ready to draw on any page: drawn into a form when it can be, otherwise
    WeasyPrint's parsed SVG (drawn by WeasyPrint on each page); None when it cannot be read."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.images import SVGImage, get_image_from_uri

    image = get_image_from_uri({}, url_fetcher, DEFAULT_OPTIONS, url)
    if not isinstance(image, SVGImage):
        return image
    return drawn(url, image) or image


def drawn(url, svg_image):
    """``svg_image`` (WeasyPrint's parsed SVG of the file at ``url``) drawn once into a form, or None
    when its drawing needs more than a form with plain resources holds."""
    import pydyf
    from weasyprint.pdf.stream import Stream

    width, height, _ratio = svg_image.get_intrinsic_size(1, 16)
    viewbox = svg_image._svg.get_viewbox()
    if not (width and height) and viewbox and viewbox[2] and viewbox[3]:
        width, height = viewbox[2], viewbox[3]
    if not (width and height):
        return None
    resources = pydyf.Dictionary(
        {
            "ExtGState": pydyf.Dictionary(),
            "XObject": pydyf.Dictionary(),
            "Pattern": pydyf.Dictionary(),
            "Shading": pydyf.Dictionary(),
            "ColorSpace": pydyf.Dictionary(),
        }
    )
    stream = Stream({}, (0, 0, width, height), resources, {}, None, {}, None)
    try:
        svg_image._svg.draw(stream, width, height, svg_image._base_url, None)
    except Exception:
        return None
    if any(resources[kind] for kind in resources if kind not in _PLAIN_RESOURCES):
        return None
    states = {}
    for name, state in resources["ExtGState"].items():
        if any(isinstance(value, pydyf.Object) for value in state.values()):
            return None  # a soft mask or another drawing: not a plain value
        states[name] = dict(state)
    content = zlib.compress(b"\n".join(pydyf._to_bytes(item) for item in stream.stream), 9)
    return DrawnSymbol(url, svg_image, content, states, (width, height))
