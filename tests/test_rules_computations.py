"""The rule API beyond eligibility: totals, quota allocation, rewards, sanctions, the version summary."""
from __future__ import annotations

from core.platform.models import Role

N23 = "/api/v1/rules/nantong"
SCORES = {"materials_review": 800, "on_site_review": 900, "presentation": 700}


def test_weighted_total_shows_each_contribution(platform_admin):
    result = platform_admin.post(f"{N23}/total", json={"version": "2023", "entry_kind": "organization",
                                                       "stage_scores": SCORES}).get_json()["result"]
    assert result["total"] == "860.0" or result["total"] == "860"  # 0.2*800 + 0.7*900 + 0.1*700
    points = {c["stage"]: c["points"] for c in result["contributions"]}
    assert {k: float(v) for k, v in points.items()} == {"materials_review": 160, "on_site_review": 630,
                                                         "presentation": 70}
    assert {c["citation"]["text"] for c in result["contributions"]} == {"nantong/2023 第十五条"}


def test_total_names_the_stage_at_fault(platform_admin):
    response = platform_admin.post(f"{N23}/total", json={"version": "2023", "entry_kind": "organization",
                                                         "stage_scores": {"materials_review": 800, "on_site_review": 1200}})
    errors = response.get_json()["errors"]
    assert response.status_code == 422
    assert {"stage_scores.presentation", "stage_scores.on_site_review"} <= set(errors)


def test_quota_allocation_cuts_with_citations_and_flags_the_sme_preference(platform_admin):
    ranked = [{"id": f"org{i}", "entry_kind": "organization"} for i in range(1, 7)]
    ranked.append({"id": "sme7", "entry_kind": "organization", "flags": ["sme"]})
    result = platform_admin.post(f"{N23}/quota-allocation", json={"version": "2023", "tier": "award",
                                                                  "ranked": ranked}).get_json()
    assert [w["candidate"]["id"] for w in result["winners"]] == ["org1", "org2", "org3", "org4", "org5"]
    assert [c["candidate"]["id"] for c in result["cuts"]] == ["org6", "sme7"]
    assert {c["citation"]["text"] for c in result["cuts"]} == {"nantong/2023 第六条"}
    [note] = result["preference_notes"]
    assert [c["id"] for c in note["passed_over"]] == ["sme7"]


def test_unknown_tier_is_named(platform_admin):
    response = platform_admin.post(f"{N23}/quota-allocation", json={"tier": "gold", "ranked": []})
    assert response.status_code == 422 and "tier" in response.get_json()["errors"]


def test_reward_first_time_and_re_winner(platform_admin):
    first = platform_admin.post(f"{N23}/reward", json={"version": "2023", "tier": "award",
                                                       "entry_kind": "organization"}).get_json()
    assert first["amount_yuan"] == 500000 and first["citation"]["text"] == "nantong/2023 第二十六条"
    again = platform_admin.post(f"{N23}/reward", json={
        "version": "2023", "tier": "award", "entry_kind": "organization",
        "history": [{"tier": "award", "awarded_on": "2017-12-01"}]}).get_json()
    assert again["amount_yuan"] == 0


def test_sanction_and_unknown_violation(platform_admin):
    decided = platform_admin.post(f"{N23}/sanction", json={"version": "2023", "violation": "false_application",
                                                           "decided_on": "2024-03-01"}).get_json()
    # 民法典 第二百零一条: the decision day is not counted, so five years end on the corresponding day.
    assert decided["ban_until"] == "2029-03-01" and decided["citation"]["text"] == "nantong/2023 第三十二条"
    older = platform_admin.post(f"{N23}/sanction", json={"version": "2020", "violation": "false_application",
                                                         "decided_on": "2024-03-01"}).get_json()
    assert older["ban_until"] == "2027-03-01" and older["citation"]["text"] == "nantong/2020 第三十三条"
    unknown = platform_admin.post(f"{N23}/sanction", json={"violation": "jaywalking", "decided_on": "2024-03-01"})
    assert unknown.status_code == 422 and "violation" in unknown.get_json()["errors"]


def test_summary_lists_what_the_version_decides(platform_admin):
    summary = platform_admin.get(f"{N23}/summary?version=2023").get_json()
    assert summary["version"]["code"] == "2023" and summary["status"] == "draft"
    assert summary["cycle"]["cadence_years"] == 1
    quotas = {(q["tier"], tuple(q["entry_kinds"])): q["max_count"] for q in summary["quotas"]["quotas"]}
    assert quotas[("award", ("organization",))] == 5 and quotas[("nomination", ("individual",))] == 2
    assert summary["first_time_rewards"]["award/organization"]["amount_yuan"] == 500000
    assert summary["stage_weights"]["individual"]["scale"] == 1000


def test_summary_of_a_city_without_rules_yet_says_what_is_missing(bare_city_admin):
    summary = bare_city_admin.get("/api/v1/rules/barecity/summary").get_json()
    assert summary["quotas"]["code"] == "rule_not_implemented"
    assert summary["eligibility"]["implemented"] is False


