"""The office's dashboard (issue 13), on real cycles driven through the API.

Two tenants run the review walk (:func:`tests.test_review_walk.review_a_cycle`): Nantong 2023 (tenant X)
and Rugao 2021 (tenant Y). Both publish their list on 2026-09-28, the Monday before National Day, and take
objections; X's dashboard is read there (open objections, notice periods across the holiday), then X closes
its notice, is approved, pays a reward, sends reminders before and on the due day of its winners' yearly
reports (Nantong 2023 第二十八条), gets one report, revokes an award, and is read again with duties overdue.
Y keeps its notice open with objections undecided, and none of its rows ever shows in X's lists.

Every count is checked against rows read straight from the database (counted here in Python, not by the
service's GROUP BY), every working day against the calendar service, every list walked page by page.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from core.applications.models import Application, ApplicationStatus, Screening, ScreeningOutcome
from core.awards.models import (
    Approval, LedgerAward, Obligation, ObligationStatus, Reminder, RewardEntry, RewardEntryKind,
)
from core.cycles.models import Cycle, CycleStage, CycleStatus
from core.notices.models import Notice, NoticeStatus, Objection, ObjectionStatus
from core.platform import clock
from core.platform.models import Role
from core.platform.services import calendar as calendar_service
from core.platform.tenancy import Scope
from core.review.models import MemberStatus, Panel, PanelMember, PanelStatus, ScoreSheetRow, SheetStatus
from tests.test_aftermath_walk import Clock, _wait
from tests.test_review import ok
from tests.test_review_walk import review_a_cycle
from tests.walk import all_items

EVE_OF_NATIONAL_DAY = dt.date(2026, 9, 28)
"""A Monday; 1-7 October 2026 are the National Day holiday (国庆节), 10 October an adjusted working Saturday."""

LISTS = ("/api/v1/dashboard/deadlines", "/api/v1/dashboard/objections", "/api/v1/dashboard/obligations-overdue",
         "/api/v1/dashboard/reminders")


# -- reading the database directly -------------------------------------------------------------------

def _all(session, model, *where) -> list[Any]:
    return list(session.scalars(select(model).where(*where)))


def _zeros(values, counter: Counter) -> dict[str, int]:
    return {v.value: counter.get(v.value, 0) for v in values}


def _per_stage(values, pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    stages = sorted({stage for stage, _ in pairs})
    return {stage: _zeros(values, Counter(s for st, s in pairs if st == stage)) for stage in stages}


def expected_summary(runtime, tenant_id: int, cycle_id: int, today: dt.date) -> dict[str, Any]:
    """The dashboard's counts, counted row by row from what the database holds."""
    with runtime.session(Scope.tenant(tenant_id)) as s:
        cycle = s.scalar(select(Cycle).where(Cycle.id == cycle_id))
        applications = _all(s, Application, Application.cycle_id == cycle_id)
        app_ids = {a.id for a in applications}
        latest: dict[int, Screening] = {}
        for row in _all(s, Screening, Screening.application_id.in_(app_ids)):
            if row.application_id not in latest or row.number > latest[row.application_id].number:
                latest[row.application_id] = row
        panels = _all(s, Panel, Panel.cycle_id == cycle_id)
        stage_of_panel = {p.id: p.stage for p in panels}
        members = _all(s, PanelMember, PanelMember.panel_id.in_(stage_of_panel))
        sheets = _all(s, ScoreSheetRow, ScoreSheetRow.cycle_id == cycle_id)
        notices = _all(s, Notice, Notice.cycle_id == cycle_id)
        objections = _all(s, Objection, Objection.notice_id.in_([n.id for n in notices]))
        approval = s.scalar(select(Approval).where(Approval.cycle_id == cycle_id))
        awards = _all(s, LedgerAward, LedgerAward.cycle_id == cycle_id)
        award_ids = [a.id for a in awards]
        lines = _all(s, RewardEntry, RewardEntry.award_id.in_(award_ids))
        duties = _all(s, Obligation, Obligation.award_id.in_(award_ids))
        reminders = _all(s, Reminder, Reminder.obligation_id.in_([o.id for o in duties]))
        stages = _all(s, CycleStage, CycleStage.cycle_id == cycle_id)
        by_objection = Counter(o.status.value for o in objections)
        totals = {k.value: sum(l.amount_yuan for l in lines if l.kind is k) for k in RewardEntryKind}
        return {
            "cycle": {"id": cycle.id, "year": cycle.year, "name": cycle.name, "status": cycle.status.value,
                      "stage": cycle.stage, "rule_version_code": cycle.rule_version_code},
            "today": today.isoformat(),
            "stages": [{"code": st.code, "kind": st.kind, "position": st.position, "current": st.code == cycle.stage,
                        "starts_on": st.starts_on and st.starts_on.isoformat(),
                        "ends_on": st.ends_on and st.ends_on.isoformat()}
                       for st in sorted(stages, key=lambda st: st.position)],
            "applications": _zeros(ApplicationStatus, Counter(a.status.value for a in applications)),
            "screenings": _zeros(ScreeningOutcome, Counter(r.outcome.value for r in latest.values())),
            "panels": _per_stage(PanelStatus, [(p.stage, p.status.value) for p in panels]),
            "panel_members": _per_stage(MemberStatus, [(stage_of_panel[m.panel_id], m.status.value) for m in members]),
            "score_sheets": _per_stage(SheetStatus, [(r.stage, r.status.value) for r in sheets]),
            "notices": _zeros(NoticeStatus, Counter(n.status.value for n in notices)),
            "objections": {**_zeros(ObjectionStatus, by_objection),
                           "open": by_objection["received"] + by_objection["investigating"]},
            "approval": None if approval is None else {
                "id": approval.id, "body": approval.body, "document_number": approval.document_number,
                "approved_on": approval.approved_on.isoformat(), "winners": len(approval.winners)},
            "awards": {"total": len(awards), "revoked": sum(a.revoked_on is not None for a in awards),
                       "standing": sum(a.revoked_on is None for a in awards)},
            "rewards": {**totals, "clawed_back": totals["clawback"],
                        "outstanding": totals["owed"] - totals["paid"] - totals["cancelled"],
                        "to_recover": totals["clawback"] - totals["recovered"] - totals["waived"]},
            "obligations": {**_zeros(ObligationStatus, Counter(o.status.value for o in duties)),
                            "overdue": sum(o.status is ObligationStatus.DUE and o.due_on < today for o in duties)},
            "reminders": {"sent": len(reminders), "by_kind": dict(Counter(r.kind for r in reminders)),
                          "last_sent_at": max((r.sent_at for r in reminders), default=None)},
        }


