"""Date arithmetic the conditions rely on: inclusive bounds, full years, look-back windows."""
import datetime as dt

import pytest

from core.engine.conditions import full_years, in_last_years, years_after, years_before

D = dt.date


@pytest.mark.parametrize("start, day, years", [
    (D(2019, 5, 1), D(2024, 5, 1), 5),     # the anniversary itself completes the year
    (D(2019, 5, 2), D(2024, 5, 1), 4),
    (D(2020, 2, 29), D(2021, 2, 27), 0),
    (D(2020, 2, 29), D(2021, 2, 28), 1),   # 民法典 第二百零二条: no 29 February, so the month's last day
    (D(2020, 2, 29), D(2024, 2, 29), 4),
])
def test_full_years(start, day, years):
    assert full_years(start, day) == years


def test_years_before_and_after_handle_29_february():
    assert years_before(D(2024, 2, 29), 1) == D(2023, 2, 28)
    assert years_after(D(2024, 2, 29), 5) == D(2029, 2, 28)


@pytest.mark.parametrize("event, inside", [
    (D(2021, 5, 1), True),    # exactly 3 years back: included
    (D(2021, 4, 30), False),
    (D(2024, 5, 1), True),    # the day itself
    (D(2024, 5, 2), False),   # later events are not "in the last 3 years"
])
def test_in_last_years_is_inclusive(event, inside):
    assert in_last_years(event, D(2024, 5, 1), 3) is inside
