"""Notices, objections, personal-data erasure, sanctions' reversal and the scheduler, case by case (the
walk through all of them is tests/test_aftermath_walk.py)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.platform import clock
from core.platform.models import Role
from core.platform.tenancy import Scope
from tests.test_aftermath_walk import Clock
from tests.test_isolation import populate_aftermath
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.test_review import ok
from tests.walk import all_items


def _open_notice(world, runtime, *, days_left: int = 5):
    """A running candidate notice (rows written directly) naming one accepted application."""
    facts, _ = eligible_facts("nantong", "2023", "organization")
    cycle = make_cycle(runtime, world.tenant.id, version_code="2023", stage="approval_notice")
    applicant = make_applicant(runtime, world.tenant.id, world.user_ids[Role.APPLICANT])
    application = make_application(runtime, world.tenant.id, cycle, applicant, facts=facts, status="accepted")
    ids = populate_aftermath(world, runtime, cycle, application)
    from core.notices.models import Notice
    with runtime.session(Scope.tenant(world.tenant.id)) as session:
        notice = session.scalar(select(Notice).where(Notice.id == ids["notice_id"]))
        notice.starts_on = clock.today() - dt.timedelta(days=1)
        notice.ends_on = clock.today() + dt.timedelta(days=days_left)
        session.commit()
    return ids, cycle, application


def test_publishing_is_refused_without_a_decision_for_another_kind_or_in_the_past(tenant_a, mqa_runtime):
    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id, version_code="2023", stage="approval_notice")
    today = clock.today()
    admin = tenant_a.admin
    no_decision = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": "approval_notice", "kind": "candidate", "starts_on": today.isoformat()})
    assert no_decision.status_code == 409 and "decision" in no_decision.get_json()["message"]
    wrong_kind = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": "approval_notice", "kind": "recommended", "starts_on": today.isoformat()})
    assert wrong_kind.status_code == 422 and "approval_notice/candidate" in wrong_kind.get_json()["errors"]["kind"][0]
    held = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": "application", "kind": "internal", "starts_on": today.isoformat()})
    assert held.status_code == 422 and "own dates" in held.get_json()["errors"]["kind"][0]
    past = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": "approval_notice", "kind": "candidate", "starts_on": (today - dt.timedelta(days=1)).isoformat()})
    assert past.status_code == 422 and "starts_on" in past.get_json()["errors"]
    for far in ("9999-12-30", (today + dt.timedelta(days=400)).isoformat()):
        refused = admin.post(f"/api/v1/cycles/{cycle}/notices", json={
            "stage": "approval_notice", "kind": "candidate", "starts_on": far})
        assert refused.status_code == 422 and "366 days ahead" in refused.get_json()["errors"]["starts_on"][0]
    assert all_items(admin, f"/api/v1/cycles/{cycle}/notices") == []


def test_an_objection_names_what_is_wrong_and_changes_nothing(tenant_a, anon, mqa_runtime):
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    path = f"/api/v1/public/{tenant_a.tenant.code}/notices/{ids['notice_id']}/objections"
    before = all_items(tenant_a.admin, f"/api/v1/notices/{ids['notice_id']}/objections")
    entry = ok(anon.get(f"/api/v1/public/{tenant_a.tenant.code}/notices/{ids['notice_id']}"))["entries"][0]["id"]
    for body, field in (({"entry_id": entry + 999, "grounds": "x"}, "entry_id"),
                        ({"entry_id": entry, "grounds": "   "}, "grounds"),
                        ({"entry_id": entry, "grounds": "x", "files": [{"filename": "a", "content_base64": "%%%"}]},
                         "files.0.content_base64"),
                        ({"entry_id": entry, "grounds": "x", "objector_name": "名" * 101}, "objector_name")):
        refused = anon.post(path, json=body)
        assert refused.status_code == 422 and field in refused.get_json()["errors"], refused.get_json()
    assert all_items(tenant_a.admin, f"/api/v1/notices/{ids['notice_id']}/objections") == before


def test_objection_moves_follow_the_order_and_decisions_give_reasons(tenant_a, mqa_runtime):
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    admin = tenant_a.admin
    path = f"/api/v1/objections/{ids['objection_id']}/decision"
    no_reason = admin.post(path, json={"status": "dismissed"}, headers={"If-Match": '"1"'})
    assert no_reason.status_code == 422 and "reasons" in no_reason.get_json()["errors"]
    stale = admin.post(path, json={"status": "investigating"}, headers={"If-Match": '"7"'})
    assert stale.status_code == 409
    ok(admin.post(path, json={"status": "dismissed", "reasons": "不属实"}, headers={"If-Match": '"1"'}))
    again = admin.post(path, json={"status": "upheld", "reasons": "改判"}, headers={"If-Match": '"2"'})
    assert again.status_code == 409 and "dismissed" in again.get_json()["message"]
    assert tenant_a.as_(Role.OFFICE_STAFF).get(f"/api/v1/objections/{ids['objection_id']}").get_json()["objector"] \
        is None


def test_the_public_is_limited_per_address_and_notice(tenant_a, anon, mqa_runtime, monkeypatch):
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    path = f"/api/v1/public/{tenant_a.tenant.code}/notices/{ids['notice_id']}/objections"
    entry = ok(anon.get(f"/api/v1/public/{tenant_a.tenant.code}/notices/{ids['notice_id']}"))["entries"][0]["id"]
    answers = [anon.post(path, json={"entry_id": entry, "grounds": f"第{n}次"}).status_code for n in range(6)]
    assert answers[:5] == [201] * 5 and answers[5] == 429


def test_another_tenants_notice_is_not_on_this_board(tenant_a, tenant_b, anon, mqa_runtime):
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    assert anon.get(f"/api/v1/public/{tenant_b.tenant.code}/notices/{ids['notice_id']}").status_code == 404
    assert anon.post(f"/api/v1/public/{tenant_b.tenant.code}/notices/{ids['notice_id']}/objections",
                     json={"entry_id": 1, "grounds": "x"}).status_code == 404
    assert anon.get("/api/v1/public/no-such-office/notices").status_code == 404
    mine = ok(anon.get(f"/api/v1/public/{tenant_a.tenant.code}/notices/{ids['notice_id']}"))
    assert set(mine["entries"][0]) == {"id", "name", "tier", "category", "entry_kind", "status", "ends_on"}


def test_personal_data_is_erased_after_the_retention_period_and_the_chain_still_verifies(
        tenant_a, mqa_runtime, mqa_factory, monkeypatch):
    from core.notices import retention
    from core.notices.models import Notice, NoticeStatus, Objection, ObjectionFile
    from core.applications.models import Applicant
    from core.platform import audit

    ids, cycle, application = _open_notice(tenant_a, mqa_runtime)
    other = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "loser")
    loser = make_applicant(mqa_runtime, tenant_a.tenant.id, other.id, name="落选有限公司",
                           uscc="91320600MA1MYYYY0C")
    make_application(mqa_runtime, tenant_a.tenant.id, cycle, loser, facts={}, status="accepted")
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        for row in session.scalars(select(Applicant)):
            row.contact_name, row.contact_phone, row.contact_email = "赵六", "13900000000", "z@example.com"
        session.commit()
        assert retention.erase(session)["erased"] is False  # unset: nothing is erased, and it says why
        notice = session.scalar(select(Notice).where(Notice.id == ids["notice_id"]))
        notice.status, notice.closed_at = NoticeStatus.CLOSED, clock.now()
        from core.cycles.models import Cycle, CycleStatus
        row = session.scalar(select(Cycle).where(Cycle.id == cycle))
        row.status, row.closed_at = CycleStatus.CLOSED, clock.now()
        session.commit()
    ok(tenant_a.admin.put("/api/v1/tenant/settings/personal_data_retention_days", json={"value": 30},
                          headers={"If-Match": '"0"'}))
    export = ok(tenant_a.admin.post("/api/v1/exports", json={}), 202)  # a stored copy of the tenant's data
    mqa_runtime.queue.wait(export["id"])
    stored = tenant_a.admin.get(f"/api/v1/jobs/{export['id']}/download")
    stored.close()  # a streamed file keeps its request's database session open until closed
    assert stored.status_code == 200
    days = Clock(monkeypatch, clock.today())
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        assert retention.erase(session) == {"erased": True, "retention_days": 30, "objections": 0, "applicants": 0,
                                            "exports": 0}
    days.go(clock.today() + dt.timedelta(days=32))
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        done = retention.erase(session, exports_root=mqa_runtime.settings.exports_path)
        assert done["objections"] == 1 and done["applicants"] == 1  # the winner (an award row) keeps its contact
        assert done["exports"] == 1  # the export copied the contacts just erased: it goes with them
        kept = {a.name: (a.contact_phone, a.personal_data_erased_at is not None) for a in session.scalars(select(Applicant))}
        assert kept["落选有限公司"] == ("", True) and kept["示例制造有限公司"] == ("13900000000", False)
        objection = session.scalar(select(Objection).where(Objection.id == ids["objection_id"]))
        assert objection.objector_name is None and objection.objector_contact is None and objection.erased_at
        assert objection.grounds == "走查"  # what the decision rests on stays
        upload = session.scalar(select(ObjectionFile).where(ObjectionFile.objection_id == objection.id))
        assert upload.content is None and upload.sha256 == "0" * 64
        assert retention.erase(session)["objections"] == 0  # once
    gone = tenant_a.admin.get(f"/api/v1/jobs/{export['id']}/download")
    assert gone.status_code == 409 and gone.get_json()["code"] == "conflict", gone.get_json()
    assert tenant_a.admin.get(f"/api/v1/jobs/{export['id']}").status_code == 200  # the job's history stays
    erased = [e for e in all_items(tenant_a.as_(Role.SUPERVISOR), "/api/v1/audit-events")
              if e["action"] == "personal_data.erased"]
    assert len(erased) == 1 and "王五" not in str(erased) and "13800000000" not in str(erased)
    with mqa_runtime.session(Scope.platform()) as session:
        states = audit.verify(session, tenant_id=tenant_a.tenant.id, only_tenant=True)
        assert all(state.broken is None for state in states), states
    shown = ok(tenant_a.as_(Role.SUPERVISOR).get(f"/api/v1/objections/{ids['objection_id']}"))
    assert shown["objector"] is None and shown["erased_at"] and shown["files"][0]["erased"] is True
    assert tenant_a.admin.get(f"/api/v1/objections/{ids['objection_id']}/files/{ids['file_id']}").status_code == 404


def test_a_reversed_sanction_stops_banning_and_restores_the_award(tenant_a, mqa_runtime):
    admin = tenant_a.admin
    facts, _ = eligible_facts("nantong", "2023", "organization")
    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id, version_code="2023", stage="approval_notice")
    applicant = make_applicant(mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.APPLICANT])
    application = make_application(mqa_runtime, tenant_a.tenant.id, cycle, applicant, facts=facts, status="accepted")
    ids = populate_aftermath(tenant_a, mqa_runtime, cycle, application)
    for decided_on, field in (("2020-01-01", "decided_on"), ("0001-01-01", "decided_on")):
        wrong = admin.post("/api/v1/sanctions", json={"violation": "negative_list_after_award", "award_id": ids["award_id"],
                                                      "decided_on": decided_on, "evidence": "通报"})
        assert wrong.status_code == 422 and field in wrong.get_json()["errors"], wrong.get_json()
    early = admin.post(f"/api/v1/awards/{ids['award_id']}/rewards", json={
        "kind": "paid", "amount_yuan": 1, "entry_on": "2001-01-01", "reference": "x"})
    assert early.status_code == 422 and "entry_on" in early.get_json()["errors"]
    before = ok(admin.get(f"/api/v1/awards/{ids['award_id']}"))
    made = ok(admin.post("/api/v1/sanctions", json={
        "violation": "negative_list_after_award", "award_id": ids["award_id"], "decided_on": clock.today().isoformat(),
        "evidence": "通报"}), 201)
    revoked = ok(admin.get(f"/api/v1/awards/{ids['award_id']}"))
    assert revoked["revoked_on"] == clock.today().isoformat() and revoked["version"] > before["version"]
    assert revoked["balance"]["outstanding"] == 0 and revoked["balance"]["cancelled"] == 100
    assert ok(admin.get(f"/api/v1/obligations/{ids['obligation_id']}"))["state"] == "cancelled"
    twice = admin.post("/api/v1/sanctions", json={
        "violation": "negative_list_after_award", "award_id": ids["award_id"], "decided_on": clock.today().isoformat(),
        "evidence": "通报"})
    assert twice.status_code == 409
    no_reason = admin.post(f"/api/v1/sanctions/{made['id']}/reversal", json={
        "kind": "appeal", "decided_on": clock.today().isoformat(), "reason": " "}, headers={"If-Match": '"1"'})
    assert no_reason.status_code == 422
    reversed_ = ok(admin.post(f"/api/v1/sanctions/{made['id']}/reversal", json={
        "kind": "appeal", "decided_on": clock.today().isoformat(), "reason": "复议撤销原决定"},
        headers={"If-Match": '"1"'}))
    assert reversed_["reversed_on"] and reversed_["ban_until"] == made["ban_until"]  # kept, marked
    restored = ok(admin.get(f"/api/v1/awards/{ids['award_id']}"))
    assert restored["revoked_on"] is None
    # the unpaid reward the revocation cancelled is owed again; the duty it ended is due again
    assert restored["balance"]["cancelled"] == 100 and restored["balance"]["outstanding"] == 100
    assert ok(admin.get(f"/api/v1/obligations/{ids['obligation_id']}"))["state"] in ("due", "overdue")
    from core.awards.ledger import history_for
    from core.applications.models import Applicant
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        row = session.scalar(select(Applicant).where(Applicant.id == applicant))
        _, sanctions = history_for(session, row)
    assert all(s.kind != "negative_list_after_award" for s in sanctions)
    supervisor = tenant_a.as_(Role.SUPERVISOR)
    assert ok(supervisor.get(f"/api/v1/sanctions/{made['id']}"))["reversal_reason"] == "复议撤销原决定"


def test_the_scheduler_queues_each_periodic_job_for_every_active_tenant(tenant_a, tenant_b, mqa_runtime):
    import core.tasks  # noqa: F401
    from core.platform.models import Job
    from core.platform.scheduler import PERIODIC_KINDS, run_once

    queued = run_once(mqa_runtime)
    for job_id in queued:
        mqa_runtime.queue.wait(job_id)
    with mqa_runtime.session(Scope.platform()) as session:
        jobs = session.scalars(select(Job).where(Job.id.in_(queued))).all()
    assert {(j.tenant_id, j.kind) for j in jobs} >= {(t.tenant.id, k) for t in (tenant_a, tenant_b)
                                                       for k in PERIODIC_KINDS}
    assert {j.status.value for j in jobs} == {"finished"}, [(j.kind, j.error) for j in jobs]


def test_an_email_failure_keeps_the_message_in_the_inbox(tenant_a, mqa_runtime):
    from core.platform import notifications

    def broken(to, subject, body):
        raise OSError("connection refused")

    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        row = notifications.send(session, tenant_a.user_ids[Role.APPLICANT], topic="reminder", subject="提醒",
                                 body="正文", email_to="a@example.com", mailer=broken)
        session.commit()
        assert notifications.deliver(session, broken, [row.id]) == 0
        assert row.email_status == "failed" and "connection refused" in row.email_error
    inbox = all_items(tenant_a.as_(Role.APPLICANT), "/api/v1/notifications")
    assert [n["subject"] for n in inbox] == ["提醒"] and inbox[0]["email_status"] == "failed"
    read = ok(tenant_a.as_(Role.APPLICANT).post(f"/api/v1/notifications/{inbox[0]['id']}/read", json={}))
    assert read["read_at"]
    assert tenant_a.admin.post(f"/api/v1/notifications/{inbox[0]['id']}/read", json={}).status_code == 404


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


OFFICE = {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}
READERS = OFFICE | {Role.SUPERVISOR}
ADMIN = {Role.OFFICE_ADMIN}
TENANT = set(Role.tenant_roles())


@pytest.mark.parametrize("role", [*Role.tenant_roles(), Role.PLATFORM_ADMIN], ids=lambda r: r.value)
def test_role_endpoint_method_matrix(role, tenant_a, platform_admin, mqa_runtime):
    """Every route after the review, for every role: refused (403) unless the role may call it; allowed
    calls answer without a server error (the ids are real rows of the tenant, written directly)."""
    ids, cycle, _ = _open_notice(tenant_a, mqa_runtime)
    caller = platform_admin if role is Role.PLATFORM_ADMIN else tenant_a.as_(role)
    n, o, w, d, s = ids["notice_id"], ids["objection_id"], ids["award_id"], ids["obligation_id"], ids["sanction_id"]
    cases = [
        ("GET", f"/api/v1/cycles/{cycle}/notices", None, READERS),
        ("POST", f"/api/v1/cycles/{cycle}/notices", {"stage": "approval_notice", "kind": "candidate",
                                                     "starts_on": "2099-01-01"}, OFFICE),
        ("GET", "/api/v1/notices", None, READERS), ("GET", f"/api/v1/notices/{n}", None, READERS),
        ("POST", f"/api/v1/notices/{n}/close", {}, OFFICE),
        ("GET", f"/api/v1/notices/{n}/objections", None, READERS),
        ("POST", f"/api/v1/notices/{n}/objections", {"entry_id": 1, "grounds": "矩阵"},
         {Role.APPLICANT, Role.EXPERT}),
        ("GET", "/api/v1/objections", None, READERS), ("GET", f"/api/v1/objections/{o}", None, READERS),
        ("POST", f"/api/v1/objections/{o}/decision", {"status": "investigating"}, OFFICE),
        ("GET", f"/api/v1/objections/{o}/files/{ids['file_id']}", None, READERS),
        ("GET", f"/api/v1/cycles/{cycle}/approval", None, READERS),
        ("POST", f"/api/v1/cycles/{cycle}/approval", {"body": "市政府", "document_number": "1",
                                                      "approved_on": "2025-06-01"}, ADMIN),
        ("GET", "/api/v1/awards", None, READERS | {Role.APPLICANT}),
        ("GET", f"/api/v1/awards/{w}", None, READERS | {Role.APPLICANT}),
        ("POST", f"/api/v1/awards/{w}/rewards", {"kind": "paid", "amount_yuan": 1, "entry_on": "2025-06-01",
                                                 "reference": "x"}, ADMIN),
        ("POST", f"/api/v1/awards/{w}/events", {"code": "incident_report", "occurred_on": "2025-06-02",
                                                "event": "x"}, OFFICE | {Role.APPLICANT}),
        ("GET", "/api/v1/obligations", None, READERS | {Role.APPLICANT}),
        ("GET", f"/api/v1/obligations/{d}", None, READERS | {Role.APPLICANT}),
        ("POST", f"/api/v1/obligations/{d}/report", {"report": "x"}, OFFICE | {Role.APPLICANT}),
        ("GET", "/api/v1/reminders", None, READERS), ("POST", "/api/v1/reminders/run", {}, OFFICE),
        ("POST", "/api/v1/personal-data/erasure", {}, ADMIN),
        ("POST", "/api/v1/sanctions", {"violation": "false_application", "award_id": w,
                                       "decided_on": "2025-06-01", "evidence": "x"}, ADMIN),
        ("GET", f"/api/v1/sanctions/{s}", None, READERS),
        ("POST", f"/api/v1/sanctions/{s}/reversal", {"kind": "appeal", "decided_on": "2025-06-02", "reason": "x"},
         ADMIN),
        ("GET", "/api/v1/notifications", None, TENANT),
    ]
    for method, url, body, allowed in cases:
        response = caller.request(method, url, json=body, headers={"If-Match": '"1"'} if method == "POST" else {})
        if role in allowed:
            assert response.status_code not in (401, 403) and response.status_code < 500, \
                (role, method, url, response.get_json())
        else:
            assert response.status_code == 403, (role, method, url, response.get_json())


def test_an_applicant_reaches_only_its_own_awards_and_duties(tenant_a, mqa_runtime, mqa_factory, anon):
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "stranger")
    stranger = anon.login("stranger", tenant=tenant_a.tenant.code)
    owner = tenant_a.as_(Role.APPLICANT)
    assert ok(owner.get(f"/api/v1/awards/{ids['award_id']}"))["id"] == ids["award_id"]
    for method, url, body in (("GET", f"/api/v1/awards/{ids['award_id']}", None),
                              ("GET", f"/api/v1/obligations/{ids['obligation_id']}", None),
                              ("POST", f"/api/v1/obligations/{ids['obligation_id']}/report", {"report": "x"}),
                              ("POST", f"/api/v1/awards/{ids['award_id']}/events",
                               {"code": "incident_report", "occurred_on": "2025-06-02", "event": "x"})):
        response = stranger.request(method, url, json=body, headers={"If-Match": '"1"'})
        assert response.status_code == 404, (url, response.get_json())
    assert all_items(stranger, "/api/v1/awards") == [] and all_items(stranger, "/api/v1/obligations") == []
    assert [a["id"] for a in all_items(owner, "/api/v1/awards")] == [ids["award_id"]]


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free localhost port (aiosmtpd), collecting what it receives."""
    controller_module = pytest.importorskip("aiosmtpd.controller")
    received: list = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            received.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_module.Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", received
    finally:
        controller.stop()


