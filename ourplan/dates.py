"""Dates as people read them, in the active language: "3 March 2027"."""

from django.utils import timezone
from django.utils.formats import date_format


def long_date(day):
    """A date (or a moment, in local time) written out: "3 March 2027"."""
    if hasattr(day, "hour"):
        day = timezone.localtime(day)
    return date_format(day, "j F Y")


def day_and_month(day):
    """A date without its year: "3 March"."""
    return date_format(day, "j F")
