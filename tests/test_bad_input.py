"""Bad input on every endpoint that takes it: a 4xx in the one error shape naming the field and the
reason, never a 500, and nothing changed (issue 9, "Security and bad input")."""
from __future__ import annotations

import itertools
import json
from typing import Any, Iterator

import pytest
from werkzeug.exceptions import HTTPException

from api.blueprint import MAX_JSON_DEPTH, ExactJSONParser
from api.schemas import Boolean, Integer
from core.platform.models import Role
from core.engine.plugins import JurisdictionRegistry
from tests.walk import APPLICANT_ROUTES, EXPERT_ROUTES

ORG = {"registration_city": "南通市", "independent_legal_person": True, "founded_on": "2010-01-01"}
ACCIDENT = {"category": "quality", "grade": "general", "occurred_on": "2023-01-01"}
JURISDICTIONS = sorted(installed.jurisdiction.code for installed in JurisdictionRegistry.discover().installed())


def _operations_with_a_body(client) -> Iterator[tuple[str, str]]:
    spec = client.get("/api/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("post", "put", "patch") and "application/json" in operation.get("requestBody", {}).get(
                    "content", {}):  # a file upload's body is the file, not JSON
                yield method.upper(), path


def _concrete(path: str, ids: dict[str, Any]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


@pytest.fixture
def callers(platform_admin, tenant_a):
    """Who may call each body-taking operation, with the path parameters filled in (the body is
    checked before any lookup, so an id only needs to be well formed)."""
    ids = {"tenant_id": tenant_a.tenant.id, "user_id": tenant_a.user_ids[Role.EXPERT], "key": "any-key",
           "jurisdiction": "nantong", "day": "2024-05-01", "job_id": 1, "code": "application",
           "tenant_code": tenant_a.tenant.code, "receipt": "no-such-receipt"}
    ids |= {name: 1 for name in ("cycle_id", "applicant_id", "application_id", "request_id", "attachment_id",
                                 "screening_id", "correction_id", "expert_id", "panel_id", "draw_id", "member_id",
                                 "sheet_id", "decision_id", "notice_id", "objection_id", "file_id", "award_id", "obligation_id", "sanction_id", "notification_id")}
    expert_paths = {rule.replace("<int:", "{").replace(">", "}") for _, rule in EXPERT_ROUTES}
    applicant_paths = {rule.replace("<int:", "{").replace(">", "}") for _, rule in APPLICANT_ROUTES}

    def caller(path: str):
        if path == "/api/v1/auth/me":  # one's own settings
            return tenant_a.as_(Role.EXPERT)
        if path.startswith(("/api/v1/auth/", "/api/v1/registrations")):
            return platform_admin.__class__(platform_admin.client)  # anonymous
        if path in applicant_paths:
            return tenant_a.as_(Role.APPLICANT)
        if path in expert_paths:
            return tenant_a.as_(Role.EXPERT)
        if path.startswith(("/api/v1/admin/", "/api/v1/calendar", "/api/v1/rules/")):
            return platform_admin
        return tenant_a.admin

    operations = [(method, path) for method, path in _operations_with_a_body(platform_admin.client)]
    assert len(operations) >= 20  # the walk found the operations
    return [(method, _concrete(path, ids), caller(path)) for method, path in operations]


def _send(api, method: str, path: str, data: str | bytes | None, content_type: str | None = "application/json",
          **kw: Any):
    headers = {"Authorization": f"Bearer {api.token}"} if api.token else {}
    if content_type:
        headers["Content-Type"] = content_type
    return api.client.open(path, method=method, data=data, headers=headers, **kw)


def _refusal(response, status: int, code: str) -> dict[str, list[str]]:
    """The errors of a refusal; ``code`` "validation_error" also admits the domain's "invalid_input"."""
    body = response.get_json()
    codes = {code, "invalid_input"} if code == "validation_error" else {code}
    assert response.status_code == status and body["code"] in codes, (response.status_code, body)
    assert body["message"] and body["status"] == status
    return body["errors"]


# -- 1. depth ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[" * 1000 + "]" * 1000,
    '{"facts": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}",
    '{"facts": {"x": ' + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "}}",
])
def test_deeply_nested_bodies_are_refused_on_every_endpoint_without_recursing(callers, text):
    for method, path, api in callers:
        errors = _refusal(_send(api, method, path, text), 400, "body_too_deep")
        assert list(errors) == ["_body"], path


