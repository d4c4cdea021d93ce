"""Tenant isolation: another tenant's token never reaches a row of this tenant."""
from __future__ import annotations

from core.platform.models import Role
from tests.walk import NOT_TENANT_SCOPED, VALID_BODIES, all_items, fill, items, routes, tenant_scoped_blueprints


def populate(world) -> dict[str, object]:
    """Give the tenant a finished export job, and return the ids the walk substitutes."""
    job = world.admin.post("/api/v1/exports", json={}).get_json()
    return {"user_id": world.user_ids[Role.EXPERT], "job_id": job["id"], "key": "bonus_yuan"}


def own_rows(world) -> dict[str, set[object]]:
    """The ids of the tenant's rows, per list route."""
    return {path: {row["id"] for row in all_items(world.admin, path)}
            for path in ("/api/v1/users", "/api/v1/jobs", "/api/v1/audit-events")}


def test_every_blueprint_declares_whether_it_holds_tenant_data(app):
    undeclared = {r.blueprint for r in routes(app) if r.blueprint} - NOT_TENANT_SCOPED - tenant_scoped_blueprints(app)
    assert undeclared == set()


def test_foreign_token_gets_404_on_every_tenant_route_and_sees_no_foreign_rows(app, tenant_a, tenant_b, mqa_runtime):
    ids_a = populate(tenant_a)
    mqa_runtime.queue.wait(ids_a["job_id"])
    populate(tenant_b)
    a_rows = own_rows(tenant_a)
    a_snapshot = all_items(tenant_a.admin, "/api/v1/users")
    intruder = tenant_b.admin
    scoped = tenant_scoped_blueprints(app)
    walked = []
    for route in routes(app):
        if route.blueprint not in scoped:
            continue
        path = fill(route.rule, ids_a)
        body = VALID_BODIES.get(route.rule, {}) if route.method in ("POST", "PATCH", "PUT") else None
        response = intruder.request(route.method, path, json=body)
        walked.append((route.method, route.rule))
        if route.params:
            assert response.status_code == 404, (route, response.get_json())
            assert response.get_json()["code"] == "not_found"
            continue
        payload = response.get_json()
        if route.method != "GET":
            assert response.status_code in (201, 202, 422), (route, payload)  # acts in B's own tenant
        elif route.rule == "/api/v1/tenant":
            assert payload["id"] == tenant_b.tenant.id
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
            seen = {row["id"] for row in items(response)}
            assert seen and seen.isdisjoint(a_rows[route.rule]), (route, seen & a_rows[route.rule])
    assert ("GET", "/api/v1/users/<int:user_id>") in walked
    assert ("PATCH", "/api/v1/users/<int:user_id>") in walked
    assert ("GET", "/api/v1/jobs/<string:job_id>/download") in walked
    assert all_items(tenant_a.admin, "/api/v1/users") == a_snapshot


def test_lists_show_zero_foreign_rows(tenant_a, tenant_b):
    populate(tenant_a)
    populate(tenant_b)
    for path in ["/api/v1/users", "/api/v1/jobs", "/api/v1/audit-events"]:
        a = {row["id"] for row in all_items(tenant_a.admin, path)}
        b = {row["id"] for row in all_items(tenant_b.admin, path)}
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
