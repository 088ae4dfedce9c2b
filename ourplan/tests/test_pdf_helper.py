"""The tests' own PDF reader must not miscount, or a one-page check could fail (or pass) by chance."""

import zlib

from ourplan.tests.pdf import pdf_pages


def _pdf_with_one_page_object_compressed_so_it_ends_in(last_byte):
    for salt in range(1_000_000):
        data = zlib.compress(b"<< /Type /Page >> %d" % salt)
        if data.endswith(last_byte):
            return b"%PDF-1.7\n1 0 obj\n<</Filter /FlateDecode>>\nstream\n" + data + b"\r\nendstream\nendobj\n"
    raise AssertionError("no such stream found")


def test_a_page_is_counted_even_when_its_compressed_stream_ends_in_a_carriage_return():
    assert pdf_pages(_pdf_with_one_page_object_compressed_so_it_ends_in(b"\r")) == 1


def test_a_page_is_counted_when_its_compressed_stream_ends_in_an_ordinary_byte():
    assert pdf_pages(_pdf_with_one_page_object_compressed_so_it_ends_in(b"A")) == 1
