"""The office's dashboard: what a front end draws for a cycle and for the tenant's days ahead.

Read-only, under the caller's tenant scope (the ORM wall adds ``tenant_id`` to every statement):

* :func:`summary`: one cycle's counts, each table read by one ``GROUP BY`` query (never one per row);
* :func:`deadlines_page`: the last days ahead (stage ends of open cycles, open notices' last days,
  winners' duties not done), each with the calendar days and the working days left (the working-day
  calendar service, :mod:`core.platform.services.calendar`), merged from one keyset per kind;
* :func:`open_objections_page`, :func:`overdue_obligations_page`, :func:`reminders_page`: paged lists.

Days are Asia/Shanghai (:mod:`core.platform.clock`). "Days left" counts the days after today up to the
last day included (today is not counted, as a legal period does not count the day it runs from): a
deadline that is today has 0 days left, and still lasts until midnight.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, case, func, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from core.applications.models import Application, ApplicationStatus, Screening, ScreeningOutcome
from core.awards import approvals
from core.awards.models import (
    Approval, LedgerAward, Obligation, ObligationStatus, Reminder, RewardEntry, RewardEntryKind,
)
from core.cycles import plans
from core.cycles.models import Cycle, CycleStage, CycleStatus
from core.cycles.services import stage_citation
from core.engine.calendar import WorkingDayCalendar
from core.engine.encode import citation_record
from core.engine.errors import CalendarUnknown
from core.engine.plugins import JurisdictionRegistry
from core.errors import InvalidInput
from core.notices.models import Notice, NoticeEntry, NoticeStatus, Objection, ObjectionStatus
from core.platform import clock
from core.platform.paging import DEFAULT_LIMIT, Page, check_limit, decode_cursor, encode_cursor, keyset_page
from core.platform.services import calendar as calendar_service
from core.review.models import MemberStatus, Panel, PanelMember, PanelStatus, ScoreSheetRow, SheetStatus

ONE_DAY = dt.timedelta(days=1)

OPEN_OBJECTIONS = (ObjectionStatus.RECEIVED, ObjectionStatus.INVESTIGATING)
"""Objections not decided yet (upheld and dismissed are decisions)."""

STAGE_END, NOTICE_END, OBLIGATION_DUE = "stage_end", "notice_end", "obligation_due"
DEADLINE_KINDS = (NOTICE_END, OBLIGATION_DUE, STAGE_END)
"""The kinds of deadline, in the order the key sorts them on one day (alphabetical)."""


# --------------------------------------------------------------------------------------------
# One cycle's counts
# --------------------------------------------------------------------------------------------

def _by(values: Sequence[Any], rows: Any) -> dict[str, int]:
    """``{status: count}`` over every value of an enum (0 where no row has it) from (status, count) rows."""
    counts = {getattr(v, "value", v): 0 for v in values}
    for status, count in rows:
        counts[getattr(status, "value", status)] = int(count or 0)
    return counts


def _by_stage(values: Sequence[Any], rows: Any) -> dict[str, dict[str, int]]:
    """``{stage: {status: count}}`` from (stage, status, count) rows: the stages that have rows."""
    grouped: dict[str, list[tuple[Any, int]]] = {}
    for stage, status, count in rows:
        grouped.setdefault(stage, []).append((status, count))
    return {stage: _by(values, pairs) for stage, pairs in sorted(grouped.items())}


def summary(session: Session, cycle_id: int) -> dict[str, Any]:
    """The counts of one cycle by stage and status (404 for a cycle the tenant does not have)."""
    cycle = plans.get_cycle(session, cycle_id)
    today = clock.today()
    cid = cycle.id
    stages = plans.stages(session, cycle)

    applications = _by(ApplicationStatus, session.execute(
        select(Application.status, func.count()).where(Application.cycle_id == cid).group_by(Application.status)))

    # Each application's latest verdict (a re-screening adds a new one): one query over the cycle's screenings.
    latest = (select(Screening.application_id, func.max(Screening.number).label("number"))
              .join(Application, (Application.tenant_id == Screening.tenant_id)
                    & (Application.id == Screening.application_id))
              .where(Application.cycle_id == cid).group_by(Screening.application_id).subquery())
    screenings = _by(ScreeningOutcome, session.execute(
        select(Screening.outcome, func.count())
        .join(latest, (Screening.application_id == latest.c.application_id) & (Screening.number == latest.c.number))
        .group_by(Screening.outcome)))

    panels = _by_stage(PanelStatus, session.execute(
        select(Panel.stage, Panel.status, func.count()).where(Panel.cycle_id == cid)
        .group_by(Panel.stage, Panel.status)))
    members = _by_stage(MemberStatus, session.execute(
        select(Panel.stage, PanelMember.status, func.count())
        .join(Panel, (Panel.tenant_id == PanelMember.tenant_id) & (Panel.id == PanelMember.panel_id))
        .where(Panel.cycle_id == cid).group_by(Panel.stage, PanelMember.status)))
    sheets = _by_stage(SheetStatus, session.execute(
        select(ScoreSheetRow.stage, ScoreSheetRow.status, func.count()).where(ScoreSheetRow.cycle_id == cid)
        .group_by(ScoreSheetRow.stage, ScoreSheetRow.status)))

    notices = _by(NoticeStatus, session.execute(
        select(Notice.status, func.count()).where(Notice.cycle_id == cid).group_by(Notice.status)))
    objections = _by(ObjectionStatus, session.execute(
        select(Objection.status, func.count())
        .join(Notice, (Notice.tenant_id == Objection.tenant_id) & (Notice.id == Objection.notice_id))
        .where(Notice.cycle_id == cid).group_by(Objection.status)))

    approval = session.execute(select(Approval.id, Approval.body, Approval.document_number, Approval.approved_on,
                                      Approval.winners).where(Approval.cycle_id == cid)).one_or_none()
    awarded, revoked = session.execute(
        select(func.count(), func.count(LedgerAward.revoked_on)).where(LedgerAward.cycle_id == cid)).one()

    totals = {kind.value: 0 for kind in RewardEntryKind}
    for kind, amount in session.execute(
            select(RewardEntry.kind, func.sum(RewardEntry.amount_yuan))
            .join(LedgerAward, (LedgerAward.tenant_id == RewardEntry.tenant_id) & (LedgerAward.id == RewardEntry.award_id))
            .where(LedgerAward.cycle_id == cid).group_by(RewardEntry.kind)):
        totals[RewardEntryKind(kind).value] = int(amount or 0)
    rewards = {**approvals.balance_of(totals), "clawed_back": totals["clawback"]}

    obligations = {status.value: 0 for status in ObligationStatus}
    overdue = 0
    for status, count, late in session.execute(
            select(Obligation.status, func.count(), func.sum(case((Obligation.due_on < today, 1), else_=0)))
            .join(LedgerAward, (LedgerAward.tenant_id == Obligation.tenant_id) & (LedgerAward.id == Obligation.award_id))
            .where(LedgerAward.cycle_id == cid).group_by(Obligation.status)):
        obligations[ObligationStatus(status).value] = int(count)
        if ObligationStatus(status) is ObligationStatus.DUE:
            overdue = int(late or 0)

    reminder_kinds: dict[str, int] = {}
    sent, last_sent = 0, None
    for kind, count, last in session.execute(
            select(Reminder.kind, func.count(), func.max(Reminder.sent_at))
            .join(Obligation, (Obligation.tenant_id == Reminder.tenant_id) & (Obligation.id == Reminder.obligation_id))
            .join(LedgerAward, (LedgerAward.tenant_id == Obligation.tenant_id) & (LedgerAward.id == Obligation.award_id))
            .where(LedgerAward.cycle_id == cid).group_by(Reminder.kind)):
        reminder_kinds[kind] = int(count)
        sent += int(count)
        if last is not None and (last_sent is None or last > last_sent):
            last_sent = last

    return {
        "cycle": {"id": cycle.id, "year": cycle.year, "name": cycle.name, "status": cycle.status.value,
                  "stage": cycle.stage, "rule_version_code": cycle.rule_version_code},
        "today": today,
        "stages": [{"code": s.code, "kind": s.kind, "position": s.position, "current": s.code == cycle.stage,
                    "starts_on": s.starts_on, "ends_on": s.ends_on} for s in stages],
        "applications": applications,
        "screenings": screenings,
        "panels": panels,
        "panel_members": members,
        "score_sheets": sheets,
        "notices": notices,
        "objections": {**objections, "open": sum(objections[s.value] for s in OPEN_OBJECTIONS)},
        "approval": None if approval is None else {
            "id": approval.id, "body": approval.body, "document_number": approval.document_number,
            "approved_on": approval.approved_on, "winners": len(approval.winners or [])},
        "awards": {"total": int(awarded), "revoked": int(revoked), "standing": int(awarded) - int(revoked)},
        "rewards": rewards,
        "obligations": {**obligations, "overdue": overdue},
        "reminders": {"sent": sent, "last_sent_at": last_sent, "by_kind": reminder_kinds},
    }


# --------------------------------------------------------------------------------------------
# Deadlines ahead: one keyset per kind, merged
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """One kind's rows: ``stmt`` selecting its display columns, ``due``/``id`` its sort columns."""

    kind: str
    stmt: Select[Any]
    due: ColumnElement[Any]
    id: ColumnElement[Any]


