"""Applicants: self-registration for an open cycle, invitation and approval by the office, the
applicant's own record, and who may see and change what."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.applications import uscc
from core.applications.models import Applicant
from core.cycles.models import Cycle, CycleStatus
from core.platform import clock
from core.platform.models import AuditEvent, Role, User
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.lifecycle import make_applicant, make_cycle
from tests.walk import all_items, if_match


def code(n: int) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015), distinct per ``n``."""
    return uscc.complete(f"91320600{n:09d}")


def mistyped(valid: str) -> str:
    """``valid`` with a wrong check character."""
    return valid[:17] + ("1" if valid[17] != "1" else "2")


def registration(world, cycle_id: int, **overrides) -> dict:
    body = {"tenant": world.tenant.code, "cycle_id": cycle_id, "username": "acme", "password": TEST_PASSWORD,
            "kind": "organization", "name": "南通示例制造有限公司", "uscc": code(1),
            "contact_name": "王经理", "contact_phone": "0513-12345678", "contact_email": "wang@example.com"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def login_status(anon, world, username: str) -> int:
    return anon.client.post("/api/v1/auth/login", json={"username": username, "password": TEST_PASSWORD,
                                                         "tenant": world.tenant.code}).status_code


def count(runtime, tenant_id: int, model) -> int:
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        return session.scalar(select(func.count()).select_from(model))


def actions(runtime, tenant_id: int) -> list[str]:
    with runtime.session() as session, scoped(session, Scope.platform()):
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.tenant_id == tenant_id)
                                    .order_by(AuditEvent.seq)))


def open_cycle_of(runtime, world) -> int:
    """A bare open cycle of ``world``'s tenant (Yuncheng's plan needs no stages to take registrations)."""
    with runtime.session() as session, scoped(session, Scope.tenant(world.tenant.id)):
        cycle = Cycle(year=2026, name="运城市市长质量奖", jurisdiction_code="yuncheng", rule_version_code="2023",
                      version_pinned_on=clock.today(), tiers=["award"], entry_kinds=["organization"],
                      stage="application")
        session.add(cycle)
        session.commit()
        return cycle.id


@pytest.fixture
def cycle_a(mqa_runtime, tenant_a) -> int:
    return make_cycle(mqa_runtime, tenant_a.tenant.id)


# -- self-registration -----------------------------------------------------------------------------

def test_an_organisation_registers_waits_for_approval_then_logs_in(anon, tenant_a, cycle_a, mqa_runtime):
    response = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a))
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "pending"
    assert login_status(anon, tenant_a, "acme") == 401  # pending: the account is disabled

    pending = all_items(tenant_a.admin, "/api/v1/applicants?status=pending")
    assert [(row["name"], row["uscc"], row["origin"], row["registered_for_cycle_id"]) for row in pending] == \
        [("南通示例制造有限公司", code(1), "self_registered", cycle_a)]
    assert "applicant.registered" in actions(mqa_runtime, tenant_a.tenant.id)

    applicant_id = pending[0]["id"]
    approved = tenant_a.as_(Role.OFFICE_STAFF).post(f"/api/v1/applicants/{applicant_id}/approve",
                                                    json={"note": "材料齐全"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "approved"
    assert approved.headers["ETag"] == f'"{approved.get_json()["version"]}"'
    assert login_status(anon, tenant_a, "acme") == 200
    me = anon.login("acme", tenant=tenant_a.tenant.code).get("/api/v1/applicants/me")
    assert me.status_code == 200 and me.get_json()["id"] == applicant_id
    assert all_items(tenant_a.admin, "/api/v1/applicants?status=pending") == []


def test_a_wrong_check_character_is_422_naming_uscc_and_creates_nothing(anon, tenant_a, cycle_a, mqa_runtime):
    users = count(mqa_runtime, tenant_a.tenant.id, User)
    response = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a, uscc=mistyped(code(1))))
    assert response.status_code == 422
    assert "check character" in response.get_json()["errors"]["uscc"][0]
    assert count(mqa_runtime, tenant_a.tenant.id, User) == users
    assert count(mqa_runtime, tenant_a.tenant.id, Applicant) == 0


def test_an_organisation_without_a_code_is_422_naming_uscc(anon, tenant_a, cycle_a):
    response = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a, uscc=None))
    assert response.status_code == 422 and "uscc" in response.get_json()["errors"]