def test_nesting_up_to_the_bound_and_brackets_inside_strings_are_fine(platform_admin):
    nested = [[[[["x"]]]]]
    text = json.dumps({"entry_kind": "organization", "on_date": "2024-05-01",
                       "facts": {**ORG, "name": "[[[[" * 20 + "{{{{" * 20}, "history": []})
    assert platform_admin.post("/api/v1/rules/nantong/eligibility", json=json.loads(text)).status_code == 200
    deep_enough = {"entry_kind": "organization", "stage_scores": {"a": nested}, "version": "2023"}
    assert "stage_scores.a" in platform_admin.post("/api/v1/rules/nantong/total", json=deep_enough).get_json()["errors"]


# -- 2. NUL and lone surrogates ----------------------------------------------------------------------

def test_unsafe_text_in_any_body_string_is_named_by_its_path(callers):
    for (method, path, api), (raw, reason) in itertools.product(callers, [
            ('"a\\u0000b"', "NUL"), ('"\\ud800"', "surrogate"), ('"x\\udfffy"', "surrogate")]):
        text = '{"name": ' + raw + ', "facts": {"list": [1, {"deep": ' + raw + '}]}}'
        errors = _refusal(_send(api, method, path, text), 422, "validation_error")
        assert set(errors) == {"name", "facts.list.1.deep"}, path
        assert reason in errors["name"][0]


def test_unsafe_text_in_a_name_is_refused_and_echoed_safely(platform_admin):
    response = _send(platform_admin, "POST", "/api/v1/rules/nantong/total", '{"bad\\ud800key": 1}')
    errors = _refusal(response, 422, "validation_error")
    assert list(errors) == ["bad\\ud800key"] and "surrogate" in errors["bad\\ud800key"][0]


def test_login_with_a_nul_or_a_surrogate_is_a_named_4xx(anon):
    for raw in ('"root\\u0000"', '"\\ud800"'):
        response = _send(anon, "POST", "/api/v1/auth/login", '{"username": ' + raw + ', "password": "x"}')
        assert "username" in _refusal(response, 422, "validation_error")


def test_nul_in_a_query_string_or_path_is_named(platform_admin, tenant_a):
    for url, field in [
        ("/api/v1/rules/nantong/summary?version=2023%00", "version"),
        ("/api/v1/rules/nantong/facts-schema?entry_kind=organization&version=%00", "version"),
        ("/api/v1/tenant/rules/facts-schema?entry_kind=organ%00ization", "entry_kind"),
        ("/api/v1/users?role=%00", "role"),
        ("/api/v1/jurisdictions/nan%00tong", "code"),
        ("/api/v1/rules/nan%00tong/summary", "jurisdiction"),
    ]:
        api = tenant_a.admin if url.startswith(("/api/v1/tenant/", "/api/v1/users")) else platform_admin
        errors = _refusal(api.get(url), 422, "validation_error")
        assert list(errors) == [field] and "NUL" in errors[field][0], url


def test_a_surrogate_encoded_in_a_query_string_is_no_500(platform_admin):
    response = platform_admin.get("/api/v1/rules/nantong/summary?version=%ED%A0%80")
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"  # read as U+FFFD


def test_bodies_that_are_not_utf8_or_use_non_json_numbers_are_400(platform_admin):
    for data in (b'{"entry_kind": "\xff"}', b'{"entry_kind": NaN}', b'{"bonus": Infinity}'):
        response = _send(platform_admin, "POST", "/api/v1/rules/nantong/total", data)
        assert response.status_code == 400 and response.get_json()["code"] == "malformed_json", data


# -- 4. media type, missing body, chunked body -----------------------------------------------------------

def test_a_body_of_another_media_type_is_415_naming_the_expected_one(callers):
    for method, path, api in callers:
        for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
            response = _send(api, method, path, '{"active": false}', content_type=content_type)
            errors = _refusal(response, 415, "unsupported_media_type")
            assert "application/json" in errors["_body"][0], path