SUMMARY_STATEMENTS: list[int] = []


def assert_summary(client, runtime, tenant_id: int, cycle_id: int) -> dict[str, Any]:
    from tests.test_paging import statements

    with statements(runtime.engine) as seen:
        got = ok(client.get(f"/api/v1/cycles/{cycle_id}/dashboard"))
    read = [re.search(r"\bFROM\s+(\w+)", sql).group(1) for sql, _ in seen if re.search(r"\bFROM\s+(\w+)", sql)]
    SUMMARY_STATEMENTS.append(len(read) - read.count("auth_tokens") - read.count("users"))
    assert len(read) == len(set(read)), read  # each table read once, never once per row
    want = expected_summary(runtime, tenant_id, cycle_id, clock.today())
    last = want["reminders"].pop("last_sent_at")
    shown = got["reminders"].pop("last_sent_at")
    assert (dt.datetime.fromisoformat(shown) if shown else None) == last
    assert got == want
    return got


def expected_deadlines(runtime, tenant_id: int, today: dt.date, cycle_id: int | None = None) -> list[tuple]:
    """(due_on, kind, id) of every deadline ahead, read row by row, in the list's order."""
    with runtime.session(Scope.tenant(tenant_id)) as s:
        open_cycles = {c.id for c in _all(s, Cycle, Cycle.status == CycleStatus.OPEN)}
        keys = [(st.ends_on, "stage_end", st.id) for st in _all(s, CycleStage)
                if st.cycle_id in open_cycles and st.ends_on is not None and st.ends_on >= today
                and cycle_id in (None, st.cycle_id)]
        keys += [(n.ends_on, "notice_end", n.id) for n in _all(s, Notice)
                 if n.status is NoticeStatus.OPEN and n.ends_on >= today and cycle_id in (None, n.cycle_id)]
        cycle_of_award = {a.id: a.cycle_id for a in _all(s, LedgerAward)}
        keys += [(o.due_on, "obligation_due", o.id) for o in _all(s, Obligation)
                 if o.status is ObligationStatus.DUE and o.due_on >= today
                 and cycle_id in (None, cycle_of_award[o.award_id])]
    return sorted(keys)