def test_an_individual_registers_with_name_and_employer(anon, tenant_a, cycle_a):
    body = registration(tenant_a, cycle_a, username="zhang", kind="individual", name="张工", uscc=None,
                        employer_name="南通示例制造有限公司", employer_uscc=code(1))
    assert anon.post("/api/v1/registrations", json=body).status_code == 202
    row = all_items(tenant_a.admin, "/api/v1/applicants")[0]
    assert (row["kind"], row["name"], row["employer_name"], row["employer_uscc"], row["uscc"]) == \
        ("individual", "张工", "南通示例制造有限公司", code(1), None)


@pytest.mark.parametrize("overrides, field", [
    ({"kind": "individual", "uscc": None}, "employer_name"),
    ({"kind": "individual", "uscc": None, "employer_name": "某公司", "employer_uscc": mistyped(code(2))},
     "employer_uscc"),
    ({"kind": "individual", "employer_name": "某公司"}, "uscc"),
    ({"employer_name": "某公司"}, "employer_name"),
    ({"username": "x"}, "username"),
    ({"password": "short"}, "password"),
    ({"uscc": "91320600ABC"}, "uscc"),
    ({"kind": "team"}, "kind"),
    ({"tenant": "no-such-office"}, "tenant"),
    ({"cycle_id": 999999}, "cycle_id"),
    ({"cycle_id": "1"}, "cycle_id"),
    ({"name": ""}, "name"),
])
def test_bad_registrations_name_the_field(anon, tenant_a, cycle_a, mqa_runtime, overrides, field):
    response = anon.post("/api/v1/registrations", json=registration(tenant_a, **{"cycle_id": cycle_a, **overrides}))
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"], response.get_json()
    assert count(mqa_runtime, tenant_a.tenant.id, Applicant) == 0


def test_a_cycle_of_another_tenant_or_a_closed_one_is_refused_alike(anon, tenant_a, tenant_b, cycle_a, mqa_runtime):
    other_id = open_cycle_of(mqa_runtime, tenant_b)
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        session.get(Cycle, (tenant_a.tenant.id, cycle_a)).status = CycleStatus.CLOSED
        session.commit()
    answers = [anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_id)).get_json()
               for cycle_id in (other_id, cycle_a)]
    assert answers[0]["errors"] == answers[1]["errors"] == {"cycle_id": [answers[0]["errors"]["cycle_id"][0]]}
    assert count(mqa_runtime, tenant_a.tenant.id, Applicant) == 0


def test_duplicate_username_or_code_is_409_naming_the_field(anon, tenant_a, cycle_a):
    assert anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a)).status_code == 202
    same_name = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a, uscc=code(2)))
    assert same_name.status_code == 409 and "username" in same_name.get_json()["errors"]
    taken = f"{Role.EXPERT.value}-{tenant_a.tenant.code}"  # an office user's name
    existing_user = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a, username=taken,
                                                                           uscc=code(3)))
    assert existing_user.status_code == 409 and "username" in existing_user.get_json()["errors"]
    same_code = anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a, username="acme2"))
    assert same_code.status_code == 409 and "uscc" in same_code.get_json()["errors"]


def test_the_same_code_may_register_with_another_office(anon, tenant_a, tenant_b, cycle_a, mqa_runtime):
    other_id = open_cycle_of(mqa_runtime, tenant_b)
    assert anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a)).status_code == 202
    assert anon.post("/api/v1/registrations", json=registration(tenant_b, other_id)).status_code == 202
    assert [row["uscc"] for row in all_items(tenant_b.admin, "/api/v1/applicants")] == [code(1)]
    assert len(all_items(tenant_a.admin, "/api/v1/applicants")) == 1


# -- the office: invite, approve, refuse, change -------------------------------------------------

def invitation(**overrides) -> dict:
    body = {"username": "invited", "password": TEST_PASSWORD, "kind": "organization", "name": "如皋示例有限公司",
            "uscc": code(7)}
    body.update(overrides)
    return body


