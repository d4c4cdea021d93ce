"""Tenant isolation: another tenant's token never reaches a row of this tenant."""
from __future__ import annotations

from core.platform.models import Role
from tests.lifecycle import eligible_facts, make_applicant, make_application
from tests.walk import (APPLICANT_ROUTES, EXPERT_ROUTES, FILE_ROUTES, NOT_TENANT_SCOPED, VALID_BODIES, WORKBOOK_ROUTES,
                        all_items, fill, items, routes, tenant_scoped_blueprints)

LISTS = ("/api/v1/users", "/api/v1/jobs", "/api/v1/audit-events", "/api/v1/cycles", "/api/v1/applicants",
         "/api/v1/applications", "/api/v1/ledger/awards", "/api/v1/ledger/sanctions", "/api/v1/experts",
         "/api/v1/notices", "/api/v1/objections", "/api/v1/awards", "/api/v1/obligations", "/api/v1/reminders",
         "/api/v1/notifications", "/api/v1/dashboard/deadlines", "/api/v1/dashboard/objections",
         "/api/v1/dashboard/obligations-overdue", "/api/v1/dashboard/reminders")


def row_key(path: str, row: dict) -> object:
    """What identifies a row of a list: its id, or (kind, id) where a list merges several tables."""
    return (row["kind"], row["id"]) if path == "/api/v1/dashboard/deadlines" else row["id"]


def populate(world, runtime) -> dict[str, object]:
    """Give the tenant a finished export job and a row of every lifecycle resource; return the ids the
    walk substitutes."""
    job = world.admin.post("/api/v1/exports", json={}).get_json()
    tenant_id, applicant_user = world.tenant.id, world.user_ids[Role.APPLICANT]
    cycle = world.admin.post("/api/v1/cycles", json={"year": 2025, "rule_version": "2023"}
                             if world.tenant.jurisdiction_code == "nantong" else {"year": 2025}).get_json()
    applicant_id = make_applicant(runtime, tenant_id, applicant_user)
    version = cycle["rule_version"]["code"]
    facts, _ = eligible_facts(world.tenant.jurisdiction_code, version, "organization")
    submitted = make_application(runtime, tenant_id, cycle["id"], applicant_id, facts=facts)
    draft = make_application(runtime, tenant_id, cycle["id"], applicant_id, facts={}, status="draft")
    applicant = world.as_(Role.APPLICANT)
    attachment = applicant.client.post(f"/api/v1/applications/{draft}/attachments?filename=a.pdf",
                                       data=b"%PDF-1.7\n%%EOF\n", headers={"Content-Type": "application/pdf",
                                                                         "Authorization": f"Bearer {applicant.token}"})
    assert attachment.status_code == 201, attachment.get_json()
    change = applicant.post(f"/api/v1/applications/{submitted}/change-requests", json={"facts": facts, "reason": "更正"})
    assert change.status_code == 201, change.get_json()
    screening = world.admin.post(f"/api/v1/applications/{submitted}/screenings", json={})
    assert screening.status_code == 201, screening.get_json()
    correction = world.admin.post(f"/api/v1/applications/{submitted}/corrections", json=VALID_BODIES[
        "/api/v1/applications/<int:application_id>/corrections"])
    assert correction.status_code == 201, correction.get_json()
    rules = runtime.registry.rules(world.tenant.jurisdiction_code)
    violation = rules.violations(rules.jurisdiction.version(version))[0].code
    for path, extra in (("/api/v1/ledger/awards", {}), ("/api/v1/ledger/sanctions", {"kind": violation})):
        made = world.admin.post(path, json={**VALID_BODIES[path], "name": f"示例制造{world.tenant.code}有限公司", **extra})
        assert made.status_code == 201, made.get_json()
    review = populate_review(world, runtime, cycle["id"], version, applicant_id, facts)
    after = populate_aftermath(world, runtime, cycle["id"], submitted)
    _notice_ends_ahead(world, runtime, after["notice_id"])  # a deadline ahead, for /dashboard/deadlines
    return {**review, **after, "user_id": world.user_ids[Role.EXPERT], "job_id": job["id"], "key": "bonus_yuan",
            "cycle_id": cycle["id"], "code": "application", "applicant_id": applicant_id,
            "application_id": submitted, "request_id": change.get_json()["id"],
            "attachment_id": attachment.get_json()["id"], "screening_id": screening.get_json()["id"],
            "correction_id": correction.get_json()["id"]}