def walk(client, path: str, limit: int = 1) -> list[dict]:
    """Every item of a list, ``limit`` at a time; with limit=1 each page holds exactly one item."""
    rows, cursor, pages = [], None, 0
    separator = "&" if "?" in path else "?"
    cursors: set[str] = set()
    while True:
        body = ok(client.get(f"{path}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")))
        pages += 1
        assert pages <= 500 and cursor not in cursors, f"{path}: the pages do not end"
        cursors.add(cursor)
        assert len(body["items"]) <= limit and (body["items"] or pages == 1)
        rows += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    if limit == 1:
        assert pages == max(1, len(rows))
    return rows


def assert_pages(client, path: str) -> list[dict]:
    """limit=1 walks every item exactly once, in the order of the whole list."""
    whole = walk(client, path, limit=200)
    one_by_one = walk(client, path, limit=1)
    assert one_by_one == whole
    keys = [(row.get("kind"), row["id"]) for row in whole]
    assert len(set(keys)) == len(keys)
    return whole


def assert_working_days(runtime, tenant_id: int, items: list[dict], today: dt.date) -> None:
    """Each deadline's days left, and its working days left from the calendar service (after today, up to
    the last day included); none where the calendar does not know a year of the span."""
    with runtime.session(Scope.tenant(tenant_id)) as s:
        calendar = calendar_service.load(s)
    for item in items:
        due_on = dt.date.fromisoformat(item["due_on"])
        assert item["days_left"] == (due_on - today).days >= 0
        known = all(calendar.knows_year(y) for y in range(today.year, due_on.year + 1))
        if known:
            want = calendar.working_days_between(today + dt.timedelta(days=1), due_on) if due_on > today else 0
            assert item["working_days_left"] == want and item["calendar_problem"] is None, item
        else:
            assert item["working_days_left"] is None and item["calendar_problem"], item


def _tenant_ids(runtime, tenant_id: int, model) -> set[int]:
    with runtime.session(Scope.tenant(tenant_id)) as s:
        return set(s.scalars(select(model.id)))


# -- the walk ----------------------------------------------------------------------------------------------