def test_email_goes_out_over_smtp_when_configured(tenant_a, mqa_runtime, smtp_server, monkeypatch):
    """Reminders reach the inbox and, with MQA_SMTP_URL, a real SMTP server; a public objector who left
    an email address is written to when the office decides (Changde 第四十条)."""
    import dataclasses
    import email

    from core.platform import notifications

    url, received = smtp_server
    settings = dataclasses.replace(mqa_runtime.settings, smtp_url=url, mail_from="office@example.org")
    monkeypatch.setattr(mqa_runtime, "settings", settings)
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        mailer = notifications.smtp_mailer(settings)
        row = notifications.send(session, tenant_a.user_ids[Role.APPLICANT], topic="reminder", subject="义务提醒",
                                 body="年报将于2027-03-31到期", email_to="winner@example.com", mailer=mailer)
        assert row.email_status == "pending" and received == []  # nothing leaves before the commit
        session.commit()
        assert notifications.deliver(session, mailer, [row.id]) == 1 and row.email_status == "sent", row.email_error
    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    from core.notices.models import Objection
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        objection = session.scalar(select(Objection).where(Objection.id == ids["objection_id"]))
        objection.objector_contact = "objector@example.com"
        session.commit()
    ok(tenant_a.admin.post(f"/api/v1/objections/{ids['objection_id']}/decision", json={
        "status": "dismissed", "reasons": "经核实不属实"}, headers={"If-Match": '"2"'}))
    assert [e.rcpt_tos for e in received] == [["winner@example.com"], ["objector@example.com"]]
    outcome = email.message_from_bytes(received[1].content)
    assert outcome["From"] == "office@example.org" and "经核实不属实" in outcome.get_payload(decode=True).decode()


