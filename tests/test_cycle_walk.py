"""The whole walk of issue 10 through the HTTP API, for Nantong 2023 and for Rugao 2021: an office opens
a cycle, two applicants (an organisation and a person) register and are approved, save drafts and
submit (one submission after the deadline is refused), the office records the local recommendations,
screens, confirms the attestations, accepts one application and rejects the other with reasons, and
every role lists the cycle's applications. The README shows the same walk with curl.

Time is fixed with ``core.platform.clock.now`` so the deadline is tested to the minute in Asia/Shanghai.
The facts are those the cities' own case files judge eligible (tests/lifecycle.py).
"""
from __future__ import annotations

import datetime as dt

import pytest

from core.applications import uscc
from core.platform.clock import SHANGHAI
from core.platform.models import Role
from core.testing import TEST_PASSWORD
from tests.conftest import TenantWorld
from tests.lifecycle import eligible_facts
from tests.walk import all_items

ORG_USCC = uscc.complete("91320600MA1W7XQK0")
EMPLOYER_USCC = uscc.complete("91320682MA1N2B3C4")


def at(monkeypatch, moment: str) -> None:
    """Set the clock to ``moment`` (ISO, Asia/Shanghai)."""
    now = dt.datetime.fromisoformat(moment).replace(tzinfo=SHANGHAI)
    monkeypatch.setattr("core.platform.clock.now", lambda: now)