def test_the_office_invites_an_applicant_who_logs_in_at_once(anon, tenant_a, mqa_runtime):
    response = tenant_a.admin.post("/api/v1/applicants", json=invitation(), headers={"Idempotency-Key": "inv-1"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["status"], body["origin"], body["uscc"]) == ("approved", "invited", code(7))
    assert response.headers["ETag"] == f'"{body["version"]}"'
    replay = tenant_a.admin.post("/api/v1/applicants", json=invitation(), headers={"Idempotency-Key": "inv-1"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.get_json()["id"] == body["id"]
    assert count(mqa_runtime, tenant_a.tenant.id, Applicant) == 1
    assert login_status(anon, tenant_a, "invited") == 200
    assert "applicant.invited" in actions(mqa_runtime, tenant_a.tenant.id)


def test_refusing_needs_a_note_and_keeps_the_user_disabled(anon, tenant_a, cycle_a, mqa_runtime):
    anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a))
    applicant_id = all_items(tenant_a.admin, "/api/v1/applicants")[0]["id"]
    no_note = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/refuse", json={})
    assert no_note.status_code == 422 and "note" in no_note.get_json()["errors"]
    blank = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/refuse", json={"note": "  "})
    assert blank.status_code == 422 and "note" in blank.get_json()["errors"]
    refused = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/refuse", json={"note": "非本市企业"})
    assert refused.status_code == 200 and refused.get_json()["status"] == "refused"
    assert refused.get_json()["review_note"] == "非本市企业"
    assert login_status(anon, tenant_a, "acme") == 401
    again = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/refuse", json={"note": "再次"})
    assert again.status_code == 409
    assert "applicant.refused" in actions(mqa_runtime, tenant_a.tenant.id)


def test_approve_checks_if_match_when_sent(anon, tenant_a, cycle_a):
    anon.post("/api/v1/registrations", json=registration(tenant_a, cycle_a))
    applicant_id = all_items(tenant_a.admin, "/api/v1/applicants")[0]["id"]
    stale = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/approve", json={}, headers={"If-Match": '"9"'})
    assert stale.status_code == 409
    assert stale.get_json()["details"]["current_version"] == 1
    assert login_status(anon, tenant_a, "acme") == 401
    ok = tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/approve", json={}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200 and ok.get_json()["version"] == 2
    assert tenant_a.admin.post(f"/api/v1/applicants/{applicant_id}/approve", json={}).status_code == 409


def test_the_office_changes_contact_and_code_with_if_match(tenant_a, mqa_runtime):
    applicant_id = tenant_a.admin.post("/api/v1/applicants", json=invitation()).get_json()["id"]
    tenant_a.admin.post("/api/v1/applicants", json=invitation(username="other", uscc=code(8)))
    path = f"/api/v1/applicants/{applicant_id}"
    assert tenant_a.admin.patch(path, json={"contact_phone": "1"}).status_code == 428
    bad = tenant_a.admin.patch(path, json={"uscc": mistyped(code(9))}, headers=if_match(tenant_a.admin, path))
    assert bad.status_code == 422 and "uscc" in bad.get_json()["errors"]
    taken = tenant_a.admin.patch(path, json={"uscc": code(8)}, headers=if_match(tenant_a.admin, path))
    assert taken.status_code == 409 and "uscc" in taken.get_json()["errors"]
    employer = tenant_a.admin.patch(path, json={"employer_name": "x"}, headers=if_match(tenant_a.admin, path))
    assert employer.status_code == 422 and "employer_name" in employer.get_json()["errors"]
    headers = if_match(tenant_a.admin, path)
    ok = tenant_a.admin.patch(path, json={"uscc": code(9), "contact_phone": "13800000000"}, headers=headers)
    assert ok.status_code == 200, ok.get_json()
    assert (ok.get_json()["uscc"], ok.get_json()["contact_phone"]) == (code(9), "13800000000")
    stale = tenant_a.admin.patch(path, json={"contact_phone": "2"}, headers=headers)
    assert stale.status_code == 409 and stale.get_json()["details"]["current_version"] == ok.get_json()["version"]
    assert tenant_a.admin.get(path).get_json()["contact_phone"] == "13800000000"
    assert "applicant.updated" in actions(mqa_runtime, tenant_a.tenant.id)


def test_an_applicant_changes_its_own_record(tenant_a, mqa_runtime):
    applicant = tenant_a.as_(Role.APPLICANT)
    assert applicant.get("/api/v1/applicants/me").status_code == 404  # acts for no applicant yet
    make_applicant(mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.APPLICANT], uscc=code(4))
    me = applicant.get("/api/v1/applicants/me")
    assert me.status_code == 200 and me.headers["ETag"] == '"1"'
    assert applicant.patch("/api/v1/applicants/me", json={"contact_name": "李"}).status_code == 428
    changed = applicant.patch("/api/v1/applicants/me", json={"contact_name": "李", "contact_phone": "0513-1"},
                              headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["contact_name"], changed.get_json()["contact_phone"]) == ("李", "0513-1")
    # the identity the ledger of awards and sanctions is matched on is the office's to change
    for identity in ({"name": "新名称"}, {"uscc": code(5)}, {"employer_name": "另一家"}):
        refused = applicant.patch("/api/v1/applicants/me", json=identity, headers={"If-Match": '"2"'})
        assert refused.status_code == 422 and set(identity) <= set(refused.get_json()["errors"]), refused.get_json()
    assert applicant.get("/api/v1/applicants/me").get_json()["uscc"] == code(4)


