"""``mqa new-jurisdiction CODE``: a new city as a separate, installable package that passes its own tests.

The package has a ``pyproject.toml`` with the ``mqa.jurisdictions`` entry point, one rule version,
facts schemas extending the core vocabulary, every rule hook stubbed to refuse with "not
implemented" (so nothing is decided before the regulation is written down), an empty list of
readings, a case file and a test that runs the conformance kit. Everything imports from
:mod:`core.sdk`.
"""
from __future__ import annotations

import re
from pathlib import Path

CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
NAME = re.compile(r"^[^\W_][\w（）()· -]{0,39}$")
"""A place or award name: letters (Chinese included), digits, spaces and （）()·-, so that it can stand
unescaped in every generated file (TOML, Python, JSON, Markdown)."""


def package_name(code: str) -> str:
    return f"mqa-city-{code.replace('_', '-')}"


def module_name(code: str) -> str:
    return f"mqa_city_{code}"


def write_package(parent: Path, code: str, *, name: str, award_name: str | None = None) -> Path:
    """Write the package into ``parent/mqa-city-<code>``; refuse to overwrite anything."""
    if not CODE.match(code):
        raise ValueError(f"{code!r}: a jurisdiction code is 2-31 lowercase letters, digits or underscores, "
                         "starting with a letter")
    for label, value in (("name", name), ("award name", award_name)):
        if value is not None and not NAME.match(value):
            raise ValueError(f"{value!r}: a {label} is 1-40 letters, digits, spaces or （）()·-")
    root = parent / package_name(code)
    if root.exists():
        raise FileExistsError(f"{root} exists; choose another folder")
    module = module_name(code)
    values = {"code": code, "name": name, "award_name": award_name or f"{name}市长质量奖",
              "module": module, "package": package_name(code)}
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"{module}/__init__.py": INIT,
        f"{module}/facts.py": FACTS,
        f"{module}/readings.py": READINGS,
        f"{module}/cases/eligibility.json": CASES,
        "tests/test_conformance.py": TESTS,
    }
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root


PYPROJECT = '''\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{package}"
version = "0.1.0"
description = "{award_name}: the regulation of {name} as a jurisdiction plugin of the Mayor's Quality Award platform"
requires-python = ">=3.11"
dependencies = ["mayor-quality-award"]

# The platform finds the city through this entry point; its name is the jurisdiction code.
[project.entry-points."mqa.jurisdictions"]
{code} = "{module}"

[tool.setuptools]
packages = ["{module}"]

[tool.setuptools.package-data]
"{module}" = ["cases/*.json"]

[tool.pytest.ini_options]
testpaths = ["tests", "{module}"]
filterwarnings = ["error"]
'''

README = '''\
# {award_name} ({code})

A jurisdiction plugin for the Mayor's Quality Award platform, made by `mqa new-jurisdiction {code}`.

    pip install -e .            # the platform lists {code} at its next start
    pytest                      # the case files and the conformance kit
    mqa check-jurisdiction {code}

Next steps, article by article: describe the tiers, entry kinds and categories the regulation
awards in `{module}/__init__.py`; replace each stub hook that raises `RuleNotImplemented` with the
rule, citing its article (the expert pool's qualifications and a scoring sheet for every review stage
included); declare what the text leaves open as tenant settings (no invented
numbers); publish every judgement call in `{module}/readings.py`, tagged `[reading: code]` in the
docstring beside the code that applies it; and write a passing and a failing case per article in
`{module}/cases/`. Import core names only from `core.sdk` (see the platform's
docs/plugin_hooks.md).
'''

