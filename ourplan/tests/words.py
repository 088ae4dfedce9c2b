"""Whole words of a page, so a test that a name is absent is not fooled by a random token
(a CSRF token or a nonce can hold "Sam" inside it)."""

import re


def words(content):
    """The set of whole words in ``content`` (text or bytes)."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return set(re.findall(r"\w+", content))
