"""The plugin author's surface: one import module, documented whole; the scaffold; the conformance kit."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import core.sdk
from core.engine.conformance import check, docstring_tags
from core.engine.plugins import JurisdictionRegistry

ROOT = Path(__file__).parent.parent
BUILT_IN = ("changde", "jian", "nantong", "rugao", "yuncheng")


def _core_imports(path: Path) -> list[tuple[int, str, str]]:
    """``(line, module, name)`` of every import of a core module in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "core":
            found += [(node.lineno, node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "*") for alias in node.names if alias.name.split(".")[0] == "core"]
    return found


def test_plugins_import_core_names_only_from_the_sdk():
    exported = set(core.sdk.__all__)
    wrong = [f"{path.relative_to(ROOT)}:{line} {module}.{name}"
             for path in sorted((ROOT / "plugins").rglob("*.py"))
             for line, module, name in _core_imports(path)
             if module != "core.sdk" or name not in exported]
    assert not wrong, "plugins must import core names from core.sdk, which must export them:\n" + "\n".join(wrong)


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from core.engine.rules import Citation\nfrom core.sdk import NotExported\nimport core.engine.facts\n")
    found = _core_imports(bad)
    assert [(m, n) for _, m, n in found] == [("core.engine.rules", "Citation"), ("core.sdk", "NotExported"),
                                             ("core.engine.facts", "*")]


