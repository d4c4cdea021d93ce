"""Hostile input to the rule API, from the review of contract v2: each a 4xx naming the field, never a 500."""
from __future__ import annotations

import time

import pytest

from core.platform.models import Role

J = "/api/v1/rules/jian"
R = "/api/v1/rules/rugao"
N = "/api/v1/rules/nantong"
WEIGHTS = "stage_weights.organization"
ORG = {"registration_city": "吉安市", "independent_legal_person": True, "founded_on": "2010-01-01"}


def errors(response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.get_json())
    return response.get_json()["errors"]


@pytest.mark.parametrize("weights", [
    {"materials_review": "1E+999999999", "on_site_review": 0},
    {"materials_review": 100, "on_site_review": "1E-999999999"},  # would round the sum to exactly 100
    {"materials_review": 100, "on_site_review": "1E-40"},
    {"materials_review": "４０", "on_site_review": 60},
])
def test_absurd_weights_are_refused_statelessly_and_for_a_tenant(platform_admin, mqa_factory, anon, weights):
    body = {"entry_kind": "organization", "stage_scores": {"materials_review": 800, "on_site_review": 900},
            "settings": {WEIGHTS: weights}}
    assert f"settings.{WEIGHTS}" in errors(platform_admin.post(f"{J}/total", json=body))
    tenant = mqa_factory.tenant("jian-hostile", jurisdiction="jian")
    mqa_factory.user(tenant, Role.OFFICE_ADMIN, "ji-hostile")
    admin = anon.login("ji-hostile", tenant="jian-hostile")
    assert "value" in errors(admin.request("PUT", f"/api/v1/tenant/settings/{WEIGHTS}", json={"value": weights}))
    assert admin.get("/api/v1/tenant/settings").status_code == 200
    assert admin.get("/api/v1/tenant/rules/summary").status_code == 200


def test_a_value_of_the_right_type_that_the_rules_cannot_use_is_refused_when_set(mqa_factory, anon):
    tenant = mqa_factory.tenant("jian-weights", jurisdiction="jian")
    mqa_factory.user(tenant, Role.OFFICE_ADMIN, "ji-weights")
    admin = anon.login("ji-weights", tenant="jian-weights")
    refused = admin.request("PUT", f"/api/v1/tenant/settings/{WEIGHTS}", json={"value": {"foo": 100}})
    assert "foo" in " ".join(errors(refused)["value"])
    zero = admin.request("PUT", f"/api/v1/tenant/settings/{WEIGHTS}",
                         json={"value": {"materials_review": 100, "on_site_review": 0}})
    assert errors(zero)["value"]
    assert admin.get("/api/v1/tenant/settings").get_json()[0]["value"] is None  # nothing was stored


@pytest.mark.parametrize("path, body, field", [
    (f"{R}/notice-dates", {"stage": "public_notice", "published_on": "9999-12-31"}, "published_on"),
    (f"{R}/eligibility", {"version": "2021", "entry_kind": "organization", "facts": {}, "on_date": "0001-06-01"},
     "on_date"),
    (f"{J}/eligibility", {"entry_kind": "organization", "facts": ORG, "on_date": "2024-05-01",
                          "history": [{"tier": "award", "awarded_on": "9999-12-31"}]}, "history.0.awarded_on"),
    (f"{R}/sanction", {"violation": "false_application", "decided_on": "9999-12-31"}, "decided_on"),
    (f"{J}/eligibility", {"entry_kind": "organization", "on_date": "2024-05-01",
                          "facts": {**ORG, "founded_on": "0001-01-01"}}, "facts.founded_on"),
    (f"{J}/eligibility", {"entry_kind": "organization", "on_date": "2024-05-01",
                          "facts": {**ORG, "accidents": [{"category": "quality", "grade": "general",
                                                          "occurred_on": "9999-12-31"}]}},
     "facts.accidents.0.occurred_on"),
])
def test_days_outside_any_calendar_a_rule_counts_in_are_named(platform_admin, path, body, field):
    named = errors(platform_admin.post(path, json=body))
    assert named[field] == ["must be a day from 1900-01-01 to 2199-12-31"]  # one shape: dotted paths


@pytest.mark.parametrize("tiers, field", [
    (["award", "award"], "tiers.1"),
    (["nomination", "award"], "tiers"),
    ([], "tiers"),
])
def test_tiers_are_named_once_and_filled_from_the_highest(platform_admin, tiers, field):
    ranked = [{"id": str(i), "entry_kind": "organization"} for i in range(8)]
    assert field in errors(platform_admin.post(f"{R}/quota-allocation", json={"tiers": tiers, "ranked": ranked}))