def _publish(admin, cycle: int, winners: dict, stage: str, kind: str, day: dt.date) -> dict:
    ok(admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "deliberation", "body": "市质量发展委员会", "decided_on": day.isoformat(),
        "winners": [{"application_id": a, "tier": t} for a, t in winners.items()]}), 201)
    return ok(admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": stage, "kind": kind, "starts_on": day.isoformat()}), 201)


def _object(anon, tenant_code: str, notice: dict, application_id: int, grounds: str) -> dict:
    entry = next(e for e in notice["entries"] if e["application_id"] == application_id)
    return ok(anon.post(f"/api/v1/public/{tenant_code}/notices/{notice['id']}/objections", json={
        "entry_id": entry["id"], "grounds": grounds, "objector_name": "王五", "objector_contact": "13800000000"}), 201)


def _decide(admin, objection_id: int, status: str, version: int) -> None:
    ok(admin.post(f"/api/v1/objections/{objection_id}/decision", json={"status": status, "reasons": "经核实"},
                  headers={"If-Match": f'"{version}"'}))


def test_the_dashboard_counts_dates_and_pages_a_real_cycle(mqa_factory, anon, mqa_runtime, monkeypatch):
    x = review_a_cycle("nantong", "2023", mqa_factory, anon, mqa_runtime, code="dash-x")
    y = review_a_cycle("rugao", "2021", mqa_factory, anon, mqa_runtime, code="dash-y")
    wx, wy = x["world"], y["world"]
    admin, staff, supervisor = wx.admin, wx.as_(Role.OFFICE_STAFF), wx.as_(Role.SUPERVISOR)
    cx, cy = x["cycle"], y["cycle"]
    days = Clock(monkeypatch, EVE_OF_NATIONAL_DAY)

    # Both publish on the Monday before National Day: Nantong 2023 第二十四条 (10 calendar days), Rugao 2021
    # 第二十条 (5 working days).
    nx = _publish(admin, cx, x["winners"], "approval_notice", "candidate", EVE_OF_NATIONAL_DAY)
    ny = _publish(wy.admin, cy, y["winners"], "public_notice", "recommended", EVE_OF_NATIONAL_DAY)
    assert nx["citation"]["article"] == "第二十四条" and ny["citation"]["article"] == "第二十条"
    orgs = x["organisations"]
    dismissed = _object(anon, wx.tenant.code, nx, orgs[0], "材料不实")
    investigated = _object(anon, wx.tenant.code, nx, orgs[1], "存在质量事故")
    received = _object(anon, wx.tenant.code, nx, x["applications"][-1], "业绩夸大")
    _decide(admin, dismissed["id"], "dismissed", 1)
    _decide(admin, investigated["id"], "investigating", 1)
    for application_id in y["organisations"][:2]:
        _object(anon, wy.tenant.code, ny, application_id, "异议")

    # The office dates the notice stage's end on the notice's last day: two kinds of deadline on one day.
    ok(admin.patch(f"/api/v1/cycles/{cx}/stages/approval_notice", json={"ends_on": nx["ends_on"]},
                   headers={"If-Match": '"1"'}))

    # The first reading: open objections, notice periods across the holiday.
    assert_summary(admin, mqa_runtime, wx.tenant.id, cx)
    assert_summary(supervisor, mqa_runtime, wx.tenant.id, cx)
    today = clock.today()
    deadlines = assert_pages(staff, LISTS[0])
    assert [(d["due_on"], d["kind"], d["id"]) for d in deadlines] == [
        (k[0].isoformat(), k[1], k[2]) for k in expected_deadlines(mqa_runtime, wx.tenant.id, today)]
    assert_working_days(mqa_runtime, wx.tenant.id, deadlines, today)
    candidate = next(d for d in deadlines if d["kind"] == "notice_end")
    assert candidate["notice_id"] == nx["id"] and candidate["citation"]["article"] == "第二十四条"
    assert candidate["due_on"] == nx["ends_on"] and candidate["days_left"] >= 10  # 10 calendar days, 第二十四条
    span = [today + dt.timedelta(days=n) for n in range(1, candidate["days_left"] + 1)]
    with mqa_runtime.session(Scope.tenant(wx.tenant.id)) as s:
        calendar = calendar_service.load(s)
    holidays = [d for d in span if calendar.day_info(d).note == "国庆节"]
    assert len(holidays) == 7 and candidate["working_days_left"] == sum(map(calendar.is_working_day, span))
    assert candidate["working_days_left"] < sum(d.weekday() < 5 for d in span)  # the holiday's weekdays off
    on_the_day = [(d["kind"], d.get("stage")) for d in deadlines if d["due_on"] == nx["ends_on"]]
    assert on_the_day == [("notice_end", "approval_notice"), ("stage_end", "approval_notice")]
    stage_items = [d for d in deadlines if d["kind"] == "stage_end"]
    assert stage_items and all(d["cycle_id"] == cx and d["citation"]["jurisdiction"] == "nantong"
                               for d in stage_items)
    # Rugao's notice lasts 5 working days after its publication day (2021 第二十条), National Day skipped.
    rugao = [d for d in assert_pages(wy.admin, LISTS[0]) if d["kind"] == "notice_end"]
    assert [(d["notice_id"], d["working_days_left"]) for d in rugao] == [(ny["id"], ny["min_days"])]
    assert ny["min_days"] == 5 and rugao[0]["days_left"] >= 5 + 7  # and the 7 days of the holiday
    assert_working_days(mqa_runtime, wy.tenant.id, rugao, today)

    objections = assert_pages(staff, LISTS[1])
    assert [o["id"] for o in objections] == [investigated["id"], received["id"]]  # oldest first
    assert [o["status"] for o in objections] == ["investigating", "received"]
    with mqa_runtime.session(Scope.tenant(wx.tenant.id)) as s:
        filed = {o.id: o.filed_at for o in _all(s, Objection)}
    for o in objections:
        assert o["notice_id"] == nx["id"] and o["cycle_id"] == cx
        assert o["days_since_filed"] == max(0, (today - clock.day_of(filed[o["id"]])).days)
        assert "objector" not in o and "王五" not in str(o) and "13800000000" not in str(o)
    assert walk(staff, f"{LISTS[1]}?cycle_id={cx}", 200) == objections
    y_objections = assert_pages(wy.admin, LISTS[1])
    assert len(y_objections) == 2 and not {o["id"] for o in y_objections} & _tenant_ids(mqa_runtime, wx.tenant.id,
                                                                                         Objection)

    # The notice closes, the government approves, a reward is paid.
    for o in objections:
        _decide(admin, o["id"], "dismissed", 2 if o["status"] == "investigating" else 1)
    ends_on = dt.date.fromisoformat(nx["ends_on"])
    days.go(ends_on + dt.timedelta(days=1))
    version = ok(admin.get(f"/api/v1/notices/{nx['id']}"))["version"]
    ok(admin.post(f"/api/v1/notices/{nx['id']}/close", json={}, headers={"If-Match": f'"{version}"'}))
    approved_on = ends_on + dt.timedelta(days=3)
    days.go(approved_on)
    ok(admin.post(f"/api/v1/cycles/{cx}/approval", json={
        "body": "南通市人民政府", "document_number": "通政发〔2026〕9号", "approved_on": approved_on.isoformat()}), 201)
    awards = all_items(supervisor, f"/api/v1/awards?cycle_id={cx}")
    duties = all_items(supervisor, "/api/v1/obligations")
    with_duties = [a for a in awards if any(o["award_id"] == a["id"] for o in duties)]
    paid, revoked = with_duties[0], with_duties[1]  # the individual's award carries no yearly report
    ok(admin.post(f"/api/v1/awards/{paid['id']}/rewards", json={
        "kind": "paid", "amount_yuan": paid["reward_yuan"] // 2, "entry_on": approved_on.isoformat(),
        "reference": "财付〔2026〕1号"}), 201)
    ok(admin.post(f"/api/v1/awards/{revoked['id']}/rewards", json={
        "kind": "paid", "amount_yuan": revoked["reward_yuan"], "entry_on": approved_on.isoformat(),
        "reference": "财付〔2026〕2号"}), 201)
    assert_summary(staff, mqa_runtime, wx.tenant.id, cx)

    # Yearly reports (Nantong 2023 第二十八条): the first due on 31 March after the award's year. Reminders go
    # out before the due day and on it (a run after it catches up); one winner reports.
    first_due = min(dt.date.fromisoformat(o["due_on"]) for o in duties)
    assert first_due == dt.date(approved_on.year + 1, 3, 31)
    days.go(first_due - dt.timedelta(days=10))
    assert _wait(admin, ok(admin.post("/api/v1/reminders/run", json={}), 202))["result"]["reminders_sent"] >= 1
    # On the due day itself the duties are due, not overdue: 0 days left, none on the overdue list.
    days.go(first_due)
    assert_summary(staff, mqa_runtime, wx.tenant.id, cx)
    assert walk(staff, LISTS[2], 200) == []
    due_today = [d for d in walk(staff, LISTS[0], 200) if d["due_on"] == first_due.isoformat()]
    assert {d["obligation_id"] for d in due_today} == {o["id"] for o in duties if o["due_on"] == first_due.isoformat()}
    assert all(d["days_left"] == 0 and d["working_days_left"] == 0 for d in due_today)
    days.go(first_due + dt.timedelta(days=6))
    assert _wait(admin, ok(admin.post("/api/v1/reminders/run", json={}), 202))["result"]["reminders_sent"] >= 1
    reported = next(o for o in duties if o["award_id"] == paid["id"] and o["due_on"] == first_due.isoformat())
    ok(admin.post(f"/api/v1/obligations/{reported['id']}/report", json={"report": "年度自我评价报告"},
                  headers={"If-Match": f'"{reported["version"]}"'}))
    # A violation revokes another award: its reward is clawed back, its duties end.
    ok(admin.post("/api/v1/sanctions", json={
        "violation": "negative_list_after_award", "award_id": revoked["id"], "decided_on": clock.today().isoformat(),
        "occurred_on": (clock.today() - dt.timedelta(days=20)).isoformat(), "evidence": "市应急管理局事故调查报告"}),
        201)

    # The second reading: duties overdue, reminders sent, rewards paid and clawed back.
    today = clock.today()
    summary = assert_summary(supervisor, mqa_runtime, wx.tenant.id, cx)
    assert summary["rewards"]["paid"] == paid["reward_yuan"] // 2 + revoked["reward_yuan"]
    assert summary["rewards"]["outstanding"] == sum(a["reward_yuan"] for a in awards) - summary["rewards"]["paid"]
    assert summary["rewards"]["clawed_back"] == revoked["reward_yuan"] > 0
    first_year = [o for o in duties if o["due_on"] == first_due.isoformat()]
    assert len(first_year) == len(with_duties)
    assert summary["obligations"]["overdue"] == len(first_year) - 2 > 0  # less the one reported, the one revoked
    assert summary["obligations"]["done"] == 1 and summary["obligations"]["cancelled"] >= 1
    assert summary["reminders"]["by_kind"] == {"before": len(first_year), "due": len(first_year)}
    assert summary["awards"] == {"total": len(awards), "revoked": 1, "standing": len(awards) - 1}

    overdue = assert_pages(staff, LISTS[2])
    with mqa_runtime.session(Scope.tenant(wx.tenant.id)) as s:
        late = sorted((o.due_on, o.id) for o in _all(s, Obligation)
                      if o.status is ObligationStatus.DUE and o.due_on < today)
        sent = sorted(((r.sent_at, r.id) for r in _all(s, Reminder)), reverse=True)
    assert [(dt.date.fromisoformat(o["due_on"]), o["id"]) for o in overdue] == late and late
    assert all(o["days_overdue"] == (today - dt.date.fromisoformat(o["due_on"])).days == 6 and o["state"] == "overdue"
               and o["citation"]["article"] == "第二十八条" for o in overdue)
    assert walk(staff, f"{LISTS[2]}?cycle_id={cx}", 200) == overdue
    reminders = assert_pages(supervisor, LISTS[3])
    assert [r["id"] for r in reminders] == [i for _, i in sent] and len(reminders) == summary["reminders"]["sent"]
    assert walk(staff, f"{LISTS[3]}?cycle_id={cx}", 200) == reminders
    assert walk(staff, LISTS[1], 200) == []  # every objection decided

    deadlines = assert_pages(admin, LISTS[0])
    assert [(d["due_on"], d["kind"], d["id"]) for d in deadlines] == [
        (k[0].isoformat(), k[1], k[2]) for k in expected_deadlines(mqa_runtime, wx.tenant.id, today)]
    assert {d["kind"] for d in deadlines} == {"obligation_due"}  # the later years' reports
    assert_working_days(mqa_runtime, wx.tenant.id, deadlines, today)
    assert walk(admin, f"{LISTS[0]}?cycle_id={cx}", 200) == deadlines

    # The counts are a fixed number of queries (one GROUP BY per table), however many rows there are.
    assert len(set(SUMMARY_STATEMENTS)) == 1, SUMMARY_STATEMENTS

    # Another tenant: its cycle is a 404 and its rows never appear; this tenant's never appear in its lists.
    for client, cycle in ((admin, cy), (wy.admin, cx)):
        assert client.get(f"/api/v1/cycles/{cycle}/dashboard").status_code == 404
        for path in LISTS:
            assert client.get(f"{path}?cycle_id={cycle}").status_code == 404
    x_rows = {"notice_end": _tenant_ids(mqa_runtime, wx.tenant.id, Notice),
              "stage_end": _tenant_ids(mqa_runtime, wx.tenant.id, CycleStage),
              "obligation_due": _tenant_ids(mqa_runtime, wx.tenant.id, Obligation)}
    days.go(EVE_OF_NATIONAL_DAY)
    y_deadlines = assert_pages(wy.admin, LISTS[0])
    assert y_deadlines and not [d for d in y_deadlines if d["id"] in x_rows[d["kind"]]]
    assert [(d["due_on"], d["kind"], d["id"]) for d in y_deadlines] == [
        (k[0].isoformat(), k[1], k[2]) for k in expected_deadlines(mqa_runtime, wy.tenant.id, clock.today())]
    assert not {o["id"] for o in walk(wy.admin, LISTS[1], 200)} & _tenant_ids(mqa_runtime, wx.tenant.id, Objection)
    assert walk(wy.admin, LISTS[2], 200) == [] and walk(wy.admin, LISTS[3], 200) == []
    assert_summary(wy.admin, mqa_runtime, wy.tenant.id, cy)
    # Y's objections are still open three days after the day they were filed (the process clock's day).
    with mqa_runtime.session(Scope.tenant(wy.tenant.id)) as s:
        filed_on = {o.id: clock.day_of(o.filed_at) for o in _all(s, Objection)}
    days.go(max(filed_on.values()) + dt.timedelta(days=3))
    still_open = walk(wy.admin, f"{LISTS[1]}?cycle_id={cy}", 1)
    assert [o["id"] for o in still_open] == sorted(filed_on) and len(still_open) == 2
    assert all(o["days_since_filed"] == (clock.today() - filed_on[o["id"]]).days >= 3
               and o["filed_on"] == filed_on[o["id"]].isoformat() for o in still_open)


@pytest.mark.parametrize("role, status", [(Role.APPLICANT, 403), (Role.EXPERT, 403), (Role.SUPERVISOR, 200),
                                          (Role.OFFICE_STAFF, 200), (Role.OFFICE_ADMIN, 200)])
def test_who_reads_the_dashboard(role, status, tenant_a, mqa_runtime):
    from tests.lifecycle import make_cycle

    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id)
    client = tenant_a.as_(role)
    assert client.get(f"/api/v1/cycles/{cycle}/dashboard").status_code == status
    for path in LISTS:
        assert client.get(path).status_code == status
        assert client.get(f"{path}?cycle_id={cycle}").status_code == status


