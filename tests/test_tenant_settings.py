"""Settings a regulation leaves open: declared by the plugin, set by the office, refused while unset."""
from __future__ import annotations

import pytest

from api.app import create_app
from core.engine import settings as setting_rules
from core.errors import InvalidInput, SettingMissing
from core.engine.hookspecs import hookimpl
from core.platform.models import Role
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import Citation, Jurisdiction, ORGANIZATION, RuleVersion, SettingSpec, Tier, VersionStage
from core.platform.runtime import Runtime
from core.testing import TenantFactory
from tests.conftest import Api
from tests.walk import all_items

V1 = RuleVersion("2024", "示范市市长质量奖管理办法", VersionStage.ADOPTED)
BONUS = SettingSpec("bonus_yuan", "yuan", "one-time bonus of an award winner", ("rewards",),
                    Citation("silentcity", "2024", "第二十二条"))
WEIGHTS = SettingSpec("stage_weights.organization", "weights", "stage weights for organisations",
                      ("weighted totals",), Citation("silentcity", "2024", "第三条"))


class SilentCity:
    """A city whose regulation gives no bonus amount and no stage weights."""

    @hookimpl
    def mqa_jurisdiction(self):
        return Jurisdiction("silentcity", "示范市", "Silent City", "示范市市长质量奖", (V1,),
                            (Tier("award", "市长质量奖", 1),), (ORGANIZATION,))

    @hookimpl
    def mqa_tenant_settings(self, version):
        return [BONUS, WEIGHTS]


@pytest.fixture
def silent(mqa_settings):
    registry = JurisdictionRegistry.discover(extra_plugins=[("silentcity", SilentCity())])
    runtime = Runtime.build(mqa_settings, registry)
    factory = TenantFactory(runtime)
    clients = {}
    for code in ("silent-a", "silent-b"):
        tenant = factory.tenant(code, jurisdiction="silentcity")
        for role in (Role.OFFICE_ADMIN, Role.SUPERVISOR):
            factory.user(tenant, role, f"{role.value}-{code}")
            clients[(code, role)] = Api(create_app(runtime=runtime).test_client()).login(
                f"{role.value}-{code}", tenant=code)
    yield clients
    runtime.close()


def test_settings_start_unset_and_cite_the_silent_article(silent):
    listed = silent[("silent-a", Role.SUPERVISOR)].get("/api/v1/tenant/settings").get_json()
    assert [(s["key"], s["value"], s["citation"]["text"]) for s in listed if not _core(s["key"])] == [
        ("bonus_yuan", None, "silentcity/2024 第二十二条"),
        ("stage_weights.organization", None, "silentcity/2024 第三条")]


def test_every_tenant_has_the_review_settings_citing_the_silent_text(silent):
    admin = silent[("silent-a", Role.OFFICE_ADMIN)]
    listed = {s["key"]: s for s in admin.get("/api/v1/tenant/settings").get_json() if s["key"].startswith("review_")}
    assert set(listed) == {"review_aggregation", "review_normalise", "review_disagreement_threshold",
                           "review_expert_load_cap", "review_blind_materials"}
    assert all(s["value"] is None and s["citation"]["article"] == "条文未规定" for s in listed.values())
    assert listed["review_aggregation"]["choices"] == ["mean", "median", "trimmed_mean"]
    refused = admin.request("PUT", "/api/v1/tenant/settings/review_aggregation", json={"value": "average"})
    assert refused.status_code == 422 and "mean, median, trimmed_mean" in refused.get_json()["errors"]["value"][0]
    assert admin.request("PUT", "/api/v1/tenant/settings/review_aggregation", json={"value": "trimmed_mean"}
                         ).status_code == 200