def test_every_sdk_name_exists_and_is_documented():
    doc = (ROOT / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
    missing = [name for name in core.sdk.__all__ if f"`{name}" not in doc]
    assert not missing, f"docs/plugin_hooks.md does not document: {missing}"
    assert all(hasattr(core.sdk, name) for name in core.sdk.__all__)
    assert len(set(core.sdk.__all__)) == len(core.sdk.__all__)


def test_builtins_are_a_subset_of_what_is_installed(mqa_registry):
    assert set(BUILT_IN) <= set(mqa_registry.codes())


@pytest.mark.parametrize("code", BUILT_IN)
def test_built_in_cities_conform(mqa_registry, code):
    problems = check(mqa_registry, code)
    assert not problems, "\n".join(str(p) for p in problems)


def test_conformance_finds_what_a_careless_plugin_gets_wrong():
    from core.engine.hookspecs import hookimpl
    from core.engine.rules import (
        ORGANIZATION, Citation, CyclePlan, Jurisdiction, NoticeRule, Quota, QuotaPlan, Reading, RewardDecision,
        RuleVersion, SanctionDecision, StageRule, Tier, VersionStage,
    )

    v = RuleVersion("1", "t", VersionStage.ADOPTED)
    own = Citation("careless", "1", "第一条")

    class Careless:
        """Docstring mentions [reading: ghost]."""

        @hookimpl
        def mqa_jurisdiction(self):
            return Jurisdiction("careless", "粗心市", "Careless", "奖", (v,),
                                (Tier("award", "奖", 1), Tier("nomination", "提名", 2)), (ORGANIZATION,))

        @hookimpl
        def mqa_quota_plan(self, settings):
            settings.get("quota_size")  # read but never declared
            return QuotaPlan((Quota("award", ("organization",), None, own),))  # uncapped, no note; no nomination

        @hookimpl
        def mqa_reward(self):
            return RewardDecision(1, (), Citation("elsewhere", "9", "第九条"), "")

        @hookimpl
        def mqa_sanction(self, violation):
            return SanctionDecision((), None, own, "")  # accepts anything, lists nothing

        @hookimpl
        def mqa_cycle_plan(self):
            return CyclePlan(1, ("a", "b"), (NoticeRule("a", 5, True, own),), own,
                             stage_rules=(StageRule("b", own, gate_for="a"), StageRule("z", own),
                                          StageRule("a", own, entry_kinds=("project",))))

        @hookimpl
        def mqa_readings(self):
            return [Reading("listed", own, "r")]

    registry = JurisdictionRegistry.discover(entry_points=False, extra_plugins=[("careless", Careless())])
    found = "\n".join(str(p) for p in check(registry, "careless"))
    for expected in ("tier nomination has no quota", "uncapped without a note", "cites elsewhere/9 第九条",
                     "notice a has no kind", "an unlisted violation code is accepted",
                     "lists no violation code", "reads the setting 'quota_size'",
                     "reading listed is published as data but no docstring",
                     "stage rule b is a gate for a, which is not a later stage",
                     "stage rule z names a stage the plan does not have",
                     "stage rule a names an unknown entry kind project",
                     "[1] stage kinds: stage a has no kind", "[1] stage kinds: stage b has no kind",
                     "the plan has 0 stages of kind application (none); exactly one takes the applications"):
        assert expected in found, f"{expected!r} not found in:\n{found}"
    assert docstring_tags(sys.modules[__name__]) >= {"ghost"}


def _stage_kind_problems(plan) -> list[str]:
    """The stage-kind problems the conformance kit finds in a one-version plugin whose cycle plan is ``plan``."""
    from core.engine.hookspecs import hookimpl
    from core.engine.rules import ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage

    class Planned:
        @hookimpl
        def mqa_jurisdiction(self):
            return Jurisdiction("planned", "计划市", "Planned", "奖", (RuleVersion("1", "t", VersionStage.ADOPTED),),
                                (Tier("award", "奖", 1),), (ORGANIZATION,))

        @hookimpl
        def mqa_cycle_plan(self):
            return plan

    registry = JurisdictionRegistry.discover(entry_points=False, extra_plugins=[("planned", Planned())])
    return [p.message for p in check(registry, "planned") if p.check == "stage kinds" and p.version == "1"]


def test_conformance_checks_the_kinds_of_the_stages():
    from core.engine.rules import Citation, CyclePlan

    own = Citation("planned", "1", "第一条")
    stages = ("call", "apply", "check", "recheck", "review")
    right = CyclePlan(1, stages, (), own, recommendation=own, stage_kinds=(
        ("call", "publication"), ("apply", "application"), ("check", "recommendation"), ("recheck", "screening"),
        ("review", "review")))
    assert _stage_kind_problems(right) == []
    wrong = CyclePlan(1, stages, (), own, recommendation=Citation("elsewhere", "1", "第二条"), stage_kinds=(
        ("call", "application"), ("apply", "application"), ("check", "screening"), ("recheck", "screening"),
        ("call", "review")))
    assert sorted(_stage_kind_problems(wrong)) == sorted([
        "stage call is given more than one kind",
        "stage review has no kind (one of core.engine.rules.STAGE_KINDS)",
        "the plan has 2 stages of kind application (call, apply); exactly one takes the applications",
        "stages check, recheck are all of kind screening; at most one screens the applications",
        "the recommendation step cites elsewhere/1 第二条, not an article of planned/1"])


def test_scaffolded_city_installs_and_passes_its_own_tests(tmp_path):
    """`mqa new-jurisdiction` writes a package that pip installs and whose tests pass at once."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "MQA_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    env.pop("REDIS_URL", None)
    made = subprocess.run([str(bin_dir / "mqa"), "new-jurisdiction", "lishui", "--name", "丽水市", "--path",
                           str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "mqa-city-lishui"
    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                                "--no-build-isolation", "--no-index", "--target", str(site), str(package)],
                               env=env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    assert (site / "mqa_city_lishui" / "cases" / "eligibility.json").exists()  # package data shipped
    tested = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package,
                            env={**env, "PYTHONPATH": str(site)}, capture_output=True, text=True, timeout=300)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed" in tested.stdout
    checked = subprocess.run([str(bin_dir / "mqa"), "check-jurisdiction", "lishui"],
                             env={**env, "PYTHONPATH": str(site)}, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "lishui: conforms" in checked.stdout, checked.stdout + checked.stderr
    again = subprocess.run([str(bin_dir / "mqa"), "new-jurisdiction", "lishui", "--name", "丽水市", "--path",
                            str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "exists" in again.stderr
    bad = subprocess.run([str(bin_dir / "mqa"), "new-jurisdiction", "Li-Shui", "--name", "丽水市", "--path",
                          str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "jurisdiction code" in bad.stderr


def test_check_jurisdiction_reports_problems_and_fails(tmp_path):
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "MQA_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    unknown = subprocess.run([str(bin_dir / "mqa"), "check-jurisdiction", "atlantis"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert unknown.returncode != 0 and "not installed" in unknown.stderr and "nantong" in unknown.stderr
