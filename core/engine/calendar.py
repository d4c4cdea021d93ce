"""The official working-day calendar (工作日): statutory holidays and adjusted working days (调休).

Public notices (公示) last "不少于5个工作日" (working days) or "不少于10天" (calendar days). The
``chinesecalendar`` package knows the State Council's arrangements up to the year it was released
in; central admins add later years, and corrections, as :class:`core.platform.models.CalendarOverride` rows, which win.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Iterable, Literal, Mapping

import chinese_calendar

from core.engine.messages import _
from core.engine import periods
from core.engine.errors import CalendarUnknown, InvalidInput

PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
"""The years the installed ``chinesecalendar`` package has the official arrangement for."""

Source = Literal["override", "chinesecalendar", "weekdays"]

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    is_working_day: bool
    source: Source
    """``override`` (a central admin's row), ``chinesecalendar`` (the package), or ``weekdays``
    (Monday to Friday work, in a year published through overrides only)."""
    note: str | None


@dataclass(frozen=True)
class _Override:
    is_working_day: bool
    note: str


class WorkingDayCalendar:
    """Which days are working days, and when periods of working or calendar days end.

    A day is decided by, in order: an override for that day; the ``chinesecalendar`` package, for
    the years it covers; the plain week (Monday to Friday work, weekends rest) in a year that has
    at least one override. Adding any override in a year therefore marks that year as published:
    a central admin who adds a new year must enter all of its holidays and adjusted working days
    (调休) in one go. A day in any other year raises :class:`CalendarUnknown` instead of being
    guessed, since a guess could cut short a notice period a regulation requires.

    The overrides are read once, when the calendar is built; build one per request or job.
    """

    def __init__(self, overrides: Mapping[dt.date, _Override] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._override_years = frozenset(day.year for day in self._overrides)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[dt.date, bool, str]]) -> "WorkingDayCalendar":
        """A calendar with these overrides, as (day, is working day, note) rows; the platform reads
        them from the database (``core.platform.services.calendar.load``)."""
        return cls({day: _Override(working, note) for day, working, note in rows})

    def knows_year(self, year: int) -> bool:
        """Whether the package covers ``year`` or an admin has published it through overrides."""
        return year in PACKAGE_YEARS or year in self._override_years

    def day_info(self, day: dt.date) -> DayInfo:
        """Whether ``day`` is a working day, where that answer comes from, and why (the holiday).

        Raises :class:`CalendarUnknown` for a day of a year the calendar does not know.
        """
        override = self._overrides.get(day)
        if override is not None:
            return DayInfo(day, override.is_working_day, "override", override.note)
        if day.year in PACKAGE_YEARS:
            return _package_day(day)
        if day.year in self._override_years:
            return DayInfo(day, day.weekday() < 5, "weekdays", None)
        raise CalendarUnknown(day.year)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is an official working day (adjusted working weekends included)."""
        return self.day_info(day).is_working_day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of a period of ``n`` working days whose first day is ``start``.

        A counting helper: a legal period started by an event (a notice published on a day) does
        not count the event's day; use :meth:`notice_end` or :mod:`core.engine.periods` for those.

        The period starts on ``start`` if it is a working day (counted as day 1), otherwise on the
        next working day; it ends on its ``n``-th working day, inclusive. Holidays are skipped and
        adjusted working weekends (调休) count. A notice published on a Friday that is a working
        day, with ``n=5``, runs Friday, Monday to Thursday, and ends on Thursday in a normal week.
        """
        _check_length(n)
        day, counted = start, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
            day += _ONE_DAY

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of a period of ``n`` calendar days whose first day is ``start`` (a counting
        helper, as :meth:`add_working_days`).

        ``start`` is day 1 whatever kind of day it is; the period ends on ``start + n - 1``,
        inclusive, even when that is a holiday. This needs no calendar data, so no year is unknown.
        """
        _check_length(n)
        return start + dt.timedelta(days=n - 1)

    def notice_end(self, published_on: dt.date, min_days: int, working_days: bool) -> dt.date:
        """The earliest last day of a notice published on ``published_on`` that lasts at least
        ``min_days`` working days (``working_days=True``, "不少于N个工作日") or calendar days
        ("不少于N天"), by the legal period convention (:func:`core.engine.periods.notice_last_day`): the
        publication day is not counted, and a calendar-day period ending on a rest day runs on to
        the next working day."""
        _check_length(min_days)
        return periods.notice_last_day(published_on, min_days, working_days, self.is_working_day)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie from ``start`` to ``end``, both included."""
        if end < start:
            raise InvalidInput.on("end", _("{end} is before the start {start}",
                                           end=end.isoformat(), start=start.isoformat()))
        count, day = 0, start
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


def _check_length(n: int) -> None:
    if n < 1:
        raise InvalidInput.on("days", "a period lasts at least 1 day")


@functools.cache
def _package_day(day: dt.date) -> DayInfo:
    # Cached: the package's own lookups scan its whole table for the year range on every call.
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return DayInfo(day, not on_holiday, "chinesecalendar", _holiday_note(name, on_holiday))


def _holiday_note(name: str | None, on_holiday: bool) -> str | None:
    """The package names holidays in English; the Chinese name is what users read."""
    if name is None:
        return None
    try:
        name = chinese_calendar.Holiday(name).chinese
    except ValueError:
        pass
    return name if on_holiday else f"{name}调休上班"