def test_a_name_struck_off_never_returns_to_a_later_list_nor_to_the_approval(tenant_a, mqa_runtime):
    """Struck off the candidate notice, an application is left off any later notice of the cycle (a
    recommended-winners notice built from the same decision), whatever the decision says."""
    from core.cycles.models import Cycle
    from core.notices import services
    from core.notices.models import EntryStatus, NoticeEntry
    from core.review.models import CommitteeDecision, DecisionKind

    ids, cycle, application = _open_notice(tenant_a, mqa_runtime)
    facts, _ = eligible_facts("nantong", "2023", "organization")
    other = make_application(mqa_runtime, tenant_a.tenant.id, cycle, make_applicant(
        mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.EXPERT], name="另一制造有限公司",
        uscc="91320600MA1MYYYY0C"), facts=facts, status="accepted")
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        session.add(CommitteeDecision(cycle_id=cycle, kind=DecisionKind.DELIBERATION, body="质委会",
                                      decided_on=clock.today(), winners=[{"application_id": application, "tier": "award"},
                                                                         {"application_id": other, "tier": "award"}],
                                      ranking={"ranked": [{"application_id": application, "entry_kind": "organization"},
                                                          {"application_id": other, "entry_kind": "organization"}]}))
        entry = session.scalar(select(NoticeEntry).where(NoticeEntry.notice_id == ids["notice_id"]))
        entry.status = EntryStatus.REMOVED
        session.commit()
        row = session.scalar(select(Cycle).where(Cycle.id == cycle))
        assert services.struck_off(session, cycle) == {application}
        assert services._list_for(session, row, "recommended") == [(other, "award")]


