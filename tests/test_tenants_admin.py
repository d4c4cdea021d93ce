"""Central admins manage tenants; tenant users cannot; suspension refuses, deletes nothing."""
from __future__ import annotations

import pytest

from core.platform.models import Role
from tests.walk import all_items, if_match, items


def create(admin, **body):
    body = {"code": "nt-office", "name": "南通市质委办", "jurisdiction": "nantong", **body}
    return admin.post("/api/v1/admin/tenants", json=body)


def test_create_list_get_update(platform_admin):
    response = create(platform_admin)
    assert response.status_code == 201, response.get_json()
    tenant = response.get_json()
    assert tenant["jurisdiction"] == "nantong"
    assert tenant["rule_version"] == "in_force"
    assert tenant["effective_rule_version"] == "2020"  # the 2023 revision is still a draft
    assert tenant["status"] == "active"

    listed = items(platform_admin.get("/api/v1/admin/tenants"))
    assert [t["code"] for t in listed] == ["nt-office"]
    assert platform_admin.get(f"/api/v1/admin/tenants/{tenant['id']}").get_json()["name"] == "南通市质委办"

    path = f"/api/v1/admin/tenants/{tenant['id']}"
    pinned = platform_admin.patch(path, json={"rule_version": "2023"}, headers=if_match(platform_admin, path))
    assert pinned.status_code == 200
    assert pinned.get_json()["rule_version"] == "2023" and pinned.get_json()["effective_rule_version"] == "2023"

    rebound = platform_admin.patch(path, json={"jurisdiction": "yuncheng", "name": "运城"},
                                   headers=if_match(platform_admin, path))
    body = rebound.get_json()
    assert (body["jurisdiction"], body["rule_version"], body["effective_rule_version"], body["name"]) == \
        ("yuncheng", "in_force", "2023", "运城")

    assert items(platform_admin.get("/api/v1/admin/tenants?jurisdiction=nantong")) == []
    assert len(items(platform_admin.get("/api/v1/admin/tenants?status=active"))) == 1


def test_jurisdiction_without_version_in_force_needs_a_named_version(platform_admin):
    refused = create(platform_admin, code="cd-office", jurisdiction="changde")
    assert refused.status_code == 422
    body = refused.get_json()
    assert "rule_version" in body["errors"]
    assert "draft (draft)" in body["errors"]["rule_version"][0]
    accepted = create(platform_admin, code="cd-office", jurisdiction="changde", rule_version="draft")
    assert accepted.status_code == 201
    assert accepted.get_json()["effective_rule_version"] == "draft"
    assert items(platform_admin.get("/api/v1/admin/tenants"))[0]["code"] == "cd-office"


@pytest.mark.parametrize("body, field", [
    ({"jurisdiction": "atlantis"}, "jurisdiction"),
    ({"rule_version": "1999"}, "rule_version"),
    ({"code": "Bad Code!"}, "code"),
    ({"code": 42}, "code"),
    ({"name": ""}, "name"),
    ({"colour": "red"}, "colour"),
])
def test_bad_tenant_input_names_the_field_and_changes_nothing(platform_admin, body, field):
    response = create(platform_admin, **body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert items(platform_admin.get("/api/v1/admin/tenants")) == []


def test_duplicate_code_is_409(platform_admin):
    assert create(platform_admin).status_code == 201
    again = create(platform_admin, name="another")
    assert again.status_code == 409
    assert again.get_json()["errors"] == {"code": ["already taken"]}


def test_first_admin_then_that_admin_creates_users(platform_admin, anon):
    tenant = create(platform_admin).get_json()
    made = platform_admin.post(f"/api/v1/admin/tenants/{tenant['id']}/admins",
                               json={"username": "chen", "password": "long-enough-pw", "display_name": "陈"})
    assert made.status_code == 201
    assert made.get_json()["role"] == "office_admin" and made.get_json()["tenant_id"] == tenant["id"]
    office_admin = anon.login("chen", "long-enough-pw", tenant="nt-office")
    for role in ["office_staff", "expert", "supervisor", "applicant", "office_admin"]:
        response = office_admin.post("/api/v1/users", json={"username": f"u-{role}", "password": "long-enough-pw",
                                                            "role": role})
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["role"] == role
    assert len(items(office_admin.get("/api/v1/users"))) == 6


def test_first_admin_of_missing_tenant_is_404(platform_admin):
    response = platform_admin.post("/api/v1/admin/tenants/999/admins",
                                   json={"username": "chen", "password": "long-enough-pw"})
    assert response.status_code == 404


def test_tenant_users_are_refused_on_platform_routes(tenant_a):
    for role, client in tenant_a.tokens.items():
        for method, path in [("GET", "/api/v1/admin/tenants"), ("POST", "/api/v1/admin/tenants"),
                             ("GET", f"/api/v1/admin/tenants/{tenant_a.tenant.id}"),
                             ("POST", f"/api/v1/admin/tenants/{tenant_a.tenant.id}/resume")]:
            response = client.request(method, path, json={} if method == "POST" else None)
            assert response.status_code == 403, (role, path)
            assert response.get_json()["code"] == "permission_denied"


def test_platform_admin_is_refused_on_tenant_routes(platform_admin):
    response = platform_admin.get("/api/v1/users")
    assert response.status_code == 403
    assert "/api/v1/admin" in response.get_json()["message"]


def test_suspension_refuses_with_reason_and_deletes_nothing(platform_admin, tenant_a, anon):
    staff = tenant_a.as_(Role.OFFICE_STAFF)
    before = items(tenant_a.admin.get("/api/v1/users"))
    suspended = platform_admin.post(f"/api/v1/admin/tenants/{tenant_a.tenant.id}/suspend",
                                    json={"reason": "年度审计"})
    assert suspended.status_code == 200 and suspended.get_json()["status"] == "suspended"

    refused = staff.get("/api/v1/tenant")
    assert refused.status_code == 403
    body = refused.get_json()
    assert body["code"] == "tenant_suspended" and "年度审计" in body["message"] and "suspended" in body["message"]
    login = anon.post("/api/v1/auth/login", json={"username": "office_staff-city-a",
                                                  "password": "correct-horse-battery", "tenant": "city-a"})
    assert login.status_code == 403 and login.get_json()["code"] == "tenant_suspended"
    again = platform_admin.post(f"/api/v1/admin/tenants/{tenant_a.tenant.id}/suspend", json={"reason": "x"})
    assert again.status_code == 409

    assert platform_admin.post(f"/api/v1/admin/tenants/{tenant_a.tenant.id}/resume").status_code == 200
    assert staff.get("/api/v1/tenant").status_code == 200
    assert items(tenant_a.admin.get("/api/v1/users")) == before
    events = [e["action"] for e in all_items(tenant_a.admin, "/api/v1/audit-events")]
    assert {"tenant.suspended", "tenant.resumed"} <= set(events)


def test_suspend_needs_a_reason(platform_admin, tenant_a):
    response = platform_admin.post(f"/api/v1/admin/tenants/{tenant_a.tenant.id}/suspend", json={})
    assert response.status_code == 422 and "reason" in response.get_json()["errors"]