def test_office_admin_sets_values_and_other_tenant_sees_none(silent):
    admin = silent[("silent-a", Role.OFFICE_ADMIN)]
    assert admin.request("PUT", "/api/v1/tenant/settings/bonus_yuan", json={"value": 300000}).status_code == 200
    weights = {"value": {"materials": "30", "on_site": 60, "presentation": "10"}}
    stored = admin.request("PUT", "/api/v1/tenant/settings/stage_weights.organization", json=weights).get_json()
    assert stored["value"] == {"materials": "30", "on_site": "60", "presentation": "10"}
    mine = {s["key"]: s["value"] for s in admin.get("/api/v1/tenant/settings").get_json()}
    assert mine["bonus_yuan"] == 300000
    theirs = {s["key"]: s["value"] for s in silent[("silent-b", Role.OFFICE_ADMIN)].get("/api/v1/tenant/settings").get_json()
              if not _core(s["key"])}
    assert theirs == {"bonus_yuan": None, "stage_weights.organization": None}
    events = [e["action"] for e in all_items(admin, "/api/v1/audit-events")]
    assert events.count("setting.updated") == 2
    assert admin.request("DELETE", "/api/v1/tenant/settings/bonus_yuan").status_code == 204
    assert {s["key"]: s["value"] for s in admin.get("/api/v1/tenant/settings").get_json()}["bonus_yuan"] is None


@pytest.mark.parametrize("key, value, reason", [
    ("bonus_yuan", -5, "cannot be negative"),
    ("bonus_yuan", 10.5, "whole number"),
    ("bonus_yuan", True, "whole number"),
    ("stage_weights.organization", {"materials": 50, "on_site": 40}, "add up to 100"),
    ("stage_weights.organization", {"materials": "x"}, "not a number"),
])
def test_bad_values_are_refused_and_change_nothing(silent, key, value, reason):
    admin = silent[("silent-a", Role.OFFICE_ADMIN)]
    response = admin.request("PUT", f"/api/v1/tenant/settings/{key}", json={"value": value})
    assert response.status_code == 422 and reason in response.get_json()["errors"]["value"][0]
    assert {s["key"]: s["value"] for s in admin.get("/api/v1/tenant/settings").get_json()}[key] is None


def test_unknown_setting_is_404_and_supervisor_cannot_set(silent):
    admin = silent[("silent-a", Role.OFFICE_ADMIN)]
    unknown = admin.request("PUT", "/api/v1/tenant/settings/colour", json={"value": 1})
    assert unknown.status_code == 404 and "bonus_yuan" in unknown.get_json()["message"]
    refused = silent[("silent-a", Role.SUPERVISOR)].request("PUT", "/api/v1/tenant/settings/bonus_yuan",
                                                          json={"value": 1})
    assert refused.status_code == 403


def test_require_refuses_until_set_naming_the_setting_and_article():
    with pytest.raises(SettingMissing) as missing:
        setting_rules.require({}, BONUS)
    assert missing.value.fields == {"settings.bonus_yuan": ["not set"]}
    assert "silentcity/2024 第二十二条" in missing.value.message and "rewards" in missing.value.message
    assert setting_rules.require({"bonus_yuan": 100}, BONUS) == 100


def test_decimal_values_are_stored_exactly():
    spec = SettingSpec("ratio", "decimal", "a ratio", ("shortlists",), Citation("x", "1", "第一条"))
    assert setting_rules.validate(spec, "1.5") == "1.5"
    with pytest.raises(InvalidInput):
        setting_rules.validate(spec, "NaN")