def _notice_ends_ahead(world, runtime, notice_id: int) -> None:
    import datetime as dt

    from core.notices.models import Notice
    from core.platform import clock
    from core.platform.tenancy import Scope

    with runtime.session(Scope.tenant(world.tenant.id)) as session:
        session.get(Notice, (world.tenant.id, notice_id)).ends_on = clock.today() + dt.timedelta(days=30)
        session.commit()


def workbook_text(content: bytes) -> str:
    """Every cell of every sheet of an xlsx, as one text."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


def populate_review(world, runtime, cycle_id: int, version: str, applicant_id: int, facts) -> dict[str, int]:
    """An expert pool, a panel of the cycle's first review stage drawn at random, and a sheet."""
    rules = runtime.registry.rules(world.tenant.jurisdiction_code)
    plan = rules.cycle_plan(rules.jurisdiction.version(version), {})
    stage = plan.stages_of_kind("review")[0]
    rule = next((p for p in plan.panels if p.stage == stage), None)
    seats = (rule.min_experts if rule and rule.min_experts else 3)
    accepted = make_application(runtime, world.tenant.id, cycle_id, applicant_id, facts=facts, status="accepted")
    today = rules.jurisdiction.version(world.admin.get("/api/v1/tenant").get_json()["effective_rule_version"])
    versions = (today, rules.jurisdiction.version(version))  # the pool's and the cycle's
    attested = sorted({q.code for v in versions for q in rules.expert_qualifications(v)})
    experts = []
    for n in range(seats):
        made = world.admin.post("/api/v1/experts", json={
            "name": f"专家{world.tenant.code}-{n}", "title": "senior", "practice_started_on": "2000-01-01", "born_on": "1976-05-01",
            "attested": attested, "user_id": world.user_ids[Role.EXPERT] if n == 0 else None})
        assert made.status_code == 201, made.get_json()
        experts.append(made.get_json()["id"])
    relation = world.admin.post(f"/api/v1/experts/{experts[0]}/relations", json={"kind": "other", "name": "无关单位"})
    assert relation.status_code == 201, relation.get_json()
    panel = world.admin.post(f"/api/v1/cycles/{cycle_id}/panels", json={
        "stage": stage, "name": "评审组", "seats": seats, "application_ids": [accepted]})
    assert panel.status_code == 201, panel.get_json()
    panel_id = panel.get_json()["id"]
    draw = world.admin.post(f"/api/v1/panels/{panel_id}/draws", json={}).get_json()
    revealed = world.admin.post(f"/api/v1/draws/{draw['id']}/reveal", json={})
    assert revealed.status_code == 200 and len(revealed.get_json()["drawn"]) == seats, revealed.get_json()
    member = next(m for m in world.admin.get(f"/api/v1/panels/{panel_id}").get_json()["members"]
                  if m["expert_id"] == experts[0])
    from core.platform.tenancy import Scope, scoped
    from core.review.models import ScoreSheetRow
    with runtime.session() as session, scoped(session, Scope.tenant(world.tenant.id)):
        sheet = ScoreSheetRow(cycle_id=cycle_id, stage=stage, panel_id=panel_id, application_id=accepted,
                              expert_id=experts[0], items={})
        session.add(sheet)
        session.commit()
        sheet_id = sheet.id
    ids = {"expert_id": experts[0], "panel_id": panel_id, "draw_id": draw["id"], "member_id": member["id"],
           "sheet_id": sheet_id, "code": stage}
    if world.tenant.jurisdiction_code == "nantong":  # Yuncheng's totals need the office's stage weights first
        decision = world.admin.post(f"/api/v1/cycles/{cycle_id}/decisions", json={
            "kind": "deliberation", "body": "质委会", "decided_on": "2025-01-01", "winners": []})
        assert decision.status_code == 201, decision.get_json()
        ids["decision_id"] = decision.get_json()["id"]
    return ids