INIT = '''\
"""{name}: {award_name}. Made by ``mqa new-jurisdiction``; every rule hook still refuses.

Replace each stub with the rule of its article, cite the article, and add cases.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    ORGANIZATION, Finding, Jurisdiction, PastAward, PastSanction, Reading, RuleNotImplemented, RuleVersion,
    SettingSpec, Tier, VersionStage, ViolationKind, hookimpl,
)
from {module} import facts, readings

V1 = RuleVersion(
    code="v1",
    title="{award_name}管理办法",
    stage=VersionStage.DRAFT,
    notes="Fill in the document number, the issue date and the dates it is in force.",
)

JURISDICTION = Jurisdiction(
    code="{code}",
    name="{name}",
    name_en="{code}",
    award_name="{award_name}",
    versions=(V1,),
    tiers=(Tier("award", "{award_name}", 1),),
    entry_kinds=(ORGANIZATION,),
)


def _not_yet(rule: str) -> RuleNotImplemented:
    return RuleNotImplemented(f"{code}: {{rule}} is not implemented yet")


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> Any:
    return facts.SCHEMAS.get(entry_kind)


@hookimpl
def mqa_tenant_settings(version: RuleVersion) -> Sequence[SettingSpec]:
    return ()


@hookimpl
def mqa_readings(version: RuleVersion) -> Sequence[Reading]:
    return readings.readings(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> Sequence[ViolationKind]:
    return ()


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date) -> Sequence[Finding]:
    raise _not_yet("eligibility")


@hookimpl
def mqa_stage_weights(version: RuleVersion, entry_kind: str) -> Any:
    raise _not_yet("stage weights")


@hookimpl
def mqa_quota_plan(version: RuleVersion) -> Any:
    raise _not_yet("the quota plan")


@hookimpl
def mqa_reward(version: RuleVersion, tier: str, entry_kind: str) -> Any:
    raise _not_yet("rewards")


@hookimpl
def mqa_sanction(version: RuleVersion, violation: str) -> Any:
    raise _not_yet("sanctions")


@hookimpl
def mqa_cycle_plan(version: RuleVersion) -> Any:
    raise _not_yet("the cycle plan")


@hookimpl
def mqa_expert_qualifications(version: RuleVersion) -> Sequence[Any]:
    # Once written: the conditions the text sets for the expert pool, or () where it sets none.
    raise _not_yet("the expert qualifications")


@hookimpl
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str) -> Any:
    # Once written: a sheet for every review stage of the cycle plan each entry kind goes through,
    # adding up to the stage weights' scale (the conformance kit checks both); None for the others.
    raise _not_yet("the scoring sheets")
'''

FACTS = '''\
"""The facts {name}'s rules read: the core vocabulary, plus fields of the city's own."""
from __future__ import annotations

from core.sdk import IndividualFactsSchema, OrganizationFactsSchema


class OrganizationFacts(OrganizationFactsSchema):
    """Add the fields only this regulation asks for here (marshmallow fields, with a description)."""


SCHEMAS = {{"organization": OrganizationFacts, "individual": IndividualFactsSchema}}
'''

READINGS = '''\
"""The judgement calls {name}'s text forces on this plugin, published in the rule summary.

Each is a ``Reading(code, citation, reading, alternative)``; the docstring beside the code that
applies it carries the tag ``[reading: <code>]`` (the conformance kit checks both agree).
"""
from __future__ import annotations

from core.sdk import Reading


def readings(version: str) -> tuple[Reading, ...]:
    return ()
'''

CASES = '''\
{{
  "mqa_cases": 1,
  "jurisdiction": "{code}",
  "bases": {{"org": {{"registration_city": "{name}", "independent_legal_person": true, "founded_on": "2015-01-01"}}}},
  "cases": [
    {{"name": "eligibility is refused until the rules are written", "version": "v1", "article": "（待定）",
      "entry_kind": "organization", "base": "org", "on_date": "2025-06-01",
      "expect": {{"error": {{"code": "rule_not_implemented"}}}}}}
  ]
}}
'''

TESTS = '''\
"""The platform's conformance kit on this city, and its discovery through the entry point."""
from __future__ import annotations

from core.sdk import JurisdictionRegistry, conformance_problems


def test_the_city_is_installed_and_discovered():
    registry = JurisdictionRegistry.discover()
    assert "{code}" in registry.codes()
    assert registry.get("{code}").distribution == "{package}"


def test_the_city_conforms():
    problems = conformance_problems(JurisdictionRegistry.discover(), "{code}")
    assert not problems, "\\n".join(str(p) for p in problems)
'''
