"""School dates the caseload flags: when decisions pass to the young person, and when Year 9 began."""

import datetime

from people.models import school_year_start
from plans.models import add_months

FLAG_SCHOOL_AGE_MONTHS = 12  # how far ahead the end of compulsory school age is flagged


def last_friday_of_june(year):
    day = datetime.date(year, 6, 30)
    return day - datetime.timedelta(days=(day.weekday() - 4) % 7)


def end_of_compulsory_school_age(date_of_birth):
    """The last Friday of June of the school year in which someone born on ``date_of_birth`` turns 16.

    From then on, rights to make decisions pass to the young person (domain.md). Everyone born
    1 September Y to 31 August Y+1 turns 16 in the school year starting 1 September Y+16, whose
    June is in Y+17: the end of their Year 11.
    """
    return last_friday_of_june(school_year_start(date_of_birth) + 17)


def school_age_ends_soon(date_of_birth, today):
    """Whether the end of compulsory school age is within the next 12 months (or is today), so the
    young person's own decisions and consent can be confirmed in time."""
    ends = end_of_compulsory_school_age(date_of_birth)
    return add_months(ends, -FLAG_SCHOOL_AGE_MONTHS) <= today <= ends


def year_9_began(date_of_birth):
    """The 1 September someone born on ``date_of_birth`` started (or will start) Year 9."""
    return datetime.date(school_year_start(date_of_birth) + 5 + 9, 9, 1)