def test_bad_paging_input_is_refused_by_name(tenant_a, mqa_runtime):
    from tests.lifecycle import make_cycle

    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id)
    admin = tenant_a.admin
    for path in LISTS:
        for query, field in (("limit=0", "limit"), ("limit=201", "limit"), ("cursor=%21%21", "cursor"),
                             ("cursor=WzEsMiwzLDRd", "cursor"), ("cycle_id=0", "cycle_id"), ("cycle_id=x", "cycle_id")):
            response = admin.get(f"{path}?{query}")
            assert response.status_code == 422 and field in response.get_json()["errors"], (path, query)
        assert admin.get(f"{path}?cycle_id={cycle + 1000}").status_code == 404
    # A cursor of another list's shape (one key) is refused by name, not answered.
    forged = admin.get(f"{LISTS[0]}?cursor=WyIyMDI2LTEwLTAxIiwiYm9ndXMiLDFd")  # ["2026-10-01","bogus",1]
    assert forged.status_code == 422 and "cursor" in forged.get_json()["errors"]
    assert admin.get(f"/api/v1/cycles/{cycle + 1000}/dashboard").status_code == 404


# -- indexes -------------------------------------------------------------------------------------------

BOUNDED = {"cycle_stages": ("uq_cycle_stages_tenant_id_cycle_id_position", "sqlite_autoindex_cycle_stages_3"),
           "notices": ("ix_notices_tenant_id_cycle_id_id", "pk_notices", "sqlite_autoindex_notices_1")}