def test_summary_names_settings_the_office_must_fill(platform_admin):
    """Yuncheng 第二十二条 gives no bonus amount: the summary says so instead of inventing one."""
    summary = platform_admin.get("/api/v1/rules/yuncheng/summary").get_json()
    assert summary["first_time_rewards"]["code"] == "setting_missing"
    assert summary["tenant_settings"]


def test_tenant_variants_use_the_tenant_binding(tenant_a, tenant_b):
    applicant = tenant_a.as_(Role.APPLICANT)
    reward = applicant.post("/api/v1/tenant/rules/reward", json={"tier": "nomination", "entry_kind": "organization"})
    assert reward.get_json()["amount_yuan"] == 100000
    assert reward.get_json()["citation"]["text"] == "nantong/2020 第二十四条"  # tenant follows the version in force
    assert applicant.get("/api/v1/tenant/rules/summary").get_json()["jurisdiction"] == "nantong"
    refused = tenant_b.as_(Role.APPLICANT).post("/api/v1/tenant/rules/reward",
                                                json={"tier": "award", "entry_kind": "organization"})
    assert refused.status_code == 409 and refused.get_json()["code"] == "setting_missing"  # yuncheng: amount unset


def test_jian_total_is_refused_until_the_office_sets_the_weights(mqa_factory, anon):
    """Ji'an gives no stage weights (第十三条 names the stages only): the office must set them first."""
    tenant = mqa_factory.tenant("jian-office", jurisdiction="jian")
    mqa_factory.user(tenant, Role.OFFICE_ADMIN, "ji-admin")
    admin = anon.login("ji-admin", tenant="jian-office")
    body = {"entry_kind": "organization", "stage_scores": {"materials_review": 800, "on_site_review": 900}}
    refused = admin.post("/api/v1/tenant/rules/total", json=body)
    assert refused.status_code == 409 and refused.get_json()["code"] == "setting_missing"
    assert "settings.stage_weights.organization" in refused.get_json()["errors"]
    assert "jian/2023 第十三条" in refused.get_json()["message"]
    set_ = admin.request("PUT", "/api/v1/tenant/settings/stage_weights.organization",
                         json={"value": {"materials_review": 40, "on_site_review": 60}})
    assert set_.status_code == 200, set_.get_json()
    total = admin.post("/api/v1/tenant/rules/total", json=body).get_json()["result"]
    assert float(total["total"]) == 0.4 * 800 + 0.6 * 900
    assert admin.post("/api/v1/rules/jian/total", json=body).status_code == 409  # stateless: no office, no weights


def test_every_city_has_a_summary(platform_admin):
    """Rugao gives individuals no nomination tier (第五条): the summary says so for that pair, not a 422."""
    for code, version in [("nantong", "2023"), ("rugao", "2021"), ("jian", "2023"), ("changde", "draft"),
                          ("yuncheng", "2023")]:
        response = platform_admin.get(f"/api/v1/rules/{code}/summary?version={version}")
        assert response.status_code == 200, (code, response.get_json())
    rugao = platform_admin.get("/api/v1/rules/rugao/summary").get_json()["first_time_rewards"]
    assert rugao["award/organization"]["amount_yuan"] == 200000
    assert rugao["nomination/individual"]["code"] == "invalid_input"


def test_yuncheng_talent_bonus_points_through_the_api(tenant_b):
    """运城 第三条第二款: 5 points per talent hired, 20 per senior talent, after weighting."""
    admin = tenant_b.admin
    weights = {"value": {"materials_review": 30, "on_site_review": 60, "presentation": 10}}
    assert admin.request("PUT", "/api/v1/tenant/settings/stage_weights.organization", json=weights).status_code == 200
    body = {"entry_kind": "organization", "stage_scores": SCORES, "bonus_counts": {"talent": 2, "senior_talent": 1}}
    answer = admin.post("/api/v1/tenant/rules/total", json=body).get_json()
    assert float(answer["result"]["total"]) == 0.3 * 800 + 0.6 * 900 + 0.1 * 700 + 2 * 5 + 20
    assert {line["code"]: float(line["points"]) for line in answer["bonus_lines"]} == {"talent": 10, "senior_talent": 20}
    assert all(line["citation"]["text"].startswith("yuncheng/2023 第三条") for line in answer["bonus_lines"])
    bad = admin.post("/api/v1/tenant/rules/total", json={**body, "bonus_counts": {"talent": -1, "interns": 3}})
    assert bad.status_code == 422 and {"bonus_counts.talent", "bonus_counts.interns"} <= set(bad.get_json()["errors"])
    garbage = admin.post("/api/v1/tenant/rules/total", json={**body, "bonus": "lots"})
    assert garbage.status_code == 422 and "bonus" in str(garbage.get_json()["errors"])