def ok(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()


def etag(client, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, response.get_json()
    return {"If-Match": response.headers["ETag"]}


@pytest.fixture
def world(request, mqa_factory, anon) -> TenantWorld:
    city, version = request.param
    tenant = mqa_factory.tenant(f"walk-{city}", jurisdiction=city, rule_version=version)
    tokens, ids = {}, {}
    for role in Role.tenant_roles():
        if role is Role.APPLICANT:
            continue  # applicants register themselves in the walk
        user = mqa_factory.user(tenant, role)
        ids[role] = user.id
        tokens[role] = anon.login(user.username, tenant=tenant.code)
    return TenantWorld(tenant, tokens, ids)


@pytest.mark.parametrize("world, city, version", [(("nantong", "2023"), "nantong", "2023"),
                                                  (("rugao", "2021"), "rugao", "2021")],
                         indirect=["world"], ids=["nantong-2023", "rugao-2021"])
def test_an_office_runs_a_cycle_from_opening_to_accepted_applications(world, city, version, anon, platform_admin,
                                                                       mqa_runtime, monkeypatch):
    admin, staff, supervisor, expert = (world.as_(r) for r in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF,
                                                                Role.SUPERVISOR, Role.EXPERT))
    code = world.tenant.code

    # -- the office opens the 2024 cycle on the version it names, and dates the application window
    at(monkeypatch, "2024-04-01T09:00")
    cycle = ok(admin.post("/api/v1/cycles", json={"year": 2024, "rule_version": version}), 201)
    assert cycle["rule_version"]["code"] == version
    cycle_path = f"/api/v1/cycles/{cycle['id']}"
    stages = ok(admin.get(cycle_path))["stages"]
    application = next(s for s in stages if s["kind"] == "application")
    screening = next(s for s in stages if s["kind"] == "screening")
    assert application["current"] and stages.index(application) < stages.index(screening)
    ok(admin.patch(f"{cycle_path}/stages/{application['code']}", json={"starts_on": "2024-04-01", "ends_on": "2024-05-10"},
                   headers={"If-Match": f'"{application["version"]}"'}))
    assert ok(admin.get(cycle_path))["application_deadline"] == "2024-05-10"

    # -- an organisation and a person register for the cycle; the office approves both accounts
    org_facts, _ = eligible_facts(city, version, "organization")
    person_facts, _ = eligible_facts(city, version, "individual")
    registrations = {
        "org": {"kind": "organization", "name": org_facts.get("name", "示例制造有限公司"), "uscc": ORG_USCC,
                "username": "org-applicant", "contact_phone": "0513-12345678"},
        "person": {"kind": "individual", "name": person_facts.get("name", "张工"), "employer_name": "示例制造有限公司",
                   "employer_uscc": EMPLOYER_USCC, "username": "person-applicant"},
    }
    for body in registrations.values():
        answer = ok(anon.post("/api/v1/registrations", json={**body, "tenant": code, "cycle_id": cycle["id"],
                                                             "password": TEST_PASSWORD}), 202)
        assert answer["status"] == "pending"
    bad = anon.post("/api/v1/registrations", json={**registrations["org"], "username": "typo", "tenant": code,
                                                   "cycle_id": cycle["id"], "password": TEST_PASSWORD,
                                                   "uscc": ORG_USCC[:-1] + ("0" if ORG_USCC[-1] != "0" else "1")})
    assert bad.status_code == 422 and "uscc" in bad.get_json()["errors"], bad.get_json()
    assert anon.post("/api/v1/auth/login", json={"username": "org-applicant", "password": TEST_PASSWORD,
                                                 "tenant": code}).status_code in (401, 403)
    pending = all_items(admin, "/api/v1/applicants?status=pending")
    assert {p["name"] for p in pending} == {registrations["org"]["name"], registrations["person"]["name"]}
    for row in pending:
        ok(admin.post(f"/api/v1/applicants/{row['id']}/approve", json={"note": "材料齐全"}))
    org = anon.login("org-applicant", tenant=code)
    person = anon.login("person-applicant", tenant=code)

    # -- drafts, saved half-filled, then completed; one submitted in time by each applicant
    tier = cycle["tiers"][0]
    at(monkeypatch, "2024-05-06T10:00")
    draft = ok(org.post("/api/v1/applications", json={"cycle_id": cycle["id"], "entry_kind": "organization",
                                                      "tiers": [tier], "facts": {"name": org_facts["name"]}}), 201)
    assert draft["status"] == "draft"
    wrong = org.patch(f"/api/v1/applications/{draft['id']}", json={"facts": {**org_facts, "founded_on": "not a day"}},
                      headers=etag(org, f"/api/v1/applications/{draft['id']}"))
    assert wrong.status_code == 422 and "facts.founded_on" in wrong.get_json()["errors"], wrong.get_json()
    assert ok(org.get(f"/api/v1/applications/{draft['id']}"))["facts"] == {"name": org_facts["name"]}  # nothing lost
    ok(org.patch(f"/api/v1/applications/{draft['id']}", json={"facts": org_facts},
                 headers=etag(org, f"/api/v1/applications/{draft['id']}")))
    late = ok(org.post("/api/v1/applications", json={"cycle_id": cycle["id"], "entry_kind": "organization",
                                                     "tiers": [cycle["tiers"][-1]], "facts": org_facts}), 201)
    mine = ok(person.post("/api/v1/applications", json={"cycle_id": cycle["id"], "entry_kind": "individual",
                                                        "tiers": [tier], "facts": person_facts}), 201)
    at(monkeypatch, "2024-05-09T16:00")
    assert ok(person.post(f"/api/v1/applications/{mine['id']}/submit"))["status"] == "submitted"
    at(monkeypatch, "2024-05-10T23:59")  # the last day is included, to its last minute in Asia/Shanghai
    assert ok(org.post(f"/api/v1/applications/{draft['id']}/submit",
                       headers={"Idempotency-Key": "walk-submit-1"}))["status"] == "submitted"
    replay = org.post(f"/api/v1/applications/{draft['id']}/submit", headers={"Idempotency-Key": "walk-submit-1"})
    assert replay.status_code == 200 and replay.headers.get("Idempotent-Replayed") == "true"
    at(monkeypatch, "2024-05-11T00:00")
    refused = org.post(f"/api/v1/applications/{late['id']}/submit")
    assert refused.status_code in (409, 422) and "2024-05-10" in refused.get_json()["message"], refused.get_json()
    assert ok(org.get(f"/api/v1/applications/{late['id']}"))["status"] == "draft"
    frozen = org.patch(f"/api/v1/applications/{draft['id']}", json={"facts": org_facts},
                       headers=etag(org, f"/api/v1/applications/{draft['id']}"))
    assert frozen.status_code == 409, frozen.get_json()

    # -- the application window is over: the cycle moves to screening
    at(monkeypatch, "2024-05-13T09:00")
    moved = ok(admin.post(f"{cycle_path}/advance"))
    assert moved["stage"] == stages[stages.index(application) + 1]["code"]
    assert staff.post(f"{cycle_path}/advance").status_code == 403  # only an office admin moves a cycle
    if moved["stage"] != screening["code"]:
        ok(admin.post(f"{cycle_path}/advance"))

    # -- local recommendations (推荐), recorded by the office: an internal notice of 5 working days
    for application_id in (draft["id"], mine["id"]):
        body = {"recommender": "崇川区质量发展委员会", "recommended_on": "2024-04-16", "document_number": "崇质发〔2024〕3号",
                "internal_notice_starts_on": "2024-04-08", "internal_notice_ends_on": "2024-04-15", "objections": ""}
        recorded = ok(staff.put(f"/api/v1/applications/{application_id}/recommendation", json=body))
        assert recorded["checks"], recorded

    # -- screening from the stored facts and the tenant's own ledger, as a job over the cycle
    job = ok(staff.post(f"/api/v1/cycles/{cycle['id']}/screenings", json={}), 202)
    mqa_runtime.queue.wait(job["id"])
    assert ok(staff.get(f"/api/v1/jobs/{job['id']}"))["status"] == "finished"
    for application_id in (draft["id"], mine["id"]):
        screenings = all_items(staff, f"/api/v1/applications/{application_id}/screenings")
        assert len(screenings) == 1 and screenings[0]["rule_version_code"] == version, screenings
    verdict = all_items(staff, f"/api/v1/applications/{draft['id']}/screenings")[0]
    waiting = [f for f in verdict["findings"] if f["outcome"] == "needs_attestation"]
    assert waiting and all(f["citation"]["article"] for f in waiting), verdict
    assert staff.post(f"/api/v1/applications/{draft['id']}/accept", json={}).status_code in (409, 422)  # attest first
    for finding in waiting:
        ok(staff.post(f"/api/v1/screenings/{verdict['id']}/attestations",
                      json={"condition": finding["condition"], "holds": True, "note": "经核实，符合"}), 201)
    accepted = ok(staff.post(f"/api/v1/applications/{draft['id']}/accept", json={}))
    assert accepted["status"] == "accepted"
    # the article of the screening stage, of the cycle's pinned version (the office names the article only)
    reason = {"text": "申报材料中的证明性材料不全，逾期未补正", "citation": {"article": screening["citation"]["article"]}}
    rejected = ok(staff.post(f"/api/v1/applications/{mine['id']}/reject", json={"reasons": [reason]}))
    assert rejected["status"] == "rejected"
    seen = ok(person.get(f"/api/v1/applications/{mine['id']}"))
    assert seen["status"] == "rejected" and seen["decision_reasons"][0]["text"] == reason["text"]
    cited = seen["decision_reasons"][0]["citation"]
    assert (cited["jurisdiction"], cited["version"], cited["article"]) == (city, version, reason["citation"]["article"])
    moved = ok(admin.post(f"{cycle_path}/advance"))  # every application decided: screening is over
    assert moved["stage"] != screening["code"]

    # -- every role lists the cycle's applications, and sees what it may
    listing = f"/api/v1/applications?cycle_id={cycle['id']}"
    for reader in (admin, staff, supervisor):
        assert {a["id"]: a["status"] for a in all_items(reader, listing)} == {
            draft["id"]: "accepted", mine["id"]: "rejected"}
    assert {a["id"] for a in all_items(org, listing)} == {draft["id"], late["id"]}
    assert {a["id"] for a in all_items(person, listing)} == {mine["id"]}
    assert person.get(f"/api/v1/applications/{draft['id']}").status_code == 404
    assert expert.get(listing).status_code == 403
    assert platform_admin.get(listing).status_code == 403
    counts = ok(platform_admin.get(f"/api/v1/admin/tenants/{code}/cycles"))["items"]
    assert counts and counts[0]["year"] == 2024 and "name" not in str(counts[0].keys())

    # -- every step is in the tenant's audit trail
    actions = {e["action"] for e in all_items(admin, "/api/v1/audit-events")}
    for action in ("cycle.opened", "applicant.registered", "application.submitted", "recommendation.recorded",
                   "application.accepted", "application.rejected", "cycle.advanced"):
        assert action in actions, (action, sorted(actions))