def _after(part: _Part, key: tuple[dt.date, str, int] | None) -> Select[Any]:
    """The part's rows strictly after ``key`` in the merged order ``(due_on, kind, id)``: its kind is a
    constant, so the condition is one range on the part's own ``(due, id)``, served by its index."""
    stmt = part.stmt
    if key is not None:
        due_on, kind, row_id = key
        if part.kind > kind:
            stmt = stmt.where(part.due >= due_on)
        elif part.kind == kind:
            stmt = stmt.where(tuple_(part.due, part.id) > tuple_(due_on, row_id))
        else:
            stmt = stmt.where(part.due > due_on)
    return stmt


def _deadline_parts(session: Session, today: dt.date, cycle_id: int | None) -> list[_Part]:
    stages = (select(CycleStage.id, CycleStage.ends_on, CycleStage.cycle_id, CycleStage.code, CycleStage.kind,
                     CycleStage.starts_on, Cycle.stage.label("current_stage"), Cycle.year)
              .join(Cycle, (Cycle.tenant_id == CycleStage.tenant_id) & (Cycle.id == CycleStage.cycle_id))
              .where(Cycle.status == CycleStatus.OPEN, CycleStage.ends_on >= today))
    notices = (select(Notice.id, Notice.ends_on, Notice.cycle_id, Notice.stage, Notice.kind, Notice.title,
                      Notice.citation, Notice.starts_on, Notice.min_days, Notice.working_days)
               .where(Notice.status == NoticeStatus.OPEN, Notice.ends_on >= today))
    duties = (select(Obligation.id, Obligation.due_on, LedgerAward.cycle_id, Obligation.award_id, Obligation.code,
                     Obligation.description, Obligation.citation, Obligation.period, Obligation.due_text,
                     LedgerAward.name.label("holder"))
              .join(LedgerAward, (LedgerAward.tenant_id == Obligation.tenant_id) & (LedgerAward.id == Obligation.award_id))
              .where(Obligation.status == ObligationStatus.DUE, Obligation.due_on >= today))
    if cycle_id is not None:
        cid = plans.get_cycle(session, cycle_id).id
        stages = stages.where(CycleStage.cycle_id == cid)
        notices = notices.where(Notice.cycle_id == cid)
        duties = duties.where(LedgerAward.cycle_id == cid)
    return [_Part(STAGE_END, stages, CycleStage.ends_on, CycleStage.id),
            _Part(NOTICE_END, notices, Notice.ends_on, Notice.id),
            _Part(OBLIGATION_DUE, duties, Obligation.due_on, Obligation.id)]


