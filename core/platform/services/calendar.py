"""Central admin use cases: the working-day calendar's overrides (platform data, every change audited)."""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence, TypedDict

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.engine.calendar import WorkingDayCalendar
from core.platform import audit
from core.errors import InvalidInput, NotFound
from core.platform.models import CalendarOverride
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.tenancy import Scope, scoped


class OverrideInput(TypedDict):
    day: dt.date
    is_working_day: bool
    note: str


def load(session: Session) -> WorkingDayCalendar:
    """The working-day calendar with every override in the database; build one per request or job."""
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.is_working_day, CalendarOverride.note))
    return WorkingDayCalendar.from_rows(rows)


def _of_year(year: int | None) -> Select[tuple[CalendarOverride]]:
    stmt = select(CalendarOverride)
    if year is not None:
        stmt = stmt.where(CalendarOverride.day >= dt.date(year, 1, 1), CalendarOverride.day <= dt.date(year, 12, 31))
    return stmt


def list_overrides(session: Session, *, year: int | None = None) -> list[CalendarOverride]:
    """Every override by day, unpaged (for the calendar itself and the command line)."""
    return list(session.scalars(_of_year(year).order_by(CalendarOverride.day)))


def overrides_page(session: Session, *, year: int | None = None, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> Page[CalendarOverride]:
    """A page of overrides by day, served by the unique index on ``day``."""
    return keyset_page(session, _of_year(year), [CalendarOverride.day], limit=limit, cursor=cursor)


def set_overrides(session: Session, actor: Principal | None, days: Sequence[OverrideInput]) -> list[CalendarOverride]:
    """Add or replace one override per day given; days left out are kept. Returns the given days' overrides.

    An override in a year the ``chinesecalendar`` package does not cover publishes that year (see
    :class:`core.engine.calendar.WorkingDayCalendar`), so send a new year's whole arrangement in one request.
    """
    if not days:
        raise InvalidInput.on("days", "give at least one day")
    first_index: dict[dt.date, int] = {}
    for index, item in enumerate(days):
        if item["day"] in first_index:
            raise InvalidInput.on("days", _("{day} is given twice (items {first_index} and {index})",
                                            day=item['day'].isoformat(), first_index=first_index[item['day']],
                                            index=index))
        first_index[item["day"]] = index
    with scoped(session, Scope.platform()):
        existing = {o.day: o for o in session.scalars(
            select(CalendarOverride).where(CalendarOverride.day.in_(list(first_index))))}
        saved: list[CalendarOverride] = []
        changes: list[dict[str, Any]] = []
        for item in sorted(days, key=lambda i: i["day"]):
            override = existing.get(item["day"])
            if override is None:
                override = CalendarOverride(day=item["day"], is_working_day=item["is_working_day"], note=item["note"],
                                            created_by_id=actor.user_id if actor else None)
                session.add(override)
                changes.append({**_describe(override), "was": None})
            elif (override.is_working_day, override.note) != (item["is_working_day"], item["note"]):
                # created_at/by keep the first entry; the audit trail holds who changed it since.
                was = _describe(override)
                override.is_working_day = item["is_working_day"]
                override.note = item["note"]
                changes.append({**_describe(override), "was": {k: was[k] for k in ("is_working_day", "note")}})
            saved.append(override)
        if changes:
            session.flush()
            span = f"{saved[0].day.isoformat()}..{saved[-1].day.isoformat()}"
            audit.record(session, actor, "calendar.updated", "calendar", span, details={"set": changes})
            session.commit()
    return saved


def delete_override(session: Session, actor: Principal | None, day: dt.date) -> None:
    """Remove a day's override; the day falls back to the package (or to the plain week). Removing the
    last override of a year the package does not cover makes that year unknown again."""
    with scoped(session, Scope.platform()):
        override = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
        if override is None:
            raise NotFound("calendar override", day.isoformat())
        details = {"deleted": _describe(override)}
        session.delete(override)
        audit.record(session, actor, "calendar.updated", "calendar", day.isoformat(), details=details)
        session.commit()


def _describe(override: CalendarOverride) -> dict[str, Any]:
    return {"day": override.day.isoformat(), "is_working_day": override.is_working_day, "note": override.note}