def test_a_setting_carries_a_version_and_a_stale_write_changes_nothing(mqa_settings):
    """Version 0 means "I read it unset"; None means the client sent no version (428 at the API)."""
    import datetime as dt

    from sqlalchemy import select

    from core.platform import versioning
    from core.platform.models import TenantSetting
    from core.platform.permissions import Principal
    from core.platform.services import tenant_settings as service
    from core.platform.tenancy import Scope, scoped

    registry = JurisdictionRegistry.discover(extra_plugins=[("silentcity", SilentCity())])
    runtime = Runtime.build(mqa_settings, registry)
    tenant = TenantFactory(runtime).tenant("silent-v", jurisdiction="silentcity")
    admin = TenantFactory(runtime).user(tenant, Role.OFFICE_ADMIN, "admin-v")
    actor = Principal(user_id=admin.id, username=admin.username, role=Role.OFFICE_ADMIN, tenant_id=tenant.id,
                      tenant_code=tenant.code)
    day = dt.date(2025, 6, 1)
    try:
        with runtime.session() as session, scoped(session, Scope.tenant(tenant.id)):
            with pytest.raises(versioning.VersionRequired):
                service.set_setting(session, registry, actor, tenant, "bonus_yuan", 1000, day, expected_version=None)
            with pytest.raises(versioning.StaleVersion):
                service.set_setting(session, registry, actor, tenant, "bonus_yuan", 1000, day, expected_version=3)
            assert service.set_setting(session, registry, actor, tenant, "bonus_yuan", 1000, day,
                                       expected_version=0).version == 1
            with pytest.raises(versioning.StaleVersion) as caught:  # someone set it since I saw it unset
                service.set_setting(session, registry, actor, tenant, "bonus_yuan", 2000, day, expected_version=0)
            assert caught.value.current == 1
            assert service.set_setting(session, registry, actor, tenant, "bonus_yuan", 2000, day,
                                       expected_version=1).version == 2
            with pytest.raises(versioning.StaleVersion):
                service.clear_setting(session, registry, actor, tenant, "bonus_yuan", day, expected_version=1)
            assert session.scalar(select(TenantSetting.value).where(TenantSetting.key == "bonus_yuan")) == 2000
            listed = {s.spec.key: s.version for s in service.list_settings(session, registry, tenant, day)
                      if not _core(s.spec.key)}
            assert listed == {"bonus_yuan": 2, "stage_weights.organization": None}
            service.clear_setting(session, registry, actor, tenant, "bonus_yuan", day, expected_version=2)
            assert session.scalar(select(TenantSetting).where(TenantSetting.key == "bonus_yuan")) is None
    finally:
        runtime.close()


def test_settings_over_http_take_if_match_and_a_stale_one_changes_nothing(silent):
    admin = silent[("silent-a", Role.OFFICE_ADMIN)]
    path = "/api/v1/tenant/settings/bonus_yuan"
    first = admin.request("PUT", path, json={"value": 1000}, headers={"If-Match": '"0"'})
    assert first.status_code == 200 and first.get_json()["version"] == 1
    stale = admin.request("PUT", path, json={"value": 2000}, headers={"If-Match": '"0"'})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    assert admin.request("DELETE", path, headers={"If-Match": '"7"'}).status_code == 409
    assert admin.request("PUT", path, json={"value": 3000}, headers={"If-Match": "one"}).status_code == 422
    listed = {s["key"]: (s["value"], s["version"]) for s in admin.get("/api/v1/tenant/settings").get_json()}
    assert listed["bonus_yuan"] == (1000, 1)
    assert admin.request("DELETE", path, headers={"If-Match": '"1"'}).status_code == 204


def _core(key: str) -> bool:
    """A setting every tenant has beside its plugin's: the review's, the notices' and personal data's."""
    return key.startswith("review_") or key in ("notice_backfill", "personal_data_retention_days")


def test_the_core_lifecycle_settings_follow_the_text(mqa_runtime):
    """notice_backfill exists only where a candidate notice's text is silent on backfill (Nantong 2023
    第二十四条 forbids it); the retention period is bounded (30 days to 10 years, both included)."""
    from core.engine.settings import lifecycle_settings, validate
    from core.errors import InvalidInput
    from core.platform.services.tenant_settings import _silent_on_backfill

    registry = mqa_runtime.registry
    silent = {code: _silent_on_backfill(registry.rules(code), registry.rules(code).jurisdiction.versions[-1])
              for code in ("nantong", "rugao", "changde")}
    assert silent == {"nantong": False, "rugao": True, "changde": True}
    retention = lifecycle_settings("rugao", "2021", True)[0]
    assert validate(retention, 30) == 30 and validate(retention, 3650) == 3650
    for wrong in (29, 3651):
        with pytest.raises(InvalidInput, match="from 30 to 3650"):
            validate(retention, wrong)