def populate_aftermath(world, runtime, cycle_id: int, application_id: int) -> dict[str, object]:
    """A notice with one name and an objection with a file, an approval, an award with a ledger line, an
    obligation with a reminder, a sanction, and a message in the office admin's inbox (rows written
    directly: the walks need them to exist, tests/test_aftermath_walk.py makes them through the API)."""
    import datetime as dt

    from core.awards.models import (Approval, LedgerAward, LedgerSanction, LedgerSource, Obligation, Reminder,
                                    RewardEntry, RewardEntryKind)
    from core.notices.models import Notice, NoticeEntry, Objection, ObjectionFile
    from core.platform.models import Notification
    from core.platform.tenancy import Scope, scoped

    day = dt.date(2025, 6, 1)
    cite = {"jurisdiction": world.tenant.jurisdiction_code, "version": "x", "article": "第一条", "text": "第一条"}
    with runtime.session() as session, scoped(session, Scope.tenant(world.tenant.id)):
        notice = Notice(cycle_id=cycle_id, stage="walk", kind="candidate", title="候选名单公示", citation=cite,
                        min_days=10, working_days=False, starts_on=day, ends_on=day + dt.timedelta(days=10),
                        earliest_end=day + dt.timedelta(days=10))
        session.add(notice)
        session.flush()
        entry = NoticeEntry(notice_id=notice.id, application_id=application_id, position=0, name="走查有限公司",
                            tier="award", entry_kind="organization")
        session.add(entry)
        session.flush()
        objection = Objection(notice_id=notice.id, entry_id=entry.id, grounds="走查", real_name=True,
                              objector_name="王五", objector_contact="13800000000", filed_via="api",
                              receipt_hash=f"{world.tenant.id:064d}")
        session.add(objection)
        session.flush()
        upload = ObjectionFile(objection_id=objection.id, filename="a.pdf", content_type="application/pdf", size=3,
                               sha256="0" * 64, content=b"pdf")
        approval = Approval(cycle_id=cycle_id, body="市人民政府", document_number="政发〔2025〕1号", approved_on=day,
                            winners=[{"application_id": application_id, "tier": "award", "category": None}])
        session.add_all([upload, approval])
        session.flush()
        award = LedgerAward(subject_kind="organization", name="走查有限公司", uscc="91320600MA1MXXXX03",
                            source=LedgerSource.CYCLE, tier="award", entry_kind="organization", cycle_year=2025,
                            awarded_on=day, application_id=application_id, cycle_id=cycle_id,
                            approval_id=approval.id, honours=[], reward_yuan=100)
        session.add(award)
        session.flush()
        obligation = Obligation(award_id=award.id, code="annual_report", description="年报", citation=cite,
                                period="2025", due_on=dt.date(2026, 3, 31))
        sanction = LedgerSanction(subject_kind="organization", name="走查有限公司", uscc="91320600MA1MXXXX03",
                                  source=LedgerSource.RECORDED, kind="walk", decided_on=day, award_id=award.id,
                                  measures=[], citation=cite)
        session.add_all([obligation, sanction, RewardEntry(award_id=award.id, kind=RewardEntryKind.OWED,
                                                           amount_yuan=100, entry_on=day)])
        session.flush()
        reminder = Reminder(obligation_id=obligation.id, kind="before", due_on=obligation.due_on, run_on=day,
                            recipients=1)
        message = Notification(user_id=world.user_ids[Role.OFFICE_ADMIN], topic="walk", subject="走查", body="走查")
        session.add_all([reminder, message])
        session.commit()
        return {"notice_id": notice.id, "objection_id": objection.id, "file_id": upload.id, "award_id": award.id,
                "obligation_id": obligation.id, "sanction_id": sanction.id, "notification_id": message.id,
                "tenant_code": world.tenant.code, "receipt": "walk-receipt"}


def own_rows(world) -> dict[str, set[object]]:
    """The ids of the tenant's rows, per list route."""
    return {path: {row_key(path, row) for row in all_items(world.admin, path)} for path in LISTS}


def test_every_blueprint_declares_whether_it_holds_tenant_data(app):
    undeclared = {r.blueprint for r in routes(app) if r.blueprint} - NOT_TENANT_SCOPED - tenant_scoped_blueprints(app)
    assert undeclared == set()


