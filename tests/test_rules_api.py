"""The rule API: stateless and tenant-scoped eligibility, facts schemas, version resolution, bad input."""
from __future__ import annotations

import pytest

from core.platform.models import Role

ORG = {"registration_city": "南通市", "independent_legal_person": True, "founded_on": "2015-03-01",
       "excellence_model_since": "2020-01-01", "chief_quality_officer": True, "is_industrial": True,
       "environmental_credit_rating": "blue", "safety_standardisation_level": 2,
       "honours": [{"kind": "county_government_quality_award", "awarded_on": "2021-06-01"}]}


def check(client, body, path="/api/v1/rules/nantong/eligibility"):
    return client.post(path, json=body)


def test_version_in_force_on_the_date_is_used(platform_admin):
    response = check(platform_admin, {"entry_kind": "organization", "facts": ORG, "on_date": "2024-05-01"})
    assert response.status_code == 200, response.get_json()
    verdict = response.get_json()
    assert verdict["version"] == "2020"  # the 2023 revision is a draft: only used when named
    assert verdict["status"] == "pending_confirmation" and verdict["failed"] == []
    assert {f["condition"] for f in verdict["pending_confirmation"]} >= {"org.social_credit"}
    assert len(verdict["trace"]) >= 15
    first = verdict["trace"][0]
    assert first["citation"]["text"].startswith("nantong/2020 第十条") and first["outcome"] == "passed"


def test_every_failure_is_listed_with_its_citation(platform_admin):
    facts = {**ORG, "registration_city": "苏州市", "founded_on": "2022-01-01", "honours": []}
    verdict = check(platform_admin, {"entry_kind": "organization", "facts": facts, "version": "2023",
                                     "on_date": "2024-05-01"}).get_json()
    assert verdict["status"] == "ineligible"
    failed = {f["condition"]: f["citation"]["text"] for f in verdict["failed"]}
    assert failed == {"org.registered_in_nantong": "nantong/2023 第十一条（二）",
                      "org.operating_years": "nantong/2023 第十一条（二）",
                      "org.honour": "nantong/2023 第十一条（四）"}
    assert all(f["explanation"] for f in verdict["failed"])


def test_history_and_sanctions_count(platform_admin):
    body = {"entry_kind": "organization", "facts": ORG, "version": "2023", "on_date": "2024-05-01",
            "history": [{"tier": "nomination", "awarded_on": "2021-12-01"},
                        {"tier": "nomination", "awarded_on": "2023-12-01"}],
            "sanctions": [{"kind": "false_application", "decided_on": "2021-06-01", "ban_until": "2026-05-31",
                           "citation": {"jurisdiction": "nantong", "version": "2023", "article": "第三十二条"}}]}
    verdict = check(platform_admin, body).get_json()
    assert verdict["excluded_tiers"] == ["nomination"]
    assert [f["citation"]["text"] for f in verdict["failed"]] == ["nantong/2023 第三十二条"]


@pytest.mark.parametrize("body, field", [
    ({"entry_kind": "organization", "facts": {**ORG, "founded_on": "not a date"}}, "facts.founded_on"),
    ({"entry_kind": "organization", "facts": {**ORG, "colour": "red"}}, "facts.colour"),
    ({"entry_kind": "organization", "facts": {"registration_city": "南通市"}}, "facts.founded_on"),
    ({"entry_kind": "organization", "facts": {**ORG, "honours": [{"kind": "oscar", "awarded_on": "2020-01-01"}]}},
     "facts.honours.0.kind"),
    ({"entry_kind": "project", "facts": ORG}, "entry_kind"),
    ({"entry_kind": "organization", "facts": ORG, "history": [{"tier": "gold", "awarded_on": "2020-01-01"}]},
     "history.0.tier"),
    ({"facts": ORG}, "entry_kind"),
])
def test_bad_facts_name_each_field(platform_admin, body, field):
    response = check(platform_admin, {**body, "on_date": "2024-05-01"})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"], response.get_json()


def test_unknown_jurisdiction_or_version_is_404(platform_admin):
    assert check(platform_admin, {"entry_kind": "organization", "facts": ORG},
                 "/api/v1/rules/atlantis/eligibility").status_code == 404
    unknown = check(platform_admin, {"entry_kind": "organization", "facts": ORG, "version": "1999"})
    assert unknown.status_code == 404 and "2020, 2023" in unknown.get_json()["message"]


def test_date_outside_every_version_names_the_versions(platform_admin):
    response = check(platform_admin, {"entry_kind": "organization", "facts": ORG, "on_date": "2030-01-01"},
                     "/api/v1/rules/yuncheng/eligibility")
    assert response.status_code == 422
    assert "2023 (expired)" in response.get_json()["errors"]["on_date"][0]


