"""Reading PDFs in tests, with the standard library only."""

import re
import zlib


def pdf_pages(pdf):
    """How many pages a PDF has: its page objects, looked for in the file and its compressed streams."""
    assert pdf.startswith(b"%PDF-")
    chunks = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", chunk)) for chunk in chunks)