def test_the_approval_waits_for_every_notice_the_plan_names(tenant_b, mqa_runtime):
    """Yuncheng 第十九条 and 第二十条: the candidates, then the recommended winners, each on notice; the
    approval is refused while one of them is missing or open."""
    from core.awards.approvals import BEFORE_APPROVAL, _final_notice
    from core.errors import Conflict
    from core.notices.models import Notice, NoticeStatus

    rules = mqa_runtime.registry.rules("yuncheng")
    plan = rules.cycle_plan(rules.jurisdiction.versions[-1], {})
    required = [n for n in plan.notices if n.kind in BEFORE_APPROVAL]
    assert [n.kind for n in required] == ["candidate", "recommended"]
    cycle = make_cycle(mqa_runtime, tenant_b.tenant.id)
    day = clock.today()
    with mqa_runtime.session(Scope.tenant(tenant_b.tenant.id)) as session:
        def notice(rule, status):
            session.add(Notice(cycle_id=cycle, stage=rule.stage, kind=rule.kind, title="公示", citation={},
                               min_days=5, working_days=True, starts_on=day, ends_on=day, earliest_end=day,
                               status=status))
            session.commit()
        notice(required[0], NoticeStatus.CLOSED)
        with pytest.raises(Conflict, match=required[1].stage):
            _final_notice(session, plan, cycle)
        notice(required[1], NoticeStatus.OPEN)
        with pytest.raises(Conflict, match="has not closed"):
            _final_notice(session, plan, cycle)
    nantong = mqa_runtime.registry.rules("nantong")
    assert [n.kind for n in nantong.cycle_plan(nantong.jurisdiction.version("2023"), {}).notices
            if n.kind in BEFORE_APPROVAL] == ["candidate"]