def test_foreign_token_gets_404_on_every_tenant_route_and_sees_no_foreign_rows(app, tenant_a, tenant_b, mqa_runtime):
    ids_a = populate(tenant_a, mqa_runtime)
    mqa_runtime.queue.wait(ids_a["job_id"])
    populate(tenant_b, mqa_runtime)
    a_rows = own_rows(tenant_a)
    a_snapshot = all_items(tenant_a.admin, "/api/v1/users")
    scoped = tenant_scoped_blueprints(app)
    walked = []
    for route in routes(app):
        if route.blueprint not in scoped:
            continue
        path = fill(route.rule, ids_a)
        body = VALID_BODIES.get(route.rule, {}) if route.method in ("POST", "PATCH", "PUT") else None
        key = (route.method, route.rule)
        intruder = tenant_b.as_(Role.APPLICANT) if key in APPLICANT_ROUTES else \
            tenant_b.as_(Role.EXPERT) if key in EXPERT_ROUTES else tenant_b.admin
        if key == ("POST", "/api/v1/applications/<int:application_id>/attachments"):
            path += "?filename=a.pdf"  # a well-formed upload, so the lookup is what answers
        response = intruder.request(route.method, path, json=body)
        walked.append((route.method, route.rule))
        if route.params:
            assert response.status_code == 404, (route, response.get_json())
            assert response.get_json()["code"] == "not_found"
            continue
        payload = response.get_json()
        if key in FILE_ROUTES:
            assert response.status_code in (404, 415, 422), (route, payload)  # a JSON body is not a file
        elif route.method != "GET":
            assert response.status_code in (201, 202, 404, 409, 422, 428), (route, payload)  # acts in B's own tenant
            if response.status_code == 404:  # B's cycle 1 or B's own applicant row, never A's
                assert payload["code"] == "not_found", (route, payload)
        elif route.rule == "/api/v1/applicants/me":  # B's applicant sees its own row
            assert response.status_code == 200 and payload["id"] != ids_a["applicant_id"], payload
            assert payload["user_id"] == tenant_b.user_ids[Role.APPLICANT], payload
        elif route.rule == "/api/v1/experts/me":  # B's expert reads its own pool entry, never A's
            mine = tenant_b.as_(Role.EXPERT).get(path)
            assert mine.status_code == 200 and mine.get_json()["user_id"] == tenant_b.user_ids[Role.EXPERT]
        elif route.rule == "/api/v1/tenant":
            assert payload["id"] == tenant_b.tenant.id
        elif route.rule in WORKBOOK_ROUTES:  # B's own workbook: none of A's names or ids in it
            assert response.status_code == 200 and response.mimetype.endswith(".sheet"), route
            text = workbook_text(response.data)
            assert tenant_b.tenant.code in text and tenant_a.tenant.code not in text, route
        elif route.rule == "/api/v1/tenant/settings":
            # B's own jurisdiction's settings, none set by B and none of A's; see test_tenant_settings
            assert all(row["value"] is None for row in payload), payload
        elif route.rule.startswith("/api/v1/tenant/rules/"):
            # answered under B's own binding (yuncheng) or refused for want of input; never A's rules
            assert response.status_code in (200, 422), (route, payload)
            if response.status_code == 200:
                assert payload["jurisdiction"] == "yuncheng", (route, payload)
        else:
            assert route.rule in a_rows, f"add {route.rule} to own_rows() so the walk checks it"
            assert a_rows[route.rule], route.rule
            seen = {row_key(route.rule, row) for row in items(response)}
            assert seen and seen.isdisjoint(a_rows[route.rule]), (route, seen & a_rows[route.rule])
    assert ("GET", "/api/v1/users/<int:user_id>") in walked
    assert ("PATCH", "/api/v1/users/<int:user_id>") in walked
    assert ("GET", "/api/v1/jobs/<string:job_id>/download") in walked
    assert {("GET", rule) for rule in WORKBOOK_ROUTES} <= set(walked)
    assert ("GET", "/api/v1/dashboard/deadlines") in walked
    assert all_items(tenant_a.admin, "/api/v1/users") == a_snapshot


def test_lists_show_zero_foreign_rows(tenant_a, tenant_b, mqa_runtime):
    populate(tenant_a, mqa_runtime)
    populate(tenant_b, mqa_runtime)
    for path in LISTS:
        a = {row_key(path, row) for row in all_items(tenant_a.admin, path)}
        b = {row_key(path, row) for row in all_items(tenant_b.admin, path)}
        assert a and b, path
        assert a.isdisjoint(b), path
    users_b = all_items(tenant_b.admin, "/api/v1/users")
    assert {u["tenant_id"] for u in users_b} == {tenant_b.tenant.id}


def test_tenant_comes_from_the_token_not_from_headers_or_query(tenant_a, tenant_b):
    a_id = tenant_a.tenant.id
    for headers in ({"X-Tenant-Id": str(a_id)}, {"X-Tenant": "city-a"}):
        users = tenant_b.admin.get(f"/api/v1/users?tenant_id={a_id}", headers=headers)
        assert users.status_code == 422  # an unknown query field is refused, not obeyed
        listed = items(tenant_b.admin.get("/api/v1/users", headers=headers))
        assert {u["tenant_id"] for u in listed} == {tenant_b.tenant.id}
        assert tenant_b.admin.get("/api/v1/tenant", headers=headers).get_json()["code"] == "city-b"


def test_created_rows_land_in_the_callers_tenant(tenant_a, tenant_b):
    made = tenant_b.admin.post("/api/v1/users", json={"username": "newbie", "password": "long-enough-pw",
                                                      "role": "expert"}).get_json()
    assert made["tenant_id"] == tenant_b.tenant.id
    assert "newbie" not in [u["username"] for u in all_items(tenant_a.admin, "/api/v1/users")]
