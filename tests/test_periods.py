"""The legal period convention (民法典 第二百零一条至第二百零四条), at the boundary days."""
import datetime as dt

import pytest

from core.engine.calendar import WorkingDayCalendar
from core.engine.periods import (
    deadline, first_day_after, full_years, period_last_day, shift_months, window_start, within_years,
    working_days_last_day,
)

D = dt.date


@pytest.mark.parametrize("start, kwargs, last", [
    (D(2024, 3, 10), {"years": 5}, D(2029, 3, 10)),    # 第二百零一条: the decision day is not counted
    (D(2024, 2, 29), {"years": 1}, D(2025, 2, 28)),    # 第二百零二条: no corresponding day -> month's end
    (D(2024, 1, 31), {"months": 1}, D(2024, 2, 29)),
    (D(2023, 1, 31), {"months": 1}, D(2023, 2, 28)),
    (D(2024, 8, 31), {"months": 6}, D(2025, 2, 28)),
    (D(2024, 5, 1), {"days": 30}, D(2024, 5, 31)),     # 30 days after 1 May: 2..31 May
    (D(2024, 5, 1), {}, D(2024, 5, 1)),
])
def test_period_last_day(start, kwargs, last):
    assert period_last_day(start, **kwargs) == last
    assert first_day_after(start, **kwargs) == last + dt.timedelta(days=1)


def test_negative_periods_are_refused():
    with pytest.raises(ValueError):
        period_last_day(D(2024, 1, 1), years=-1)


@pytest.mark.parametrize("day, months, shifted", [
    (D(2024, 3, 31), -1, D(2024, 2, 29)),
    (D(2024, 1, 15), -13, D(2022, 12, 15)),
    (D(2024, 12, 31), 2, D(2025, 2, 28)),
])
def test_shift_months_both_ways(day, months, shifted):
    assert shift_months(day, months) == shifted


@pytest.mark.parametrize("start, day, years", [
    (D(2019, 5, 1), D(2024, 4, 30), 4),
    (D(2019, 5, 1), D(2024, 5, 1), 5),     # the period's last day completes the fifth year
    (D(2020, 2, 29), D(2021, 2, 28), 1),
    (D(2024, 5, 1), D(2024, 4, 1), 0),
])
def test_full_years_complete_on_the_corresponding_day(start, day, years):
    assert full_years(start, day) == years


@pytest.mark.parametrize("event, inside", [
    (D(2021, 5, 1), True),    # its 3-year period ends on 2024-05-01: still within
    (D(2021, 4, 30), False),  # its period ended on 2024-04-30
    (D(2024, 5, 1), True),
    (D(2024, 5, 2), False),
])
def test_within_years_both_ends_included(event, inside):
    assert within_years(event, D(2024, 5, 1), 3) is inside


def test_window_start_on_a_leap_day():
    # 2023-02-28 + 1 year ends on 2024-02-28, the day before; 2023-03-01 is the first still within.
    assert window_start(D(2024, 2, 29), 1) == D(2023, 3, 1)
    assert within_years(D(2023, 2, 28), D(2024, 2, 29), 1) is False


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day():
    calendar = WorkingDayCalendar()
    # 2024-10-01 to 10-07 is the National Day holiday; 10-08 is the first working day.
    assert deadline(D(2024, 10, 3), calendar.is_working_day) == D(2024, 10, 8)
    assert deadline(D(2024, 10, 8), calendar.is_working_day) == D(2024, 10, 8)
    # A Sunday that was an adjusted working day (调休) is a working day.
    assert deadline(D(2024, 9, 29), calendar.is_working_day) == D(2024, 9, 29)


def test_working_day_periods_do_not_count_the_publication_day():
    calendar = WorkingDayCalendar()
    # Published Monday 2024-06-03: Tuesday to Friday are 4; Monday 06-10 is the Dragon Boat holiday,
    # so the fifth working day is Tuesday 06-11.
    assert working_days_last_day(D(2024, 6, 3), 5, calendar.is_working_day) == D(2024, 6, 11)
    assert working_days_last_day(D(2024, 5, 27), 5, calendar.is_working_day) == D(2024, 6, 3)
    # Published Friday 2024-09-27: 9-29 (调休 Sunday), 9-30, then after the holiday 10-08, 10-09, 10-10.
    assert working_days_last_day(D(2024, 9, 27), 5, calendar.is_working_day) == D(2024, 10, 10)