def test_long_json_numbers_are_refused_by_their_field_without_hanging(platform_admin, anon):
    started = time.perf_counter()
    huge_integer_field = {"entry_kind": "organization", "on_date": "2024-05-01",
                          "facts": {**ORG, "accidents": [{"category": "quality", "grade": "general",
                                                          "occurred_on": "2023-01-01", "fatalities": 1}]}}
    raw = platform_admin.client.post(
        f"{J}/eligibility", data=_json(huge_integer_field).replace('"fatalities": 1', '"fatalities": 1E+999999999'),
        headers={"Authorization": f"Bearer {platform_admin.token}", "Content-Type": "application/json"})
    assert "facts.accidents.0.fatalities" in errors(raw)
    assert time.perf_counter() - started < 5
    login = anon.client.post("/api/v1/auth/login", data='{"username": "x", "password": ' + "9" * 5000 + "}",
                             headers={"Content-Type": "application/json"})
    assert "password" in errors(login)
    exact = platform_admin.client.post(
        f"{N}/total", data='{"version": "2023", "entry_kind": "organization", "stage_scores": '
                           '{"materials_review": 812.50000000000001, "on_site_review": 900, "presentation": 700}}',
        headers={"Authorization": f"Bearer {platform_admin.token}", "Content-Type": "application/json"})
    assert "stage_scores.materials_review" in errors(exact)  # read exactly: 17 digits, not the float 812.5


@pytest.mark.parametrize("score", ["8_1_2", "1e2", " ", "0x10"])
def test_score_text_is_plain_decimal_notation(platform_admin, score):
    body = {"version": "2023", "entry_kind": "organization",
            "stage_scores": {"materials_review": score, "on_site_review": 900, "presentation": 700}}
    assert "stage_scores.materials_review" in errors(platform_admin.post(f"{N}/total", json=body))


def test_scores_come_back_in_plain_notation(platform_admin):
    body = '{"version": "2023", "entry_kind": "organization", "stage_scores": ' \
           '{"materials_review": 1e2, "on_site_review": -0, "presentation": 0}}'
    answer = platform_admin.client.post(f"{N}/total", data=body, headers={
        "Authorization": f"Bearer {platform_admin.token}", "Content-Type": "application/json"}).get_json()
    scores = {c["stage"]: c["score"] for c in answer["result"]["contributions"]}
    assert scores["materials_review"] == "100" and scores["on_site_review"] == "0"


def test_errors_about_earlier_awards_name_the_entry(platform_admin):
    body = {"version": "2021", "entry_kind": "organization", "on_date": "2024-05-01",
            "facts": {"registration_city": "南通市", "registration_county": "如皋市", "independent_legal_person": True,
                      "founded_on": "2010-01-01"},
            "history": [{"tier": "nomination", "cycle_year": 2019}, {"tier": "award", "cycle_year": 2022}]}
    named = errors(platform_admin.post(f"{R}/eligibility", json=body))
    assert list(named) == ["history.1.awarded_on"]


@pytest.mark.parametrize("body, field", [
    ({"violation": "false_application", "decided_on": "2024-03-10", "occurred_on": "2024-04-01"}, "occurred_on"),
    ({"violation": "false_application", "decided_on": "2024-03-10", "entry_kind": "individual",
      "award": {"tier": "award", "entry_kind": "organization", "awarded_on": "2022-12-01"}}, "entry_kind"),
    ({"violation": "false_application", "decided_on": "2024-03-10",
      "award": {"tier": "award", "entry_kind": "", "awarded_on": "2022-12-01"}}, "award.entry_kind"),
    ({"violation": "false_application", "decided_on": "2024-03-10",
      "award": {"tier": "award", "entry_kind": "organization", "awarded_on": "2022-12-01",
                "revoked_on": "2022-01-01"}}, "award.revoked_on"),
])
def test_contradictory_sanction_inputs_are_named(platform_admin, body, field):
    assert field in errors(platform_admin.post(f"{J}/sanction", json=body))


def test_scaffold_refuses_a_name_that_would_break_its_files(tmp_path):
    from core.engine.scaffold import write_package

    for bad in ('丽水"市', "丽水\\", "丽水\n市", ""):
        with pytest.raises(ValueError, match="name"):
            write_package(tmp_path, "lishui", name=bad)
    assert not (tmp_path / "mqa-city-lishui").exists()


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
