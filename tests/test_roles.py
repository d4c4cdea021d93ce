"""Roles: who may read and change what inside a tenant."""
from __future__ import annotations

import pytest

from core.platform.models import Role
from tests.walk import COMPUTATIONS, READ_JOBS, all_items, fill, if_match, items, routes

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


def counts(world) -> tuple[int, int, int]:
    admin = world.admin
    return (len(all_items(admin, "/api/v1/users")), len(all_items(admin, "/api/v1/jobs")),
            len([e for e in all_items(admin, "/api/v1/audit-events")
                 if e["action"] not in ("auth.login", "auth.login_failed")]))


def test_supervisor_reads_everything_of_its_tenant(tenant_a):
    supervisor = tenant_a.as_(Role.SUPERVISOR)
    for path in ["/api/v1/tenant", "/api/v1/users", f"/api/v1/users/{tenant_a.user_ids[Role.EXPERT]}",
                 "/api/v1/jobs", "/api/v1/audit-events", "/api/v1/jurisdictions"]:
        assert supervisor.get(path).status_code == 200, path


def test_supervisor_changes_nothing_anywhere(app, tenant_a):
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    ids = {"user_id": tenant_a.user_ids[Role.EXPERT], "job_id": job["id"], "tenant_id": tenant_a.tenant.id,
           "jurisdiction": "nantong", "key": "bonus_yuan",
           "day": "2027-01-01", "code": "application", "tenant": tenant_a.tenant.code,
           "tenant_code": tenant_a.tenant.code, "receipt": "no-such-receipt"}
    # ids of the lifecycle's rows: any well-formed one, since the permission is checked first
    ids |= {name: 1 for name in ("cycle_id", "applicant_id", "application_id", "request_id", "attachment_id",
                                 "screening_id", "correction_id", "expert_id", "panel_id", "draw_id",
                                 "member_id", "sheet_id", "decision_id", "notice_id", "objection_id", "file_id", "award_id", "obligation_id", "sanction_id", "notification_id")}
    before = counts(tenant_a)
    supervisor = tenant_a.as_(Role.SUPERVISOR)
    tried = 0
    for route in routes(app):
        if route.method not in WRITE_METHODS or route.rule.startswith(("/api/v1/auth/", "/api/v1/registrations",
                                                                        "/api/v1/public/", "/public/")):
            continue
        if route.rule == "/api/v1/notifications/<int:notification_id>/read":  # one's own inbox: no one else's
            assert supervisor.request(route.method, fill(route.rule, ids), json={}).status_code == 404
            continue
        if route.rule in COMPUTATIONS or route.rule in READ_JOBS:  # reads: judged below to change nothing
            assert supervisor.request(route.method, fill(route.rule, ids), json={}).status_code == 422
            continue
        response = supervisor.request(route.method, fill(route.rule, ids),
                                      json={"username": "x1", "password": "long-enough-pw", "role": "expert"})
        assert response.status_code == 403, (route, response.get_json())
        tried += 1
    assert tried >= 8
    assert counts(tenant_a) == before


@pytest.mark.parametrize("role", [Role.OFFICE_STAFF, Role.EXPERT, Role.APPLICANT, Role.SUPERVISOR])
def test_only_office_admins_manage_users(tenant_a, role):
    response = tenant_a.as_(role).post("/api/v1/users", json={"username": "x1", "password": "long-enough-pw",
                                                              "role": "expert"})
    assert response.status_code == 403
    assert role.value in response.get_json()["message"]


@pytest.mark.parametrize("role", [Role.EXPERT, Role.APPLICANT])
def test_experts_and_applicants_do_not_list_users(tenant_a, role):
    assert tenant_a.as_(role).get("/api/v1/users").status_code == 403
    assert tenant_a.as_(role).get("/api/v1/tenant").status_code == 200


def test_office_admin_cannot_demote_or_disable_itself(tenant_a):
    me = tenant_a.user_ids[Role.OFFICE_ADMIN]
    for body, field in [({"role": "expert"}, "role"), ({"is_active": False}, "is_active")]:
        response = tenant_a.admin.patch(f"/api/v1/users/{me}", json=body,
                                        headers=if_match(tenant_a.admin, f"/api/v1/users/{me}"))
        assert response.status_code == 409 and field in response.get_json()["errors"]


def test_role_change_and_password_reset(tenant_a, anon):
    expert = tenant_a.user_ids[Role.EXPERT]
    old_token = tenant_a.as_(Role.EXPERT)
    changed = tenant_a.admin.patch(f"/api/v1/users/{expert}", json={"role": "office_staff",
                                                                   "password": "a-brand-new-pass"},
                                   headers=if_match(tenant_a.admin, f"/api/v1/users/{expert}"))
    assert changed.status_code == 200 and changed.get_json()["role"] == "office_staff"
    assert old_token.get("/api/v1/auth/me").status_code == 401  # a reset revokes tokens
    fresh = anon.login("expert-city-a", "a-brand-new-pass", tenant="city-a")
    assert fresh.get("/api/v1/auth/me").get_json()["role"] == "office_staff"


@pytest.mark.parametrize("body, field", [
    ({"username": "ok-name", "password": "short", "role": "expert"}, "password"),
    ({"username": "has space", "password": "long-enough-pw", "role": "expert"}, "username"),
    ({"username": "ok-name", "password": "long-enough-pw", "role": "platform_admin"}, "role"),
    ({"username": "ok-name", "password": "long-enough-pw", "role": "boss"}, "role"),
    ({"username": "ok-name", "password": "long-enough-pw"}, "role"),
    ({"username": "ok-name", "password": "long-enough-pw", "role": "expert", "is_admin": True}, "is_admin"),
])
def test_bad_user_input_names_the_field_and_creates_nothing(tenant_a, body, field):
    before = len(items(tenant_a.admin.get("/api/v1/users")))
    response = tenant_a.admin.post("/api/v1/users", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert len(items(tenant_a.admin.get("/api/v1/users"))) == before


def test_duplicate_username_in_tenant_is_409(tenant_a):
    response = tenant_a.admin.post("/api/v1/users", json={"username": "expert-city-a", "password": "long-enough-pw",
                                                          "role": "expert"})
    assert response.status_code == 409 and response.get_json()["errors"] == {"username": ["already taken"]}


def test_user_filters(tenant_a):
    experts = items(tenant_a.admin.get("/api/v1/users?role=expert"))
    assert [u["role"] for u in experts] == ["expert"]
    assert items(tenant_a.admin.get("/api/v1/users?active=false")) == []
