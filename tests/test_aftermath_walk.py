"""After the review, end to end through the API, for Nantong 2023 and Rugao 2021: the candidate notice
(its minimum length computed and not shortened), objections from the public and from a logged-in
applicant, one upheld (Nantong 2023 第二十四条: no backfill, the place stays empty; Rugao's text is silent,
so the office's ``notice_backfill`` setting lets the next in rank enter) and one dismissed, the notice
closed, the government's approval, awards with the plugin's rewards in the ledger and paid, obligations
due with reminders sent once and caught up after a missed run, a report submitted, a violation two
years later that revokes (Nantong), claws back and bans, the next cycle's screening refusing the banned
applicant with the sanction's article, and the audit chain verifying over all of it.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest

from core.platform import clock
from core.platform.models import Role
from tests.lifecycle import eligible_facts, make_application, make_cycle
from tests.test_review import ok
from tests.test_review_walk import review_a_cycle
from tests.walk import all_items


class Clock:
    """The domain's today, moved by the test (the process clock stays real)."""

    def __init__(self, monkeypatch, start: dt.date) -> None:
        self.day = start
        monkeypatch.setattr(clock, "today", lambda: self.day)

    def go(self, day: dt.date) -> None:
        self.day = day


def _wait(client, job: dict) -> dict:
    for _ in range(300):
        state = ok(client.get(f"/api/v1/jobs/{job['id']}"))
        if state["status"] in ("finished", "failed"):
            assert state["status"] == "finished", state
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job['id']} did not finish")


@pytest.mark.parametrize("city, version, notice_stage, notice_kind, article, violation",
                         [("nantong", "2023", "approval_notice", "candidate", "第二十四条", "negative_list_after_award"),
                          ("rugao", "2021", "public_notice", "recommended", "第二十条", "false_application")])