_KEY_COLUMNS = (Obligation.due_on, Notice.kind, Obligation.id)
"""Typed columns for decoding a deadlines cursor: (due_on date, kind text, id integer)."""


def _decode_key(cursor: str | None) -> tuple[dt.date, str, int] | None:
    if not cursor:
        return None
    due_on, kind, row_id = decode_cursor(cursor, _KEY_COLUMNS)
    if kind not in DEADLINE_KINDS or not isinstance(due_on, dt.date):
        raise InvalidInput.on("cursor", "not a cursor this list gave out; start again without one")
    return due_on, kind, row_id


def deadlines_page(session: Session, registry: JurisdictionRegistry, *, cycle_id: int | None = None,
                   limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[dict[str, Any]]:
    """The last days from today on (Asia/Shanghai), soonest first, ordered by ``(due_on, kind, id)``.

    Each kind is read by its own keyset query (at most ``limit + 1`` rows, strictly after the cursor,
    from its index) and the three are merged here: a page costs three bounded range reads wherever it
    starts, and rows added meanwhile are neither skipped nor repeated."""
    check_limit(limit)
    after = _decode_key(cursor)
    today = clock.today()
    rows: list[tuple[tuple[dt.date, str, int], Any]] = []
    for part in _deadline_parts(session, today, cycle_id):
        stmt = _after(part, after).order_by(part.due, part.id).limit(limit + 1)
        for row in session.execute(stmt):
            rows.append(((row[1], part.kind, row.id), row))
    rows.sort(key=lambda pair: pair[0])
    more = len(rows) > limit
    rows = rows[:limit]
    left = _working_days_left(calendar_service.load(session), today, [k[0] for k, _ in rows])
    citations = _stage_citations(session, registry, [(r.cycle_id, r.code) for k, r in rows if k[1] == STAGE_END])
    items = [_deadline(key, row, today, left[key[0]], citations) for key, row in rows]
    return Page(items, encode_cursor(rows[-1][0]) if more and rows else None)


def _deadline(key: tuple[dt.date, str, int], row: Any, today: dt.date, left: tuple[int | None, str | None],
              citations: dict[tuple[int, str], dict[str, Any] | None]) -> dict[str, Any]:
    due_on, kind, row_id = key
    item: dict[str, Any] = {
        "kind": kind, "id": row_id, "due_on": due_on, "days_left": (due_on - today).days,
        "working_days_left": left[0], "calendar_problem": left[1], "cycle_id": row.cycle_id, "stage": None,
        "notice_id": None, "obligation_id": None, "award_id": None, "title": "", "citation": None}
    if kind == STAGE_END:
        item.update(stage=row.code, title=f"{row.year} {row.code}", citation=citations.get((row.cycle_id, row.code)),
                    current=row.code == row.current_stage)
    elif kind == NOTICE_END:
        item.update(stage=row.stage, notice_id=row.id, title=row.title, citation=row.citation)
    else:
        item.update(obligation_id=row.id, award_id=row.award_id, citation=row.citation,
                    title=f"{row.holder}: {row.description} ({row.period})")
    return item


def _stage_citations(session: Session, registry: JurisdictionRegistry,
                     wanted: list[tuple[int, str]]) -> dict[tuple[int, str], dict[str, Any] | None]:
    """The article of each stage on the page, from its cycle's pinned plan (one plan per cycle)."""
    out: dict[tuple[int, str], dict[str, Any] | None] = {}
    ids = sorted({cycle_id for cycle_id, _ in wanted})
    if not ids:
        return out
    for cycle in session.scalars(select(Cycle).where(Cycle.id.in_(ids))):
        plan = plans.plan_of(registry, cycle)
        for cycle_id, code in wanted:
            if cycle_id == cycle.id:
                out[(cycle_id, code)] = citation_record(stage_citation(plan, code))
    return out


def _working_days_left(calendar: WorkingDayCalendar, today: dt.date,
                       days: Sequence[dt.date]) -> dict[dt.date, tuple[int | None, str | None]]:
    """For each day, the working days after ``today`` up to it (included), from the calendar service, counted
    in one walk over the sorted days; from a year the calendar does not know on, None with its reason."""
    out: dict[dt.date, tuple[int | None, str | None]] = {}
    counted, reached, problem = 0, today, None
    for day in sorted(set(days)):
        if problem is None and day > reached:
            try:
                counted += calendar.working_days_between(reached + ONE_DAY, day)
                reached = day
            except CalendarUnknown as exc:
                problem = exc.message
        out[day] = (None, problem) if problem is not None else (counted, None)
    return out


# --------------------------------------------------------------------------------------------
# Open objections, overdue obligations, reminders
# --------------------------------------------------------------------------------------------

def open_objections_page(session: Session, *, cycle_id: int | None = None, limit: int = DEFAULT_LIMIT,
                         cursor: str | None = None) -> Page[dict[str, Any]]:
    """Objections not decided yet, oldest first (by id: the filing order), with their notice and entry and
    the days since filing; never the objector's identity. One keyset per open status, each served by
    ``(tenant_id, status, id)``, merged by id."""
    check_limit(limit)
    after = decode_cursor(cursor, [Objection.id])[0] if cursor else None
    cid = plans.get_cycle(session, cycle_id).id if cycle_id is not None else None
    today = clock.today()
    rows: list[Any] = []
    for status in OPEN_OBJECTIONS:
        stmt = (select(Objection.id, Objection.notice_id, Objection.entry_id, Objection.status, Objection.filed_at,
                       Objection.real_name, Notice.cycle_id, Notice.title.label("notice_title"),
                       Notice.kind.label("notice_kind"), Notice.ends_on.label("notice_ends_on"),
                       NoticeEntry.name.label("entry_name"), NoticeEntry.application_id)
                .join(Notice, (Notice.tenant_id == Objection.tenant_id) & (Notice.id == Objection.notice_id))
                .join(NoticeEntry, (NoticeEntry.tenant_id == Objection.tenant_id)
                      & (NoticeEntry.id == Objection.entry_id))
                .where(Objection.status == status))
        if cid is not None:
            stmt = stmt.where(Notice.cycle_id == cid)
        if after is not None:
            stmt = stmt.where(Objection.id > after)
        rows.extend(session.execute(stmt.order_by(Objection.id).limit(limit + 1)))
    rows.sort(key=lambda row: row.id)
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for row in rows:
        filed_on = clock.day_of(row.filed_at)
        items.append({"id": row.id, "status": ObjectionStatus(row.status).value, "notice_id": row.notice_id,
                      "notice_title": row.notice_title, "notice_kind": row.notice_kind,
                      "notice_ends_on": row.notice_ends_on, "cycle_id": row.cycle_id, "entry_id": row.entry_id,
                      "entry_name": row.entry_name, "application_id": row.application_id,
                      "filed_at": row.filed_at, "filed_on": filed_on,
                      "days_since_filed": max(0, (today - filed_on).days)})
    return Page(items, encode_cursor([rows[-1].id]) if more and rows else None)


def _of_cycle(session: Session, cycle_id: int) -> Select[Any]:
    """The ids of a cycle's awards (404 for a cycle the tenant does not have)."""
    cid = plans.get_cycle(session, cycle_id).id
    return select(LedgerAward.id).where(LedgerAward.cycle_id == cid)


def overdue_obligations_page(session: Session, *, cycle_id: int | None = None, limit: int = DEFAULT_LIMIT,
                             cursor: str | None = None) -> Page[Obligation]:
    """Duties past their last day and not done, most overdue first (by ``(due_on, id)``, served by
    ``(tenant_id, due_on, id)``); each gets ``state`` and ``days_overdue`` as of today."""
    today = clock.today()
    stmt = select(Obligation).where(Obligation.status == ObligationStatus.DUE, Obligation.due_on < today)
    if cycle_id is not None:
        stmt = stmt.where(Obligation.award_id.in_(_of_cycle(session, cycle_id)))
    page = keyset_page(session, stmt, [Obligation.due_on, Obligation.id], limit=limit, cursor=cursor)
    for row in page.items:
        row.state = "overdue"
        row.days_overdue = (today - row.due_on).days
    return page


def reminders_page(session: Session, *, cycle_id: int | None = None, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> Page[Reminder]:
    """Reminders sent, newest first (by ``(sent_at, id)``, served by ``(tenant_id, sent_at, id)``)."""
    stmt = select(Reminder)
    if cycle_id is not None:
        stmt = stmt.where(Reminder.obligation_id.in_(
            select(Obligation.id).where(Obligation.award_id.in_(_of_cycle(session, cycle_id)))))
    return keyset_page(session, stmt, [Reminder.sent_at, Reminder.id], limit=limit, cursor=cursor, descending=True)

