"""Errors are JSON with a code, a message and the fields at fault; the OpenAPI document lists them."""
from __future__ import annotations

import pytest



def test_unknown_route_is_json_404(anon):
    response = anon.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["code"] == "not_found"


def test_wrong_method_is_json_405(anon):
    response = anon.request("DELETE", "/api/v1/auth/login")
    assert response.status_code == 405 and response.get_json()["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_malformed_json_is_400(anon):
    response = anon.client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["code"] == "malformed_json"


def test_wrong_types_and_unknown_fields_are_named(anon):
    response = anon.post("/api/v1/auth/login", json={"username": 5, "password": None, "remember": True})
    body = response.get_json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    assert set(body["errors"]) == {"username", "password", "remember"}
    assert body["errors"]["remember"] == ["Unknown field."]


def test_body_that_is_not_an_object_is_refused(anon):
    response = anon.post("/api/v1/auth/login", json=["username", "password"])
    assert response.status_code == 422


def test_oversized_body_is_413(anon, mqa_runtime):
    big = "x" * (mqa_runtime.settings.max_body_bytes + 1)
    response = anon.client.post("/api/v1/auth/login", data='{"username": "' + big + '"}',
                                content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["code"] == "body_too_large"


def test_unknown_query_parameter_is_refused(tenant_a):
    response = tenant_a.admin.get("/api/v1/users?rol=expert")
    assert response.status_code == 422 and "rol" in response.get_json()["errors"]


def test_unexpected_failure_is_json_500_without_trace(app, anon, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = anon.get("/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert body["code"] == "internal_error"
    assert "secret" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text  # logged for the operators


def test_openapi_documents_every_operation_and_its_errors(anon):
    spec = anon.get("/api/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert set(spec["components"]["schemas"]["Error"]["properties"]) >= {"status", "code", "message", "errors"}
    operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
                  if method in ("get", "post", "put", "patch", "delete")]
    assert len(operations) >= 17
    for path, method, op in operations:
        responses = op["responses"]
        assert any(code.startswith("2") for code in responses), (path, method)
        assert any(code.startswith("4") for code in responses), (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        if "requestBody" in op or any(p.get("in") == "query" for p in op.get("parameters", [])):
            assert "422" in responses, (path, method)
        if path not in ("/api/v1/auth/login", "/api/v1/registrations") and not path.startswith("/api/v1/public/"):
            # (no token to send: logging in, registering, the public notice board)
            assert op.get("security") == [{"bearerAuth": []}], (path, method)
            assert {"401", "403"} <= set(responses), (path, method)
        assert op.get("summary"), (path, method)


def test_docs_page_is_served_with_local_assets(anon):
    page = anon.get("/api/docs")
    assert page.status_code == 200 and b"/api/docs-assets/swagger-ui-bundle.js" in page.data
    asset = anon.get("/api/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000
    asset.close()


def test_chinese_text_is_not_escaped(platform_admin):
    text = platform_admin.get("/api/v1/jurisdictions/nantong").get_data(as_text=True)
    assert "南通市" in text


@pytest.mark.parametrize("path", ["/api/v1/users/99999999999999999999", "/api/v1/users/2147483648",
                                  "/api/v1/users/0", "/api/v1/users/-1"])
def test_ids_outside_the_database_range_are_404(tenant_a, path):
    response = tenant_a.admin.get(path)
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"


@pytest.mark.parametrize("query, field", [("before_id=0", "before_id"), ("before_id=99999999999999999999", "before_id"),
                                          ("limit=0", "limit"), ("limit=5000", "limit")])
def test_out_of_range_query_values_are_refused(tenant_a, query, field):
    response = tenant_a.admin.get(f"/api/v1/audit-events?{query}")
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_empty_jurisdiction_in_update_is_refused(platform_admin, tenant_a):
    response = platform_admin.patch(f"/api/v1/admin/tenants/{tenant_a.tenant.id}", json={"jurisdiction": ""})
    assert response.status_code == 422 and "jurisdiction" in response.get_json()["errors"]


def test_duplicate_that_slips_past_the_check_is_409(tenant_a, monkeypatch):
    """Two requests racing past the uniqueness check: the database refuses the second, the client gets 409."""
    from core.platform.services import users

    monkeypatch.setattr(users, "func", type("NoCount", (), {"count": staticmethod(lambda: _zero())}))
    response = tenant_a.admin.post("/api/v1/users", json={"username": "expert-city-a", "password": "long-enough-pw",
                                                          "role": "expert"})
    assert response.status_code == 409 and response.get_json()["code"] == "conflict"


def _zero():
    from sqlalchemy import literal

    return literal(0)


def test_openapi_declares_the_limits_the_rule_api_enforces(anon):
    schemas = anon.get("/api/openapi.json").get_json()["components"]["schemas"]
    award = schemas["PastAward"]["properties"]
    assert award["awarded_on"]["pattern"].startswith("^(19[0-9]{2}|2[01][0-9]{2})-")
    assert (award["cycle_year"]["type"], award["cycle_year"]["minimum"], award["cycle_year"]["maximum"]) == \
        ("integer", 1900, 2200)
    assert award["tier"]["minLength"] == 1
    setting = schemas["SettingValue"]["properties"]["value"]
    assert {alternative["type"] for alternative in setting["oneOf"]} == {"number", "string", "boolean", "object"}
    total = schemas["StatelessTotal"]["properties"]
    assert total["bonus_counts"]["additionalProperties"] == {"type": "integer", "minimum": 0}
    errors = schemas["Error"]["properties"]["errors"]
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_every_error_names_fields_with_a_list_of_reasons(platform_admin):
    body = {"entry_kind": "", "facts": {"founded_on": "x"}, "history": [{"tier": "", "cycle_year": "1"}],
            "settings": {"k": None}}
    errors = platform_admin.post("/api/v1/rules/nantong/eligibility", json=body).get_json()["errors"]
    assert set(errors) == {"entry_kind", "history.0.tier", "history.0.cycle_year", "settings.k.value"}
    assert all(isinstance(reasons, list) and all(isinstance(r, str) for r in reasons) for reasons in errors.values())
