"""The arrows between the parts of the code base: api -> core <- plugins, and inside core,
lifecycle -> platform -> engine, with the engine importing nothing of the rest of core."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIFECYCLE = ("cycles", "applications", "review", "notices", "awards")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def files(*parts: str) -> list[Path]:
    return sorted(ROOT.joinpath(*parts).rglob("*.py"))


def offenders(paths: list[Path], forbidden) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {module}" for path in paths for module in sorted(imported_modules(path))
            if forbidden(module)]


def test_the_engine_imports_nothing_of_the_rest_of_core_nor_a_database_nor_flask():
    def forbidden(module: str) -> bool:
        if module == "core" or module.startswith("core."):
            return not (module.startswith("core.engine") or module.startswith("core.sdk"))
        return module.split(".")[0] in {"sqlalchemy", "flask", "flask_smorest", "api", "plugins", "rq", "redis"}
    assert files("core", "engine")
    assert offenders(files("core", "engine"), forbidden) == []


def test_the_platform_knows_no_stage_of_the_award():
    def forbidden(module: str) -> bool:
        return any(module == f"core.{stage}" or module.startswith(f"core.{stage}.") for stage in LIFECYCLE) \
            or module in {"core.tables", "core.testing"} or module.split(".")[0] in {"api", "plugins"}
    assert offenders(files("core", "platform"), forbidden) == []


def test_core_imports_neither_the_api_nor_a_city():
    assert offenders(files("core"), lambda module: module.split(".")[0] in {"api", "plugins"}) == []


@pytest.mark.parametrize("package", ["engine", "platform", "cycles", "applications"])
def test_every_package_of_core_says_what_it_holds(package):
    init = ROOT / "core" / package / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"core/{package}/__init__.py has no docstring"


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    module = ROOT / "core" / "engine" / "_layout_probe.py"
    module.write_text("from core.platform.db import Base\n", encoding="utf-8")
    try:
        found = offenders([module], lambda name: name.startswith("core.platform"))
    finally:
        module.unlink()
    assert found == ["core/engine/_layout_probe.py imports core.platform.db",
                     "core/engine/_layout_probe.py imports core.platform.db.Base"]