"""Parts that sort what they read, and the tenant index they read it by: the stages of the open cycles (as
many as the plugin's plan has, per open cycle) and the open notices (a few per cycle: one per stage and
kind, ``uq_notices_tenant_id_cycle_id_stage_kind``). Both are fixed by the plans, not by the data's growth."""


@pytest.mark.parametrize("lister, served_by", [
    ("deadlines", {"obligations": ("ix_obligations_tenant_id_due_on_id",), **BOUNDED}),
    ("cycle_deadlines", {"obligations": ("ix_obligations_tenant_id_due_on_id",), **BOUNDED}),
    ("objections", {"objections": ("ix_objections_tenant_id_status_id",)}),
    ("cycle_objections", {"objections": ("ix_objections_tenant_id_status_id",)}),
    ("overdue", {"obligations": ("ix_obligations_tenant_id_due_on_id",)}),
    ("cycle_overdue", {"obligations": ("ix_obligations_tenant_id_due_on_id",)}),
    ("reminders", {"reminders": ("ix_reminders_tenant_id_sent_at_id",)}),
    ("cycle_reminders", {"reminders": ("ix_reminders_tenant_id_sent_at_id",)}),
])
def test_each_dashboard_list_reads_by_its_index(mqa_runtime, tenant_a, lister, served_by):
    """Each paged query (each part of the deadlines) is a range scan of its ``(tenant_id, ...)`` index that
    starts after the cursor and stops at the limit; none but the bounded parts sorts."""
    from core.cycles import dashboard
    from core.platform.paging import encode_cursor
    from core.platform.tenancy import scoped
    from tests.lifecycle import make_cycle
    from tests.test_paging import _plan, statements

    tenant_id = tenant_a.tenant.id
    cycle = make_cycle(mqa_runtime, tenant_id, version_code="2023", stage="approval_notice")
    registry = mqa_runtime.registry
    after = {"deadlines": ["2026-10-01", "notice_end", 1], "objections": [1], "overdue": ["2026-01-01", 1],
             "reminders": ["2026-01-01T00:00:00+00:00", 1]}
    kind = lister.removeprefix("cycle_")
    arguments = {"limit": 2, "cursor": encode_cursor(after[kind]), "cycle_id": cycle if "cycle_" in lister else None}
    run = {"deadlines": lambda s: dashboard.deadlines_page(s, registry, **arguments),
           "objections": lambda s: dashboard.open_objections_page(s, **arguments),
           "overdue": lambda s: dashboard.overdue_obligations_page(s, **arguments),
           "reminders": lambda s: dashboard.reminders_page(s, **arguments)}[kind]
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)), \
            statements(mqa_runtime.engine) as seen:
        run(session)
    paged = [(sql, parameters) for sql, parameters in seen if "LIMIT" in sql]
    assert len(paged) == {"deadlines": 3, "objections": 2}.get(kind, 1), [sql for sql, _ in paged]
    for sql, parameters in paged:
        table = re.search(r"\bFROM\s+(\w+)", sql).group(1)
        with mqa_runtime.session() as session:
            plan = _plan(session, sql, parameters)
        assert any(index in plan for index in served_by[table]), (table, plan)
        if table not in BOUNDED:
            assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan
        # SQLite always writes "LIMIT ? OFFSET ?"; the offset must then be 0 (PostgreSQL writes none).
        assert "OFFSET" not in sql or (sql.rstrip().endswith("OFFSET ?") and parameters[-1] == 0), (sql, parameters)
