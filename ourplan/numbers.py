"""Reading a number that came in a page address or a form as text."""

# Larger than any page, version or board number, and small enough for every database's integer.
MOST = 2**31 - 1


def whole_number(text, most=MOST):
    """``text`` as a whole number from 0 to ``most``, or None. Only the digits 0-9 count: ``str.isdigit``
    also accepts "²", which ``int`` refuses, and a number too long for the database is refused too."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(most)):
        return None
    number = int(text)
    return number if number <= most else None