def test_from_the_candidate_notice_to_a_ban_in_the_next_cycle(city, version, notice_stage, notice_kind, article,
                                                               violation, mqa_factory, anon, mqa_runtime, monkeypatch):
    # Rugao's walk has five organisations: two win the award, two the nomination (第五条), one is ranked
    # below them all, the next in rank when a listed one is struck off.
    walked = review_a_cycle(city, version, mqa_factory, anon, mqa_runtime, code=f"after-{city}",
                            more=2 if city == "rugao" else 0)
    world, cycle, organisations = walked["world"], walked["cycle"], walked["organisations"]
    admin, staff, supervisor = world.admin, world.as_(Role.OFFICE_STAFF), world.as_(Role.SUPERVISOR)
    person = walked["applications"][-1]
    start = clock.today()
    days = Clock(monkeypatch, start)

    # The committee adopts the allocation as it stands (the review walk's last decision left one out).
    winners = walked["winners"]
    ok(admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "deliberation", "body": "市质量发展委员会", "decided_on": start.isoformat(),
        "winners": [{"application_id": a, "tier": t} for a, t in winners.items()]}), 201)

    # The notice's length comes from the rule and cannot be shortened.
    short = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": notice_stage, "kind": notice_kind, "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=2)).isoformat()})
    assert short.status_code == 422 and "cannot be shortened" in short.get_json()["errors"]["ends_on"][0]
    assert short.get_json()["details"]["citation"]["article"] == article
    notice = ok(admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": notice_stage, "kind": notice_kind, "starts_on": start.isoformat(),
        "how_to_object": "书面异议请寄市场监管局质量发展科"}), 201)
    assert notice["citation"]["article"] == article and notice["ends_on"] == notice["earliest_end"]
    if city == "nantong":  # 10 calendar days, the publication day not counted (a rest day runs on)
        assert dt.date.fromisoformat(notice["ends_on"]) >= start + dt.timedelta(days=10)
        assert notice["backfill"] is False
    else:  # 5 working days after the publication day, the last one a working day
        from core.engine.calendar import WorkingDayCalendar
        working = WorkingDayCalendar().is_working_day
        last = dt.date.fromisoformat(notice["ends_on"])
        span = [start + dt.timedelta(days=n) for n in range(1, (last - start).days + 1)]
        assert sum(map(working, span)) == 5 and working(last)
        assert notice["backfill"] is None
    listed = {e["application_id"]: e for e in notice["entries"]}
    assert set(listed) == set(winners) and (city == "nantong" or organisations[4] not in listed)
    assert all(set(e) >= {"name", "tier", "category", "entry_kind"} and "facts" not in e for e in notice["entries"])

    # Anyone objects through the public API, without an account; an applicant objects logged in.
    board = f"/api/v1/public/{world.tenant.code}"
    public = ok(anon.post(f"{board}/notices/{notice['id']}/objections", json={
        "entry_id": listed[organisations[1]]["id"], "grounds": "该单位申报期间发生较大质量安全事故，未如实申报",
        "objector_name": "李四", "objector_contact": "lisi@example.com",
        "files": [{"filename": "事故通报.pdf", "content_base64": "JVBERi0xLjQK", "content_type": "application/pdf"}]}),
        201)
    applicant = anon.login("org-0", tenant=world.tenant.code)
    logged = ok(applicant.post(f"/api/v1/notices/{notice['id']}/objections", json={
        "entry_id": listed[person]["id"], "grounds": "该个人业绩材料存在夸大"}), 201)
    seen_by_staff = ok(staff.get(f"/api/v1/objections/{public['id']}"))
    seen_by_supervisor = ok(supervisor.get(f"/api/v1/objections/{public['id']}"))
    assert seen_by_staff["objector"] is None  # 为举报人保密: only the office admin and supervisors
    assert seen_by_supervisor["objector"] == {"name": "李四", "contact": "lisi@example.com"}
    assert applicant.get(f"/api/v1/objections/{public['id']}").status_code == 403
    events = [e for e in all_items(supervisor, "/api/v1/audit-events") if e["action"] == "objection.filed"]
    assert events and all("李四" not in str(e) and "lisi" not in str(e) for e in events)
    assert all(e["actor_id"] is None and e["actor_username"] is None for e in events)  # not even the logged-in one

    # The notice cannot close before its last day, nor with an objection open.
    refused = admin.post(f"/api/v1/notices/{notice['id']}/close", json={}, headers={"If-Match": '"1"'})
    assert refused.status_code == 409
    if city == "rugao":  # the text is silent on backfill: the office must decide first
        missing = admin.post(f"/api/v1/objections/{public['id']}/decision", json={
            "status": "upheld", "reasons": "经核实属实"}, headers={"If-Match": '"1"'})
        assert missing.status_code == 409 and missing.get_json()["code"] == "setting_missing"
        ok(admin.put("/api/v1/tenant/settings/notice_backfill", json={"value": True}, headers={"If-Match": '"0"'}))
    days.go(start + dt.timedelta(days=2))  # investigated for two days: a backfilled name starts its own period later
    ok(admin.post(f"/api/v1/objections/{public['id']}/decision", json={"status": "investigating"},
                  headers={"If-Match": '"1"'}))
    upheld = ok(admin.post(f"/api/v1/objections/{public['id']}/decision", json={
        "status": "upheld", "reasons": "经核实，该单位申报期间发生较大质量安全事故"}, headers={"If-Match": '"2"'}))
    assert upheld["status"] == "upheld" and upheld["objector_told_at"] is None  # no SMTP here: the receipt tells
    ok(admin.post(f"/api/v1/objections/{logged['id']}/decision", json={
        "status": "dismissed", "reasons": "业绩材料经核实无误"}, headers={"If-Match": '"1"'}))
    told = ok(anon.get(f"{board}/objections/{public['receipt']}"))
    assert told["status"] == "upheld" and "事故" in told["reasons"]
    inbox = all_items(applicant, "/api/v1/notifications")
    assert any(n["topic"] == "objection_outcome" and "不予支持" in n["body"] for n in inbox)

    shown = ok(anon.get(f"{board}/notices/{notice['id']}"))
    struck = next(e for e in shown["entries"] if e["name"] == listed[organisations[1]]["name"])
    assert struck["status"] == "removed"
    entered = [e for e in shown["entries"] if e["status"] == "listed" and e["name"] not in
               {x["name"] for x in listed.values()}]
    if city == "nantong":  # 第二十四条: 不进行递补
        assert entered == []
    else:  # the next organisation in rank takes the place, in the struck-off one's tier, on notice as long
        assert [(e["name"], e["tier"]) for e in entered] == [("第五制造有限公司", listed[organisations[1]]["tier"])]

    ends_on = dt.date.fromisoformat(notice["ends_on"])
    days.go(ends_on)
    late = anon.post(f"{board}/notices/{notice['id']}/objections", json={
        "entry_id": listed[organisations[0]]["id"], "grounds": "迟到的异议"})
    assert late.status_code == 201  # the last day is included
    ok(admin.post(f"/api/v1/objections/{late.get_json()['id']}/decision", json={
        "status": "dismissed", "reasons": "理由不成立"}, headers={"If-Match": '"1"'}))
    days.go(ends_on + dt.timedelta(days=1))
    closed_out = anon.post(f"{board}/notices/{notice['id']}/objections", json={
        "entry_id": listed[organisations[0]]["id"], "grounds": "期满后的异议"})
    assert closed_out.status_code == 409 and notice["ends_on"] in closed_out.get_json()["message"]
    if entered:  # the backfilled name is on notice for a full period from the day it entered
        own = ok(admin.get(f"/api/v1/notices/{notice['id']}"))
        newcomer = next(e for e in own["entries"] if e["backfilled"])
        own_end = dt.date.fromisoformat(newcomer["ends_on"])
        assert newcomer["listed_on"] == (start + dt.timedelta(days=2)).isoformat() and own_end > ends_on
        ok(anon.post(f"{board}/notices/{notice['id']}/objections", json={
            "entry_id": newcomer["id"], "grounds": "递补单位同样存在问题"}), 201)
        early = admin.post(f"/api/v1/notices/{notice['id']}/close", json={}, headers={"If-Match": f'"{own["version"]}"'})
        assert early.status_code == 409 and own_end.isoformat() in early.get_json()["message"]
        pending = [o for o in all_items(admin, f"/api/v1/notices/{notice['id']}/objections") if o["status"] == "received"]
        for o in pending:
            ok(admin.post(f"/api/v1/objections/{o['id']}/decision", json={"status": "dismissed", "reasons": "不属实"},
                          headers={"If-Match": f'"{o["version"]}"'}))
        ends_on = own_end
        days.go(own_end + dt.timedelta(days=1))
    notice_version = ok(admin.get(f"/api/v1/notices/{notice['id']}"))["version"]
    closed = ok(admin.post(f"/api/v1/notices/{notice['id']}/close", json={"outcome": "公示结束"},
                           headers={"If-Match": f'"{notice_version}"'}))
    assert closed["status"] == "closed" and "1名因异议查实被取消资格" in closed["outcome"]

    # The government's approval: the names that passed become awards with the plugin's reward.
    approved_on = ends_on + dt.timedelta(days=3)
    days.go(approved_on)
    stray = admin.post(f"/api/v1/cycles/{cycle}/approval", json={
        "body": "市人民政府", "document_number": "政发〔2027〕1号", "approved_on": approved_on.isoformat(),
        "winners": [{"application_id": organisations[1]}]})
    assert stray.status_code == 422 and "winners.0.application_id" in stray.get_json()["errors"]
    approval = ok(admin.post(f"/api/v1/cycles/{cycle}/approval", json={
        "body": "市人民政府", "document_number": "政发〔2027〕1号", "approved_on": approved_on.isoformat()}), 201)
    awards = all_items(supervisor, f"/api/v1/awards?cycle_id={cycle}")
    assert {a["application_id"] for a in awards} == {w["application_id"] for w in approval["winners"]}
    assert organisations[1] not in {a["application_id"] for a in awards}
    award = next(a for a in awards if a["application_id"] == organisations[0])
    assert award["reward_citation"]["jurisdiction"] == city and award["certificate_number"]
    assert isinstance(award["reward_yuan"], int) and award["reward_yuan"] > 0
    detail = ok(supervisor.get(f"/api/v1/awards/{award['id']}"))
    assert detail["balance"]["owed"] == award["reward_yuan"] == detail["balance"]["outstanding"]
    too_much = admin.post(f"/api/v1/awards/{award['id']}/rewards", json={
        "kind": "paid", "amount_yuan": award["reward_yuan"] + 1, "entry_on": approved_on.isoformat(),
        "reference": "财付〔2027〕8号"})
    assert too_much.status_code == 422 and "amount_yuan" in too_much.get_json()["errors"]
    ok(admin.post(f"/api/v1/awards/{award['id']}/rewards", json={
        "kind": "paid", "amount_yuan": award["reward_yuan"], "entry_on": approved_on.isoformat(),
        "reference": "财付〔2027〕8号"}), 201)
    assert ok(applicant.get(f"/api/v1/awards/{award['id']}"))["balance"]["outstanding"] == 0
    other = next(a for a in awards if a["application_id"] != organisations[0])
    assert applicant.get(f"/api/v1/awards/{other['id']}").status_code == 404  # another applicant's

    # Obligations: Nantong's yearly reports (2023 第二十八条); Rugao's duties start with an event.
    if city == "nantong":
        duties = [o for o in all_items(applicant, "/api/v1/obligations") if o["award_id"] == award["id"]]
        assert [(o["code"], o["period"], o["due_on"]) for o in duties] == [
            ("annual_report", str(y), f"{y + 1}-03-31") for y in range(approved_on.year, approved_on.year + 3)]
        duty = duties[0]
    else:
        duty = ok(admin.post(f"/api/v1/awards/{award['id']}/events", json={
            "code": "major_matter_report", "occurred_on": approved_on.isoformat(), "event": "主要负责人变更"}), 201)
        assert duty["due_on"] == (approved_on + dt.timedelta(days=30)).isoformat()
    due_on = dt.date.fromisoformat(duty["due_on"])

    # Reminders: before the due day, once; a missed run is caught up; nothing is sent twice.
    days.go(due_on - dt.timedelta(days=10))
    first = _wait(admin, ok(admin.post("/api/v1/reminders/run", json={}), 202))
    assert first["result"]["reminders_sent"] >= 1
    again = _wait(admin, ok(admin.post("/api/v1/reminders/run", json={}), 202))
    assert again["result"]["reminders_sent"] == 0
    days.go(due_on + dt.timedelta(days=5))  # the run on the due day was missed
    caught = _wait(admin, ok(admin.post("/api/v1/reminders/run", json={}), 202))
    assert caught["result"]["reminders_sent"] >= 1
    sent = [r for r in all_items(supervisor, "/api/v1/reminders") if r["obligation_id"] == duty["id"]]
    assert sorted(r["kind"] for r in sent) == ["before", "due"]
    reminders = [n for n in all_items(applicant, "/api/v1/notifications") if n["topic"] == "reminder"]
    assert any(n["target_id"] == str(duty["id"]) for n in reminders)
    assert ok(supervisor.get(f"/api/v1/obligations/{duty['id']}"))["state"] == "overdue"
    overdue = all_items(supervisor, "/api/v1/obligations?state=overdue")
    assert duty["id"] in {o["id"] for o in overdue} and all(o["state"] == "overdue" for o in overdue)
    done = ok(applicant.post(f"/api/v1/obligations/{duty['id']}/report", json={"report": "年度自我评价报告已提交"},
                             headers={"If-Match": f'"{duty["version"]}"'}))
    assert done["state"] == "done"
    assert duty["id"] in {o["id"] for o in all_items(supervisor, f"/api/v1/obligations?state=done&award_id={award['id']}")}

    # Two years later a violation is confirmed: the plugin's sanction is applied to the ledger.
    decided_on = approved_on.replace(year=approved_on.year + 2)
    days.go(decided_on)
    sanction = ok(admin.post("/api/v1/sanctions", json={
        "violation": violation, "award_id": award["id"], "decided_on": decided_on.isoformat(),
        "occurred_on": (decided_on - dt.timedelta(days=40)).isoformat(),
        "evidence": "市应急管理局事故调查报告"}), 201)
    assert sanction["ban_until"] and sanction["citation"]["jurisdiction"] == city
    after = ok(supervisor.get(f"/api/v1/awards/{award['id']}"))
    assert after["balance"]["clawback"] == award["reward_yuan"] and after["balance"]["to_recover"] == award["reward_yuan"]
    if city == "nantong":  # 撤销称号
        assert after["revoked_on"] == decided_on.isoformat() and after["revoked_by_sanction_id"] == sanction["id"]
        open_duties = [o for o in all_items(supervisor, "/api/v1/obligations")
                       if o["award_id"] == award["id"] and o["state"] in ("due", "overdue")]
        assert open_duties == []
        assert sanction["announcement"]

    # The next cycle's screening refuses the banned applicant, citing the sanction's article.
    next_cycle = make_cycle(mqa_runtime, world.tenant.id, year=decided_on.year + 1, version_code=version)
    facts, _ = eligible_facts(city, version, "organization")
    applicant_id = _applicant_of(mqa_runtime, world.tenant.id, organisations[0])
    again_id = make_application(mqa_runtime, world.tenant.id, next_cycle, applicant_id, facts=facts,
                                status="submitted")
    screening = ok(staff.post(f"/api/v1/applications/{again_id}/screenings", json={}), 201)
    assert screening["outcome"] == "ineligible"
    banned = [f for f in screening["findings"] if f["outcome"] == "failed" and
              f["citation"]["article"] == sanction["citation"]["article"]]
    assert banned, [(f["outcome"], f["citation"]["article"], f["explanation"]) for f in screening["findings"] if f["outcome"] not in ("pass", "passed")]

    # Every write above is in the hash-chained trail, and the chain verifies.
    actions = {e["action"] for e in all_items(supervisor, "/api/v1/audit-events")}
    assert {"notice.published", "objection.filed", "objection.upheld", "objection.dismissed", "notice.closed",
            "approval.recorded", "reward.paid", "reminder.sent", "obligation.report_submitted",
            "sanction.applied"} <= actions
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": mqa_runtime.settings.database_url,
           "MQA_INSTANCE_PATH": str(mqa_runtime.settings.instance_path)}
    verified = subprocess.run([sys.executable, "-m", "api.cli", "audit", "verify", "--tenant", world.tenant.code],
                              env=env, capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0 and verified.stdout.strip().endswith("intact"), verified.stdout + verified.stderr


def _applicant_of(runtime, tenant_id: int, application_id: int) -> int:
    from sqlalchemy import select

    from core.applications.models import Application
    from core.platform.tenancy import Scope

    with runtime.session(Scope.tenant(tenant_id)) as session:
        return session.scalar(select(Application.applicant_id).where(Application.id == application_id))