def test_a_text_plain_patch_changes_nothing(tenant_a):
    user = f"/api/v1/users/{tenant_a.user_ids[Role.EXPERT]}"
    response = _send(tenant_a.admin, "PATCH", user, '{"is_active": false}', content_type="text/plain")
    assert response.status_code == 415
    assert tenant_a.admin.get(user).get_json()["is_active"] is True


def test_a_missing_body_is_refused_where_one_is_expected(callers):
    for method, path, api in callers:
        errors = _refusal(_send(api, method, path, None, content_type=None), 422, "validation_error")
        assert errors == {"_body": ["a JSON body is required"]}, path


def test_an_empty_object_stays_a_body(tenant_a):
    user = f"/api/v1/users/{tenant_a.user_ids[Role.EXPERT]}"
    response = tenant_a.admin.patch(user, json={})
    assert "_body" not in (response.get_json().get("errors") or {})


def test_a_chunked_body_over_the_limit_is_413(anon, mqa_runtime):
    big = b'{"username": "' + b"x" * (mqa_runtime.settings.max_body_bytes + 1) + b'", "password": "x"}'
    response = anon.client.post("/api/v1/auth/login", input_stream=__import__("io").BytesIO(big),
                                headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
                                environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413 and response.get_json()["code"] == "body_too_large"


# -- 5. integers -------------------------------------------------------------------------------------------

def test_an_integer_fact_is_a_json_integer(platform_admin):
    for value in (1.9, 1.0, "1.0", "８００", "800", True, "1E+2"):  # 1.0 is read as Decimal("1.0")
        accident = {**ACCIDENT, "fatalities": value}
        body = {"entry_kind": "organization", "on_date": "2024-05-01", "facts": {**ORG, "accidents": [accident]}}
        errors = _refusal(platform_admin.post("/api/v1/rules/nantong/eligibility", json=body), 422,
                          "validation_error")
        assert list(errors) == ["facts.accidents.0.fatalities"], value


def test_an_integer_in_a_request_body_is_a_json_integer(platform_admin):
    for value in ("２０２０", 2020.0, "2020", False):
        body = {"entry_kind": "organization", "on_date": "2024-05-01", "facts": ORG,
                "history": [{"tier": "award", "cycle_year": value}]}
        errors = _refusal(platform_admin.post("/api/v1/rules/rugao/eligibility", json=body), 422,
                          "validation_error")
        assert list(errors) == ["history.0.cycle_year"], value


def test_a_plugin_integer_fact_is_strict_too(platform_admin):
    facts = {**ORG, "registration_city": "运城市", "financials": [{"year": "２０２３"}]}
    body = {"entry_kind": "organization", "on_date": "2024-05-01", "facts": facts}
    errors = _refusal(platform_admin.post("/api/v1/rules/yuncheng/eligibility", json=body), 422, "validation_error")
    assert list(errors) == ["facts.financials.0.year"]


def test_a_boolean_fact_is_a_json_boolean(platform_admin):
    for value in (1, 0, "true", "yes"):
        body = {"entry_kind": "organization", "on_date": "2024-05-01",
                "facts": {**ORG, "independent_legal_person": value}}
        errors = _refusal(platform_admin.post("/api/v1/rules/nantong/eligibility", json=body), 422,
                          "validation_error")
        assert list(errors) == ["facts.independent_legal_person"], value


@pytest.mark.parametrize("location, raw, expected", [
    ("query", "true", True), ("query", "false", False), ("query", "1", None), ("query", "yes", None),
    ("json", True, True), ("json", "true", None), ("json", 0, None),
])
def test_booleans_are_true_or_false(app, location, raw, expected):
    parser = ExactJSONParser(unknown=None)
    context = ({"query_string": {"b": raw}} if location == "query" else {"method": "POST", "json": {"b": raw}})
    with app.test_request_context("/", **context):
        if expected is None:
            with pytest.raises(HTTPException) as refused:
                parser.parse({"b": Boolean()}, location=location)
            assert refused.value.code == 422
        else:
            assert parser.parse({"b": Boolean()}, location=location) == {"b": expected}


def test_a_well_formed_integer_fact_is_read(platform_admin):
    body = {"entry_kind": "organization", "on_date": "2024-05-01",
            "facts": {**ORG, "accidents": [{**ACCIDENT, "fatalities": 2}], "related_applications_this_cycle": 0}}
    assert platform_admin.post("/api/v1/rules/nantong/eligibility", json=body).status_code == 200


@pytest.mark.parametrize("text, expected", [("10", 10), ("-3", -3), ("٣", None), ("８００", None), ("1.0", None),
                                            ("1e3", None), (" 1", None), ("", None), ("9" * 19, None)])
def test_integers_in_a_query_string_are_ascii_digits(app, text, expected):
    parser = ExactJSONParser(unknown=None)
    with app.test_request_context("/", query_string={"n": text}):
        if expected is None:
            with pytest.raises(HTTPException) as refused:
                parser.parse({"n": Integer()}, location="query")
            assert refused.value.code == 422 and "n" in refused.value.data["messages"]["query"]
        else:
            assert parser.parse({"n": Integer()}, location="query") == {"n": expected}


def test_a_json_body_integer_is_not_read_from_text(app):
    parser = ExactJSONParser(unknown=None)
    with app.test_request_context("/", method="POST", json={"n": "10"}):
        with pytest.raises(HTTPException) as refused:
            parser.parse({"n": Integer()}, location="json")
        assert refused.value.code == 422


def test_ids_in_other_scripts_digits_are_404(tenant_a):
    own = tenant_a.user_ids[Role.EXPERT]
    assert tenant_a.admin.get(f"/api/v1/users/{own}").status_code == 200
    for three in ("\u0663", "\u0967", "\uff13", "\U0001d7d1"):  # ٣ ३ ３ 𝟑
        written = "".join(chr(ord(three) - 3 + int(d)) for d in str(own))
        assert tenant_a.admin.get(f"/api/v1/users/{written}").status_code == 404, written


# -- 6. one error shape --------------------------------------------------------------------------------------

def test_schema_errors_name_fields_by_dotted_path_like_domain_errors(platform_admin):
    body = {"entry_kind": "organization", "on_date": "2024-05-01", "facts": ORG,
            "history": [{"tier": "award", "cycle_year": 2019}, {"tier": "award", "awarded_on": "not-a-day"}],
            "sanctions": [{"kind": "x", "decided_on": "2020-01-01", "citation": {"jurisdiction": 1}}]}
    errors = _refusal(platform_admin.post("/api/v1/rules/rugao/eligibility", json=body), 422, "validation_error")
    assert set(errors) == {"history.1.awarded_on", "sanctions.0.citation.jurisdiction",
                           "sanctions.0.citation.version", "sanctions.0.citation.article"}
    assert all(isinstance(r, list) and all(isinstance(x, str) for x in r) for r in errors.values())


# -- 3. out-of-range days and numbers, on every rule endpoint of every jurisdiction ---------------------

RULE_BODIES = {
    "total": ({"entry_kind": "organization", "stage_scores": {}}, ["on_date"]),
    "quota-allocation": ({"ranked": []}, ["on_date"]),
    "reward": ({"tier": "award", "entry_kind": "organization",
                "history": [{"tier": "award", "awarded_on": "2020-01-01"}]},
               ["on_date", "history.0.awarded_on", "history.0.revoked_on"]),
    "sanction": ({"violation": "false_application", "decided_on": "2024-01-01",
                  "award": {"tier": "award", "awarded_on": "2020-01-01"}},
                 ["on_date", "decided_on", "occurred_on", "award.awarded_on", "award.revoked_on"]),
    "notice-dates": ({"stage": "public_notice", "published_on": "2024-05-01"}, ["on_date", "published_on"]),
    "eligibility": ({"entry_kind": "organization", "facts": ORG,
                     "history": [{"tier": "award", "awarded_on": "2020-01-01"}],
                     "sanctions": [{"kind": "false_application", "decided_on": "2020-01-01"}]},
                    ["on_date", "deadline", "history.0.awarded_on", "sanctions.0.decided_on",
                     "sanctions.0.ban_until", "facts.founded_on"]),
}


def _with(body: dict, dotted: str, value: Any) -> dict:
    body = json.loads(json.dumps(body))
    *parents, last = dotted.split(".")
    node = body
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return body


@pytest.fixture
def offices(mqa_factory, anon):
    """An office admin of a tenant bound to each installed jurisdiction."""
    out = {}
    for code in JURISDICTIONS:
        versions = JurisdictionRegistry.discover().get(code).jurisdiction.versions
        tenant = mqa_factory.tenant(f"t-{code}", jurisdiction=code, rule_version=versions[-1].code)
        mqa_factory.user(tenant, Role.OFFICE_ADMIN, f"admin-{code}")
        out[code] = anon.login(f"admin-{code}", tenant=f"t-{code}")
    return out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_days_at_year_1_or_9999_are_named_on_every_rule_endpoint(platform_admin, offices, day):
    registry = JurisdictionRegistry.discover()
    for code in JURISDICTIONS:
        version = registry.get(code).jurisdiction.versions[-1].code
        for name, (body, fields) in RULE_BODIES.items():
            for field in fields:
                sent = _with(body, field, day)
                for api, url, extra in ((platform_admin, f"/api/v1/rules/{code}/{name}", {"version": version}),
                                        (offices[code], f"/api/v1/tenant/rules/{name}", {})):
                    errors = _refusal(api.post(url, json={**sent, **extra}), 422, "validation_error")
                    assert field in errors, (url, field, errors)
        for api, url in ((platform_admin, f"/api/v1/rules/{code}/summary?on_date={day}&version={version}"),
                         (platform_admin, f"/api/v1/rules/{code}/facts-schema?entry_kind=organization&on_date={day}"
                                          f"&version={version}"),
                         (offices[code], f"/api/v1/tenant/rules/summary?on_date={day}")):
            assert "on_date" in _refusal(api.get(url), 422, "validation_error"), url


def test_absurd_setting_values_are_named_for_every_setting(platform_admin, offices):
    registry = JurisdictionRegistry.discover()
    stateless = tenant = 0
    for code, value in itertools.product(JURISDICTIONS, ["1E+999999999", "1E-999999999", "NaN", "-Infinity", "１",
                                                         1.5, True]):
        rules = registry.rules(code)
        for version in registry.get(code).jurisdiction.versions:
            for spec in rules.tenant_settings(version):
                sent = {"a": value} if spec.value_type == "weights" else value
                body = {"version": version.code, "entry_kind": "organization", "stage_scores": {},
                        "settings": {spec.key: sent}}
                errors = _refusal(platform_admin.post(f"/api/v1/rules/{code}/total", json=body), 422, "invalid_input")
                assert f"settings.{spec.key}" in errors
                stateless += 1
        for setting in offices[code].get("/api/v1/tenant/settings").get_json():
            if (setting["value_type"], value) in (("decimal", 1.5), ("boolean", True)):
                continue  # a fair value of that type (the review's own settings have these types)
            sent = {"a": value} if setting["value_type"] == "weights" else value
            put = offices[code].request("PUT", f"/api/v1/tenant/settings/{setting['key']}", json={"value": sent})
            assert "value" in _refusal(put, 422, "invalid_input")
            tenant += 1
    assert stateless >= 8 * 7 and tenant >= 4 * 7


@pytest.mark.parametrize("raw", ["1_000", "1e2", "٣", "１２", "12.", ".5", "0x10", "NaN", "1E+999999999", True, None, [1]])
def test_a_decimal_setting_is_plain_ascii_decimal_notation(raw):
    from core.engine import settings as setting_rules
    from core.errors import InvalidInput
    from core.engine.rules import Citation, SettingSpec

    spec = SettingSpec("points", "decimal", "points per unit", ("total",), Citation("x", "1", "第一条"))
    with pytest.raises(InvalidInput) as refused:
        setting_rules.validate(spec, raw)
    assert list(refused.value.fields) == ["value"]
    assert setting_rules.validate(spec, " 12.50 ") == "12.50" and setting_rules.validate(spec, -3) == "-3"