def test_jurisdiction_without_eligibility_rules_is_501(bare_city_admin):
    response = check(bare_city_admin, {"entry_kind": "organization", "facts": ORG, "on_date": "2024-05-01"},
                     "/api/v1/rules/barecity/eligibility")
    assert response.status_code == 501 and response.get_json()["code"] == "rule_not_implemented"


def test_facts_json_schema(platform_admin):
    schema = platform_admin.get("/api/v1/rules/nantong/facts-schema?entry_kind=organization&version=2023").get_json()
    assert schema["type"] == "object" and "founded_on" in schema["required"]
    assert schema["properties"]["founded_on"]["format"] == "date"
    assert "Accident" in schema["definitions"] and "grade" in schema["definitions"]["Accident"]["properties"]
    assert platform_admin.get("/api/v1/rules/nantong/facts-schema?entry_kind=team").status_code == 422


def test_facts_schemas_are_in_the_openapi_document(anon):
    components = anon.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert {"OrganizationFacts", "IndividualFacts", "Accident"} <= set(components)


def test_applicant_self_assesses_under_the_tenant_binding(tenant_a, platform_admin):
    applicant = tenant_a.as_(Role.APPLICANT)
    body = {"entry_kind": "organization", "facts": ORG, "on_date": "2024-05-01"}
    assert check(applicant, body, "/api/v1/tenant/rules/eligibility").get_json()["version"] == "2020"
    path = f"/api/v1/admin/tenants/{tenant_a.tenant.id}"
    rebound = platform_admin.patch(path, json={"rule_version": "2023"},
                                   headers={"If-Match": platform_admin.get(path).headers["ETag"]})
    assert rebound.status_code == 200, rebound.get_json()
    pinned = check(applicant, body, "/api/v1/tenant/rules/eligibility").get_json()
    assert pinned["version"] == "2023" and pinned["trace"][0]["citation"]["text"] == "nantong/2023 第十一条（一）"
    schema = applicant.get("/api/v1/tenant/rules/facts-schema?entry_kind=individual").get_json()
    assert "quality_work_in_jurisdiction_since" in schema["properties"]


def test_tenant_rules_follow_the_callers_own_tenant(tenant_a, tenant_b):
    body = {"entry_kind": "organization", "facts": ORG, "on_date": "2024-05-01"}
    assert check(tenant_b.as_(Role.APPLICANT), body, "/api/v1/tenant/rules/eligibility").get_json()["jurisdiction"] \
        == "yuncheng"
    assert check(tenant_a.as_(Role.APPLICANT), body, "/api/v1/tenant/rules/eligibility").get_json()["jurisdiction"] \
        == "nantong"


def test_a_plugin_adds_its_own_facts_fields(mqa_settings):
    """A city extends the core vocabulary through mqa_facts_schema; the field is validated and published."""
    import marshmallow as ma

    from api.app import create_app
    from core.engine.facts import OrganizationFactsSchema
    from core.engine.hookspecs import hookimpl
    from core.engine.plugins import JurisdictionRegistry
    from core.engine.rules import Jurisdiction, ORGANIZATION, RuleVersion, Tier, VersionStage
    from core.platform.runtime import Runtime
    from core.testing import TenantFactory
    from tests.conftest import Api

    class TalentFactsSchema(OrganizationFactsSchema):
        senior_talents_hired = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0))

    class TalentCity:
        @hookimpl
        def mqa_jurisdiction(self):
            return Jurisdiction("talentcity", "人才市", "Talent City", "人才市市长质量奖",
                                (RuleVersion("2024", "t", VersionStage.ADOPTED),), (Tier("award", "奖", 1),),
                                (ORGANIZATION,))

        @hookimpl
        def mqa_facts_schema(self, version, entry_kind):
            return TalentFactsSchema

    registry = JurisdictionRegistry.discover(extra_plugins=[("talentcity", TalentCity())])
    runtime = Runtime.build(mqa_settings, registry)
    try:
        TenantFactory(runtime).user(None, Role.PLATFORM_ADMIN, "root")
        client = Api(create_app(runtime=runtime).test_client()).login("root")
        schema = client.get("/api/v1/rules/talentcity/facts-schema?entry_kind=organization").get_json()
        assert schema["properties"]["senior_talents_hired"]["type"] == "integer"
        assert "founded_on" in schema["properties"]  # the core vocabulary is kept
        components = client.get("/api/openapi.json").get_json()["components"]["schemas"]
        assert "talentcity_TalentFacts" in components
        bad = client.post("/api/v1/rules/talentcity/eligibility", json={
            "entry_kind": "organization", "facts": {**ORG, "senior_talents_hired": -1}})
        assert bad.status_code == 422 and "facts.senior_talents_hired" in bad.get_json()["errors"]
    finally:
        runtime.close()
