import datetime

from caseload.dates import end_of_compulsory_school_age, school_age_ends_soon, year_9_began


def test_school_age_ends_on_the_last_friday_of_june_of_the_school_year_they_turn_16():
    # Turns 16 on 14 March 2028, in the school year 2027 to 2028; 30 June 2028 is a Friday.
    assert end_of_compulsory_school_age(datetime.date(2012, 3, 14)) == datetime.date(2028, 6, 30)
    # 30 June 2027 is a Wednesday, so the last Friday is the 25th.
    assert end_of_compulsory_school_age(datetime.date(2011, 3, 14)) == datetime.date(2027, 6, 25)


def test_the_oldest_and_youngest_in_a_school_year_leave_on_the_same_day():
    oldest, youngest = datetime.date(2011, 9, 1), datetime.date(2012, 8, 31)
    assert end_of_compulsory_school_age(oldest) == end_of_compulsory_school_age(youngest) == datetime.date(2028, 6, 30)


def test_someone_born_on_31_august_leaves_a_year_before_someone_born_a_day_later():
    assert end_of_compulsory_school_age(datetime.date(2011, 8, 31)) == datetime.date(2027, 6, 25)
    assert end_of_compulsory_school_age(datetime.date(2011, 9, 1)) == datetime.date(2028, 6, 30)


def test_a_leap_day_birthday_has_an_end_of_school_age_too():
    assert end_of_compulsory_school_age(datetime.date(2012, 2, 29)) == datetime.date(2028, 6, 30)


def test_the_end_of_school_age_is_flagged_from_12_months_ahead_until_the_day_itself():
    born = datetime.date(2012, 3, 14)  # ends 30 June 2028
    assert not school_age_ends_soon(born, datetime.date(2027, 6, 29))
    assert school_age_ends_soon(born, datetime.date(2027, 6, 30))
    assert school_age_ends_soon(born, datetime.date(2028, 6, 30))
    assert not school_age_ends_soon(born, datetime.date(2028, 7, 1))


def test_year_9_begins_on_1_september_nine_years_after_reception():
    # Born March 2012: Reception in September 2016, Year 9 in September 2025.
    assert year_9_began(datetime.date(2012, 3, 14)) == datetime.date(2025, 9, 1)
    assert year_9_began(datetime.date(2011, 9, 1)) == datetime.date(2025, 9, 1)
    assert year_9_began(datetime.date(2011, 8, 31)) == datetime.date(2024, 9, 1)
