"""The one legal period convention every rule uses: 民法典 第二百零一条至第二百零四条.

* 第二百零一条: a period counted in years, months or days does not count the day on which it
  starts (the award, the decision, the publication); it begins the next day.
* 第二百零二条: a period in years or months ends on the *corresponding day* of the last month,
  or on that month's last day when it has none (29 February -> 28 February).
* 第二百零三条: where the last day of a *deadline* is a statutory holiday or rest day, the period
  ends on the first working day after it (:func:`deadline`). A ban or a look-back window is not a
  deadline and never moves.
* 第二百零四条: a regulation may count otherwise; a plugin that does so says it in a reading.

How the wording of a regulation maps onto these helpers (see also the README):

* "N 年以上 / 满 N 年" (years of operation, in quality work): :func:`full_years` counts the whole
  years completed by the end of the evaluation day, so the anniversary itself completes the year
  and "以上" includes N.
* "近 N 年 / N 年内" looking back from a day: an event is within when the N-year period that it
  starts has not ended before that day (:func:`within_years`), i.e. from the corresponding day N
  years earlier (:func:`window_start`) to the day itself, both included.
* "处理决定之日起 N 年内不得申报" (a ban) and "获奖后 N 年内不接受申报" (a cooldown): the period
  starts the day after the decision or the award and ends on :func:`period_last_day`, inclusive;
  the candidate may apply again from :func:`first_day_after`.
* "以上 / 以下 / 不超过 / 不少于" include the number; "超过 / 不足 / 少于" exclude it.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
from typing import Callable

CIVIL_CODE = "民法典 第二百零一条至第二百零四条"

_ONE_DAY = dt.timedelta(days=1)


def shift_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` months later (earlier when negative); the month's last day
    when the target month has no such day (第二百零二条)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"{day.isoformat()} shifted by {months} months leaves the calendar")
    if day.day <= 28:  # every month has the day: the common case, without a calendar lookup
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def shift_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` years later (earlier when negative); 28 February for 29 February."""
    return shift_months(day, 12 * years)


def period_last_day(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """The last day (inclusive) of a period that starts with the event on ``start``.

    The event day is not counted (第二百零一条). A period of years or months ends on the
    corresponding day (第二百零二条); a period of days ends ``days`` days after ``start``. A ban of
    5 years decided on 2024-03-10 runs from 2024-03-11 to 2029-03-10.
    """
    if years < 0 or months < 0 or days < 0:
        raise ValueError("a period cannot be negative")
    return shift_months(start, 12 * years + months) + dt.timedelta(days=days)


def first_day_after(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """The first day after the period that starts with the event on ``start`` (may apply again)."""
    return period_last_day(start, years=years, months=months, days=days) + _ONE_DAY


def full_years(start: dt.date, day: dt.date) -> int:
    """Whole years completed by the end of ``day``, counted from ``start`` ("满 N 年", "N 年以上").

    The N-th year is complete at the end of the corresponding day (第二百零一、二百零二条); a
    start on 29 February completes its years on 28 February in common years.
    """
    years = day.year - start.year
    if years > 0 and (day.month, day.day) < (start.month, start.day) and period_last_day(start, years=years) > day:
        years -= 1  # the anniversary is not reached (29 February completes on 28 February: no decrement)
    return years


@functools.lru_cache(maxsize=1024)
def window_start(day: dt.date, years: int) -> dt.date:
    """The earliest event date that is still "within the last ``years`` years" on ``day``."""
    candidate = shift_years(day, -years)
    if period_last_day(candidate, years=years) < day:  # 29 February: the 28th's period ends too early
        candidate += _ONE_DAY
    return candidate


def within_years(event: dt.date, day: dt.date, years: int) -> bool:
    """Whether ``event`` lies in the ``years``-year window that ends on ``day`` ("近 N 年"), both ends included."""
    return window_start(day, years) <= event <= day


def deadline(last_day: dt.date, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """第二百零三条: a deadline whose last day is a holiday or rest day moves to the next working day.

    ``is_working_day`` comes from the calendar service (``WorkingDayCalendar.is_working_day``).
    """
    day = last_day
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def working_days_last_day(start: dt.date, n: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The last day of a period of ``n`` working days that starts with the event on ``start``
    (a notice published on ``start``): the start day is not counted (第二百零一条), the ``n``-th
    working day after it is the last day."""
    if n < 1:
        raise ValueError("a period lasts at least 1 day")
    day, counted = start, 0
    while counted < n:
        day += _ONE_DAY
        counted += is_working_day(day)
    return day


def notice_last_day(published_on: dt.date, min_days: int, working_days: bool,
                    is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The earliest last day of a public notice (公示) published on ``published_on`` that lasts at
    least ``min_days`` working days ("不少于N个工作日") or calendar days ("不少于N天").

    The publication day is not counted (第二百零一条). The last day is the deadline for objections,
    so a period of calendar days that ends on a rest day runs on to the next working day
    (第二百零三条); a period of working days always ends on one.
    """
    if working_days:
        return working_days_last_day(published_on, min_days, is_working_day)
    if min_days < 1:
        raise ValueError("a period lasts at least 1 day")
    return deadline(period_last_day(published_on, days=min_days), is_working_day)


__all__ = ["CIVIL_CODE", "deadline", "first_day_after", "full_years", "period_last_day", "shift_months",
           "shift_years", "window_start", "within_years", "working_days_last_day", "notice_last_day"]