def test_lists_page_and_filter(tenant_a):
    for n in range(3):
        tenant_a.admin.post("/api/v1/applicants", json=invitation(username=f"inv{n}", uscc=code(20 + n)))
    first = tenant_a.admin.get("/api/v1/applicants?limit=2").get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = tenant_a.admin.get(f"/api/v1/applicants?limit=2&cursor={first['next_cursor']}").get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert all_items(tenant_a.admin, "/api/v1/applicants?status=pending") == []
    assert tenant_a.admin.get("/api/v1/applicants?status=nope").status_code == 422


# -- who may do what ------------------------------------------------------------------------------

READ, MANAGE, OWN = "read", "manage", "own"
ENDPOINTS = [
    ("GET", "/api/v1/applicants", READ),
    ("POST", "/api/v1/applicants", MANAGE),
    ("GET", "/api/v1/applicants/{id}", READ),
    ("PATCH", "/api/v1/applicants/{id}", MANAGE),
    ("POST", "/api/v1/applicants/{id}/approve", MANAGE),
    ("POST", "/api/v1/applicants/{id}/refuse", MANAGE),
    ("GET", "/api/v1/applicants/me", OWN),
    ("PATCH", "/api/v1/applicants/me", OWN),
]
ALLOWED = {READ: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR},
           MANAGE: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}, OWN: {Role.APPLICANT}}


@pytest.mark.parametrize("method, path, kind", ENDPOINTS)
@pytest.mark.parametrize("role", list(Role.tenant_roles()))
def test_role_matrix(tenant_a, mqa_runtime, role, method, path, kind):
    applicant_id = make_applicant(mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.APPLICANT], uscc=code(5))
    response = tenant_a.as_(role).request(method, path.format(id=applicant_id),
                                          json={} if method != "GET" else None)
    if role in ALLOWED[kind]:
        assert response.status_code not in (401, 403), response.get_json()
    else:
        assert response.status_code == 403, response.get_json()


@pytest.mark.parametrize("method, path, _kind", ENDPOINTS)
def test_central_admins_see_no_applicant(platform_admin, tenant_a, mqa_runtime, method, path, _kind):
    applicant_id = make_applicant(mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.APPLICANT], uscc=code(5))
    response = platform_admin.request(method, path.format(id=applicant_id), json={} if method != "GET" else None)
    assert response.status_code == 403


@pytest.mark.parametrize("method, suffix", [("GET", ""), ("PATCH", ""), ("POST", "/approve"), ("POST", "/refuse")])
def test_another_tenants_applicant_is_404(tenant_a, tenant_b, mqa_runtime, method, suffix):
    applicant_id = make_applicant(mqa_runtime, tenant_b.tenant.id, tenant_b.user_ids[Role.APPLICANT], uscc=code(5))
    body = {"contact_phone": "1"} if method == "PATCH" else {"note": "x"}
    response = tenant_a.admin.request(method, f"/api/v1/applicants/{applicant_id}{suffix}",
                                      json=body if method != "GET" else None,
                                      headers={"If-Match": '"1"'})
    assert response.status_code == 404, response.get_json()
    assert tenant_b.admin.get(f"/api/v1/applicants/{applicant_id}").status_code == 200
    assert all_items(tenant_a.admin, "/api/v1/applicants") == []
