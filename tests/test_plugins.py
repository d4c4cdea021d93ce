"""Plugin discovery, per-jurisdiction dispatch and start-up checks."""
from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path

import pytest

from api.app import create_app
from core.errors import PluginError
from core.engine.hookspecs import hookimpl
from core.engine.plugins import HOOK_NAMES, JurisdictionRegistry
from core.engine.rules import ORGANIZATION, Jurisdiction, RuleVersion, SettingSpec, Tier, VersionStage, Citation
from core.platform.runtime import Runtime
from tests.conftest import Api

THIRD_PARTY_CITY = '''
from core.engine.hookspecs import hookimpl
from core.engine.rules import Jurisdiction, RuleVersion, Tier, EntryKind, VersionStage, SettingSpec, Citation
import datetime as dt

V1 = RuleVersion(code="2024", title="丽水市市长质量奖管理办法", stage=VersionStage.ADOPTED,
                 document_number="丽政发〔2024〕1号", effective_from=dt.date(2024, 1, 1))

@hookimpl
def mqa_jurisdiction():
    return Jurisdiction(code="lishui", name="丽水市", name_en="Lishui", award_name="丽水市市长质量奖",
                        versions=(V1,), tiers=(Tier("gold", "金奖", 1), Tier("silver", "银奖", 2),
                                               Tier("bronze", "铜奖", 3)),
                        entry_kinds=(EntryKind("project", "项目"),))

@hookimpl
def mqa_tenant_settings(version):
    return [SettingSpec("bonus_yuan", "integer", "award bonus", ("reward",),
                        Citation("lishui", version.code, "第十条"))]
'''


def install_distribution(root: Path, module: str, source: str, ep_name: str, dist: str = "mqa-city-lishui") -> None:
    """Lay out a package and its .dist-info exactly as pip would, so importlib.metadata finds the entry point."""
    (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[mqa.jurisdictions]\n{ep_name} = {module}\n", encoding="utf-8")


@pytest.fixture
def third_party_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = tmp_path / "site"
    site.mkdir()
    install_distribution(site, "mqa_city_lishui", THIRD_PARTY_CITY, "lishui")
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("mqa_city_lishui", None)


def test_builtin_cities_come_from_entry_points(mqa_registry):
    for code in ["nantong", "rugao", "jian", "changde", "yuncheng"]:
        installed = mqa_registry.get(code)
        assert installed.distribution == "mayor-quality-award"
        assert installed.jurisdiction.code == code
        assert "mqa_jurisdiction" in installed.hooks


def test_third_party_city_is_listed_without_core_edits(third_party_city, mqa_settings, platform_admin_factory):
    registry = JurisdictionRegistry.discover()
    assert "lishui" in registry.codes()
    installed = registry.get("lishui")
    assert installed.distribution == "mqa-city-lishui"
    assert installed.hooks == ("mqa_jurisdiction", "mqa_tenant_settings")

    runtime = Runtime.build(mqa_settings, registry)
    try:
        client = platform_admin_factory(runtime)
        listed = {j["code"]: j for j in client.get("/api/v1/jurisdictions").get_json()}
        assert {"changde", "jian", "lishui", "nantong", "rugao", "yuncheng"} <= set(listed)
        assert set(listed) == set(registry.codes())
        assert listed["lishui"]["package"] == "mqa-city-lishui"
        assert [t["code"] for t in listed["lishui"]["tiers"]] == ["gold", "silver", "bronze"]
        assert listed["lishui"]["version_in_force"] == "2024"
        created = client.post("/api/v1/admin/tenants",
                              json={"code": "lishui-office", "name": "丽水", "jurisdiction": "lishui"})
        assert created.status_code == 201, created.get_json()
        assert created.get_json()["effective_rule_version"] == "2024"
    finally:
        runtime.close()


@pytest.fixture
def platform_admin_factory():
    from core.platform.models import Role
    from core.testing import TenantFactory

    def make(runtime: Runtime) -> Api:
        TenantFactory(runtime).user(None, Role.PLATFORM_ADMIN, "central2")
        return Api(create_app(runtime=runtime).test_client()).login("central2")

    return make


def test_dispatch_reaches_only_the_tenants_jurisdiction(third_party_city):
    calls: list[str] = []

    class NationalOverlay:  # cross-cutting: no mqa_jurisdiction, sees every jurisdiction's calls
        @hookimpl
        def mqa_tenant_settings(self, version):
            calls.append(version.code)
            return []

    registry = JurisdictionRegistry.discover(extra_plugins=[("national", NationalOverlay())])
    nantong = registry.jurisdiction("nantong").version("2023")
    lishui = registry.jurisdiction("lishui").version("2024")
    assert registry.rules("nantong").tenant_settings(nantong) == []
    assert [s.key for s in registry.rules("lishui").tenant_settings(lishui)] == ["bonus_yuan"]
    assert calls == ["2023", "2024"]
    assert "national" not in registry.codes()


def _city(code: str, **overrides) -> types.SimpleNamespace:
    version = RuleVersion(code="1", title="t", stage=VersionStage.ADOPTED)
    description = Jurisdiction(code=overrides.get("describes", code), name=code, name_en=code, award_name=code,
                               versions=overrides.get("versions", (version,)), tiers=(Tier("award", "奖", 1),),
                               entry_kinds=(ORGANIZATION,))

    class City:
        @hookimpl
        def mqa_jurisdiction(self):
            return description

    return City()


def test_two_plugins_with_one_code_fail_at_start():
    with pytest.raises(PluginError, match="two plugins claim the jurisdiction code 'nantong'"):
        JurisdictionRegistry.discover(extra_plugins=[("nantong", _city("nantong"))])


def test_code_must_match_entry_point_name():
    with pytest.raises(PluginError, match="entry-point name must equal the jurisdiction code"):
        JurisdictionRegistry.discover(entry_points=False, extra_plugins=[("alpha", _city("alpha", describes="beta"))])


def test_duplicate_version_codes_fail_at_start():
    twice = (RuleVersion("1", "a", VersionStage.DRAFT), RuleVersion("1", "b", VersionStage.DRAFT))
    with pytest.raises(PluginError, match="declares a rule version twice"):
        JurisdictionRegistry.discover(entry_points=False, extra_plugins=[("alpha", _city("alpha", versions=twice))])


def test_misspelled_hook_fails_at_start():
    class Typo:
        @hookimpl
        def mqa_jurisdictoin(self):
            return None

    with pytest.raises(PluginError, match="mqa_jurisdictoin"):
        JurisdictionRegistry.discover(entry_points=False, extra_plugins=[("typo", Typo())])


def test_broken_plugin_names_itself(tmp_path, monkeypatch):
    install_distribution(tmp_path, "mqa_city_broken", "raise RuntimeError('boom')\n", "broken", "mqa-city-broken")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(PluginError, match="'broken'.*failed to load.*boom"):
            JurisdictionRegistry.discover()
    finally:
        sys.modules.pop("mqa_city_broken", None)


def test_unknown_jurisdiction_is_404(platform_admin):
    response = platform_admin.get("/api/v1/jurisdictions/atlantis")
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_every_hook_is_documented_with_its_exact_signature():
    from core.engine.plugins import hook_signatures

    doc = (Path(__file__).parent.parent / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
    for name, signature in hook_signatures().items():
        assert f"## {name}" in doc, f"{name} has no section in docs/plugin_hooks.md"
        assert signature in doc, f"docs/plugin_hooks.md shows an outdated signature for {name}: {signature}"
    assert len(HOOK_NAMES) >= 9