def test_the_public_sees_a_notice_from_its_publication_day(tenant_a, anon, mqa_runtime):
    from core.notices.models import Notice

    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        notice = session.scalar(select(Notice).where(Notice.id == ids["notice_id"]))
        notice.starts_on = clock.today() + dt.timedelta(days=3)
        notice.ends_on = clock.today() + dt.timedelta(days=13)
        session.commit()
    board = f"/api/v1/public/{tenant_a.tenant.code}"
    assert all_items(anon, f"{board}/notices") == []
    assert anon.get(f"{board}/notices/{ids['notice_id']}").status_code == 404
    assert anon.post(f"{board}/notices/{ids['notice_id']}/objections",
                     json={"entry_id": 1, "grounds": "提前"}).status_code == 404
    assert ok(tenant_a.admin.get(f"/api/v1/notices/{ids['notice_id']}"))["id"] == ids["notice_id"]  # the office sees it


def test_a_notice_never_closed_does_not_keep_objectors_data_for_ever(tenant_a, mqa_runtime, monkeypatch):
    from core.notices import retention
    from core.notices.models import Objection

    ids, _, _ = _open_notice(tenant_a, mqa_runtime)
    ok(tenant_a.admin.put("/api/v1/tenant/settings/personal_data_retention_days", json={"value": 30},
                          headers={"If-Match": '"0"'}))
    days = Clock(monkeypatch, clock.today())
    days.go(clock.today() + dt.timedelta(days=5 + 30))  # the notice's last day + 30: not yet
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        assert retention.erase(session)["objections"] == 0
    days.go(days.day + dt.timedelta(days=1))
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        assert retention.erase(session)["objections"] == 1
        row = session.scalar(select(Objection).where(Objection.id == ids["objection_id"]))
        assert row.objector_name is None and row.filed_by_id is None and row.erased_at is not None
